"""Draft a fact file from a document's text (``jinsha extract``).

``extract(text)`` finds every figure (with :mod:`jinsha_cli.core.figures`) and drafts:

- one fact per figure stated: the value as written, its unit, the shortest clause
  as its quote, the section from the document's own numbered headings, a
  suggested id and a Chinese label from the words before the figure;
- a list fact for each enumeration whose count is stated (马路乡、太平乡……等5个乡镇);
- rules, each marked ``draft: true``, from the patterns that signal a relation:
  a total and its parts after 其中, N户M人, a rate beside the count it divides,
  a count beside a named list, a figure repeated with the same words, a code
  beside its parts, and the order of the numbered sections.

``to_yaml(draft)`` writes the draft as a fact file that ``jinsha check`` loads.
Nothing here prints or touches files other than ``write_new``.
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..core.figures import FoundFigure, Heading, find_figures, find_headings
from ..core.numbers import Code, parse_value
from ..rules.expr import MAX_LENGTH

Progress = Callable[[int, int], None]  # (characters done, characters in all)

# Documents are searched in pieces of about this many characters (cut at line
# breaks, which no figure or clause crosses), so that progress can be shown.
CHUNK_CHARS = 20_000
# Labels are names, not quotes: at most this many characters.
LABEL_CHARS = 40


def relative_path(target: str | Path, start: str | Path) -> str:
    """``target`` relative to the folder ``start`` (absolute when no relative path exists)."""
    try:
        return Path(os.path.relpath(Path(target).resolve(), Path(start).resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(target).resolve().as_posix()


# --- the draft ---------------------------------------------------------------------------


@dataclass
class DraftFact:
    id: str
    quote: str
    section: str
    value: str | None = None  # as written; None for a list fact
    unit: str = ""
    items: tuple[str, ...] | None = None
    zh: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    start: int = 0  # where the figure (or the list) stands in the text
    end: int = 0
    line: int = 0


@dataclass
class DraftRule:
    id: str
    check: str
    zh: str
    en: str
    pattern: str  # which pattern drafted it: sum, per-household, whole, count, agree, terms, digits, order
    severity: str = "error"
    tags: tuple[str, ...] = ()


@dataclass
class Draft:
    source: dict[str, str | None]
    sections: dict[str, tuple[int | None, str]]
    facts: dict[str, DraftFact] = field(default_factory=dict)
    rules: dict[str, DraftRule] = field(default_factory=dict)
    figures: list[FoundFigure] = field(default_factory=list)

    @property
    def lists(self) -> list[DraftFact]:
        return [fact for fact in self.facts.values() if fact.items is not None]


def extract(text: str, *, document: str | None = None, progress: Progress | None = None) -> Draft:
    """Draft facts, lists and rules from a document's text.

    ``document`` is recorded as ``source.document`` (a path relative to where the
    draft will be written). ``progress(done, total)`` is called as the text is read.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    figures = find_all(text, progress)
    return _Drafter(text, figures, find_headings(text), document).draft()


def draft_factbook(
    text: str, *, document: str | None = None, schema: str | None = None, progress: Progress | None = None
) -> str:
    """The draft fact file for ``text``, as YAML text."""
    return to_yaml(extract(text, document=document, progress=progress), schema=schema)


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


# --- vocabulary ------------------------------------------------------------------------------

# Unit words the finder reports that are not units of a fact: the count they
# belong to is a count of things (两不愁 is two items, 三大运营商 three operators).
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
    "部门": "个",
    "方面": "个",
    "不愁": "项",
    "保障": "项",
    "达标": "项",
}

# Units a count of whole things is stated in (for rate, list and sum patterns).
COUNT_UNITS = frozenset({"人", "名", "户", "个", "家", "件", "所", "项", "种", "类", "级", "重", "对", "座", "支"})
PEOPLE_UNITS = frozenset({"人", "名"})

# English words for ids: units first, then the words of labels (longest first).
UNIT_WORDS = {
    "人": "people",
    "名": "people",
    "户": "households",
    "人次": "visits",
    "亩": "mu",
    "公顷": "hectares",
    "平方公里": "km2",
    "平方千米": "km2",
    "平方米": "m2",
    "立方米": "m3",
    "公里": "km",
    "千米": "km",
    "米": "m",
    "吨": "tons",
    "公斤": "kg",
    "千克": "kg",
    "元": "yuan",
    "美元": "usd",
    "个": "count",
    "件": "cases",
    "项": "items",
    "种": "kinds",
    "类": "types",
    "级": "levels",
    "重": "layers",
    "期": "sessions",
    "对": "pairs",
    "家": "firms",
    "所": "institutions",
    "座": "count",
    "条": "count",
    "批": "batches",
    "次": "times",
    "年": "year",
    "月": "month",
    "日": "day",
    "个月": "months",
    "天": "days",
    "岁": "age",
    "周岁": "age",
    "千瓦": "kw",
    "千瓦时": "kwh",
    "度": "kwh",
    "节": "number",
    "%": "rate",
    "个百分点": "points",
    "百分点": "points",
}

