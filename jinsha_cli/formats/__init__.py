"""Output formats for `jinsha check`, all behind one interface.

A format is a module in this package with a ``render(runs, out, options)``
function that writes the checked runs to a text stream. Modules are imported
only when chosen, so machine formats never pay for Rich.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO

from ..model import Factbook, Report

# name -> module in this package. Human formats first.
FORMATS: dict[str, str] = {
    "table": "table",
    "concise": "concise",
    "json": "json_format",
}
MACHINE_FORMATS = frozenset({"json"})


@dataclass(frozen=True)
class Run:
    """One checked fact file."""

    book: Factbook
    report: Report


@dataclass(frozen=True)
class Options:
    lang: str = "en"  # which description to show: en | zh
    color: bool | None = None  # None: decide from the stream
    width: int | None = None
    verbose: bool = False  # concise: also list passes


class Renderer(Protocol):
    def __call__(self, runs: Sequence[Run], out: TextIO, options: Options) -> None: ...


def get_renderer(name: str) -> Renderer:
    if name not in FORMATS:
        raise KeyError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.render


def description(result_zh: str, result_en: str, lang: str) -> str:
    if lang == "zh":
        return result_zh or result_en
    return result_en or result_zh
