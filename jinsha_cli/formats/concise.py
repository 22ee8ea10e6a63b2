"""`--format concise`: one unwrapped line per finding, like a compiler."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from . import Options, Run, description


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    for run in runs:
        for problem in run.report.problems:
            out.write(f"{problem.file}:{problem.line}:{problem.column}: problem {problem.message}")
            out.write(f" [{problem.path}]\n" if problem.path else "\n")
        for result in run.report.results:
            if result.outcome == "pass" and not options.verbose:
                continue
            label = description(result.zh, result.en, options.lang)
            detail = f"{label}: {result.message}" if label else result.message
            if result.known:
                detail += f"  [known: {result.known}]"
            severity = "" if result.severity == "error" else f" ({result.severity})"
            out.write(
                f"{result.file}:{result.line}:{result.column}: {result.outcome}{severity} {result.rule} {detail}\n"
            )
        out.write(f"{run.report.file}: {run.report.summary_line()}\n")
