"""The figure finder: every figure a document states, where it stands and what it counts.

``find_figures(text)`` returns, in document order, each figure with its offsets,
line and column, the unit word that follows it and the shortest clause around it.
It is the one finder of the project: ``jinsha extract`` drafts facts from it,
``jinsha coverage`` and the fact-file tests measure a fact file against it.

A figure is one of:

- ``number``: Arabic digits in the grammar of :mod:`jinsha_cli.core.numbers`
  (``23198``, ``3.24万``, ``1.9亿余``, ``>30万``, ``超过5%``, ``8400余万``);
- ``percent``: the same with ``%`` (``95.7%``, ``10%以上``);
- ``year``: a four-digit year before 年 (``2019年底``);
- ``date``: a month (``8月``, ``金秋八月``) or a day (``8月12日``);
- ``code``: digits joined by ``+`` (``1+14+26+242``) or digits alone inside
  quotation marks (``“43328”``, ``“42”``);
- ``chinese``: a count written in Chinese numerals, found only where the
  numeral counts something (see ``COUNTING_PATTERNS``), and a rate stated as 零.

The numbers of the document's own section headings (``1 健全作战机制``) are
structure, not figures: ``find_headings`` returns them and ``find_figures``
leaves them out, as it leaves out footnote marks (``国内生产总值［2］``).

Every ``written`` value is read by :func:`jinsha_cli.core.numbers.parse_value`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .numbers import CHINESE_NUMERAL_PATTERN, FIGURE_PATTERN, MAX_DIGITS, chinese_numeral

KINDS = ("number", "percent", "year", "date", "code", "chinese")

# Characters that end a clause. The ASCII comma only ends one when it is not a
# thousands separator between two digits (see _clause_bounds).
CLAUSE_BREAKS = frozenset("，。；;！？!?\n\r")

# Full-width forms that the number grammar accepts (after NFKC) mapped one to one
# onto ASCII, so matching runs on a text with the same offsets as the original.
# The full-width comma is left alone: in Chinese text it ends a clause.
_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)} | {"％": "%", "＋": "+", "．": ".", "＞": ">", "＜": "<"}
)

# Unit words that may follow a figure, longest first when matched. 万/亿 are not
# units: they belong to the figure (12万亩 is the figure 12万 with the unit 亩).
UNITS = (
    # area, length, volume, weight
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "公顷",
    "亩",
    "公里",
    "千米",
    "厘米",
    "毫米",
    "米",
    "吨",
    "公斤",
    "千克",
    "克",
    "斤",
    # energy and power
    "千瓦时",
    "千瓦",
    "兆瓦",
    "度",
    # money
    "美元",
    "元",
    # people and households
    "人次",
    "人",
    "名",
    "户",
    "位",
    "岁",
    "周岁",
    # time
    "个月",
    "小时",
    "年",
    "月",
    "日",
    "天",
    "周",
    # counts of things
    "个百分点",
    "百分点",
    "个",
    "件",
    "项",
    "期",
    "对",
    "家",
    "所",
    "座",
    "处",
    "条",
    "台",
    "套",
    "辆",
    "头",
    "只",
    "株",
    "批",
    "次",
    "宗",
    "笔",
    "场",
    "间",
    "栋",
    "本",
    "册",
    "篇",
    "份",
    "种",
    "类",
    "支",
    "轮",
    "届",
    "班",
    "张",
    "口",
    "村",
    "乡",
    "镇",
    "县",
    # provinces counted without 个 (8省市, 31省区市)
    "省区市",
    "省市区",
    "省市",
    "省区",
    "省份",
    "省",
)
# Unit words that open a longer word (1900万家庭: families, not firms; 7.3亿口罩: masks):
# followed by these characters they are no unit.
_NOT_A_UNIT_BEFORE = {
    "家": "庭属长乡园人务电具",
    "口": "罩岸径",
    "名": "单额义字",
    "所": "有属在以得谓",
    "期": "间待望",
    "条": "件例款",
    "批": "准示",
    "场": "所景地馆",
    "度": "假",
    "处": "理置罚",
    "本": "地科",
}
_UNIT_ALTERNATION = "|".join(
    re.escape(u) + (f"(?![{_NOT_A_UNIT_BEFORE[u]}])" if u in _NOT_A_UNIT_BEFORE else "")
    for u in sorted(UNITS, key=len, reverse=True)
)
# A compound unit such as 元/人 or 人/户 counts as one unit.
_UNIT_RE = re.compile(rf"(?:{_UNIT_ALTERNATION})(?:/(?:{_UNIT_ALTERNATION}))?")

# Time units after which 近 means "the recent" (近5年: the last five years), not
# "nearly".
_TIME_UNITS = frozenset({"年", "个月", "月", "日", "天", "周", "小时"})

_FIGURE_RE = re.compile(FIGURE_PATTERN)
# Starts only where a run of digits starts, so that a long run is tried once.
_PLUS_CODE_RE = re.compile(r"(?<![0-9])[0-9]+(?:\+[0-9]+)+")
_QUOTED_DIGITS_RE = re.compile(r"[“\"「『‘']([0-9]+)[”\"」』’']")
_NOT_THOUSANDS_COMMA = re.compile(r",(?![0-9]{3}(?![0-9]))|(?<![0-9]),")
_THOUSANDS_RE = re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# A footnote mark: one to three digits in square brackets (［2］, [10]).
_FOOTNOTE_RE = re.compile(r"[［\[]([0-9]{1,3})[］\]]")
_RATIO_RE = re.compile(r"(?<![0-9.])[0-9]{1,4}(?:\.[0-9]+)?[:：∶][0-9]{1,4}(?:\.[0-9]+)?(?![0-9])")
_YEAR_RANGE_RE = re.compile(r"[-—–~～至到](?:19|20)[0-9]{2}年")

# --- Chinese-numeral counts ---------------------------------------------------
#
# A Chinese numeral is a figure only where it counts something. Most numerals in
# prose do not (一片, 统一, 一线, 第一时间, 一站式, 一周一调度, 百年, 千年, 八月,
# 十分, 三番五次), so counts are found by an explicit list of patterns, not by a
# guess. Precision matters more than recall here: each pattern below names the
# uses it is meant for. Two rules hold for all of them:
#
# - 一 on its own is almost always an article or part of a word (一个缩影, 一村一方案),
#   so it counts only where a pattern names it explicitly;
# - a numeral made of two or more bare digits (三四个, 五六十) is an approximate
#   range, not a count, and a numeral that starts with 百 or 千 (百年, 千家万户) is a
#   word, so neither is ever a figure.

_NUM = f"(?P<n>{CHINESE_NUMERAL_PATTERN})"
_NOT_AFTER_NUMERAL = "(?<![零〇一二两三四五六七八九十百千万亿第几])"
# One CJK item of an enumeration (马路乡, 县, 移动).
_ITEM = "[\u4e00-\u9fff]{1,12}?"


@dataclass(frozen=True)
class CountingPattern:
    """A use of a Chinese numeral that asserts how many things there are."""

    name: str
    regex: re.Pattern[str]
    why: str
    single_digit: bool = False  # only 二..九 and 两 (三大 yes, 十九大 no)
    allow_one: bool = False  # 一 counts here
    kind: str = "chinese"


COUNTING_PATTERNS: tuple[CountingPattern, ...] = (
    CountingPattern(
        "classifier",
        # 五个专项治理, 四个不摘, 三个责任, 三项制度, 四种形态, 三类家庭, 两名干部
        re.compile(
            rf"{_NOT_AFTER_NUMERAL}{_NUM}(?P<unit>个|项|种|类|名|位|条|件|户|人|家|批|对|所|座|支|套|张|篇|份|本)"
        ),
        "a numeral followed by a classifier counts the things classified",
    ),
    CountingPattern(
        "big",
        # 三大运营商, 四大行动; never 十九大 or 党的七大 (a party congress, an ordinal)
        re.compile(rf"(?<!党的)(?<!中共){_NOT_AFTER_NUMERAL}{_NUM}(?P<unit>大)(?![精以报会召代期上后前])"),
        "N大 names the N big ones of a kind",
        single_digit=True,
    ),
    CountingPattern(
        "layered",
        # 三重医疗保障 (three layers of medical insurance)
        re.compile(rf"{_NOT_AFTER_NUMERAL}{_NUM}(?P<unit>重)(?=[\u4e00-\u9fff])"),
        "N重 counts layers",
        single_digit=True,
    ),
    CountingPattern(
        "slogan",
        # 两不愁三保障 (the two assurances and three guarantees of poverty policy)
        re.compile(rf"{_NOT_AFTER_NUMERAL}{_NUM}(?P<unit>不愁|保障)"),
        "两不愁 and 三保障 count the assurances of the poverty standard",
        single_digit=True,
    ),
    CountingPattern(
        "slogan-one",
        # 一达标两不愁三保障: the one standard before the two assurances
        re.compile(r"(?P<n>一)(?P<unit>达标)(?=两不愁)"),
        "一达标 is counted where it opens 一达标两不愁三保障",
        allow_one=True,
    ),
    CountingPattern(
        "bodies",
        # 四班子 (the four leading bodies of a county), 村“两委” (the two village committees)
        re.compile(rf"{_NOT_AFTER_NUMERAL}{_NUM}(?P<unit>班子|委)(?![员托屈])"),
        "四班子 and 两委 count governing bodies",
        single_digit=True,
    ),
    CountingPattern(
        "ahead",
        # 提前一年实现 (a year ahead of time), 推迟两个月
        re.compile(r"(?:提前|提早|推迟|延后|延期|缩短)(?P<n>[一二两三四五六七八九十]+)(?P<unit>年|个月|天|周)"),
        "a span of time by which something came early or late",
        allow_one=True,
    ),
    CountingPattern(
        "zero-rate",
        # 贫困乡镇发生率为零: a rate stated in words
        re.compile(r"率(?:为|降为|降至|实现)(?P<n>零)(?P<unit>)"),
        "a rate stated as 零 is the figure 0",
    ),
    CountingPattern(
        "month",
        # 金秋八月, 十二月底; never 一月一督查 (once a month): 一 is not counted here
        re.compile(
            rf"{_NOT_AFTER_NUMERAL}(?P<n>十[一二]|[二三四五六七八九十])(?P<unit>月)(?![一二两三四五六七八九十])"
        ),
        "a month named by its number is a date",
        kind="date",
    ),
    CountingPattern(
        "enumerated",
        # 马路、太平两乡; 县、乡、村三级; 移动、联通、电信三大运营商
        re.compile(
            rf"、{_ITEM}{_NOT_AFTER_NUMERAL}{_NUM}(?P<unit>级|乡|镇|村|县|市|区|省|家|所|项|种|类|大|个|部门|方面)"
        ),
        "a numeral right after an enumeration (A、B两乡) counts its items",
    ),
)

_RANGE_OF_DIGITS = re.compile("[零〇一二两三四五六七八九]{2,}")


@dataclass(frozen=True)
class FoundFigure:
    """A figure of a document, located."""

    written: str  # as the document writes it, readable by numbers.parse_value
    start: int  # offsets of `written` in the text
    end: int
    line: int  # 1-based
    column: int  # 1-based, in characters
    unit: str  # the unit word that follows ("" when none)
    clause: str  # the shortest clause around the figure, stripped
    kind: str  # one of KINDS
    clause_start: int = 0  # offsets of `clause` in the text
    clause_end: int = 0

    @property
    def unit_end(self) -> int:
        """The offset just past the figure and its unit."""
        return self.end + len(self.unit)


@dataclass(frozen=True)
class Heading:
    """A numbered section heading of the document (``1 健全作战机制``, ``二、工业``, ``（一）收入``).

    ``level`` is the depth its numbering style stands for, in the order official texts
    nest them: 一、 (1), （一） (2), 1. or 1 (3), （1） (4).
    """

    number: int
    written: str  # the number as printed
    title: str
    line: int
    start: int  # offset of the number
    end: int
    level: int = 3


# Each numbering style: the number, then its mark, then the title. The blanks after the
# mark are matched by one group only, and the title starts at a non-blank, so that no
# line (a digit followed by 100,000 spaces) makes the pattern backtrack.
_BLANK = "[ \t\u3000]"
_HEADING_RE = re.compile(
    rf"^{_BLANK}*(?:"
    r"(?P<cn>[一二三四五六七八九十]{1,3})(?:[、.．]|(?=[ \t\u3000]))"
    r"|[（(](?P<pcn>[一二三四五六七八九十]{1,3})[）)]"
    r"|(?P<ar>[0-9]{1,2})(?:[、.．](?![0-9])|(?=[ \t\u3000]))"
    r"|[（(](?P<par>[0-9]{1,2})[）)]"
    rf"){_BLANK}*(?P<title>[^ \t\u3000\n][^\n]{{0,60}})$",
    re.MULTILINE,
)
_LEVELS = {"cn": 1, "pcn": 2, "ar": 3, "par": 4}
# A heading that ends with 。 (（一）2019年一般公共预算收支情况。) is still a heading.
_TITLE_PUNCTUATION = "，；;！？!?：:"


def find_headings(text: str) -> list[Heading]:
    """The numbered headings of a document: a short line that opens with its number.

    A heading has no clause punctuation (a final 。 aside) and at most 40 characters of
    title, so a sentence that starts with a figure (``2019年，…``) is never one.
    """
    headings: list[Heading] = []
    starts = _line_starts(text)
    for match in _HEADING_RE.finditer(text):
        title = match["title"].rstrip(" \t\u3000\r")
        if title.endswith("。"):
            title = title[:-1]
        if not title or len(title) > 40 or any(ch in _TITLE_PUNCTUATION or ch == "。" for ch in title):
            continue
        if not re.search("[\u4e00-\u9fff]", title) or title[0] in "年月日%万亿个":
            continue
        style = next(name for name in _LEVELS if match[name])
        written = match[style]
        number = int(written) if written.isdigit() else chinese_numeral(written)
        headings.append(
            Heading(
                number=number,
                written=written,
                title=title,
                line=bisect_right(starts, match.start(style)),
                start=match.start(style),
                end=match.start("title") + len(title),
                level=_LEVELS[style],
            )
        )
    return headings


def find_figures(text: str) -> list[FoundFigure]:
    """Every figure of ``text`` in document order; spans never overlap."""
    matchable = text.translate(_FULLWIDTH)
    starts = _line_starts(text)
    taken = bytearray(len(text) + 1)  # 1 where a figure (or a heading number) already stands
    for heading in find_headings(text):
        taken[heading.start : heading.start + len(heading.written)] = b"\x01" * len(heading.written)
    spans: list[tuple[int, int, str, str]] = []  # start, end, unit, kind

    def claim(start: int, end: int, unit: str, kind: str, report: bool = True) -> None:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            if report:
                spans.append((start, end, unit, kind))

    for match in _FOOTNOTE_RE.finditer(matchable):  # 国内生产总值［2］: a note's mark, no figure
        claim(match.start(1), match.end(1), "", "footnote", report=False)
    for match in _RATIO_RE.finditer(matchable):  # 按1:5比例, 10:30: a ratio or a time, no count
        claim(match.start(), match.end(), "", "ratio", report=False)
    for start, end, readable in _codes(matchable):
        claim(start, end, _unit_at(matchable, end), "code", report=readable)
    for start, end, unit, kind in _arabic(matchable):
        claim(start, end, unit, kind)
    for start, end, unit, kind in _chinese_counts(matchable):
        claim(start, end, unit, kind)

    clauses = _Clauses(text, matchable)
    figures = []
    for start, end, unit, kind in sorted(spans):
        clause_start, clause_end = clauses.around(start, end)
        line = bisect_right(starts, start)
        figures.append(
            FoundFigure(
                written=text[start:end],
                start=start,
                end=end,
                line=line,
                column=start - starts[line - 1] + 1,
                unit=unit,
                clause=clauses.clause(clause_start, clause_end),
                kind=kind,
                clause_start=clause_start,
                clause_end=clause_end,
            )
        )
    return figures


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _isolated(text: str, start: int, end: int) -> bool:
    """No digit, decimal point or Latin letter glued to either side (4G, G20, PM2.5)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before and (before.isdigit() or before == "." or _ASCII_LETTER.match(before)):
        return False
    return not (after and (after.isdigit() or _ASCII_LETTER.match(after)))


