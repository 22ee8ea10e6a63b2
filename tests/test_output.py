"""What people read: exact interval ends, results in the figures' own terms (issue 14)."""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jinsha_cli.cli import app
from jinsha_cli.core.display import format_end, format_interval
from jinsha_cli.core.interval import Interval

from .conftest import write

runner = CliRunner()

RATES = textwrap.dedent(
    """\
    facts:
      a: {value: 1.27, unit: 元, quote: 人均1.27元}
      b: {value: 3.45, unit: 元, quote: 人均3.45元}
      c: {value: 12.27, unit: 元, quote: 人均12.27元}
      before: {value: 1.8%, quote: 去年为1.8%}
      after: {value: 2.3%, quote: 今年为2.3%}
      urban: {value: 1100.2万, unit: 人, quote: 城镇新增就业1100.2万人}
      target: {value: 1361万, unit: 人, quote: 全年新增1361万人}
      share: {value: 0.5%, quote: 占0.5%}
    rules:
      rates-equal: {check: before == after}
      people-equal: {check: urban == target}
      rise: {check: after - before == 0.7%}
      base: {check: urban / share >= 1}
    """
)


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize(
    ("fact", "interval"), [("a", "[1.265, 1.275]"), ("b", "[3.445, 3.455]"), ("c", "[12.265, 12.275]")]
)
def test_show_writes_interval_ends_exactly(tmp_path: Path, fact: str, interval: str) -> None:
    path = write(tmp_path, RATES)
    out = cli("show", fact, "--facts", str(path))
    assert f"means {interval}元" in out
    data = json.loads(cli("show", fact, "--facts", str(path), "--format", "json"))
    assert data["interval"] == f"{interval}元"
    # The rule view shows the same ends.
    assert interval in cli("list", "--facts", str(path), "--format", "table")


def test_an_end_no_short_decimal_writes_is_rounded_outward() -> None:
    lo, hi = Fraction(35526) / Fraction("0.9575"), Fraction(35526) / Fraction("0.9565")
    assert format_end(lo, -1) == "37102.8" and format_end(hi, 1) == "37141.7"
    shown = format_interval(Interval(lo, hi))
    low, high = (Fraction(part) for part in shown.strip("[]").split(", "))
    assert low <= lo and hi <= high  # the interval shown contains the real one
    assert format_interval(Interval(Fraction(11098) / Fraction("0.965"), Fraction(11098) / Fraction("0.955"))) == (
        "[11500.5, 11621.0]"  # a rounded end keeps its zero: 11621 alone would read as exact
    )


def test_results_speak_in_percent_points_and_wan(tmp_path: Path) -> None:
    path = write(tmp_path, RATES)
    lines = {line.split()[2]: line for line in cli("check", str(path), "--format", "concise").splitlines()[:-1]}
    assert "1.8% ≠ 2.3%: apart by 0.4 percentage points; the left side would need 2.25%" in lines["rates-equal"]
    assert "1100.2万人 ≠ 1361万人: apart by 260.2万人; the left side would need 1360.5万人" in lines["people-equal"]
    assert "= [0.4, 0.6] percentage points ≠ 0.7%: apart by 0.1 percentage points" in lines["rise"]
    steps = "\n".join(json.loads(cli("rule", "people-equal", "--facts", str(path), "--format", "json"))["steps"])
    assert "urban = 1100.2万人 means [1100.15, 1100.25]万人" in steps
    assert "[1100.15, 1100.25]万 = [1360.5, 1361.5]万: no values satisfy it" in steps
    # A quotient in people reads in 万, like the figure it scales.
    steps = "\n".join(json.loads(cli("rule", "base", "--facts", str(path), "--format", "json"))["steps"])
    assert "1100.2万人 / 0.5% = [1100.15, 1100.25]万 / [0.45%, 0.55%] = [200027.2, 244500]万人" in steps
    for line in lines.values():
        assert "0.017" not in line and "0.023" not in line and "11002000" not in line
