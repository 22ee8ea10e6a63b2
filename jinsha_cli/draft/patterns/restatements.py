"""The same quantity stated twice in different figures (1万亿元 / 10000亿元, 3.75万亿 / 37500亿).

A quantity stated twice in the same figure is one fact with several quotes (the fact
drafter merges them). Stated in different figures, the two are the same quantity when
they have the same phrase, scope, unit, role, year and period, and their intervals
overlap: the rule records that they agree. Figures that do not overlap are left alone:
the same words may name two different things (two years, two places).
"""

from __future__ import annotations

from ..document import Reading
from ..model import OUTRIGHT, Candidate
from .base import Context, figure_of

ID = "restatements"
DESCRIPTION = "the same quantity stated again in another figure: the two agree"


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    groups: dict[tuple[object, ...], list[Reading]] = {}
    for r in doc.readings:
        if not ctx.usable(r) or len(r.core) < 3 or r.figure.kind not in ("number", "percent"):
            continue
        groups.setdefault((r.scope, r.core, r.unit, r.role, r.year, r.period, r.is_percent), []).append(r)
    found: list[Candidate] = []
    for readings in groups.values():
        ids: list[str] = []
        firsts: list[Reading] = []
        for r in readings:
            if ctx.fid(r) not in ids:
                ids.append(ctx.fid(r))
                firsts.append(r)
        if len(ids) != 2:
            continue  # three or more different figures for one phrase: not one quantity
        a, b = (figure_of(r.value) for r in firsts)
        if a is None or b is None or not a.interval.intersects(b.interval):
            continue
        found.append(
            Candidate(
                ID,
                f"{ids[0]} == {ids[1]}",
                zh=f"{firsts[0].phrase}两处所述一致（{firsts[0].value}、{firsts[1].value}）",
                en=f"the same quantity stated twice ({firsts[0].value}, {firsts[1].value}) agrees",
                strength=OUTRIGHT,
                evidence=ctx.evidence(*firsts),
                name=f"{ids[1]}.restated",
                tags=("restatement",),
            )
        )
    return found
