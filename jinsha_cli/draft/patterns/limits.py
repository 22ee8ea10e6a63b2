"""A level kept within a limit stated with it: 国债余额168038.04亿元，控制在…限额175208.35亿元以内.

The limit follows 控制在 in the clause right after the level (or after the level's own
breakdown: 债务余额213072.26亿元，包括一般债务余额…、专项债务余额…，控制在…以内), ends with
以内 or 以下, and is in the level's unit: level ≤ limit. A clause of 控制在 with no figure
of that unit before it in its clause group (将失业率控制在5.5%以内: a target alone), or
with several and no breakdown to say which one is kept within the limit, drafts nothing.
"""

from __future__ import annotations

import re

from .. import roles as R
from ..document import Reading
from ..model import OUTRIGHT, Candidate
from .base import Context, same_kind

ID = "limits"
DESCRIPTION = "a level kept within a limit stated right after it (控制在…以内): level ≤ limit"

_KEPT_WITHIN = re.compile("控制在[^，,。；;！？!?\n]*$")
_WITHIN = re.compile("以内|以下|之内")
_BREAKDOWN = re.compile("^[，,]?(?:包括|其中)")


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    found: list[Candidate] = []
    for limit in doc.readings:
        if limit.role != R.TARGET or not ctx.usable(limit):
            continue
        clause_before = doc.text[limit.figure.clause_start : limit.figure.start]
        if not _KEPT_WITHIN.search(clause_before):
            continue
        if not _WITHIN.match(doc.text, limit.figure.unit_end) and not limit.value.endswith(("以内", "以下")):
            continue
        level = _kept(ctx, limit)
        if level is None:
            continue
        kept, cap = ctx.fid(level), ctx.fid(limit)
        found.append(
            Candidate(
                ID,
                f"{kept} <= {cap}",
                zh=f"{level.phrase or level.noun}{level.value}{level.unit}控制在{limit.value}",
                en=f"the level {level.value}{level.unit} is within the limit {limit.value}",
                strength=OUTRIGHT,
                evidence=ctx.evidence(level, limit),
                name=f"{kept}.within_limit",
                tags=("limit",),
            )
        )
    return found


def _kept(ctx: Context, limit: Reading) -> Reading | None:
    """The level the 控制在 clause is about: the one figure of the limit's unit before it in
    its clause group, or the total of a breakdown (包括, 其中) that all the others belong to."""
    doc = ctx.doc
    before = [
        r
        for r in doc.readings[: limit.index]
        if r.group == limit.group and r.figure.kind == "number" and r.role != R.YEAR and r.role != R.DATE
    ]
    if not before:
        return None
    own = [r for r in before if same_kind(r, limit)]
    if not own or len(own) != len(before):
        return None  # a figure of another kind stands between: what is kept within the limit is unclear
    first = own[0]
    if len(own) > 1 and not _BREAKDOWN.match(doc.text[first.figure.unit_end : own[1].figure.start]):
        return None
    if first.role != R.LEVEL or not ctx.usable(first) or first.figure.clause_end == limit.figure.clause_end:
        return None
    return first
