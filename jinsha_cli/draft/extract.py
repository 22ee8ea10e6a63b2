"""Draft a fact file from a document's text (``jinsha extract``).

``extract(text)`` reads the document (:mod:`.document`: sections, sentences, every
figure's role and phrase), drafts one fact per quantity stated (:mod:`.facts`), runs every
relation finder of :data:`.patterns.PATTERNS` and keeps their candidates as rules marked
``draft: true``: an ``error`` when the text states the relation, a ``warning`` with its
reason when the drafter infers it. ``to_yaml`` (:mod:`.writer`) writes the draft as a
fact file that ``jinsha check`` loads. Nothing here prints or touches files.
"""

from __future__ import annotations

import re

from ..core.figures import FoundFigure
from ..rules.expr import MAX_LENGTH
from . import roles as R
from .document import CHUNK_CHARS, HEADLINE, Document, Progress, analyse, find_all
from .facts import FactDrafter
from .model import INFERRED, Candidate, Draft, DraftFact, DraftRule
from .patterns import PATTERNS, Context
from .patterns.respectively import value_names
from .writer import document_entry, relative_path, schema_near, to_yaml

__all__ = [
    "CHUNK_CHARS",
    "Draft",
    "DraftFact",
    "DraftRule",
    "document_entry",
    "draft_factbook",
    "extract",
    "find_all",
    "relative_path",
    "schema_near",
    "to_yaml",
]

_CJK = re.compile("[\u4e00-\u9fff]")
POINTS_NOTE = (
    "percentage points (个百分点), written without a unit so that a rule can compare it "
    "with a difference of percentages times 100"
)


def extract(text: str, *, document: str | None = None, progress: Progress | None = None) -> Draft:
    """Draft facts, lists and rules from a document's text.

    ``document`` is recorded as ``source.document`` (a path relative to where the
    draft will be written). ``progress(done, total)`` is called as the text is read.
    """
    doc = analyse(text, progress)
    drafter = FactDrafter(doc)
    facts = drafter.draft()
    for reading in doc.readings:
        if reading.role == R.POINTS:
            fact = facts[drafter.fact_of[reading.index]]
            fact.unit, fact.note = "", POINTS_NOTE
    context = Context(doc, facts, drafter.fact_of, drafter.quantity_of)
    rules: dict[str, DraftRule] = {}
    checks: set[str] = set()
    for pattern in PATTERNS.values():
        for candidate in pattern.find(context):
            _keep(candidate, facts, rules, checks)
    facts, rules = _name_listed_values(context, drafter, rules)
    return Draft(_source(doc, document), _sections(doc), facts, rules)


def _name_listed_values(
    context: Context, drafter: FactDrafter, rules: dict[str, DraftRule]
) -> tuple[dict[str, DraftFact], dict[str, DraftRule]]:
    """The values 分别 pairs with names get those names (46.8公斤 after 油料、猪牛羊肉…的人均占有量
    分别为24.7公斤: 猪牛羊肉人均占有量, not figure_46_8), once every finder has run on the
    drafter's first names, so that no relation depends on the new ones. The facts and rules
    keep their order; the rules' checks and ids follow the new fact ids."""
    order = list(drafter.facts)
    renamed: dict[str, str] = {}
    for index, (label, role) in value_names(context).items():
        old = drafter.fact_of[index]
        new = drafter.rename(index, label, role)
        if new is not None:
            renamed[old] = new
    if not renamed:
        return drafter.facts, rules
    facts = {renamed.get(fact_id, fact_id): drafter.facts[renamed.get(fact_id, fact_id)] for fact_id in order}
    ids = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(renamed, key=len, reverse=True))) + r")(?![\w.])")
    named_rules: dict[str, DraftRule] = {}
    for rule in rules.values():
        rule.check = ids.sub(lambda match: renamed[match[1]], rule.check)
        owner = next((old for old in renamed if rule.id.startswith(old + ".")), None)
        own_id = renamed[owner] + rule.id[len(owner) :] if owner is not None else rule.id
        if own_id not in rules and own_id not in named_rules:
            rule.id = own_id  # s1_4.rate_55pct.of_change is named after its fact's new id
        named_rules[rule.id] = rule
    return facts, named_rules


def draft_factbook(
    text: str,
    *,
    document: str | None = None,
    schema: str | None = None,
    source_note: str = "",
    progress: Progress | None = None,
) -> str:
    """The draft fact file for ``text``, as YAML text."""
    return to_yaml(extract(text, document=document, progress=progress), schema=schema, source_note=source_note)


def _keep(candidate: Candidate, facts: dict[str, DraftFact], rules: dict[str, DraftRule], checks: set[str]) -> None:
    if candidate.check in checks or len(candidate.check) > MAX_LENGTH:
        return
    for fact in candidate.facts:
        facts.setdefault(fact.id, fact)
    checks.add(candidate.check)
    base = re.sub("[^A-Za-z0-9_.:-]", "_", candidate.name or candidate.pattern).lstrip("_.:-") or candidate.pattern
    rule_id, n = base, 2
    while rule_id in rules:
        rule_id, n = f"{base}-{n}", n + 1
    evidence = candidate.evidence.replace("\n", " ")
    note = (
        f"inferred by {candidate.pattern}: {candidate.reason}; text: {evidence}"
        if candidate.strength == INFERRED
        else f"stated ({candidate.pattern}): {evidence}"
    )
    rules[rule_id] = DraftRule(
        rule_id,
        candidate.check,
        candidate.zh,
        candidate.en,
        candidate.pattern,
        candidate.severity,
        tuple(dict.fromkeys((candidate.pattern, *candidate.tags))),
        note,
    )


def _sections(doc: Document) -> dict[str, tuple[int | None, str]]:
    sections: dict[str, tuple[int | None, str]] = {}
    headline = doc.headline_block
    if headline is not None:
        sections[HEADLINE] = (None, headline.text)
    body_start = headline.end if headline else 0
    if not doc.sections:
        sections["body"] = (None, "正文")
        return sections
    if doc.text[body_start : doc.sections[0].start].strip():
        sections["lead"] = (None, "导语" if headline else doc.headline or "导语")
    for section in doc.sections:
        sections[section.id] = (section.number, section.title)
    return sections


def _source(doc: Document, document: str | None) -> dict[str, str | None]:
    author = None
    for line in doc.text.split("\n")[:8]:
        byline = re.fullmatch(r"\s*(?:□|■|◎|文/|文／|作者[:：]|本报记者|记者)\s*([\u4e00-\u9fff·]{2,8})\s*", line)
        if byline:
            author = byline[1]
            break
    return {
        "title": doc.headline,
        "author": author,
        "publication": None,
        "date": None,
        "language": "zh" if _CJK.search(doc.text) else None,
        "document": document,
    }


def figures_of(text: str) -> list[FoundFigure]:
    """Every figure of a document (as ``jinsha coverage`` counts them)."""
    return find_all(text.replace("\r\n", "\n").replace("\r", "\n"))
