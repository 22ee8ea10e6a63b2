"""A share against its part and its whole, when both are printed: part / whole = share.

民营企业合计减税1.26万亿元，占全部减税数额的65.5% with 新增减税1.93万亿元 printed before it;
谷物产量6.1亿吨，占粮食总产量的90%以上 with 2018年产量近6.6亿吨; 乡村教师290多万人，40岁以下
的青年教师近170万人，占58.3% (占 without a name: the whole is the count the sentence opened
with). The part is the level right before 占 (at most a few words between them); the whole
is the level of the part's unit, larger than it, whose name ends as the whole's does once
全部/总/数额 are read away (粮食总产量 → 粮食产量 → …产量; 全部减税数额 → 减税), the nearest
before the share, of the same year. The two levels must come near the stated share (within a
quarter of it): far off, they are not its part and whole. The whole is inferred from its
name, so the rule is a warning with its reason.
"""

from __future__ import annotations

import re

from .. import roles as R
from ..document import Reading
from ..model import INFERRED, Candidate
from .base import Context, figure_of, same_kind
from .restatements import aliases, name_of

ID = "shares"
DESCRIPTION = "a share (占…的 x%) against its part and its whole, when both are printed: part / whole = share"

# 占 with the name of the whole and the words before the figure: 占全部减税数额的, 占粮食总产量的, 约占, 占
_SHARE_CLAUSE = re.compile(
    "(?:约|大约|分别)?占(?P<whole>[\u4e00-\u9fffA-Za-z0-9]{0,20}?)(?:的)?(?:比重|比例|份额)?(?:为|达到|达|是|约|超过|近)*$"
)
# Words around the name of a whole that do not name it.
_WHOLE_LEAD = re.compile("^(?:全部|全体|所有|整个|全|总)")
_WHOLE_TAIL = re.compile("(?:总数|总量|总额|总和|数额|总计|合计|总体|总)$")
# The words between a part and its 占 clause: none, or a comma and an adverb.
_BETWEEN = re.compile("^[，,]?(?:约|大约|分别|共)?$")
# A whole is looked for in at most this many sentences before the share.
SENTENCES_BACK = 12


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    alias = aliases(doc.text)
    found: list[Candidate] = []
    for share in doc.readings:
        if share.role != R.SHARE or not share.is_percent or not ctx.usable(share) or share.index == 0:
            continue
        before = doc.text[share.figure.clause_start : share.figure.start]
        match = _SHARE_CLAUSE.search(before)
        if match is None or "分别" in before:
            continue
        part = previous = doc.readings[share.index - 1]
        if previous.role in (R.CHANGE, R.POINTS) and previous.subject is not None:
            part = doc.readings[previous.subject]  # 零售额10.6万亿元，增长19.5%，占…比重为20.7%
        if part.sentence != share.sentence or not ctx.level(part) or part.unit_guessed:
            continue
        between = doc.text[previous.figure.unit_end : share.figure.clause_start + match.start()]
        if not _BETWEEN.match(between.strip(" \u3000")):
            continue  # 占 is not right after the part: its part is another figure, or none
        whole = _whole(ctx, share, part, match["whole"], alias)
        if whole is None or not _plausible(part, whole, share):
            continue
        p, w, s = ctx.fid(part), ctx.fid(whole), ctx.fid(share)
        named = match["whole"] or whole.phrase or whole.noun
        part_text = f"{part.phrase or part.noun}{part.value}{part.unit}"
        found.append(
            Candidate(
                ID,
                f"{p} / {w} == {s}",
                zh=f"{part_text}占{named}（{whole.value}{whole.unit}）的{share.value}",
                en=f"the part {part.value} of the whole {whole.value} is the stated share {share.value}",
                strength=INFERRED,
                evidence=ctx.evidence(whole, part, share),
                reason=(
                    f"the whole ({match['whole'] or 'unnamed'}) is read as the {whole.value}{whole.unit} "
                    f"on line {whole.figure.line}, named {whole.phrase or whole.noun or 'in its sentence'}"
                ),
                name=f"{s}.of_whole",
                tags=("share",),
            )
        )
    return found


def _whole(ctx: Context, share: Reading, part: Reading, named: str, alias: dict[str, str]) -> Reading | None:
    doc = ctx.doc
    part_value = figure_of(part.value)
    if part_value is None:
        return None
    head = _head(named)
    first_sentence = max(0, share.sentence - SENTENCES_BACK)
    for r in reversed(doc.readings[: part.index]):
        if r.sentence < first_sentence:
            break
        if not ctx.level(r) or not same_kind(r, part) or r.period != part.period:
            continue
        if r.year is not None and part.year is not None and r.year != part.year:
            continue
        if _is_part(doc.readings, r):
            continue  # 因病致贫5057户，占81.85%；因残致贫1042户，占16.87%: a part like it, not its whole
        value = figure_of(r.value)
        if value is None or value.nominal <= part_value.nominal:
            continue
        name = name_of(r, alias).replace("总", "")
        if not named:
            # 乡村教师290多万人，青年教师近170万人，占58.3%: the level the sentence opened with, of the same head
            if r.sentence != part.sentence:
                return None
            part_name = name_of(part, alias)
            return r if len(name) >= 2 and part_name.endswith(name[-2:]) else None
        if len(head) >= 2 and len(name) >= 2 and (name.endswith(head) or head.endswith(name)):
            return r
    return None


def _is_part(readings: list[Reading], r: Reading) -> bool:
    """Is the level itself the part of a share stated right after it?"""
    following = readings[r.index + 1 : r.index + 3]
    return any(f.role == R.SHARE and f.sentence == r.sentence for f in following[:1]) or (
        len(following) == 2
        and following[0].role == R.CHANGE
        and following[1].role == R.SHARE
        and following[1].sentence == r.sentence
    )


def _head(named: str) -> str:
    """The name of a whole without the words that only say it is whole: 全部减税数额 → 减税."""
    name = named
    for _ in range(3):
        name = _WHOLE_TAIL.sub("", _WHOLE_LEAD.sub("", name))
    return name.replace("总", "")


def _plausible(part: Reading, whole: Reading, share: Reading) -> bool:
    """Part / whole within a quarter of the stated share: else they are not its part and whole."""
    p, w, s = figure_of(part.value), figure_of(whole.value), figure_of(share.value)
    if p is None or w is None or s is None or w.nominal == 0 or s.nominal <= 0:
        return False
    return abs(p.nominal / w.nominal - s.nominal) <= s.nominal / 4