GLOSSARY = {
    "建档立卡": "registered",
    "贫困发生率": "poverty_rate",
    "贫困": "poverty",
    "脱贫": "lifted",
    "劳动力": "labour",
    "就业率": "employment_rate",
    "就业": "employment",
    "发生率": "incidence",
    "覆盖率": "coverage",
    "增长率": "growth",
    "增长": "growth",
    "增速": "growth",
    "率": "rate",
    "总人口": "population",
    "常住人口": "residents",
    "户籍人口": "registered_population",
    "人口": "population",
    "出生": "births",
    "死亡": "deaths",
    "乡镇": "townships",
    "街道": "streets",
    "社区": "communities",
    "村集体": "village_collective",
    "行政村": "villages",
    "自然村": "hamlets",
    "贫困村": "poor_villages",
    "出列": "exited",
    "摘帽": "delisted",
    "总面积": "area",
    "面积": "area",
    "资金": "funds",
    "投入": "investment",
    "投资": "investment",
    "固定资产": "fixed_assets",
    "收入": "income",
    "可支配收入": "disposable_income",
    "人均": "per_capita",
    "生产总值": "gdp",
    "增加值": "value_added",
    "产值": "output_value",
    "产量": "output",
    "财政": "fiscal",
    "税收": "tax",
    "消费品": "consumer_goods",
    "零售": "retail",
    "存款": "deposits",
    "贷款": "loans",
    "龙头企业": "leading_firms",
    "企业": "enterprises",
    "合作社": "cooperatives",
    "国家级": "national",
    "省级": "provincial",
    "市级": "municipal",
    "县级": "county",
    "农民": "farmers",
    "培训班": "classes",
    "培训": "training",
    "项目": "projects",
    "产业": "industry",
    "工业": "industry",
    "农业": "agriculture",
    "茶叶": "tea",
    "秋茶": "autumn_tea",
    "高粱": "sorghum",
    "辣椒": "chili",
    "烤烟": "tobacco",
    "蔬菜": "vegetables",
    "水稻": "rice",
    "粮食": "grain",
    "经果林": "orchards",
    "农作物": "crops",
    "播种": "sown",
    "生猪": "pigs",
    "出栏": "slaughtered",
    "存栏": "stock",
    "学校": "schools",
    "学生": "students",
    "教师": "teachers",
    "医院": "hospitals",
    "床位": "beds",
    "医生": "doctors",
    "就医": "medical_visits",
    "医疗": "medical",
    "费用": "cost",
    "补偿": "compensation",
    "参保": "insurance",
    "资助": "subsidy",
    "补贴": "subsidy",
    "养老": "pension",
    "低保": "subsistence",
    "救助": "relief",
    "捐赠": "donations",
    "搬迁": "relocation",
    "安置点": "sites",
    "住房": "housing",
    "危房": "unsafe_housing",
    "改造": "renovation",
    "硬化路": "paved_roads",
    "道路": "roads",
    "公路": "roads",
    "步道": "paths",
    "院坝": "yards",
    "硬化": "paving",
    "电力": "power",
    "用电": "electricity",
    "饮水": "drinking_water",
    "自来水": "tap_water",
    "干部": "cadres",
    "单位": "units",
    "党员": "party_members",
    "指挥部": "hq",
    "攻坚队": "teams",
    "领导": "leaders",
    "立案": "cases_opened",
    "结案": "cases_closed",
    "处分": "sanctioned",
    "问责": "accountable",
    "预备期": "probation",
    "帮扶": "assistance",
    "结对": "pairs",
    "专项": "special",
    "方案": "plans",
    "目标": "target",
    "体系": "system",
    "原则": "principle",
    "治理": "governance",
    "运营商": "operators",
    "保障": "guarantees",
    "旅游": "tourism",
    "游客": "tourists",
    "宽带": "broadband",
    "用户": "subscribers",
    "快递": "parcels",
    "城镇": "urban",
    "农村": "rural",
    "居民": "residents",
    "森林": "forest",
    "造林": "afforestation",
    "水库": "reservoirs",
    "供水": "water_supply",
    "污水": "sewage",
    "垃圾": "waste",
    "空气": "air",
    "优良": "good",
    "天数": "days",
    "机构": "institutions",
    "医护": "medical_staff",
    "卫生": "health",
    "幼儿园": "kindergartens",
    "小学": "primary_schools",
    "中学": "middle_schools",
    "入学率": "enrolment",
    "公交": "buses",
    "车辆": "vehicles",
    "汽车": "cars",
    "客运": "passengers",
    "货运": "freight",
}
_GLOSSARY_RE = re.compile("|".join(re.escape(w) for w in sorted(GLOSSARY, key=len, reverse=True)))

# Words that open a clause without naming what is counted.
_LEADING_FILLERS = (
    "全县",
    "全市",
    "全省",
    "全区",
    "全州",
    "全镇",
    "全乡",
    "全国",
    "县内",
    "累计",
    "共计",
    "合计",
    "总计",
    "其中",
    "实现了",
    "实现",
    "完成了",
    "完成",
    "达到",
    "截至",
    "截止",
    "已于",
    "以上",
    "以下",
    "左右",
    "共",
    "于",
    "及",
    "并",
    "又",
    "的",
    "是",
    "对",
    "向",
    "将",
    "把",
    "从",
    "给予",
    "以及",
    "构建形成",
)
# Words that end the text before a figure without being part of its name.
_TRAILING_VERBS = (
    "达到了",
    "达到",
    "分别为",
    "分别",
    "高于",
    "低于",
    "超过",
    "不足",
    "为",
    "达",
    "是",
    "约",
    "共",
    "计",
    "有",
    "的",
)
_WRAPPERS = "“”‘’\"'《》「」『』（）()【】[] \u3000"
_QUOTE_MARKS = re.compile("[“”‘’\"'「」『』]")
_AHEAD_WORDS = ("提前", "提早", "推迟", "延后", "延期", "缩短")

