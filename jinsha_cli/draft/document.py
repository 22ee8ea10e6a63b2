"""The analysed document: its sections, sentences and every figure read for its role.

``analyse(text)`` is what every relation finder works on. For each figure it gives a
``Reading``: the value as written (with the qualifiers the number grammar reads), its
unit (from the text, or a guess marked as one), its role (:mod:`.roles`), the phrase it
quantifies (第一产业增加值, 城镇常住人口), the scope word standing over it (全国 / 中央 /
地方), the year and period it belongs to, and where it stands (sentence, clause).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..core.figures import FoundFigure, Heading, find_figures, find_headings
from ..core.numbers import Code, Figure, parse_value
from . import roles as R
from .vocabulary import LEADING_FILLERS, SCOPES, TRAILING_FILLERS

Progress = Callable[[int, int], None]

# Documents are searched in pieces of about this many characters (cut at line breaks,
# which no figure or clause crosses), so that progress can be shown.
CHUNK_CHARS = 20_000
# The words around a figure that are read for its role and phrase: at most this many
# characters each side, so that a clause of 80,000 characters costs no more per figure.
WINDOW = 48
# A phrase is a name, not a quote: at most this many characters.
PHRASE_CHARS = 24
# The section id of a newspaper article's headline block.
HEADLINE = "headline"

# Unit words the finder reports that are not units of a fact: the count they belong
# to is a count of things (两不愁 is two items, 三大运营商 three operators).
FACT_UNITS = {
    "大": "个",
    "班子": "个",
    "委": "个",
    "乡": "个",
    "镇": "个",
    "村": "个",
    "县": "个",
    "市": "个",
    "区": "个",
    "省": "个",
    "省份": "个",
    "省市": "个",
    "省区": "个",
    "省区市": "个",
    "省市区": "个",
    "部门": "个",
    "方面": "个",
    "名": "人",  # 33.5万名高校毕业生…其中2018年约4.5万人: both count people
    "不愁": "项",
    "保障": "项",
    "达标": "项",
}
# Nouns after a figure without a unit that count people (1900万家庭经济困难学生).
_PEOPLE_NOUNS = re.compile(
    "(?:学生|人口|人员|职工|农民|教师|患者|居民|纳税人|儿童|工人|党员|干部|群众|劳动力|老人|毕业生|人)"
)
# The end of a list of names right before a figure (A、B、C等8省市): group 1 is the last name.
_LIST_TAIL = re.compile('[\u4e00-\u9fff]、([\u4e00-\u9fff]{1,10})等?[“”"]?$')
# Unit words of a count that a list before it may enumerate (3个乡镇, 8省市, 三大营养素).
LIST_COUNT_UNITS = frozenset(
    {
        "个",
        "项",
        "种",
        "类",
        "级",
        "大",
        "家",
        "所",
        "乡",
        "镇",
        "村",
        "县",
        "市",
        "区",
        "省",
        "省份",
        "省市",
        "省区",
        "省区市",
        "省市区",
        "方面",
        "部门",
        "条",
        "支",
    }
)
# Qualifiers written after the unit: 1500万人以上, 5.5%以内, 200多人 (多 after the unit is rare).
_QUALIFIER_AFTER = re.compile("以上|以下|左右|以内|之多|上下")
_SENTENCE_END = re.compile("[。！？!?\n]")
_GROUP_END = re.compile("[。！？!?；;\n]")
_CJK = re.compile("[\u4e00-\u9fff]")
_WRAPPERS = "“”‘’\"'《》「」『』（）()【】[] \u3000"
_ASIDE = re.compile(r"[（(][^）)]{0,40}[）)]")
_PERIOD = re.compile(
    r"(?:[0-9一二三四五六七八九十]{1,2}[—\-－~～至到]{1,2}[0-9一二三四五六七八九十]{1,2}月|[一二三四]季度|前三季度|上半年|下半年|[0-9]{1,2}月(?:份)?)"
)


@dataclass(frozen=True)
class Section:
    id: str
    number: int | None
    title: str
    level: int
    parent: str | None
    start: int  # offset where the section's heading starts
    heading: Heading | None = None


@dataclass(frozen=True)
class Headline:
    """The headline block of a newspaper article: the lines before its first indented
    paragraph (a kicker, the main title, a subtitle opened by ——), or a first short line."""

    lines: tuple[str, ...]
    title: str  # the main title, without a column tag such as （人民时评）
    end: int  # offset where the block ends

    @property
    def text(self) -> str:
        # a kicker ending with —— runs on into the main title
        return "".join(line if line.endswith("——") else line + " " for line in self.lines).strip()


@dataclass
class Reading:
    """One figure of the document, read."""

    index: int
    figure: FoundFigure
    value: str  # as written, readable by the number grammar
    unit: str
    unit_guessed: bool
    role: str
    sign: int  # for a change
    base: str  # for a change: 上年, 2019年, ...
    phrase: str  # the quantified phrase, as printed (may be "")
    core: str  # the phrase without its scope word and year
    scope: str  # 全国 / 中央 / 地方 / ""
    year: int | None
    period: str  # 1—4月, 一季度, ... ("" for a whole year)
    sentence: int  # index of its sentence
    group: int  # index of its clause group (sentence parts between ；)
    section: str
    noun: str = ""  # the words right after the unit (130个项目: 项目), "" when none
    qualifier: str = ""  # a qualifier after the unit the grammar cannot hold (以上, 以内)
    subject: int | None = None  # for a change, rate or share: the level it is about
    note: str = ""

    @property
    def exact_enough(self) -> bool:
        """Can rules use this figure as it is? Not when a qualifier had to be left out."""
        return not self.qualifier

    @property
    def is_percent(self) -> bool:
        return self.figure.kind == "percent"


@dataclass
class Document:
    text: str
    figures: list[FoundFigure]
    readings: list[Reading]
    sections: list[Section]
    headline_block: Headline | None
    sentence_starts: list[int]
    group_starts: list[int]
    by_sentence: dict[int, list[int]] = field(default_factory=dict)
    line_starts: list[int] = field(default_factory=list)

    @property
    def headline(self) -> str | None:
        return self.headline_block.title if self.headline_block else None

    def sentence_text(self, sentence: int) -> str:
        start = self.sentence_starts[sentence]
        end = self.sentence_starts[sentence + 1] if sentence + 1 < len(self.sentence_starts) else len(self.text)
        return self.text[start:end]

    def sentence_span(self, sentence: int) -> tuple[int, int]:
        start = self.sentence_starts[sentence]
        end = self.sentence_starts[sentence + 1] if sentence + 1 < len(self.sentence_starts) else len(self.text)
        return start, end

    def in_sentence(self, sentence: int) -> list[Reading]:
        return [self.readings[i] for i in self.by_sentence.get(sentence, [])]

    def between(self, a: Reading, b: Reading) -> str:
        """The text from the end of ``a`` (its unit) to the start of ``b``."""
        return self.text[a.figure.unit_end : b.figure.start]

    def before_in_clause(self, r: Reading) -> str:
        return self.text[max(r.figure.clause_start, r.figure.start - WINDOW) : r.figure.start]


def analyse(text: str, progress: Progress | None = None) -> Document:
    """Read a document: sections, sentences, and every figure's role and phrase."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    figures = find_all(text, progress)
    headline = headline_of(text)
    sections = _sections(text, headline.end if headline else _first_line_end(text))
    sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    group_starts = [0] + [m.end() for m in _GROUP_END.finditer(text)]
    doc = Document(text, figures, [], sections, headline, sentence_starts, group_starts)
    doc.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    section_starts = [s.start for s in sections]
    years = _YearContext(text, figures, sections)
    for index, figure in enumerate(figures):
        reading = _read(doc, index, figure, years)
        if not reading.phrase and doc.readings:
            previous = doc.readings[-1]
            if previous.figure.unit_end == figure.start and previous.unit != reading.unit:
                # 6215户10342人: the people are those of the households' phrase
                reading.phrase, reading.core, reading.scope = previous.phrase, previous.core, previous.scope
        i = bisect_right(section_starts, figure.start)
        if headline and figure.start < headline.end:
            reading.section = HEADLINE
        else:
            reading.section = (sections[i - 1].id if i else "lead") if sections else "body"
        doc.readings.append(reading)
        doc.by_sentence.setdefault(reading.sentence, []).append(index)
    _subjects(doc)
    return doc


