"""The functions of the rule language, behind one registry.

Each entry of ``FUNCTIONS`` is a :class:`Function`: its name, how many
arguments it takes, a one-line summary, and how it is evaluated. The parser
checks names and argument counts against it, the evaluator calls ``evaluate``,
and docs/fact-file.md has a row for each (tests/test_functions.py checks both).
A new function is one entry here and one row there.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ..core._record import Record
from ..core.display import PLAIN, combine, exponent_of, format_amount, format_integer, format_interval, format_number
from ..core.interval import Interval
from ..core.units import DIMENSIONLESS, WILDCARD
from . import expr
from .values import (
    FAIL,
    PASS,
    UNTESTABLE,
    CodeValue,
    ListValue,
    Quantity,
    RuleError,
    Truth,
    Value,
    exact,
    in_numbers,
    kind_of,
)

if TYPE_CHECKING:
    from .evaluate import Evaluator

NAMED_AT_MOST = 50  # items of a list written out in a step or a message
Evaluate = Callable[["Evaluator", tuple[expr.Node, ...]], Value]


class Function(Record):
    """One function of the rule language."""

    __slots__ = ("name", "arity", "summary", "evaluate")

    def __init__(self, name: str, arity: tuple[int, int | None], summary: str, evaluate: Evaluate) -> None:
        self.name = name
        self.arity = arity  # (fewest arguments, most or None for any number)
        self.summary = summary
        self.evaluate = evaluate

    def accepts(self, count: int) -> bool:
        low, high = self.arity
        return count >= low and (high is None or count <= high)

    def wanted(self) -> str:
        """The argument count it takes, in words: 2, at least 1, 1 to 3."""
        low, high = self.arity
        return str(low) if low == high else f"at least {low}" if high is None else f"{low} to {high}"


def _sum(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    parts: list[Quantity] = []
    for arg in args:
        value = ev.eval(arg)
        if isinstance(value, CodeValue):
            parts.extend(exact(term) for term in value.terms)
        elif isinstance(value, Quantity):
            parts.append(value)
        else:
            raise RuleError(f"sum() adds numbers and codes, not a {kind_of(value)}")
    total = parts[0]
    for part in parts[1:]:
        if not total.unit.compatible(part.unit):
            raise RuleError(f"cannot add {part.unit.describe()} to {total.unit.describe()} in sum()")
        total = Quantity(
            total.interval + part.interval,
            total.nominal + part.nominal,
            total.unit.meet(part.unit),
            f"{total.text} + {part.text}",
            True,
            scale=combine(total.scale, part.scale, "+"),
        )
    if ev.steps is not None:
        ev.steps.append(f"{total.text} = {in_numbers(parts, '+')}{total.shown()}")
    return total


def _count(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    value = ev.eval(args[0])
    if isinstance(value, ListValue):
        n = len(value.items)
        if ev.steps is not None:
            ev.steps.append(f"{value.fact} names {n}: {named(value.items)}")
        return Quantity(Interval.point(n), Interval.point(n), WILDCARD, f"{n} named")
    if isinstance(value, CodeValue):
        n = len(value.terms)
        return Quantity(Interval.point(n), Interval.point(n), WILDCARD, f"{n} terms of {value.written}")
    raise RuleError(f"count() needs a list fact or a code, not a {kind_of(value)}")


def _term(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    code = ev.eval(args[0])
    if not isinstance(code, CodeValue):
        raise RuleError(f"term() needs a code such as 1+14+26+242, not a {kind_of(code)}")
    position = ev.number(args[1], "term()'s position")
    index = position.interval.lo
    if not position.interval.is_point or not isinstance(index, Fraction) or index.denominator != 1:
        raise RuleError("term()'s position must be a whole number")
    if not 1 <= index <= len(code.terms):
        raise RuleError(f"{code.written} has {len(code.terms)} terms; there is no term {index}")
    term = code.terms[int(index) - 1]
    return Quantity(Interval.point(term), Interval.point(term), WILDCARD, f"{term} (term {index} of {code.written})")


def _whole(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    value = ev.number(args[0], "whole()'s argument")
    interval = value.interval
    shown = f"{value.text} = {value.shown()}"
    width = interval.width
    bounds = format_interval(interval, value.unit)
    if width is None:
        if ev.steps is not None:
            ev.steps.append(f"whole({bounds}): unbounded, so not testable")
        return Truth(UNTESTABLE, True, f"{shown}: not testable, the interval is unbounded")
    wholes = interval.whole_numbers()
    if width > 1:
        assert wholes is not None
        if ev.steps is not None:
            ev.steps.append(
                f"{bounds} → whole numbers {format_integer(wholes[0])}..{format_integer(wholes[1])} fit; "
                "an interval wider than 1 always holds one, so not testable"
            )
        return Truth(
            UNTESTABLE,
            True,
            f"{shown}: whole numbers {format_integer(wholes[0])}..{format_integer(wholes[1])} fit; "
            "not testable, the interval is wider than 1",
        )
    nominal_whole = value.nominal.whole_numbers() is not None
    if wholes is None:
        nearest = round(Fraction(interval.lo))  # type: ignore[arg-type]
        gap = min(abs(nearest - interval.lo), abs(nearest - interval.hi))  # type: ignore[operator]
        shown_nearest = format_integer(nearest)
        if ev.steps is not None:
            ev.steps.append(
                f"{bounds} → no whole number fits; the nearest, {shown_nearest}, is {format_number(gap)} away"
            )
        return Truth(
            FAIL,
            False,
            f"{shown}: no whole number fits; the nearest, {shown_nearest}, is {format_number(gap)} away",
        )
    first, last = format_integer(wholes[0]), format_integer(wholes[1])
    fitting = first if wholes[0] == wholes[1] else f"{first}..{last}"
    if ev.steps is not None:
        ev.steps.append(f"{bounds} → whole number {fitting} fits")
    return Truth(PASS, nominal_whole, f"{shown}: whole number {fitting} fits")


def _between(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    value = ev.number(args[0], "between()'s value")
    low = ev.number(args[1], "between()'s lower bound")
    high = ev.number(args[2], "between()'s upper bound")
    for bound in (low, high):
        if not value.unit.compatible(bound.unit):
            raise RuleError(f"between() compares {value.unit.describe()} with {bound.unit.describe()}")
    allowed = Interval(low.interval.lo, high.interval.hi, low.interval.lo_closed, high.interval.hi_closed)
    nominal_allowed = Interval(low.nominal.lo, high.nominal.hi, low.nominal.lo_closed, high.nominal.hi_closed)
    shown = f"{value.text} = {value.shown()}"
    scale = value.scale if value.scale != PLAIN else combine(low.scale, high.scale, "+")
    range_text = format_interval(Interval(low.interval.lo, high.interval.hi), DIMENSIONLESS, scale)
    if value.interval.intersects(allowed):
        return Truth(PASS, value.nominal.intersects(nominal_allowed), f"{shown}, within {range_text}")
    gap = value.interval.distance(allowed)
    return Truth(FAIL, False, f"{shown}, outside {range_text} by {format_amount(gap, DIMENSIONLESS, scale)}")


def _increasing(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    if len(args) == 1:
        code = ev.eval(args[0])
        if not isinstance(code, CodeValue):
            raise RuleError("increasing() with one argument needs a code such as 1+5+14")
        values = [exact(term) for term in code.terms]
    else:
        values = [ev.number(arg, "increasing()'s value") for arg in args]
        for other in values[1:]:
            if not values[0].unit.compatible(other.unit):
                raise RuleError(f"increasing() mixes {values[0].unit.describe()} and {other.unit.describe()}")
    shown = " < ".join(v.text for v in values)
    for before, after in itertools.pairwise(values):
        if not before.interval.can_be_less(after.interval, or_equal=False):
            return Truth(FAIL, False, f"{shown}: {before.text} is not below {after.text}")
    nominal = all(b.nominal.can_be_less(a.nominal, or_equal=False) for b, a in itertools.pairwise(values))
    return Truth(PASS, nominal, shown)


def _digits(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    code = ev.eval(args[0])
    if isinstance(code, Quantity) and not code.compound and code.text[:1].isdigit():
        digits = "".join(ch for ch in code.text if ch.isdigit())
        written = code.text
    elif isinstance(code, CodeValue):
        digits, written = code.digits, code.written
    else:
        raise RuleError("digits() needs a fact written as digits, such as 43328, first")
    parts = [ev.number(arg, "digits()'s part") for arg in args[1:]]
    if len(parts) != len(digits):
        raise RuleError(f"{written} has {len(digits)} digits but digits() got {len(parts)} parts")
    pairs = ", ".join(f"{d}←{p.text}" for d, p in zip(digits, parts, strict=True))
    # A digit code abbreviates the figures as printed, so a written figure is
    # read at face value (">30万" leads with 3); a computed one by its interval.
    for position, (digit, part, arg) in enumerate(zip(digits, parts, args[1:], strict=True), 1):
        face = Interval.point(part.face) if part.face is not None else part.interval
        leading = leading_digits(face)
        face_value = format_amount(part.face, DIMENSIONLESS, part.scale) if part.face is not None else ""
        read = f"at face value {face_value}" if part.face is not None else "by its interval"
        named = f" ({arg.id})" if isinstance(arg, expr.FactRef) else ""
        leads = "/".join(str(d) for d in sorted(leading)) or "nothing"
        if ev.steps is not None:
            ev.steps.append(
                f"digit {position}: {digit} ← {part.text}{named}, read {read}: leads with {leads} "
                + ("✓" if int(digit) in leading else "✗")
            )
        if int(digit) not in leading:
            can = "/".join(str(d) for d in sorted(leading)) or "nothing"
            return Truth(FAIL, False, f"{written}: {pairs}; {part.text} cannot lead with {digit} (it leads with {can})")
    return Truth(PASS, True, f"{written}: {pairs}")


def _same_set(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    first, second = ev.items(args[0], "same_set"), ev.items(args[1], "same_set")
    in_first, in_second = set(first.items), set(second.items)  # hashing: two lists of 10,000 in milliseconds
    only_first = [i for i in dict.fromkeys(first.items) if i not in in_second]
    only_second = [i for i in dict.fromkeys(second.items) if i not in in_first]
    if not only_first and not only_second:
        return Truth(PASS, True, f"{first.fact} and {second.fact} name the same {len(in_first)} items")
    differences = []
    if only_first:
        differences.append(f"only in {first.fact}: {named(only_first)}")
    if only_second:
        differences.append(f"only in {second.fact}: {named(only_second)}")
    return Truth(FAIL, False, "; ".join(differences))


def _subset(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    part, whole = ev.items(args[0], "subset"), ev.items(args[1], "subset")
    in_whole = set(whole.items)
    missing = [i for i in dict.fromkeys(part.items) if i not in in_whole]
    if missing:
        return Truth(FAIL, False, f"not in {whole.fact}: {named(missing)}")
    return Truth(PASS, True, f"all {len(part.items)} items of {part.fact} are in {whole.fact}")


def _distinct(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    lists = [ev.items(arg, "distinct") for arg in args]
    counts = Counter(item for value in lists for item in value.items)
    repeated = [f"{item} ×{n}" for item, n in counts.items() if n > 1]
    names = ", ".join(value.fact for value in lists)
    if repeated:
        return Truth(FAIL, False, f"named more than once in {names}: {named(repeated, '; ')}")
    return Truth(PASS, True, f"{sum(counts.values())} distinct items in {names}")


def _respectively(ev: Evaluator, args: tuple[expr.Node, ...]) -> Value:
    """分别: the list names one item for each value stated after it (稻谷、小麦、玉米…分别为a、b、c)."""
    names = ev.items(args[0], "respectively")
    written: list[str] = []
    for arg in args[1:]:
        value = ev.eval(arg)
        if isinstance(value, Quantity):
            written.append(value.text)
        elif isinstance(value, CodeValue):
            written.append(value.written)
        else:
            raise RuleError(f"respectively() pairs a list's names with numbers, not with a {kind_of(value)}")
    shown = ", ".join(written)
    n, m = len(names.items), len(written)
    if ev.steps is not None:
        ev.steps.append(f"{names.fact} names {n}: {named(names.items)}; {m} values: {shown}")
    if n != m:
        return Truth(FAIL, False, f"{names.fact} names {n} ({named(names.items)}) but {m} values are given ({shown})")
    return Truth(PASS, True, f"{names.fact} names {n}, one for each of the {m} values ({shown})")


def named(items: Sequence[str], separator: str = "、") -> str:
    """Items of a list as text, the first ``NAMED_AT_MOST`` only: a step or message of a
    20,000-item list would otherwise copy the whole list each time (600 rules x 20 count()s: 2.3 GB)."""
    if len(items) <= NAMED_AT_MOST:
        return separator.join(items)
    return f"{separator.join(items[:NAMED_AT_MOST])}… ({len(items):,} in all)"


def leading_digits(interval: Interval) -> set[int]:
    """The leading significant digits that values in a positive interval can have."""
    if not interval.is_bounded:
        return set(range(1, 10))
    lo, hi = Fraction(interval.lo), Fraction(interval.hi)  # type: ignore[arg-type]
    if lo <= 0:
        lo = min(Fraction(1, 10**60), hi) if hi > 0 else Fraction(0)
        if hi <= 0:
            return set()
    found: set[int] = set()
    exponent = exponent_of(lo)
    while Fraction(10) ** exponent <= hi and len(found) < 9:
        scale = Fraction(10) ** exponent
        for digit in range(1, 10):
            band = Interval(digit * scale, (digit + 1) * scale, True, False)
            if band.intersects(interval):
                found.add(digit)
        exponent += 1
    return found


FUNCTIONS: dict[str, Function] = {
    function.name: function
    for function in (
        Function("sum", (1, None), "the interval sum; a code contributes its terms", _sum),
        Function("count", (1, 1), "the items of a list fact, or the terms of a code", _count),
        Function("term", (2, 2), "the i-th term of a code (1-based)", _term),
        Function("whole", (1, 1), "the interval holds a whole number (GRIM); wider than 1 is not testable", _whole),
        Function("between", (3, 3), "the value can lie between the bounds", _between),
        Function("increasing", (1, None), "each value can be smaller than the next", _increasing),
        Function("digits", (2, None), "a code's digits lead the figures given, as printed", _digits),
        Function("same_set", (2, 2), "two list facts name the same items", _same_set),
        Function("subset", (2, 2), "every item of the first list is in the second", _subset),
        Function("distinct", (1, None), "no item is named twice, within and across the lists", _distinct),
        Function("respectively", (3, None), "a list names one item for each value after it (分别)", _respectively),
    )
}