# Suffixes that turn a label into the name of a quantity, by unit.
_LABEL_SUFFIX = {
    "人": "人数",
    "名": "人数",
    "户": "户数",
    "个": "数",
    "件": "件数",
    "亩": "面积",
    "公顷": "面积",
    "平方公里": "面积",
    "平方米": "面积",
    "公里": "长度",
}
_QUANTITY_ENDINGS = tuple("数率额量积值度程")

_CJK = re.compile("[\u4e00-\u9fff]")
_SENTENCE_BREAK_RE = re.compile("[。！？!?；;\n]")
# 其中 opening a clause: "in which", the breakdown of a total before it.
_OPENS_BREAKDOWN = re.compile(r"(?:^|(?<=[，,。；;：:\n]))\s*其中", re.MULTILINE)
_PER_HEAD = re.compile("人均|户均|平均|均值")
# A breakdown or a code with more parts than this is not the pattern it looks like.
MAX_PARTS = 30


# --- drafting --------------------------------------------------------------------------


class _Drafter:
    def __init__(self, text: str, figures: list[FoundFigure], headings: list[Heading], document: str | None) -> None:
        self.text = text
        self.figures = figures
        self.headings = headings
        self.document = document
        self.heading_starts = [h.start for h in headings]
        self.section_ids: list[str] = []  # per heading
        self.facts: dict[str, DraftFact] = {}
        self.rules: dict[str, DraftRule] = {}
        self.fact_of: list[str] = []  # per figure, the id of the fact that states it
        self.labels: list[str] = []  # per figure
        self.units: list[str] = []  # per figure, the fact's unit
        self.by_clause: dict[int, list[int]] = {}  # clause start -> figure indexes
        self.starts = [figure.start for figure in figures]
        self.sentence_breaks = [m.start() for m in _SENTENCE_BREAK_RE.finditer(text)]
        self.position: list[int] = []  # per figure, its place among the figures of its clause
        self.stated: dict[tuple[str, str, str], str] = {}  # (quote, value, unit) -> fact id
        self.checks: set[str] = set()  # rule checks drafted so far
        self.taken: dict[str, int] = {}  # id -> the last number suffixed to it

    # The whole draft

    def draft(self) -> Draft:
        sections = self._sections()
        for index, figure in enumerate(self.figures):
            siblings = self.by_clause.setdefault(figure.clause_start, [])
            self.position.append(len(siblings))
            siblings.append(index)
        self._heading_facts()
        for index in range(len(self.figures)):
            self._figure_fact(index)
        self._lists()
        self._per_household()
        self._rates()
        self._sums()
        self._codes()
        self._agreements()
        self._section_order()
        return Draft(self._source(), sections, self.facts, self.rules, self.figures)

    def _source(self) -> dict[str, str | None]:
        head = self.text[: self.headings[0].start] if self.headings else self.text[:2000]
        first_figure = self.figures[0].start if self.figures else len(head)
        lines = [line.strip() for line in head[:first_figure].split("\n")]
        lines = [line for line in lines if line]
        title, author = None, None
        for line in lines[:6]:
            byline = re.fullmatch(r"(?:□|■|◎|文/|文／|作者[:：]|记者)\s*([\u4e00-\u9fff·]{2,8})", line)
            if byline:
                author = byline[1]
            elif title is None and len(line) <= 60 and not re.search("[，。；]", line):
                title = line.lstrip("—-").strip() or None
        return {
            "title": title,
            "author": author,
            "publication": None,
            "date": None,
            "language": "zh" if _CJK.search(self.text) else None,
            "document": self.document,
        }

    # Sections

    def _sections(self) -> dict[str, tuple[int | None, str]]:
        sections: dict[str, tuple[int | None, str]] = {}
        if not self.headings:
            return {"body": (None, "正文")}
        if self.text[: self.headings[0].start].strip():
            sections["lead"] = (None, "导语")
        for heading in self.headings:
            base = f"s{heading.number}"
            section_id, n = base, 2
            while section_id in sections:
                section_id, n = f"{base}_{n}", n + 1
            sections[section_id] = (heading.number, heading.title)
            self.section_ids.append(section_id)
        return sections

    def _section_at(self, offset: int) -> str:
        if not self.headings:
            return "body"
        i = bisect_right(self.heading_starts, offset)
        return self.section_ids[i - 1] if i else "lead"

    def _heading_facts(self) -> None:
        if len(self.headings) < 2:
            return
        for heading, section_id in zip(self.headings, self.section_ids, strict=True):
            line = self.text[heading.start : heading.end]
            self._add_fact(
                DraftFact(
                    id=f"section.{section_id}.number",
                    quote=line,
                    section=section_id,
                    value=heading.written,
                    unit="节",
                    zh=f"节号：{heading.title}",
                    tags=("structure",),
                    start=heading.start,
                    end=heading.start + len(heading.written),
                    line=heading.line,
                )
            )

    # Facts

    def _figure_fact(self, index: int) -> None:
        figure = self.figures[index]
        unit, note = self._fact_unit(index)
        label = self._label(index)
        self.units.append(unit)
        self.labels.append(label)
        key = (figure.clause, figure.written, unit)
        if key in self.stated:  # the same figure in the same words is one fact
            self.fact_of.append(self.stated[key])
            return
        section = self._section_at(figure.start)
        fact = DraftFact(
            id=self._new_id(section, label, unit, figure.kind),
            quote=figure.clause,
            section=section,
            value=figure.written,
            unit=unit,
            zh=label,
            tags=_tags(label, figure.kind),
            note=note,
            start=figure.start,
            end=figure.end,
            line=figure.line,
        )
        self._add_fact(fact)
        self.fact_of.append(fact.id)
        self.stated[key] = fact.id

    def _fact_unit(self, index: int) -> tuple[str, str]:
        figure = self.figures[index]
        if figure.kind in ("percent", "code"):
            return "", ""
        if figure.kind == "chinese" and figure.written == "零":
            return "%", ""
        if figure.unit:
            return FACT_UNITS.get(figure.unit, figure.unit), ""
        following = self.figures[index + 1] if index + 1 < len(self.figures) else None
        between = self.text[figure.end : following.start] if following else ""
        if following and following.unit and between in ("-", "—", "–", "~", "～", "至", "到"):
            return FACT_UNITS.get(following.unit, following.unit), ""  # 2014-2019年: a range
        return "个", "the document writes no unit after this figure; 个 is a guess"

    def _add_fact(self, fact: DraftFact) -> None:
        self.facts[fact.id] = fact

    def _new_id(self, section: str, label: str, unit: str, kind: str) -> str:
        words: list[str] = []
        for match in _GLOSSARY_RE.finditer(label):
            word = GLOSSARY[match.group()]
            if word not in words:
                words.append(word)
        words = words[:3]
        unit_word = {"percent": "rate", "code": "code", "year": "year"}.get(kind) or UNIT_WORDS.get(unit, "count")
        if not any(unit_word in word for word in words):
            words.append(unit_word)
        return _unique(f"{section}.{'_'.join(words)}", self.facts, self.taken, "_")

    def _neighbours(self, index: int) -> tuple[FoundFigure | None, FoundFigure | None]:
        """The figures just before and after this one in its clause."""
        before, after = self._neighbour_indexes(index)
        return (
            self.figures[before] if before is not None else None,
            self.figures[after] if after is not None else None,
        )

    def _neighbour_indexes(self, index: int) -> tuple[int | None, int | None]:
        siblings = self.by_clause[self.figures[index].clause_start]
        position = self.position[index]
        return (
            siblings[position - 1] if position > 0 else None,
            siblings[position + 1] if position + 1 < len(siblings) else None,
        )

    def _label(self, index: int) -> str:
        return self._label_text(index)[:LABEL_CHARS]

    def _label_text(self, index: int) -> str:
        """A Chinese label from the words before the figure.

        The words after it name the figure instead when those before are empty or
        only filler (全县87个贫困村), or modify it (金沙县的20万亩有机高粱). A count in
        Chinese numerals is named by itself (四个不摘, 三重医疗保障); a year or a
        date by its clause; a code by itself and the words after it.
        """
        figure = self.figures[index]
        previous, following = self._neighbours(index)
        raw_before = self.text[previous.unit_end if previous else figure.clause_start : figure.start]
        raw_after = self.text[figure.unit_end : following.start if following else figure.clause_end]
        if not raw_after.strip() and following is not None and following.start == figure.unit_end:
            # 23198户80326名建档立卡贫困人口: the words after the pair name both.
            after_pair = self._neighbours(index + 1)[1]
            raw_after = self.text[following.unit_end : after_pair.start if after_pair else figure.clause_end]
        after = _clean_after(raw_after)
        if figure.kind in ("year", "date"):
            return figure.clause[:LABEL_CHARS]
        if figure.kind == "code":
            return _QUOTE_MARKS.sub("", f"“{figure.written}”{after}")
        if figure.kind == "chinese" and raw_before.endswith(_AHEAD_WORDS):
            return f"{raw_before[-2:]}{figure.written}{figure.unit}"  # 提前一年
        if figure.kind == "chinese" and figure.written != "零":
            return _QUOTE_MARKS.sub("", f"{figure.written}{figure.unit}{after[:6]}")
        before = _clean_before(raw_before)[-(LABEL_CHARS - 4) :]  # the words nearest the figure
        if len(_CJK.findall(before)) >= 2 and not raw_before.rstrip(_WRAPPERS).endswith("的"):
            core = before
        elif len(_CJK.findall(after)) >= 2:
            core = after
        elif before:
            core = before
        elif previous is not None and self.labels:
            return self._relabel(self.labels[-1], figure)
        else:
            core = figure.clause[:LABEL_CHARS]
        return _with_suffix(_QUOTE_MARKS.sub("", core), figure)

    def _relabel(self, label: str, figure: FoundFigure) -> str:
        """17981户35526人: the people share the label of the households."""
        for suffix in sorted(set(_LABEL_SUFFIX.values()), key=len, reverse=True):  # 人数 before 数
            if label.endswith(suffix):
                label = label[: -len(suffix)]
                break
        return _with_suffix(label, figure)

    # Lists

    def _lists(self) -> None:
        for index, figure in enumerate(self.figures):
            if figure.kind not in ("number", "chinese") or self.units[index] not in COUNT_UNITS | {"个"}:
                continue
            if not _small_whole(figure.written):
                continue
            previous, _ = self._neighbours(index)
            start = previous.unit_end if previous else figure.clause_start
            items = _enumeration(self.text[start : figure.start])
            if items is None:
                continue
            count_id = self.fact_of[index]
            list_id = f"{count_id}_list"
            if list_id in self.facts:
                continue
            self._add_fact(
                DraftFact(
                    id=list_id,
                    quote=figure.clause,
                    section=self.facts[count_id].section,
                    items=items,
                    zh=f"{self.labels[index]}（名单）",
                    tags=("list",),
                    start=figure.clause_start,
                    end=figure.end,
                    line=figure.line,
                )
            )
            self._add_rule(
                f"{list_id}.count",
                f"count({list_id}) == {count_id}",
                zh=f"所列名称的个数等于所称数目（{figure.written}）",
                en=f"the names listed are as many as the count stated ({figure.written})",
                pattern="count",
                tags=("count", "list"),
            )

    # Rules

    def _add_rule(
        self,
        rule_id: str,
        check: str,
        *,
        zh: str,
        en: str,
        pattern: str,
        severity: str = "error",
        tags: Iterable[str] = (),
    ) -> None:
        if check in self.checks:  # the same figures in the same words: one rule is enough
            return
        if len(check) > MAX_LENGTH:  # a breakdown too long for one rule is not the pattern it looks like
            return
        self.checks.add(check)
        rule_id = _unique(rule_id, self.rules, self.taken, "-")
        self.rules[rule_id] = DraftRule(rule_id, check, zh, en, pattern, severity, tuple(tags))

    def _per_household(self) -> None:
        """N户M人: at least one person per household."""
        for index, figure in enumerate(self.figures[:-1]):
            people = self.figures[index + 1]
            if self.units[index] != "户" or self.units[index + 1] not in PEOPLE_UNITS:
                continue
            if people.start != figure.unit_end or figure.kind != "number" or people.kind != "number":
                continue
            households_id, people_id = self.fact_of[index], self.fact_of[index + 1]
            self._add_rule(
                f"{people_id}.per-household",
                f"{people_id} / {households_id} >= 1",
                zh=f"{figure.written}户{people.written}{people.unit}：人数不少于户数",
                en=f"{figure.written} households hold at least as many people ({people.written})",
                pattern="per-household",
                tags=("households",),
            )

    def _rates(self) -> None:
        """…就业17981户35526人，就业率95.7%: the rate of a whole-number base."""
        for index, figure in enumerate(self.figures):
            if figure.kind != "percent" or len(self.by_clause[figure.clause_start]) != 1:
                continue
            if not _clean_before(self.text[figure.clause_start : figure.start]).endswith("率"):
                continue
            if index == 0:
                continue
            count_index = index - 1
            count = self.figures[count_index]
            between = self.text[count.clause_end : figure.clause_start]
            if count.clause_start == figure.clause_start or between.strip() not in ("，", ",", "、"):
                continue  # the count must close the clause just before the rate's
            if count.kind != "number" or not count.written.isdigit() or self.units[count_index] not in COUNT_UNITS:
                continue
            if self.figures[self.by_clause[count.clause_start][-1]] is not count:
                continue
            count_id, rate_id = self.fact_of[count_index], self.fact_of[index]
            self._add_rule(
                f"{rate_id}.whole",
                f"whole({count_id} / {rate_id})",
                zh=f"{count.written}{count.unit}与{figure.written}须对应整数总数",
                en=f"{count.written} {count.unit} at {figure.written} admits a whole-number total",
                pattern="whole",
                tags=("grim",),
            )

    def _sentence(self, offset: int) -> tuple[int, int]:
        """The sentence around an offset, cut at 。！？； and line breaks."""
        i = bisect_right(self.sentence_breaks, offset - 1)
        start = self.sentence_breaks[i - 1] + 1 if i > 0 else 0
        end = self.sentence_breaks[i] if i < len(self.sentence_breaks) else len(self.text)
        return start, end

    def _indexes_between(self, start: int, end: int) -> range:
        """The indexes of the figures that lie within text[start:end]."""
        return range(bisect_right(self.starts, start - 1), bisect_right(self.starts, end - 1))

    def _sums(self) -> None:
        """…63个，其中，国家级1个、省级20个、市级42个: the parts add up to the total.

        The parts are the figures after 其中 up to the end of its sentence, in the
        unit of the first; the total is the nearest figure before 其中 in that unit,
        in the same sentence or the one before (总量186.4亿元，增长5.8%。其中，…).
        A per-capita total (人均收入) is not the sum of its breakdown, so none is drafted.
        """
        for opener in _OPENS_BREAKDOWN.finditer(self.text):
            at = opener.end()
            sentence_start, sentence_end = self._sentence(at)
            following = self._indexes_between(at, sentence_end)
            numbers = [i for i in following[:MAX_PARTS] if self.figures[i].kind == "number"]
            if not numbers or len(following) > MAX_PARTS:
                continue
            unit = self.units[numbers[0]]
            parts = [i for i in numbers if self.units[i] == unit]
            previous_start, _ = self._sentence(sentence_start - 1) if sentence_start > 0 else (0, 0)
            earlier = self._indexes_between(previous_start, opener.start())
            totals = [
                i for i in reversed(earlier[-MAX_PARTS:]) if self.figures[i].kind == "number" and self.units[i] == unit
            ]
            if not totals or _PER_HEAD.search(self.labels[totals[0]]):
                continue
            index = totals[0]
            total = self.figures[index]
            total_id = self.fact_of[index]
            part_ids = [self.fact_of[i] for i in parts]
            if len(parts) == 1:
                check = f"{part_ids[0]} <= {total_id}"
                zh, en = "其中所列部分不超过总数", "the part named after 其中 cannot exceed the total"
            else:
                check = f"{total_id} == sum({', '.join(part_ids)})"
                written = " + ".join(self.figures[i].written for i in parts)
                zh = f"总数{total.written}{total.unit}等于其中各项之和（{written}）"
                en = f"the total {total.written} is the sum of the parts listed after 其中 ({written})"
            self._add_rule(f"{total_id}.sum", check, zh=zh, en=en, pattern="sum", tags=("sum",))

    def _codes(self) -> None:
        """“1+14+26+242” after its four parts; “43328” before its five targets."""
        for index, code in enumerate(self.figures):
            if code.kind != "code":
                continue
            parsed = parse_value(code.written)
            sentence_start, sentence_end = self._sentence(code.start)
            code_id = self.fact_of[index]
            if isinstance(parsed, Code):
                earlier = self._indexes_between(sentence_start, code.start)
                if len(earlier) > MAX_PARTS:
                    continue
                before = [i for i in earlier if self.figures[i].kind in ("number", "chinese")]
                if len(before) != len(parsed.terms):
                    continue
                check = " and ".join(
                    f"term({code_id}, {n}) == {self.fact_of[i]}" for n, i in enumerate(before, start=1)
                )
                self._add_rule(
                    f"{code_id}.terms",
                    check,
                    zh=f"“{code.written}”的各项与前文所列数目一一对应",
                    en=f"the terms of {code.written} are the counts stated before it",
                    pattern="terms",
                    tags=("code",),
                )
            elif 3 <= len(code.written) <= 9 and code.written.isdigit():
                later = self._indexes_between(code.end, sentence_end)[: 2 * MAX_PARTS]
                after = [i for i in later if self.figures[i].kind == "number"][: len(code.written)]
                if len(after) != len(code.written) or len({self.units[i] for i in after}) != 1:
                    continue
                parts = ", ".join(self.fact_of[i] for i in after)
                self._add_rule(
                    f"{code_id}.digits",
                    f"digits({code_id}, {parts})",
                    zh=f"“{code.written}”的各位数字是其后所列各项的首位数字",
                    en=f"the digits of {code.written} lead the {len(after)} figures that follow it",
                    pattern="digits",
                    tags=("code",),
                )

    def _agreements(self) -> None:
        """A figure repeated with the same words states the same thing each time."""
        groups: dict[tuple[str, str], list[int]] = {}
        for index, figure in enumerate(self.figures):
            if figure.kind in ("number", "percent", "chinese"):
                groups.setdefault((figure.written, self.units[index]), []).append(index)
        parent: dict[str, str] = {}

        def root(fact_id: str) -> str:
            top = fact_id
            while parent.get(top, top) != top:
                top = parent[top]
            while fact_id != top:  # compress the path
                parent[fact_id], fact_id = top, parent[fact_id]
            return top

        for indexes in groups.values():
            owner: dict[str, str] = {}  # a three-character run of context -> the first fact it was seen with
            for i in indexes:
                fact_id = self.fact_of[i]
                for run in _runs(self._context(i)):
                    if run not in owner:
                        owner[run] = fact_id
                    elif root(owner[run]) != root(fact_id):
                        parent[root(fact_id)] = root(owner[run])
        tied = set(parent) | {root(fact_id) for fact_id in parent}
        chains: dict[str, list[str]] = {}
        for fact_id in self.facts:  # document order
            if fact_id in tied:
                chains.setdefault(root(fact_id), []).append(fact_id)
        for chain in chains.values():
            fact = self.facts[chain[0]]
            for piece in _pieces(chain, lambda ids: " == ".join(ids)):
                self._add_rule(
                    f"{piece[0]}.agree",
                    " == ".join(piece),
                    zh=f"重复出现的“{fact.value}{fact.unit}”处处一致",
                    en=f"{fact.value}{fact.unit}, stated {len(chain)} times in the same words, agrees",
                    pattern="agree",
                    tags=("repeated",),
                )

    def _context(self, index: int) -> str:
        """Up to six characters each side of a figure, within its clause, letters only."""
        figure = self.figures[index]
        left = self.text[max(figure.clause_start, figure.start - 6) : figure.start]
        right = self.text[figure.unit_end : min(figure.clause_end, figure.unit_end + 6)]
        return "".join(_CJK.findall(left)) + "|" + "".join(_CJK.findall(right))

    def _section_order(self) -> None:
        numbers = [f"section.{section_id}.number" for section_id in self.section_ids]
        if len(numbers) < 2 or not all(n in self.facts for n in numbers):
            return
        for piece in _pieces(numbers, lambda ids: f"increasing({', '.join(ids)})"):
            self._add_rule(
                "sections.in-order",
                f"increasing({', '.join(piece)})",
                zh="各节编号按出现顺序递增",
                en="the section numbers increase in the order the sections appear",
                pattern="order",
                severity="warning",
                tags=("structure",),
            )


