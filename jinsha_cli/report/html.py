"""The report page: one self-contained HTML file, readable without JavaScript.

Every text that comes from a fact file or a document goes through ``html.escape``
(``_e``), attributes included; element ids are made from numbers, never from
ids in the file. The page loads nothing: the stylesheet and the one script are
inline, and a Content-Security-Policy allows exactly those two (by hash) and no
request of any kind.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import cache
from html import escape
from importlib import resources

from .. import __version__
from ..core.model import Fact, Factbook, Outcome, Result, Rule, Severity
from ..lookup.views import interval_text, written_value
from .marks import FINDING_KINDS, STATUS_NAMES, STATUSES, Finding, Mark, Part, Place, rule_status

_BY_NAME = {status.name: status for status in STATUSES}

# Finding kinds beyond the figure statuses.
_FINDING_LABELS = {
    **{status.name: (status.icon, status.label) for status in STATUSES},
    "skip": ("–", "skipped"),
    "draft": ("✓", "draft rule that holds"),
}

# A rule's verdict as people read it (outcome, and slack apart from pass).
_VERDICTS = {
    "pass": ("✓", "holds"),
    "slack": ("≈", "holds only within rounding"),
    "fail": ("✗", "fails"),
    "known": ("!", "known discrepancy"),
    "stale": ("!", "stale: marked known, but it holds"),
    "skip": ("–", "skipped"),
    "error": ("✗", "broken rule"),
}

# Paragraphs end at a blank line, or at a run of ideographic spaces (as People's Daily prints them).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n\s*|[\u3000]{2,}")


def _e(text: object) -> str:
    """Escaped for HTML text and for a double- or single-quoted attribute."""
    return escape(str(text), quote=True)


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def render_page(parts: Sequence[Part], *, checked_at: datetime, lang: str = "en") -> str:
    """The whole page for one or more marked documents."""
    style, script = _asset("report.css"), _asset("report.js")
    policy = (
        f"default-src 'none'; style-src '{_hash(style)}'; script-src '{_hash(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    title = _title(parts[0].book) if len(parts) == 1 else f"{len(parts)} documents"
    out = [
        "<!DOCTYPE html>\n",
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(policy)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n',
        f'<meta name="generator" content="jinsha {_e(__version__)}">\n',
        f"<title>{_e(title)} · jinsha report</title>\n",
        '<link rel="icon" href="data:,">\n',
        f"<style>{style}</style>\n</head>\n<body>\n",
        '<a class="skip-link" href="#p1-doc">Skip to the document</a>\n',
    ]
    for part in parts:
        out.extend(_part(part, checked_at, lang, several=len(parts) > 1))
    out.append(
        '<aside id="card" class="card" hidden aria-label="Figure card" tabindex="-1">'
        '<button type="button" class="card-close" aria-label="Close the card">×</button>'
        '<div class="card-body" aria-live="polite"></div></aside>\n'
    )
    out.append(f"<script>{script}</script>\n</body>\n</html>\n")
    return "".join(out)


def _language(book: Factbook) -> str:
    language = book.source.get("language") if book.source else None
    return language if isinstance(language, str) and language.strip() else ""


def _title(book: Factbook) -> str:
    title = book.source.get("title") if book.source else None
    return title if isinstance(title, str) and title.strip() else book.path


def _part(part: Part, checked_at: datetime, lang: str, several: bool) -> Iterator[str]:
    p = f"p{part.number}"
    book = part.book
    yield f'<div class="part" id="{p}">\n<header class="top">\n'
    series = book.source.get("series") if book.source else None
    if isinstance(series, str) and series.strip():
        yield f'<p class="series">{_e(series)}</p>\n'
    yield f"<h1>{_e(_title(book))}</h1>\n"
    author = book.source.get("author") if book.source else None
    yield '<p class="meta">'
    if isinstance(author, str) and author.strip():
        yield f"{_e(author)} · "
    yield (
        f"document <code>{_e(part.document)}</code> · facts <code>{_e(book.path)}</code> · checked "
        f'<time datetime="{_e(checked_at.isoformat())}">{_e(checked_at.strftime("%Y-%m-%d %H:%M %Z").strip())}</time>'
        f" by jinsha {_e(__version__)}</p>\n"
    )
    yield from _summary(part, p)
    yield from _legend(part, p)
    yield "</header>\n"
    yield '<div class="layout">\n'
    lang_attr = f' lang="{_e(_language(book))}"' if _language(book) else ""
    yield f'<article class="document" id="{p}-doc"{lang_attr} aria-label="The document, figures marked">\n'
    yield from _document(part, p)
    yield "</article>\n"
    yield from _findings(part, p)
    yield "</div>\n"
    yield from _appendix(part, p, lang)
    yield "</div>\n"


# Header ------------------------------------------------------------------------------------


def _summary(part: Part, p: str) -> Iterator[str]:
    curated, draft = part.counts(draft=False), part.counts(draft=True)
    yield '<section class="summary" aria-label="Summary">\n'
    yield '<dl class="counts">\n'
    yield f"<dt>rules</dt><dd>{_counts_text(curated)}</dd>\n"
    if sum(draft.values()):
        yield f'<dt>draft rules</dt><dd class="draft-counts">{_counts_text(draft)}</dd>\n'
    report = part.report
    quotes_failed = sum(r.kind == "quote" for r in part.quote_failures)
    yield f"<dt>quotes</dt><dd>{report.quotes_checked} checked, {quotes_failed} do not state their value"
    source_failed = sum(r.kind == "source" for r in part.quote_failures)
    yield f"; {report.source_quotes_checked} looked for in the document, {source_failed} not found</dd>\n"
    total = len(part.marks)
    yield (
        f"<dt>figures</dt><dd>{total} in the document; {part.stated} stated by facts "
        f"({_percent(part.stated, total)}); {part.judged} used by rules ({_percent(part.judged, total)})</dd>\n"
    )
    yield "</dl>\n"
    yield from _bar(curated, draft)
    yield "</section>\n"


def _counts_text(counts: dict[str, int]) -> str:
    passed = counts["pass"] + counts["slack"]
    text = f"{passed} hold"
    if counts["slack"]:
        text += f" ({counts['slack']} only within rounding)"
    text += f", {counts['fail']} fail, {counts['known']} known, {counts['skip']} skipped"
    if counts["error"]:
        text += f", {counts['error']} broken"
    return _e(text)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _bar(curated: dict[str, int], draft: dict[str, int]) -> Iterator[str]:
    """A small bar of the rules' verdicts, drawn in SVG (no style attribute: the policy allows none)."""
    order = ("fail", "error", "known", "slack", "pass", "skip")
    totals = {name: curated[name] + draft[name] for name in order}
    whole = sum(totals.values())
    if not whole:
        return
    words = ", ".join(f"{totals[name]} {_VERDICTS[name][1]}" for name in order if totals[name])
    yield f'<svg class="bar" viewBox="0 0 1000 16" preserveAspectRatio="none" role="img" aria-label="{_e(words)}">'
    x = 0.0
    for name in order:
        if totals[name]:
            width = 1000 * totals[name] / whole
            yield (
                f'<rect class="bar-{name}" x="{x:.1f}" y="0" width="{width:.1f}" height="16">'
                f"<title>{totals[name]} {_e(_VERDICTS[name][1])}</title></rect>"
            )
            x += width
    yield "</svg>\n"


