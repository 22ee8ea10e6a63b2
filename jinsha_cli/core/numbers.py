"""The number grammar: a figure as a document writes it, read as an exact interval.

``parse_value("3.24万")`` gives the interval [32350, 32450]; ``"1.9亿余"`` gives
[190000000, 200000000); ``"1+14+26+242"`` gives a code with four terms. See
docs/fact-file.md for the whole grammar.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from functools import cache

from ._record import Record
from .interval import NEG_INF, POS_INF, Interval
from .units import POINT_UNITS as _UNIT_POINTS

ROUNDINGS = (
    "nearest",
    "half-up",
    "half-down",
    "half-even",
    "ceiling",
    "floor",
    "truncate",
    "exact",
)

MULTIPLIERS = {
    "十": 10,
    "百": 100,
    "千": 1000,
    "万": 10_000,
    "十万": 100_000,
    "百万": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
    "万亿": 10**12,
}

# Qualifiers written before or after the figure, by meaning.
AT_LEAST_PREFIX = ("≥", ">=", "不少于", "不低于")
MORE_THAN_PREFIX = (">", "超过", "高于", "多于", "逾", "超")
LESS_THAN_PREFIX = ("<", "不足", "不到", "低于", "少于")
AT_MOST_PREFIX = ("≤", "<=", "不超过", "不高于", "不多于", "最多")
ABOUT_PREFIX = ("约", "大约")
NEARLY_PREFIX = ("近", "将近", "接近")
PREFIXES = sorted(
    AT_LEAST_PREFIX + MORE_THAN_PREFIX + LESS_THAN_PREFIX + AT_MOST_PREFIX + ABOUT_PREFIX + NEARLY_PREFIX,
    key=len,
    reverse=True,
)
SOME_MORE = ("余", "多")  # "and some": written between the digits and the multiplier or after it
SUFFIXES = ("以上", "以下", "以内", "左右", "之多")
AT_MOST_SUFFIX = ("以下", "以内")  # 控制在5.5%以内: at most 5.5%
# A difference of two rates: 3.4个百分点 is 0.034, and combines with 5.7% (both are fractions).
POINT_UNITS = _UNIT_POINTS

# The longest maximal number we accept; a 1,000-digit figure is a user error.
MAX_DIGITS = 60

_DIGITS = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_MULT = "|".join(sorted((re.escape(m) for m in MULTIPLIERS), key=len, reverse=True))
_PREFIX = "|".join(re.escape(p) for p in PREFIXES)
_SUFFIX = "|".join(re.escape(s) for s in SUFFIXES)

# Shared with the figure finder: how a figure looks inside running text.
FIGURE_PATTERN = (
    rf"(?P<prefix>{_PREFIX})?"
    rf"(?P<number>-?{_DIGITS})"
    rf"(?P<some1>[余多])?"
    rf"(?P<mult>{_MULT})?"
    rf"(?P<some2>[余多])?"
    rf"(?P<percent>%)?"
    rf"(?P<suffix>{_SUFFIX})?"
)


# Compiled on first use: a run that reads its figures back from the cache never needs them.
@cache
def _figure_re() -> re.Pattern[str]:
    return re.compile(FIGURE_PATTERN)


@cache
def _code_re() -> re.Pattern[str]:
    return re.compile(r"[0-9]+(?:\+[0-9]+)+")


CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL_PATTERN = "[零〇一二两三四五六七八九十百千]+"


class FigureError(ValueError):
    """A written value that the grammar cannot read (the message says why)."""


class Figure(Record):
    """A written number and the interval it stands for."""

    __slots__ = ("written", "interval", "nominal", "percent", "rounded")

    def __init__(
        self, written: str, interval: Interval, nominal: Fraction, percent: bool = False, rounded: bool = False
    ) -> None:
        self.written = written
        self.interval = interval
        self.nominal = nominal  # the figure taken at face value
        self.percent = percent
        self.rounded = rounded  # the interval comes from rounding, not a qualifier alone


class Code(Record):
    """A structure written as digits joined by '+', such as 1+14+26+242."""

    __slots__ = ("written", "terms")

    def __init__(self, written: str, terms: tuple[int, ...]) -> None:
        self.written = written
        self.terms = terms


def normalize(text: str) -> str:
    """Full-width digits and signs to ASCII, surrounding spaces removed."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_value(written: str, rounding: str | None = None, unit: str | None = None) -> Figure | Code:
    """Read a written value. Raises FigureError with a reason when it cannot.

    ``unit`` is the fact's unit: the value may write it where the document does,
    before a qualifier (``1500万人以上`` with unit 人 reads as ``1500万以上``), and a
    value in percentage points (unit 个百分点, or written ``3.4个百分点``) is a
    fraction like a percentage.
    """
    if rounding is not None and rounding not in ROUNDINGS:
        raise FigureError(f"unknown rounding {rounding!r}; use one of {', '.join(ROUNDINGS)}")
    text = normalize(written)
    if not text:
        raise FigureError("empty value")
    points = unit is not None and normalize(unit) in POINT_UNITS
    for name in POINT_UNITS:
        if text.endswith(name) and not text.startswith(name):
            text, points = text[: -len(name)], True
            break
    if unit and not points:
        text = _without_unit(text, normalize(unit))
    if points:
        if "%" in text:
            raise FigureError(f"{written!r}: percentage points are written without %: 3.4个百分点")
        if _code_re().fullmatch(text) or re.fullmatch(CHINESE_NUMERAL_PATTERN, text):
            raise FigureError(f"cannot read {written!r} as percentage points; write digits: 3.4个百分点")
        text = _as_percent(text)
    if len(text) > MAX_DIGITS + 20:
        raise FigureError(f"value is {len(text)} characters long; figures have at most {MAX_DIGITS} digits")
    if _code_re().fullmatch(text):
        return Code(written, tuple(int(part) for part in text.split("+")))
    if re.fullmatch(CHINESE_NUMERAL_PATTERN, text):
        value = chinese_numeral(text)
        interval = _round(Fraction(value), Fraction(1), rounding or "exact")
        return Figure(written, interval, Fraction(value), rounded=rounding not in (None, "exact"))
    match = _figure_re().fullmatch(text)
    if not match:
        raise FigureError(
            f"cannot read {written!r} as a figure; write digits with an optional 万/亿, %, "
            "余/多, or a qualifier such as 约, 近, 以上, 以内, 左右, 超过, >, <"
        )
    return _figure(written, match, rounding)


