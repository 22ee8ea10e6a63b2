"""Realistic synthetic fact files for the benchmarks.

A file is made of groups of 13 facts and 13 rules that look like one paragraph
of a county report: households and people employed, the employment rate (a
GRIM-style whole() check), areas written with 万 and a ">" bound, a budget in
亿余 and spending in 万余, a code such as 1+14+26+242, a digit code that
abbreviates two areas, a count in Chinese numerals, and two lists of townships.
Every rule kind of the language appears in each group: comparisons, arithmetic,
sum, whole, between, increasing, digits, term and count on codes, same_set,
subset, distinct and respectively on list facts, and the logic operators. Every quote is a
Chinese clause that states its value as written, so the provenance check has
work to do too. Every 25th group carries a known discrepancy and every 40th a
warning that fails, as real files do.

    python bench/generate.py 10000 -o /tmp/facts-10k.yaml
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

FACTS_PER_GROUP = 13
GROUPS_PER_SECTION = 50

_TOWN_FIRST = "马太石清平岩高柳沙禹源新化官桂安城茶木西东南北"
_TOWN_SECOND = "路平场池坝孔坪塘溪河山田林口桥寨湾"
_TOWN_KIND = ("乡", "镇")
_TOPICS = ("employment", "industry", "housing", "education", "health", "roads", "water", "relocation")


def _towns(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(_TOWN_FIRST) + rng.choice(_TOWN_SECOND) + rng.choice(_TOWN_KIND)
        if name not in names:
            names.append(name)
    return names


def _wan(value: int) -> str:
    """An area in 万 with two decimals, as a report prints it: 3.24万."""
    return f"{value / 10_000:.2f}万"


def _fact(fid: str, value: str, unit: str | None, quote: str, section: str, zh: str, en: str, tags: str) -> str:
    lines = [f"  {fid}:", f"    value: {value}"]
    if unit is not None:
        lines.append(f"    unit: {unit}")
    lines += [f"    quote: {quote}", f"    section: {section}", f"    zh: {zh}", f"    en: {en}", f"    tags: [{tags}]"]
    return "\n".join(lines)


def _list_fact(fid: str, items: list[str], quote: str, section: str, zh: str, en: str, tags: str) -> str:
    return "\n".join(
        [
            f"  {fid}:",
            f"    items: [{', '.join(items)}]",
            f"    quote: {quote}",
            f"    section: {section}",
            f"    zh: {zh}",
            f"    en: {en}",
            f"    tags: [{tags}]",
        ]
    )


def _rule(rid: str, check: str, zh: str, en: str, tags: str, severity: str = "error", known: str = "") -> str:
    lines = [f"  {rid}:", f"    check: {check}", f"    zh: {zh}", f"    en: {en}", f"    severity: {severity}"]
    lines.append(f"    tags: [{tags}]")
    if known:
        lines.append(f"    known: {known}")
    return "\n".join(lines)


def group(index: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """The 13 facts and 13 rules of one group."""
    topic = _TOPICS[index % len(_TOPICS)]
    g = f"{topic}.g{index}"
    section = f"s{index // GROUPS_PER_SECTION + 1}"
    tags = f"{topic}, g{index % 7}"

    households = rng.randint(50, 250) if index % 2 else rng.randint(1_000, 30_000)  # half small enough for GRIM
    people = households * rng.randint(15, 35) // 10
    labour = people * rng.randint(1010, 1100) // 1000
    rate = round(people * 100 / labour, 1)
    if index % 25 == 24:  # a rate that no whole labour force fits (for small counts): a known discrepancy
        people, households, rate = 616, 413, 92.0
    area_a = rng.randint(10_000, 99_999)
    area_b = rng.randint(10_000, 99_999)
    cap = (area_a + area_b) // 10_000 + 1
    budget_yi = rng.randint(11, 99) / 10
    spent_wan = int(budget_yi * 10_000) - rng.randint(100, 900)
    terms = sorted(rng.sample(range(1, 400), 4))
    code = "+".join(str(t) for t in terms)
    abbrev = _wan(area_a)[0] + _wan(area_b)[0]
    towns = _towns(rng, 5)
    west = rng.sample(towns, 3)
    teams = "五"

    sentence = f"全县建档立卡劳动力就业{households}户{people}人"
    facts = [
        _fact(f"{g}.households", str(households), "户", sentence, section, "就业户数", "households employed", tags),
        _fact(f"{g}.people", str(people), "人", sentence, section, "就业人数", "people employed", tags),
        _fact(f"{g}.rate", f"{rate}%", None, f"就业率{rate}%", section, "就业率", "employment rate", tags),
        _fact(f"{g}.area_a", _wan(area_a), "亩", f"发展茶叶{_wan(area_a)}亩", section, "茶叶面积", "tea area", tags),
        _fact(
            f"{g}.area_b", _wan(area_b), "亩", f"种植高粱{_wan(area_b)}亩", section, "高粱面积", "sorghum area", tags
        ),
        _fact(f"{g}.area_cap", f'">{cap * 10}万"', "亩", f"全县耕地>{cap * 10}万亩", section, "耕地", "farmland", tags),
        _fact(
            f"{g}.budget", f"{budget_yi}亿余", "元", f"累计投入资金{budget_yi}亿余元", section, "投入", "budget", tags
        ),
        _fact(f"{g}.spent", f"{spent_wan}余万", "元", f"已拨付{spent_wan}余万元", section, "拨付", "spent", tags),
        _fact(f"{g}.code", code, None, f"形成“{code}”作战体系", section, "作战体系", "command structure", tags),
        _fact(f"{g}.abbrev", abbrev, "''", f"围绕“{abbrev}”产业目标", section, "产业目标", "industry code", tags),
        _fact(f"{g}.teams", teams, "个", f"组建{teams}个工作组", section, "工作组", "working teams", tags),
        _list_fact(f"{g}.towns", towns, f"涉及{'、'.join(towns)}等乡镇", section, "乡镇", "townships", tags),
        _list_fact(f"{g}.west", west, f"其中西部的{'、'.join(west)}", section, "西部乡镇", "western townships", tags),
    ]
    known = "the article's rate fits no whole labour force" if index % 25 == 24 else ""
    warn = "warning" if index % 40 == 39 else "error"
    rules = [
        _rule(f"{g}.per-household", f"{g}.people / {g}.households >= 1", "每户至少1人", "one per household", tags),
        _rule(
            f"{g}.household-size",
            f"between({g}.people / {g}.households, 1, {1.2 if warn == 'warning' else 4})",
            "户均人数合理",
            "plausible household size",
            tags,
            severity=warn,
        ),
        _rule(f"{g}.rate-fits", f"whole({g}.people / {g}.rate)", "就业率对应整数", "GRIM", tags, known=known),
        _rule(f"{g}.areas-fit", f"{g}.area_a + {g}.area_b < {g}.area_cap", "面积之和", "areas within farmland", tags),
        _rule(f"{g}.spent-within", f"{g}.spent <= {g}.budget", "拨付不超投入", "spent within budget", tags),
        _rule(f"{g}.code-sum", f"sum({g}.code) == {sum(terms)}", "体系合计", "the code adds up", tags),
        _rule(f"{g}.code-terms", f"term({g}.code, 1) < term({g}.code, 4)", "首末项", "first below last", tags),
        _rule(f"{g}.code-increasing", f"increasing({g}.code)", "逐级递增", "levels increase", tags),
        _rule(f"{g}.code-count", f"count({g}.code) == 4 and count({g}.towns) == 5", "项数", "four levels", tags),
        _rule(f"{g}.abbrev", f"digits({g}.abbrev, {g}.area_a, {g}.area_b)", "缩写", "the code abbreviates", tags),
        _rule(
            f"{g}.west-within",
            f"subset({g}.west, {g}.towns) and respectively({g}.west, {g}.area_a, {g}.area_b, {g}.teams)",
            "西部属于全县",
            "west is part",
            tags,
        ),
        _rule(
            f"{g}.towns-distinct",
            f"distinct({g}.towns) and not same_set({g}.west, {g}.towns)",
            "乡镇不重复",
            "no township twice",
            tags,
        ),
        _rule(f"{g}.teams", f"{g}.teams * 2 != count({g}.towns) * 3", "工作组", "teams per township", tags),
    ]
    return facts, rules


def fact_file(facts: int, seed: int = 7) -> Iterator[str]:
    """The text of a fact file with about ``facts`` facts and as many rules, in chunks."""
    rng = random.Random(seed)
    groups = max(1, round(facts / FACTS_PER_GROUP))
    sections = (groups - 1) // GROUPS_PER_SECTION + 1
    yield "# yaml-language-server: $schema=../jinsha_cli/facts.schema.json\n"
    yield f"# synthetic benchmark file: {groups * FACTS_PER_GROUP} facts, {groups * FACTS_PER_GROUP} rules\n"
    yield "source:\n  title: 合成基准文件\n  language: zh\nsections:\n"
    for number in range(1, sections + 1):
        yield f"  s{number}: {{number: {number}, title: 第{number}部分}}\n"
    rule_blocks: list[str] = []
    yield "facts:\n"
    for index in range(groups):
        group_facts, group_rules = group(index, rng)
        yield "\n".join(group_facts) + "\n"
        rule_blocks.append("\n".join(group_rules) + "\n")
    yield "rules:\n"
    yield from rule_blocks


def write(path: Path, facts: int, seed: int = 7) -> tuple[int, int]:
    """Write a fact file; returns (facts, rules) written."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for chunk in fact_file(facts, seed):
            out.write(chunk)
    groups = max(1, round(facts / FACTS_PER_GROUP))
    return groups * FACTS_PER_GROUP, groups * FACTS_PER_GROUP


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("facts", type=int, help="about how many facts (and as many rules)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    facts, rules = write(args.output, args.facts, args.seed)
    print(f"{args.output}: {facts} facts, {rules} rules")


if __name__ == "__main__":
    main()