def _legend(part: Part, p: str) -> Iterator[str]:
    counts = {name: 0 for name in STATUS_NAMES}
    for mark in part.marks:
        counts[mark.status] += 1
    yield '<ul class="legend" aria-label="What the marks mean">\n'
    for status in STATUSES:
        yield (
            f'<li><span class="fig sample" data-status="{status.name}">12</span> '
            f"<strong>{_e(status.label)}</strong> ({counts[status.name]}): {_e(status.meaning)}</li>\n"
        )
    drafts = sum(mark.draft for mark in part.marks)
    if drafts:
        yield (
            '<li><span class="fig sample" data-status="pass" data-draft="true">12</span> '
            f"<strong>line above</strong> ({drafts}): judged by draft rules only, still to be reviewed</li>\n"
        )
    yield "</ul>\n"


# The document ------------------------------------------------------------------------------


def _document(part: Part, p: str) -> Iterator[str]:
    text = part.text
    headings = {heading.start: heading for heading in part.headings}
    marks, places = part.marks, part.places
    mark_at, place_at = 0, 0
    for start, end in _paragraphs(text):
        heading = headings.get(start)
        if heading is not None and heading.end != end:
            heading = None  # a line that opens with a number but goes on: a paragraph
        tag = "h2" if heading is not None else "p"
        pieces = [f"<{tag}>"]
        cursor = start
        while True:
            next_mark = marks[mark_at].figure.start if mark_at < len(marks) else None
            next_place = places[place_at].offset if place_at < len(places) else None
            candidates = [x for x in (next_mark, next_place) if x is not None and x < end]
            if not candidates:
                break
            at = min(candidates)
            pieces.append(_text(text[cursor:at]))
            cursor = at
            if next_place is not None and next_place == at:
                pieces.append(_place(places[place_at], p))
                place_at += 1
                continue
            mark = marks[mark_at]
            pieces.append(_mark(part, mark, p))
            cursor = mark.figure.end
            mark_at += 1
        pieces.append(_text(text[cursor:end]))
        pieces.append(f"</{tag}>\n")
        yield "".join(pieces)


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph, without the blanks around it."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield from _stripped(text, start, match.start())
        start = match.end()
    yield from _stripped(text, start, len(text))


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    if chunk.strip():
        lead = len(chunk) - len(chunk.lstrip())
        yield start + lead, start + len(chunk.rstrip())