def _pieces(ids: list[str], render: Callable[[list[str]], str]) -> list[list[str]]:
    """Cut a chain (a == b == c, increasing(a, b, c)) into rules short enough to parse.

    Consecutive pieces share their boundary id, so the pieces together check
    every link of the whole chain.
    """
    pieces: list[list[str]] = []
    current: list[str] = []
    for fact_id in ids:
        if len(current) >= 2 and len(render([*current, fact_id])) > MAX_LENGTH:
            pieces.append(current)
            current = [current[-1]]
        current.append(fact_id)
    if len(current) >= 2 or not pieces:
        pieces.append(current)
    return pieces


def _unique(base: str, existing: Mapping[str, object], taken: dict[str, int], joiner: str) -> str:
    """``base``, or ``base`` with the next free number (s4.count, s4.count_2, ...)."""
    if base not in existing:
        return base
    n = taken.get(base, 1) + 1
    while f"{base}{joiner}{n}" in existing:
        n += 1
    taken[base] = n
    return f"{base}{joiner}{n}"


def _runs(context: str, size: int = 3) -> set[str]:
    """The runs of ``size`` characters of a context, never across its "|" (the figure)."""
    return {context[i : i + size] for i in range(len(context) - size + 1) if "|" not in context[i : i + size]}


def _small_whole(written: str) -> bool:
    """A count of named things: a plain whole number below 100."""
    try:
        value = parse_value(written)
    except ValueError:
        return False
    if isinstance(value, Code) or value.percent or not value.interval.is_point:
        return False
    return value.nominal.denominator == 1 and 2 <= value.nominal < 100


