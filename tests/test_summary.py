"""Summary counts that add up, slack passes and draft rules, in every format (issue 14)."""

from __future__ import annotations

import json
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jinsha_cli.cli import app
from jinsha_cli.formats import FORMATS

from .conftest import write

runner = CliRunner()

# Two rules pass (one only within rounding: a 5.7% typed as 5.9% still "fits"), one is a
# draft, one fails; one quote does not state its value and one is not in the document.
FACTS = textwrap.dedent(
    """\
    source:
      document: article.txt
    facts:
      employed:
        value: 616
        unit: 人
        quote: 就业616人
      rate:
        value: 92.5%
        quote: 就业率92.5%
      townships:
        value: 21
        unit: 个
        quote: 辖21个乡镇
      streets:
        value: 5
        unit: 个
        quote: 辖6个街道
      villages:
        value: 242
        unit: 个
        quote: 242个行政村
    rules:
      fits:
        check: whole(employed / rate)
      fewer:
        check: streets < townships
      drafted:
        check: townships < villages
        draft: true
      wrong:
        check: streets > townships
    """
)
ARTICLE = "就业616人，就业率92.5%。辖21个乡镇、5个街道、242个村。"


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return write(tmp_path, FACTS)


def clean(tmp_path: Path) -> Path:
    """The same facts without the failing rule, quote and source: only the slack pass and the draft remain."""
    (tmp_path / "article.txt").write_text(ARTICLE.replace("242个村", "242个行政村"), encoding="utf-8")
    text = FACTS.replace("  wrong:\n    check: streets > townships\n", "").replace("辖6个街道", "5个街道")
    assert "wrong" not in text
    return write(tmp_path, text)


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def test_json_counts_add_up_with_quotes_and_source_apart(facts: Path) -> None:
    code, out = invoke("check", str(facts), "--format", "json")
    data = json.loads(out)
    summary = data["summary"]
    assert code == 1 and data["version"] == 2
    assert summary["rules"] == 4 == sum(summary[key] for key in ("passed", "failed", "skipped", "errors", "known"))
    assert (summary["passed"], summary["failed"], summary["slack"], summary["drafts"]) == (3, 1, 1, 1)
    assert summary["quotes_checked"] == summary["quotes_passed"] + summary["quotes_failed"] == 5
    assert summary["quotes_failed"] == 1
    assert summary["source_quotes_checked"] == summary["source_passed"] + summary["source_failed"] == 5
    assert summary["source_failed"] == 2  # 辖6个街道 and 242个行政村
    by_rule = {result["rule"]: result for result in data["results"]}
    assert by_rule["drafted"]["draft"] is True and "draft" not in by_rule["fewer"]
    assert by_rule["fits"]["slack"] is True


@pytest.mark.parametrize("name", ["concise", "table", "github"])
def test_the_human_formats_print_counts_that_add_up(facts: Path, name: str) -> None:
    _, out = invoke("check", str(facts), "--format", name)
    assert "3 passed, 1 failed, 0 skipped, 0 errors of 4 rules (1 only within rounding, 1 draft)" in out
    assert f"quotes: 4 of 5 state their value; 3 of 5 found in {facts.parent / 'article.txt'}" in out


def test_concise_lists_a_slack_pass_and_marks_drafts(facts: Path) -> None:
    _, out = invoke("check", str(facts), "--format", "concise", "--verbose")
    assert re.search(r":\d+:3: pass \(within rounding\) fits .*holds only within rounding", out)
    assert re.search(r":\d+:3: pass \(draft\) drafted ", out)
    _, quiet = invoke("check", str(facts), "--format", "concise")
    assert "pass (within rounding) fits" in quiet and " fewer " not in quiet  # a slack pass needs a look


def test_machine_formats_carry_slack_and_drafts(facts: Path) -> None:
    _, xml = invoke("check", str(facts), "--format", "junit")
    suite = ET.fromstring(xml).find("testsuite")
    assert suite is not None
    properties = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert properties["slack"] == "1" and properties["drafts"] == "1" and properties["rules"] == "4"
    drafted = next(case for case in suite.iter("testcase") if case.get("name") == "drafted")
    assert drafted.find("properties/property[@name='draft']") is not None
    _, sarif = invoke("check", str(facts), "--format", "sarif")
    run = json.loads(sarif)["runs"][0]
    assert run["properties"]["summary"]["slack"] == 1 and run["properties"]["summary"]["drafts"] == 1
    descriptors = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert descriptors["drafted"]["properties"]["draft"] is True
    assert descriptors["fewer"]["properties"]["draft"] is False
    _, github = invoke("check", str(facts), "--format", "github")
    assert "(1 only within rounding, 1 draft)" in github


@pytest.mark.parametrize("policy", ["warning", "error"])
def test_slack_can_be_promoted(facts: Path, policy: str) -> None:
    _, out = invoke("check", str(facts), "--format", "json", "--slack", policy)
    fits = next(result for result in json.loads(out)["results"] if result["rule"] == "fits")
    assert (fits["status"], fits["severity"], fits["slack"]) == ("fail", policy, True)
    summary = json.loads(out)["summary"]
    assert (summary["passed"], summary["failed"], summary["slack"]) == (2, 2, 1)
    _, concise = invoke("check", str(facts), "--format", "concise", "--slack", policy)
    marker = "" if policy == "error" else " (warning)"
    assert f"fail{marker} fits " in concise


def test_slack_promoted_to_error_fails_the_run(tmp_path: Path) -> None:
    path = clean(tmp_path)
    assert invoke("check", str(path), "--format", "concise")[0] == 0
    assert invoke("check", str(path), "--format", "concise", "--slack", "warning")[0] == 0
    assert invoke("check", str(path), "--format", "concise", "--slack", "error")[0] == 1
    code, _ = invoke("check", str(path), "--slack", "maybe")
    assert code == 2


def test_strict_fails_on_an_unreviewed_draft(tmp_path: Path) -> None:
    path = clean(tmp_path)
    assert invoke("check", str(path), "--format", "concise")[0] == 0
    code, out = invoke("check", str(path), "--format", "concise", "--strict")
    assert code == 1 and re.search(r":\d+:3: pass \(draft\) drafted ", out)
    _, github = invoke("check", str(path), "--format", "github", "--strict")
    assert "::error " in github and "title=jinsha pass (draft)%3A drafted" in github
    _, sarif = invoke("check", str(path), "--format", "sarif", "--strict")
    assert [r["ruleId"] for r in json.loads(sarif)["runs"][0]["results"]] == ["drafted"]
    _, xml = invoke("check", str(path), "--format", "junit", "--strict")
    assert ET.fromstring(xml).get("failures") == "1" and 'type="draft"' in xml
    # Reviewed: without draft: true the same file passes --strict.
    path.write_text(path.read_text(encoding="utf-8").replace("    draft: true\n", ""), encoding="utf-8")
    assert invoke("check", str(path), "--format", "concise", "--strict")[0] == 0


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_marks_the_draft(facts: Path, name: str) -> None:
    _, out = invoke("check", str(facts), "--format", name, "--verbose", "--strict")
    assert "draft" in out