def _without_unit(text: str, unit: str) -> str:
    """1500万人以上 -> 1500万以上 for the unit 人: the unit as the document places it."""
    if not unit or unit in ("%", "1"):
        return text
    for suffix in ("", *SUFFIXES):
        ending = unit + suffix
        head = text[: -len(ending)] if text.endswith(ending) else ""
        if head and (head[-1].isdigit() or head[-1] in MULTIPLIERS or head[-1] in "%余多"):
            return head + suffix
    return text


def _as_percent(text: str) -> str:
    """3.4 -> 3.4%, 约3.4 -> 约3.4%, 3.4以上 -> 3.4%以上: points read as a percentage does."""
    for suffix in SUFFIXES:
        if text.endswith(suffix):
            return text[: -len(suffix)] + "%" + suffix
    return text + "%"


def _figure(written: str, match: re.Match[str], rounding: str | None) -> Figure:
    digits = match["number"].replace(",", "")
    if len(digits.replace("-", "").replace(".", "")) > MAX_DIGITS:
        raise FigureError(f"{written!r} has more than {MAX_DIGITS} digits")
    some_more = bool(match["some1"] or match["some2"])
    multiplier = Fraction(MULTIPLIERS[match["mult"]]) if match["mult"] else Fraction(1)
    percent = bool(match["percent"])
    scale = multiplier / 100 if percent else multiplier
    prefix, suffix = match["prefix"], match["suffix"]

    nominal = Fraction(digits) * scale
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    step = Fraction(1, 10**decimals) * scale  # the place of the last written digit

    if some_more:
        # 余/多: at least the figure, below the next step of its last non-zero digit.
        interval = Interval(nominal, nominal + _significant_step(digits) * scale, True, False)
        return _qualified(written, interval, nominal, percent, prefix, suffix)
    if prefix in ABOUT_PREFIX or suffix == "左右":
        half = _significant_step(digits) * scale / 2
        interval = Interval(nominal - half, nominal + half)
        if suffix in ("以上", "之多"):  # 约30万以上: about 30万 or more
            interval = Interval(nominal - half, POS_INF, True, False)
        elif suffix in AT_MOST_SUFFIX:
            interval = Interval(NEG_INF, nominal + half, False, True)
        return Figure(written, interval, nominal, percent, True)
    if prefix in NEARLY_PREFIX:
        interval = Interval(nominal - _significant_step(digits) * scale, nominal, True, False)
        return Figure(written, interval, nominal, percent, True)

    bound = _bound(prefix, suffix, nominal)
    if bound is not None:
        return Figure(written, bound, nominal, percent)

    plain_integer = decimals == 0 and multiplier == 1 and not percent
    if rounding is None:
        rounding = "exact" if plain_integer else "nearest"
    interval = _round(nominal, step, rounding, last_digit=int(digits[-1]))
    return Figure(written, interval, nominal, percent, rounded=rounding != "exact")


