"""The same quantity stated twice in different figures (1万亿元 / 10000亿元, 3.75万亿 / 37500亿).

A quantity stated twice in the same figure is one fact with several quotes (the fact
drafter merges them). Stated in different figures, the two are the same quantity when
they have the same phrase, scope, unit, role, year and period, and their intervals
overlap: the rule records that they agree. Figures that do not overlap are left alone:
the same words may name two different things (two years, two places). A bound with no
name of its own after a level of its unit (1361万人，连续第六年超过1300万人) restates it too.
"""

from __future__ import annotations

import re

from ..document import Reading
from ..model import OUTRIGHT, Candidate
from .base import Context, figure_of

ID = "restatements"
DESCRIPTION = "the same quantity stated again in another figure, or as a bound (超过1300万人): the two agree"


def find(ctx: Context) -> list[Candidate]:
    return [*_figures(ctx), *find_bounds(ctx)]


def _figures(ctx: Context) -> list[Candidate]:
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


# A bound stated right after a level, about the same quantity: 城镇新增就业1361万人，…，
# 连续第六年超过1300万人. The bound has no name of its own (at most an adverb of time).
_BOUND_PREFIXES = ("超过", "高于", "多于", "逾", "超", "不少于", "不低于", "低于", "不足", "不到", "少于", "不超过")
_BOUND_SUFFIXES = ("以上", "以下", "以内")
_OWN_NAME = re.compile("[\u4e00-\u9fff]")
_TIME_ADVERBS = re.compile(
    "连续第?[一二三四五六七八九十0-9]+年|连续|已经|已|仍然|仍|继续|首次|再次|均|都|年均|全年|历史上"
)


def find_bounds(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    found: list[Candidate] = []
    for bound in doc.readings:
        written = bound.value
        if not (written.startswith(_BOUND_PREFIXES) or written.endswith(_BOUND_SUFFIXES)) or not ctx.usable(bound):
            continue
        if bound.role not in ("level", "rate"):
            continue
        own = _TIME_ADVERBS.sub("", doc.before_in_clause(bound))
        if _OWN_NAME.search(own) or _OWN_NAME.search(bound.noun):
            continue
        levels = [
            r
            for r in doc.in_sentence(bound.sentence)
            if r.figure.start < bound.figure.start and r.unit == bound.unit and r.is_percent == bound.is_percent
        ]
        if not levels:
            continue
        level = levels[-1]
        if level.role != bound.role or not ctx.usable(level) or level.figure.clause_start == bound.figure.clause_start:
            continue
        if ctx.fid(level) == ctx.fid(bound):
            continue
        found.append(
            Candidate(
                ID,
                f"{ctx.fid(level)} == {ctx.fid(bound)}",
                zh=f"{level.phrase}{level.value}{level.unit}符合其后所述{bound.value}{bound.unit}",
                en=f"{level.value} agrees with the bound stated after it ({bound.value})",
                strength=OUTRIGHT,
                evidence=ctx.evidence(level, bound),
                name=f"{ctx.fid(bound)}.bound",
                tags=("restatement", "bound"),
            )
        )
    return found
