"""A count against the list it counts: 马路乡、太平乡、石场乡3个乡镇; 蛋白质、脂肪、碳水化合物三大营养素.

Only a list that really enumerates the counted thing: the names stand right before the
count (nothing but 等 or a quotation mark between), they are short names of one kind
(no verbs or figures among them), and there are two to thirty of them. After 等 the list
may be incomplete, so the names are at most the count; otherwise they are exactly it.
Names that end alike but not as the counted noun does are of another kind: 中国、美国、
韩国六大运营商 counts operators, so nothing is drafted.
"""

from __future__ import annotations

import re

from .. import roles as R
from ..document import LIST_COUNT_UNITS
from ..model import OUTRIGHT, Candidate, DraftFact
from ..vocabulary import PROVINCES
from .base import MAX_PARTS, Context

ID = "list_counts"
DESCRIPTION = "a count against the names listed right before it (等: at most; otherwise exactly)"

_ANOTHER_COUNT = re.compile("[0-9０-９一二两三四五六七八九十]")
_ITEM = re.compile("[\u4e00-\u9fff]{1,10}")
_STOP_CHARS = "的在有向对将把为到与及了从自由即是和、，。；：“”"
_JOINS = re.compile("以及|和|与|及|或|的|等|在|是|了|对|向")
_VERBS = re.compile(
    "推进|加强|实施|开展|建设|完善|推动|提高|坚持|落实|实现|促进|支持|做好|打好|打赢|增强|深化|健全|保障|发展|建立|形成|提升|强化|构建|统筹|优化|加快|确保"
)


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    found: list[Candidate] = []
    for r in doc.readings:
        if r.figure.kind not in ("number", "chinese") or r.role not in (R.LEVEL, R.COUNT_WORD):
            continue
        if r.figure.unit not in LIST_COUNT_UNITS or not _small_whole(r.value):
            continue
        if _ANOTHER_COUNT.match(doc.text, r.figure.unit_end):
            continue  # 上海、浙江、江苏两省一市: the list is split between two counts
        before = doc.text[max(r.figure.clause_start, r.figure.start - 200) : r.figure.start]
        etc = False
        body = before.rstrip('“"‘')
        if body.endswith("等"):
            body, etc = body[:-1], True
        items = _enumeration(body)
        if items is None or len(items) > MAX_PARTS or not _enumerates(doc.text, r, items, body):
            continue
        count_id = ctx.fid(r)
        list_id = f"{count_id}_list"
        if list_id in ctx.facts:
            continue
        fact = DraftFact(
            id=list_id,
            quotes=[ctx.clause(r)[:100].strip()],
            section=r.section,
            items=items,
            zh=f"{r.phrase or r.value}（名单）",
            tags=("list",),
            start=r.figure.clause_start,
            end=r.figure.end,
            line=r.figure.line,
        )
        found.append(
            Candidate(
                ID,
                f"count({list_id}) <= {count_id}" if etc else f"count({list_id}) == {count_id}",
                zh=f"所列名称{'不多于' if etc else '的个数等于'}所称数目（{r.value}{r.figure.unit}）",
                en=f"the names listed are {'at most' if etc else 'as many as'} the count stated ({r.value})",
                strength=OUTRIGHT,
                evidence=ctx.clause(r)[:200],
                name=f"{list_id}.count",
                tags=("list",),
                facts=(fact,),
            )
        )
    return found


_CUES = re.compile("(?:包括|分别是|分别为|即|：|:)[^，。；：]*$")
_SINGLE_CHAR_UNITS = frozenset(["乡", "镇", "村", "县", "市", "区", "省"])


def _enumerates(text: str, count, items: tuple[str, ...], body: str) -> bool:  # type: ignore[no-untyped-def]
    """Does the list name the things counted? Provinces before a count of provinces do.
    Otherwise the count is followed by what it counts
    (its noun, or a unit such as 乡 that names it); and the names end alike with a character
    of that noun (马路乡、太平乡…3个乡镇), or a cue introduces them (包括, 分别是, ：), or
    three or more short names stand right before N大 (蛋白质、脂肪、碳水化合物三大营养素)."""
    if _counts_provinces(count) and all(item in PROVINCES for item in items):
        return True  # 河北、辽宁…重庆等8省市: every name is a province
    noun = count.noun or (count.figure.unit if count.figure.unit in _SINGLE_CHAR_UNITS else "")
    if not noun:
        return False
    endings = {item[-1] for item in items}
    alike = len(endings) == 1
    if alike:
        ending = next(iter(endings))
        if count.noun == ending:
            return False  # 冬季骑跑两项组等: the count is part of the last name
        if ending in noun or ending == count.figure.unit:
            return True
    if _CUES.search(body[: len(body) - len("、".join(items))] or ""):
        return True
    # Names that end alike, but not as the noun does, are of another kind than the
    # thing counted: 中国、美国、韩国六大运营商 counts operators of three countries.
    return count.figure.unit == "大" and not alike and len(items) >= 3 and max(len(i) for i in items) <= 5


def _counts_provinces(count) -> bool:  # type: ignore[no-untyped-def]
    """8省市, 31个省区市, 14个省份: a count of provinces."""
    unit = count.figure.unit
    return unit.startswith("省") or (unit == "个" and count.noun.startswith("省"))


def _small_whole(written: str) -> bool:
    from .base import figure_of

    value = figure_of(written)
    if value is None or value.percent or not value.interval.is_point:
        return False
    return value.nominal.denominator == 1 and 2 <= value.nominal <= MAX_PARTS


def _enumeration(body: str) -> tuple[str, ...] | None:
    """The names listed at the end of ``body``: A、B、C or A、B和C, each a short name."""
    parts = re.split("、", body)
    if len(parts) < 2:
        return None
    last = parts[-1]
    *first_parts, last = parts
    last = re.sub("(?:共|等|这|计)$", "", last)
    first, middle = first_parts[0], first_parts[1:]
    names = [*middle, last]
    if "和" in last:
        return None  # 国防和军队: one name or two? ambiguous, so no count is drafted
    if not all(_ITEM.fullmatch(p) for p in names) or any(_VERBS.search(p) or _JOINS.search(p) for p in names):
        return None
    cut = max(first.rfind(ch) for ch in _STOP_CHARS)
    first = first[cut + 1 :]
    if all(name in PROVINCES for name in names):
        # 确定河北、辽宁…: a list of provinces starts where its first province does
        first = next((first[-len(p) :] for p in sorted(PROVINCES, key=len, reverse=True) if first.endswith(p)), first)
    typical = max(len(p) for p in names)
    if len(first) > typical + 1:
        return None  # the first name runs into the words before the list: where it starts is unclear
    if not _ITEM.fullmatch(first) or _VERBS.search(first) or _JOINS.search(first) or typical > 6:
        return None
    if max(len(p) for p in (first, *names)) > 2 * min(len(p) for p in (first, *names)) + 2:
        return None  # names of one kind are of a like length
    return (first, *names)
