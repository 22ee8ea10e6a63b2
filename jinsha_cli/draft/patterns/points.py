"""A rate and its change in percentage points against the same rate a year before.

城镇化率达到46.3%，比上年提高1.2个百分点, with the previous year's 城镇化率 printed in the
document: (46.3% − 45.1%) × 100 should be 1.2. Inferred from the phrase and the years,
so a warning. (由a%提高到b% with its points is drafted by the changes finder.)
"""

from __future__ import annotations

from .. import roles as R
from ..document import Reading
from ..model import INFERRED, Candidate
from .base import Context

ID = "points"
DESCRIPTION = "a change in percentage points against the same rate printed for the year before"


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    rates: dict[tuple[str, str, str], list[Reading]] = {}
    for r in doc.readings:
        if r.role == R.RATE and r.is_percent and ctx.usable(r) and r.year is not None and len(r.core) >= 3:
            rates.setdefault((r.scope, r.core, r.period), []).append(r)
    found: list[Candidate] = []
    for i, points in enumerate(doc.readings):
        if points.role != R.POINTS or not ctx.usable(points) or points.sign == 0 or i == 0:
            continue
        rate = doc.readings[i - 1]
        if rate.group != points.group or rate.role != R.RATE or not rate.is_percent or rate.year is None:
            continue
        wanted = rate.year - 1
        if points.base and points.base not in ("上年", f"{wanted}年"):
            continue
        earlier = [r for r in rates.get((rate.scope, rate.core, rate.period), []) if r.year == wanted]
        if len({ctx.quantity(r) for r in earlier}) != 1 or ctx.quantity(earlier[0]) == ctx.quantity(rate):
            continue
        now, then, d = ctx.fid(rate), ctx.fid(earlier[0]), ctx.fid(points)
        check = f"({now} - {then}) * 100 == {d}" if points.sign > 0 else f"({then} - {now}) * 100 == {d}"
        found.append(
            Candidate(
                ID,
                check,
                zh=f"{rate.phrase}{rate.value}比{wanted}年{earlier[0].value}相差{points.value}个百分点",
                en=f"the rate moved by the percentage points stated against {wanted}",
                strength=INFERRED,
                evidence=ctx.evidence(earlier[0], rate, points),
                reason=f"the {wanted} rate is read from line {earlier[0].figure.line}, the same phrase a year earlier",
                name=f"{d}.vs_{wanted}",
                tags=("points",),
            )
        )
    return found
