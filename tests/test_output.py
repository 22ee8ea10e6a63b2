"""What people read: exact interval ends, results in the figures' own terms (issue 14)."""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jinsha_cli import load as load_book
from jinsha_cli.cli import app
from jinsha_cli.core.display import (
    EXACT_PLACES,
    PERCENT,
    PLAIN,
    Scale,
    decimal_places,
    format_end,
    format_interval,
    scale_of,
)
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


# Failures up front ---------------------------------------------------------------------


def table_of(*args: str, columns: int) -> str:
    result = runner.invoke(app, ["check", *args, "--format", "table"], env={"COLUMNS": str(columns)})
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("columns", [80, 150])
def test_rule_ids_are_never_wrapped(bundled_copy: Path, columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bundled_copy.parent)
    out = table_of("facts.yaml", columns=columns)
    ids = list(load_book(bundled_copy).rules)
    assert max(len(rule_id) for rule_id in ids) > 50  # county.former-poor-townships-within-townships...
    lines = out.splitlines()
    for rule_id in ids:
        assert any(rule_id in line for line in lines), f"{rule_id} is broken across lines at {columns} columns"
    assert max(len(line) for line in lines) <= columns
    assert "facts.yaml:1355" in out  # file:line beside each rule


@pytest.mark.parametrize("columns", [80, 150])
def test_what_needs_attention_is_printed_again_after_the_table(bundled_copy: Path, columns: int) -> None:
    out = table_of(str(bundled_copy), columns=columns)
    recap = out[out.index("Needs attention (5):") :]
    for rule_id in (
        "sections.in-order",
        "consolidation.documents-distinct",
        "employment.poor.rate-fits-count",
        "employment.relocation.rate-fits-count",
        "employment.edge.rate-fits-count",  # held only within rounding
    ):
        assert rule_id in recap
    assert "county.density-plausible" not in recap
    assert recap.index("employment.edge.rate-fits-count") < recap.index("128 passed")


def test_failures_only_leaves_the_passes_out(bundled_copy: Path) -> None:
    out = table_of(str(bundled_copy), "--failures-only", columns=150)
    assert "county.density-plausible" not in out and "✓ pass  " not in out.replace("✓ pass ~", "")
    assert "sections.in-order" in out and "employment.poor.rate-fits-count" in out
    assert "128 passed, 0 failed, 2 skipped, 0 errors, 2 known of 132 rules" in out
    assert "Needs attention" not in out  # the table itself is the list