def find_all(text: str, progress: Progress | None = None) -> list[FoundFigure]:
    """``find_figures`` over the text in pieces cut at line breaks, reporting progress."""
    if len(text) <= CHUNK_CHARS:
        figures = find_figures(text)
        if progress:
            progress(len(text), len(text))
        return figures
    found: list[FoundFigure] = []
    start, line = 0, 0
    while start < len(text):
        cut = text.find("\n", start + CHUNK_CHARS)
        end = len(text) if cut < 0 else cut + 1
        for figure in find_figures(text[start:end]):
            found.append(
                replace(
                    figure,
                    start=figure.start + start,
                    end=figure.end + start,
                    line=figure.line + line,
                    clause_start=figure.clause_start + start,
                    clause_end=figure.clause_end + start,
                )
            )
        line += text.count("\n", start, end)
        start = end
        if progress:
            progress(start, len(text))
    return found


# --- sections ----------------------------------------------------------------------------------


def _sections(text: str, body_start: int) -> list[Section]:
    """Sections from the numbered headings, nested by numbering style, else from the
    unnumbered subheadings (:func:`subheadings`) of the text after the headline."""
    headings = _without_contents(text, find_headings(text))
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []  # (level, id) of the open headings
    used: set[str] = set()
    for heading in headings:
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        base = f"{parent}_{heading.number}" if parent else f"s{heading.number}"
        section_id, n = base, 2
        while section_id in used:
            section_id, n = f"{base}-{n}", n + 1
        used.add(section_id)
        sections.append(
            Section(section_id, heading.number, heading.title, heading.level, parent, heading.start, heading)
        )
        stack.append((heading.level, section_id))
    if not headings:
        found = subheadings(text, body_start)
        if 2 <= len(found) <= MAX_SUBHEADINGS:
            sections = [Section(f"part{n}", None, title, 1, None, at) for n, (at, title) in enumerate(found, 1)]
    return sections