def _qualified(
    written: str,
    interval: Interval,
    nominal: Fraction,
    percent: bool,
    prefix: str | None,
    suffix: str | None,
) -> Figure:
    bound = _bound(prefix, suffix, nominal)
    if bound is not None:
        interval = bound  # 以上/超过 with 余 is still just a bound
    return Figure(written, interval, nominal, percent, True)


def _bound(prefix: str | None, suffix: str | None, nominal: Fraction) -> Interval | None:
    if prefix in AT_LEAST_PREFIX or suffix == "以上" or suffix == "之多":
        return Interval(nominal, POS_INF, True, False)
    if prefix in MORE_THAN_PREFIX:
        return Interval(nominal, POS_INF, False, False)
    if prefix in LESS_THAN_PREFIX:
        return Interval(NEG_INF, nominal, False, False)
    if prefix in AT_MOST_PREFIX or suffix in AT_MOST_SUFFIX:
        return Interval(NEG_INF, nominal, False, True)
    return None


def _significant_step(digits: str) -> Fraction:
    """The place value of the last non-zero digit: 8400 -> 100, 1.9 -> 0.1."""
    unsigned = digits.lstrip("-")
    if "." in unsigned:
        whole, fraction = unsigned.split(".")
        stripped = fraction.rstrip("0")
        if stripped:
            return Fraction(1, 10 ** len(stripped))
        unsigned = whole
    trailing_zeros = len(unsigned) - len(unsigned.rstrip("0"))
    if trailing_zeros == len(unsigned):  # the figure is zero
        return Fraction(1)
    return Fraction(10**trailing_zeros)


def _round(nominal: Fraction, step: Fraction, rounding: str, last_digit: int = 0) -> Interval:
    half = step / 2
    if rounding == "exact":
        return Interval.point(nominal)
    if rounding == "nearest":
        return Interval(nominal - half, nominal + half)
    if rounding == "half-up":
        return Interval(nominal - half, nominal + half, True, False)
    if rounding == "half-down":
        return Interval(nominal - half, nominal + half, False, True)
    if rounding == "half-even":
        even = last_digit % 2 == 0
        return Interval(nominal - half, nominal + half, even, even)
    if rounding == "ceiling":
        return Interval(nominal - step, nominal, False, True)
    if rounding == "floor" or (rounding == "truncate" and nominal >= 0):
        return Interval(nominal, nominal + step, True, False)
    if rounding == "truncate":
        return Interval(nominal - step, nominal, False, True)
    raise FigureError(f"unknown rounding {rounding!r}")


def chinese_numeral(text: str) -> int:
    """二十六 -> 26, 两 -> 2, 一百零八 -> 108, 二〇一九 -> 2019."""
    if all(ch in CHINESE_DIGITS for ch in text):
        # Digit by digit, as in years: 二〇一九.
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
        else:
            unit = CHINESE_UNITS[ch]
            total += (digit or 1) * unit
            digit = 0
    return total + digit
