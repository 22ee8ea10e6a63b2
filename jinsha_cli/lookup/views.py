"""Rendering for the lookup commands: `find`, `show`, `list` and `rule`.

Each view writes either JSON (plain records from ``lookup``) or Rich tables to a
text stream. Rich is imported only for tables, so JSON output never pays for it.

Every text from the fact file reaches Rich as a ``Text`` (never as markup: a
``[/x]`` in a label is shown, not parsed) after ``safe_text.terminal``, and
JSON goes through ``safe_text.json_text``: nothing from a file reaches the
terminal raw.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..core.display import format_interval, scale_of
from ..core.model import Fact, Factbook, Result, Rule, Status
from ..core.numbers import Code, Figure
from ..core.safe_text import json_text, terminal
from ..core.units import Unit
from . import records

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .ranking import Search

VIEW_FORMATS = ("table", "json")
MATCH_STYLE = "bold black on yellow"
FIGURE_STYLE = "bold cyan"
NARROW = 100  # below this many columns, lists are lines or blocks rather than tables


def interval_text(fact: Fact) -> str:
    """What a fact's value stands for: an interval, a code's terms, or a list's items."""
    if fact.items is not None:
        return f"{len(fact.items)} items"
    if isinstance(fact.value, Code):
        return "code with terms " + ", ".join(str(term) for term in fact.value.terms)
    if isinstance(fact.value, Figure):
        unit = Unit() if fact.value.percent else Unit.parse(fact.unit)
        return format_interval(fact.value.interval, unit, scale_of(fact.display_value(), fact.value.percent))
    return "—"


def written_value(fact: Fact) -> str:
    if fact.items is not None:
        return "、".join(fact.items)
    return fact.written if fact.written is not None else "—"


def rule_record(rule: Rule, result: Result) -> dict[str, Any]:
    record = result.to_dict()
    record.update(check=rule.check, outcome=result.outcome, zh=rule.zh, en=rule.en)
    return record


def _dump(data: Any, out: TextIO) -> None:
    out.write(json_text(json.dumps(data, ensure_ascii=False, indent=2)))
    out.write("\n")


def _console(out: TextIO) -> Console:
    from rich.console import Console

    return Console(file=out, highlight=False, soft_wrap=False)


def _text(text: str, style: str = "") -> Text:
    """Text from a file, for Rich: never markup, no control character raw."""
    from rich.text import Text

    return Text(terminal(text), style=style)


def _styled(text: str, spans: Sequence[tuple[tuple[int, int], str]]) -> Text:
    """Text from a file with styled spans (offsets in ``text``), made safe as :func:`_text` does."""
    from rich.text import Text

    shown = terminal(text)
    styled = Text(shown)
    for (start, end), style in spans:
        if shown is not text:  # escapes are longer than what they stand for: move the span with them
            start, end = len(terminal(text[:start])), len(terminal(text[:end]))
        styled.stylize(style, start, end)
    return styled


def _status(result: Result) -> Text:
    from ..formats.table import status_text

    return status_text(result)


def _section(book: Factbook, section_id: str | None) -> str:
    from ..formats.table import section_title

    if section_id is None:
        return "—"
    return f"{terminal(section_id)} · {section_title(book, section_id)}"


# find ---------------------------------------------------------------------------------