# An unnumbered subheading: a short line with no sentence punctuation (a comma or 、 inside
# is common: 指标靓、成绩优，去年就业稳中向好), and not a caption, byline or aside.
_SUBHEADING_CHARS = 30
MAX_SUBHEADINGS = 12
_NOT_SUBHEADING = re.compile(
    r"[。；;！？!?]|[，,、：:…—\-）)”’\"」》]$|^(?:——|—|□|■|◎|●|▲|本报|记者|新华社|（|\(|图|作者|注|来源|责任编辑)|摄$"
)
_PROSE_END = re.compile('[。！？!?…”’"」）)]$')


def subheadings(text: str, body_start: int = 0) -> list[tuple[int, str]]:
    """The unnumbered subheadings of an article, as (offset, title).

    A subheading stands on its own line between paragraphs of prose: the line before it
    ends a sentence (or starts the body) and a paragraph follows it, at most two short deck
    lines after it (城镇新增就业完成全年目标的123.7%, People's Daily's summary lines under
    a subheading) belong to it. A question on its own line (就业是什么？) is the opening of
    a paragraph of prose, not a heading, and a run of short lines is a table or a list.
    """
    lines: list[tuple[int, str]] = []
    for match in re.finditer(r"[^\n]*", text[body_start:]):
        line = match.group().strip(" \t\u3000\xa0")
        if line:
            lines.append((body_start + match.start() + match.group().find(line[0]), line))
    found: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        at, line = lines[i]
        run = 0
        while i + run < len(lines) and _short_line(lines[i + run][1]):
            run += 1
        if run == 0:
            i += 1
            continue
        previous = lines[i - 1][1] if i > 0 else ""
        following = lines[i + run][1] if i + run < len(lines) else ""
        if (
            run <= 3
            and (i == 0 or _PROSE_END.search(previous) or previous.startswith("——") or _BYLINE.match(previous))
            and len(following) >= max(2 * len(line), 16)
            and re.search("[。，]", following)
        ):
            found.append((at, line))
        i += run
    return found


def _short_line(line: str) -> bool:
    return 2 <= len(line) <= _SUBHEADING_CHARS and bool(_CJK.search(line)) and not _NOT_SUBHEADING.search(line)


