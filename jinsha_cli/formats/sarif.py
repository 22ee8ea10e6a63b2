"""`--format sarif`: SARIF 2.1.0, for code-scanning dashboards.

One run for the whole invocation (several fact files share it). Every checked
rule is described under ``tool.driver.rules``; every finding is a result with
its rule, level, message and location in the fact file. An acknowledged
discrepancy is a result with a suppression whose justification is the reason
given in the fact file. Problems of a fact file are tool execution
notifications, and make ``executionSuccessful`` false. Passes and skips are not
results: dashboards would list them as alerts.

Texts keep their exact data, but characters that must not reach a terminal
raw are written as JSON escapes (``safe_text.json_text``), and file names are
percent-encoded in their URIs (``safe_text.uri``), so a space, ``#`` or ``%``
in a name still gives a valid URI reference.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ..core.model import Level, Report, Result, Severity
from ..core.safe_text import json_text, uri
from . import Options, Run, description, localized, problem_text, report_path
from .json_format import summarize

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# A rule's own level (its descriptor's defaultConfiguration), by severity.
RULE_LEVELS: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
RULE_LEVEL = "rule"  # in RESULT_LEVELS: the rule's own level
# The level of a result, by its level; None: not a result (dashboards would list it as an alert).
# An acknowledged discrepancy keeps its rule's level and carries a suppression instead.
RESULT_LEVELS: dict[Level, str | None] = {
    Level.ERROR: "error",
    Level.FAILING: "error",
    Level.WARNING: "warning",
    Level.NOTE: "note",
    Level.KNOWN: RULE_LEVEL,
    Level.SKIPPED: None,
    Level.PASSED: None,
}


def artifact_location(path: str) -> dict[str, str]:
    """A URI relative to the source root (%SRCROOT%) when possible, else an absolute file URI."""
    relative = report_path(path)
    if Path(relative).is_absolute():
        return {"uri": Path(relative).as_uri()}
    return {"uri": uri(relative), "uriBaseId": "%SRCROOT%"}


def location(path: str, line: int, column: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": artifact_location(path),
            "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
        }
    }


def _version() -> str:
    from .. import __version__

    return __version__


def level_of(report: Report, result: Result) -> str | None:
    level = RESULT_LEVELS[report.level(result)]
    return RULE_LEVELS[result.severity] if level == RULE_LEVEL else level


def rule_descriptor(result: Result, lang: str) -> dict[str, Any]:
    text = description(result.zh, result.en, lang) or result.rule
    descriptor: dict[str, Any] = {
        "id": result.rule,
        "shortDescription": {"text": text},
        "defaultConfiguration": {"level": RULE_LEVELS[result.severity]},
        "properties": {"kind": result.kind, "tags": list(result.tags), "draft": result.draft},
    }
    if result.zh and result.en:
        descriptor["fullDescription"] = {"text": f"{result.en} / {result.zh}"}
    return descriptor


def document(runs: Sequence[Run], options: Options) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for run in runs:
        report = run.report
        for problem in report.problems:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": problem_text(problem, options.lang)},
                    "locations": [location(problem.file, problem.line, problem.column)],
                }
            )
        for result in report.results:
            if result.rule not in rules:  # rule ids are scoped per file: the first description wins
                index[result.rule] = len(rules)
                rules[result.rule] = rule_descriptor(result, options.lang)
            level = level_of(report, result)
            if level is None:
                continue
            label = description(result.zh, result.en, options.lang)
            said = localized(result.message, options.lang)
            entry: dict[str, Any] = {
                "ruleId": result.rule,
                "ruleIndex": index[result.rule],
                "level": level,
                "message": {"text": f"{label}: {said}" if label else said},
                "locations": [location(result.file, result.line, result.column)],
                "properties": {
                    "status": result.status,
                    "outcome": result.outcome,
                    "facts": result.facts,
                    "draft": result.draft,
                    "slack": result.slack,
                },
            }
            if result.known and not result.stale:
                entry["suppressions"] = [{"kind": "inSource", "justification": result.known}]
            results.append(entry)
    exit_code = max((run.report.exit_code for run in runs), default=0)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jinsha",
                        "version": _version(),
                        "rules": list(rules.values()),
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "exitCode": exit_code,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
                "properties": {"summary": summarize(runs)},
            }
        ],
    }


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    out.write(json_text(json.dumps(document(runs, options), ensure_ascii=False, indent=2)))
    out.write("\n")
