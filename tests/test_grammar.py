"""The grammar of official Chinese figures: 以内, a qualifier after the unit, 左右,
percentage points, lists spread over several quotes, unquoted dates.

Properties over the grammar (hypothesis) and the command line end to end.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from jinsha_cli.cli import app
from jinsha_cli.core.interval import NEG_INF, POS_INF, Interval
from jinsha_cli.core.numbers import Figure, FigureError, parse_value
from jinsha_cli.factfile.loader import load

from .conftest import write

runner = CliRunner()

digits = st.builds(
    lambda whole, places: f"{whole}.{places}" if places else str(whole),
    st.integers(1, 99999),
    st.sampled_from(["", "1", "25", "5", "05"]),
)
multipliers = st.sampled_from(["", "万", "亿"])
units = st.sampled_from(["人", "户", "元", "亩", "个", "人次"])


def figure(text: str, unit: str | None = None) -> Figure:
    value = parse_value(text, unit=unit)
    assert isinstance(value, Figure)
    return value


# 以内 --------------------------------------------------------------------------


def test_yinei_reads_as_at_most() -> None:
    assert figure("5.5%以内").interval == Interval(NEG_INF, Fraction(55, 1000), False, True)


def test_an_open_ended_percentage_is_shown_without_a_percent_infinity(tmp_path: Path) -> None:
    path = write(tmp_path, EMPLOYMENT)
    shown = runner.invoke(app, ["show", "target.surveyed", "--facts", str(path), "--format", "json"])
    assert json.loads(shown.stdout)["interval"] == "(-∞, 5.5%]"
    more = runner.invoke(app, ["show", "labour.new", "--facts", str(path), "--format", "json"])
    assert json.loads(more.stdout)["interval"] == "[1500, ∞)万人"


@given(digits, multipliers, st.booleans())
def test_yinei_means_what_yixia_and_buchaoguo_mean(number: str, multiplier: str, percent: bool) -> None:
    written = number + multiplier + ("%" if percent else "")
    at_most = figure(f"不超过{written}").interval
    assert figure(f"{written}以内").interval == at_most == figure(f"{written}以下").interval
    assert at_most.hi_closed and at_most.lo == NEG_INF


# A qualifier after the unit ---------------------------------------------------------


@given(digits, multipliers, units, st.sampled_from(["以上", "以下", "以内", "左右", ""]))
def test_the_unit_may_stand_where_the_document_puts_it(number: str, multiplier: str, unit: str, suffix: str) -> None:
    """1500万人以上 with unit 人 is read as 1500万以上, and is still written as the document writes it."""
    with_unit = figure(f"{number}{multiplier}{unit}{suffix}", unit=unit)
    assert with_unit.interval == figure(f"{number}{multiplier}{suffix}").interval
    assert with_unit.written == f"{number}{multiplier}{unit}{suffix}"


def test_another_unit_in_the_value_is_refused() -> None:
    try:
        parse_value("1500万人以上", unit="户")
    except FigureError as error:
        assert "cannot read" in str(error)
    else:
        raise AssertionError("a value naming another unit must be refused")


def test_1500_wan_ren_yishang_is_at_least_15_million() -> None:
    assert figure("1500万人以上", unit="人").interval == Interval(Fraction(15_000_000), POS_INF, True, False)


# 左右 --------------------------------------------------------------------------------


def test_zuoyou_is_half_a_step_of_the_last_nonzero_digit_either_side() -> None:
    assert figure("1500万人左右", unit="人").interval == Interval(Fraction(14_500_000), Fraction(15_500_000))
    assert figure("5%左右").interval == Interval(Fraction(45, 1000), Fraction(55, 1000))


@given(digits, multipliers, st.booleans())
def test_zuoyou_means_what_yue_means_and_holds_the_figure(number: str, multiplier: str, percent: bool) -> None:
    written = number + multiplier + ("%" if percent else "")
    about = figure(f"{written}左右")
    assert about.interval == figure(f"约{written}").interval
    assert about.interval.lo < about.nominal < about.interval.hi and about.rounded
    # never narrower than the rounding of the figure itself: 左右 claims less, not more
    plain = figure(written).interval
    assert about.interval.lo <= plain.lo and plain.hi <= about.interval.hi


# Percentage points -------------------------------------------------------------------------


@given(digits)
def test_points_are_fractions_as_percentages_are(number: str) -> None:
    as_percent = figure(f"{number}%").interval
    assert figure(number, unit="个百分点").interval == as_percent
    assert figure(f"{number}个百分点").interval == as_percent
    assert figure(number, unit="百分点").interval == as_percent


def test_points_with_a_percent_sign_are_refused() -> None:
    try:
        parse_value("3.4%", unit="个百分点")
    except FigureError as error:
        assert "without %" in str(error)
    else:
        raise AssertionError("3.4% in percentage points must be refused")


EMPLOYMENT = """\
source:
  title: 措施有力就业稳
  date: 2019-02-25
  subtitle: 去年我国城镇新增就业1361万人
