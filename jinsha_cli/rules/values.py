"""The values a rule computes: quantities over intervals, lists, codes and truths.

Shared by the evaluator (evaluate.py) and the rule functions (functions.py).
"""

from __future__ import annotations

from fractions import Fraction

from ..core._messages import quoted
from ..core._record import Record
from ..core.display import PLAIN, Scale, format_interval
from ..core.interval import Interval
from ..core.terms import Term
from ..core.units import DIMENSIONLESS, WILDCARD, Unit


class Verdict(Term):
    """What evaluating a rule's expression comes to (the checker turns it into a Status)."""

    PASS = "pass"
    FAIL = "fail"
    UNTESTABLE = "untestable"  # the intervals are too wide to decide
    VALUE = "value"  # an expression that is not a test, evaluated for `jinsha calc`


PASS, FAIL, UNTESTABLE, VALUE = Verdict.PASS, Verdict.FAIL, Verdict.UNTESTABLE, Verdict.VALUE


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

    def __init__(self, verdict: Verdict, nominal: bool, text: str) -> None:
        self.verdict = verdict
        self.nominal = nominal  # does it also hold at face value?
        self.text = text


Value = Quantity | ListValue | CodeValue | Truth


def kind_of(value: Value) -> str:
    """What a value is, for messages: a number, a list (of which fact)..."""
    if isinstance(value, ListValue):
        return f"list ({value.fact})"
    if isinstance(value, CodeValue):
        return f"code ({value.written})"
    if isinstance(value, Truth):
        return "test"
    return "number"


def interval_text(value: Quantity) -> str:
    """A value as the numbers it stands for, in its scale, without its unit."""
    return format_interval(value.interval, DIMENSIONLESS, value.scale)


def in_numbers(operands: list[Quantity], op: str) -> str:
    """'35526 / [0.9565, 0.9575] = ' when the operands read differently as numbers, else ''."""
    numbers = f" {op} ".join(interval_text(operand) for operand in operands)
    written = f" {op} ".join(operand.text for operand in operands)
    return "" if numbers == written else f"{numbers} = "


def exact(n: int) -> Quantity:
    return Quantity(Interval.point(n), Interval.point(n), WILDCARD, str(n))
