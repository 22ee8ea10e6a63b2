"""A growth rate or a change against two levels of the same quantity a year apart.

公共安全支出1832.72亿元，增长0.7% (2020) against 公共安全支出1839.45亿元 (2019, printed
earlier): 1832.72 / 1839.45 − 1 should be 0.7%. The two levels are the same quantity when
they have the same phrase, scope, unit and period and their years are one apart; the
change must be measured against the previous year (比上年, 比2019年, or unsaid) and the
earlier level must be the only candidate. It is an inference, so a warning with its reason.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .. import roles as R
from ..document import Reading
from ..model import INFERRED, Candidate
from .base import Context, figure_of, same_kind

ID = "growth"
DESCRIPTION = "a growth rate or change against the same quantity printed for the year before"

# Words that end a phrase without changing what it names (预算内投资资金 / 预算内投资).
_GENERIC_END = re.compile("(?:资金|规模|安排)$")


def key(reading: Reading) -> str:
    return _GENERIC_END.sub("", reading.core)


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    by_key: dict[tuple[str, str, str, str], list[Reading]] = {}
    for r in doc.readings:
        if ctx.level(r) and r.year is not None and len(key(r)) >= 3:
            by_key.setdefault((r.scope, key(r), r.unit, r.period), []).append(r)
    found: list[Candidate] = []
    for change in doc.readings:
        if change.role != R.CHANGE or change.subject is None or not ctx.usable(change) or change.sign == 0:
            continue
        level = doc.readings[change.subject]
        if level.year is None or not ctx.level(level):
            continue
        wanted = level.year - 1
        if change.base and change.base not in ("上年", f"{wanted}年"):  # 年均, 同期, 上月: another comparison
            continue
        if not change.base and re.search("环比|比上月|较上月", doc.before_in_clause(change)):
            continue
        candidates = [
            r
            for r in by_key.get((level.scope, key(level), level.unit, level.period), [])
            if r.year == wanted and ctx.fid(r) != ctx.fid(level)
        ]
        if len({ctx.fid(r) for r in candidates}) != 1:
            continue
        earlier = candidates[0]
        if not same_kind(earlier, level):
            continue
        if not _plausible(level, earlier, change):
            continue
        now, then, rate = ctx.fid(level), ctx.fid(earlier), ctx.fid(change)
        if change.is_percent:
            check = f"{now} / {then} - 1 == {rate}" if change.sign > 0 else f"1 - {now} / {then} == {rate}"
            what = "增长" if change.sign > 0 else "下降"
        elif same_kind(change, level):
            check = f"{now} - {then} == {rate}" if change.sign > 0 else f"{then} - {now} == {rate}"
            what = "增加" if change.sign > 0 else "减少"
        else:
            continue
        found.append(
            Candidate(
                ID,
                check,
                zh=f"{level.phrase}{level.year}年{level.value}{level.unit}比{wanted}年{earlier.value}{earlier.unit}{what}{change.value}",
                en=f"{level.year} against {wanted}: the stated change {change.value} matches the two levels",
                strength=INFERRED,
                evidence=ctx.evidence(earlier, level, change),
                reason=f"the {wanted} level is read from line {earlier.figure.line}, the same phrase a year earlier",
                name=f"{rate}.vs_{wanted}",
                tags=("growth",),
            )
        )
    return found


def _plausible(level: Reading, earlier: Reading, change: Reading) -> bool:
    """Are the two levels one quantity at all? Their nominal change must be within a few
    points of the one stated; far off, they are two quantities with one phrase (本级支出 of
    two budgets), and a rule would be a false alarm, not a finding."""
    now, then, stated = figure_of(level.value), figure_of(earlier.value), figure_of(change.value)
    if now is None or then is None or stated is None or then.nominal == 0:
        return False
    if change.is_percent:
        actual = now.nominal / then.nominal - 1
        claimed = stated.nominal * change.sign
        return abs(actual - claimed) <= max(abs(claimed) / 2, Fraction(5, 100))
    actual = now.nominal - then.nominal
    claimed = stated.nominal * change.sign
    return abs(actual - claimed) <= abs(claimed) / 2
