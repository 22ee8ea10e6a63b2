"""Lists in drafts: 分别 (the names before it, one for each value after it), on real sentences.

Each row is a sentence from People's Daily (or one of the dev documents), the names the
draft pairs with the values (None: nothing may be drafted) and the verdict jinsha gives.
A row with a made-up discrepancy says so; every other row is printed as it stands.
"""

from __future__ import annotations

import pytest

import jinsha_cli as jinsha
from jinsha_cli.draft.extract import draft_factbook, extract


def _drafted(pattern: str, text: str) -> list[tuple[tuple[str, ...], int, str]]:
    """(names, number of values, verdict) of each rule ``pattern`` drafts for ``text``."""
    draft = extract(text)
    book = jinsha.load_text(draft_factbook(text), "draft.yaml")
    assert book.problems == [], [str(p) for p in book.problems]
    statuses = {r.rule: r.status for r in jinsha.check(book).results if r.kind == "rule"}
    found = []
    for rule in draft.rules.values():
        if rule.pattern != pattern:
            continue
        list_id, *values = rule.check.removeprefix("respectively(").removesuffix(")").split(", ")
        items = draft.facts[list_id].items
        assert items is not None
        found.append((items, len(values), statuses[rule.id]))
    return found


RESPECTIVELY = [
    # names and values in one clause
    (
        "稻谷、小麦、玉米的每公顷产量分别为6916.9公斤、5481.2公斤、6110.3公斤。",
        [(("稻谷", "小麦", "玉米"), 3, "pass")],
    ),
    # later clauses of the sentence that list values under 分别 pair them with the same names
    (
        "2017年稻谷、小麦、玉米的每公顷产量分别为6916.9公斤、5481.2公斤、6110.3公斤，"
        "较1996年分别增长11.3%、46.8%、17.4%，比世界平均水平分别高50.1%、55.2%、6.2%。",
        [(("稻谷", "小麦", "玉米"), 3, "pass")] * 3,
    ),
    (
        "2018年实现机械通风、粮情测控和环流熏蒸系统的仓容分别达到7.5亿吨、6.6亿吨和2.8亿吨。",
        [(("机械通风", "粮情测控", "环流熏蒸系统"), 3, "pass")],
    ),
    ("大气、水、土壤等方面污染防治资金分别安排250亿元、317亿元、40亿元。", [(("大气", "水", "土壤"), 3, "pass")]),
    ("今年尼日利亚和南非经济预期增速分别为2.3%和0.7%。", [(("今年尼日利亚", "南非经济预期增速"), 2, "pass")]),
    # the names after the clause's last figure: 三大粮食作物的农药、化肥利用率
    (
        "水稻、小麦、玉米三大粮食作物的农药、化肥利用率分别达到38.8%、37.8%，病虫草害损失率大幅降低。",
        [(("农药", "化肥利用率"), 2, "pass")],
    ),
    # the names in the clause before a clause of only a year
    (
        "涉粮外资企业加工转化粮食数量、产品销售收入不断增加，2018年分别占到全国的14.5%、17%。",
        [(("涉粮外资企业加工转化粮食数量", "产品销售收入不断增加"), 2, "pass")],
    ),
    # 和 and 及 inside a name, or joining the last two into one group: the count the values give
    (
        "电信服务、家用电器制造、黑色冶金、轨道交通设备及零部件制造企业分别参与制定了949项、127项、108项、103项。",
        [(("电信服务", "家用电器制造", "黑色冶金", "轨道交通设备及零部件制造企业"), 4, "pass")],
    ),
    (
        "存款类金融机构、非银行金融机构、非法人机构投资者和其他投资者的持有债券占比分别为23.8%、7.0%、69.2%。",
        [(("存款类金融机构", "非银行金融机构", "非法人机构投资者和其他投资者"), 3, "pass")],
    ),
    (
        "立案数、涉案金额、涉及人员同比分别下降43.66%、52.41%和76.52%。",
        [(("立案数", "涉案金额", "涉及人员同比"), 3, "pass")],
    ),
    # made up: a value left out of a plain list of three (城区亮化率、… 97%、98%和99% in the paper)
    (
        "城区亮化率、自来水普及率、垃圾处理率分别达到97%和99%。",
        [(("城区亮化率", "自来水普及率", "垃圾处理率"), 2, "fail")],
    ),
    # made up: 等 may leave names out, so more values than names is no discrepancy; fewer is
    ("大气、水、土壤等方面污染防治资金分别安排250亿元、317亿元、40亿元、50亿元。", []),
    ("大气、水、土壤等方面污染防治资金分别安排250亿元、317亿元。", [(("大气", "水", "土壤"), 2, "fail")]),
    # values paired with values, not with names
    ("最高人民法院受理案件38498件，审结34481件，同比分别上升10.7%和8.2%。", []),
    ("2018年，粮食进口总量为11555万吨，出口总量366万吨，分别比1996年增长944.8%、171.1%。", []),
    # the names stand after 分别, or the values are dates
    ("M2同比增长8.7%，增速分别比上月末和上年同期高0.5个和0.6个百分点。", []),
    ("十三届全国人大二次会议和全国政协十三届二次会议将分别于3月5日和3月3日在北京开幕。", []),
    # a list of two whose count is open (A和B: two names, or one with 和 inside) never fails
    ("个人和企业征信系统累计查询量分别为24亿次、1.1亿次和3亿次。", []),
]


@pytest.mark.parametrize(("text", "expected"), RESPECTIVELY)
def test_respectively_pairs_the_names_before_it_with_the_values_after_it(
    text: str, expected: list[tuple[tuple[str, ...], int, str]]
) -> None:
    assert _drafted("respectively", text) == expected
