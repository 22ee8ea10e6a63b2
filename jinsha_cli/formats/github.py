"""`--format github`: GitHub Actions workflow commands, one group per fact file.

Each finding becomes an annotation (``::error file=…,line=…,col=…,title=…::…``)
that GitHub shows on the pull request's diff. Failing error-severity rules and
problems are errors, failing warnings are warnings, infos and acknowledged
discrepancies are notices; passes and skips are only counted. ``auto`` picks
this format when ``GITHUB_ACTIONS=true``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..core.model import Report, Result
from . import Options, Run, description, localized, problem_of, report_path, summary_lines, word

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: object) -> str:
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {fields}::{escape_data(message)}\n"


def level_of(report: Report, result: Result) -> str | None:
    """The annotation level of a result, or None when it is not annotated."""
    if result.stale or result.status == "error" or report.failing(result):
        return "error"
    if result.status != "fail":
        return None
    if report.failing(result):  # what sets exit 1 is an error, whatever its severity under --strict
        return "error"
    if result.known:
        return "notice"
    return LEVELS.get(result.severity, "notice")


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    for run in runs:
        report = run.report
        path = report_path(report.file)
        out.write(f"::group::jinsha {'核查' if options.lang == 'zh' else 'check'} {path}\n")
        for problem in report.problems:
            message = f"{problem.message} [{problem.path}]" if problem.path else problem.message
            out.write(
                command(
                    "error",
                    message,
                    file=report_path(problem.file),
                    line=problem.line,
                    col=problem.column,
                    title="jinsha: invalid fact file",
                )
            )
        for result in report.results:
            level = level_of(report, result)
            if level is None or problem_of(report, result):
                continue
            label = description(result.zh, result.en, options.lang)
            text = localized(result.message, options.lang)
            text = f"{label}: {text}" if label else text
            if result.known:
                text += f"\n{word('known', options.lang)}: {result.known}"
            draft = f" ({word('draft', options.lang)})" if result.draft else ""
            out.write(
                command(
                    level,
                    text,
                    file=report_path(result.file),
                    line=result.line,
                    col=result.column,
                    title=f"jinsha {word(result.outcome, options.lang)}{draft}: {result.rule}",
                )
            )
        out.write("::endgroup::\n")
        for line in summary_lines(report, options.lang):
            out.write(f"{path}: {line}\n")
