"""How ``jinsha coverage`` shows its report (a Rich table of what no fact states, or JSON),
and ``jinsha extract`` its progress on a long document.

The document's text and the file names reach Rich as ``Text``, never as
markup, and made safe (``safe_text.terminal``); JSON escapes what must not
reach a terminal raw (``safe_text.json_text``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from ..core.safe_text import json_text, terminal

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .coverage import CoverageReport

VIEWS = ("table", "json")


def render_coverage(report: CoverageReport, out: TextIO, view: str = "table") -> None:
    """Write the coverage report to ``out`` as a table or as JSON."""
    if view == "json":
        out.write(json_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2)) + "\n")
        return
    if view != "table":
        raise ValueError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")
    from rich.console import Console

    Console(file=out).print(coverage_table(report))


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on stderr; yields the callback that moves it (done, total)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(escape(terminal(label)), total=total)
        yield lambda done, _total: bar.update(task, completed=done)


def coverage_table(report: CoverageReport) -> RenderableType:
    """The uncovered figures as a Rich table, with the coverage in its caption."""
    from rich.table import Table
    from rich.text import Text

    caption = terminal(
        f"{report.covered}/{report.total} figures covered ({report.percent:.1f}%) "
        f"of {report.document} by {report.facts_file}"
    )
    if not report.uncovered:
        return Text(f"Every figure is covered: {caption}", style="green")
    table = Table(
        title="Figures no fact states",
        caption=Text(caption, style="table.caption"),
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("line:col", justify="right", no_wrap=True)
    table.add_column("figure", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("clause")
    for entry in report.uncovered:
        f = entry.figure
        table.add_row(
            f"{f.line}:{f.column}", Text(terminal(f.written + f.unit), style="bold"), f.kind, Text(terminal(f.clause))
        )
    return table