def _codes(text: str) -> list[tuple[int, int, bool]]:
    """Codes as (start, end, readable); one too long to be a figure is noise, not terms."""
    found = []
    for match in _PLUS_CODE_RE.finditer(text):
        if text[match.end() : match.end() + 1] == "+":
            # “1+2+N”: a code with a term that is no number; its digits are no figures
            found.append((match.start(), match.end(), False))
        elif _isolated(text, match.start(), match.end()):
            found.append((match.start(), match.end(), len(match.group()) <= MAX_DIGITS + 20))
    for match in _QUOTED_DIGITS_RE.finditer(text):
        found.append((match.start(1), match.end(1), len(match.group(1)) <= MAX_DIGITS))
    return found


def _unit_at(text: str, pos: int) -> str:
    match = _UNIT_RE.match(text, pos)
    return match.group() if match else ""


def _arabic(text: str) -> list[tuple[int, int, str, str]]:
    """Arabic figures as the number grammar reads them, with unit and kind."""
    found = []
    pos = 0
    # A comma that cannot be a thousands separator (1,2,1,2…) ends the figure before it:
    # masked here, so that a long run of such commas is not read again from every figure.
    searched = _NOT_THOUSANDS_COMMA.sub(";", text)
    while True:
        match = _FIGURE_RE.search(searched, pos)
        if match is None:
            return found
        pos = match.end()
        match = _tidy(text, match)
        if match is None:
            continue
        pos = match.end()
        start, end = match.span()
        if not _isolated(text, start, end) or text[start - 1 : start] == "第":
            continue
        if sum(ch.isdigit() for ch in match["number"]) > MAX_DIGITS:
            continue  # a run of digits longer than any figure: an identifier, or noise
        unit = "" if match["percent"] else _unit_at(text, end)
        if match["prefix"] and match["prefix"] in ("近", "将近", "接近") and unit in _TIME_UNITS:
            # 近5年 is "the last five years": the figure is 5, not "nearly 5".
            start = match.start("number")
        found.append((start, end, unit, _kind(match, unit, text, start)))


