"""The same quantity stated again: a headline and its paragraph, a summary and its section,
in the same figure or another (1万亿元 / 10000亿元, 3516.18亿元 twice): the statements agree.

Each statement is a fact of its own; this finder ties the statements of one quantity with
a rule. Two statements are one quantity when they have the same unit and role (a share and
a rate both being percentages of something), the same period, intervals that overlap, and
stand in different sentences; and what they quantify is the same:

- a value of five significant digits or more (3516.18亿元) names its quantity by itself;
- otherwise the names must agree, each read from the phrase before the figure and the noun
  after it (127万名乡村教师), less scope words, connectives (和, 含) and the verbs of the
  role (同比增长, 控制在), with the aliases the text defines (广义货币（M2）): the same head
  (…乡村教师 / …教师, 社融增量 / 社会融资规模增量), or one name holding the other whole
  (抗疫特别国债 / 发行抗疫特别国债收入); a value of one significant digit needs a head of
  three characters or more;
- statements of two different years (both read) are two quantities, unless the value is
  distinctive; the scope words they print themselves (中央 / 地方) must not differ.

The same number for two things (注资500亿元 / 发行500亿元铁路建设债券) has two names and is
left alone. A bound with no name of its own after a level of its unit (1361万人，连续第六年
超过1300万人) restates it too.
"""

from __future__ import annotations

import re

from .. import roles as R
from ..document import Reading
from ..model import OUTRIGHT, Candidate
from .base import Context, figure_of

ID = "restatements"
DESCRIPTION = "the same quantity stated again, in the same figure or another, or as a bound (超过1300万人): they agree"

# Roles whose statements can restate each other, by class: a share and a rate are both a percentage of a whole.
_ROLE_CLASS = {
    R.LEVEL: "level",
    R.CHANGE: "change",
    R.POINTS: "points",
    R.SHARE: "part",
    R.RATE: "part",
    R.TARGET: "target",
}
# Spans of time (70周年, 连续9年, 20世纪40年代) are names of periods more often than quantities.
TIME_UNITS = frozenset({"年", "周年", "周", "个月", "月", "日", "天", "小时", "分钟", "秒", "年代", "世纪"})
# A value of this many significant digits is one quantity wherever it is stated.
DISTINCTIVE_DIGITS = 5
# Statements of one value compared pairwise at most: a value stated more often is a common one (1个, 100%).
MAX_STATEMENTS = 24
# A rule ties at most this many statements.
MAX_TIED = 8
_LEADING = re.compile("^(?:和|及|与|以及|含|其中|包括|另有|共有|安排|发行资金|今年|全年|当年|占)+")
_TRAILING = re.compile(
    "(?:(?:比|较|与|同)(?:上年|去年|上一年|上月末?|上年同期|同期|(?:19|20)[0-9]{2}年)?(?:相比)?)?"
    "(?:同比|环比)?(?:增长|增加|下降|减少|提高|降低|回落|上升|增速|增幅|增|降)?"
    "(?:了|为|达|达到|约|累计为|累计|控制在|总数|总额|总量|比重|比例|规模)*$"
)
_ALIAS = re.compile("([\u4e00-\u9fff]{2,10})[（(]([A-Za-z][A-Za-z0-9]{0,5})[）)]")
_NAME_CHARS = re.compile("[^\u4e00-\u9fffA-Za-z0-9]")


def find(ctx: Context) -> list[Candidate]:
    return [*find_restated(ctx), *find_bounds(ctx)]


def aliases(text: str) -> dict[str, str]:
    """The short names a text defines for its terms: 广义货币（M2） makes M2 stand for 广义货币."""
    found: dict[str, str] = {}
    for match in _ALIAS.finditer(text):
        found.setdefault(match.group(2), match.group(1)[-6:])
    return found


def name_of(r: Reading, alias: dict[str, str]) -> str:
    """What a statement quantifies, for comparing it with another statement: the thing it
    counts when a noun follows it (127万名乡村教师), else the phrase before it."""
    noun = _NAME_CHARS.sub("", r.noun)
    if len(noun) >= 2:
        return noun
    name = _NAME_CHARS.sub("", r.core)
    for _ in range(3):
        shorter = _TRAILING.sub("", _LEADING.sub("", name))
        for scope in ("全国", "中央", "地方"):
            if shorter.startswith(scope):
                shorter = shorter[len(scope) :]
        if shorter == name:
            break
        name = shorter
    for short, long in alias.items():
        name = name.replace(short, long)
    return name