_ITEM_RE = re.compile("[\u4e00-\u9fff（）()·]{1,12}")
_STOP_CHARS = "的在有向对将把为到和与及了从自由即"


def _enumeration(before: str) -> tuple[str, ...] | None:
    """The items named right before a count: 马路乡、太平乡……等 or 马路、太平 (两乡)."""
    body = before
    marker = body.rfind("等")
    if marker >= 0 and re.fullmatch("[\u4e00-\u9fff]{0,4}", body[marker + 1 :]):
        body = body[:marker]  # 马路乡、太平乡等(西部)5个乡镇
    parts = body.split("、")
    if len(parts) < 2:
        return None
    *first_parts, last = parts
    first, middle = first_parts[0], first_parts[1:]
    if not all(_ITEM_RE.fullmatch(part) for part in [*middle, last]):
        return None
    cut = max(first.rfind(ch) for ch in _STOP_CHARS)
    first = first[cut + 1 :]
    # The first and the last item run into the words around the list; the
    # middle items (or, for two items, the other one) show how long an item is.
    typical = max(len(part) for part in middle) if middle else min(len(first), len(last))
    if len(first) > typical + 1:
        first = first[-len(parts[1]) :]
    if len(last) > typical + 2 or not _ITEM_RE.fullmatch(first):
        return None
    return (first, *middle, last)


