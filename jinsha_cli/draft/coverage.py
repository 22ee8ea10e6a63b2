"""Which figures of a document does a fact file state? (``jinsha coverage``)

A figure of the document is **covered** by a fact when, ignoring whitespace
(quotes may drop the document's own line breaks):

1. one of the fact's quotes occurs in the document and spans the figure, and
2. inside that occurrence of the quote, the fact's value as written overlaps the
   figure.

The second condition keeps the match sound: the quote
``全县建档立卡劳动力就业17981户35526人`` of a fact whose value is ``35526`` covers
35526, not 17981 beside it. A value written more tightly than the figure still
counts (a fact ``5%`` covers the figure ``超过5%``), and a quote that occurs twice
in the document covers the figure in both places, since both state it in the
same words. List facts name things, not figures, so they cover none.

Everything here returns plain data; nothing prints (``views.py`` shows it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.figures import FoundFigure, find_figures
from ..core.model import Fact


@dataclass(frozen=True)
class Anchor:
    """Where, in the document, a fact's quote states its value."""

    fact: str
    start: int  # offsets of the value in the document text
    end: int


@dataclass(frozen=True)
class FigureCoverage:
    figure: FoundFigure
    facts: tuple[str, ...]  # the facts that state it; empty when uncovered

    @property
    def covered(self) -> bool:
        return bool(self.facts)

    def to_dict(self) -> dict[str, Any]:
        f = self.figure
        return {
            "line": f.line,
            "column": f.column,
            "figure": f.written,
            "unit": f.unit,
            "kind": f.kind,
            "clause": f.clause,
            "facts": list(self.facts),
        }


@dataclass(frozen=True)
class CoverageReport:
    document: str
    facts_file: str
    figures: tuple[FigureCoverage, ...]
    unplaced: tuple[str, ...] = ()  # facts with a value whose quotes are not in the document

    @property
    def total(self) -> int:
        return len(self.figures)

    @property
    def covered(self) -> int:
        return sum(entry.covered for entry in self.figures)

    @property
    def uncovered(self) -> list[FigureCoverage]:
        return [entry for entry in self.figures if not entry.covered]

    @property
    def percent(self) -> float:
        """Covered figures in percent; a document without figures is fully covered."""
        return 100.0 * self.covered / self.total if self.total else 100.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "facts": self.facts_file,
            "figures": self.total,
            "covered": self.covered,
            "percent": round(self.percent, 2),
            "uncovered": [entry.to_dict() for entry in self.uncovered],
            "unplaced_facts": list(self.unplaced),
        }


class _Compact:
    """The document without whitespace, and where each kept character came from."""

    def __init__(self, text: str) -> None:
        self.origin = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.text = "".join(text[i] for i in self.origin)

    def occurrences(self, needle: str) -> Iterable[int]:
        if not needle:
            return
        at = self.text.find(needle)
        while at >= 0:
            yield at
            at = self.text.find(needle, at + 1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of compact text[start:end]."""
        return self.origin[start], self.origin[end - 1] + 1


def _compact(text: str) -> str:
    return "".join(text.split())


def anchors(text: str, facts: Iterable[Fact], *, compact: _Compact | None = None) -> list[Anchor]:
    """Every place where some fact's quote states that fact's value, in document offsets."""
    document = compact or _Compact(text)
    found: list[Anchor] = []
    for fact in facts:
        if fact.items is not None or not fact.written:
            continue
        value = _compact(fact.written)
        for quote in {_compact(q) for q in fact.quotes}:
            inside = [i for i in range(len(quote) - len(value) + 1) if quote.startswith(value, i)]
            for at in document.occurrences(quote):
                for offset in inside:
                    start, end = document.span(at + offset, at + offset + len(value))
                    found.append(Anchor(fact.id, start, end))
    return found


class _Spans:
    """Anchors sorted by start, to find those overlapping a span quickly."""

    def __init__(self, anchors: Iterable[Anchor]) -> None:
        self.anchors = sorted(anchors, key=lambda a: a.start)
        self.starts = [a.start for a in self.anchors]
        self.longest = max((a.end - a.start for a in self.anchors), default=0)

    def overlapping(self, start: int, end: int) -> list[Anchor]:
        low = bisect_left(self.starts, start - self.longest)
        high = bisect_right(self.starts, end - 1)
        return [a for a in self.anchors[low:high] if a.start < end and a.end > start]


def coverage(
    text: str,
    facts: Iterable[Fact],
    *,
    document: str = "<document>",
    facts_file: str = "<facts>",
    figures: list[FoundFigure] | None = None,
) -> CoverageReport:
    """Measure which figures of ``text`` the facts state (see the module notes)."""
    facts = list(facts)
    figures = find_figures(text) if figures is None else figures
    placed = anchors(text, facts)
    spans = _Spans(placed)
    entries = [
        FigureCoverage(figure, tuple(dict.fromkeys(a.fact for a in spans.overlapping(figure.start, figure.end))))
        for figure in figures
    ]
    placed_ids = {a.fact for a in placed}
    unplaced = tuple(f.id for f in facts if f.items is None and f.written and f.quotes and f.id not in placed_ids)
    return CoverageReport(document, facts_file, tuple(entries), unplaced)


def recall(text: str, reference: Iterable[Fact], found: Iterable[Fact]) -> tuple[int, int, list[str]]:
    """How many of the figures the ``reference`` facts state do the ``found`` facts state too?

    A reference fact is found when one of its anchors overlaps an anchor of some
    found fact. Returns (found, total, ids of the reference facts not found);
    reference facts whose quotes are not in the document are not counted.
    """
    document = _Compact(text)
    have = _Spans(anchors(text, found, compact=document))
    by_fact: dict[str, bool] = {}
    for anchor in anchors(text, reference, compact=document):
        hit = bool(have.overlapping(anchor.start, anchor.end))
        by_fact[anchor.fact] = by_fact.get(anchor.fact, False) or hit
    missing = [fact_id for fact_id, hit in by_fact.items() if not hit]
    return len(by_fact) - len(missing), len(by_fact), missing
