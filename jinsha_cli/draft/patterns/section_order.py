"""The numbers of sibling sections increase: 一、二、三; under each, （一）（二）; under those, 1. 2.

Numbering is read as nesting (jinsha_cli/draft/document.py): a sub-section numbering that
restarts under a new parent (一、 1. 2. 二、 1. 2.) is in order.
"""

from __future__ import annotations

from ..model import INFERRED, Candidate, DraftFact
from .base import Context

ID = "section_order"
DESCRIPTION = "the numbers of sibling sections increase, nested numbering read as nesting"

MAX_IN_RULE = 40


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    siblings: dict[str | None, list] = {}
    for section in doc.sections:
        if section.heading is not None:
            siblings.setdefault(section.parent, []).append(section)
    found: list[Candidate] = []
    for parent, sections in siblings.items():
        numbers = [section.number for section in sections]
        # A numbering: it starts at 1, never repeats, and skips little (1, 3, 4, 2 is one,
        # misordered; 九, 十, 二 is a few lines that open with numerals).
        if len(sections) < 2 or len(sections) > MAX_IN_RULE or numbers[0] != 1:
            continue
        if len(set(numbers)) != len(numbers) or max(numbers) > len(numbers) + 1:
            continue
        facts = []
        for section in sections:
            heading = section.heading
            facts.append(
                DraftFact(
                    id=f"section.{section.id.replace('-', '_')}.number",
                    quotes=[doc.text[heading.start : heading.end]],
                    section=section.id,
                    value=heading.written,
                    unit="节",
                    zh=f"节号：{heading.title}",
                    tags=("structure",),
                    start=heading.start,
                    end=heading.start + len(heading.written),
                    line=heading.line,
                )
            )
        where = parent or "document"
        found.append(
            Candidate(
                ID,
                f"increasing({', '.join(f.id for f in facts)})",
                zh="同级各节编号按出现顺序递增",
                en=f"the numbers of the sections under {where} increase in the order they appear",
                strength=INFERRED,
                evidence=" / ".join(f.quote for f in facts)[:300],
                reason="sections of one numbering style under one parent are read as siblings",
                name=f"sections.{where.replace('-', '_')}",
                tags=("structure",),
                facts=tuple(facts),
            )
        )
    return found