def _clean_before(text: str) -> str:
    """The words before a figure without the fillers around them (全县, 共, 达到, 为 ...)."""
    text = text.split("、")[-1].strip(_WRAPPERS)
    changed = True
    while changed and text:
        changed = False
        for word in _LEADING_FILLERS:
            if text.startswith(word):
                text, changed = text[len(word) :].lstrip(_WRAPPERS), True
                break
        for word in _TRAILING_VERBS:
            if text.endswith(word):
                text, changed = text[: -len(word)].rstrip(_WRAPPERS), True
                break
    return text.strip(_WRAPPERS)


_AFTER_STOPS = re.compile(
    # punctuation, digits and letters; an opening bracket unless a short aside
    # follows (村（社区）); words that end a noun phrase
    "[、，,”’》0-9A-Za-z]|[（(](?![^）)]{1,4}[）)])|等|的|和|及|与|全部|按照|组建|用于|进行|开展|以来"
)


def _clean_after(text: str) -> str:
    """The words after a figure's unit, up to where they stop naming it."""
    text = _QUOTE_MARKS.sub("", text[:1]) + text[1:]  # a closing quote right after the unit
    for word in ("以上", "以下", "左右", "的"):
        if text.startswith(word):
            text = text[len(word) :]
    text = _AFTER_STOPS.split(text, maxsplit=1)[0]
    return text[:10].strip("“‘\"' \u3000")


