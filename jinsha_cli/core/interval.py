"""Exact intervals with open or closed ends, and the arithmetic rules need.

Ends are ``fractions.Fraction`` or ``None`` for an infinite end, so no float ever
decides a verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from itertools import product

from ._record import Record

# An end is a finite Fraction, or one of the two infinities.
NEG_INF = "-inf"
POS_INF = "+inf"
End = Fraction | str


def _is_inf(end: End) -> bool:
    return isinstance(end, str)


# The ends are compared by type first: comparing a Fraction with a string (or with
# another Fraction through its operators) walks the numeric tower's abstract
# classes, which dominated the time of checking a large file.


def _sign(end: End) -> int:
    if isinstance(end, str):
        return 1 if end == POS_INF else -1
    assert isinstance(end, Fraction)
    numerator = end.numerator  # a Fraction's denominator is always positive
    return (numerator > 0) - (numerator < 0)


def _same(a: End, b: End) -> bool:
    if type(a) is Fraction and type(b) is Fraction:
        return a.numerator == b.numerator and a.denominator == b.denominator  # both in lowest terms
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return a == b


def _less(a: End, b: End) -> bool:
    a_infinite, b_infinite = isinstance(a, str), isinstance(b, str)
    if a_infinite or b_infinite:
        if a_infinite and b_infinite and a == b:
            return False
        return (a_infinite and a == NEG_INF) or (b_infinite and b == POS_INF)
    if type(a) is Fraction and type(b) is Fraction:
        return a.numerator * b.denominator < b.numerator * a.denominator
    return a < b  # type: ignore[operator]


def _add(a: End, b: End) -> End:
    if _is_inf(a):
        return a
    if _is_inf(b):
        return b
    return a + b  # type: ignore[operator]


def _mul(a: End, b: End) -> End:
    # 0 times an unbounded end contributes 0: the end is approached, never reached.
    if _sign(a) == 0 or _sign(b) == 0:
        return Fraction(0)
    if _is_inf(a) or _is_inf(b):
        return POS_INF if _sign(a) * _sign(b) > 0 else NEG_INF
    return a * b  # type: ignore[operator]


def _neg(a: End) -> End:
    if isinstance(a, str):
        return NEG_INF if a == POS_INF else POS_INF
    return -a


def _inv(a: End) -> End:
    if _is_inf(a):
        return Fraction(0)
    return 1 / a  # type: ignore[operator]


class Interval(Record):
    """A non-empty interval of the extended rationals."""

    __slots__ = ("lo", "hi", "lo_closed", "hi_closed")

    def __init__(self, lo: End, hi: End, lo_closed: bool = True, hi_closed: bool = True) -> None:
        self.lo = lo
        self.hi = hi
        # Infinite ends are always open.
        self.lo_closed = lo_closed and not isinstance(lo, str)
        self.hi_closed = hi_closed and not isinstance(hi, str)

    @classmethod
    def point(cls, value: Fraction | int) -> Interval:
        value = Fraction(value)
        return cls(value, value)

    @property
    def is_point(self) -> bool:
        return _same(self.lo, self.hi)

    @property
    def is_bounded(self) -> bool:
        return not (_is_inf(self.lo) or _is_inf(self.hi))

    @property
    def width(self) -> Fraction | None:
        """The width, or None when unbounded."""
        if not self.is_bounded:
            return None
        return self.hi - self.lo  # type: ignore[operator]

    def contains(self, value: Fraction) -> bool:
        above = (self.lo_closed and _same(self.lo, value)) or _less(self.lo, value)
        below = (self.hi_closed and _same(self.hi, value)) or _less(value, self.hi)
        return above and below

    # Arithmetic ---------------------------------------------------------------

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            _add(self.lo, other.lo),
            _add(self.hi, other.hi),
            self.lo_closed and other.lo_closed,
            self.hi_closed and other.hi_closed,
        )

    def __neg__(self) -> Interval:
        return Interval(_neg(self.hi), _neg(self.lo), self.hi_closed, self.lo_closed)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def __mul__(self, other: Interval) -> Interval:
        return _combine(self, other, _mul)

    def contains_zero(self) -> bool:
        return self.contains(Fraction(0))

    def __truediv__(self, other: Interval) -> Interval:
        """Division; raises ZeroDivisionError when the divisor can be zero."""
        if other.contains_zero():
            raise ZeroDivisionError("the divisor's interval contains 0")
        if other.is_point and not _is_inf(other.lo):
            # Dividing by an exact number keeps both ends exact.
            return self * Interval.point(1 / other.lo)  # type: ignore[operator]
        reciprocal = Interval(_inv(other.hi), _inv(other.lo), other.hi_closed, other.lo_closed)
        # 1/x of an unbounded end approaches 0 without reaching it.
        if _is_inf(other.hi):
            reciprocal = Interval(reciprocal.lo, reciprocal.hi, False, reciprocal.hi_closed)
        if _is_inf(other.lo):
            reciprocal = Interval(reciprocal.lo, reciprocal.hi, reciprocal.lo_closed, False)
        return self * reciprocal

    # Relations (existential: some values of each side satisfy them) ----------

    def intersects(self, other: Interval) -> bool:
        lo, lo_closed = _max_end(self.lo, self.lo_closed, other.lo, other.lo_closed)
        hi, hi_closed = _min_end(self.hi, self.hi_closed, other.hi, other.hi_closed)
        if _less(lo, hi):
            return True
        return _same(lo, hi) and lo_closed and hi_closed

    def can_be_less(self, other: Interval, *, or_equal: bool) -> bool:
        """Some x in self and y in other have x < y (or x <= y)."""
        if _less(self.lo, other.hi):
            return True
        return or_equal and _same(self.lo, other.hi) and self.lo_closed and other.hi_closed

    def distance(self, other: Interval) -> Fraction:
        """The gap between two disjoint bounded-side intervals (0 if they meet)."""
        if _less(self.hi, other.lo) or _same(self.hi, other.lo):
            gap = _add(other.lo, _neg(self.hi))
        elif _less(other.hi, self.lo) or _same(other.hi, self.lo):
            gap = _add(self.lo, _neg(other.hi))
        else:
            return Fraction(0)
        return gap if isinstance(gap, Fraction) else Fraction(0)

    def whole_numbers(self) -> tuple[int, int] | None:
        """The first and last whole numbers inside a bounded interval, or None."""
        if not self.is_bounded:
            return None
        lo, hi = Fraction(self.lo), Fraction(self.hi)  # type: ignore[arg-type]
        first = -((-lo.numerator) // lo.denominator)  # ceiling
        if first == lo and not self.lo_closed:
            first += 1
        last = hi.numerator // hi.denominator  # floor
        if last == hi and not self.hi_closed:
            last -= 1
        return (first, last) if first <= last else None


def _max_end(a: End, a_closed: bool, b: End, b_closed: bool) -> tuple[End, bool]:
    if _same(a, b):
        return a, a_closed and b_closed
    return (b, b_closed) if _less(a, b) else (a, a_closed)


def _min_end(a: End, a_closed: bool, b: End, b_closed: bool) -> tuple[End, bool]:
    if _same(a, b):
        return a, a_closed and b_closed
    return (a, a_closed) if _less(a, b) else (b, b_closed)


def _combine(x: Interval, y: Interval, op: Callable[[End, End], End]) -> Interval:
    """Apply a monotone-per-corner operation to every pair of ends."""
    corners = [
        (op(a, b), a_closed and b_closed)
        for (a, a_closed), (b, b_closed) in product(
            ((x.lo, x.lo_closed), (x.hi, x.hi_closed)),
            ((y.lo, y.lo_closed), (y.hi, y.hi_closed)),
        )
    ]
    lo, lo_closed = corners[0]
    hi, hi_closed = corners[0]
    for value, closed in corners[1:]:
        if _same(value, lo):
            lo_closed = lo_closed or closed
        elif _less(value, lo):
            lo, lo_closed = value, closed
        if _same(value, hi):
            hi_closed = hi_closed or closed
        elif _less(hi, value):
            hi, hi_closed = value, closed
    return Interval(lo, hi, lo_closed, hi_closed)
