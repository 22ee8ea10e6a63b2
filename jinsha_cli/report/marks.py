"""What the report shows: each figure of the document with the verdict of the rules over it.

Everything here is plain data built from a checked fact book and the text of its
document; :mod:`jinsha_cli.report.html` turns it into a page.

A figure of the document (found by :func:`jinsha_cli.core.figures.find_figures`)
is stated by the facts whose quotes span it (:mod:`jinsha_cli.draft.coverage`),
and judged by the rules that name those facts. Its status is the worst of:

========== =====================================================================
fail       a rule over it fails (an error-, warning- or info-severity rule)
known      a rule over it fails, and the fact file acknowledges the discrepancy
           (``known:``), or a known rule holds again (stale)
slack      every rule over it holds, and one holds only within rounding
pass       every rule over it holds at face value
unused     a fact states it, but no rule judges it (none names the fact, or
           every rule that does was skipped)
uncovered  no fact states it
========== =====================================================================
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.figures import FoundFigure, Heading, find_figures, find_headings
from ..core.model import Fact, Factbook, Report, Result, Rule
from ..core.model import Status as ResultStatus  # a check result's; Status here is a figure's
from ..draft.coverage import anchors, coverage


@dataclass(frozen=True)
class Status:
    """One state a figure of the document can be in: the ``data-status`` contract."""

    name: str
    icon: str  # shown after the figure, so that colour is never the only signal
    label: str  # the legend's words
    meaning: str


# Worst first: a figure takes the first status that any of its rules gives it.
STATUSES: tuple[Status, ...] = (
    Status("fail", "✗", "fails", "a rule over this figure fails"),
    Status("known", "!", "known discrepancy", "a rule over it fails, and the fact file acknowledges it (known:)"),
    Status("slack", "≈", "holds only within rounding", "its rules hold, one only thanks to the rounding of a figure"),
    Status("pass", "✓", "holds", "every rule over it holds at face value"),
    Status("unused", "○", "stated, not checked", "a fact states it, but no rule judges it"),
    Status("uncovered", "?", "in no fact", "no fact of the fact file states this figure"),
)
STATUS_NAMES: tuple[str, ...] = tuple(status.name for status in STATUSES)
JUDGED = frozenset({"fail", "known", "slack", "pass"})  # statuses of a figure that some rule judged

# Findings add what is not a figure's state: a draft rule that holds (still to be
# judged by a person), a rule skipped, a quote that does not state its value or
# is not in the document.
FINDING_KINDS: tuple[str, ...] = ("fail", "known", "slack", "draft", "skip", "unused", "uncovered")


def rule_status(result: Result) -> str | None:
    """The status a rule's verdict gives each figure it names; None when it judges nothing."""
    if result.stale or (result.status == ResultStatus.FAIL and result.known):
        return "known"
    if result.status in (ResultStatus.FAIL, ResultStatus.ERROR):
        return "fail"
    if result.status == ResultStatus.PASS:
        return "slack" if result.slack else "pass"
    return None  # skipped


def worst(statuses: Iterable[str]) -> str | None:
    order = {name: index for index, name in enumerate(STATUS_NAMES)}
    chosen = min(statuses, key=order.__getitem__, default=None)
    return chosen


@dataclass
class Mark:
    """A figure of the document, with what states it and what judges it."""

    index: int
    figure: FoundFigure
    facts: tuple[str, ...]  # ids of the facts that state it, in file order
    rules: tuple[str, ...]  # ids of the rules that name one of those facts
    status: str
    draft: bool = False  # every rule that judged it is a draft rule, not yet reviewed


@dataclass
class Place:
    """Where a fact is stated without a figure mark: a list, or a heading's number."""

    index: int
    offset: int  # in the document text
    fact: str


