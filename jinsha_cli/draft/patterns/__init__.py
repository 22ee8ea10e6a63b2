"""The relation finders, one module each, behind a registry (in the manner of yamllint's rules).

Each finder module has an ``ID``, a one-line ``DESCRIPTION`` and ``find(context)``, which
returns candidate rules, each with its evidence clause and its strength (outright: the
text states the relation; inferred: the drafter infers it, and says why). Add a finder
by writing its module and listing it here; tests/test_draft_patterns.py checks that every
registered finder is documented and has tests of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from ..model import Candidate
from . import (
    breakdowns,
    changes,
    codes,
    grim,
    growth,
    households,
    limits,
    list_counts,
    points,
    respectively,
    respectively_changes,
    restatements,
    section_order,
    shares,
    sums,
)
from .base import Context


@dataclass(frozen=True)
class Pattern:
    id: str
    description: str
    find: Callable[[Context], list[Candidate]]
    module: str


def _pattern(module: ModuleType) -> Pattern:
    return Pattern(module.ID, module.DESCRIPTION, module.find, module.__name__)


PATTERNS: dict[str, Pattern] = {
    p.id: p
    for p in map(
        _pattern,
        (
            breakdowns,
            sums,
            changes,
            growth,
            points,
            restatements,
            shares,
            households,
            limits,
            list_counts,
            respectively,
            respectively_changes,
            grim,
            codes,
            section_order,
        ),
    )
}

__all__ = ["PATTERNS", "Context", "Pattern"]
