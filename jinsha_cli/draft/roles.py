"""What each figure of a document does: its role, as plain data read from the words around it.

A careful reader tells a level (税收收入157992.21亿元) from a change (增长1%, 比上年增加224亿元,
提高0.6个百分点), a share (占…比重为65.5%), a rate or ratio (人均, 每万人, 就业率, 为预算的98.9%),
a target (目标, 预期, 控制在…以内), a year or date, an ordinal, and a footnote mark (［2］),
which is no figure at all. ``role_of`` reads one figure from the text before it (within its
clause) and the text after it; the cue words are data in ``vocabulary/roles.yaml``.

Relation finders pair figures only by role: a change is never a part of a total, a rate is
never summed, a target is never compared with an outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocabulary import ROLE_CUES

LEVEL = "level"
CHANGE = "change"  # a growth rate (增长3.8%) or a difference (增加224亿元)
POINTS = "points"  # a change of a rate, in percentage points
SHARE = "share"
RATE = "rate"  # a rate or ratio: 人均, 每万人, ...率, 为预算的98.9%
TARGET = "target"
YEAR = "year"
DATE = "date"
ORDINAL = "ordinal"
CODE = "code"
COUNT_WORD = "count"  # a count in Chinese numerals (三大攻坚战)

ROLES = (LEVEL, CHANGE, POINTS, SHARE, RATE, TARGET, YEAR, DATE, ORDINAL, CODE, COUNT_WORD)


@dataclass(frozen=True)
class Role:
    """The role of one figure, with what the words around it say."""

    role: str
    sign: int = 0  # for a change: +1 (增长, 增加, 提高) or -1 (下降, 减少, 降低)
    base: str = ""  # for a change: what it is measured against (上年, 2019年, 同期), "" when unsaid
    cue: str = ""  # the cue word that decided the role


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_RISE = _alternation(ROLE_CUES["rise"])
_FALL = _alternation(ROLE_CUES["fall"])
# The change verb right before the figure: 增长3.8%, 比2018年增长, 同比下降, 增长了.
_CHANGE_BEFORE = re.compile(
    rf"(?P<base>(?:比|较|与|同)(?P<what>[^，。；：、]{{0,12}}?)(?:相比)?)?(?:同比|环比)?(?:(?P<rise>{_RISE})|(?P<fall>{_FALL}))"
    rf"(?:了|幅度为|幅度|幅为|率为|率)?(?:为|达|达到|约)?$"
)
_SHARE_BEFORE = re.compile(rf"(?:{_alternation(ROLE_CUES['share'])})[^，。；]{{0,30}}$")
_RATE_BEFORE = re.compile(rf"(?:{_alternation(ROLE_CUES['rate'])})")
_TARGET_BEFORE = re.compile(rf"(?:{_alternation(ROLE_CUES['target'])})")
AVERAGE = "年均"
_AVERAGE = re.compile("年均|平均每年|每年平均|年平均|平均")
_TARGET_AFTER = re.compile(rf"^(?:{_alternation(ROLE_CUES['target_after'])})")


def role_of(kind: str, unit: str, before: str, after: str) -> Role:
    """The role of a figure of ``kind`` (from the figure finder) with ``unit``.

    ``before`` is the text of its clause up to the figure, ``after`` the text right after
    its unit (a few characters are enough).
    """
    if kind in (YEAR, DATE, CODE):
        return Role(kind)
    if before.endswith("第"):
        return Role(ORDINAL, cue="第")
    if kind == "chinese":
        return Role(COUNT_WORD)
    if kind == "number" and unit == "日" and not before.endswith(("近", "前", "第")):
        return Role(DATE, cue="日")
    if unit in ("个百分点", "百分点"):
        match = _CHANGE_BEFORE.search(before)
        sign = 0 if match is None else (1 if match["rise"] else -1)
        return Role(POINTS, sign=sign, base=_base(match), cue=unit)
    target = _TARGET_BEFORE.search(before[-12:]) or _TARGET_AFTER.match(after)
    match = _CHANGE_BEFORE.search(before)
    if match is not None:
        sign = 1 if match["rise"] else -1
        # 年均增长9%: an average over years, not the change between two printed levels
        base = AVERAGE if _AVERAGE.search(before[max(0, match.start() - 4) : match.end()]) else _base(match)
        return Role(CHANGE, sign=sign, base=base, cue=match["rise"] or match["fall"])
    if target:
        return Role(TARGET, cue=target.group())
    if kind == "percent":
        if _SHARE_BEFORE.search(before):
            return Role(SHARE, cue="占")
        return Role(RATE, cue="%")
    rate = _RATE_BEFORE.search(before[-16:])
    if rate or "/" in unit:
        return Role(RATE, cue=rate.group() if rate else unit)
    return Role(LEVEL)


def _base(match: re.Match[str] | None) -> str:
    if match is None or not match["base"] or match["base"] in ("同比", "同"):
        return ""  # 同比: against the same period a year before, the usual comparison
    what = match["what"] or ""
    year = re.match(r"(?:19|20)[0-9]{2}年", what)
    if year:
        return year.group()
    for word in ("上年", "去年", "上一年", "前一年", "同期", "上月", "上季度"):
        if word in what:
            return "上年" if word in ("上年", "去年", "上一年", "前一年") else word
    return what