facts:
  private.growth:
    value: 5.7%
    quote: 城镇私营企业和个体工商户就业人数同比分别增长5.7%和6.7%
  selfemployed.growth:
    value: 6.7%
    quote: 城镇私营企业和个体工商户就业人数同比分别增长5.7%和6.7%
  private.gap:
    value: 3.4
    unit: 个百分点
    quote: 高于城镇就业人员增速3.4和4.4个百分点
  selfemployed.gap:
    value: 4.4
    unit: 个百分点
    quote: 高于城镇就业人员增速3.4和4.4个百分点
  target.surveyed:
    value: 5.5%以内
    quote: 将城镇调查失业率控制在5.5%以内
  surveyed.monthly:
    value: 5%左右
    quote: 去年各月全国城镇调查失业率保持在5%左右
  labour.new:
    value: 1500万人以上
    unit: 人
    quote: 今年我国城镇就业的新增劳动力保持在1500万人以上
  tertiary.yearly:
    value: 1500万人左右
    unit: 人
    quote: 我国第三产业年均新增就业人员基本维持在1500万人左右
rules:
  urban.growth-agrees:
    check: private.growth - private.gap == selfemployed.growth - selfemployed.gap
  urban.growth-positive:
    check: private.growth - 3.4个百分点 > 0
  surveyed.within-target:
    check: surveyed.monthly <= target.surveyed
  labour.at-least-tertiary:
    check: labour.new >= tertiary.yearly
"""


def test_the_employment_grammar_checks_end_to_end(tmp_path: Path) -> None:
    path = write(tmp_path, EMPLOYMENT)
    result = runner.invoke(app, ["check", "--facts", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["problems"] == []
    assert {r["rule"]: r["status"] for r in data["results"]} == {
        "urban.growth-agrees": "pass",
        "urban.growth-positive": "pass",
        "surveyed.within-target": "pass",
        "labour.at-least-tertiary": "pass",
    }
    explained = runner.invoke(app, ["rule", "urban.growth-agrees", "--facts", str(path)]).stdout
    assert "5.7% - 3.4个百分点" in explained and "[2.2%, 2.4%]" in explained


def test_a_unit_mismatch_is_printed_once(tmp_path: Path) -> None:
    text = EMPLOYMENT + "  broken:\n    check: labour.new - private.gap > 0\n"
    path = write(tmp_path, text)
    for name in ("concise", "github", "table"):
        result = runner.invoke(app, ["check", "--facts", str(path), "--format", name])
        assert result.exit_code == 2
        assert result.stdout.count("cannot subtract") == 1, result.stdout


# A list spread over several quotes ------------------------------------------------------


LIST = """\
facts:
  policy.numbers:
    items: [1.3万亿元, 9.8亿元, 197.7亿元]
    quote:
      - 一是“1.3万亿元”
      - 二是“9.8亿元”
      - 三是“197.7亿元”
"""


def test_each_item_needs_some_quote_not_every_quote(tmp_path: Path) -> None:
    path = write(tmp_path, LIST)
    result = runner.invoke(app, ["check", "--facts", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stdout
    broken = write(tmp_path, LIST.replace("197.7亿元]", "197.8亿元]"), "b.yaml")
    result = runner.invoke(app, ["check", "--facts", str(broken), "--format", "json"])
    assert result.exit_code == 1
    (failure,) = [r for r in json.loads(result.stdout)["results"] if r["status"] == "fail"]
    assert failure["message"] == "'197.8亿元' is not in any of its quotes"


def test_a_figure_stated_several_times_is_in_every_quote(tmp_path: Path) -> None:
    text = "facts:\n  a:\n    value: 1361万\n    unit: 人\n    quote: [新增就业1361万人, 新增就业1362万人]\n"
    path = write(tmp_path, text)
    result = runner.invoke(app, ["check", "--facts", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert "does not state '1361万'" in result.stdout


# Unquoted dates ----------------------------------------------------------------------


def test_an_unquoted_date_is_text(tmp_path: Path) -> None:
    book = load(write(tmp_path, EMPLOYMENT))
    assert book.problems == [] and book.source["date"] == "2019-02-25"
    result = runner.invoke(app, ["check", "--facts", str(tmp_path / "facts.yaml"), "--format", "concise"])
    assert result.exit_code == 0 and "timestamp" not in result.output


def test_an_explicit_foreign_tag_is_still_refused(tmp_path: Path) -> None:
    book = load(write(tmp_path, "source:\n  date: !!timestamp 2019-02-25\nfacts: {}\n"))
    assert any("not allowed" in problem.message for problem in book.problems)