def _text(text: str) -> str:
    return _e(text).replace("\n", "<br>\n")


def _mark(part: Part, mark: Mark, p: str) -> str:
    figure = mark.figure
    status = _BY_NAME[mark.status]
    shown = figure.written + figure.unit
    if mark.facts:
        order = part.fact_index
        cards = " ".join(f"{p}-f{order[fact]}" for fact in mark.facts)
        target = f"{p}-f{order[mark.facts[0]]}"
        data_fact = f' data-fact="{_e(" ".join(mark.facts))}"'
    else:
        target = cards = f"{p}-u{mark.index}"
        data_fact = ""
    label = f"{shown}: {status.label}" + (" by draft rules only" if mark.draft else "")
    label += f" ({', '.join(mark.facts)})" if mark.facts else ""
    draft = ' data-draft="true"' if mark.draft else ""
    return (
        f'<a class="fig" id="{p}-m{mark.index}" href="#{target}" data-status="{status.name}"{data_fact}{draft} '
        f'data-cards="{cards}" data-line="{figure.line}" data-column="{figure.column}" '
        f'data-unit="{_e(figure.unit)}" title="{_e(label)}" aria-label="{_e(label)}">{_e(figure.written)}</a>'
    )


def _place(place: Place, p: str) -> str:
    return f'<span class="place" id="{p}-a{place.index}" data-place-of="{_e(place.fact)}"></span>'


# Findings ----------------------------------------------------------------------------------


def _findings(part: Part, p: str) -> Iterator[str]:
    findings = part.findings
    counts = {kind: 0 for kind in FINDING_KINDS}
    for finding in findings:
        counts[finding.kind] += 1
    yield f'<aside class="findings" id="{p}-findings" aria-labelledby="{p}-findings-title">\n'
    yield f'<h2 id="{p}-findings-title">Findings ({len(findings)})</h2>\n'
    if findings:
        yield '<fieldset class="filter"><legend>Show</legend>\n'
        for kind in FINDING_KINDS:
            if counts[kind]:
                icon, label = _FINDING_LABELS[kind]
                yield (
                    f'<label><input type="checkbox" class="show" id="{p}-show-{kind}" data-kind="{kind}" checked> '
                    f'<span class="badge" data-status="{kind}">{_e(icon)}</span> {_e(label)} ({counts[kind]})</label>\n'
                )
        yield "</fieldset>\n"
    else:
        yield "<p>Nothing to review: every figure is stated by a fact and every rule over it holds.</p>\n"
    yield '<ol class="finding-list">\n'
    for number, finding in enumerate(findings):
        yield _finding(part, finding, number, p)
    yield "</ol>\n</aside>\n"


