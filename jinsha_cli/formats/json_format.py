"""`--format json`: one JSON object, as DESIGN.md fixes it."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from ..core.safe_text import json_text
from . import Options, Run

# 2: the summary's passed/failed/skipped/errors/known count rules only and add up to
# "rules"; quote and source checks have their own counts (quotes_passed, source_passed).
# Added: slack, drafts; a result's "draft". (1 counted quote failures under "failed".)
JSON_VERSION = 2


def summarize(runs: Sequence[Run]) -> dict[str, int]:
    total: dict[str, int] = {}
    for run in runs:
        for key, value in run.report.summary.items():
            total[key] = total.get(key, 0) + value
    total["exit_code"] = max((run.report.exit_code for run in runs), default=0)
    return total


def _parts(runs: Sequence[Run]) -> dict[str, Any]:
    """The document, with its long lists as iterators (rendered one item at a time)."""
    return {
        "version": JSON_VERSION,
        "files": [run.report.file for run in runs],
        "summary": summarize(runs),
        "results": (result.to_dict() for run in runs for result in run.report.results),
        "problems": (problem.to_dict() for run in runs for problem in run.report.problems),
    }


def document(runs: Sequence[Run]) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _parts(runs).items()}


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    _render(runs, _SafeWriter(out))


class _SafeWriter:
    """Writes JSON text with no character that must not reach a terminal raw (see safe_text.json_text)."""

    __slots__ = ("out",)

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(json_text(text))


def _render(runs: Sequence[Run], out: _SafeWriter) -> None:
    # The same text as json.dump(document(runs), out, ensure_ascii=False, indent=2),
    # written one result at a time so that 100,000 results never sit in memory as dicts.
    out.write("{")
    separator = "\n"
    for key, value in _parts(runs).items():
        out.write(f"{separator}  {json.dumps(key, ensure_ascii=False)}: ")
        separator = ",\n"
        if isinstance(value, Iterator):
            opening = "[\n"
            for item in value:
                out.write(opening)
                opening = ",\n"
                out.write(_item(item))
            out.write("[]" if opening == "[\n" else "\n  ]")
        else:
            out.write(_indented(json.dumps(value, ensure_ascii=False, indent=2), "  ", first=False))
    out.write("\n}\n" if separator == ",\n" else "}\n")


_encode_text = json.JSONEncoder(ensure_ascii=False).encode  # a string alone: the C encoder


def _item(item: dict[str, Any]) -> str:
    """One result or problem at depth 2, as json.dumps(..., indent=2) writes it (but faster).

    Results and problems are flat: text, whole numbers, true/false/null and lists of
    text. Anything else goes through json.dumps itself.
    """
    lines = []
    for key, value in item.items():
        if isinstance(value, str):
            shown = _encode_text(value)
        elif value is None or isinstance(value, bool):
            shown = "null" if value is None else "true" if value else "false"
        elif type(value) is int:
            shown = str(value)
        elif isinstance(value, list) and all(isinstance(entry, str) for entry in value):
            if value:
                shown = "[\n" + ",\n".join("        " + _encode_text(entry) for entry in value) + "\n      ]"
            else:
                shown = "[]"
        else:
            return _indented(json.dumps(item, ensure_ascii=False, indent=2), "    ", first=True)
        lines.append(f"      {_encode_text(key)}: {shown}")
    if not lines:
        return "    {}"
    return "    {\n" + ",\n".join(lines) + "\n    }"


def _indented(text: str, prefix: str, *, first: bool) -> str:
    """Indent JSON text (which has no raw newline inside its strings) by ``prefix``."""
    body = text.replace("\n", "\n" + prefix)
    return prefix + body if first else body
