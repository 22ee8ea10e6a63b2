"""`--format table`: a Rich table per fact file, grouped by section, then what needs attention.

Rule ids are never wrapped: a terminal user copies them into ``jinsha rule ID``.
Below ``STACKED_WIDTH`` columns there is no room for a table beside a long id,
so each result is a short block instead (status, id and file:line, then the text).

Every text from the fact file is given to Rich as a ``Text`` (never parsed as
markup) after ``safe_text.terminal`` (no control character reaches the terminal).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..core.model import Factbook, Level, Outcome, Report, Result, Severity, Status, level
from ..core.safe_text import terminal
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

# The label and style of each outcome a check report holds (`jinsha calc` shows a value apart).
STYLES: dict[Outcome, tuple[str, str]] = {
    Outcome.PASS: ("✓ pass", "green"),
    Outcome.FAIL: ("✗ FAIL", "bold red"),
    Outcome.KNOWN: ("! known", "yellow"),
    Outcome.STALE: ("✗ stale", "bold red"),
    Outcome.SKIP: ("– skip", "dim"),
    Outcome.ERROR: ("E error", "bold magenta"),
}
# A failure that does not fail the run is named by its severity, in yellow.
TOLERATED_FAILURES = frozenset({Level.WARNING, Level.NOTE})
STACKED_WIDTH = 100  # narrower consoles get one block per result


def section_title(book: Factbook, section_id: str | None, lang: str = "en") -> str:
    """A section's number and title, safe to show (see safe_text.terminal)."""
    section = book.sections.get(section_id or "")
    if section is None:
        return ("（无章节）" if lang == "zh" else "(no section)") if section_id is None else terminal(section_id)
    number = f"{section.number} " if section.number is not None else ""
    return terminal(f"{number}{section.title}".strip() or section.id)


def status_text(result: Result, lang: str = "en", strict: bool = False) -> Text:
    """The result's outcome, or for a failure that does not fail the run its severity."""
    label, style = STYLES[result.outcome]
    if lang == "zh":
        label = f"{label[0]} {word(result.outcome, lang)}"
    if result.outcome == Outcome.FAIL and result.severity != Severity.ERROR:
        failing = level(result, strict) not in TOLERATED_FAILURES  # a warning under --strict
        label, style = f"✗ {word(result.severity, lang)}", "bold red" if failing else "yellow"
    text = Text(label, style=style)
    if result.slack and result.status == Status.PASS:
        text.append(" ~", style="yellow")  # held only within rounding
    if result.draft:
        text.append(f" {word('draft', lang)}", style="italic magenta")
    return text


def _where(result: Result) -> str:
    return f"{terminal(report_path(result.file))}:{result.line}"


def _numbers(result: Result, lang: str) -> Text:
    numbers = Text(terminal(localized(result.message, lang)))
    if result.known:
        numbers.append(f"\n{word('known', lang)}: {terminal(result.known)}", style="yellow")
    return numbers


def _finding(result: Result, lang: str) -> Text:
    text = Text()
    label = terminal(description(result.zh, result.en, lang))
    if label:
        text.append(label + "\n")
    text.append_text(_numbers(result, lang))
    return text


def _table(run: Run, results: Sequence[Result], options: Options, width: int) -> Table:
    report, book = run.report, run.book
    title = Text(_title(report, options.lang), style="table.title")
    table = Table(title=title, title_justify="left", expand=False, show_lines=False)
    longest = max((len(result.rule) for result in results), default=4)
    lang = options.lang
    table.add_column(word("status", lang), no_wrap=True)
    table.add_column(word("rule · file:line", lang), min_width=min(longest, max(width - 40, 10)))
    table.add_column(word("description", lang), overflow="fold", ratio=2)
    table.add_column(word("numbers", lang), overflow="fold", ratio=3)
    current: object = object()
    for result in results:
        if result.section != current:
            current = result.section
            table.add_section()
            table.add_row("", Text(section_title(book, result.section, lang), style="bold"), "", "")
        # The id whole on its line; a long file:line may fold below it.
        rule = Group(
            Text(terminal(result.rule), style="cyan", no_wrap=True, overflow="ignore"),
            Text(_where(result), style="dim", overflow="fold"),
        )
        table.add_row(
            status_text(result, lang, report.strict),
            rule,
            Text(terminal(description(result.zh, result.en, lang))),
            _numbers(result, lang),
        )
    return table


def _stacked(console: Console, run: Run, results: Sequence[Result], options: Options) -> None:
    from rich.padding import Padding

    console.print(Text(_title(run.report, options.lang), style="bold"))
    current: object = object()
    for result in results:
        if result.section != current:
            current = result.section
            console.print(Text(section_title(run.book, result.section, options.lang), style="bold"))
        head = status_text(result, options.lang, run.report.strict)
        head.append("  ")
        head.append(terminal(result.rule), style="cyan")
        where = _where(result)
        if head.cell_len + 2 + len(where) <= console.width:
            head.append(f"  {where}", style="dim")
            console.print(head, no_wrap=True, overflow="ignore", crop=False)
        else:  # the id stays whole on its line; file:line goes below
            console.print(head, no_wrap=True, overflow="ignore", crop=False)
            console.print(Padding(Text(where, style="dim", overflow="fold"), (0, 0, 0, 4)))
        console.print(Padding(_finding(result, options.lang), (0, 0, 0, 4)))


def _title(report: Report, lang: str) -> str:
    return f"{'核查' if lang == 'zh' else 'jinsha check'} · {terminal(report_path(report.file))}"


def _summary(console: Console, report: Report, lang: str) -> None:
    style = "bold red" if report.exit_code else "bold green"
    first, *rest = summary_lines(report, lang)
    console.print(Text(first, style=style))
    for line in rest:
        console.print(Text(line, style="dim"))


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    console = Console(
        file=out,
        no_color=options.color is False,
        force_terminal=options.color,
        width=options.width,
        highlight=False,
    )
    for run in runs:
        report = run.report
        for problem in report.problems:
            line = f"{problem.file}:{problem.line}:{problem.column}: {problem_text(problem, options.lang)}"
            console.print(Text(terminal(line), style="bold magenta"))
        results = [result for result in report.results if not problem_of(report, result)]  # printed above
        attention = [result for result in results if needs_attention(report, result)]
        shown = attention if options.failures_only else results
        if shown and console.width < STACKED_WIDTH:
            _stacked(console, run, shown, options)
        elif shown:
            console.print(_table(run, shown, options, console.width))
        if attention and not options.failures_only and len(attention) < len(results):
            # ruff-style: what needs attention again below a long table, one line each.
            heading = (
                f"需要注意（{len(attention)}）：" if options.lang == "zh" else f"Needs attention ({len(attention)}):"
            )
            console.print(Text(heading, style="bold"))
            for result in attention:
                line = Text(f"{_where(result)}:{result.column}  ", style="dim")
                line.append_text(status_text(result, options.lang, report.strict))
                line.append(f"  {terminal(result.rule)}", style="cyan")
                line.append(f"  {terminal(localized(result.message, options.lang))}")
                console.print(line)
        _summary(console, report, options.lang)
