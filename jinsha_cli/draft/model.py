"""The draft as plain data: facts, rules and the candidates the relation finders propose."""

from __future__ import annotations

from dataclasses import dataclass, field

OUTRIGHT = "outright"  # the text states the relation (分别为, 其中, 加上…总量为): an error-severity draft
INFERRED = "inferred"  # the drafter infers it (the same phrase a year apart): a warning with its reason


@dataclass
class DraftFact:
    id: str
    quotes: list[str]
    section: str
    value: str | None = None  # as written; None for a list fact
    unit: str = ""
    items: tuple[str, ...] | None = None
    zh: str = ""
    en: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    start: int = 0  # where the figure (or the list) stands in the text
    end: int = 0
    line: int = 0

    @property
    def quote(self) -> str:
        return self.quotes[0]


@dataclass(frozen=True)
class Candidate:
    """A rule a relation finder proposes: its check over fact ids, and why."""

    pattern: str  # the id of the finder
    check: str
    zh: str
    en: str
    strength: str  # OUTRIGHT or INFERRED
    evidence: str  # the clause (or clauses) that state the relation, verbatim
    reason: str = ""  # for an inferred relation: what the inference rests on
    name: str = ""  # the id of the rule, before its pattern suffix (usually a fact id)
    tags: tuple[str, ...] = ()
    facts: tuple[DraftFact, ...] = ()  # facts the rule needs that the finder drafts (a list)

    @property
    def severity(self) -> str:
        return "error" if self.strength == OUTRIGHT else "warning"


@dataclass
class DraftRule:
    id: str
    check: str
    zh: str
    en: str
    pattern: str
    severity: str = "error"
    tags: tuple[str, ...] = ()
    note: str = ""


@dataclass
class Draft:
    source: dict[str, str | None]
    sections: dict[str, tuple[int | None, str]]
    facts: dict[str, DraftFact] = field(default_factory=dict)
    rules: dict[str, DraftRule] = field(default_factory=dict)

    @property
    def lists(self) -> list[DraftFact]:
        return [fact for fact in self.facts.values() if fact.items is not None]