def _finding(part: Part, finding: Finding, number: int, p: str) -> str:
    icon, label = _FINDING_LABELS[finding.kind]
    element_id = f"{p}-u{finding.marks[0]}" if finding.kind == "uncovered" else f"{p}-x{number}"
    pieces = [
        f'<li class="finding" id="{element_id}" data-kind="{finding.kind}">',
        f'<span class="badge" data-status="{finding.kind}" title="{_e(label)}">{_e(icon)} {_e(label)}</span> ',
    ]
    if finding.result is not None and finding.result.kind == "rule":
        rule_index = part.rule_index[finding.title]
        pieces.append(f'<a class="rule-link" href="#{p}-r{rule_index}"><code>{_e(finding.title)}</code></a>')
    elif finding.kind == "uncovered":
        pieces.append(f"<strong>{_e(finding.title)}</strong>")
    else:
        fact_id = finding.result.facts[0] if finding.result is not None else finding.title
        target = f"{p}-f{part.fact_index[fact_id]}" if fact_id in part.fact_index else ""
        pieces.append(f'<a class="rule-link" href="#{target}"><code>{_e(finding.title)}</code></a>')
    if finding.draft:
        pieces.append(' <span class="draft">draft</span>')
    if finding.result is not None and finding.result.severity != Severity.ERROR and finding.kind == "fail":
        pieces.append(f' <span class="severity">{_e(finding.result.severity)}</span>')
    description = finding.result.description if finding.result is not None else ""
    if description:
        pieces.append(f'<p class="description">{_e(description)}</p>')
    pieces.append(f'<p class="numbers">{_e(finding.message)}</p>')
    if finding.result is not None and finding.result.kind == "rule":
        quotes = dict.fromkeys(
            part.book.facts[fact].quotes[0]
            for fact in finding.result.facts
            if fact in part.book.facts and part.book.facts[fact].quotes
        )
        if quotes:  # what the rule is to be judged against
            shown = "".join(f"<q>{_e(quote)}</q> " for quote in quotes)
            language = f' lang="{_e(_language(part.book))}"' if _language(part.book) else ""
            pieces.append(f'<p class="said"{language}>From: {shown}</p>')
    if finding.kind == "uncovered" and finding.figure is not None:
        pieces.append(f'<p class="clause">in: <q>{_e(finding.figure.clause)}</q></p>')
    links = [
        f'<a class="goto" href="#{p}-m{index}">{_e(part.marks[index].figure.written)}</a>' for index in finding.marks
    ]
    links += [f'<a class="goto" href="#{p}-a{index}">{_e(part.places[index].fact)}</a>' for index in finding.places]
    if links:
        pieces.append(f'<p class="where">In the text: {" ".join(links)}</p>')
    else:
        pieces.append('<p class="where">Not found in the text.</p>')
    pieces.append("</li>\n")
    return "".join(pieces)


# Facts and rules (the cards' contents) ----------------------------------------------------


def _appendix(part: Part, p: str, lang: str) -> Iterator[str]:
    book = part.book
    rule_index, fact_index = part.rule_index, part.fact_index
    yield f'<section class="appendix" id="{p}-appendix" aria-label="Facts and rules">\n'
    yield f"<h2>Facts ({len(book.facts)})</h2>\n"
    for fact_id, fact in book.facts.items():
        yield _fact(part, fact, fact_index[fact_id], rule_index, p)
    yield f"<h2>Rules ({len(part.results)})</h2>\n"
    for rule_id, result in part.results.items():
        yield _rule(part, book.rules[rule_id], result, rule_index[rule_id], fact_index, p, lang)
    yield "</section>\n"


def _severity_order(part: Part, rule_id: str) -> int:
    status = rule_status(part.results[rule_id])
    return STATUS_NAMES.index(status) if status is not None else len(STATUS_NAMES)


def _fact(part: Part, fact: Fact, index: int, rule_index: dict[str, int], p: str) -> str:
    rules = sorted(part.rules_of_fact.get(fact.id, ()), key=lambda rule_id: _severity_order(part, rule_id))
    data_rules = " ".join(f"{p}-r{rule_index[rule_id]}" for rule_id in rules)
    rows = [("value", written_value(fact))]
    if fact.items is None:
        rows.append(("interval", interval_text(fact) + (f" (rounding: {fact.rounding})" if fact.rounding else "")))
        rows.append(("unit", fact.unit or "—"))
    else:
        rows.append(("items", interval_text(fact)))
    rows += [("zh", fact.zh or "—"), ("en", fact.en or "—"), ("tags", ", ".join(fact.tags) or "—")]
    section = part.book.sections.get(fact.section or "")
    if section is not None:
        number = f"{section.number} " if section.number is not None else ""
        rows.append(("section", f"{section.id} · {number}{section.title}"))
    for number, quote in enumerate(fact.quotes, 1):
        rows.append(("quote" if len(fact.quotes) == 1 else f"quote {number}", quote))
    if fact.note:
        rows.append(("note", fact.note))
    rows.append(("where", f"{part.book.path}:{fact.line}"))
    cells = "".join(f"<dt>{_e(key)}</dt><dd>{_e(value)}</dd>" for key, value in rows)
    if rules:
        links = ", ".join(
            f'<a href="#{p}-r{rule_index[rule_id]}">{_e(rule_id)}</a> ({_e(_verdict(part.results[rule_id])[1])})'
            for rule_id in rules
        )
        used = f'<p class="used">Rules: {links}</p>'
    else:
        used = '<p class="used">No rule uses this fact.</p>'
    return (
        f'<section class="fact" id="{p}-f{index}" data-fact="{_e(fact.id)}" data-rules="{data_rules}">'
        f'<h3 class="fact-id"><span class="kind">fact</span> <code>{_e(fact.id)}</code></h3>'
        f'<dl class="fields">{cells}</dl>{used}</section>\n'
    )


