"""Facts and rules as plain data: the JSON records of `list`, `show` and `find`, and selections of facts."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..core.interval import Interval
from ..core.model import Fact, Factbook, Rule
from ..core.numbers import Code, Figure
from .words import find_all, merge_spans

if TYPE_CHECKING:
    from .ranking import Hit

Span = tuple[int, int]


def rules_using(book: Factbook, fact_id: str) -> list[Rule]:
    """The rules whose check names the fact, in file order."""
    return [rule for rule in book.rules.values() if fact_id in rule.fact_ids]


def facts_in(book: Factbook, *, section: str | None = None, tags: Sequence[str] = ()) -> list[Fact]:
    """Facts of one section (by id or printed number) carrying every tag given."""
    section_id = resolve_section(book, section) if section is not None else None
    return [
        fact
        for fact in book.facts.values()
        if (section_id is None or fact.section == section_id) and all(tag in fact.tags for tag in tags)
    ]


def resolve_section(book: Factbook, section: str) -> str | None:
    """A section id from its id or the number the document prints on it."""
    if section in book.sections:
        return section
    for candidate in book.sections.values():
        if candidate.number is not None and str(candidate.number) == section.strip():
            return candidate.id
    return None


def all_tags(book: Factbook) -> list[str]:
    return sorted({tag for fact in book.facts.values() for tag in fact.tags})


def interval_end(end: Fraction | str) -> int | float | str | None:
    """An interval end for JSON: null when infinite, a number when exactly one, else a string.

    Fact intervals come from written decimals, so their ends are whole numbers or
    terminating decimals; an end a float cannot hold exactly (more than ~15
    significant digits, or a fraction such as 1/3) is written as a string:
    the exact decimal when it terminates, ``p/q`` otherwise.
    """
    if isinstance(end, str):
        return None
    if end.denominator == 1:
        return end.numerator
    exact = _terminating_decimal(end)
    if exact is not None and Fraction(repr(float(end))) == end:
        return float(end)
    return exact if exact is not None else f"{end.numerator}/{end.denominator}"


def _terminating_decimal(value: Fraction) -> str | None:
    """The exact decimal text of a fraction whose decimal expansion ends, else None."""
    reduced = value.denominator
    for prime in (2, 5):
        while reduced % prime == 0:
            reduced //= prime
    if reduced != 1:
        return None
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    digits = str(abs(value) * 10**places).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places else f"{sign}{digits}"


def fact_interval(fact: Fact) -> Interval | None:
    return fact.value.interval if isinstance(fact.value, Figure) else None


def fact_kind(fact: Fact) -> str:
    """list | code | number | missing"""
    if fact.items is not None:
        return "list"
    if isinstance(fact.value, Code):
        return "code"
    if isinstance(fact.value, Figure):
        return "number"
    return "missing"


def fact_record(book: Factbook, fact: Fact) -> dict[str, Any]:
    """One fact as the JSON that `jinsha list`, `show` and `find` print (see README)."""
    interval = fact_interval(fact)
    record: dict[str, Any] = {
        "id": fact.id,
        "kind": fact_kind(fact),
        "value": fact.written,
        "min": interval_end(interval.lo) if interval else None,
        "max": interval_end(interval.hi) if interval else None,
        "min_closed": interval.lo_closed if interval else None,
        "max_closed": interval.hi_closed if interval else None,
        "unit": fact.unit,
        "quote": fact.quotes[0] if fact.quotes else None,
        "quotes": list(fact.quotes),
        "section": fact.section,
        "file": book.path,
        "line": fact.line,
        "zh": fact.zh,
        "en": fact.en,
        "tags": list(fact.tags),
    }
    if fact.items is not None:
        record["items"] = list(fact.items)
    if isinstance(fact.value, Code):
        record["terms"] = list(fact.value.terms)
    if fact.rounding:
        record["rounding"] = fact.rounding
    if fact.note:
        record["note"] = fact.note
    return record


def hit_record(book: Factbook, hit: Hit) -> dict[str, Any]:
    """A fact found by ``find``: its record (``file`` names the book it came from), and where it matched."""
    record = fact_record(hit.book or book, hit.fact)
    record["match"] = {
        "tier": hit.tier_name,
        "score": round(hit.score, 3) if hit.score != float("inf") else None,
        "fields": [
            {"field": m.field, "index": m.index, "text": m.text, "spans": [list(span) for span in m.spans]}
            for m in hit.matches
        ],
    }
    return record


def value_spans(fact: Fact, quote: str) -> tuple[Span, ...]:
    """Where a quote states the fact's value (or items), for highlighting."""
    needles = list(fact.items) if fact.items is not None else [fact.written] if fact.written else []
    spans = [span for needle in needles for span in find_all(needle.lower(), quote.lower())]
    return merge_spans(spans)


def matching_rules(book: Factbook, pattern: str) -> list[Rule]:
    """The rules an id, id prefix, glob or tag:NAME names, as --select reads it."""
    from ..check.checker import selected

    return [rule for rule in book.rules.values() if selected(rule, [pattern], [])]