def _significant(written: str) -> int:
    return len(re.sub("[^0-9]", "", written).lstrip("0").rstrip("0")) or 1


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _own_scope(r: Reading) -> str:
    return r.scope if r.scope and r.phrase.startswith(r.scope) else ""


def same_quantity(a: Reading, b: Reading, name_a: str, name_b: str) -> bool:
    """Do two statements of overlapping values (same unit and role class) quantify the same thing?
    The fewer digits the value has, the more the names must agree."""
    digits = min(_significant(a.value), _significant(b.value))
    value_a, value_b = figure_of(a.value), figure_of(b.value)
    if value_a is None or value_b is None or not value_a.interval.intersects(value_b.interval):
        return False  # 100人以上 / 不足100人: one number, two bounds that exclude each other
    if _own_scope(a) and _own_scope(b) and _own_scope(a) != _own_scope(b):
        return False
    if digits >= DISTINCTIVE_DIGITS:
        return True
    if a.unit in TIME_UNITS or (a.year is not None and b.year is not None and a.year != b.year):
        return False
    shorter, longer = sorted((name_a, name_b), key=len)
    if len(shorter) < 2:
        return False
    head = _common_suffix(name_a, name_b)
    if digits == 4 and head >= 2:
        return True  # 社融增量 / 社会融资规模增量: four digits and the same head word
    # the shorter name held whole in the longer one, or a head of two thirds of it
    agree = shorter in longer or (head >= 2 and 3 * head >= 2 * len(shorter))
    return agree and len(shorter) >= (2 if digits >= 3 else 3)


def _statements(ctx: Context) -> dict[tuple[object, ...], list[Reading]]:
    groups: dict[tuple[object, ...], list[Reading]] = {}
    for r in ctx.doc.readings:
        role = _ROLE_CLASS.get(r.role)
        if role is None or r.figure.kind not in ("number", "percent") or not ctx.usable(r) or r.unit_guessed:
            continue
        value = figure_of(r.value)
        if value is None or value.nominal == 0:
            continue
        groups.setdefault((role, r.sign, r.unit, r.is_percent, r.period, value.nominal), []).append(r)
    return groups


def find_restated(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    alias = aliases(doc.text)
    found: list[Candidate] = []
    for statements in _statements(ctx).values():
        if len(statements) < 2 or len(statements) > MAX_STATEMENTS:
            continue
        names = [name_of(r, alias) for r in statements]
        links = [
            (i, j)
            for i, a in enumerate(statements)
            for j in range(i + 1, len(statements))
            if a.sentence != statements[j].sentence
            and ctx.fid(a) != ctx.fid(statements[j])
            and same_quantity(a, statements[j], names[i], names[j])
        ]
        components: dict[int, list[Reading]] = {}
        parent = _joined(len(statements), links)
        for i, r in enumerate(statements):
            components.setdefault(parent[i], []).append(r)
        for tied in components.values():
            firsts = _distinct_facts(ctx, tied)[:MAX_TIED]
            if len(firsts) >= 2:
                label = max((names[statements.index(r)] for r in firsts), key=len)
                found.append(_rule(ctx, firsts, label))
    return found


def _joined(n: int, links: list[tuple[int, int]]) -> list[int]:
    """For each of n items, the smallest item it is linked with, directly or through others."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in links:
        a, b = root(i), root(j)
        parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(n)]


def _distinct_facts(ctx: Context, readings: list[Reading]) -> list[Reading]:
    seen: set[str] = set()
    firsts: list[Reading] = []
    for r in readings:
        if ctx.fid(r) not in seen:
            seen.add(ctx.fid(r))
            firsts.append(r)
    return firsts


def _rule(ctx: Context, tied: list[Reading], label: str) -> Candidate:
    values = "、".join(dict.fromkeys(f"{r.value}{r.unit}" for r in tied))
    return Candidate(
        ID,
        " == ".join(ctx.fid(r) for r in tied),
        zh=f"{label}{len(tied)}处所述一致（{values}）",
        en=f"the same quantity stated {len(tied)} times ({values}) agrees",
        strength=OUTRIGHT,
        evidence=ctx.evidence(*tied),
        name=f"{ctx.fid(tied[1])}.restated",
        tags=("restatement",),
    )


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