def test_concise_uses_the_path_as_given(bundled_copy: Path) -> None:
    import subprocess
    import sys

    for args in ([], ["facts.yaml"], ["./facts.yaml"]):
        done = subprocess.run(
            [sys.executable, "-m", "jinsha_cli", "check", "--format", "concise", *args],
            cwd=bundled_copy.parent,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        finding = done.stdout.splitlines()[0]
        assert finding.startswith("facts.yaml:1333:3: known sections.in-order"), finding
        assert str(bundled_copy.parent) not in done.stdout.replace(str(bundled_copy.parent.parent / "shared"), "")


def test_list_piped_is_one_plain_fact_a_line(bundled_copy: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "list", "--facts", str(bundled_copy)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and len(lines) == len(load_book(bundled_copy).facts) == 159
    assert not any(ch in done.stdout for ch in "┏│━")
    rate = next(line for line in lines if line.startswith("employment.poor.rate\t"))
    assert rate.split("\t")[:3] == ["employment.poor.rate", "95.7%", "[95.65%, 95.75%]"]
    # An explicit table is still a table.
    wide = runner.invoke(app, ["list", "--facts", str(bundled_copy), "--format", "table"], env={"COLUMNS": "150"})
    assert "┏" in wide.stdout


def test_rule_accepts_a_prefix_or_a_glob_like_select(bundled_copy: Path) -> None:
    result = runner.invoke(app, ["rule", "employment.*.rate-fits-count", "--facts", str(bundled_copy), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [r["rule"] for r in json.loads(result.stdout)] == [
        "employment.poor.rate-fits-count",
        "employment.relocation.rate-fits-count",
        "employment.edge.rate-fits-count",
    ]
    selected = runner.invoke(
        app, ["check", str(bundled_copy), "-f", "json", "--select", "employment.*.rate-fits-count"]
    )
    assert [r["rule"] for r in json.loads(selected.stdout)["results"] if r["kind"] == "rule"] == [
        r["rule"] for r in json.loads(result.stdout)
    ]
    one = runner.invoke(app, ["rule", "industry.target-dig", "--facts", str(bundled_copy), "-f", "json"])
    assert one.exit_code == 0 and json.loads(one.stdout)["rule"] == "industry.target-digits"


# A value that cannot be read -----------------------------------------------------------


def test_a_rule_on_an_unreadable_value_says_so_and_points_at_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "facts:\n  a:\n    value: 12abc\n    unit: 人\n    quote: 共12abc人\n"
        "  b:\n    value: 5\n    unit: 人\n    quote: 5人\n  c:\n    value: null\n    unit: 人\n"
        "rules:\n  r:\n    check: b < a\n  s:\n    check: b < c\n",
    )
    result = runner.invoke(app, ["check", str(path), "--format", "concise"])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert f"{path}:3:12: problem cannot read '12abc'" in lines[0]
    rule = next(line for line in lines if " r " in line)
    assert f"skip r not checked: the value of a, '12abc', could not be read ({path}:3:12: cannot read" in rule
    assert "has no value" not in rule
    # A fact with no value at all is still just that.
    assert any(" s skipped: c has no value" in line for line in lines)
    explained = json.loads(cli("rule", "r", "--facts", str(path), "--format", "json"))
    assert explained["status"] == "skip" and f"could not be read ({path}:3:12" in explained["message"]


def test_a_digit_code_reads_each_figure_in_its_own_terms(bundled_copy: Path) -> None:
    steps = json.loads(cli("rule", "industry.target-digits", "--facts", str(bundled_copy), "-f", "json"))["steps"]
    assert "digit 1: 4 ← 40万亩 (industry.target.tea), read at face value 40万: leads with 4 ✓" in steps
    assert not any("400000" in step for step in steps)


@pytest.mark.parametrize("columns", [80, 150])
@pytest.mark.parametrize("command", [["list", "--format", "table"], ["rule"]])
def test_lookup_views_keep_ids_whole(bundled_copy: Path, columns: int, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--facts", str(bundled_copy)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    book = load_book(bundled_copy)
    for item_id in book.rules if command == ["rule"] else book.facts:
        assert any(item_id in line for line in lines), f"{item_id} is broken across lines at {columns} columns"


@settings(max_examples=300, deadline=None)
@given(
    st.fractions(min_value=-(10**9), max_value=10**9),
    st.fractions(min_value=0, max_value=10**6),
    st.sampled_from([PLAIN, PERCENT, scale_of("3万")]),
)
def test_an_interval_shown_always_contains_the_real_one(lo: Fraction, width: Fraction, scale: Scale) -> None:
    interval = Interval(lo, lo + width)
    shown = format_interval(interval, scale=scale)
    if interval.is_point:
        return
    body = shown if scale == PERCENT else shown.removesuffix(scale.suffix)  # [1%, 2%] or [1, 2]万
    ends = body[1:-1].replace("%", "").split(", ")
    low, high = (Fraction(end) * scale.factor for end in ends)
    assert low <= interval.lo and interval.hi <= high, shown
    for end, value in zip(ends, (interval.lo, interval.hi), strict=True):
        places = decimal_places(value / scale.factor)
        if places is not None and places <= EXACT_PLACES:
            assert Fraction(end) * scale.factor == value, shown  # a short decimal is written exactly
