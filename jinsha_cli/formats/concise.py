"""`--format concise`: one unwrapped line per finding, like a compiler.

Paths are as given on the command line (relative to the working folder when the
file is inside it), so that editors and terminals can open ``facts.yaml:LINE:COL``.

Every line goes through ``safe_text.log_line``: text from the fact file (a
newline in a label, an ESC sequence, a leading ``::``) can neither forge a
line nor reach the terminal raw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..core.model import Result, Severity, Status
from ..core.safe_text import log_line
from . import (
    Options,
    Run,
    description,
    localized,
    needs_attention,
    problem_of,
    problem_text,
    report_path,
    summary_lines,
    word,
)


def markers(result: Result, lang: str = "en") -> str:
    """' (warning, draft)': what the outcome alone does not say."""
    notes = [] if result.severity == Severity.ERROR else [result.severity]
    if result.slack and result.status == Status.PASS:
        notes.append("within rounding")
    if result.draft:
        notes.append("draft")
    if lang == "zh":
        return f"（{'，'.join(word(note, lang) for note in notes)}）" if notes else ""
    return f" ({', '.join(notes)})" if notes else ""


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    for run in runs:
        report = run.report
        for problem in report.problems:
            line = (
                f"{report_path(problem.file)}:{problem.line}:{problem.column}: "
                f"{'问题' if options.lang == 'zh' else 'problem'} {problem_text(problem, options.lang)}"
            )
            out.write(log_line(line) + "\n")
        for result in report.results:
            if not (options.verbose or needs_attention(report, result)) or problem_of(report, result):
                continue
            label = description(result.zh, result.en, options.lang)
            text = localized(result.message, options.lang)
            detail = f"{label}: {text}" if label else text
            if result.known:
                detail += f"  [{word('known', options.lang)}: {result.known}]"
            line = (
                f"{report_path(result.file)}:{result.line}:{result.column}: "
                f"{word(result.outcome, options.lang)}{markers(result, options.lang)} {result.rule} {detail}"
            )
            out.write(log_line(line) + "\n")
        for line in summary_lines(report, options.lang):
            out.write(log_line(f"{report_path(report.file)}: {line}") + "\n")