def _with_suffix(core: str, figure: FoundFigure) -> str:
    suffix = _LABEL_SUFFIX.get(figure.unit, "")
    if figure.kind != "number" or not suffix or core.endswith(_QUANTITY_ENDINGS) or core.endswith(suffix):
        return core
    return core + suffix


def _tags(label: str, kind: str) -> tuple[str, ...]:
    tags = [GLOSSARY[m.group()] for m in _GLOSSARY_RE.finditer(label)]
    tags.append({"percent": "rate", "year": "date", "date": "date", "code": "code", "chinese": "count"}.get(kind, ""))
    return tuple(dict.fromkeys(t for t in tags if t))[:4]


# --- writing YAML ------------------------------------------------------------------------------

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")
# How PyYAML (which the loader uses) would type a plain scalar.
_RESOLVER = yaml.resolver.Resolver()
_TEXT_TAGS = ("tag:yaml.org,2002:str",)
_NUMBER_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _scalar(text: str, *, flow: bool = False, value: bool = False) -> str:
    """A YAML scalar for ``text``: plain when that reads back as the same string."""
    plain = (
        _PLAIN_SAFE.fullmatch(text) is not None
        and all(_printable(ch) for ch in text)
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not (flow and any(ch in text for ch in ",[]{}:?#"))
        # a value is read from its text whatever YAML types it as; other text must stay text
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) in (_NUMBER_TAGS if value else _TEXT_TAGS)
    )
    if plain:
        return text
    # JSON escapes are YAML escapes; characters YAML may not hold raw are escaped too.
    return "".join(
        ch if _printable(ch) or ch in "\n\t" else f"\\u{ord(ch):04x}" for ch in json.dumps(text, ensure_ascii=False)
    )