def _without_contents(text: str, headings: list[Heading]) -> list[Heading]:
    """The headings less a table of contents: a run of three or more heading lines with no
    text between them whose titles are printed again as headings later."""
    runs: list[list[Heading]] = []
    for heading in headings:
        if runs and not text[runs[-1][-1].end : heading.start].strip(" \t\u3000\n（("):
            runs[-1].append(heading)
        else:
            runs.append([heading])
    contents: set[int] = set()
    for i, run in enumerate(runs):
        if len(run) < 3:
            continue
        later = {h.title for other in runs[i + 1 :] for h in other}
        if sum(h.title in later for h in run) >= len(run) // 2 + 1:
            contents.update(h.start for h in run)
    return [h for h in headings if h.start not in contents]


def _first_line_end(text: str) -> int:
    stripped = text.lstrip()
    end = stripped.find("\n")
    return len(text) - len(stripped) + (end if end >= 0 else len(stripped))


_INDENT = (" ", "\t", "\u3000", "\xa0")
_COLUMN_TAG = re.compile(r"[（(][^（()）]{1,40}[）)]$")  # （人民时评）, （数字看“六稳”）
_BYLINE = re.compile(r"^(?:本报|记者|新华社|□|■|◎|文/|作者)")


def headline_of(text: str) -> Headline | None:
    """The headline block: in an article laid out as newspapers print it (paragraphs
    indented), the short lines before the first indented paragraph; a kicker ending
    with —— leads to the main title, a line opened by —— is a subtitle, a line in
    parentheses a note, and a line ending with ： or ， (各位代表：) already the body.
    In a text without that layout, the first line when it is short and no sentence."""
    indented = sum(1 for line in text.split("\n", 200)[:200] if line.startswith(_INDENT) and line.strip())
    lines: list[str] = []
    end = 0
    pos = 0
    for raw in text.split("\n")[:12]:
        line = raw.strip(" \t\u3000\xa0")
        line_end = pos + len(raw)
        pos = line_end + 1
        if not line:
            if lines:
                break
            continue
        if raw.startswith(_INDENT) or len(line) > 80:
            break
        if lines and line.endswith(("：", ":", "，", ",")):
            break  # 各位代表： opens the body; a first line 杨善洲： is a kicker
        if not indented and (lines or re.search("[，。；]", line) or len(line) > 60):
            break  # no newspaper layout: only a short first line is a headline
        if line.endswith(("。", "；")):
            break
        lines.append(line)
        end = line_end
        if len(lines) == 4:
            break
    if not lines:
        return None
    titles = [
        line
        for line in lines
        if not line.startswith(("——", "—", "-")) and not _COLUMN_TAG.fullmatch(line) and not _BYLINE.match(line)
    ]
    if not titles:
        return None
    main = titles[0]
    if len(titles) >= 2:
        main = titles[1]  # a kicker (引题: 去年…超过1300万人——, 杨善洲：) stands over the main title
    main = re.sub(r"^[■□●◎▲]\s*", "", main)
    untagged = _COLUMN_TAG.sub("", main).strip()
    main = (untagged if len(untagged) >= 2 else main).rstrip("—：:").strip() or main
    return Headline(tuple(lines), main, end)


# --- years -----------------------------------------------------------------------------------


_YEAR_OPENERS = ("", "在", "截至", "截止", "自")


class _YearContext:
    """The year a figure belongs to: a year in its clause before it, else the year the
    sentence opens with, else the year of the nearest heading (二、2020年预算草案)."""

    def __init__(self, text: str, figures: list[FoundFigure], sections: list[Section]) -> None:
        self.text = text
        self.marks: list[tuple[int, int]] = []  # (offset, year) of years that set the context
        self.clause_years: dict[int, list[tuple[int, int]]] = {}
        heading_spans = [(s.heading.start, s.heading.end) for s in sections if s.heading is not None]
        for figure in figures:
            if figure.kind != "year":
                continue
            year = int(figure.written)
            before = text[max(0, figure.start - 3) : figure.start]
            if re.search("(?:比|较|与|同|从|由|于|至|到|[—\\-－~～])$", before):
                continue  # 比2018年增长: the year compared with, not the year of the figure
            if text.startswith(("以来", "至今"), figure.unit_end):
                continue  # 2013年以来…127万名教师: a running total up to now, not the figure of 2013
            self.clause_years.setdefault(figure.clause_start, []).append((figure.start, year))
            in_heading = any(a <= figure.start <= b for a, b in heading_spans)
            # 2019年，… or 截至2019年底… sets the year of what follows; 加上2018年结转收入 names
            # one figure's year, and must not carry over to the sentences after it
            opens = text[figure.clause_start : figure.start].strip(" \t\u3000“”\"'（(") in _YEAR_OPENERS
            if in_heading or opens:
                self.marks.append((figure.start, year))
        self.mark_offsets = [m[0] for m in self.marks]

    def year_of(self, figure: FoundFigure) -> int | None:
        for start, year in reversed(self.clause_years.get(figure.clause_start, [])):
            if start < figure.start:
                return year
        i = bisect_right(self.mark_offsets, figure.start)
        return self.marks[i - 1][1] if i else None


