"""A total and its parts.

- 其中 names some parts of the total before it, not necessarily all: each part ≤ total;
- the parts are all of it when the text says so: 第一/二/三产业 of a product, the parts
  before 合计/共计/总计, 加上 … 总量为 (a total built from its pieces): sum == total;
- 全国 X against 中央 X and 地方 X: each ≤ the national figure (中央 and 地方 figures are
  often stated gross of transfers between them, so no sum is drafted), except for revenue
  where the local figure is its own-level one: 全国X收入 = 中央X收入 + 地方X本级收入 (a warning:
  it rests on how budgets add up, not on words of the text).

Only levels are paired (never a change, rate, share or target); a total whose clause holds
another figure of its unit (由29万减少至6.5万) is not one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from .. import roles as R
from ..document import Reading
from ..model import INFERRED, OUTRIGHT, Candidate
from .base import MAX_PARTS, Context, same_kind

ID = "breakdowns"
DESCRIPTION = (
    "a total and its parts: 其中 (part ≤ total); "
    "第一/二/三产业, 合计, 加上…总量为, 全国 = 中央 + 地方本级 (sum == total)"
)

_OPENS_BREAKDOWN = re.compile(r"(?:^|(?<=[，,。；;：:\n]))[ \u3000]*其中[，,：:]?")
_MOVE = re.compile("(?:由|从)[^，。；]{0,30}(?:到|至)")
_TOTAL_CUE = re.compile("(?:合计|共计|总计|总共|一共|两项合计|三项合计)(?:为|达)?$")
_SUM_CUE = re.compile("(?:总量|总额|总计|合计|共计)(?:为|达|是)?$")
_INDUSTRIES = ("第一产业", "第二产业", "第三产业")


def find(ctx: Context) -> list[Candidate]:
    return [*_where(ctx), *_industries(ctx), *_totalled(ctx), *_added(ctx), *_national(ctx)]


def _alone(ctx: Context, reading: Reading) -> bool:
    """The only figure of its unit in its clause, and no 由…至 move around it."""
    doc = ctx.doc
    clause = ctx.clause(reading)
    if _MOVE.search(clause):
        return False
    return not any(
        other.index != reading.index
        and other.figure.clause_start == reading.figure.clause_start
        and other.unit == reading.unit
        and other.role in (R.LEVEL, R.TARGET)
        for other in doc.in_sentence(reading.sentence)
    )


def _where(ctx: Context) -> list[Candidate]:
    """其中: each part named after it is at most the total before it.

    The parts are the figures of the 其中 clause (其中重症844人、危重症477人); after 其中，
    (a comma or colon) the list runs on through the clause groups (between ；) that are
    built like the first one (税收收入…，增长1%；非税收入…，增长20.2%)."""
    doc = ctx.doc
    found: list[Candidate] = []
    for match in _OPENS_BREAKDOWN.finditer(doc.text):
        at = match.start()
        sentence = _sentence_at(ctx, at)
        if sentence is None:
            continue
        start, _ = doc.sentence_span(sentence)
        opens_sentence = not doc.text[start:at].strip(" \u3000\n")
        if opens_sentence and sentence > 0:
            previous_start, _ = doc.sentence_span(sentence - 1)
            if doc.text[previous_start : previous_start + 6].lstrip(" \u3000\n").startswith("其中"):
                continue  # 其中… 。其中…: is the second a breakdown of the first, or of the total? unclear
        pool = doc.in_sentence(sentence - 1) if opens_sentence and sentence > 0 else doc.in_sentence(sentence)
        group = bisect_right(doc.group_starts, at) - 1
        before = [
            r
            for r in pool
            if r.figure.start < at
            and r.role == R.LEVEL
            and r.figure.kind == "number"
            and (opens_sentence or r.group == group)
        ]
        if not before:
            continue
        parts = _parts(ctx, sentence, match.end(), listed=match.group().rstrip()[-1:] in "，,：:")
        listed = match.group().rstrip()[-1:] in "，,：:"
        # a part listed after 其中， needs its own name; in 其中2018年45亿元 the clause is its name
        parts = [p for p in parts if ctx.level(p) and p.unit in ADDITIVE_UNITS and (p.phrase + p.noun or not listed)]
        if not parts or len(parts) > MAX_PARTS:
            continue
        total = _total_for(ctx, before, parts[0], opens_sentence)
        if total is None:
            continue
        parts = [p for p in parts if same_kind(p, total) and _same_thing(total, p)]
        total_id = ctx.fid(total)
        ids = list(dict.fromkeys(ctx.fid(p) for p in parts if ctx.quantity(p) != ctx.quantity(total)))
        if not ids:
            continue
        check = " and ".join(f"{part} <= {total_id}" for part in ids)
        found.append(
            Candidate(
                ID,
                check,
                zh=f"其中所列各项不超过总数{total.value}{total.unit}",
                en=f"each part named after 其中 is at most the total {total.value}{total.unit}",
                strength=OUTRIGHT,
                evidence=ctx.evidence(total, *parts),
                name=f"{total_id}.parts",
                tags=("breakdown",),
            )
        )
    return found


# Units that add up: a part of a total in days, years or a price is no part of it.
ADDITIVE_UNITS = frozenset(
    [
        "人",
        "名",
        "户",
        "人次",
        "个",
        "项",
        "家",
        "所",
        "座",
        "件",
        "种",
        "类",
        "条",
        "台",
        "套",
        "辆",
        "头",
        "只",
        "株",
        "批",
        "宗",
        "笔",
        "场",
        "间",
        "栋",
        "本",
        "册",
        "篇",
        "份",
        "支",
        "村",
        "乡",
        "镇",
        "县",
        "元",
        "美元",
        "亩",
        "公顷",
        "平方公里",
        "平方千米",
        "平方米",
        "立方米",
        "公里",
        "千米",
        "米",
        "吨",
        "公斤",
        "千克",
        "千瓦",
        "千瓦时",
        "兆瓦",
        "起",
        "例",
        "部",
    ]
)
# Classifiers that say nothing of what is counted: 130个项目 and 26个语种 are two things.
_GENERIC = frozenset(
    ["个", "项", "种", "类", "件", "座", "条", "台", "套", "批", "宗", "笔", "场", "支", "部", "起", "例"]
)


def _name(reading: Reading) -> str:
    return reading.noun or reading.phrase


def _same_thing(total: Reading, part: Reading) -> bool:
    """For a generic classifier, the part must count the kind of thing the total counts."""
    if total.unit not in _GENERIC:
        return True
    a, b = _name(total), _name(part)
    return bool(a and b) and (a[-1] == b[-1] or a in b or b in a)


def _total_for(ctx: Context, before: list[Reading], first: Reading, opens_sentence: bool) -> Reading | None:
    """The total a 其中 breaks down: the nearest level before it that counts the same kind of
    thing as its first part, alone in its clause (no 由…至 move); when 其中 opens a sentence,
    the figure the previous sentence opens with."""
    if opens_sentence:
        candidates = (
            [before[0]] if before and before[0].index == ctx.doc.in_sentence(before[0].sentence)[0].index else []
        )
    else:
        candidates = list(reversed(before))
    for total in candidates:
        if ctx.level(total) and same_kind(total, first) and _same_thing(total, first):
            return total if _alone(ctx, total) else None
        if not opens_sentence and total.unit == first.unit and total.unit not in _GENERIC:
            return None  # the nearest figure of the unit counts something else: not this total
    return None


def _parts(ctx: Context, sentence: int, after: int, *, listed: bool) -> list[Reading]:
    doc = ctx.doc
    readings = [r for r in doc.in_sentence(sentence) if r.figure.start >= after]
    if not readings:
        return []
    if any(_MOVE.search(ctx.clause(r)) for r in readings[:3]):
        return []
    if not listed:
        first_clause = readings[0].figure.clause_start
        return [r for r in readings if r.figure.clause_start == first_clause]
    groups: dict[int, list[Reading]] = {}
    for r in readings:
        groups.setdefault(r.group, []).append(r)
    ordered = list(groups.values())
    shape = [r.role for r in ordered[0]]
    parts = list(ordered[0])
    for group in ordered[1:]:
        if [r.role for r in group] != shape:
            break
        parts += group
    return parts


def _sentence_at(ctx: Context, offset: int) -> int | None:
    from bisect import bisect_right

    i = bisect_right(ctx.doc.sentence_starts, offset) - 1
    return i if i >= 0 else None


def _industries(ctx: Context) -> list[Candidate]:
    """第一产业 + 第二产业 + 第三产业 == the product they divide (生产总值)."""
    doc = ctx.doc
    found: list[Candidate] = []
    readings = doc.readings
    for i, first in enumerate(readings):
        if _INDUSTRIES[0] not in first.phrase or not ctx.level(first):
            continue
        window = [r for r in readings[i : i + 12] if r.sentence - first.sentence <= 1]
        parts = [first]
        for name in _INDUSTRIES[1:]:
            part = next((r for r in window if name in r.phrase and ctx.level(r) and same_kind(r, first)), None)
            if part is None:
                break
            parts.append(part)
        if len(parts) != 3:
            continue
        total = next(
            (
                r
                for r in reversed(readings[max(0, i - 8) : i])
                if "生产总值" in r.phrase and ctx.level(r) and same_kind(r, first) and first.sentence - r.sentence <= 1
            ),
            None,
        )
        if total is None:
            continue
        ids = [ctx.fid(p) for p in parts]
        found.append(
            Candidate(
                ID,
                f"{ctx.fid(total)} == sum({', '.join(ids)})",
                zh="三次产业增加值之和等于生产总值",
                en="the three industries add up to the product",
                strength=OUTRIGHT,
                evidence=ctx.evidence(total, *parts),
                name=f"{ctx.fid(total)}.industries",
                tags=("breakdown", "sum"),
            )
        )
    return found


def _totalled(ctx: Context) -> list[Candidate]:
    """A a、B b …，合计 T: the parts before 合计 add up to it (after …… or 等 they are only
    some of them: at most T). 合计 must stand alone in its clause: 捐赠物资共计170万元
    totals its own clause, not the figures before it."""
    doc = ctx.doc
    found: list[Candidate] = []
    for total in doc.readings:
        before_total = doc.before_in_clause(total)
        cue = _TOTAL_CUE.search(before_total)
        if not ctx.level(total) or cue is None or total.unit not in ADDITIVE_UNITS:
            continue
        previous = [r for r in doc.in_sentence(total.sentence) if r.figure.clause_start == total.figure.clause_start]
        previous = [r for r in previous if r.figure.start < total.figure.start]
        lead = doc.text[previous[-1].figure.unit_end if previous else total.figure.clause_start : total.figure.start]
        if len(_CJK.findall(lead[: len(lead) - len(before_total) + cue.start()])) > 2:
            continue
        parts = []
        for reading in reversed(doc.in_sentence(total.sentence)):
            if reading.figure.start >= total.figure.start or reading.role != R.LEVEL:
                continue
            if not (ctx.level(reading) and same_kind(reading, total) and reading.phrase):
                break
            parts.append(reading)
        parts.reverse()
        if len(parts) < 2 or len(parts) > MAX_PARTS:
            continue
        span = doc.text[parts[0].figure.start : total.figure.start]
        if "其中" in span or _RANGE_MARK.search(span):
            continue
        ids = [ctx.fid(p) for p in parts]
        if len(set(ids)) != len(ids):
            continue
        some = "……" in span or "等" in doc.text[parts[-1].figure.unit_end : total.figure.start]
        t = ctx.fid(total)
        found.append(
            Candidate(
                ID,
                f"sum({', '.join(ids)}) <= {t}" if some else f"{t} == sum({', '.join(ids)})",
                zh=f"所列各项{'之和不超过' if some else '合计'}{total.value}{total.unit}",
                en=f"the parts listed {'are at most' if some else 'add up to'} the total after them "
                f"({total.value}{total.unit})",
                strength=OUTRIGHT,
                evidence=ctx.evidence(total, *parts),
                name=f"{t}.sum",
                tags=("breakdown", "sum"),
            )
        )
    return found


_CJK = re.compile("[\u4e00-\u9fff]")
# Two figures joined by a range mark (3—5个) are the ends of a range, not parts.
_RANGE_MARK = re.compile(r"[0-9][—\-－~～至到][0-9]")


def _added(ctx: Context) -> list[Candidate]:
    """X a …。加上 Y b，(收入)总量为 T: T == a + b."""
    doc = ctx.doc
    found: list[Candidate] = []
    for total in doc.readings:
        if not ctx.level(total) or not _SUM_CUE.search(doc.before_in_clause(total)):
            continue
        start, _ = doc.sentence_span(total.sentence)
        sentence = doc.text[start : total.figure.start]
        plus = sentence.find("加上")
        if plus < 0:
            continue
        plus += start
        added = [
            r
            for r in doc.in_sentence(total.sentence)
            if plus < r.figure.start < total.figure.start and r.role == R.LEVEL
        ]
        if not added or not all(ctx.level(r) and same_kind(r, total) for r in added):
            continue
        head = _head(ctx, total, plus)
        if head is None:
            continue
        ids = [ctx.fid(r) for r in [head, *added]]
        if len(set(ids)) != len(ids):
            continue
        same_sentence = head.sentence == total.sentence
        found.append(
            Candidate(
                ID,
                f"{ctx.fid(total)} == sum({', '.join(ids)})",
                zh=f"加上所列各项，总量为{total.value}{total.unit}",
                en=f"the figure before 加上 plus the figures added make the total {total.value}{total.unit}",
                strength=OUTRIGHT if same_sentence else INFERRED,
                evidence=ctx.evidence(head, *added, total),
                reason=""
                if same_sentence
                else f"what is added to is read as the subject of the paragraph, {head.phrase}",
                name=f"{ctx.fid(total)}.sum",
                tags=("breakdown", "sum"),
            )
        )
    return found


def _head(ctx: Context, total: Reading, plus: int) -> Reading | None:
    """What 加上 adds to: the first figure of the paragraph's sentence that opens with a
    level of the same unit, the nearest before 加上 (sentences opening with 其中 are parts)."""
    doc = ctx.doc
    line_start = doc.text.rfind("\n", 0, plus) + 1
    sentence = total.sentence
    while sentence >= 0:
        start, _ = doc.sentence_span(sentence)
        if start < line_start and sentence != total.sentence:
            return None
        readings = [r for r in doc.in_sentence(sentence) if r.figure.start < plus]
        opening = doc.text[start : start + 4].strip(" \u3000")
        if readings and not opening.startswith(("其中", "加上")):
            first = readings[0]
            if ctx.level(first) and same_kind(first, total) and first.index != total.index:
                return first
        sentence -= 1
    return None


def _national(ctx: Context) -> list[Candidate]:
    """全国 X ≥ 中央 X and 全国 X ≥ 地方 X, the same year and period."""
    found: list[Candidate] = []
    for core, total, central, local in _scoped(ctx, lambda r: r.core or None):
        t = ctx.fid(total)
        found.append(
            Candidate(
                ID,
                f"{ctx.fid(central)} <= {t} and {ctx.fid(local)} <= {t}",
                zh=f"中央和地方的{core}均不超过全国的{core}",
                en=f"the central and the local {core} are each at most the national one",
                strength=INFERRED,
                evidence=ctx.evidence(total, central, local),
                reason="全国, 中央 and 地方 state the same quantity; the national figure holds both",
                name=f"{t}.scopes",
                tags=("breakdown",),
            )
        )
    return found + _own_level_revenue(ctx)


def _own_level_revenue(ctx: Context) -> list[Candidate]:
    """全国X收入 = 中央X收入 + 地方X本级收入: national revenue is the central revenue and the
    local governments' own-level (本级) revenue; 地方X收入 without 本级 holds transfers from
    the centre and would count them twice, so it is never summed."""

    def revenue(r: Reading) -> str | None:
        if not r.core.endswith("收入") or r.core.count("本级") > 1 or ("本级" in r.core) != (r.scope == "地方"):
            return None  # 中央X本级收入, 全国X本级收入: not the terms of the identity
        return r.core.replace("本级", "")

    found: list[Candidate] = []
    for core, total, central, local in _scoped(ctx, revenue):
        t = ctx.fid(total)
        found.append(
            Candidate(
                ID,
                f"{t} == {ctx.fid(central)} + {ctx.fid(local)}",
                zh=f"全国{core}等于中央{core}加地方{local.core}",
                en=f"the national {core} is the central one plus the local own-level one",
                strength=INFERRED,
                evidence=ctx.evidence(total, central, local),
                reason="national revenue is central revenue plus local own-level (本级) revenue, as budgets add them",
                name=f"{t}.own_level_sum",
                tags=("breakdown",),
            )
        )
    return found


def _scoped(ctx: Context, name_of: Callable[[Reading], str | None]) -> list[tuple[str, Reading, Reading, Reading]]:
    """(name, 全国, 中央, 地方) for each quantity that the three scopes state once each, in one
    year, period and unit: its levels whose phrase opens with the scope, named by ``name_of``
    (None: not a term)."""
    groups: dict[tuple[str, int | None, str, str], dict[str, list[Reading]]] = {}
    for r in ctx.doc.readings:
        if not (ctx.level(r) and r.scope and r.phrase.startswith(r.scope)):
            continue
        name = name_of(r)
        if name:
            groups.setdefault((name, r.year, r.period, r.unit), {}).setdefault(r.scope, []).append(r)
    return [
        (name, *(by_scope[s][0] for s in ("全国", "中央", "地方")))  # type: ignore[misc]
        for (name, _, _, _), by_scope in groups.items()
        if set(by_scope) == {"全国", "中央", "地方"}
        and all(len({ctx.quantity(r) for r in v}) == 1 for v in by_scope.values())
    ]
