"""What a relation finder works on: the analysed document and the facts drafted from it."""

from __future__ import annotations

from dataclasses import dataclass

from .. import roles as R
from ..document import Document, Reading, figure_of
from ..model import DraftFact

# A breakdown or a list with more parts than this is not the pattern it looks like.
MAX_PARTS = 30


@dataclass
class Context:
    doc: Document
    facts: dict[str, DraftFact]
    fact_of: list[str]
    # the fact id of the first statement of each reading's quantity (see FactDrafter)
    quantity_of: list[str] | None = None

    def fid(self, reading: Reading) -> str:
        return self.fact_of[reading.index]

    def quantity(self, reading: Reading) -> str:
        """One id for every statement of one quantity: tells two quantities from one stated twice."""
        return (self.quantity_of or self.fact_of)[reading.index]

    def usable(self, reading: Reading) -> bool:
        """A figure rules may use: read whole (no qualifier left out) and readable."""
        return reading.exact_enough and figure_of(reading.value) is not None

    def level(self, reading: Reading) -> bool:
        """A level stated in a unit (not a rate, change, share, target or year)."""
        return reading.role == R.LEVEL and reading.figure.kind == "number" and self.usable(reading)

    def clause(self, reading: Reading) -> str:
        f = reading.figure
        # the clause around the figure, cut to a window in a very long clause
        return self.doc.text[max(f.clause_start, f.start - 80) : min(f.clause_end, f.unit_end + 80)]

    def evidence(self, *readings: Reading) -> str:
        """The clauses of the readings, verbatim, in order, without repeats (capped)."""
        seen: list[str] = []
        for r in sorted(readings, key=lambda r: r.figure.start):
            clause = self.clause(r)[:80]
            if clause not in seen:
                seen.append(clause)
        return " … ".join(seen)[:300]


def same_kind(a: Reading, b: Reading) -> bool:
    """Two figures that can be added or compared: the same unit, both percentages or neither."""
    return a.unit == b.unit and a.is_percent == b.is_percent and not a.unit_guessed and not b.unit_guessed