def _tidy(text: str, match: re.Match[str]) -> re.Match[str] | None:
    """Correct what the bare grammar over-reads in running text."""
    number = match["number"]
    start = match.start()
    if number.startswith("-") and match.start("number") > 0 and text[match.start("number") - 1].isdigit():
        # 2014-2019: a range, not a negative number.
        return _FIGURE_RE.match(text, match.start("number") + 1)
    if "," in number and not _THOUSANDS_RE.fullmatch(number):
        # 1,2 or 3, at a clause end: the comma is punctuation, not a separator.
        cut = match.start("number") + number.index(",")
        return _FIGURE_RE.match(text, start, cut)
    if match["mult"] and _UNIT_RE.match(text, match.start("mult")):
        unit = _UNIT_RE.match(text, match.start("mult"))
        assert unit is not None
        if unit.end() > match.end("mult"):
            # 5千米 is five kilometres: 千 belongs to the unit, not to the figure.
            return _FIGURE_RE.match(text, start, match.start("mult"))
    return match


def _kind(match: re.Match[str], unit: str, text: str, start: int) -> str:
    if match["percent"]:
        return "percent"
    plain = not (match["some1"] or match["some2"] or match["mult"] or match["prefix"] or match["suffix"])
    number = match["number"]
    if plain and number.isdigit():
        value = int(number)
        year_like = len(number) == 4 and 1900 <= value <= 2100
        if year_like and (unit == "年" or _YEAR_RANGE_RE.match(text, match.end())):
            return "year"  # 2019年, and 2021 in 2021-2023年
        if unit == "月" and 1 <= value <= 12:
            return "date"
        if unit == "日" and 1 <= value <= 31 and text[start - 1 : start] == "月":
            return "date"
    return "number"


