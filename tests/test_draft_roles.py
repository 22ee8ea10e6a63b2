"""Figure roles, phrases, scopes, years and qualifiers, read from short real sentences.

Each row is a sentence copied from a real document (the 2019 budget report, the food
security white paper, People's Daily articles), the figure as written, and what a careful
reader says about it.
"""

from __future__ import annotations

import pytest

from jinsha_cli.draft import roles as R
from jinsha_cli.draft.document import analyse


def reading(text: str, written: str):  # type: ignore[no-untyped-def]
    doc = analyse(text)
    found = [r for r in doc.readings if r.figure.written == written]
    assert found, [r.figure.written for r in doc.readings]
    return found[0]


# (sentence, figure, role, sign, base)
ROLES = [
    ("全国一般公共预算收入190382.23亿元，为预算的98.9%，比2018年增长3.8%。", "190382.23亿", R.LEVEL, 0, ""),
    ("全国一般公共预算收入190382.23亿元，为预算的98.9%，比2018年增长3.8%。", "98.9%", R.RATE, 0, ""),
    ("全国一般公共预算收入190382.23亿元，为预算的98.9%，比2018年增长3.8%。", "3.8%", R.CHANGE, 1, "2018年"),
    ("中央本级支出35035亿元，下降0.2%。", "0.2%", R.CHANGE, -1, ""),
    ("中央预算内投资安排6000亿元，比上年增加224亿元。", "224亿", R.CHANGE, 1, "上年"),
    ("城镇化率达到46.3%，比上年提高1.2个百分点。", "1.2", R.POINTS, 1, "上年"),
    ("城镇化率达到46.3%，比上年提高1.2个百分点。", "46.3%", R.RATE, 0, ""),
    ("民营企业合计减税1.26万亿元，占全部减税数额的65.5%。", "65.5%", R.SHARE, 0, ""),
    ("全体居民人均可支配收入24816元，增长6.9%。", "24816", R.RATE, 0, ""),
    ("城镇调查失业率控制在5.5%左右，城镇登记失业率4.5%以内。", "5.5%左右", R.TARGET, 0, ""),
    ("城镇调查失业率控制在5.5%左右，城镇登记失业率4.5%以内。", "4.5%以内", R.RATE, 0, ""),  # 控制在 is not its own
    ("预期目标是城镇新增就业900万人以上。", "900万", R.TARGET, 0, ""),
    ("巫山接待游客从1100万人次增长到1598万人次，年均增长24.3%。", "24.3%", R.CHANGE, 1, R.AVERAGE),
    ("2018年产量近6.6亿吨，比1996年的5亿吨增产30%以上。", "30%以上", R.CHANGE, 1, "1996年"),
    ("2019年，全县脱贫。", "2019", R.YEAR, 0, ""),
    ("中国人民银行16日发布的数据显示。", "16", R.DATE, 0, ""),
    ("继续支持打好三大攻坚战。", "三", R.COUNT_WORD, 0, ""),
    ("意大利累计有229人确认感染新冠病毒，其中6人死亡。", "229", R.LEVEL, 0, ""),
]


@pytest.mark.parametrize(("text", "written", "role", "sign", "base"), ROLES)
def test_each_figure_reads_as_its_role(text: str, written: str, role: str, sign: int, base: str) -> None:
    r = reading(text, written)
    assert (r.role, r.sign, r.base) == (role, sign, base)


# (sentence, figure, phrase, scope, core)
PHRASES = [
    (
        "全国一般公共预算收入190382.23亿元，为预算的98.9%。",
        "190382.23亿",
        "全国一般公共预算收入",
        "全国",
        "一般公共预算收入",
    ),
    ("其中，税收收入157992.21亿元，增长1%。", "1%", "税收收入", "", "税收收入"),  # a change names its level
    (
        "中央一般公共预算主要收入项目具体情况是：国内增值税31161.01亿元。",
        "31161.01亿",
        "国内增值税",
        "中央",
        "国内增值税",
    ),
    ("全县87个贫困村出列。", "87", "贫困村出列", "", "贫困村出列"),  # words after the figure name it
    ("惠及低保对象6215户10342人。", "10342", "惠及低保对象", "", "惠及低保对象"),  # people of the households
]


