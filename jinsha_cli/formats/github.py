"""`--format github`: GitHub Actions workflow commands, one group per fact file.

Each finding becomes an annotation (``::error file=…,line=…,col=…,title=…::…``)
that GitHub shows on the pull request's diff. Failing error-severity rules and
problems are errors, failing warnings are warnings, infos and acknowledged
discrepancies are notices; passes and skips are only counted. ``auto`` picks
this format when ``GITHUB_ACTIONS=true``.

Every field comes from a fact file, so every field is escaped: its control
characters made visible (``safe_text.terminal``), then GitHub's own escaping
for a message or a property; the group name and the summary line too, so that
no text of a fact file can end a command or start one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..core.model import Level, Report, Result
from ..core.safe_text import github_data, github_property, terminal
from . import Options, Run, description, localized, problem_of, problem_text, report_path, summary_lines, word

# The annotation of each level; None: not annotated, only counted.
ANNOTATIONS: dict[Level, str | None] = {
    Level.ERROR: "error",
    Level.FAILING: "error",  # whatever its severity: what sets exit 1 is an error
    Level.WARNING: "warning",
    Level.NOTE: "notice",
    Level.KNOWN: "notice",
    Level.SKIPPED: None,
    Level.PASSED: None,
}


def command(level: str, message: str, **properties: object) -> str:
    """A workflow command; ``message`` may hold newlines of its own (its parts are already made visible)."""
    fields = ",".join(f"{key}={github_property(terminal(str(value)))}" for key, value in properties.items())
    return f"::{level} {fields}::{github_data(message)}\n"


def level_of(report: Report, result: Result) -> str | None:
    """The annotation level of a result, or None when it is not annotated."""
    return ANNOTATIONS[report.level(result)]


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    for run in runs:
        report = run.report
        path = terminal(report_path(report.file))
        out.write(f"::group::jinsha {'核查' if options.lang == 'zh' else 'check'} {github_data(path)}\n")
        for problem in report.problems:
            message = terminal(problem_text(problem, options.lang))
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
            label = terminal(description(result.zh, result.en, options.lang))
            text = terminal(localized(result.message, options.lang))
            text = f"{label}: {text}" if label else text
            if result.known:
                text += f"\n{word('known', options.lang)}: {terminal(result.known)}"
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
            out.write(f"{github_property(path)}: {line}\n")  # never a command: the path keeps no ':' of its own
