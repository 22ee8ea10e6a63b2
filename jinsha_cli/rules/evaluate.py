"""Evaluate a parsed rule over a fact book with interval arithmetic and units.

Every value is computed twice: over the stated intervals (which decides the
verdict) and at face value (which tells whether a pass needed rounding slack).
Every step leaves a line of explanation in numbers. The functions a rule may
call (sum, whole, digits...) are in functions.py, behind its registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core._record import Record
from ..core.display import (
    PERCENT,
    PLAIN,
    POINTS,
    Scale,
    combine,
    format_amount,
    format_interval,
    format_number,
    scale_of,
)
from ..core.interval import Interval
from ..core.model import Fact
from ..core.numbers import Code, Figure
from ..core.units import DIMENSIONLESS, WILDCARD, Unit
from . import expr
from .functions import FUNCTIONS, named
from .values import (
    FAIL,
    PASS,
    UNTESTABLE,
    VALUE,
    CodeValue,
    ListValue,
    MissingValue,
    Quantity,
    RuleError,
    Truth,
    UnreadableValue,
    Value,
    Verdict,
    in_numbers,
    interval_text,
    kind_of,
)

__all__ = [
    "FAIL",
    "PASS",
    "UNTESTABLE",
    "VALUE",
    "Evaluation",
    "Evaluator",
    "MissingValue",
    "RuleError",
    "UnreadableValue",
    "Verdict",
    "evaluate",
]


class Evaluation(Record):
    __slots__ = ("verdict", "message", "slack", "steps")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self, verdict: Verdict, message: str, slack: bool = False, steps: list[str] | None = None) -> None:
        self.verdict = verdict
        self.message = message
        self.slack = slack
        self.steps = [] if steps is None else steps


def evaluate(tree: expr.Node, facts: dict[str, Fact], *, values: bool = False, explain: bool = True) -> Evaluation:
    """Decide a rule. Raises RuleError (rule broken) or MissingValue (skip).

    With ``values``, an expression that is not a test (``a / b``, ``sum(...)``)
    is an answer too: its verdict is ``value`` and its message what it comes to.
    ``explain=False`` leaves out the intermediate steps (a fifth of the work), for
    a caller that shows only the verdicts.
    """
    steps: list[str] = []
    value = Evaluator(facts, steps if explain else None).eval(tree)
    if not isinstance(value, Truth) and values:
        return Evaluation(VALUE, _answer(value), False, steps)
    if not isinstance(value, Truth):
        raise RuleError("a check must be a comparison or a test such as whole(); this is a " + kind_of(value))
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
        return f"{value.fact} names {len(value.items)}: {named(value.items)}"
    assert isinstance(value, CodeValue)
    return f"{value.written}: {len(value.terms)} terms, {' + '.join(map(str, value.terms))} = {sum(value.terms)}"


_SYMBOL = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_NEGATED = {"==": "≠", "!=": "=", "<": "≮", "<=": "≰", ">": "≯", ">=": "≱"}


class Evaluator:
    """Walks a rule's tree; each kind of node has its method, named in ``_NODES`` below."""

    def __init__(self, facts: dict[str, Fact], steps: list[str] | None) -> None:
        self.facts = facts
        self.steps = steps  # None: the steps are not wanted, and not composed

    def eval(self, node: expr.Node) -> Value:
        return _NODES[type(node)](self, node)

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
        if self.steps is not None and figure.interval != Interval.point(figure.nominal):
            self.steps.append(f"{fact.id} = {shown} means {format_interval(figure.interval, unit, scale)}")
        return Quantity(figure.interval, nominal, unit, shown, face=figure.nominal, scale=scale)

    # Numbers

    def number(self, node: expr.Node, role: str) -> Quantity:
        value = self.eval(node)
        if not isinstance(value, Quantity):
            hint = "; use term(), sum() or count()" if isinstance(value, CodeValue) else ""
            raise RuleError(f"{role} must be a number, not a {kind_of(value)}{hint}")
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
        if self.steps is not None:
            self.steps.append(f"{text} = {in_numbers([left, right], node.op)}{format_interval(interval, unit, scale)}")
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
                if self.steps is not None:
                    self.steps.append(f"{interval_text(left)} {_SYMBOL[op]} {interval_text(right)}: {holds}")
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
            raise RuleError(f"expected a comparison or test, found a {kind_of(value)}")
        return value

    # Functions

    def _call(self, node: expr.Call) -> Value:
        return FUNCTIONS[node.name].evaluate(self, node.args)

    def items(self, node: expr.Node, function: str) -> ListValue:
        value = self.eval(node)
        if not isinstance(value, ListValue):
            raise RuleError(f"{function}() needs list facts, not a {kind_of(value)}")
        return value


# Node type -> the Evaluator method that evaluates it: every kind of node the parser makes.
_NODES: dict[type, Callable[[Evaluator, Any], Value]] = {
    expr.Number: Evaluator._number,
    expr.FactRef: Evaluator._factref,
    expr.Negate: Evaluator._negate,
    expr.Arithmetic: Evaluator._arithmetic,
    expr.Comparison: Evaluator._comparison,
    expr.Logic: Evaluator._logic,
    expr.Not: Evaluator._not,
    expr.Call: Evaluator._call,
}


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