@pytest.mark.parametrize(("text", "written", "phrase", "scope", "core"), PHRASES)
def test_each_figure_knows_the_phrase_it_quantifies(
    text: str, written: str, phrase: str, scope: str, core: str
) -> None:
    r = reading(text, written)
    assert (r.phrase, r.scope, r.core) == (phrase, scope, core)


def test_the_year_comes_from_the_clause_the_sentence_or_the_heading() -> None:
    text = (
        "一、2019年预算执行情况\n"
        "国防支出11896.56亿元。2018年结转收入360.4亿元。\n"
        "二、2020年预算草案\n"
        "国防支出12680.05亿元，比2019年增长6.6%。\n"
    )
    years = {r.figure.written: r.year for r in analyse(text).readings if r.role != R.YEAR}
    assert years == {"11896.56亿": 2019, "360.4亿": 2018, "12680.05亿": 2020, "6.6%": 2020}


def test_a_year_followed_by_since_is_no_year_of_the_running_total() -> None:
    # 2013年以来…127万名教师 is the total up to the year of the text, not a figure of 2013
    text = "2018年，乡村教师队伍稳定。2013年以来中央财政划拨奖补资金157亿元，惠及127万名教师。"
    years = {r.figure.written: r.year for r in analyse(text).readings if r.role != R.YEAR}
    assert years == {"157亿": 2018, "127万": 2018}


@pytest.mark.parametrize(
    ("text", "written", "value", "qualifier"),
    [
        ("城镇新增就业1500万人以上。", "1500万", "1500万人以上", ""),  # after the unit: read with it
        ("城镇登记失业率控制在5.5%以内。", "5.5%以内", "5.5%以内", ""),  # the grammar reads 以内
        ("调入比例进一步提高到约35%。", "约35%", "约35%", ""),  # before the figure: the grammar reads it
        ("全县建成公共安全监控点5000个左右。", "5000", "5000个左右", ""),
        ("中国人均粮食占有量达到470公斤左右。", "470", "470公斤左右", ""),
    ],
)
def test_qualifiers_wherever_they_stand(text: str, written: str, value: str, qualifier: str) -> None:
    r = reading(text, written)
    assert (r.value, r.qualifier, r.exact_enough) == (value, qualifier, not qualifier)


def test_a_footnote_mark_a_ratio_and_a_time_are_no_figures() -> None:
    assert [r.figure.written for r in analyse("国内生产总值［2］990865亿元。见注释[12]。").readings] == ["990865亿"]
    text = "按照1:5比例确定入围面试人员，不足1：5比例的按实际人数确定，10:30开始，共3人。"
    assert [r.figure.written for r in analyse(text).readings] == ["3"]


def test_sections_nest_by_numbering_style_and_skip_a_table_of_contents() -> None:
    text = (
        "中国的粮食安全\n"
        "一、成就\n（一）产量\n（二）储备\n二、道路\n（一）生产\n"  # the contents
        "前言，正文如下。\n"
        "一、成就\n（一）产量\n粮食产量稳步增长，共6亿吨。\n（二）储备\n储备充足。\n"
        "二、道路\n（一）生产\n生产能力提升。\n1.耕地\n耕地保护，共18亿亩。\n"
    )
    doc = analyse(text)
    assert [(s.id, s.title, s.parent) for s in doc.sections] == [
        ("s1", "成就", None),
        ("s1_1", "产量", "s1"),
        ("s1_2", "储备", "s1"),
        ("s2", "道路", None),
        ("s2_1", "生产", "s2"),
        ("s2_1_1", "耕地", "s2_1"),
    ]
    assert doc.headline == "中国的粮食安全"


def test_unnumbered_subheadings_are_sections() -> None:
    text = (
        "稳就业的一年\n本报记者 张三\n"
        "政策发力\n全年城镇新增就业1352万人，连续七年超过1300万人。\n"
        "结构优化\n第三产业就业人员比重提高，达到47.4%，比上年提高1.3个百分点。\n"
    )
    doc = analyse(text)
    assert [s.title for s in doc.sections] == ["政策发力", "结构优化"]