def render_find(book: Factbook, found: Search, out: TextIO, output_format: str) -> None:
    """The hits of ``find``: JSON (see README), a table, or plain lines (``auto``: a table on a
    terminal, else one fact a line: id, [file,] value, zh, en, quote, tab-separated)."""
    if output_format == "auto":
        output_format = "table" if out.isatty() else "plain"
    if output_format == "json":
        _dump(find_record(book, found), out)
        return
    if not found.hits:
        out.write(terminal(f"No fact matches {found.query!r}. Try fewer words, pinyin, or: jinsha list") + "\n")
        return
    if output_format == "plain":
        out.write(terminal(find_title(found)) + "\n")
        several = len(set(found.files)) > 1
        for hit in found.hits:
            quote = hit.fact.quotes[hit.quote_index()] if hit.fact.quotes else ""
            path = hit.book.path if hit.book is not None else book.path
            fields = (
                hit.fact.id,
                *((path,) if several else ()),
                hit.fact.display_value(),
                hit.fact.zh,
                hit.fact.en,
                quote,
            )
            out.write("\t".join(terminal(_cell(" ".join(field.split()))) for field in fields) + "\n")
        return
    from rich.table import Table
    from rich.text import Text

    console = _console(out)
    title = _text(find_title(found), "table.title")
    table = Table(title=title, title_justify="left")
    files = set(found.files) | {hit.book.path for hit in found.hits if hit.book is not None}
    table.add_column("id", style="cyan", no_wrap=True)  # ids are copied whole: never wrapped
    if len(files) > 1:
        table.add_column("file", overflow="fold")
    table.add_column("label", overflow="fold")
    table.add_column("value", overflow="fold")
    table.add_column("unit", no_wrap=True)
    table.add_column("quote", overflow="fold")
    for hit in found.hits:
        fact = hit.fact
        label = Text()
        for field in ("zh", "en"):
            text = getattr(fact, field)
            if text:
                if label:
                    label.append("\n")
                label.append_text(_styled(text, [(span, MATCH_STYLE) for span in hit.spans(field)]))
        quote_index = hit.quote_index()
        quote = fact.quotes[quote_index] if fact.quotes else ""
        quote_spans = [(span, "underline") for span in records.value_spans(fact, quote)]
        quote_spans += [(span, MATCH_STYLE) for span in hit.spans("quote", quote_index)]
        cells: list[Any] = [_styled(fact.id, [(span, MATCH_STYLE) for span in hit.spans("id")])]
        if len(files) > 1:
            cells.append(_text(hit.book.path if hit.book is not None else book.path))
        cells += [
            label,
            _styled(written_value(fact), [(span, MATCH_STYLE) for span in hit.spans("value")]),
            _text(fact.unit),
            _styled(quote, quote_spans),
        ]
        table.add_row(*cells)
    console.print(table)


def find_title(found: Search) -> str:
    """The count line: "3 facts match '就业率'", "1 fact matches ...",
    "20 of 36 facts match ... (read as a question)"."""
    from .ranking import PINYIN, QUESTION, TYPO

    reading = {PINYIN: " (read as pinyin)", TYPO: " (allowing typos)", QUESTION: " (read as a question)"}
    shown = f"{len(found.hits)} of {found.total}" if found.total > len(found.hits) else str(found.total)
    verb = "fact matches" if found.total == 1 else "facts match"
    return f"{shown} {verb} {found.query!r}{reading.get(found.how, '')}"


def find_record(book: Factbook, found: Search) -> dict[str, Any]:
    """The one JSON shape of ``find``: the query, how it was read, the total, the fact files
    searched, and the hits shown (each with its ``file``)."""
    return {
        "query": found.query,
        "read_as": found.how,
        "total": found.total,
        "files": list(found.files),
        "results": [records.hit_record(book, hit) for hit in found.hits],
    }


# show ---------------------------------------------------------------------------------


