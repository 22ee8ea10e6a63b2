"""Numbers and intervals as people read them, in the figure's own terms.

A checker about rounding must not round its own display: an interval end that a
short decimal can write is written exactly ([1.265, 1.275]); one that cannot
(a quotient such as 35526 / 0.9575) is rounded outward, so the interval shown
always contains the real one. A figure written as 6454万 or 5.7% is shown in
万 or in percent, and a difference of two percentages in percentage points.
"""

from __future__ import annotations

import re
from fractions import Fraction

from ._record import Record
from .interval import POS_INF, End, Interval
from .units import DIMENSIONLESS, Unit

# Ends with at most this many decimal places (in the shown scale) are written exactly.
EXACT_PLACES = 12


class Scale(Record):
    """How a quantity is written: in 万, in 亿, in percent... ``factor`` is what one shown unit is worth."""

    __slots__ = ("name", "factor", "suffix")

    def __init__(self, name: str, factor: Fraction, suffix: str) -> None:
        self.name = name  # "万", "%", "pp" (percentage points)
        self.factor = factor
        self.suffix = suffix  # written after the number, before the unit


PLAIN = Scale("", Fraction(1), "")
PERCENT = Scale("%", Fraction(1, 100), "%")
POINTS = Scale("pp", Fraction(1, 100), " percentage points")
_MULTIPLIERS = {
    "万亿": Fraction(10**12),
    "亿": Fraction(10**8),
    "千万": Fraction(10**7),
    "百万": Fraction(10**6),
    "十万": Fraction(10**5),
    "万": Fraction(10**4),
}
_WRITTEN_SCALE = re.compile(r"[0-9０-９](?:[.,0-9０-９]*)(?:[余多])?(万亿|亿|千万|百万|十万|万)")


def scale_of(written: str | None, percent: bool = False) -> Scale:
    """The scale a figure is written in: 6454万 -> 万, 5.7% -> %, 3.4个百分点 -> percentage points."""
    if written is None:
        return PLAIN
    if "百分点" in written:
        return POINTS
    if percent or written.rstrip().endswith(("%", "％")) or "%" in written:
        return PERCENT
    match = _WRITTEN_SCALE.search(written)
    if match:
        return Scale(match[1], _MULTIPLIERS[match[1]], match[1])
    return PLAIN


def combine(left: Scale, right: Scale, op: str) -> Scale:
    """The scale of ``left op right``: sums keep a shared scale, % - % is percentage points."""
    if op not in "+-":
        return PLAIN
    if left == PERCENT and right == PERCENT:
        return PERCENT if op == "+" else POINTS
    if {left.name, right.name} == {"%", "pp"}:
        return PERCENT  # 5.7% - 3.4个百分点 is a rate
    if left == PLAIN:
        return right
    if right == PLAIN or left == right:
        return left
    return max(left, right, key=lambda scale: scale.factor)  # 1.2亿 + 3000万: in 亿


def format_integer(n: int) -> str:
    """All the digits; past Python's limit on converting an integer to text (a
    product of hundreds of long figures gets there), the leading digits and the
    power of ten, for display only."""
    try:
        return str(n)
    except ValueError:
        exponent = exponent_of(Fraction(abs(n)))
        leading = abs(n) // 10 ** (exponent - 3)
        return f"{'-' if n < 0 else ''}≈{leading // 1000}.{leading % 1000:03d}×10^{exponent}"


def exponent_of(value: Fraction) -> int:
    """floor(log10(value)) for a positive rational, exactly."""
    # An estimate from the bit lengths (no conversion to text), made exact below.
    exponent = (value.numerator.bit_length() - value.denominator.bit_length()) * 30103 // 100000
    while Fraction(10) ** exponent > value:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= value:
        exponent += 1
    return exponent


def _default_places(magnitude: Fraction) -> int:
    """One place past 100, two past 1; below 1, four or as many as three significant digits need."""
    if magnitude >= 100:
        return 1
    if magnitude >= 1:
        return 2
    if magnitude == 0:
        return 4
    return max(4, 2 - exponent_of(magnitude))