# --- reading one figure --------------------------------------------------------------------


def _read(doc: Document, index: int, figure: FoundFigure, years: _YearContext) -> Reading:
    text = doc.text
    unit, guessed, note = _unit(doc, index, figure)
    previous = (
        doc.figures[index - 1] if index > 0 and doc.figures[index - 1].clause_start == figure.clause_start else None
    )
    before = text[max(figure.clause_start, figure.start - WINDOW) : figure.start]
    after = text[figure.unit_end : figure.unit_end + 8]
    role = R.role_of(figure.kind, figure.unit if figure.kind != "chinese" else "", before, after)
    value, qualifier = figure.written, ""
    qualified = _QUALIFIER_AFTER.match(text, figure.unit_end)
    if qualified and figure.kind in ("number", "percent"):
        if figure.unit == "" and _parses(figure.written + qualified.group()):
            value = figure.written + qualified.group()
        elif (
            figure.unit
            and unit == figure.unit  # the fact file reads the unit in the value as the fact's own
            and _parses(figure.written + figure.unit + qualified.group())
        ):
            value = figure.written + figure.unit + qualified.group()  # when the grammar reads 1500万人以上
        else:
            qualifier = qualified.group()
            note = (
                f"the text says {figure.written}{figure.unit}{qualifier}: the value leaves out {qualifier}, "
                "so no draft rule uses it"
            )
    raw = text[max(previous.unit_end if previous else figure.clause_start, figure.start - WINDOW) : figure.start]
    phrase = _phrase(raw) if role.role not in (R.YEAR, R.DATE, R.CODE) else ""
    listed = _LIST_TAIL.search(raw)
    if phrase and listed and listed.group(1).endswith(phrase) and figure.unit in LIST_COUNT_UNITS:
        # 河北、辽宁…重庆8省市, 蛋白质、脂肪、碳水化合物三大营养素: the words before a count
        # are the last name of the list it counts, not its own name
        following = _after_phrase(text[figure.unit_end : min(figure.clause_end, figure.unit_end + WINDOW)])
        phrase = figure.unit if len(figure.unit) > 1 else following if len(following) <= 4 else ""
    elif len(_CJK.findall(phrase)) < 2 and role.role in (R.LEVEL, R.TARGET, R.COUNT_WORD):
        following = _after_phrase(text[figure.unit_end : min(figure.clause_end, figure.unit_end + WINDOW)])
        if len(_CJK.findall(following)) >= 2:
            phrase = following
    scope, core = _scope(doc, figure, phrase)
    sentence = bisect_right(doc.sentence_starts, figure.start) - 1
    group = bisect_right(doc.group_starts, figure.start) - 1
    sentence_start = doc.sentence_starts[sentence]
    periods = [m.group() for m in _PERIOD.finditer(text, max(sentence_start, figure.start - 4 * WINDOW), figure.start)]
    return Reading(
        index=index,
        figure=figure,
        value=value,
        unit=unit,
        unit_guessed=guessed,
        role=role.role,
        sign=role.sign,
        base=role.base,
        phrase=phrase,
        core=core,
        scope=scope,
        year=years.year_of(figure),
        period=periods[-1] if periods else "",
        sentence=sentence,
        group=group,
        section="",
        noun=_after_phrase(text[figure.unit_end : min(figure.clause_end, figure.unit_end + WINDOW)])[:6],
        qualifier=qualifier,
        note=note,
    )


def _parses(written: str) -> bool:
    return figure_of(written) is not None


