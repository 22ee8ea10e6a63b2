"""A count and its rate stated together: 培训结业183人，结业率91.5% (GRIM).

The count divided by the rate must admit a whole-number base. The rate must name the
count's own measure (结业 … 结业率), in the clause right after the count; otherwise a
count and an unrelated rate would be paired. Inferred: a warning.
"""

from __future__ import annotations

from .. import roles as R
from ..model import INFERRED, Candidate
from .base import Context

ID = "grim"
DESCRIPTION = "a whole-number count and its rate: count / rate admits a whole-number base"

COUNT_UNITS = frozenset({"人", "名", "户", "个", "家", "件", "所", "项", "座"})


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    found: list[Candidate] = []
    for i, rate in enumerate(doc.readings):
        if i == 0 or not rate.is_percent or rate.role != R.RATE or not ctx.usable(rate):
            continue
        count = doc.readings[i - 1]
        if count.sentence != rate.sentence or not ctx.level(count) or count.unit not in COUNT_UNITS:
            continue
        if not count.value.isdigit() or int(count.value) < 10:
            continue
        stem = rate.phrase[:-1] if rate.phrase.endswith("率") else ""
        if len(stem) < 2 or stem not in count.phrase:
            continue
        if doc.text[count.figure.unit_end : rate.figure.start].count("，") > 1:
            continue
        c, r = ctx.fid(count), ctx.fid(rate)
        found.append(
            Candidate(
                ID,
                f"whole({c} / {r})",
                zh=f"{count.value}{count.unit}与{rate.phrase}{rate.value}须对应整数基数",
                en=f"{count.value} and the rate {rate.value} admit a whole-number base",
                strength=INFERRED,
                evidence=ctx.evidence(count, rate),
                reason=f"the rate {rate.phrase} is read as the share of the count's base ({count.phrase})",
                name=f"{c}.grim",
                tags=("grim",),
            )
        )
    return found