def decimal_places(value: Fraction) -> int | None:
    """How many decimal places write ``value`` exactly, or None when no finite number does."""
    denominator, twos, fives = value.denominator, 0, 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives) if denominator == 1 else None


def _write(value: Fraction, places: int, direction: int = 0, keep_zeros: bool = False) -> str:
    """``value`` with ``places`` decimals: rounded to nearest (0), down (-1) or up (+1).

    ``keep_zeros`` keeps trailing zeros, so that a rounded end (11621.0) does not look exact."""
    scaled = value * 10**places
    if direction < 0:
        whole_units = scaled.numerator // scaled.denominator
    elif direction > 0:
        whole_units = -((-scaled.numerator) // scaled.denominator)
    else:
        whole_units = round(scaled)
    negative = whole_units < 0
    whole, fraction = divmod(abs(whole_units), 10**places)
    whole_text = format_integer(whole)
    if whole_text.startswith("≈"):  # too long to write out: its decimals say nothing
        return ("-" if negative else "") + whole_text
    digits = f"{whole_text}.{fraction:0{places}d}" if places else whole_text
    if not keep_zeros and places:
        digits = digits.rstrip("0").rstrip(".")
    return ("-" if negative and digits != "0" else "") + digits


def format_number(value: Fraction | str, extra_places: int = 0) -> str:
    """Exact when short, otherwise rounded for display only (a gap, a quotient)."""
    if isinstance(value, str):
        return "∞" if value == POS_INF else "-∞"
    if value.denominator == 1:
        return format_integer(value.numerator)
    places = decimal_places(value)
    if places is not None and places <= _default_places(abs(value)) + extra_places:
        return _write(value, places)
    return _write(value, _default_places(abs(value)) + extra_places)


def format_end(value: End, direction: int, extra_places: int = 0) -> str:
    """An interval end: exact when a short decimal writes it, else rounded outward (down for a
    lower end, up for an upper end), so that the interval shown contains the real one."""
    if isinstance(value, str):
        return "∞" if value == POS_INF else "-∞"
    if value.denominator == 1:
        return format_integer(value.numerator)
    places = decimal_places(value)
    if places is not None and places <= EXACT_PLACES + extra_places:
        return _write(value, places)
    return _write(value, _default_places(abs(value)) + extra_places, direction, keep_zeros=True)


def in_scale(value: End, scale: Scale) -> End:
    if isinstance(value, str) or scale.factor == 1:
        return value
    return value / scale.factor


def unit_suffix(unit: Unit, scale: Scale = PLAIN) -> str:
    """What follows a number: the scale (万, %) then the unit (人)."""
    return scale.suffix + str(unit)


def format_amount(value: Fraction | str, unit: Unit = DIMENSIONLESS, scale: Scale = PLAIN) -> str:
    """A single number (a gap, a target) in its scale and unit: 0.3 percentage points, 1.7万人."""
    return format_number(in_scale(value, scale)) + unit_suffix(unit, scale)


def format_interval(interval: Interval, unit: Unit = DIMENSIONLESS, scale: Scale = PLAIN) -> str:
    """[1.265, 1.275]; [1.75%, 1.85%]; [1099.39394, 1101.09179]万人. A point is one number."""
    lo, hi = in_scale(interval.lo, scale), in_scale(interval.hi, scale)
    if interval.is_point:
        return format_number(lo) + unit_suffix(unit, scale)
    left = "[" if interval.lo_closed else "("
    right = "]" if interval.hi_closed else ")"
    # Show as many places as it takes for a narrow interval's ends to differ.
    for extra in range(0, 12, 2):
        low, high = format_end(lo, -1, extra), format_end(hi, 1, extra)
        if low != high:
            break
    if scale.name == "%":  # [95.65%, 95.75%]: each end reads as a percentage; (-∞, 5.5%]: not an infinity
        low, high = (end if end.endswith("∞") else f"{end}%" for end in (low, high))
        return f"{left}{low}, {high}{right}{unit}"
    return f"{left}{low}, {high}{right}{unit_suffix(unit, scale)}"
