"""The bundled fact file is evidence: quotes verbatim, values in their quotes,
every rule described, and the article's real discrepancies reported as known."""

from __future__ import annotations

import pytest

from jinsha_cli import check, load

from .conftest import BUNDLED


@pytest.fixture(scope="module")
def book():
    loaded = load(BUNDLED)
    assert loaded.problems == []
    return loaded


def _compact(text: str) -> str:
    return "".join(text.split())


def test_every_quote_is_verbatim_from_the_article(book, article_text: str) -> None:
    article = _compact(article_text)
    missing = [
        (fact.id, quote) for fact in book.facts.values() for quote in fact.quotes if _compact(quote) not in article
    ]
    assert missing == []


def test_every_quote_states_its_value_as_written(book) -> None:
    report = check(book)
    assert report.quotes_checked == len(book.facts)
    assert [r.message for r in report.results if r.kind == "quote"] == []


def test_every_fact_is_labelled_and_placed(book) -> None:
    unlabelled = [f.id for f in book.facts.values() if not (f.zh and f.en and f.section and f.tags)]
    assert unlabelled == []
    numbers = [f for f in book.facts.values() if not f.is_list]
    assert all(f.written is not None for f in numbers)


def test_at_least_sixty_described_rules(book) -> None:
    assert len(book.rules) >= 60
    undescribed = [r.id for r in book.rules.values() if not (r.zh and r.en and r.tags)]
    assert undescribed == []


def test_sections_are_in_document_order_with_printed_numbers(book) -> None:
    assert [s.number for s in book.sections.values()] == [None, 1, 3, 4, 2]


def test_the_articles_real_discrepancies_are_known_findings(book) -> None:
    report = check(book)
    known = {r.rule: r for r in report.results if r.outcome == "known"}
    assert "sections.in-order" in known and "4节 is not below 2节" in known["sections.in-order"].message
    assert "consolidation.documents-distinct" in known and "×3" in known["consolidation.documents-distinct"].message
    assert report.exit_code == 0
    assert report.summary["failed"] == 0 and report.summary["errors"] == 0 and report.summary["stale"] == 0


# Coverage: every figure of the article is some fact's evidence -------------------

# Figures deliberately left without a fact, each with its reason. Empty today:
# an entry must name a figure that really is uncovered (stale entries fail).
EXEMPT: dict[str, str] = {}


def _covered_offsets(article: str, quotes: list[str]) -> set[int]:
    """Offsets of the article that some quote spans (whitespace ignored)."""
    offsets = [i for i, ch in enumerate(article) if not ch.isspace()]
    compact = "".join(article[i] for i in offsets)
    covered: set[int] = set()
    for quote in quotes:
        needle = _compact(quote)
        start = compact.find(needle)
        while needle and start >= 0:
            covered.update(offsets[start : start + len(needle)])
            start = compact.find(needle, start + 1)
    return covered


def test_every_arabic_number_of_the_article_lies_in_a_quote(book, article_text: str) -> None:
    """A check independent of the figure finder: every digit run, headings included."""
    import re

    covered = _covered_offsets(article_text, [q for f in book.facts.values() for q in f.quotes])
    runs = list(re.finditer(r"[0-9]+(?:\.[0-9]+)?", article_text))
    uncovered = [
        f"line {article_text.count(chr(10), 0, m.start()) + 1}: {m.group()}"
        for m in runs
        if m.start() not in covered and m.group() not in EXEMPT
    ]
    assert len(runs) > 100 and uncovered == []


def test_the_figure_finder_finds_every_figure_covered(book, article_text: str) -> None:
    from jinsha_cli.draft.coverage import coverage

    report = coverage(article_text, book.facts.values())
    uncovered = {e.figure.written: e.figure.clause for e in report.uncovered}
    assert report.percent >= 95
    assert {w: c for w, c in uncovered.items() if w not in EXEMPT} == {}
    assert [w for w in EXEMPT if w not in uncovered] == [], "stale exemption"
