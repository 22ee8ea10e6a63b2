"""A move from one level to another stated in one sentence, and a change against its level.

- 由29万减少至6.5万, 从16%降至13%: the direction is stated outright (b > a after 增加到/提高到,
  b < a after 减少到/降至); a change stated with it in the same sentence (减少22.5万,
  增长20%, 提高2个百分点) is checked against both levels.
- 达到5621公斤，比1996年的4483公斤增加了1138公斤，增长25%以上: a level, then the level it is
  compared with (比/较 a year 的 b), then the changes stated for that comparison; each is
  checked against both levels (a difference, a growth rate, or points between two rates).
- 支出73595.89亿元，同比减少2071.32亿元，下降2.7%: a level with its difference and its rate;
  the rate is the difference over the level before (73595.89 + 2071.32).
"""

from __future__ import annotations

import re

from .. import roles as R
from ..document import Reading, is_amount
from ..model import OUTRIGHT, Candidate
from .base import Context

ID = "changes"
DESCRIPTION = "由 a 到 b, 比1996年的 a, a level with its difference and rate: each change against both levels"

_RISE = "增加|增长|提高|上升|提升|扩大|增|升|涨"
_FALL = "减少|下降|降低|回落|缩小|降|减|下调"
_MOVE = re.compile(rf"^(?:(?P<rise>{_RISE})|(?P<fall>{_FALL}))?(?:了)?(?:到|至|为)$")


def find(ctx: Context) -> list[Candidate]:
    return _moves(ctx) + _comparisons(ctx) + _difference_and_rate(ctx)


def _moves(ctx: Context) -> list[Candidate]:
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


# 比1996年的, 较2012年末的, 比1949年新中国成立时的: the figure after it is the level compared with
_COMPARED_WITH = re.compile(
    r"(?:比|较|相比)(?P<year>(?:19|20)[0-9]{2}年(?:底|末|初)?|上年|去年|上一年)[^，。；：、,0-9]{0,12}?的$"
)
_QUALIFIERS = ("", "以上", "以下", "左右", "以内", "之多", "上下")
_CHANGE_VERB = rf"(?:{_RISE}|{_FALL}|增产|减产)(?:了)?(?:约|近|超过)?"
_FIRST_CHANGE = re.compile(rf"^{_CHANGE_VERB}$")
_NEXT_CHANGE = re.compile(rf"^(?:以上|以下|左右)?[，,]{_CHANGE_VERB}$")


def _comparisons(ctx: Context) -> list[Candidate]:
    """达到5621公斤，比1996年的4483公斤增加了1138公斤: the level, the one it is compared with,
    and the changes stated for that comparison."""
    doc = ctx.doc
    found: list[Candidate] = []
    for then in doc.readings:
        compared = _COMPARED_WITH.search(doc.before_in_clause(then))
        if compared is None or then.figure.kind not in ("number", "percent") or not ctx.usable(then):
            continue
        now = _compared_level(ctx, then)
        if now is None:
            continue
        changes = _changes_after(ctx, then)
        checks, used = [], []
        for change in changes:
            check = _check(ctx, now, then, change)
            if check:
                checks.append(check)
                used.append(change)
        if not checks:
            continue
        a, b = ctx.fid(then), ctx.fid(now)
        found.append(
            Candidate(
                ID,
                " and ".join(checks),
                zh=f"{now.phrase}{_written(now)}比{compared['year']}的{_written(then)}"
                + "，".join(f"{'增' if c.sign > 0 else '减'}{_written(c)}" for c in used),
                en=f"{_written(now)} against {_written(then)}: the stated changes match both levels",
                strength=OUTRIGHT,
                evidence=ctx.evidence(now, then, *used),
                name=f"{b}.vs_{a.rsplit('.', 1)[-1]}",
                tags=("change",),
            )
        )
    return found


def _written(r: Reading) -> str:
    """The figure with its unit, as a label says it (470公斤左右 holds its unit already)."""
    if r.role == R.POINTS:
        return f"{r.value}个百分点"
    return r.value if r.unit and r.unit in r.value else f"{r.value}{r.unit}"