@dataclass
class Finding:
    """One thing a reviewer should look at, and where it is in the text."""

    kind: str  # one of FINDING_KINDS
    title: str  # a rule id, a fact id, or the figure as written
    message: str
    result: Result | None = None
    draft: bool = False
    marks: list[int] = field(default_factory=list)  # indexes of the marks it concerns
    places: list[int] = field(default_factory=list)  # indexes of the places it concerns
    figure: FoundFigure | None = None  # for an uncovered figure


@dataclass
class Part:
    """One fact file and its document, marked."""

    number: int  # 1-based, for element ids
    book: Factbook
    report: Report
    document: str  # the document's name as given
    text: str
    headings: list[Heading]
    marks: list[Mark]
    places: list[Place]
    results: dict[str, Result]  # by rule id, the rules that ran
    findings: list[Finding]
    rules_of_fact: dict[str, list[str]]
    fact_index: dict[str, int] = field(default_factory=dict)  # position in the file, for element ids
    rule_index: dict[str, int] = field(default_factory=dict)

    @property
    def stated(self) -> int:
        return sum(bool(mark.facts) for mark in self.marks)

    @property
    def judged(self) -> int:
        return sum(mark.status in JUDGED for mark in self.marks)

    def counts(self, *, draft: bool) -> dict[str, int]:
        """Rule verdicts (pass, slack, fail, known, skip, error) of the curated or the draft rules."""
        counts = dict.fromkeys(("pass", "slack", "fail", "known", "skip", "error"), 0)
        for rule_id, result in self.results.items():
            if self.book.rules[rule_id].draft != draft:
                continue
            status = rule_status(result)
            counts[status if status is not None else result.status] += 1
        return counts

    @property
    def quote_failures(self) -> list[Result]:
        return [r for r in self.report.results if r.kind in ("quote", "source") and r.status == ResultStatus.FAIL]


def mark_document(book: Factbook, report: Report, text: str, document: str, number: int = 1) -> Part:
    """Mark every figure of ``text`` with the verdicts ``report`` holds for ``book``."""
    figures = find_figures(text)
    covered = coverage(text, book.facts.values(), figures=figures)
    results = {r.rule: r for r in report.results if r.kind == "rule" and r.rule in book.rules}
    rules_of_fact: dict[str, list[str]] = {}
    for rule_id in results:
        for fact_id in dict.fromkeys(book.rules[rule_id].fact_ids):
            rules_of_fact.setdefault(fact_id, []).append(rule_id)
    order = {fact_id: index for index, fact_id in enumerate(book.facts)}
    marks = []
    for index, entry in enumerate(covered.figures):
        facts = tuple(sorted(entry.facts, key=order.__getitem__))
        rules = tuple(dict.fromkeys(rule for fact in facts for rule in rules_of_fact.get(fact, ())))
        verdicts = {rule: rule_status(results[rule]) for rule in rules}
        judging = {rule: status for rule, status in verdicts.items() if status is not None}
        status = worst(judging.values()) or ("unused" if facts else "uncovered")
        draft = bool(judging) and all(book.rules[rule].draft for rule in judging)
        marks.append(Mark(index, entry.figure, facts, rules, status, draft))
    places = _places(text, book, marks)
    part = Part(
        number=number,
        book=book,
        report=report,
        document=document,
        text=text,
        headings=find_headings(text),
        marks=marks,
        places=places,
        results=results,
        findings=[],
        rules_of_fact=rules_of_fact,
        fact_index=order,
        rule_index={rule_id: index for index, rule_id in enumerate(book.rules)},
    )
    part.findings = _findings(part)
    return part


