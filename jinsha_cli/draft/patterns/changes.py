"""A move from one level to another stated in one clause: 由29万减少至6.5万, 从16%降至13%.

The direction is stated outright (b > a after 增加到/提高到, b < a after 减少到/降至); a change
stated with it in the same sentence (减少22.5万, 增长20%, 提高2个百分点) is checked against
both levels.
"""

from __future__ import annotations

import re

from .. import roles as R
from ..document import Reading
from ..model import OUTRIGHT, Candidate
from .base import Context

ID = "changes"
DESCRIPTION = "由/从 a 增加到/降至 b: the direction, and a change stated with it, against both levels"

_RISE = "增加|增长|提高|上升|提升|扩大|增|升|涨"
_FALL = "减少|下降|降低|回落|缩小|降|减|下调"
_MOVE = re.compile(rf"^(?:(?P<rise>{_RISE})|(?P<fall>{_FALL}))?(?:了)?(?:到|至|为)$")


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    found: list[Candidate] = []
    for i, before in enumerate(doc.readings[:-1]):
        after = doc.readings[i + 1]
        if before.figure.clause_start != after.figure.clause_start or not (ctx.usable(before) and ctx.usable(after)):
            continue
        if not re.search("(?:由|从)$", doc.before_in_clause(before)[-3:]):
            continue
        # one quantity moving: the same unit, even when it is a guess (由29万减少至6.5万)
        if before.unit != after.unit or before.is_percent != after.is_percent:
            continue
        if before.figure.kind not in ("number", "percent"):
            continue
        move = _MOVE.match(doc.between(before, after).strip(" \u3000"))
        if move is None or not (move["rise"] or move["fall"]):
            continue
        rise = bool(move["rise"])
        a, b = ctx.fid(before), ctx.fid(after)
        if a == b:
            continue
        checks = [f"{b} > {a}" if rise else f"{b} < {a}"]
        stated = _stated_change(ctx, after, rise)
        extra: list[Reading] = []
        if stated is not None:
            d = ctx.fid(stated)
            if stated.role == R.POINTS and before.is_percent:
                checks.append(f"({b} - {a}) * 100 == {d}" if rise else f"({a} - {b}) * 100 == {d}")
                extra.append(stated)
            elif stated.role == R.CHANGE and stated.is_percent and not before.is_percent:
                checks.append(f"{b} / {a} - 1 == {d}" if rise else f"1 - {b} / {a} == {d}")
                extra.append(stated)
            elif stated.role == R.CHANGE and stated.unit == before.unit and not stated.is_percent:
                checks.append(f"{b} - {a} == {d}" if rise else f"{a} - {b} == {d}")
                extra.append(stated)
        found.append(
            Candidate(
                ID,
                " and ".join(checks),
                zh=f"由{before.value}{before.unit}{'增至' if rise else '降至'}{after.value}{after.unit}",
                en=f"from {before.value}{before.unit} {'up' if rise else 'down'} to {after.value}{after.unit}",
                strength=OUTRIGHT,
                evidence=ctx.evidence(before, after, *extra),
                name=f"{b}.from",
                tags=("change",),
            )
        )
    return found


def _stated_change(ctx: Context, after: Reading, rise: bool) -> Reading | None:
    """The change stated right after the move, in its sentence, in the same direction."""
    for r in ctx.doc.in_sentence(after.sentence):
        if r.figure.start <= after.figure.start:
            continue
        if r.role in (R.CHANGE, R.POINTS) and ctx.usable(r) and r.sign == (1 if rise else -1):
            return None if r.base == R.AVERAGE else r
        if r.role == R.LEVEL:
            return None
    return None
