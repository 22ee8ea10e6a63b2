"""`--format json`: one JSON object, as DESIGN.md fixes it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from . import Options, Run

JSON_VERSION = 1


def summarize(runs: Sequence[Run]) -> dict[str, int]:
    total: dict[str, int] = {}
    for run in runs:
        for key, value in run.report.summary.items():
            total[key] = total.get(key, 0) + value
    total["exit_code"] = max((run.report.exit_code for run in runs), default=0)
    return total


def document(runs: Sequence[Run]) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "files": [run.report.file for run in runs],
        "summary": summarize(runs),
        "results": [result.to_dict() for run in runs for result in run.report.results],
        "problems": [problem.to_dict() for run in runs for problem in run.report.problems],
    }


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    json.dump(document(runs), out, ensure_ascii=False, indent=2)
    out.write("\n")