def _chinese_counts(text: str) -> list[tuple[int, int, str, str]]:
    found: dict[int, tuple[int, int, str, str]] = {}
    for pattern in COUNTING_PATTERNS:
        for match in pattern.regex.finditer(text):
            numeral = match["n"]
            start, end = match.span("n")
            if start in found or not _counts(numeral, pattern):
                continue
            if text[start - 1 : start] == "第":
                continue
            found[start] = (start, end, match["unit"], pattern.kind)
    return sorted(found.values())


def _counts(numeral: str, pattern: CountingPattern) -> bool:
    if numeral[0] in "百千":
        return False
    if len(numeral) > 1 and _RANGE_OF_DIGITS.fullmatch(numeral):
        return False
    if numeral == "一" and not pattern.allow_one:
        return False
    return not (pattern.single_digit and len(numeral) > 1)


# A clause break: clause punctuation, a line break, or an ASCII comma that is not
# a thousands separator between two digits.
_BREAK_RE = re.compile(r"[，。；;！？!?\n\r]|(?<![0-9]),|,(?![0-9])")


class _Clauses:
    """The clause around any span, from the break positions found once."""

    def __init__(self, text: str, matchable: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in _BREAK_RE.finditer(matchable)]
        self.stripped: dict[tuple[int, int], tuple[int, int]] = {}
        self.texts: dict[tuple[int, int], str] = {}  # one string per clause, shared by its figures

    def clause(self, start: int, end: int) -> str:
        if (start, end) not in self.texts:
            self.texts[start, end] = self.text[start:end]
        return self.texts[start, end]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The shortest clause around text[start:end], without surrounding blanks."""
        i = bisect_right(self.breaks, start - 1)
        left = self.breaks[i - 1] + 1 if i > 0 else 0
        right = self.breaks[i] if i < len(self.breaks) else len(self.text)
        if (left, right) not in self.stripped:
            inner = self.text[left:right]
            lead = len(inner) - len(inner.lstrip())
            trail = len(inner) - len(inner.rstrip())
            self.stripped[left, right] = (left + lead, right - trail)
        clause_start, clause_end = self.stripped[left, right]
        return min(clause_start, start), max(clause_end, end)
