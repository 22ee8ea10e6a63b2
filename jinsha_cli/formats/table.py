"""`--format table`: a Rich table per fact file, grouped by section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..core.model import Factbook, Result
from . import Options, Run, description

STYLES = {
    "pass": ("✓ pass", "green"),
    "fail": ("✗ FAIL", "bold red"),
    "known": ("! known", "yellow"),
    "stale": ("✗ stale", "bold red"),
    "skip": ("– skip", "dim"),
    "error": ("E error", "bold magenta"),
}


def section_title(book: Factbook, section_id: str | None) -> str:
    section = book.sections.get(section_id or "")
    if section is None:
        return "(no section)" if section_id is None else section_id
    number = f"{section.number} " if section.number is not None else ""
    return f"{number}{section.title}".strip() or section.id


def status_text(result: Result) -> Text:
    label, style = STYLES[result.outcome]
    if result.outcome == "fail" and result.severity != "error":
        label, style = f"✗ {result.severity}", "yellow"
    return Text(label, style=style)


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    console = Console(
        file=out,
        no_color=options.color is False,
        force_terminal=options.color,
        width=options.width,
        highlight=False,
    )
    for run in runs:
        report, book = run.report, run.book
        for problem in report.problems:
            console.print(Text(str(problem), style="bold magenta"))
        table = Table(title=f"jinsha check · {report.file}", title_justify="left", expand=False, show_lines=False)
        table.add_column("status", no_wrap=True)
        table.add_column("rule", style="cyan", overflow="fold")
        table.add_column("description", overflow="fold")
        table.add_column("numbers", overflow="fold")
        current: object = object()
        for result in report.results:
            if result.section != current:
                current = result.section
                table.add_section()
                table.add_row("", Text(section_title(book, result.section), style="bold"), "", "")
            numbers = Text(result.message)
            if result.known:
                numbers.append(f"\nknown: {result.known}", style="yellow")
            table.add_row(status_text(result), result.rule, description(result.zh, result.en, options.lang), numbers)
        if report.results:
            console.print(table)
        summary = report.summary
        style = "bold red" if report.exit_code else "bold green"
        console.print(
            Text(report.summary_line(), style=style),
            Text(f" · {summary['rules']} rules, {summary['quotes_checked']} quotes checked", style="dim"),
        )
