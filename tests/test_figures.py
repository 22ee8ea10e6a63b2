"""The figure finder: what it finds, what it leaves alone, and where it says things are."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jinsha_cli.core.figures import CLAUSE_BREAKS, KINDS, FoundFigure, find_figures, find_headings
from jinsha_cli.core.numbers import Code, Figure, parse_value

from .conftest import ARTICLE


def triples(text: str) -> list[tuple[str, str, str]]:
    return [(f.written, f.unit, f.kind) for f in find_figures(text)]


# (text, the figures it states as (written, unit, kind)), in document order.
FOUND = [
    ("总人口72万人。", [("72万", "人", "number")]),
    ("金沙县总面积2528平方公里，", [("2528", "平方公里", "number")]),
    ("20万亩有机高粱", [("20万", "亩", "number")]),
    (
        "就业17981户35526人，就业率95.7%；",
        [("17981", "户", "number"), ("35526", "人", "number"), ("95.7%", "", "percent")],
    ),
    ("培训农民3.24万人次", [("3.24万", "人次", "number")]),
    ("直接投入资金1.9亿余元", [("1.9亿余", "元", "number")]),
    ("总医疗费用8400余万元", [("8400余万", "元", "number")]),
    ("有机高粱+烤烟>30万亩", [(">30万", "亩", "number")]),
    ("发生率超过5%的村", [("超过5%", "", "percent")]),
    ("发生率10%以上的村", [("10%以上", "", "percent")]),
    ("发生率高于10%的村", [("高于10%", "", "percent")]),
    ("发生率不高于10%的村", [("不高于10%", "", "percent")]),
    ("收入低于5000元的户", [("低于5000", "元", "number")]),
    ("5%以上村重点制定", [("5%以上", "", "percent")]),
    ("人行步道硬化53.76公里", [("53.76", "公里", "number")]),
    ("院坝硬化649户2.8万平方米", [("649", "户", "number"), ("2.8万", "平方米", "number")]),
    ("满60周岁", [("60", "周岁", "number")]),
    ("举办培训班276期", [("276", "期", "number")]),
    ("新增村企结对8对", [("8", "对", "number")]),
    ("立案128件", [("128", "件", "number")]),
    ("全县87个贫困村出列", [("87", "个", "number")]),
    ("收入1,234元", [("1,234", "元", "number")]),
    ("人均收入12000元/人", [("12000", "元/人", "number")]),
    ("全长5千米", [("5", "千米", "number")]),
    ("近5年来", [("5", "年", "number")]),
    ("近5万人", [("近5万", "人", "number")]),
    ("约72万人", [("约72万", "人", "number")]),
    ("共3,其中", [("3", "", "number")]),
    ("２０１９年底，就业率９５．７％", [("２０１９", "年", "year"), ("９５．７％", "", "percent")]),
    # years and dates
    ("截至2019年底", [("2019", "年", "year")]),
    ("2014-2019年", [("2014", "", "year"), ("2019", "年", "year")]),
    ("2014至2019年", [("2014", "", "year"), ("2019", "年", "year")]),
    ("3-5个", [("3", "", "number"), ("5", "个", "number")]),
    ("2021年8月12日", [("2021", "年", "year"), ("8", "月", "date"), ("12", "日", "date")]),
    ("历时3个月", [("3", "个月", "number")]),
    # codes
    ("形成了“1+14+26+242”的体系", [("1+14+26+242", "", "code")]),
    ("“43328”产业发展目标", [("43328", "", "code")]),
    ("按照“42”原则", [("42", "", "code")]),
    ("“1+5”工作体系", [("1+5", "", "code")]),
    # Chinese-numeral counts
    ("县“四班子”领导", [("四", "班子", "chinese")]),
    ("“五个专项治理”工作方案", [("五", "个", "chinese")]),
    ("严格落实“四个不摘”机制", [("四", "个", "chinese")]),
    ("补齐“两不愁三保障”短板", [("两", "不愁", "chinese"), ("三", "保障", "chinese")]),
    ("“一达标两不愁三保障”", [("一", "达标", "chinese"), ("两", "不愁", "chinese"), ("三", "保障", "chinese")]),
    ("全部落实三重医疗保障待遇", [("三", "重", "chinese")]),
    ("形成覆盖县、乡、村三级就业服务体系", [("三", "级", "chinese")]),
    ("下沉马路、太平两乡", [("两", "乡", "chinese")]),
    ("组织移动、联通、电信三大运营商", [("三", "大", "chinese")]),
    ("运用“四种形态”", [("四", "种", "chinese")]),
    ("“三个责任”和“三项制度”", [("三", "个", "chinese"), ("三", "项", "chinese")]),
    (
        "有劳动力“三类家庭”实现1户1人以上稳定就业",
        [("三", "类", "chinese"), ("1", "户", "number"), ("1", "人", "number")],
    ),
    ("村“两委”干部", [("两", "委", "chinese")]),
    ("提前一年实现了目标", [("一", "年", "chinese")]),
    ("金秋八月，", [("八", "月", "date")]),
    ("十二月底前完成", [("十二", "月", "date")]),
    ("贫困乡镇发生率为零的目标", [("零", "", "chinese")]),
    ("评出十四个先进单位", [("十四", "个", "chinese")]),
]

# Text that states no figure, though it holds numerals or digits.
NOT_FIGURES = [
    "呈现出一片丰收的景象",
    "推动政策统一落实",
    "向西部一线倾斜",
    "第一时间发现问题",
    "“一站式”即时结算",
    "实行“一周一调度一提示、一月一督查一通报”",
    "“一村一方案”",
    "是巩固成效的一个缩影",
    "携手战贫 千年梦圆",
    "奋斗百年路 启航新征程",
    "一月一督查一通报",
    "未通4G或者4G信号弱",
    "学习党的十九大精神",
    "来了三四个人",
    "十分重要",
    "排名第3位",
    "千家万户",
    "三番五次",
    "PM2.5超标",
    "编号" + "7" * 100 + "号",
    "“" + "1+" * 50 + "1”",
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[t for t, _ in FOUND])
def test_finds_the_figures_a_text_states(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_leaves_words_and_names_alone(text: str) -> None:
    assert triples(text) == []


def test_location_is_one_based_line_and_column() -> None:
    text = "标题\n\n全县87个贫困村出列，\n就业率95.7%。"
    first, second = find_figures(text)
    assert (first.line, first.column, first.start, first.end) == (3, 3, 6, 8)
    assert (second.line, second.column) == (4, 4)
    assert text[second.start : second.end] == "95.7%"


def test_clause_is_cut_at_clause_punctuation_and_line_breaks() -> None:
    text = "截至2019年底，全县87个贫困村出列，23198户80326名建档立卡贫困人口脱贫。"
    figures = find_figures(text)
    assert [f.clause for f in figures] == [
        "截至2019年底",
        "全县87个贫困村出列",
        "23198户80326名建档立卡贫困人口脱贫",
        "23198户80326名建档立卡贫困人口脱贫",
    ]
    broken = find_figures("全力实现\n\n以人保户、\r\n  共12个村  \n")
    assert broken[0].clause == "共12个村"
    assert broken[0].clause == "全力实现\n\n以人保户、\r\n  共12个村  \n"[broken[0].clause_start : broken[0].clause_end]


def test_thousands_separator_does_not_cut_a_clause() -> None:
    (figure,) = find_figures("收入达到1,234元,比上年增长")
    assert figure.written == "1,234"
    assert figure.clause == "收入达到1,234元"


def test_headings_are_structure_not_figures() -> None:
    text = "导语有21个乡镇。\n\n1 健全作战机制 确保尽锐出战\n\n正文128件。\n二、工业生产\n3.24万人次\n"
    headings = find_headings(text)
    assert [(h.number, h.title, h.line) for h in headings] == [
        (1, "健全作战机制 确保尽锐出战", 3),
        (2, "工业生产", 6),
    ]
    assert [f.written for f in find_figures(text)] == ["21", "128", "3.24万"]


def test_a_sentence_opening_with_a_figure_is_not_a_heading() -> None:
    assert find_headings("2019年，全县脱贫。\n5 个乡镇全部摘帽，成效明显。\n") == []


def test_every_written_value_is_readable_by_the_number_grammar() -> None:
    text = "".join(t for t, _ in FOUND)
    for figure in find_figures(text):
        parsed = parse_value(figure.written)
        assert isinstance(parsed, Code if "+" in figure.written else Figure), figure


# --- properties -----------------------------------------------------------------

_ALPHABET = (
    "0123456789０９.,+%％万亿余多约近超过以上下个户人元年月日第一二两三四五十百千、，。；\n “”《》县乡村率就业GP "
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_figures_are_located_ordered_and_readable(text: str) -> None:
    figures = find_figures(text)
    previous_end = 0
    lines = text.split("\n")
    for figure in figures:
        assert isinstance(figure, FoundFigure)
        assert figure.kind in KINDS
        assert text[figure.start : figure.end] == figure.written
        assert figure.start >= previous_end, "figures overlap or are out of order"
        previous_end = figure.end
        parse_value(figure.written)  # raises if the grammar cannot read it
        line = lines[figure.line - 1]
        assert line[figure.column - 1 :].startswith(figure.written)
        assert text[figure.end : figure.unit_end] == figure.unit
        assert figure.clause == text[figure.clause_start : figure.clause_end]
        assert figure.clause_start <= figure.start and figure.end <= figure.clause_end
        assert not any(ch in CLAUSE_BREAKS for ch in figure.clause)


_FILLER = st.text(alphabet="县乡村就业培训合作社产业项目资金全覆盖", min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(
    before=_FILLER,
    after=_FILLER,
    digits=st.integers(min_value=0, max_value=10**9),
    decimals=st.sampled_from(["", ".5", ".25", ".07"]),
    mult=st.sampled_from(["", "万", "亿", "余万"]),
    unit=st.sampled_from(["人", "户", "亩", "元", "公里", "平方公里", "人次", "个", "件"]),
)
def test_a_figure_set_in_prose_is_found_whole(
    before: str, after: str, digits: int, decimals: str, mult: str, unit: str
) -> None:
    written = f"{digits}{'' if mult == '余万' else decimals}{mult}"
    text = f"前文，{before}{written}{unit}{after}。后文"
    (figure,) = find_figures(text)
    assert (figure.written, figure.unit, figure.kind) == (written, unit, "number")
    assert figure.clause == f"{before}{written}{unit}{after}"


# --- the real article -------------------------------------------------------------


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def test_article_figures_by_kind(article: str) -> None:
    figures = find_figures(article)
    by_kind = {kind: [f.written for f in figures if f.kind == kind] for kind in KINDS}
    assert by_kind["code"] == ["1+5+14", "1+14+26+242", "42", "1+5", "43328"]
    assert by_kind["percent"] == ["高于10%", "10%以上", "超过5%", "5%以上", "高于10%", "95.7%", "96%", "92.5%", "100%"]
    assert sorted(set(by_kind["year"])) == ["2014", "2017", "2018", "2019", "2020", "2021"]
    assert by_kind["date"] == ["八"]  # 金秋八月
    assert len(by_kind["chinese"]) == 22
    assert len(figures) == 132


def test_article_counts_in_chinese_numerals(article: str) -> None:
    counts = {(f.written, f.unit) for f in find_figures(article) if f.kind == "chinese"}
    assert counts == {
        ("一", "年"),
        ("四", "班子"),
        ("五", "个"),
        ("四", "种"),
        ("两", "乡"),
        ("两", "不愁"),
        ("三", "保障"),
        ("两", "委"),
        ("四", "个"),
        ("三", "重"),
        ("三", "级"),
        ("三", "类"),
        ("一", "达标"),
        ("三", "个"),
        ("三", "项"),
        ("三", "大"),
        ("零", ""),
    }


def test_article_section_numbers_in_printed_order(article: str) -> None:
    assert [h.number for h in find_headings(article)] == [1, 3, 4, 2]


def test_article_figures_sit_in_their_lines(article: str) -> None:
    lines = article.split("\n")
    for figure in find_figures(article):
        assert lines[figure.line - 1][figure.column - 1 :].startswith(figure.written)
    employment = [f for f in find_figures(article) if f.written == "35526"]
    assert [(f.line, f.unit, f.clause) for f in employment] == [(73, "人", "全县建档立卡劳动力就业17981户35526人")]
