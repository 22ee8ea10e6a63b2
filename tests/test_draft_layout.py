"""What a curator sees in a draft: the headline, the sections, ids, labels and units.

The texts are short excerpts of real People's Daily articles (../shared/corpus/people-daily),
copied here so that the tests stand alone.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from jinsha_cli.core.textfiles import read_document
from jinsha_cli.draft.document import HEADLINE, analyse, headline_of, subheadings
from jinsha_cli.draft.extract import extract
from jinsha_cli.draft.labels import clean_label, fragment_reason
from jinsha_cli.draft.vocabulary import english

FIXTURES = Path(__file__).parent / "fixtures"

# The employment article (2019-02/20190225-13-02): a kicker ending with ——, the main title
# with a column tag, an editor's note, a rhetorical question and three subheadings, each
# followed by two deck lines.
EMPLOYMENT = (
    "去年我国城镇新增就业1361万人，连续第六年超过1300万人——\n"
    "措施有力就业稳（数字看“六稳”）\n"
    "\n"
    "　　回首2018年，中国经济保持总体平稳、稳中有进的良好态势。\n"
    "　　——编 者 \n"
    "　　\n"
    "　　就业是什么？\n"
    "　　就业是农民工手中的返城车票。正月初五，江西赣州于都县船坑村村民张华寿背上行囊，"
    "坐上开往广东东莞的K4366次务工专列，“厂里承诺，只要年后回去上班就能涨1000多块工资，一个月能挣8000多元！”\n"
    "　　习近平总书记强调，就业是最大的民生工程、民心工程、根基工程，是社会稳定的重要保障，必须抓紧抓实抓好。"
    "我国新增就业创新高，创业环境更向好！\n"
    "　　指标靓、成绩优，去年就业稳中向好\n"
    "　　城镇新增就业完成全年目标的123.7%\n"
    "　　城镇登记失业率为3.8%，居近年来低位\n"
    "　　“去年底，全公司8500多人全部足额发放工资，工资水平比上年提高10%！”"
    " 中车齐车集团公司人力资源部部长石宏斌一脸自豪。\n"
    "　　“1361万人”——去年我国城镇新增就业1361万人，完成全年目标的123.7%，创历史新高，连续第六年超过1300万人。\n"
    "　　政策好、措施实，援企稳岗显功效\n"
    "　　失业保险返还197.7亿元，惠及职工6445万人\n"
    "　　为61.4万人次发放技能提升补贴9.8亿元\n"
    "　　时光回溯，石宏斌也曾陷入焦虑。2016年，受大宗货物运输量骤降影响，企业订单锐减，低迷期一下就是两年。\n"
)

HEADLINES = [
    # (opening of a real article, the headline's lines, its main title)
    (
        EMPLOYMENT,
        ("去年我国城镇新增就业1361万人，连续第六年超过1300万人——", "措施有力就业稳（数字看“六稳”）"),
        "措施有力就业稳",
    ),
    (  # 2019-02/20190227-06-05: a subtitle opened by ——
        "\n农家书屋深化改革再出发\n——中宣部印刷发行局负责人谈农家书屋提质增效\n"
        "　　近日， 中央宣传部等十部门联合印发《农家书屋深化改革创新 提升服务效能实施方案》。\n",
        ("农家书屋深化改革再出发", "——中宣部印刷发行局负责人谈农家书屋提质增效"),
        "农家书屋深化改革再出发",
    ),
    (  # 2020-05/20200507-16-01: a kicker ending with ：
        "杨善洲：\n草鞋书记 一心为民（为了民族复兴·英雄烈士谱）\n\n"
        "　　据新华社电\xa0\xa0（记者林碧锋）“只要生命不结束，服务人民不停止。”这是杨善洲生前说过的一句话。\n",
        ("杨善洲：", "草鞋书记 一心为民（为了民族复兴·英雄烈士谱）"),
        "草鞋书记 一心为民",
    ),
    (  # 2020-05/20200531-02-02 (the budget report): the salutation is already the body
        "\n关于2019年中央和地方预算执行情况与2020年中央和地方预算草案的报告\n"
        "——2020年5月22日在第十三届全国人民代表大会第三次会议上\n各位代表：\n"
        "　　受国务院委托，现将2019年中央和地方预算执行情况与2020年中央和地方预算草案"
        "提请十三届全国人大三次会议审议。\n",
        (
            "关于2019年中央和地方预算执行情况与2020年中央和地方预算草案的报告",
            "——2020年5月22日在第十三届全国人民代表大会第三次会议上",
        ),
        "关于2019年中央和地方预算执行情况与2020年中央和地方预算草案的报告",
    ),
    (  # the food-security white paper: a date note in parentheses
        "\n中国的粮食安全\n（2019年10月）\n　　目 录\n　　前 言\n",
        ("中国的粮食安全", "（2019年10月）"),
        "中国的粮食安全",
    ),
    (  # 2019-02/20190201-04-03: a column tag of a commentary
        "\n让公众感受历史的魅力（人民论坛）\n——从历史中汲取走向未来的智慧⑦\n"
        "　　在一件件国宝中触摸文化的宝藏，于一封封家书中感受家国的情怀。\n",
        ("让公众感受历史的魅力（人民论坛）", "——从历史中汲取走向未来的智慧⑦"),
        "让公众感受历史的魅力",
    ),
    (  # a text not laid out as a newspaper: only a short first line is a headline
        "青溪县2023年国民经济和社会发展统计公报\n\n青溪县统计局\n2024年3月15日\n\n2023年，全县经济稳中求进。\n",
        ("青溪县2023年国民经济和社会发展统计公报",),
        "青溪县2023年国民经济和社会发展统计公报",
    ),
    (  # 2019-02/20190213-01-01: a long column tag holding ——
        "\n构建良好政治生态 推动经济爬坡过坎（在习近平新时代中国特色社会主义思想指引下——新时代新作为新篇章）\n"
        "——辽宁落实习近平总书记全国两会重要讲话精神纪实\n　　2月12日，辽宁省委召开全会。\n",
        (
            "构建良好政治生态 推动经济爬坡过坎（在习近平新时代中国特色社会主义思想指引下——新时代新作为新篇章）",
            "——辽宁落实习近平总书记全国两会重要讲话精神纪实",
        ),
        "构建良好政治生态 推动经济爬坡过坎",
    ),
    ("2023年，全县经济稳中求进。\n全年生产总值增长5%。\n", None, None),
]


@pytest.mark.parametrize(("text", "lines", "title"), HEADLINES)
def test_the_headline_block_and_its_main_title(text: str, lines: tuple[str, ...] | None, title: str | None) -> None:
    headline = headline_of(text)
    assert (headline.lines if headline else None, headline.title if headline else None) == (lines, title)


SUBHEADINGS = [
    # (a real excerpt, the subheadings found in it)
    (
        EMPLOYMENT[EMPLOYMENT.index("　　习近平") :],
        ["指标靓、成绩优，去年就业稳中向好", "政策好、措施实，援企稳岗显功效"],
    ),
    # a question on its own line opens the paragraph after it
    (
        "　　——编 者 \n　　\n　　就业是什么？\n"
        "　　就业是农民工手中的返城车票。正月初五，江西赣州于都县船坑村村民张华寿背上行囊。\n",
        [],
    ),
    (  # 2020-05/20200512-17-01: a 核心阅读 box and a subheading
        "　　核心阅读\n"
        "　　在新冠肺炎疫情叠加欧洲经济自身长期存在的结构性矛盾影响下，欧盟今年可能出现严重的经济衰退。\n"
        "　　欧盟及成员国相继采取积极财政政策和经济刺激措施，并逐步解除限制措施，为重启经济创造条件。\n"
        "　　经济普遍遭受冲击\n"
        "　　根据欧委会的预测，受疫情快速蔓延及各国政府采取的高强度限制措施影响，2020年欧盟经济将萎缩7.4%。\n",
        ["核心阅读", "经济普遍遭受冲击"],
    ),
    (  # 2019-02/20190212-05-04: a verse and its credit line are no headings
        "　　机身搭载摄像装置，把道路交通状况及时传回后台。\n　　这正是：\n　　无人机上岗，\n　　路况手中掌。\n"
        "　　交警添“飞翼”，\n　　畅行有保障。\n　　勾  犇图  羽  生文\n",
        [],
    ),
    (  # 2019-02/20190221-03-06: a photo caption
        "　　2月20日，武警天津总队机动支队进行实战化练兵，提高特战队员的应急处突反恐能力。\n"
        "　　刘春辉摄（影像中国） \n",
        [],
    ),
    (  # (constructed) a run of short lines is a table or a list, not headings
        "　　主要指标如下。\n　　地区生产总值\n　　一般公共预算收入\n"
        "　　城镇居民人均可支配收入\n　　农村居民人均可支配收入\n"
        "　　全年地区生产总值比上年增长5.2%，一般公共预算收入增长3.1%，居民收入稳步增加。\n",
        [],
    ),
]


@pytest.mark.parametrize(("text", "titles"), SUBHEADINGS)
def test_unnumbered_subheadings_stand_between_paragraphs(text: str, titles: list[str]) -> None:
    assert [title for _, title in subheadings(text)] == titles


def test_the_employment_article_drafts_its_headline_and_subheadings() -> None:
    doc = analyse(EMPLOYMENT)
    assert [(s.id, s.title) for s in doc.sections] == [
        ("part1", "指标靓、成绩优，去年就业稳中向好"),
        ("part2", "政策好、措施实，援企稳岗显功效"),
    ]
    draft = extract(EMPLOYMENT)
    assert list(draft.sections) == [HEADLINE, "lead", "part1", "part2"]
    headline = "去年我国城镇新增就业1361万人，连续第六年超过1300万人——措施有力就业稳（数字看“六稳”）"
    assert draft.sections[HEADLINE] == (None, headline)
    assert draft.source["title"] == "措施有力就业稳"
    sections: dict[str | None, str] = {}
    for fact in draft.facts.values():  # the section of each value's first statement
        sections.setdefault(fact.value, fact.section)
    # the headline's figures, a deck line's and a paragraph's each in their own section
    assert sections["超过1300万"] == HEADLINE
    assert sections["123.7%"] == "part1"
    assert sections["197.7亿"] == "part2"
    assert sections["1000多"] == "lead"


# --- labels: the phrase the figure quantifies, or empty; never a fragment -----------------------

LABELS = [
    # (a real sentence, the figure as written, the Chinese label, the English label)
    ("去年我国城镇新增就业1361万人，连续第六年超过1300万人——", "1361万", "城镇新增就业", "new urban jobs"),
    ("去年我国城镇新增就业1361万人，连续第六年超过1300万人——", "超过1300万", "", ""),
    (
        "　　“15829元”——去年全国居民人均工资性收入15829元，同比增长8.3%。",
        "15829",
        "全国居民人均工资性收入",
        "national residents per capita wage income",
    ),
    (
        "　　“3.8%”——去年末，全国城镇登记失业率为3.8%，为近10多年来最低水平。",
        "3.8%",
        "全国城镇登记失业率",
        "national urban registered unemployment rate",
    ),
    (
        "去年各月全国城镇调查失业率保持在5%左右",
        "5%左右",
        "全国城镇调查失业率",
        "national urban surveyed unemployment rate",
    ),
    (
        "任务之一就是将城镇调查失业率控制在5.5%以内",
        "5.5%以内",
        "城镇调查失业率",
        "urban surveyed unemployment rate target",
    ),
    ("从就业、金融、外贸、外资、投资、预期等六个领域的相关数据切入", "六", "领域", ""),  # what the list's count counts
    ("“厂里承诺，只要年后回去上班就能涨1000多块工资，一个月能挣8000多元！”", "1000多", "", ""),
    ("去年底，全公司8500多人全部足额发放工资，工资水平比上年提高10%！", "10%", "工资水平", ""),
    (
        "去年四季度，我国劳动力市场求人倍率为1.27",
        "1.27",
        "劳动力市场求人倍率",
        "labour market job vacancy-to-applicant ratio",
    ),
    (
        "全国一般公共预算收入190382.23亿元",
        "190382.23亿",
        "全国一般公共预算收入",
        "national general public budget revenue",
    ),
    ("税收收入157992.21亿元，增长1%", "1%", "税收收入", "tax revenue growth"),
    ("初步核算，去年服务业增加值占GDP比重达52.2%", "52.2%", "服务业增加值占GDP比重", ""),
    ("他累计巡线8万多公里", "8万多", "", ""),  # 2019-02/20190205-01-05
    ("“以前小渔船的吨位是20吨", "20", "小渔船的吨位", ""),  # 2019-02/20190211-02-01
    ("每道菜需要加收5元服务费", "5", "", ""),  # 2019-02/20190211-10-05
    ("全国航班正常率达81.65%", "81.65%", "全国航班正常率", ""),
]


@pytest.mark.parametrize(("text", "written", "zh", "en"), LABELS)
def test_labels_are_the_quantified_phrase_or_empty(text: str, written: str, zh: str, en: str) -> None:
    *_, fact = [f for f in extract(text).facts.values() if f.value == written]  # the last: the sentence's own
    assert (fact.zh, fact.en) == (zh, en)
    assert fragment_reason(fact.zh) == ""


FRAGMENTS = [
    # (a label the phrase reader gave, what clean_label keeps of it)
    ("连续第六年", ""),
    ("预期等", ""),
    ("只要年后回去上班就能涨", ""),
    ("和", ""),
    ("为近", ""),
    ("——随着经济结构逐步", ""),
    ("比上年提高", ""),
    ("高于城镇就业人员", ""),
    ("——去年全国居民人均工资性收入", "全国居民人均工资性收入"),
    ("各月全国城镇调查失业率保持在", "全国城镇调查失业率"),
    ("惠及职工", "职工"),
    ("四季度", ""),
    ("就业率", "就业率"),  # starts with 就 and is a name
    ("居民消费水平", "居民消费水平"),  # ends with 平 and is a name
    ("国内", "国内"),
    ("城镇新增就业", "城镇新增就业"),
]


@pytest.mark.parametrize(("phrase", "label"), FRAGMENTS)
def test_a_fragment_is_never_a_label(phrase: str, label: str) -> None:
    assert clean_label(phrase) == label


def test_the_employment_article_has_no_fragment_label() -> None:
    draft = extract(read_document(FIXTURES / "employment.txt"))
    labels = [f.zh for f in draft.facts.values() if f.zh and f.value is not None]  # lists are named by finders
    assert len(labels) >= 30
    assert [label for label in labels if fragment_reason(label)] == []
    english = {(f.zh, f.en) for f in draft.facts.values() if f.en}
    assert ("城镇新增就业", "new urban jobs") in english
    assert ("城镇新增就业", "new urban jobs increase") in english  # 比2012年多增34万人
    assert ("城镇登记失业率", "urban registered unemployment rate") in english


# --- the vocabulary of statistical terms (data/terms.tsv) ---------------------------------------


def test_the_terms_file_is_well_formed() -> None:
    rows = [
        line.split("\t")
        for line in resources.files("jinsha_cli.draft").joinpath("data", "terms.tsv").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(rows) >= 150
    assert all(len(row) == 3 for row in rows), [row for row in rows if len(row) != 3]
    chinese = [row[0] for row in rows]
    assert len(set(chinese)) == len(chinese), "a term is listed twice"
    for zh, word, en in rows:
        assert re.fullmatch("[\u4e00-\u9fffA-Za-z0-9]+", zh), zh
        assert re.fullmatch("[a-z][a-z0-9_]*", word), word
        assert re.fullmatch("[A-Za-z][A-Za-z0-9 ,'()-]*", en) and en == en.strip(), en


@pytest.mark.parametrize(
    ("phrase", "en"),
    [
        ("城镇新增就业", "new urban jobs"),
        ("城镇登记失业率", "urban registered unemployment rate"),
        ("一般公共预算收入", "general public budget revenue"),
        ("第一产业增加值", "primary industry value added"),
        ("城镇居民人均可支配收入", "urban residents per capita disposable income"),
        ("城镇新增就业完成全年目标", ""),  # not wholly made of terms: left empty
        ("技能提升补贴", ""),
    ],
)
def test_english_labels_are_composed_of_known_terms_only(phrase: str, en: str) -> None:
    assert english(phrase) == en


# --- units from the text; a guess stays marked ------------------------------------------------

UNITS = [
    # (a real sentence, the figure, its unit, whether it is a guess)
    ("“厂里承诺，只要年后回去上班就能涨1000多块工资，一个月能挣8000多元！”", "1000多", "元", True),
    ("光租房每月就得花400块钱。", "400", "元", True),  # 2019-02: 块钱 is money
    ("录，是我国现有的57块国际重要湿地", "57", "块", False),  # 块 counts wetlands
    ("何龙的工位前有3块屏幕", "3", "块", False),
    ("去年四季度，我国劳动力市场求人倍率为1.27", "1.27", "", False),  # a ratio has no unit
    ("一个月能挣8000多元", "8000多", "元", False),
    ("共3,其中", "3", "个", True),
]


@pytest.mark.parametrize(("text", "written", "unit", "guessed"), UNITS)
def test_units_come_from_the_text_and_a_guess_is_marked(text: str, written: str, unit: str, guessed: bool) -> None:
    fact = next(f for f in extract(text).facts.values() if f.value == written)
    assert (fact.unit, "unit-guessed" in fact.tags) == (unit, guessed)
    assert ("guess" in fact.note) == guessed


# --- ids: readable, and stable when the document changes elsewhere --------------------------


def _ids_by_quote(text: str) -> dict[tuple[str, str], str]:
    return {(f.value or "", quote): f.id for f in extract(text).facts.values() for quote in f.quotes}


@pytest.mark.parametrize(
    "unrelated",
    [
        "　　2017年，全国铁路发送旅客30.4亿人次，春运期间日均开行旅客列车4000列。\n",  # figures and a year
        "　　这是一个新的开始。\n",
    ],
)
def test_ids_stay_when_an_unrelated_sentence_is_added(unrelated: str) -> None:
    text = read_document(FIXTURES / "employment.txt").replace("\r\n", "\n")
    at = text.index("　　即日起")
    before = _ids_by_quote(text)
    after = _ids_by_quote(text[:at] + unrelated + text[at:])
    changed = {key: (before[key], after.get(key)) for key in before if after.get(key) != before[key]}
    assert changed == {}


def test_ids_without_a_phrase_come_from_the_value_not_a_counter() -> None:
    draft = extract(read_document(FIXTURES / "employment.txt"))
    ids = set(draft.facts)
    assert {"year_2018", "year_2019"} <= ids
    assert not any(re.fullmatch(r"(?:.*\.)?(?:year|date|figure|rate|count)(?:_[0-9])?", i) for i in ids), sorted(ids)