def render_fact(
    book: Factbook, fact: Fact, rules: Sequence[tuple[Rule, Result]], out: TextIO, output_format: str
) -> None:
    if output_format == "json":
        record = records.fact_record(book, fact)
        record["interval"] = interval_text(fact)
        record["rules"] = [rule_record(rule, result) for rule, result in rules]
        _dump(record, out)
        return
    from rich.table import Table
    from rich.text import Text

    console = _console(out)
    card = Table.grid(padding=(0, 2))
    card.add_column(style="bold", no_wrap=True)
    card.add_column(overflow="fold")
    value = _text(written_value(fact), FIGURE_STYLE)
    if fact.items is None:
        value.append(f"  means {terminal(interval_text(fact))}")
        if fact.rounding:
            value.append(f"  (rounding: {terminal(fact.rounding)})", style="dim")
    else:
        value.append(f"  ({terminal(interval_text(fact))})", style="dim")
    card.add_row("value", value)
    card.add_row("unit", _text(fact.unit or "—"))
    card.add_row("zh", _text(fact.zh or "—"))
    card.add_row("en", _text(fact.en or "—"))
    card.add_row("tags", _text(", ".join(fact.tags) or "—"))
    card.add_row("section", Text(_section(book, fact.section)))
    card.add_row("where", _text(f"{book.path}:{fact.line}"))
    for number, quote in enumerate(fact.quotes, 1):
        heading = "quote" if len(fact.quotes) == 1 else f"quote {number}"
        card.add_row(heading, _styled(quote, [(span, FIGURE_STYLE) for span in records.value_spans(fact, quote)]))
    if fact.note:
        card.add_row("note", _text(fact.note, "dim"))
    console.print(_text(fact.id, "bold cyan"))
    console.print(card)
    if not rules:
        console.print(Text("No rule uses this fact.", style="dim"))
        return
    console.print(_rules_table(f"Rules using {fact.id} ({len(rules)})", rules, "check", lambda rule: rule.check))


# list ---------------------------------------------------------------------------------


def render_fact_list(book: Factbook, facts: Sequence[Fact], out: TextIO, output_format: str) -> None:
    """``auto`` is a table on a terminal and plain lines otherwise (a pipe, a file)."""
    if output_format == "auto":
        output_format = "table" if out.isatty() else "plain"
    if output_format == "json":
        _dump([records.fact_record(book, fact) for fact in facts], out)
        return
    if output_format == "plain":
        for fact in facts:
            out.write(plain_line(fact) + "\n")
        return
    from rich.table import Table

    console = _console(out)
    if console.width < NARROW:  # six columns beside a long id do not fit: one fact a line, id first
        console.print(_text(f"{len(facts)} facts · {book.path}", "bold"))
        for fact in facts:
            line = _text(fact.id, "cyan")
            line.append_text(_text("  " + _cell(fact.display_value()), FIGURE_STYLE))
            line.append_text(_text("  " + (interval_text(fact) if fact.items is None else "")))
            line.append_text(_text("  " + _cell(fact.en or fact.zh), "dim"))
            console.print(line)
        return
    table = Table(title=_text(f"{len(facts)} facts · {book.path}", "table.title"), title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)  # ids are copied whole: never wrapped
    table.add_column("value", overflow="fold")
    table.add_column("unit", no_wrap=True)
    table.add_column("interval", overflow="fold")
    table.add_column("label", overflow="fold")
    table.add_column("section", no_wrap=True)
    for fact in facts:
        table.add_row(
            _text(_cell(fact.id)),
            _text(_cell(written_value(fact))),
            _text(_cell(fact.unit)),
            _text(interval_text(fact) if fact.items is None else ""),
            _text(_cell(fact.en or fact.zh)),
            _text(_cell(fact.section or "")),
        )
    console.print(table)


def plain_line(fact: Fact) -> str:
    """One fact on one line, tab-separated: id, value with unit, interval, label, section."""
    interval = interval_text(fact) if fact.items is None else f"{len(fact.items)} items"
    fields = (fact.id, fact.display_value(), interval, fact.en or fact.zh, fact.section or "")
    # No tab or line break inside a field, and no control character raw (see safe_text).
    return "\t".join(terminal(_cell(" ".join(field.split()))) for field in fields)


