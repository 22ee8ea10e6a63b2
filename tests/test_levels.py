"""One answer to "how serious is this result", and every format maps it the same way.

``core.model.level`` decides it from a result's status, severity, known, stale
and draft (and --strict); ``Report.failing`` and every output format read it.
The first tests go over every combination of the vocabularies; the last ones
check a file holding each combination in every format, end to end.
"""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from jinsha_cli import check, load
from jinsha_cli.core.model import Level, Outcome, Report, Result, Severity, Status, level
from jinsha_cli.formats import (
    FORMATS,
    Options,
    Run,
    github,
    junit,
    needs_attention,
    problem_of,
    render_text,
    sarif,
    table,
    zh,
)

# Most serious first; each format's own levels, ranked the same way.
GITHUB_RANK = {"error": 3, "warning": 2, "notice": 1, None: 0}
JUNIT_RANK = {"error": 3, "failure": 2, "skipped": 1, "pass": 0}
SARIF_RANK = {"error": 3, "warning": 2, "note": 1, None: 0}


def result(status: str, severity: str, *, known: str | None = None, stale: bool = False, draft: bool = False) -> Result:
    return Result(
        rule="r", status=status, severity=severity, message="m", facts=[], file="f.yaml", line=1,
        known=known, stale=stale, draft=draft,
    )  # fmt: skip


def every_result() -> list[Result]:
    """Every combination a checker can produce (a stale rule is one that passes)."""
    combinations = []
    for status, severity, known, draft in itertools.product(Status, Severity, (None, "why"), (False, True)):
        combinations.append(result(status, severity, known=known, draft=draft))
        if status is Status.PASS and known:
            combinations.append(result(status, severity, known=known, stale=True, draft=draft))
    return combinations


# The vocabularies ----------------------------------------------------------------------------


def test_the_terms_are_their_text() -> None:
    """So that the JSON and every format read as they did with plain strings."""
    for term in [*Status, *Severity, *Outcome, *Level]:
        assert term == term.value and f"{term}" == term.value and str(term) == term.value
        assert json.dumps(term) == json.dumps(term.value) and json.dumps({term: 1}) == json.dumps({term.value: 1})


def test_every_status_and_severity_has_a_level() -> None:
    levels = {strict: {level(candidate, strict) for candidate in every_result()} for strict in (False, True)}
    assert levels[False] == set(Level), "a level that no result can have"
    assert levels[True] == set(Level) - {Level.WARNING}  # under --strict, a failing warning fails the run


def test_a_status_or_severity_outside_the_vocabularies_has_no_level() -> None:
    with pytest.raises(KeyError):
        level(result("maybe", "error"))
    with pytest.raises(KeyError):
        level(result("fail", "fatal"))


@pytest.mark.parametrize("strict", [False, True])
def test_failing_is_the_level(strict: bool) -> None:
    """A result fails the run exactly when its level says so: the exit code follows."""
    for candidate in every_result():
        report = Report("f.yaml", [candidate], [], strict=strict)
        assert report.failing(candidate) is level(candidate, strict).fails_run
        assert report.exit_code == (1 if level(candidate, strict).fails_run else 0)


def test_what_fails_the_run() -> None:
    assert level(result("fail", "error")) is Level.FAILING
    assert level(result("fail", "error", known="why")) is Level.KNOWN
    assert level(result("fail", "error", known="why"), strict=True) is Level.FAILING
    assert level(result("fail", "warning")) is Level.WARNING
    assert level(result("fail", "warning"), strict=True) is Level.FAILING
    assert level(result("fail", "info"), strict=True) is Level.NOTE
    assert level(result("pass", "info", known="why", stale=True)) is Level.FAILING
    assert level(result("skip", "error", draft=True)) is Level.SKIPPED
    assert level(result("skip", "error", draft=True), strict=True) is Level.FAILING
    assert level(result("error", "info")) is Level.ERROR


# Every format maps every level ----------------------------------------------------------------


@pytest.mark.parametrize(
    "mapping", [github.ANNOTATIONS, sarif.RESULT_LEVELS, junit.CASES], ids=["github", "sarif", "junit"]
)
def test_every_format_maps_every_level(mapping: dict[Level, object]) -> None:
    assert set(mapping) == set(Level)


def test_every_outcome_and_severity_has_its_words() -> None:
    reported = set(Outcome) - {Outcome.VALUE}  # a value is `jinsha calc`'s alone, shown apart
    assert set(table.STYLES) == reported
    assert set(zh.OUTCOMES) == reported
    assert set(zh.SEVERITIES) == set(Severity)
    assert set(sarif.RULE_LEVELS) == set(Severity)


