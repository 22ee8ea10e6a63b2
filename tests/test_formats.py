"""Every output format: implemented, stable (snapshots), and valid for the tools that read it.

Snapshots live in tests/snapshots/. A mismatch fails; to regenerate them after a
deliberate change, run ``JINSHA_UPDATE_SNAPSHOTS=1 pytest tests/test_formats.py``
and review the diff.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jinsha_cli import check, load
from jinsha_cli.check.statistics import collect, rule_kind
from jinsha_cli.cli import app
from jinsha_cli.formats import (
    FORMATS,
    MACHINE_FORMATS,
    Options,
    Run,
    auto_format,
    file_format,
    get_renderer,
    render_text,
    write_report,
)
from jinsha_cli.formats.statistics import statistics_text

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SUFFIXES = {"table": "txt", "concise": "txt", "json": "json", "junit": "xml", "github": "txt", "sarif": "sarif"}
UPDATE = os.environ.get("JINSHA_UPDATE_SNAPSHOTS") == "1"

runner = CliRunner()


def mini_runs(mini: Path, **check_options: object) -> list[Run]:
    book = load(mini)
    return [Run(book, check(book, **check_options))]  # type: ignore[arg-type]


def normalized(text: str, tmp_path: Path) -> str:
    """The tmp folder replaced, as a path and as a file URI; trailing blanks dropped (the table pads)."""
    text = text.replace(tmp_path.as_uri(), "file://$TMP").replace(str(tmp_path), "$TMP")
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def line_of(path: Path, key: str) -> int:
    """The 1-based line where `key:` is written (a fact or rule id)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() == f"{key}:":
            return number
    raise AssertionError(f"{key} is not in {path}")


# The registry -----------------------------------------------------------------------------


def test_the_registry_has_every_format_of_the_issue() -> None:
    assert set(FORMATS) >= {"table", "concise", "json", "junit", "github", "sarif"}
    assert {"json", "junit", "sarif"} <= MACHINE_FORMATS <= set(FORMATS)


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_choice_is_implemented(name: str, mini: Path) -> None:
    renderer = get_renderer(name)
    out = io.StringIO()
    renderer(mini_runs(mini), out, Options(color=False, width=120))
    assert "west.count" in out.getvalue()  # the failing rule shows in every format


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_choice_is_accepted_by_the_command_line(name: str, mini: Path) -> None:
    result = runner.invoke(app, ["check", "--facts", str(mini), "--format", name], env={"COLUMNS": "160"})
    assert result.exit_code == 1, result.output
    assert "west.count" in result.stdout


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(KeyError):
        get_renderer("yaml")


