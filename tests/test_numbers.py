"""The number grammar: written figures become exact intervals."""

from __future__ import annotations

import contextlib
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jinsha_cli.core.interval import NEG_INF, POS_INF, Interval
from jinsha_cli.core.numbers import ROUNDINGS, Code, Figure, FigureError, chinese_numeral, parse_value

CASES = [
    # written, lo, hi, lo_closed, hi_closed
    ("23198", 23198, 23198, True, True),
    ("3.24万", 32350, 32450, True, True),
    ("12万", 115000, 125000, True, True),
    ("1471.5", F("1471.45"), F("1471.55"), True, True),
    ("95.7%", F("0.9565"), F("0.9575"), True, True),
    ("96%", F("0.955"), F("0.965"), True, True),
    ("1.9亿余", 190_000_000, 200_000_000, True, False),
    ("8400余万", 84_000_000, 85_000_000, True, False),
    ("30多", 30, 40, True, False),
    (">30万", 300_000, POS_INF, False, False),
    ("超过30万", 300_000, POS_INF, False, False),
    ("30万以上", 300_000, POS_INF, True, False),
    ("≥30万", 300_000, POS_INF, True, False),
    ("高于10%", F("0.1"), POS_INF, False, False),
    ("多于3万", 30_000, POS_INF, False, False),
    ("不低于10%", F("0.1"), POS_INF, True, False),
    ("<5", NEG_INF, 5, False, False),
    ("低于5%", NEG_INF, F("0.05"), False, False),
    ("少于20", NEG_INF, 20, False, False),
    ("不高于10%", NEG_INF, F("0.1"), False, True),
    ("不多于3万", NEG_INF, 30_000, False, True),
    ("5以下", NEG_INF, 5, False, True),
    ("约72万", 715_000, 725_000, True, True),
    ("72万左右", 715_000, 725_000, True, True),
    ("近5万", 40_000, 50_000, True, False),
    ("约30万以上", 250_000, POS_INF, True, False),
    ("约5以下", NEG_INF, F("5.5"), False, True),
    ("五", 5, 5, True, True),
    ("十四", 14, 14, True, True),
    ("二十六", 26, 26, True, True),
    ("两", 2, 2, True, True),
    ("一百零八", 108, 108, True, True),
    ("１２", 12, 12, True, True),
    ("1,234", 1234, 1234, True, True),
    ("5.20", F("5.195"), F("5.205"), True, True),
]


@pytest.mark.parametrize(("written", "lo", "hi", "lo_closed", "hi_closed"), CASES)
def test_written_figures_mean_intervals(written, lo, hi, lo_closed, hi_closed) -> None:
    figure = parse_value(written)
    assert isinstance(figure, Figure)
    expected_lo = lo if isinstance(lo, str) else F(lo)
    expected_hi = hi if isinstance(hi, str) else F(hi)
    assert figure.interval == Interval(expected_lo, expected_hi, lo_closed, hi_closed)


ROUNDING_CASES = [
    ("nearest", "2.5", F("2.45"), F("2.55"), True, True),
    ("half-up", "2.5", F("2.45"), F("2.55"), True, False),
    ("half-down", "2.5", F("2.45"), F("2.55"), False, True),
    ("half-even", "2.4", F("2.35"), F("2.45"), True, True),
    ("half-even", "2.5", F("2.45"), F("2.55"), False, False),
    ("ceiling", "2.5", F("2.4"), F("2.5"), False, True),
    ("floor", "2.5", F("2.5"), F("2.6"), True, False),
    ("truncate", "2.5", F("2.5"), F("2.6"), True, False),
    ("truncate", "-2.5", F("-2.6"), F("-2.5"), False, True),
    ("exact", "2.5", F("2.5"), F("2.5"), True, True),
    ("nearest", "23198", F("23197.5"), F("23198.5"), True, True),
]


@pytest.mark.parametrize(("rounding", "written", "lo", "hi", "lo_closed", "hi_closed"), ROUNDING_CASES)
def test_rounding_rules(rounding, written, lo, hi, lo_closed, hi_closed) -> None:
    figure = parse_value(written, rounding)
    assert figure.interval == Interval(lo, hi, lo_closed, hi_closed)


def test_codes_keep_their_terms() -> None:
    assert parse_value("1+14+26+242") == Code("1+14+26+242", (1, 14, 26, 242))


@pytest.mark.parametrize("bad", ["", "1e3", "abc", ".nan", "inf", "1_000", "3.2.1", "1" * 1000, "--5", "5万万"])
def test_unreadable_values_are_refused(bad: str) -> None:
    with pytest.raises(FigureError):
        parse_value(bad)


def test_unknown_rounding_is_refused() -> None:
    with pytest.raises(FigureError, match="unknown rounding"):
        parse_value("5", "sideways")


@pytest.mark.parametrize(("text", "value"), [("二〇一九", 2019), ("十", 10), ("三百", 300), ("一千零一", 1001)])
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_numeral(text) == value


# Properties ------------------------------------------------------------------

multipliers = st.sampled_from(["", "万", "亿", "千"])
decimals = st.integers(min_value=0, max_value=4)


@st.composite
def written_numbers(draw) -> str:
    whole = draw(st.integers(min_value=0, max_value=10**9))
    places = draw(decimals)
    fraction = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=places, max_size=places)))
    text = str(whole) + ("." + fraction if fraction else "")
    return text + draw(multipliers) + draw(st.sampled_from(["", "%"]))


@given(written_numbers(), st.sampled_from(ROUNDINGS))
def test_interval_contains_the_written_value_unless_rounding_excludes_it(written: str, rounding: str) -> None:
    figure = parse_value(written, rounding)
    assert isinstance(figure, Figure)
    # Only the one-sided roundings can leave the face value on an open end.
    if rounding not in ("half-even",):
        assert figure.interval.contains(figure.nominal)
    assert figure.interval.lo <= figure.nominal <= figure.interval.hi


@given(written_numbers())
def test_a_finer_precision_gives_a_narrower_interval(written: str) -> None:
    coarse = parse_value(written)
    finer = parse_value(_add_digit(written))
    assert coarse.interval.width is not None and finer.interval.width is not None
    if coarse.interval.width:
        assert finer.interval.width < coarse.interval.width


def _add_digit(written: str) -> str:
    """5.2万 -> 5.20万: one more written digit, same value."""
    number = written.rstrip("万亿千%")
    rest = written[len(number) :]
    return (number + ("0" if "." in number else ".0")) + rest


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_plain_integers_are_exact(n: int) -> None:
    figure = parse_value(str(n))
    assert figure.interval == Interval.point(n)


@given(st.text(max_size=30))
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    with contextlib.suppress(FigureError):
        parse_value(text)