def _places(text: str, book: Factbook, marks: Sequence[Mark]) -> list[Place]:
    """One place for each fact that no mark shows but whose quote is in the text.

    A list fact, or a section number that the heading prints, has no figure mark;
    its place is where its value (or, for a list, its quote) stands, so that a
    finding about it still leads into the text.
    """
    marked = {fact for mark in marks for fact in mark.facts}
    unmarked = [fact for fact in book.facts.values() if fact.id not in marked and fact.quotes]
    if not unmarked:
        return []
    spans = [(mark.figure.start, mark.figure.end) for mark in marks]
    starts = [start for start, _ in spans]
    first: dict[str, int] = {}
    numbered = [fact for fact in unmarked if fact.items is None and fact.written]
    for anchor in anchors(text, numbered):
        first[anchor.fact] = min(first.get(anchor.fact, anchor.start), anchor.start)
    lists = [fact for fact in unmarked if fact.id not in first]
    first.update(_quote_offsets(text, lists))
    places = []
    for fact_id, offset in sorted(first.items(), key=lambda item: item[1]):
        at = bisect_right(starts, offset) - 1
        if at >= 0 and spans[at][0] < offset < spans[at][1]:
            offset = spans[at][0]  # never inside a mark: just before it
        places.append(Place(0, offset, fact_id))
    for index, place in enumerate(places):
        place.index = index
    return places


def _quote_offsets(text: str, facts: Sequence[Fact]) -> dict[str, int]:
    """Where each fact's first quote found in the text starts (whitespace ignored, as in check)."""
    if not facts:
        return {}
    origin = [i for i, ch in enumerate(text) if not ch.isspace()]
    compact = "".join(text[i] for i in origin)
    found = {}
    for fact in facts:
        for quote in fact.quotes:
            needle = "".join(quote.split())
            at = compact.find(needle) if needle else -1
            if at >= 0:
                found[fact.id] = origin[at]
                break
    return found


def _findings(part: Part) -> list[Finding]:
    """Everything that is not a plain pass, in document order where it has a place."""
    marks_of_fact: dict[str, list[int]] = {}
    for mark in part.marks:
        for fact in mark.facts:
            marks_of_fact.setdefault(fact, []).append(mark.index)
    places_of_fact: dict[str, list[int]] = {}
    for place in part.places:
        places_of_fact.setdefault(place.fact, []).append(place.index)

    def located(finding: Finding, facts: Iterable[str]) -> Finding:
        for fact in dict.fromkeys(facts):
            finding.marks.extend(marks_of_fact.get(fact, ()))
            finding.places.extend(places_of_fact.get(fact, ()))
        finding.marks = sorted(set(finding.marks))
        return finding

    findings: list[Finding] = []
    for rule_id, result in part.results.items():
        rule: Rule = part.book.rules[rule_id]
        status = rule_status(result)
        kind = "skip" if status is None else status
        if kind == "pass" and rule.draft:
            kind = "draft"  # it holds, but nobody has judged it yet
        if kind == "pass":
            continue
        findings.append(located(Finding(kind, rule_id, result.message, result, rule.draft), rule.fact_ids))
    for result in part.quote_failures:
        findings.append(located(Finding("fail", result.rule, result.message, result), result.facts))
    for fact_id, fact in part.book.facts.items():
        if fact_id not in marks_of_fact:
            continue
        rules = part.rules_of_fact.get(fact_id, [])
        if any(rule_status(part.results[rule]) for rule in rules):
            continue
        why = "its rules were skipped" if rules else "no rule names it"
        findings.append(located(Finding("unused", fact_id, f"{fact.display_value()}: not checked ({why})"), [fact_id]))
    for mark in part.marks:
        if mark.status == "uncovered":
            figure = mark.figure
            message = f"no fact states {figure.written}{figure.unit} (line {figure.line}, column {figure.column})"
            findings.append(
                Finding("uncovered", figure.written + figure.unit, message, marks=[mark.index], figure=figure)
            )
    severity = {name: index for index, name in enumerate(FINDING_KINDS)}
    first_at = {mark.index: mark.figure.start for mark in part.marks}
    place_at = {place.index: place.offset for place in part.places}

    def position(finding: Finding) -> int:
        offsets = [first_at[m] for m in finding.marks] + [place_at[p] for p in finding.places]
        return min(offsets, default=len(part.text) + 1)

    findings.sort(key=lambda f: (severity[f.kind], position(f)))
    return findings