def test_machine_formats_do_not_import_rich(mini: Path) -> None:
    code = (
        "import sys, io\n"
        "from jinsha_cli import load, check\n"
        "from jinsha_cli.formats import FORMATS, MACHINE_FORMATS, Run, Options, render_text\n"
        f"book = load({str(mini)!r})\n"
        "runs = [Run(book, check(book))]\n"
        "for name in sorted(MACHINE_FORMATS | {'concise', 'github'}):\n"
        "    render_text(name, runs, Options())\n"
        "print('rich' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


# Snapshots --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FORMATS))
def test_snapshot(name: str, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pass, fail, warning, known discrepancy and skip, in every format.

    Run from the fact file's folder, as people do: the human and CI formats show
    paths relative to it (mini.yaml:138:3), JSON the path as loaded."""
    monkeypatch.chdir(tmp_path)
    text = normalized(render_text(name, mini_runs(mini), Options(color=False, width=160)), tmp_path)
    assert str(tmp_path) not in text
    snapshot = SNAPSHOTS / f"mini.{name}.{SUFFIXES.get(name, 'txt')}"
    if UPDATE:
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.is_file(), f"no snapshot {snapshot.name}; create it with JINSHA_UPDATE_SNAPSHOTS=1"
    expected = snapshot.read_text(encoding="utf-8")
    assert text == expected, f"{name} output differs from {snapshot.name} (JINSHA_UPDATE_SNAPSHOTS=1 regenerates)"


def test_snapshots_cover_every_verdict() -> None:
    concise = (SNAPSHOTS / "mini.concise.txt").read_text(encoding="utf-8")
    for outcome in ("known ", "fail west.count", "fail (warning) ", "skip "):
        assert outcome in concise
    table = (SNAPSHOTS / "mini.table.txt").read_text(encoding="utf-8")
    assert "✓ pass" in table


def test_no_snapshot_is_left_over() -> None:
    expected = {f"mini.{name}.{SUFFIXES.get(name, 'txt')}" for name in FORMATS}
    assert {path.name for path in SNAPSHOTS.iterdir()} == expected


# JUnit ------------------------------------------------------------------------------------


def test_junit_parses_with_one_testcase_per_rule(mini: Path) -> None:
    root = ET.fromstring(render_text("junit", mini_runs(mini), Options()))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    book = load(mini)
    assert set(cases) == set(book.rules)  # every quote holds, so only rules
    assert cases["west.count"].find("failure") is not None
    assert cases["west.count"].get("line") == str(line_of(mini, "west.count"))
    assert cases["employment.poor.per-household"].find("failure").get("type") == "warning"  # type: ignore[union-attr]
    known = cases["county.streets-exceed-townships"].find("skipped")
    assert known is not None and "known discrepancy" in known.get("message", "")
    assert cases["labour.covers-employed"].find("skipped") is not None
    assert list(cases["command.villages"]) == []  # a pass has no child
    assert suite.get("tests") == "9" and suite.get("failures") == "2" and suite.get("skipped") == "3"
    assert suite.get("errors") == "0" and root.get("tests") == "9"


def test_junit_under_strict_fails_the_known_discrepancy(mini: Path) -> None:
    root = ET.fromstring(render_text("junit", mini_runs(mini, strict=True), Options()))
    case = next(c for c in root.iter("testcase") if c.get("name") == "county.streets-exceed-townships")
    assert case.find("failure") is not None


def test_junit_reports_problems_as_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("facts:\n  a:\n    value: 12abc\n    unit: 个\n    quote: x\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "-f", "junit"])
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    error = next(root.iter("error"))
    assert "12abc" in error.get("message", "") and root.get("errors") == "1"


# SARIF ------------------------------------------------------------------------------------


def test_sarif_has_the_required_fields_and_the_right_lines(mini: Path) -> None:
    result = runner.invoke(app, ["check", str(mini), "-f", "sarif"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["version"] == "2.1.0"
    assert data["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "jinsha"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert set(rule_ids) == set(load(mini).rules)
    by_rule = {}
    for finding in run["results"]:
        assert {"ruleId", "level", "message", "locations"} <= set(finding)
        assert finding["level"] in ("error", "warning", "note", "none")
        assert finding["message"]["text"]
        assert rule_ids[finding["ruleIndex"]] == finding["ruleId"]
        location = finding["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"]
        assert location["region"]["startColumn"] == 3
        by_rule[finding["ruleId"]] = finding
    assert set(by_rule) == {"west.count", "employment.poor.per-household", "county.streets-exceed-townships"}
    for rule_id, finding in by_rule.items():
        assert finding["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(mini, rule_id)
    assert by_rule["west.count"]["level"] == "error"
    assert by_rule["employment.poor.per-household"]["level"] == "warning"
    suppression = by_rule["county.streets-exceed-townships"]["suppressions"][0]
    assert suppression["kind"] == "inSource" and suppression["justification"].startswith("kept to exercise")


def test_sarif_validates_against_the_parts_of_the_schema_it_uses(mini: Path) -> None:
    """A hand-written subset of the SARIF 2.1.0 schema (the full one is not shipped offline)."""
    jsonschema = pytest.importorskip("jsonschema")
    location = {
        "type": "object",
        "required": ["physicalLocation"],
        "properties": {
            "physicalLocation": {
                "type": "object",
                "required": ["artifactLocation", "region"],
                "properties": {
                    "artifactLocation": {"type": "object", "required": ["uri"]},
                    "region": {
                        "type": "object",
                        "required": ["startLine"],
                        "properties": {
                            "startLine": {"type": "integer", "minimum": 1},
                            "startColumn": {"type": "integer", "minimum": 1},
                        },
                    },
                },
            }
        },
    }
    schema = {
        "type": "object",
        "required": ["version", "$schema", "runs"],
        "properties": {
            "version": {"const": "2.1.0"},
            "runs": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["tool", "results"],
                    "properties": {
                        "tool": {
                            "type": "object",
                            "required": ["driver"],
                            "properties": {
                                "driver": {
                                    "type": "object",
                                    "required": ["name", "rules"],
                                    "properties": {
                                        "rules": {"type": "array", "items": {"type": "object", "required": ["id"]}}
                                    },
                                }
                            },
                        },
                        "results": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["ruleId", "level", "message", "locations"],
                                "properties": {
                                    "level": {"enum": ["none", "note", "warning", "error"]},
                                    "message": {"type": "object", "required": ["text"]},
                                    "locations": {"type": "array", "minItems": 1, "items": location},
                                },
                            },
                        },
                    },
                },
            },
        },
    }
    jsonschema.validate(json.loads(render_text("sarif", mini_runs(mini), Options())), schema)


def test_sarif_paths_are_relative_inside_the_working_folder(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini.parent)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    data = json.loads(render_text("sarif", mini_runs(mini), Options()))
    artifact = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "mini.yaml", "uriBaseId": "%SRCROOT%"}


def test_sarif_reports_problems_as_notifications(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("facts:\n  a:\n    value: 12abc\n    unit: 个\n    quote: x\n", encoding="utf-8")
    data = json.loads(runner.invoke(app, ["check", str(path), "-f", "sarif"]).stdout)
    invocation = data["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    region = invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 12)


# GitHub -----------------------------------------------------------------------------------


def test_auto_is_github_under_actions() -> None:
    assert auto_format(False, {"GITHUB_ACTIONS": "true"}) == "github"
    assert auto_format(True, {"GITHUB_ACTIONS": "true"}) == "github"
    assert auto_format(True, {}) == "table"
    assert auto_format(True, {"NO_COLOR": "1"}) == "concise"
    assert auto_format(False, {}) == "concise"
    assert auto_format(False, {"GITHUB_ACTIONS": "false"}) == "concise"


def test_github_format_is_chosen_in_a_faked_actions_environment(mini: Path) -> None:
    result = runner.invoke(app, ["check", str(mini)], env={"GITHUB_ACTIONS": "true", "JINSHA_FORMAT": None})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"::group::jinsha check {mini.as_posix()}"
    assert "::endgroup::" in lines
    error = next(line for line in lines if line.startswith("::error "))
    assert f"line={line_of(mini, 'west.count')},col=3,title=jinsha fail%3A west.count::" in error
    assert any(line.startswith("::warning ") and "per-household" in line for line in lines)
    assert any(line.startswith("::notice ") and "streets-exceed-townships" in line for line in lines)
    assert lines[-2].endswith("4 passed, 2 failed, 2 skipped, 0 errors, 1 known of 9 rules (1 only within rounding)")


def test_github_format_can_be_overridden(mini: Path) -> None:
    env = {"GITHUB_ACTIONS": "true", "JINSHA_FORMAT": None}
    result = runner.invoke(app, ["check", str(mini), "--format", "json"], env=env)
    assert json.loads(result.stdout)["summary"]["failed"] == 2
    result = runner.invoke(app, ["check", str(mini)], env={"GITHUB_ACTIONS": "true", "JINSHA_FORMAT": "concise"})
    assert "::group::" not in result.stdout and ": fail west.count " in result.stdout


def test_github_escapes_newlines_and_separators() -> None:
    from jinsha_cli.formats.github import command

    line = command("error", "50%\nmore", file="a,b.yaml", line=3, title="x: y")
    assert line == "::error file=a%2Cb.yaml,line=3,title=x%3A y::50%25%0Amore\n"


# Machine formats keep stdout parseable; the second report ---------------------------------


@pytest.mark.parametrize("name", sorted(MACHINE_FORMATS))
def test_machine_formats_put_the_summary_on_stderr(name: str, mini: Path) -> None:
    result = runner.invoke(app, ["check", str(mini), "-f", name, "--statistics"])
    assert "passed" in result.stderr and "kind" in result.stderr
    if name == "junit":
        ET.fromstring(result.stdout)
    else:
        json.loads(result.stdout)


def test_output_file_writes_a_second_format(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "jinsha.sarif"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["check", str(mini), "-f", "concise", "--output-file", str(target)])
    assert result.exit_code == 1
    assert ": fail west.count " in result.stdout  # the console keeps its format
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert [p.name for p in target.parent.iterdir()] == ["jinsha.sarif"]  # no temporary file left behind
    junit = tmp_path / "report.out"
    args = ["check", str(mini), "-f", "json", "--output-file", str(junit), "--output-file-format", "junit"]
    result = runner.invoke(app, args)
    assert json.loads(result.stdout)["summary"]["failed"] == 2
    assert ET.parse(junit).getroot().get("failures") == "2"


def test_output_file_format_errors_exit_2(mini: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["check", str(mini), "--output-file", str(tmp_path / "x.bin")]).exit_code == 2
    args = ["check", str(mini), "--output-file", str(tmp_path / "x.json"), "--output-file-format", "yaml"]
    assert runner.invoke(app, args).exit_code == 2
    assert runner.invoke(app, ["check", str(mini), "--output-file-format", "json"]).exit_code == 2
    missing = tmp_path / "no-such-folder" / "x.json"
    result = runner.invoke(app, ["check", str(mini), "--output-file", str(missing)])
    assert result.exit_code == 2 and "cannot write" in result.stderr


def test_file_format_from_the_suffix() -> None:
    assert file_format("r.json") == "json" and file_format("r.xml") == "junit" and file_format("r.SARIF") == "sarif"
    assert file_format("r.anything", "github") == "github"
    with pytest.raises(ValueError):
        file_format("r.yaml")


def test_a_failed_write_keeps_the_old_report(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_report(target, "json", mini_runs(mini), Options())
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


# Statistics -------------------------------------------------------------------------------


def test_statistics_count_rule_kinds_and_tags(mini: Path) -> None:
    runs = mini_runs(mini)
    stats = collect([(run.book, run.report) for run in runs])
    kinds = stats.by_kind
    assert kinds["whole"] == {"pass": 1, "fail": 0, "known": 0, "stale": 0, "skip": 1, "error": 0}
    assert kinds["between"]["fail"] == 1 and kinds["digits"]["pass"] == 1
    assert kinds["comparison"] == {"pass": 2, "fail": 1, "known": 1, "stale": 0, "skip": 1, "error": 0}
    assert kinds["quote"]["pass"] == sum(1 for fact in runs[0].book.facts.values() if fact.quotes)
    assert stats.by_tag["grim"]["pass"] == 1 and stats.by_tag["grim"]["skip"] == 1
    assert stats.by_tag["structure"]["known"] == 1
    text = statistics_text(stats)
    assert re.search(r"^whole\s+2\s+1\s+0\s+0\s+0\s+1\s+0$", text, re.MULTILINE)
    assert re.search(r"^grim\s+2\s+1\s+0\s+0\s+0\s+1\s+0$", text, re.MULTILINE)


def test_rule_kinds_name_the_top_function() -> None:
    from jinsha_cli.rules import expr

    assert rule_kind(expr.parse("whole(a / b)")) == "whole"
    assert rule_kind(expr.parse("a == b + c")) == "comparison"
    assert rule_kind(expr.parse("a > 1 and b > 1")) == "logic"
    assert rule_kind(None) == "invalid"


def test_statistics_follow_the_report_on_stdout_for_people(mini: Path) -> None:
    result = runner.invoke(app, ["check", str(mini), "-f", "concise", "--statistics"])
    out = result.stdout
    assert out.index("4 passed, 2 failed") < out.index("kind ") < out.index("tag ")
    assert re.search(r"^between\s+1\s+0\s+1", out, re.MULTILINE)


# Selection and several files, as the machine formats see them -----------------------------------


def test_ignore_by_tag_and_select_by_glob_reach_every_format(mini: Path) -> None:
    args = ["check", str(mini), "--ignore", "tag:structure", "--ignore", "tag:lists", "-f", "junit"]
    result = runner.invoke(app, args)
    names = {case.get("name") for case in ET.fromstring(result.stdout).iter("testcase")}
    assert names == {
        "industry.code-digits",
        "employment.poor.rate-fits-count",
        "employment.edge.rate-fits-count",
        "employment.poor.per-household",
        "labour.covers-employed",
    }
    assert result.exit_code == 0  # only the warning fails, and it does not set exit 1
    result = runner.invoke(app, ["check", str(mini), "--select", "employment.*.rate-*", "-f", "sarif"])
    rules = [rule["id"] for rule in json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]]
    assert rules == ["employment.poor.rate-fits-count", "employment.edge.rate-fits-count"]
    result = runner.invoke(app, ["check", str(mini), "--select", "tag:grim", "--select", "west.", "-f", "json"])
    selected = [r["rule"] for r in json.loads(result.stdout)["results"]]
    assert sorted(selected) == ["employment.edge.rate-fits-count", "employment.poor.rate-fits-count", "west.count"]
    assert result.exit_code == 1


def test_several_files_in_the_machine_formats(mini: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean.yaml"  # the same file with its error-severity failure repaired
    clean.write_text(mini.read_text(encoding="utf-8").replace("== 6", "== 5"), encoding="utf-8")
    assert runner.invoke(app, ["check", str(clean), "-f", "json"]).exit_code == 0
    result = runner.invoke(app, ["check", str(mini), str(clean), "-f", "junit"])
    suites = ET.fromstring(result.stdout).findall("testsuite")
    assert [suite.get("name") for suite in suites] == [mini.as_posix(), clean.as_posix()]
    assert result.exit_code == 1
    data = json.loads(runner.invoke(app, ["check", str(mini), str(clean), "-f", "sarif"]).stdout)
    (run,) = data["runs"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {mini.as_uri(), clean.as_uri()}
    assert len(run["tool"]["driver"]["rules"]) == len(load(mini).rules)  # one descriptor per rule id