def _compared_level(ctx: Context, then: Reading) -> Reading | None:
    """The level a comparison is about: the nearest figure before it in its sentence of the
    same kind that is no comparison's base and no change, with only the comparisons (比…的 b
    增长 x) and an aside between (占粮食总产量的90%以上)."""
    doc = ctx.doc
    for r in reversed(doc.in_sentence(then.sentence)):
        if r.figure.start >= then.figure.start:
            continue
        if r.role in (R.CHANGE, R.POINTS, R.YEAR, R.DATE, R.ORDINAL, R.CODE):
            continue
        if _COMPARED_WITH.search(doc.before_in_clause(r)):
            continue  # the base of an earlier comparison (比1996年的414公斤…，比1949年的209公斤)
        if r.unit != then.unit or r.is_percent != then.is_percent:
            if r.group != then.group:
                return None
            continue
        if r.group != then.group or r.role not in (R.LEVEL, R.RATE) or not ctx.usable(r):
            return None
        between = doc.text[r.figure.unit_end : then.figure.start]
        pieces = re.split("[，,]", between)
        if len(pieces) < 2 or len(pieces) > 4 or pieces[0] not in _QUALIFIERS or not _COMPARED_WITH.search(pieces[-1]):
            return None
        return r
    return None


def _changes_after(ctx: Context, then: Reading) -> list[Reading]:
    """The changes stated right after a comparison's base: 增加了1138公斤，增长25%以上."""
    doc = ctx.doc
    changes: list[Reading] = []
    previous = then
    for r in doc.in_sentence(then.sentence):
        if r.figure.start <= then.figure.start:
            continue
        between = doc.text[previous.figure.unit_end : r.figure.start]
        pattern = _FIRST_CHANGE if previous is then else _NEXT_CHANGE
        if r.role not in (R.CHANGE, R.POINTS) or r.sign == 0 or not pattern.match(between):
            break
        if r.base == R.AVERAGE:
            break
        changes.append(r)
        previous = r
    return changes


def _check(ctx: Context, now: Reading, then: Reading, change: Reading) -> str:
    if not ctx.usable(change):
        return ""
    a, b, d = ctx.fid(then), ctx.fid(now), ctx.fid(change)
    rise = change.sign > 0
    if change.role == R.POINTS:
        if now.is_percent:
            return f"({b} - {a}) * 100 == {d}" if rise else f"({a} - {b}) * 100 == {d}"
        return ""
    if now.is_percent or change.unit_guessed or now.unit_guessed:
        return ""  # 比上年的15.5%增长20%: relative or in points? Unsaid.
    if change.is_percent:
        return f"{b} / {a} - 1 == {d}" if rise else f"1 - {b} / {a} == {d}"
    if change.unit == now.unit:
        return f"{b} - {a} == {d}" if rise else f"{a} - {b} == {d}"
    return ""  # 增长1.97倍: a multiple, read two ways


_RATE_AFTER_DIFFERENCE = re.compile(rf"^[，,](?:同比|比上年|较上年)?{_CHANGE_VERB}$")


def _difference_and_rate(ctx: Context) -> list[Candidate]:
    """支出73595.89亿元，同比减少2071.32亿元，下降2.7%: the rate is the difference over the
    level before it (the level less a rise, or plus a fall)."""
    doc = ctx.doc
    found: list[Candidate] = []
    for i, difference in enumerate(doc.readings[:-1]):
        rate = doc.readings[i + 1]
        if difference.role != R.CHANGE or rate.role != R.CHANGE or difference.subject is None:
            continue
        if rate.subject != difference.subject or rate.group != difference.group or rate.sign != difference.sign:
            continue
        if difference.is_percent or not rate.is_percent or R.AVERAGE in (difference.base, rate.base):
            continue
        level = doc.readings[difference.subject]
        if difference.unit != level.unit or difference.unit_guessed or not (ctx.level(level) or is_amount(level)):
            continue
        if not (ctx.usable(difference) and ctx.usable(rate)) or (difference.base != rate.base and rate.base):
            continue
        if not _RATE_AFTER_DIFFERENCE.match(doc.between(difference, rate)):
            continue
        if _COMPARED_WITH.search(doc.before_in_clause(difference)):
            continue  # 比1996年的4483公斤增加了1138公斤: the comparison finder has it
        n, d, r = ctx.fid(level), ctx.fid(difference), ctx.fid(rate)
        before = f"({n} - {d})" if rate.sign > 0 else f"({n} + {d})"
        found.append(
            Candidate(
                ID,
                f"{d} / {before} == {r}",
                zh=f"{level.phrase}{_written(level)}，{'增加' if rate.sign > 0 else '减少'}"
                f"{_written(difference)}，{'增长' if rate.sign > 0 else '下降'}{rate.value}",
                en=f"the rate {rate.value} is the change {_written(difference)} over the level before",
                strength=OUTRIGHT,
                evidence=ctx.evidence(level, difference, rate),
                name=f"{r}.of_change",
                tags=("change",),
            )
        )
    return found
