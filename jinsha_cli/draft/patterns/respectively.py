"""分别: the names listed before it, one for each value listed after it.

稻谷、小麦、玉米的每公顷产量分别为6916.9公斤、5481.2公斤、6110.3公斤 pairs three names with
three values: the draft is ``respectively(names, a, b, c)``, which fails when the names and
the values differ in number. A clause after it that lists values under 分别 with no names
of its own (…，较1996年分别增长11.3%、46.8%、17.4%) pairs them with the same names.

The grouping must be plain, or nothing is drafted:
- the values follow 分别 and a few words (为, 达到, 比上年增长), joined only by 、 和 及 与, all of
  one kind (percentages, or one unit), with no list running on after them;
- the names stand in the clause before 分别 (or, when that clause is only a year or a few
  words, 2018年分别占到…, in the clause before it), joined by 、 with 和 (及, 与) before the
  last, and no figure among them; a clause that names figures (受理案件38498件，审结34481件，
  同比分别上升…) pairs values with values and is left alone;
- a list of two (A和B分别…) or a 和 inside a name (电气机械和器材制造业、…) leaves the count
  open: a rule is drafted only when the count the text allows agrees, never to fail;
- after 等 the list may be incomplete: as many values or fewer names is no discrepancy.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .. import roles as R
from ..document import Reading
from ..facts import phrase_id
from ..model import OUTRIGHT, Candidate, DraftFact
from .base import MAX_PARTS, Context

ID = "respectively"
DESCRIPTION = "分别: as many names listed before it as values after it (respectively(names, a, b, ...))"

_CLAUSE_END = re.compile("[，,；;。！？!?\n：:]")
_JOIN = re.compile("^(?:、|和|及|与|以及)$")
# Words between 分别 and its first value: a verb and its preposition, never a figure but a year.
_LEAD = re.compile("^[^，,。；;！？!?\n、：:（(]{0,14}[：:]?$")
# 和, 及, 与 joining two names, not inside a word (和平, 普及, 涉及, 参与)
_PAIR = re.compile("以及|(?<![平饱总温调])和(?![平谐睦])|(?<![普涉危波触顾企])及(?![时格早])|(?<![参给赋授])与")
_STOP_CHARS = "的在有向对将把为到从自由即是，。；：“”（）《》"
_VALUE_ROLES = frozenset([R.LEVEL, R.CHANGE, R.POINTS, R.SHARE, R.RATE, R.TARGET])
_ASIDE = re.compile(r"[（(][^）)]{0,40}[）)]")
_CJK_NAME = re.compile("[\u4e00-\u9fff“”‘’A-Za-z0-9]{1,12}")
_FIRST_NAME = re.compile("[\u4e00-\u9fff“”‘’A-Za-z0-9]{1,16}")  # where it starts is less sure
_NOT_NAME = re.compile("[0-9０-９]")
# Words that make a segment a clause, not a name (推进…、加强…): the list is of actions.
_VERBS = re.compile(
    "推进|加强|实施|开展|建设|完善|推动|提高|坚持|落实|实现|促进|支持|做好|打好|增强|深化|健全|保障|建立|形成|"
    "提升|强化|构建|统筹|优化|加快|确保|增长|下降|增加|减少"
)


@dataclass
class _Names:
    items: tuple[str, ...]
    start: int  # where the list starts in the text
    end: int
    exact: bool  # the count is read without doubt: A、B、C with no 和 (及, 与) anywhere
    etc: bool  # the list ends with 等
    others: tuple[tuple[str, ...], ...] = ()  # other readings of the same words (B和C: one name or two)

    def fitting(self, count: int) -> tuple[str, ...] | None:
        """The reading with ``count`` names, if the words allow one."""
        return next((r for r in (self.items, *self.others) if len(r) == count), None)


@dataclass
class ValueGroup:
    """The values listed after one 分别, and the names they pair with."""

    sentence: int
    names: _Names  # the reading of the names that fits the values
    values: list[Reading]
    clause_start: int  # where the clause of this 分别 starts
    shared: bool  # the names are those of the group before it in the sentence (…，分别增长x、y)


def value_groups(ctx: Context) -> list[ValueGroup]:
    """Each 分别 whose values and names are read without doubt, in the order of the text."""
    doc = ctx.doc
    text = doc.text
    starts = [r.figure.start for r in doc.readings]
    groups: list[ValueGroup] = []
    for match in re.finditer("分别", text):
        at = match.start()
        values = _values(ctx, starts, match.end())
        if values is None:
            continue
        sentence = bisect_right(doc.sentence_starts, at) - 1
        clause_start = _clause_start(text, at, doc.sentence_starts[sentence])
        names = _names_in(ctx, starts, clause_start, at)
        shared = False
        previous = groups[-1] if groups else None
        if names is None and previous is not None and previous.sentence == sentence:
            # …分别为a、b、c，较1996年分别增长x、y、z: the names of the group before
            gap = text[previous.values[-1].figure.unit_end : clause_start]
            if gap.strip(" ，,") == "" and not _figures_in(ctx, starts, clause_start, at):
                names, shared = previous.names, True
        if names is None:
            names = _names_before_clause(ctx, starts, clause_start, at, doc.sentence_starts[sentence])
        if names is None:
            continue
        items = names.fitting(len(values))
        if items is None:
            if not names.exact or (names.etc and len(names.items) < len(values)):
                continue  # the count is open, or 等 leaves room for more values
            items = names.items
        chosen = _Names(items, names.start, names.end, names.exact, names.etc)  # later groups keep these names
        groups.append(ValueGroup(sentence, chosen, values, clause_start, shared))
    return groups


# The name of what a 分别 group quantifies, after its last name (水果的人均占有量分别为).
_QUANTITY = re.compile("^的([\u4e00-\u9fff]{2,12}?)(?:都|均|也)?$")
_RISE = re.compile("增加|增长|提高|上升|多")
_FALL = re.compile("减少|下降|降低|回落|少")


def value_names(ctx: Context) -> dict[int, tuple[str, str]]:
    """What each value a 分别 group pairs with a name quantifies: reading index -> (label, role).

    油料、猪牛羊肉…的人均占有量分别为24.7公斤、46.8公斤…，比1996年分别增加6.5公斤、16.6公斤…，
    分别增长35.7%、55%…: 46.8公斤 is 猪牛羊肉人均占有量 (a level), 16.6公斤 its change and 55%
    its growth. Only where the group names its quantity (人均占有量) in plain words.
    """
    text = ctx.doc.text
    named: dict[int, tuple[str, str]] = {}
    quantity = ""
    for group in value_groups(ctx):
        if not group.shared:
            quantity = _quantity(text, group.names)
        if not quantity:
            continue
        role = R.CHANGE if direction(text, group) else R.LEVEL
        for name, value in zip(group.names.items, group.values, strict=True):
            named[value.index] = (f"{name}{quantity}", role)
    return named


def direction(text: str, group: ValueGroup) -> int:
    """+1 after a word of rise before the group's values (比1996年分别增加), -1 after one of
    fall, 2 after both (增减: no single direction), 0 for none."""
    lead = text[group.clause_start : group.values[0].figure.start]
    rise, fall = _RISE.search(lead), _FALL.search(lead)
    if rise and fall:
        return 2
    return 1 if rise else -1 if fall else 0


def _quantity(text: str, names: _Names) -> str:
    """The words after the last name that say what the values quantify (的人均占有量), or ""."""
    words = text[names.start : names.end]
    last = words.rfind(names.items[-1])
    found = _QUANTITY.match(words[last + len(names.items[-1]) :]) if last >= 0 else None
    return found[1] if found else ""


def find(ctx: Context) -> list[Candidate]:
    text = ctx.doc.text
    found: list[Candidate] = []
    drafted: set[str] = set()
    list_id = ""
    for group in value_groups(ctx):
        values, names, items = group.values, group.names, group.names.items
        m, n = len(values), len(items)
        if not group.shared:
            quantity = _quantity(text, names)
            section, _, own = ctx.fid(values[0]).rpartition(".")
            stem = phrase_id(quantity) if quantity else own
            base = f"{section}.{stem}_names" if section else f"{stem}_names"
            list_id, n_id = base, 2
            while list_id in ctx.facts or list_id in drafted:
                list_id, n_id = f"{base}_{n_id}", n_id + 1
            drafted.add(list_id)
            fact = DraftFact(
                id=list_id,
                quotes=[text[names.start : names.end].strip()],
                section=values[0].section,
                items=items,
                zh=f"{quantity or values[0].phrase or '分别'}所指（名单）",
                tags=("list",),
                start=names.start,
                end=names.end,
                line=values[0].figure.line,
            )
            facts: tuple[DraftFact, ...] = (fact,)
        else:
            facts = ()
        ids = ", ".join(ctx.fid(v) for v in values)
        found.append(
            Candidate(
                ID,
                f"respectively({list_id}, {ids})",
                zh=f"分别：所列{n}项与{m}个数值一一对应",
                en=f"respectively: the {n} names listed pair with the {m} values after 分别",
                strength=OUTRIGHT,
                evidence=text[names.start : values[-1].figure.unit_end][:200],
                name=f"{list_id}.respectively",
                tags=("list",),
                facts=facts,
            )
        )
    return found


def _clause_start(text: str, at: int, sentence_start: int) -> int:
    cut = max((m.end() for m in _CLAUSE_END.finditer(text, sentence_start, at)), default=sentence_start)
    return max(cut, sentence_start)


def _figures_in(ctx: Context, starts: list[int], start: int, end: int) -> list[Reading]:
    """The figures between two offsets, less years and dates (2017年稻谷、小麦…)."""
    i = bisect_right(starts, start - 1)
    found = []
    while i < len(starts) and starts[i] < end:
        r = ctx.doc.readings[i]
        if r.role not in (R.YEAR, R.DATE):
            found.append(r)
        i += 1
    return found


def _values(ctx: Context, starts: list[int], after: int) -> list[Reading] | None:
    """The values listed right after 分别 (and its verb), joined by 、 和 及 与."""
    doc = ctx.doc
    i = bisect_right(starts, after - 1)
    while i < len(doc.readings) and doc.readings[i].role in (R.YEAR,) and doc.readings[i].figure.start < after + 14:
        i += 1  # 分别比2018年下降: the year compared with
    if i >= len(doc.readings):
        return None
    first = doc.readings[i]
    if not _LEAD.match(doc.text[after : first.figure.start]) or first.role not in _VALUE_ROLES:
        return None
    run = [first]
    while i + 1 < len(doc.readings) and len(run) <= MAX_PARTS:
        nxt = doc.readings[i + 1]
        if not _JOIN.match(doc.between(run[-1], nxt).strip(" \u3000")) or nxt.role not in _VALUE_ROLES:
            break
        run.append(nxt)
        i += 1
    if len(run) < 2 or len(run) > MAX_PARTS:
        return None
    kinds = {(r.figure.kind, r.unit) for r in run if r.figure.unit or r.figure.kind == "percent"}
    if len(kinds) != 1 or any(r.figure.kind != run[-1].figure.kind for r in run):
        return None  # 分别为3万人、5万户: two kinds of value, not one list
    tail = doc.text[run[-1].figure.unit_end : run[-1].figure.unit_end + 2]
    if tail[:1] in ("、", "和", "至", "到") or tail[:1].isdigit():
        return None  # the list runs on in a way not read here
    return run


def _names_in(ctx: Context, starts: list[int], start: int, end: int) -> _Names | None:
    """The names listed in text[start:end] (the words of a clause before 分别)."""
    doc = ctx.doc
    figures = _figures_in(ctx, starts, start, end)
    if figures:
        # 三大粮食作物的农药、化肥利用率: the names stand after the clause's last figure
        start = max(start, figures[-1].figure.unit_end)
    raw = doc.text[start:end]
    body = _ASIDE.sub(lambda m: "\0" * len(m.group()), raw)
    segments = body.split("、")
    if len(segments) < 2:
        return _pair(raw, start)
    first, *middle, last = segments
    cut = max(first.rfind(ch) for ch in _STOP_CHARS)
    first = re.sub(r"^.*?(?:(?:19|20)[0-9]{2}年(?:末|底|初)?|[0-9]{1,2}月(?:份)?)", "", first[cut + 1 :])
    opening_verb = _VERBS.match(first)
    if opening_verb and len(first) - opening_verb.end() >= 2:
        first = first[opening_verb.end() :]  # 实现机械通风、粮情测控…: the verb opens the clause, not the name
    if not _FIRST_NAME.fullmatch(first) or not all(_CJK_NAME.fullmatch(p) for p in middle):
        return None
    if any(_NOT_NAME.search(p) or _VERBS.search(p) for p in (first, *middle)):
        return None
    head = re.split("的|等", last, maxsplit=1)[0]
    etc = last[len(head) : len(head) + 1] == "等"
    if not head or "\0" in head:
        return None
    joined = _PAIR.split(head)
    readings = [(*first_items, head) for first_items in [(first, *middle)]]
    if len(joined) == 2 and all(joined):
        # A、B和C is three names, or two (B和C one group, 轨道交通设备及零部件制造企业): both are read
        readings.insert(0, (first, *middle, *joined))
    plain = not any(_PAIR.search(p) for p in (first, *middle, head))
    list_start = start + raw.find(first) if first in raw else start
    return _Names(readings[0], list_start, end, exact=plain and len(segments) >= 3, etc=etc, others=tuple(readings[1:]))


def _pair(raw: str, start: int) -> _Names | None:
    """A和B分别…: two names, or one name with 和 inside it (the count stays open)."""
    joins = list(_PAIR.finditer(raw))
    if len(joins) != 1:
        return None
    join = joins[0]
    left, right = raw[: join.start()], raw[join.end() :]
    cut = max(left.rfind(ch) for ch in _STOP_CHARS)
    left = re.sub(r"^.*?(?:(?:19|20)[0-9]{2}年(?:末|底|初)?|[0-9]{1,2}月(?:份)?)", "", left[cut + 1 :])
    right = re.split("的", right, maxsplit=1)[0]
    if not left or not right or not _CJK_NAME.fullmatch(left) or len(right) > 16 or "\0" in right:
        return None
    at = raw.find(left)
    return _Names((left, right), start + at, start + len(raw), exact=False, etc=False)


def _names_before_clause(
    ctx: Context, starts: list[int], clause_start: int, at: int, sentence_start: int
) -> _Names | None:
    """2018年分别占到…: a clause of a year or a few words; the names are in the clause before."""
    text = ctx.doc.text
    own = re.sub(r"(?:19|20)[0-9]{2}年(?:末|底|初)?|[0-9]{1,2}月(?:份)?|同比|均|也|都", "", text[clause_start:at])
    if len(own.strip(" \u3000")) > 2 or clause_start <= sentence_start:
        return None
    before_start = _clause_start(text, clause_start - 1, sentence_start)
    if text[clause_start - 1] not in "，,":
        return None
    if _figures_in(ctx, starts, before_start, clause_start):
        return None
    names = _names_in(ctx, starts, before_start, clause_start - 1)
    if names is not None:
        names.exact = False  # the names of another clause: paired only when the counts agree
    return names