def _verdict(result: Result) -> tuple[str, str, str]:
    """(outcome name, icon, words) of a rule's result, with slack apart from pass."""
    outcome = result.outcome
    if outcome == Outcome.PASS and result.slack:
        outcome = "slack"
    icon, words = _VERDICTS[outcome]
    if outcome == Outcome.FAIL and result.severity != Severity.ERROR:
        words = f"fails ({result.severity})"
    return outcome, icon, words


def _rule(part: Part, rule: Rule, result: Result, index: int, fact_index: dict[str, int], p: str, lang: str) -> str:
    """The rule explained as ``jinsha rule`` explains it: facts, steps in numbers, verdict."""
    outcome, icon, words = _verdict(result)
    status = rule_status(result) or "skip"
    meta = [rule.severity]
    if rule.tags:
        meta.append("tags: " + ", ".join(rule.tags))
    meta.append(f"{part.book.path}:{rule.line}")
    pieces = [
        f'<section class="rule" id="{p}-r{index}" data-rule="{_e(rule.id)}" data-outcome="{outcome}">',
        f'<h3 class="rule-id"><span class="badge" data-status="{status}">{_e(icon)} {_e(words)}</span> ',
        f'<span class="kind">rule</span> <code>{_e(rule.id)}</code>',
        ' <span class="draft">draft</span>' if rule.draft else "",
        "</h3>",
        f'<p class="meta">{_e(" · ".join(meta))}</p>',
    ]
    for language in ("zh", "en") if lang == "zh" else ("en", "zh"):
        description = getattr(rule, language)
        if description:
            pieces.append(f'<p class="description" lang="{language}">{_e(description)}</p>')
    pieces.append(f'<p class="check">check <code>{_e(rule.check)}</code></p>')
    facts = [part.book.facts[f] for f in dict.fromkeys(rule.fact_ids) if f in part.book.facts]
    if facts:
        pieces.append(
            '<table class="rule-facts"><thead><tr><th scope="col">fact</th><th scope="col">value</th>'
            '<th scope="col">interval</th><th scope="col">quote</th></tr></thead><tbody>'
        )
        for fact in facts:
            unit = "" if fact.unit in ("", "%") or fact.items is not None else fact.unit
            quote = fact.quotes[0] if fact.quotes else ""
            pieces.append(
                f'<tr><td><a href="#{p}-f{fact_index[fact.id]}"><code>{_e(fact.id)}</code></a></td>'
                f"<td>{_e(written_value(fact) + unit)}</td><td>{_e(interval_text(fact))}</td>"
                f"<td>{_e(quote)}</td></tr>"
            )
        pieces.append("</tbody></table>")
    steps = list(result.steps) or ["(the verdict needs no intermediate values)"]
    pieces.append('<ol class="steps">' + "".join(f"<li>{_e(step)}</li>" for step in steps) + "</ol>")
    pieces.append(f'<p class="verdict"><strong>Verdict</strong> {_e(icon)} {_e(words)}: {_e(result.message)}</p>')
    if rule.known:
        pieces.append(f'<p class="known"><strong>Known</strong> {_e(rule.known)}</p>')
    if rule.note:
        pieces.append(f'<p class="note"><strong>Note</strong> {_e(rule.note)}</p>')
    pieces.append("</section>\n")
    return "".join(pieces)
