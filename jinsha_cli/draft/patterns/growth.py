"""A growth rate or a change against two levels of the same quantity a year apart.

公共安全支出1832.72亿元，增长0.7% (2020) against 公共安全支出1839.45亿元 (2019, printed
earlier): 1832.72 / 1839.45 − 1 should be 0.7%. The two levels are the same quantity when
they have the same scope, unit and period, their years are one apart, and their phrases
name one quantity: the same phrase, or one ending with the other (本级收入 / 地方一般公共
预算本级收入), or a long one in another word order (新增地方政府专项债券 / 地方政府新增专项
债券); a name of two characters (赤字) only under the same section title. The change must be
measured against the previous year (比上年, 比2019年, or unsaid) and the earlier level must
be the only candidate, once those under another section title (政府性基金预算 / 国有资本经营
预算) are set aside. The scope is the phrase's own, else the one its section title names
(（一）中央一般公共预算), else the paragraph's. It is an inference, so a warning with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

from .. import roles as R
from ..document import Reading, Section
from ..model import INFERRED, Candidate
from ..vocabulary import SCOPES
from .base import Context, figure_of, same_kind

ID = "growth"
DESCRIPTION = "a growth rate or change against the same quantity printed for the year before"

# Words that end a phrase without changing what it names (预算内投资资金 / 预算内投资).
_GENERIC_END = re.compile("(?:资金|规模|安排)$")
_YEAR = re.compile("(?:19|20)[0-9]{2}年")
_TOPIC_CHARS = 5
# A phrase in another word order is the same quantity only when it is this long.
_REORDERED_CHARS = 7


def key(reading: Reading) -> str:
    return _GENERIC_END.sub("", reading.core)


def same_quantity(a: str, b: str) -> bool:
    """One phrase names the other's quantity: equal, or the longer ends with the shorter
    (一般公共预算本级收入 / 本级收入) when the shorter says enough (4 characters or more)."""
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 4 and long.endswith(short))


def words(reading: Reading) -> str:
    """The characters of the phrase, scope words left out, in a fixed order: one quantity
    named in another word order (新增地方政府专项债券 / 地方政府新增专项债券) has the same."""
    phrase = key(reading)
    for word in SCOPES:
        phrase = phrase.replace(word, "")
    return "".join(sorted(phrase))


def scope_of(sections: dict[str, Section], reading: Reading) -> str:
    """The scope (全国 / 中央 / 地方) the figure's own phrase names, else the one its nearest
    section title names alone (（二）中央一般公共预算), else the one read from its paragraph."""
    if reading.core != reading.phrase:
        return reading.scope
    for title in section_titles(sections, reading):
        named = {word for word in SCOPES if word in title}
        if len(named) == 1:
            return named.pop()
        if named:
            break
    return reading.scope


def section_titles(sections: dict[str, Section], reading: Reading) -> list[str]:
    """The titles of the figure's section and the sections over it, innermost first."""
    titles: list[str] = []
    section = sections.get(reading.section)
    while section is not None and len(titles) < 8:
        titles.append(section.title)
        section = sections.get(section.parent) if section.parent else None
    return titles


def topic(sections: dict[str, Section], reading: Reading) -> str:
    """The figure's section title without its year (2019年政府性基金预算收支情况)."""
    section = sections.get(reading.section)
    return _YEAR.sub("", section.title) if section else ""


def shared_topic(a: str, b: str) -> bool:
    """Do two section titles name one subject (政府性基金预算收支情况 / 政府性基金预算收入预计和
    支出安排)? They share a run of at least five characters."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return any(short[i : i + _TOPIC_CHARS] in long for i in range(len(short) - _TOPIC_CHARS + 1))


def _narrowed(candidates: list[Reading], keep: Callable[[Reading], bool]) -> list[Reading]:
    kept = [r for r in candidates if keep(r)]
    return kept or candidates


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    sections = {s.id: s for s in doc.sections}
    by_end: dict[tuple[str, str, str], list[Reading]] = {}
    by_words: dict[tuple[str, str, str], list[Reading]] = {}
    for r in doc.readings:
        if ctx.level(r) and r.year is not None and len(key(r)) >= 2:
            by_end.setdefault((key(r)[-3:], r.unit, r.period), []).append(r)
            by_words.setdefault((words(r), r.unit, r.period), []).append(r)
    found: list[Candidate] = []
    for change in doc.readings:
        if change.role != R.CHANGE or change.subject is None or not ctx.usable(change) or change.sign == 0:
            continue
        level = doc.readings[change.subject]
        if level.year is None or not ctx.level(level) or len(key(level)) < 2:
            continue
        wanted = level.year - 1
        if change.base and change.base not in ("上年", f"{wanted}年"):  # 年均, 同期, 上月: another comparison
            continue
        if not change.base and re.search("环比|比上月|较上月", doc.before_in_clause(change)):
            continue
        scope = scope_of(sections, level)
        here, name = topic(sections, level), key(level)
        alike = by_end.get((name[-3:], level.unit, level.period), [])
        if len(words(level)) >= _REORDERED_CHARS:  # 新增地方政府专项债券 / 地方政府新增专项债券
            alike = alike + by_words.get((words(level), level.unit, level.period), [])
        candidates = [
            r
            for r in alike
            if r.year == wanted
            and ctx.quantity(r) != ctx.quantity(level)
            and (same_quantity(key(r), name) or (len(words(r)) >= _REORDERED_CHARS and words(r) == words(level)))
            and scope_of(sections, r) == scope
            # a name of two characters (赤字) says enough only under the same section title
            and (min(len(key(r)), len(name)) >= 3 or shared_topic(topic(sections, r), here))
        ]
        # several levels of that name a year before (本级支出 of two budgets): the one under
        # the same section title, then the one with the very same phrase
        candidates = _narrowed(candidates, lambda r, here=here: shared_topic(topic(sections, r), here))
        candidates = _narrowed(candidates, lambda r, name=name: key(r) == name)
        if len({ctx.quantity(r) for r in candidates}) != 1:
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
