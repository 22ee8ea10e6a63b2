"""N户M人: at least one person per household, and no more than 20 on average."""

from __future__ import annotations

from ..model import OUTRIGHT, Candidate
from .base import Context

ID = "households"
DESCRIPTION = "N户M人: people at least the households, and a plausible household size"

PEOPLE_UNITS = frozenset({"人", "名"})
# The largest plausible average household in any statistics (China's is about 3).
MAX_PER_HOUSEHOLD = 20


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    found: list[Candidate] = []
    for i, households in enumerate(doc.readings[:-1]):
        people = doc.readings[i + 1]
        if households.unit != "户" or people.unit not in PEOPLE_UNITS:
            continue
        if people.figure.start != households.figure.unit_end:
            continue
        if households.figure.kind != "number" or people.figure.kind != "number":
            continue
        if not (ctx.usable(households) and ctx.usable(people)):
            continue
        h, p = ctx.fid(households), ctx.fid(people)
        found.append(
            Candidate(
                ID,
                f"between({p} / {h}, 1, {MAX_PER_HOUSEHOLD})",
                zh=f"{households.value}户{people.value}{people.unit}：每户人数在1到{MAX_PER_HOUSEHOLD}人之间",
                en=f"{households.value} households of {people.value} people: "
                f"between 1 and {MAX_PER_HOUSEHOLD} a household",
                strength=OUTRIGHT,
                evidence=ctx.evidence(households),
                name=f"{p}.per_household",
                tags=("households",),
            )
        )
    return found