def _cell(text: str, limit: int = 300) -> str:
    """A table cell of readable length: Rich lays out every character it is given."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


# rule ---------------------------------------------------------------------------------


def render_rule(
    book: Factbook, rule: Rule, result: Result, out: TextIO, output_format: str, *, saved: bool = True
) -> None:
    """A rule explained: its facts, each step in numbers, the verdict.

    ``saved=False`` is an expression evaluated by `jinsha calc`: no rule in the
    file, so no id, severity or line, and a value may stand where a verdict would.
    """
    facts = [book.facts[fact_id] for fact_id in dict.fromkeys(rule.fact_ids) if fact_id in book.facts]
    if output_format == "json":
        record = rule_record(rule, result) if saved else {"expression": rule.check, "status": result.status}
        if not saved:
            record["message"] = result.message
        record["steps"] = list(result.steps)
        record["fact_details"] = [
            {**records.fact_record(book, fact), "interval": interval_text(fact)} for fact in facts
        ]
        _dump(record, out)
        return
    from rich.table import Table
    from rich.text import Text

    console = _console(out)
    heading = _text(rule.id if saved else "calc", "bold cyan")
    if saved:
        heading.append(f"  {terminal(rule.severity)}", style="dim")
        if rule.tags:
            heading.append(f" · tags: {terminal(', '.join(rule.tags))}", style="dim")
        heading.append(f" · {terminal(book.path)}:{rule.line}", style="dim")
    else:
        heading.append(f"  · {terminal(book.path)}", style="dim")
    console.print(heading)
    for description in (rule.en, rule.zh):
        if description:
            console.print(_text(f"  {description}"))
    console.print(Text("check  ", style="bold").append(terminal(rule.check), style="bold"))
    if facts:
        table = Table(title="Facts", title_justify="left")
        table.add_column("fact", style="cyan", no_wrap=True)
        table.add_column("value", overflow="fold")
        table.add_column("interval", overflow="fold")
        table.add_column("quote", overflow="fold")
        for fact in facts:
            quote = fact.quotes[0] if fact.quotes else ""
            table.add_row(
                _text(fact.id),
                _text(written_value(fact) + ("" if fact.unit in ("", "%") or fact.items is not None else fact.unit)),
                _text(interval_text(fact)),
                _styled(quote, [(span, FIGURE_STYLE) for span in records.value_spans(fact, quote)]),
            )
        console.print(table)
    console.print(Text("Steps", style="bold"))
    steps = list(result.steps) or ["(the verdict needs no intermediate values)"]
    for number, step in enumerate(steps, 1):
        console.print(_text(f"  {number}. {step}"))
    if result.status == Status.VALUE:
        verdict = Text("Value    ", style="bold").append(terminal(result.message))
    else:
        verdict = Text("Verdict  ", style="bold")
        verdict.append_text(_status(result))
        verdict.append(f"  {terminal(result.message)}")
    console.print(verdict)
    if rule.known:
        console.print(_text(f"Known    {rule.known}", "yellow"))
    if rule.note:
        console.print(_text(f"Note     {rule.note}", "dim"))


def render_rules(book: Factbook, rules: Sequence[tuple[Rule, Result]], out: TextIO, output_format: str) -> None:
    if output_format == "json":
        _dump([rule_record(rule, result) for rule, result in rules], out)
        return
    console = _console(out)
    if console.width < NARROW:  # one block per rule: the id whole, then what it says
        from rich.padding import Padding

        console.print(_text(f"{len(rules)} rules · {book.path}", "bold"))
        for rule, result in rules:
            head = _status(result).append_text(_text(f"  {rule.id}", "cyan"))
            console.print(head, no_wrap=True, crop=False)
            body = _text(f"{rule.description}\n" if rule.description else "")
            body.append_text(_text(result.message))
            console.print(Padding(body, (0, 0, 0, 4)))
        return
    console.print(
        _rules_table(f"{len(rules)} rules · {book.path}", rules, "description", lambda rule: rule.description)
    )


def _rules_table(
    title: str, rules: Sequence[tuple[Rule, Result]], heading: str, describe: Callable[[Rule], str]
) -> Table:
    """Rules with their verdicts and numbers; a known discrepancy shows its reason."""
    from rich.table import Table

    table = Table(title=_text(title, "table.title"), title_justify="left")
    table.add_column("verdict", no_wrap=True)
    table.add_column("rule", style="cyan", no_wrap=True)
    table.add_column(heading, overflow="fold")
    table.add_column("numbers", overflow="fold")
    for rule, result in rules:
        numbers = _text(result.message)
        if result.known:
            numbers.append(f"\nknown: {terminal(result.known)}", style="yellow")
        table.add_row(_status(result), _text(rule.id), _text(describe(rule)), numbers)
    return table