def _printable(ch: str) -> bool:
    """May a one-line YAML scalar hold this character as it is?

    YAML's printable set, less the characters it reads as line breaks (NEL, the
    Unicode line and paragraph separators) and the byte-order mark.
    """
    code = ord(ch)
    if code in (0x85, 0x2028, 0x2029, 0xFEFF):
        return False
    return 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _needs_unit(written: str) -> bool:
    """A plain figure (not a code with +, not a percentage) needs a unit key."""
    try:
        value = parse_value(written)
    except ValueError:
        return False
    return not isinstance(value, Code) and not value.percent


def to_yaml(draft: Draft, *, schema: str | None = None) -> str:
    """The draft as a fact file, with facts grouped by section in document order."""
    out: list[str] = []
    if schema:
        out.append(f"# yaml-language-server: $schema={schema}")
        out.append("#")
    out += [
        "# A draft fact file written by `jinsha extract`. Review every fact (id, label,",
        "# unit, quote) and every rule; a rule keeps `draft: true` until a curator has",
        "# checked it. `jinsha check` on this file reports what fails, like any rule.",
        "",
        "source:",
    ]
    for key, text in draft.source.items():
        out.append(f"  {key}: {'null' if text is None else _scalar(text)}")
    out += ["", "sections:"]
    for section_id, (number, title) in draft.sections.items():
        shown = "null" if number is None else str(number)
        out.append(f"  {section_id}: {{number: {shown}, title: {_scalar(title, flow=True)}}}")
    out += ["", "facts:" if draft.facts else "facts: {}"]
    by_section: dict[str, list[DraftFact]] = {section: [] for section in draft.sections}
    for fact in draft.facts.values():
        by_section.setdefault(fact.section, []).append(fact)
    for section_id, facts in by_section.items():
        if not facts:
            continue
        title = draft.sections.get(section_id, (None, section_id))[1]
        out += ["", f"  # --- {section_id}: {title}"]
        for fact in sorted(facts, key=lambda f: (f.start, f.items is not None)):
            out.append(f"  {fact.id}:")
            if fact.items is not None:
                out.append(f"    items: [{', '.join(_scalar(item, flow=True) for item in fact.items)}]")
            else:
                out.append(f"    value: {_scalar(fact.value or '', value=True)}")
                if fact.unit:
                    out.append(f"    unit: {_scalar(fact.unit)}")
                elif _needs_unit(fact.value or ""):
                    out.append('    unit: ""  # a code such as “42”: no unit')
            out.append(f"    quote: {_scalar(fact.quote)}")
            out.append(f"    section: {section_id}")
            if fact.zh:
                out.append(f"    zh: {_scalar(fact.zh)}")
            if fact.tags:
                out.append(f"    tags: [{', '.join(fact.tags)}]")
            if fact.note:
                out.append(f"    note: {_scalar(fact.note)}")
    out += ["", "rules:" if draft.rules else "rules: {}"]
    for rule in draft.rules.values():
        out.append(f"  {rule.id}:")
        out.append(f"    check: {_scalar(rule.check)}")
        out.append(f"    zh: {_scalar(rule.zh)}")
        out.append(f"    en: {_scalar(rule.en)}")
        out.append(f"    severity: {rule.severity}")
        if rule.tags:
            out.append(f"    tags: [{', '.join(rule.tags)}]")
        out.append("    draft: true")
    return "\n".join(out) + "\n"