def _unit(doc: Document, index: int, figure: FoundFigure) -> tuple[str, bool, str]:
    """The fact's unit, whether it is a guess, and a note saying why when it is."""
    if figure.kind in ("percent", "code"):
        return "", False, ""
    if figure.kind == "chinese" and figure.written == "零":
        return "%", False, ""
    if figure.unit:
        return FACT_UNITS.get(figure.unit, figure.unit), False, ""
    following = doc.figures[index + 1] if index + 1 < len(doc.figures) else None
    between = doc.text[figure.end : following.start] if following else ""
    if following and following.unit and between in ("-", "—", "–", "~", "～", "至", "到"):
        return FACT_UNITS.get(following.unit, following.unit), False, ""  # 2014-2019年: a range
    if doc.text.startswith("块", figure.end):
        # 1000多块工资, 3块钱: colloquial 元 when money is meant; 57块湿地 counts pieces
        clause = doc.text[figure.clause_start : figure.clause_end]
        if _MONEY_AFTER_KUAI.match(doc.text, figure.end + 1) or _PRICE_WORDS.search(clause):
            return "元", True, "the text writes 块, colloquial for 元 when money is meant; 元 is a guess"
        return "块", False, ""
    if following and following.unit and between in _SHARED_UNIT and following.unit not in ("个百分点", "百分点"):
        # 3.4和4.4亿元, 5、6月: one unit word after both figures
        return FACT_UNITS.get(following.unit, following.unit), False, ""
    if _RATIO_BEFORE.search(doc.text, max(figure.clause_start, figure.start - 12), figure.start):
        return "", False, ""  # 求人倍率为1.27: a ratio has no unit
    noun = _after_phrase(doc.text[figure.end : min(figure.clause_end, figure.end + WINDOW)])
    if _PEOPLE_NOUNS.search(noun[:8]):
        return "人", True, f"the text counts {noun[:8]} without a unit word; 人 is a guess"
    return "个", True, "the document writes no unit after this figure; 个 is a guess"


_MONEY_AFTER_KUAI = re.compile("钱|多钱|工资|收入|补贴|奖金|现金|红包|[0-9一二三四五六七八九]")
_PRICE_WORDS = re.compile("元|钱|[买卖]|价|花了|挣|赚|工资|收入|一斤|一株|一个月")
_SHARED_UNIT = ("和", "、", "或", "及")
_RATIO_BEFORE = re.compile("(?:倍率|比率|系数|指数|比值)(?:为|是|达|达到|保持在)?$")


def _phrase(raw: str) -> str:
    """The words before a figure that name it, without the fillers around them."""
    raw = _ASIDE.sub("", raw)
    text = re.split("[、：:，,]", raw)[-1].strip(_WRAPPERS)
    changed = True
    while changed and text:
        changed = False
        for word in LEADING_FILLERS:
            if text.startswith(word):
                text, changed = text[len(word) :].lstrip(_WRAPPERS), True
                break
        for word in TRAILING_FILLERS:
            if text.endswith(word):
                text, changed = text[: -len(word)].rstrip(_WRAPPERS), True
                break
    text = re.sub("[“”‘’\"'「」『』]", "", text)
    text = re.sub(r"^(?:(?:19|20)[0-9]{2}年(?:末|底|初)?|[0-9]{1,2}月(?:份)?)", "", text)
    return text[-PHRASE_CHARS:] if _CJK.search(text) else ""


_AFTER_STOPS = re.compile("[、，,”’》0-9A-Za-z（(]|等|的|和|及|与|全部|按照|用于|进行|开展|以来")


def _after_phrase(text: str) -> str:
    """The words after a figure's unit, up to where they stop naming it (87个贫困村出列)."""
    text = re.sub("^[”’\"']", "", text)
    for word in ("以上", "以下", "左右", "以内", "的"):
        if text.startswith(word):
            text = text[len(word) :]
    text = _AFTER_STOPS.split(text, maxsplit=1)[0]
    return text[:10].strip("“‘\"' \u3000") if _CJK.search(text[:10]) else ""


def _scope(doc: Document, figure: FoundFigure, phrase: str) -> tuple[str, str]:
    """The scope word over a figure (its phrase's own, else the last one before it in its
    paragraph) and the phrase without it."""
    core = phrase
    scope = ""
    for word in SCOPES:
        if core.startswith(word):
            scope, core = word, core[len(word) :]
            break
    if not scope:
        line_start = max(doc.line_starts[bisect_right(doc.line_starts, figure.start) - 1], figure.start - 8 * WINDOW)
        found = [(doc.text.rfind(word, line_start, figure.start), word) for word in SCOPES]
        at, word = max(found)
        if at >= 0:
            scope = word
    return scope, core