def test_the_formats_rank_the_levels_alike() -> None:
    """Down the levels, no format's own level rises; the run's failures are errors everywhere."""
    order = list(Level)
    for before, after in itertools.pairwise(order):
        assert GITHUB_RANK[github.ANNOTATIONS[before]] >= GITHUB_RANK[github.ANNOTATIONS[after]]
        assert JUNIT_RANK[junit.CASES[before]] >= JUNIT_RANK[junit.CASES[after]]
    for each in Level:
        sarif_level = sarif.RESULT_LEVELS[each]
        assert (github.ANNOTATIONS[each] == "error") is each.fails_run is (sarif_level == "error")
        quiet = each in (Level.SKIPPED, Level.PASSED)  # counted, not reported
        assert (github.ANNOTATIONS[each] is None) is (sarif_level is None) is quiet
        assert (junit.CASES[each] in ("skipped", "pass")) is (quiet or each is Level.KNOWN)
        assert (junit.CASES[each] == "pass") is (each is Level.PASSED)
    ranked = [SARIF_RANK[sarif.RESULT_LEVELS[each]] for each in order if each is not Level.KNOWN]
    assert ranked == sorted(ranked, reverse=True)
    # An acknowledged discrepancy: a notice, a skipped test case, a suppressed SARIF result at its rule's level.
    assert (github.ANNOTATIONS[Level.KNOWN], junit.CASES[Level.KNOWN]) == ("notice", "skipped")
    assert sarif.RESULT_LEVELS[Level.KNOWN] == sarif.RULE_LEVEL


# End to end: a file with every combination, in every format ---------------------------------------

RULES = {"pass": "a == 10", "fail": "a == 11", "skip": "hollow == 1"}


@pytest.fixture
def every_kind(tmp_path: Path) -> Path:
    """A rule for each status x severity x known x draft, and a stale known for each severity."""
    lines = [
        "facts:",
        "  a: {value: 10, unit: 个, quote: 共10个}",
        "  hollow: {value: null, unit: 个, quote: 若干个}",
        "rules:",
    ]
    for (name, check_text), severity, known, draft in itertools.product(
        RULES.items(), Severity, (False, True), (False, True)
    ):
        rule_id = f"{name}.{severity}{'.known' if known else ''}{'.draft' if draft else ''}"
        lines += [f"  {rule_id}:", f"    check: {check_text}", f"    severity: {severity}"]
        lines += ["    known: acknowledged"] if known else []
        lines += ["    draft: true"] if draft else []
    lines += ["  broken.units:", "    check: a + 1 == 11 个"]
    path = tmp_path / "every.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("strict", [False, True])
def test_every_format_shows_each_result_at_its_level(every_kind: Path, strict: bool) -> None:
    book = load(every_kind)
    report = check(book, strict=strict)
    runs = [Run(book, report)]
    levels = {r.rule: report.level(r) for r in report.results}
    assert set(levels.values()) == set(Level) - ({Level.WARNING} if strict else set())  # every level there is
    hidden = {r.rule for r in report.results if problem_of(report, r)}  # said once, as the problem
    assert hidden, "the broken rule is a problem of the file"

    annotated = {}
    for line in render_text("github", runs, Options()).splitlines():
        annotation = re.match(r"::(\w+) .*,title=jinsha [^,]*?%3A ([^,:]+)::", line)
        if annotation:
            annotated[annotation[2]] = annotation[1]
    sarif_levels = {
        entry["ruleId"]: entry["level"]
        for entry in json.loads(render_text("sarif", runs, Options()))["runs"][0]["results"]
    }
    cases = {}
    for case in ET.fromstring(render_text("junit", runs, Options())).iter("testcase"):
        children = [child.tag for child in case if child.tag != "properties"]
        cases[case.get("name")] = children[0] if children else "pass"
    concise = render_text("concise", runs, Options())
    shown_by_table = render_text("table", runs, Options(color=False, width=200, failures_only=True))

    by_rule = {r.rule: r for r in report.results}
    for rule_id, each in levels.items():
        found = by_rule[rule_id]
        assert cases.get(rule_id) == junit.CASES[each], rule_id
        expected_sarif = sarif.RESULT_LEVELS[each]
        if expected_sarif == sarif.RULE_LEVEL:
            expected_sarif = sarif.RULE_LEVELS[found.severity]
        assert sarif_levels.get(rule_id) == expected_sarif, rule_id
        if rule_id in hidden:
            continue
        assert annotated.get(rule_id) == github.ANNOTATIONS[each], rule_id
        attention = needs_attention(report, found)
        assert attention is (each is not Level.PASSED or found.slack)
        assert (f" {rule_id} " in concise) is attention, rule_id
        assert bool(re.search(rf"(?<![\w.]){re.escape(rule_id)}(?![\w.])", shown_by_table)) is attention, rule_id
    assert set(FORMATS) == {"table", "concise", "json", "junit", "github", "sarif"}  # each one checked here
    document = json.loads(render_text("json", runs, Options()))
    assert document["summary"]["exit_code"] == report.exit_code == 2  # the broken rule
    assert [entry["status"] for entry in document["results"]] == [r.status for r in report.results]
