"""Evaluate a parsed rule over a fact book with interval arithmetic and units.

Every value is computed twice: over the stated intervals (which decides the
verdict) and at face value (which tells whether a pass needed rounding slack).
Every step leaves a line of explanation in numbers.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from fractions import Fraction

from ..core._record import Record
from ..core.interval import POS_INF, Interval
from ..core.model import Fact
from ..core.numbers import Code, Figure
from ..core.units import DIMENSIONLESS, WILDCARD, Unit
from . import expr

PASS, FAIL, UNTESTABLE = "pass", "fail", "untestable"


class RuleError(Exception):
    """The rule itself is broken: a unit mismatch, a list used as a number..."""


class MissingValue(Exception):
    """A fact the rule needs has no value: the rule is skipped."""


class Quantity(Record):
    __slots__ = ("interval", "nominal", "unit", "text", "compound", "face")

    def __init__(
        self,
        interval: Interval,
        nominal: Interval,
        unit: Unit,
        text: str,
        compound: bool = False,
        face: Fraction | None = None,
    ) -> None:
        self.interval = interval
        self.nominal = nominal  # the same computation at face value
        self.unit = unit
        self.text = text  # how the value was written or computed, for explanations
        self.compound = compound  # text is an expression, not a single figure
        self.face = face  # the written figure at face value (facts and literals only)


class ListValue(Record):
    __slots__ = ("fact", "items")

    def __init__(self, fact: str, items: tuple[str, ...]) -> None:
        self.fact = fact
        self.items = items


class CodeValue(Record):
    __slots__ = ("written", "terms", "digits")

    def __init__(self, written: str, terms: tuple[int, ...], digits: str) -> None:
        self.written = written
        self.terms = terms
        self.digits = digits  # the decimal digits as written, for digits()


class Truth(Record):
    __slots__ = ("verdict", "nominal", "text")

    def __init__(self, verdict: str, nominal: bool, text: str) -> None:
        self.verdict = verdict  # pass | fail | untestable
        self.nominal = nominal  # does it also hold at face value?
        self.text = text


Value = Quantity | ListValue | CodeValue | Truth


class Evaluation(Record):
    __slots__ = ("verdict", "message", "slack", "steps")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self, verdict: str, message: str, slack: bool = False, steps: list[str] | None = None) -> None:
        self.verdict = verdict
        self.message = message
        self.slack = slack
        self.steps = [] if steps is None else steps


def evaluate(tree: expr.Node, facts: dict[str, Fact]) -> Evaluation:
    """Decide a rule. Raises RuleError (rule broken) or MissingValue (skip)."""
    steps: list[str] = []
    value = _Evaluator(facts, steps).eval(tree)
    if not isinstance(value, Truth):
        raise RuleError("a check must be a comparison or a test such as whole(); this is a " + _kind(value))
    slack = value.verdict == PASS and not value.nominal
    message = value.text + ("  (holds only within rounding)" if slack else "")
    return Evaluation(value.verdict, message, slack, steps)


# Formatting ------------------------------------------------------------------


def format_number(value: Fraction | str, extra_places: int = 0) -> str:
    """Exact when short, otherwise rounded for display only."""
    if isinstance(value, str):
        return "∞" if value == POS_INF else "-∞"
    if value.denominator == 1:
        return format_integer(value.numerator)
    magnitude = abs(value)
    places = (1 if magnitude >= 100 else 2 if magnitude >= 1 else 4) + extra_places
    scaled = round(magnitude * 10**places)  # display only: the verdict used the exact value
    whole, fraction = divmod(scaled, 10**places)
    whole_text = format_integer(whole)
    if whole_text.startswith("≈"):  # too long to write out: its decimals say nothing
        return ("-" if value < 0 else "") + whole_text
    digits = f"{whole_text}.{fraction:0{places}d}".rstrip("0").rstrip(".")
    return ("-" if value < 0 else "") + digits


def format_integer(n: int) -> str:
    """All the digits; past Python's limit on converting an integer to text (a
    product of hundreds of long figures gets there), the leading digits and the
    power of ten, for display only."""
    try:
        return str(n)
    except ValueError:
        exponent = _exponent(Fraction(abs(n)))
        leading = abs(n) // 10 ** (exponent - 3)
        return f"{'-' if n < 0 else ''}≈{leading // 1000}.{leading % 1000:03d}×10^{exponent}"


def format_interval(interval: Interval, unit: Unit = DIMENSIONLESS) -> str:
    suffix = str(unit)
    if interval.is_point:
        return format_number(interval.lo) + suffix
    left = "[" if interval.lo_closed else "("
    right = "]" if interval.hi_closed else ")"
    # Show as many places as it takes for a narrow interval's ends to differ.
    for extra in range(0, 12, 2):
        low, high = format_number(interval.lo, extra), format_number(interval.hi, extra)
        if low != high:
            break
    return f"{left}{low}, {high}{right}{suffix}"


def _kind(value: Value) -> str:
    if isinstance(value, ListValue):
        return f"list ({value.fact})"
    if isinstance(value, CodeValue):
        return f"code ({value.written})"
    if isinstance(value, Truth):
        return "test"
    return "number"


# The evaluator -----------------------------------------------------------------

_SYMBOL = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_NEGATED = {"==": "≠", "!=": "=", "<": "≮", "<=": "≰", ">": "≯", ">=": "≱"}


class _Evaluator:
    def __init__(self, facts: dict[str, Fact], steps: list[str]) -> None:
        self.facts = facts
        self.steps = steps

    def eval(self, node: expr.Node) -> Value:
        method: Callable[[expr.Node], Value] = getattr(self, "_" + type(node).__name__.lower())
        return method(node)

    # Leaves

    def _number(self, node: expr.Number) -> Value:
        interval = node.figure.interval
        return Quantity(interval, interval, WILDCARD, node.figure.written, face=node.figure.nominal)

    def _factref(self, node: expr.FactRef) -> Value:
        fact = self.facts.get(node.id)
        if fact is None:
            raise RuleError(f"unknown fact {node.id!r}")
        if fact.items is not None:
            return ListValue(fact.id, fact.items)
        if fact.value is None:
            raise MissingValue(f"{fact.id} has no value")
        if isinstance(fact.value, Code):
            return CodeValue(
                fact.value.written, fact.value.terms, "".join(ch for ch in fact.value.written if ch.isdigit())
            )
        figure: Figure = fact.value
        nominal = Interval.point(figure.nominal) if figure.rounded else figure.interval
        unit = Unit.parse(fact.unit)
        shown = figure.written + ("" if figure.percent else str(unit))
        if figure.interval != Interval.point(figure.nominal):
            self.steps.append(f"{fact.id} = {shown} means {format_interval(figure.interval, unit)}")
        return Quantity(figure.interval, nominal, unit, shown, face=figure.nominal)

    # Numbers

    def number(self, node: expr.Node, role: str) -> Quantity:
        value = self.eval(node)
        if not isinstance(value, Quantity):
            hint = "; use term(), sum() or count()" if isinstance(value, CodeValue) else ""
            raise RuleError(f"{role} must be a number, not a {_kind(value)}{hint}")
        return value

    def _negate(self, node: expr.Negate) -> Value:
        value = self.number(node.operand, "the operand of '-'")
        return Quantity(-value.interval, -value.nominal, value.unit, f"-{_wrap(value)}", True)

    def _arithmetic(self, node: expr.Arithmetic) -> Value:
        left = self.number(node.left, f"the left side of '{node.op}'")
        right = self.number(node.right, f"the right side of '{node.op}'")
        if node.op in "+-":
            if not left.unit.compatible(right.unit):
                raise RuleError(
                    f"cannot {'add' if node.op == '+' else 'subtract'} {right.unit.describe()} "
                    f"{'to' if node.op == '+' else 'from'} {left.unit.describe()}: "
                    f"{left.text} {node.op} {right.text}"
                )
            unit = left.unit.meet(right.unit)
            if node.op == "+":
                interval, nominal = left.interval + right.interval, left.nominal + right.nominal
            else:
                interval, nominal = left.interval - right.interval, left.nominal - right.nominal
        else:
            unit = left.unit * right.unit if node.op == "*" else left.unit / right.unit
            if node.op == "*":
                interval, nominal = left.interval * right.interval, left.nominal * right.nominal
            else:
                try:
                    interval = left.interval / right.interval
                except ZeroDivisionError:
                    raise RuleError(f"division by {right.text}, which can be 0") from None
                try:
                    nominal = left.nominal / right.nominal
                except ZeroDivisionError:
                    nominal = interval
        text = f"{_wrap(left, node.op)} {node.op} {_wrap(right, node.op, right_side=True)}"
        self.steps.append(f"{text} = {_in_numbers([left, right], node.op)}{format_interval(interval, unit)}")
        return Quantity(interval, nominal, unit, text, True)

    # Comparisons and logic

    def _comparison(self, node: expr.Comparison) -> Value:
        values = [self.number(operand, "a compared value") for operand in node.operands]
        unit = values[0].unit
        for other in values[1:]:
            if not unit.compatible(other.unit):
                raise RuleError(
                    f"cannot compare {unit.describe()} with {other.unit.describe()}: {values[0].text} vs {other.text}"
                )
            unit = unit.meet(other.unit)
        truths = [_compare(left, op, right) for left, op, right in zip(values, node.ops, values[1:], strict=False)]
        for left, op, right, truth in zip(values, node.ops, values[1:], truths, strict=False):
            if not (left.interval.is_point and right.interval.is_point):
                holds = "some values satisfy it" if truth.verdict == PASS else "no values satisfy it"
                self.steps.append(f"{_interval_text(left)} {_SYMBOL[op]} {_interval_text(right)}: {holds}")
        failing = next((t for t in truths if t.verdict == FAIL), None)
        if failing is not None and len(truths) > 1:
            return Truth(FAIL, False, _chain_text(values, node.ops) + ": " + failing.text)
        if failing is not None:
            return failing
        return Truth(PASS, all(t.nominal for t in truths), _chain_text(values, node.ops))

    def _logic(self, node: expr.Logic) -> Value:
        truths = [self.truth(operand) for operand in node.operands]
        verdicts = [t.verdict for t in truths]
        joiner = f" {node.op} "
        if node.op == "and":
            verdict = FAIL if FAIL in verdicts else UNTESTABLE if UNTESTABLE in verdicts else PASS
            nominal = all(t.nominal for t in truths)
            shown = [t for t in truths if t.verdict == verdict] if verdict != PASS else truths
        else:
            verdict = PASS if PASS in verdicts else UNTESTABLE if UNTESTABLE in verdicts else FAIL
            nominal = any(t.nominal for t in truths)
            shown = [t for t in truths if t.verdict == verdict] if verdict == PASS else truths
        return Truth(verdict, nominal, joiner.join(f"({t.text})" if len(shown) > 1 else t.text for t in shown))

    def _not(self, node: expr.Not) -> Value:
        inner = self.truth(node.operand)
        if inner.verdict == UNTESTABLE:
            return inner
        # Over intervals, not() simply inverts the verdict of what it wraps.
        verdict = PASS if inner.verdict == FAIL else FAIL
        return Truth(verdict, not inner.nominal, f"not ({inner.text})")

    def truth(self, node: expr.Node) -> Truth:
        value = self.eval(node)
        if not isinstance(value, Truth):
            raise RuleError(f"expected a comparison or test, found a {_kind(value)}")
        return value

    # Functions

    def _call(self, node: expr.Call) -> Value:
        handler: Callable[[tuple[expr.Node, ...]], Value] = getattr(self, "fn_" + node.name)
        return handler(node.args)

    def items(self, node: expr.Node, function: str) -> ListValue:
        value = self.eval(node)
        if not isinstance(value, ListValue):
            raise RuleError(f"{function}() needs list facts, not a {_kind(value)}")
        return value

    def fn_sum(self, args: tuple[expr.Node, ...]) -> Value:
        parts: list[Quantity] = []
        for arg in args:
            value = self.eval(arg)
            if isinstance(value, CodeValue):
                parts.extend(_exact(term) for term in value.terms)
            elif isinstance(value, Quantity):
                parts.append(value)
            else:
                raise RuleError(f"sum() adds numbers and codes, not a {_kind(value)}")
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
            )
        self.steps.append(f"{total.text} = {_in_numbers(parts, '+')}{format_interval(total.interval, total.unit)}")
        return total

    def fn_count(self, args: tuple[expr.Node, ...]) -> Value:
        value = self.eval(args[0])
        if isinstance(value, ListValue):
            n = len(value.items)
            self.steps.append(f"{value.fact} names {n}: {'、'.join(value.items)}")
            return Quantity(Interval.point(n), Interval.point(n), WILDCARD, f"{n} named")
        if isinstance(value, CodeValue):
            n = len(value.terms)
            return Quantity(Interval.point(n), Interval.point(n), WILDCARD, f"{n} terms of {value.written}")
        raise RuleError(f"count() needs a list fact or a code, not a {_kind(value)}")

    def fn_term(self, args: tuple[expr.Node, ...]) -> Value:
        code = self.eval(args[0])
        if not isinstance(code, CodeValue):
            raise RuleError(f"term() needs a code such as 1+14+26+242, not a {_kind(code)}")
        position = self.number(args[1], "term()'s position")
        index = position.interval.lo
        if not position.interval.is_point or not isinstance(index, Fraction) or index.denominator != 1:
            raise RuleError("term()'s position must be a whole number")
        if not 1 <= index <= len(code.terms):
            raise RuleError(f"{code.written} has {len(code.terms)} terms; there is no term {index}")
        term = code.terms[int(index) - 1]
        return Quantity(
            Interval.point(term), Interval.point(term), WILDCARD, f"{term} (term {index} of {code.written})"
        )

    def fn_whole(self, args: tuple[expr.Node, ...]) -> Value:
        value = self.number(args[0], "whole()'s argument")
        interval = value.interval
        shown = f"{value.text} = {format_interval(interval, value.unit)}"
        width = interval.width
        bounds = format_interval(interval, value.unit)
        if width is None:
            self.steps.append(f"whole({bounds}): unbounded, so not testable")
            return Truth(UNTESTABLE, True, f"{shown}: not testable, the interval is unbounded")
        wholes = interval.whole_numbers()
        if width > 1:
            assert wholes is not None
            self.steps.append(
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
            self.steps.append(
                f"{bounds} → no whole number fits; the nearest, {shown_nearest}, is {format_number(gap)} away"
            )
            return Truth(
                FAIL,
                False,
                f"{shown}: no whole number fits; the nearest, {shown_nearest}, is {format_number(gap)} away",
            )
        first, last = format_integer(wholes[0]), format_integer(wholes[1])
        fitting = first if wholes[0] == wholes[1] else f"{first}..{last}"
        self.steps.append(f"{bounds} → whole number {fitting} fits")
        return Truth(PASS, nominal_whole, f"{shown}: whole number {fitting} fits")

    def fn_between(self, args: tuple[expr.Node, ...]) -> Value:
        value = self.number(args[0], "between()'s value")
        low = self.number(args[1], "between()'s lower bound")
        high = self.number(args[2], "between()'s upper bound")
        for bound in (low, high):
            if not value.unit.compatible(bound.unit):
                raise RuleError(f"between() compares {value.unit.describe()} with {bound.unit.describe()}")
        allowed = Interval(low.interval.lo, high.interval.hi, low.interval.lo_closed, high.interval.hi_closed)
        nominal_allowed = Interval(low.nominal.lo, high.nominal.hi, low.nominal.lo_closed, high.nominal.hi_closed)
        shown = f"{value.text} = {format_interval(value.interval, value.unit)}"
        range_text = f"[{format_number(low.interval.lo)}, {format_number(high.interval.hi)}]"
        if value.interval.intersects(allowed):
            return Truth(PASS, value.nominal.intersects(nominal_allowed), f"{shown}, within {range_text}")
        gap = value.interval.distance(allowed)
        return Truth(FAIL, False, f"{shown}, outside {range_text} by {format_number(gap)}")

    def fn_increasing(self, args: tuple[expr.Node, ...]) -> Value:
        if len(args) == 1:
            code = self.eval(args[0])
            if not isinstance(code, CodeValue):
                raise RuleError("increasing() with one argument needs a code such as 1+5+14")
            values = [_exact(term) for term in code.terms]
        else:
            values = [self.number(arg, "increasing()'s value") for arg in args]
            for other in values[1:]:
                if not values[0].unit.compatible(other.unit):
                    raise RuleError(f"increasing() mixes {values[0].unit.describe()} and {other.unit.describe()}")
        shown = " < ".join(v.text for v in values)
        for before, after in itertools.pairwise(values):
            if not before.interval.can_be_less(after.interval, or_equal=False):
                return Truth(FAIL, False, f"{shown}: {before.text} is not below {after.text}")
        nominal = all(b.nominal.can_be_less(a.nominal, or_equal=False) for b, a in itertools.pairwise(values))
        return Truth(PASS, nominal, shown)

    def fn_digits(self, args: tuple[expr.Node, ...]) -> Value:
        code = self.eval(args[0])
        if isinstance(code, Quantity) and not code.compound and code.text[:1].isdigit():
            digits = "".join(ch for ch in code.text if ch.isdigit())
            written = code.text
        elif isinstance(code, CodeValue):
            digits, written = code.digits, code.written
        else:
            raise RuleError("digits() needs a fact written as digits, such as 43328, first")
        parts = [self.number(arg, "digits()'s part") for arg in args[1:]]
        if len(parts) != len(digits):
            raise RuleError(f"{written} has {len(digits)} digits but digits() got {len(parts)} parts")
        pairs = ", ".join(f"{d}←{p.text}" for d, p in zip(digits, parts, strict=True))
        # A digit code abbreviates the figures as printed, so a written figure is
        # read at face value (">30万" leads with 3); a computed one by its interval.
        for position, (digit, part, arg) in enumerate(zip(digits, parts, args[1:], strict=True), 1):
            face = Interval.point(part.face) if part.face is not None else part.interval
            leading = _leading_digits(face)
            read = f"at face value {format_number(part.face)}" if part.face is not None else "by its interval"
            named = f" ({arg.id})" if isinstance(arg, expr.FactRef) else ""
            leads = "/".join(str(d) for d in sorted(leading)) or "nothing"
            self.steps.append(
                f"digit {position}: {digit} ← {part.text}{named}, read {read}: leads with {leads} "
                + ("✓" if int(digit) in leading else "✗")
            )
            if int(digit) not in leading:
                can = "/".join(str(d) for d in sorted(leading)) or "nothing"
                return Truth(
                    FAIL, False, f"{written}: {pairs}; {part.text} cannot lead with {digit} (it leads with {can})"
                )
        return Truth(PASS, True, f"{written}: {pairs}")

    def fn_same_set(self, args: tuple[expr.Node, ...]) -> Value:
        first, second = self.items(args[0], "same_set"), self.items(args[1], "same_set")
        only_first = [i for i in dict.fromkeys(first.items) if i not in second.items]
        only_second = [i for i in dict.fromkeys(second.items) if i not in first.items]
        if not only_first and not only_second:
            return Truth(PASS, True, f"{first.fact} and {second.fact} name the same {len(set(first.items))} items")
        differences = []
        if only_first:
            differences.append(f"only in {first.fact}: {'、'.join(only_first)}")
        if only_second:
            differences.append(f"only in {second.fact}: {'、'.join(only_second)}")
        return Truth(FAIL, False, "; ".join(differences))

    def fn_subset(self, args: tuple[expr.Node, ...]) -> Value:
        part, whole = self.items(args[0], "subset"), self.items(args[1], "subset")
        missing = [i for i in dict.fromkeys(part.items) if i not in whole.items]
        if missing:
            return Truth(FAIL, False, f"not in {whole.fact}: {'、'.join(missing)}")
        return Truth(PASS, True, f"all {len(part.items)} items of {part.fact} are in {whole.fact}")

    def fn_distinct(self, args: tuple[expr.Node, ...]) -> Value:
        lists = [self.items(arg, "distinct") for arg in args]
        counts = Counter(item for value in lists for item in value.items)
        repeated = [f"{item} ×{n}" for item, n in counts.items() if n > 1]
        names = ", ".join(value.fact for value in lists)
        if repeated:
            return Truth(FAIL, False, f"named more than once in {names}: {'; '.join(repeated)}")
        return Truth(PASS, True, f"{sum(counts.values())} distinct items in {names}")


def _interval_text(value: Quantity) -> str:
    """A value as the numbers it stands for, without its unit."""
    return format_interval(value.interval)


def _in_numbers(operands: list[Quantity], op: str) -> str:
    """'35526 / [0.9565, 0.9575] = ' when the operands read differently as numbers, else ''."""
    numbers = f" {op} ".join(_interval_text(operand) for operand in operands)
    written = f" {op} ".join(operand.text for operand in operands)
    return "" if numbers == written else f"{numbers} = "


def _exact(n: int) -> Quantity:
    return Quantity(Interval.point(n), Interval.point(n), WILDCARD, str(n))


def _wrap(value: Quantity, op: str = "", right_side: bool = False) -> str:
    """Parenthesise a compound operand where precedence needs it."""
    if not value.compound or op in ("", "+") or (op == "-" and not right_side):
        return value.text
    return f"({value.text})"


def _chain_text(values: list[Quantity], ops: tuple[str, ...]) -> str:
    parts = [_side(values[0])]
    for op, value in zip(ops, values[1:], strict=False):
        parts.append(f"{_SYMBOL[op]} {_side(value)}")
    return " ".join(parts)


def _side(value: Quantity) -> str:
    if value.compound and not (value.interval.is_point and value.text.endswith(format_number(value.interval.lo))):
        return f"{value.text} = {format_interval(value.interval, value.unit)}"
    return value.text


def _compare(left: Quantity, op: str, right: Quantity) -> Truth:
    holds = _relation(left.interval, op, right.interval)
    nominal = _relation(left.nominal, op, right.nominal)
    if holds:
        return Truth(PASS, nominal, f"{_side(left)} {_SYMBOL[op]} {_side(right)}")
    text = f"{_side(left)} {_NEGATED[op]} {_side(right)}"
    gap = left.interval.distance(right.interval)
    if op == "!=":
        return Truth(FAIL, False, f"{text}: both are exactly {format_interval(left.interval, left.unit)}")
    unit = left.unit.meet(right.unit)
    target = _nearest_satisfying(left.interval, op, right.interval)
    return Truth(
        FAIL,
        False,
        f"{text}: apart by {format_number(gap)}{unit}; the left side would need {target}",
    )


def _relation(left: Interval, op: str, right: Interval) -> bool:
    if op == "==":
        return left.intersects(right)
    if op == "!=":
        return not (left.is_point and right.is_point and left.lo == right.lo)
    if op in ("<", "<="):
        return left.can_be_less(right, or_equal=op == "<=")
    return right.can_be_less(left, or_equal=op == ">=")


def _nearest_satisfying(left: Interval, op: str, right: Interval) -> str:
    if op == "==":
        end = right.hi if left.distance(right) and not _below(left, right) else right.lo
        return format_number(end)
    if op in ("<", "<="):
        return ("below " if op == "<" else "at most ") + format_number(right.hi)
    return ("above " if op == ">" else "at least ") + format_number(right.lo)


def _below(left: Interval, right: Interval) -> bool:
    """Is left entirely below right?"""
    return left.can_be_less(right, or_equal=True) and not right.can_be_less(left, or_equal=True)


def _leading_digits(interval: Interval) -> set[int]:
    """The leading significant digits that values in a positive interval can have."""
    if not interval.is_bounded:
        return set(range(1, 10))
    lo, hi = Fraction(interval.lo), Fraction(interval.hi)  # type: ignore[arg-type]
    if lo <= 0:
        lo = min(Fraction(1, 10**60), hi) if hi > 0 else Fraction(0)
        if hi <= 0:
            return set()
    found: set[int] = set()
    exponent = _exponent(lo)
    while Fraction(10) ** exponent <= hi and len(found) < 9:
        scale = Fraction(10) ** exponent
        for digit in range(1, 10):
            band = Interval(digit * scale, (digit + 1) * scale, True, False)
            if band.intersects(interval):
                found.add(digit)
        exponent += 1
    return found


def _exponent(value: Fraction) -> int:
    """floor(log10(value)) for a positive rational, exactly."""
    # An estimate from the bit lengths (no conversion to text), made exact below.
    exponent = (value.numerator.bit_length() - value.denominator.bit_length()) * 30103 // 100000
    while Fraction(10) ** exponent > value:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= value:
        exponent += 1
    return exponent