def _subjects(doc: Document) -> None:
    """A change, rate or share with no words of its own (税收收入157992.21亿元，增长1%) is about
    the level stated just before it in its clause group; one that names its own quantity
    (全国教育支出增长5.4%) is not. A change may also be about an amount per head or per unit
    (人均占有量24.7公斤，比1996年增加6.5公斤，增长35.7%)."""
    last_level: int | None = None
    last_amount: int | None = None  # a per-head amount since the last level
    last_group = -1
    for reading in doc.readings:
        if reading.group != last_group:
            last_level, last_amount, last_group = None, None, reading.group
        if reading.role == R.LEVEL and reading.figure.kind == "number":
            if not _in_aside(doc.text, reading.figure):  # 支出247850亿元（含预备费500亿元），增长3.8%
                last_level, last_amount = reading.index, None
        elif is_amount(reading):
            if not _in_aside(doc.text, reading.figure):
                last_amount = reading.index
        elif reading.role in (R.CHANGE, R.POINTS, R.RATE, R.SHARE):
            about = last_amount if reading.role == R.CHANGE and last_amount is not None else last_level
            if about is None:
                continue
            own = _CHANGE_WORDS.sub("", _STEADY.sub("", doc.before_in_clause(reading)))
            if len(_CJK.findall(own)) < 2:
                reading.subject = about
                subject = doc.readings[about]
                reading.phrase, reading.core, reading.scope = subject.phrase, subject.core, subject.scope


def is_amount(reading: Reading) -> bool:
    """An amount per head or per unit in a unit of measure (人均占有量24.7公斤, 每亩产量500公斤):
    a rate, not a level to add up, but what a change in its unit can be about."""
    return (
        reading.role == R.RATE
        and reading.figure.kind == "number"
        and reading.unit in AMOUNT_UNITS
        and not reading.unit_guessed
    )


# Units of measure an amount per head is stated in (a count such as 个 or 倍 is not one).
AMOUNT_UNITS = frozenset(
    {"公斤", "千克", "克", "斤", "吨", "元", "美元", "平方米", "千瓦时", "度", "立方米", "米", "公里"}
)


def _in_aside(text: str, figure: FoundFigure) -> bool:
    """Does the figure stand inside parentheses opened in its clause?"""
    start = max(figure.clause_start, figure.start - WINDOW)
    opened = max(text.rfind("（", start, figure.start), text.rfind("(", start, figure.start))
    return opened >= 0 and max(text.rfind("）", opened, figure.start), text.rfind(")", opened, figure.start)) < 0


# 连续五年每年增加200亿元: a change repeated each year is still the change of its level.
_STEADY = re.compile("连续[一二三四五六七八九十两0-9]{1,2}年|每年")
# What a change's clause may say besides its figure without naming a quantity of its own.
_CHANGE_WORDS = re.compile(
    "(?:比|较|与|同)?(?:(?:19|20)[0-9]{2}年|上年|去年|上一年|同期|上月|执行数|预算数|年初)*(?:相比)?(?:同比|环比)?"
    "(?:增长|下降|增加|减少|提高|降低|回落|上升|下滑|增|降|减|分别|了|为|约|达|幅度)*"
)


def value_of(written: str):  # type: ignore[no-untyped-def]
    """The parsed figure, or None for a code or an unreadable text."""
    try:
        value = parse_value(written)
    except ValueError:
        return None
    return None if isinstance(value, Code) else value


# A unit written before a qualifier (470公斤左右, 1500万人以上): the fact file keeps it so, and
# reads it with the fact's unit, as here.
_UNIT_BEFORE_QUALIFIER = re.compile("^.*?[0-9万亿余多](?P<unit>[^0-9%万亿余多]{1,4})(?:以上|以下|左右|以内|之多|上下)$")


@lru_cache(maxsize=8192)
def figure_of(written: str) -> Figure | None:
    unit = _UNIT_BEFORE_QUALIFIER.match(written)
    try:
        value = parse_value(written, unit=unit["unit"] if unit else None)
    except ValueError:
        return None
    return None if isinstance(value, Code) else value
