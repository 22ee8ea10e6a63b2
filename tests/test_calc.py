"""`jinsha calc`: a rule expression evaluated against the facts, without writing a rule."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from jinsha_cli.check.calc import CalcError, calculate
from jinsha_cli.cli import app
from jinsha_cli.factfile.loader import load

from .conftest import FIXTURES, write

runner = CliRunner()
EMPLOYMENT = FIXTURES / "employment.facts.yaml"


def calc(*args: str):
    return runner.invoke(app, ["calc", "--facts", str(EMPLOYMENT), *args])


def test_a_number_gets_its_interval_and_the_steps() -> None:
    result = calc("jobs.urban_new / jobs.target_share")
    assert result.exit_code == 0, result.output
    assert "1361万人 means [1360.5, 1361.5]万人" in result.stdout
    assert "Value    1361万人 / 123.7% = [1099.3, 1101.1]万人" in result.stdout


def test_a_test_gets_the_verdict_and_explanation_that_rule_gives(tmp_path: Path) -> None:
    check = "private.firms.growth - private.firms.lead == private.selfemployed.growth - private.selfemployed.lead"
    tried = calc(check, "--format", "json")
    assert tried.exit_code == 0
    tried_data = json.loads(tried.stdout)
    ruled = runner.invoke(app, ["rule", "private.urban-growth-agrees", "--facts", str(EMPLOYMENT), "--format", "json"])
    rule_data = json.loads(ruled.stdout)
    assert tried_data["status"] == rule_data["status"] == "pass"
    assert tried_data["steps"] == rule_data["steps"] and tried_data["message"] == rule_data["message"]
    assert [fact["id"] for fact in tried_data["fact_details"]] == [f["id"] for f in rule_data["fact_details"]]


def test_a_failing_test_exits_1_and_says_by_how_much() -> None:
    result = calc("jobs.urban_new > 1400万")
    assert result.exit_code == 1
    assert "apart by 38.5万人" in result.stdout


def test_a_skipped_test_exits_1(tmp_path: Path) -> None:
    text = "facts:\n  a:\n    value: null\n    unit: 人\n    quote: 某\n  b: {value: 2, unit: 人, quote: 2人}\n"
    path = write(tmp_path, text)
    result = runner.invoke(app, ["calc", "--facts", str(path), "a < b"])
    assert result.exit_code == 1 and "a has no value" in result.stdout


def test_lists_and_codes_have_values_too() -> None:
    data = json.loads(calc("count(six.fields)", "--format", "json").stdout)
    assert data["status"] == "value" and data["message"] == "6 named"


def test_a_bad_expression_is_located_and_exits_2() -> None:
    result = calc("jobs.urban_new ** 2")
    assert result.exit_code == 2
    assert "no power operator (column 16)" in result.stderr
    assert "  jobs.urban_new ** 2\n                 ^\n" in result.stderr
    unknown = calc("jobs.urban_nw / 2")
    assert unknown.exit_code == 2 and "did you mean jobs.urban_new" in unknown.stderr
    assert "Traceback" not in unknown.output


def test_an_expression_split_over_arguments_is_joined() -> None:
    assert calc("jobs.urban_new", "/", "jobs.target_share").exit_code == 0


def test_the_library_call_is_what_the_command_prints() -> None:
    book = load(EMPLOYMENT)
    done = calculate(book, "sum(reemployment.unemployed, reemployment.hard_to_place)")
    assert done.result.status == "value" and done.exit_code == 0
    assert done.result.message == "551万人 + 181万人 = [731, 733]万人"
    try:
        calculate(book, "nope > 1")
    except CalcError as error:
        assert error.offset == 0 and "no fact 'nope'" in error.message
    else:
        raise AssertionError("an unknown fact must raise CalcError")


def test_calc_reads_the_project_facts(tmp_path: Path) -> None:
    """No --facts: the project configuration names the file, as for every fact command."""
    shutil.copy(EMPLOYMENT, tmp_path / "employment.facts.yaml")
    shutil.copy(FIXTURES / "employment.txt", tmp_path / "employment.txt")
    write(tmp_path, 'facts = ["employment.facts.yaml"]\n', "jinsha.toml")
    (tmp_path / "work").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "JINSHA_FACTS"}
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "calc", "labour.new_entrants >= 1500万"],
        cwd=tmp_path / "work",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1500万人以上 ≥ 1500万" in done.stdout
