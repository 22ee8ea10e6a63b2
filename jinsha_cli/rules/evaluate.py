"""Evaluate a parsed rule over a fact book with interval arithmetic and units.

Every value is computed twice: over the stated intervals (which decides the
verdict) and at face value (which tells whether a pass needed rounding slack).
Every step leaves a line of explanation in numbers.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from fractions import Fraction

from ..core._messages import quoted
from ..core._record import Record
from ..core.display import (
    PERCENT,
    PLAIN,
    POINTS,
    Scale,
    combine,
    exponent_of,
    format_amount,
    format_integer,
    format_interval,
    format_number,
    scale_of,
)
from ..core.interval import Interval
from ..core.model import Fact
from ..core.numbers import Code, Figure
from ..core.units import DIMENSIONLESS, WILDCARD, Unit
from . import expr

PASS, FAIL, UNTESTABLE = "pass", "fail", "untestable"
NAMED_AT_MOST = 50  # items of a list written out in a step or a message
VALUE = "value"  # an expression that is not a test, evaluated for `jinsha calc`


class RuleError(Exception):
    """The rule itself is broken: a unit mismatch, a list used as a number..."""


class MissingValue(Exception):
    """A fact the rule needs has no value: the rule is skipped."""


class UnreadableValue(MissingValue):
    """A fact the rule needs has a value that the number grammar cannot read."""

    def __init__(self, fact_id: str, written: str) -> None:
        super().__init__(f"the value of {fact_id}, {quoted(written)}, could not be read")
        self.fact_id = fact_id
        self.written = written


class Quantity(Record):
    __slots__ = ("interval", "nominal", "unit", "text", "compound", "face", "scale")

    def __init__(
        self,
        interval: Interval,
        nominal: Interval,
        unit: Unit,
        text: str,
        compound: bool = False,
        face: Fraction | None = None,
        scale: Scale = PLAIN,
    ) -> None:
        self.interval = interval
        self.nominal = nominal  # the same computation at face value
        self.unit = unit
        self.text = text  # how the value was written or computed, for explanations
        self.compound = compound  # text is an expression, not a single figure
        self.face = face  # the written figure at face value (facts and literals only)
        self.scale = scale  # how to show it: in 万, in percent... (the figure's own terms)

    def shown(self, interval: Interval | None = None) -> str:
        """An interval (this value's by default) in this value's unit and scale."""
        return format_interval(self.interval if interval is None else interval, self.unit, self.scale)


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


def evaluate(tree: expr.Node, facts: dict[str, Fact], *, values: bool = False) -> Evaluation:
    """Decide a rule. Raises RuleError (rule broken) or MissingValue (skip).

    With ``values``, an expression that is not a test (``a / b``, ``sum(...)``)
    is an answer too: its verdict is ``value`` and its message what it comes to.
    """
    steps: list[str] = []
    value = _Evaluator(facts, steps).eval(tree)
    if not isinstance(value, Truth) and values:
        return Evaluation(VALUE, _answer(value), False, steps)
    if not isinstance(value, Truth):
        raise RuleError("a check must be a comparison or a test such as whole(); this is a " + _kind(value))
    slack = value.verdict == PASS and not value.nominal
    message = value.text + ("  (holds only within rounding)" if slack else "")
    return Evaluation(value.verdict, message, slack, steps)


def _answer(value: Value) -> str:
    """What a value comes to, for `jinsha calc`: 1361万人 / 123.7% = [1099.3, 1101.1]万人."""
    if isinstance(value, Quantity):
        shown = value.shown()
        said = shown == value.text or (value.interval.is_point and shown in value.text)  # '6 named'
        return value.text if said else f"{value.text} = {shown}"
    if isinstance(value, ListValue):
        return f"{value.fact} names {len(value.items)}: {_named(value.items)}"
    assert isinstance(value, CodeValue)
    return f"{value.written}: {len(value.terms)} terms, {' + '.join(map(str, value.terms))} = {sum(value.terms)}"


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
        figure = node.figure
        scale = scale_of(figure.written, figure.percent)
        return Quantity(interval, interval, WILDCARD, figure.written, face=figure.nominal, scale=scale)

    def _factref(self, node: expr.FactRef) -> Value:
        fact = self.facts.get(node.id)
        if fact is None:
            raise RuleError(f"unknown fact {node.id!r}")
        if fact.items is not None:
            return ListValue(fact.id, fact.items)
        if fact.value is None and fact.written is not None:
            raise UnreadableValue(fact.id, fact.written)
        if fact.value is None:
            raise MissingValue(f"{fact.id} has no value")
        if isinstance(fact.value, Code):
            return CodeValue(
                fact.value.written, fact.value.terms, "".join(ch for ch in fact.value.written if ch.isdigit())
            )
        figure: Figure = fact.value
        nominal = Interval.point(figure.nominal) if figure.rounded else figure.interval
        unit = Unit.parse(fact.unit)
        shown = fact.display_value()  # 1500万人, 3.4个百分点, 5.7%
        scale = scale_of(shown, figure.percent)
        if figure.interval != Interval.point(figure.nominal):
            self.steps.append(f"{fact.id} = {shown} means {format_interval(figure.interval, unit, scale)}")
        return Quantity(figure.interval, nominal, unit, shown, face=figure.nominal, scale=scale)

    # Numbers

    def number(self, node: expr.Node, role: str) -> Quantity:
        value = self.eval(node)
        if not isinstance(value, Quantity):
            hint = "; use term(), sum() or count()" if isinstance(value, CodeValue) else ""
            raise RuleError(f"{role} must be a number, not a {_kind(value)}{hint}")
        return value

    def _negate(self, node: expr.Negate) -> Value:
        value = self.number(node.operand, "the operand of '-'")
        return Quantity(-value.interval, -value.nominal, value.unit, f"-{_wrap(value)}", True, scale=value.scale)

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
        scale = combine(left.scale, right.scale, node.op)
        if node.op in "*/":  # 1100.2万人 / 95.7% is people, read in 万 like the figure it scales
            for operand in (left, right) if node.op == "*" else (left,):
                if operand.scale.name not in ("", "%", "pp") and operand.unit == unit and unit != DIMENSIONLESS:
                    scale = operand.scale
                    break
        self.steps.append(f"{text} = {_in_numbers([left, right], node.op)}{format_interval(interval, unit, scale)}")
        return Quantity(interval, nominal, unit, text, True, scale=scale)

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
                scale=combine(total.scale, part.scale, "+"),
            )
        self.steps.append(f"{total.text} = {_in_numbers(parts, '+')}{total.shown()}")
        return total

    def fn_count(self, args: tuple[expr.Node, ...]) -> Value:
        value = self.eval(args[0])
        if isinstance(value, ListValue):
            n = len(value.items)
            self.steps.append(f"{value.fact} names {n}: {_named(value.items)}")
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
        shown = f"{value.text} = {value.shown()}"
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
        shown = f"{value.text} = {value.shown()}"
        scale = value.scale if value.scale != PLAIN else combine(low.scale, high.scale, "+")
        range_text = format_interval(Interval(low.interval.lo, high.interval.hi), DIMENSIONLESS, scale)
        if value.interval.intersects(allowed):
            return Truth(PASS, value.nominal.intersects(nominal_allowed), f"{shown}, within {range_text}")
        gap = value.interval.distance(allowed)
        return Truth(FAIL, False, f"{shown}, outside {range_text} by {format_amount(gap, DIMENSIONLESS, scale)}")

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
            face_value = format_amount(part.face, DIMENSIONLESS, part.scale) if part.face is not None else ""
            read = f"at face value {face_value}" if part.face is not None else "by its interval"
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
        in_first, in_second = set(first.items), set(second.items)  # hashing: two lists of 10,000 in milliseconds
        only_first = [i for i in dict.fromkeys(first.items) if i not in in_second]
        only_second = [i for i in dict.fromkeys(second.items) if i not in in_first]
        if not only_first and not only_second:
            return Truth(PASS, True, f"{first.fact} and {second.fact} name the same {len(in_first)} items")
        differences = []
        if only_first:
            differences.append(f"only in {first.fact}: {_named(only_first)}")
        if only_second:
            differences.append(f"only in {second.fact}: {_named(only_second)}")
        return Truth(FAIL, False, "; ".join(differences))

    def fn_subset(self, args: tuple[expr.Node, ...]) -> Value:
        part, whole = self.items(args[0], "subset"), self.items(args[1], "subset")
        in_whole = set(whole.items)
        missing = [i for i in dict.fromkeys(part.items) if i not in in_whole]
        if missing:
            return Truth(FAIL, False, f"not in {whole.fact}: {_named(missing)}")
        return Truth(PASS, True, f"all {len(part.items)} items of {part.fact} are in {whole.fact}")

    def fn_distinct(self, args: tuple[expr.Node, ...]) -> Value:
        lists = [self.items(arg, "distinct") for arg in args]
        counts = Counter(item for value in lists for item in value.items)
        repeated = [f"{item} ×{n}" for item, n in counts.items() if n > 1]
        names = ", ".join(value.fact for value in lists)
        if repeated:
            return Truth(FAIL, False, f"named more than once in {names}: {_named(repeated, '; ')}")
        return Truth(PASS, True, f"{sum(counts.values())} distinct items in {names}")


def _named(items: Sequence[str], separator: str = "、") -> str:
    """Items of a list as text, the first ``NAMED_AT_MOST`` only: a step or message of a
    20,000-item list would otherwise copy the whole list each time (600 rules x 20 count()s: 2.3 GB)."""
    if len(items) <= NAMED_AT_MOST:
        return separator.join(items)
    return f"{separator.join(items[:NAMED_AT_MOST])}… ({len(items):,} in all)"


def _interval_text(value: Quantity) -> str:
    """A value as the numbers it stands for, in its scale, without its unit."""
    return format_interval(value.interval, DIMENSIONLESS, value.scale)


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
        return f"{value.text} = {value.shown()}"
    return value.text


def _compare(left: Quantity, op: str, right: Quantity) -> Truth:
    holds = _relation(left.interval, op, right.interval)
    nominal = _relation(left.nominal, op, right.nominal)
    if holds:
        return Truth(PASS, nominal, f"{_side(left)} {_SYMBOL[op]} {_side(right)}")
    text = f"{_side(left)} {_NEGATED[op]} {_side(right)}"
    gap = left.interval.distance(right.interval)
    if op == "!=":
        return Truth(FAIL, False, f"{text}: both are exactly {left.shown()}")
    unit = left.unit.meet(right.unit)
    # The target reads like the left side; a gap between rates is in percentage points.
    target_scale = _shared_scale(left, right)
    gap_scale = POINTS if target_scale in (PERCENT, POINTS) else target_scale
    target = _nearest_satisfying(left.interval, op, right.interval, target_scale) + str(unit)
    return Truth(
        FAIL,
        False,
        f"{text}: apart by {format_amount(gap, unit, gap_scale)}; the left side would need {target}",
    )


def _shared_scale(left: Quantity, right: Quantity) -> Scale:
    """The terms two compared values share: their common scale, or the figure's against a literal."""
    if left.scale == right.scale:
        return left.scale
    if right.unit is WILDCARD and right.scale == PLAIN:
        return left.scale
    if left.unit is WILDCARD and left.scale == PLAIN:
        return right.scale
    if {left.scale.name, right.scale.name} == {"%", "pp"}:
        return PERCENT
    return PLAIN


def _relation(left: Interval, op: str, right: Interval) -> bool:
    if op == "==":
        return left.intersects(right)
    if op == "!=":
        return not (left.is_point and right.is_point and left.lo == right.lo)
    if op in ("<", "<="):
        return left.can_be_less(right, or_equal=op == "<=")
    return right.can_be_less(left, or_equal=op == ">=")


def _nearest_satisfying(left: Interval, op: str, right: Interval, scale: Scale = PLAIN) -> str:
    if op == "==":
        end = right.hi if left.distance(right) and not _below(left, right) else right.lo
        return format_amount(end, DIMENSIONLESS, scale)
    if op in ("<", "<="):
        return ("below " if op == "<" else "at most ") + format_amount(right.hi, DIMENSIONLESS, scale)
    return ("above " if op == ">" else "at least ") + format_amount(right.lo, DIMENSIONLESS, scale)


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
    exponent = exponent_of(lo)
    while Fraction(10) ** exponent <= hi and len(found) < 9:
        scale = Fraction(10) ** exponent
        for digit in range(1, 10):
            band = Interval(digit * scale, (digit + 1) * scale, True, False)
            if band.intersects(interval):
                found.add(digit)
        exponent += 1
    return found
