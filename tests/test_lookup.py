"""Quick lookups end to end on the bundled fact file: find, show, list, rule."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jinsha_cli import load
from jinsha_cli.cli import app
from jinsha_cli.lookup.pinyin import latin_pinyin, pinyin_spans
from jinsha_cli.lookup.ranking import PINYIN, QUESTION, TEXT, TYPO, search
from jinsha_cli.lookup.records import interval_end
from jinsha_cli.lookup.words import negates, stem

from .conftest import BUNDLED

runner = CliRunner()
EMPLOYMENT_RATES = ["employment.poor.rate", "employment.relocation.rate", "employment.edge.rate"]
WIDE = {"COLUMNS": "250", "NO_COLOR": "1"}


def run(*args: str):
    return runner.invoke(app, list(args), env=WIDE)


def as_json(*args: str):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# find ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "read_as"),
    [
        (["就业率"], TEXT),
        (["jyl"], PINYIN),
        (["jiuyelv"], PINYIN),
        (["jiu4", "ye4", "lv4"], PINYIN),
        (["Jiù", "yè", "lǜ"], PINYIN),
        (["employment rate"], TEXT),
        (["employment", "rate"], TEXT),
        (["Employment", "RATES"], TEXT),
    ],
)
def test_find_the_three_employment_rates(bundled_copy: Path, query: list[str], read_as: str) -> None:
    data = as_json("find", *query, "--facts", str(bundled_copy))
    assert sorted(hit["id"] for hit in data["results"]) == sorted(EMPLOYMENT_RATES)
    assert data["read_as"] == read_as and data["total"] == 3
    assert all(hit["match"]["tier"] == "label" for hit in data["results"])


def test_a_wrong_tone_does_not_match(bundled_copy: Path) -> None:
    result = run("find", "jiu3ye4lv4", "--facts", str(bundled_copy))
    assert result.exit_code == 1
    assert "No fact matches" in result.stdout


def test_find_with_a_typo_finds_the_relocation_facts(bundled_copy: Path) -> None:
    data = as_json("find", "relocatd", "--facts", str(bundled_copy))
    ids = [hit["id"] for hit in data["results"]]
    assert data["read_as"] == TYPO
    assert {"relocation.households", "relocation.people", "employment.relocation.people"} <= set(ids)
    assert all("relocat" in json.dumps(hit, ensure_ascii=False) for hit in data["results"])


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("秋查", "crops.autumn_tea.area"),  # 查 chá for 茶 chá, as an input method offers it
        ("秋查种了多少亩", "crops.autumn_tea.area"),
        ("辣交", "crops.chili.area"),  # 交 jiāo for 椒 jiāo
    ],
)
def test_a_chinese_homophone_typo_is_read_by_its_sound(bundled_copy: Path, query: str, first: str) -> None:
    data = as_json("find", query, "--facts", str(bundled_copy))
    assert data["read_as"] == TYPO and data["results"][0]["id"] == first


def test_a_homophone_is_tried_only_when_nothing_matches_plainly(bundled_copy: Path) -> None:
    data = as_json("find", "秋茶", "--facts", str(bundled_copy))
    assert data["read_as"] == TEXT and data["results"][0]["id"] == "crops.autumn_tea.area"
    assert run("find", "鳄鱼", "--facts", str(bundled_copy)).exit_code == 1  # nothing sounds like it either


EMPLOYED_PEOPLE = {"employment.poor.people", "employment.relocation.people", "employment.edge.people"}


@pytest.mark.parametrize(
    ("question", "first", "unit"),
    [
        ("how many people found jobs?", EMPLOYED_PEOPLE, "人"),
        ("多少人就业", EMPLOYED_PEOPLE, "人"),
        ("How many households were relocated?", {"employment.relocation.households", "relocation.households"}, "户"),
        ("搬迁了多少户？", {"employment.relocation.households", "relocation.households"}, "户"),
        ("就业率是多少", set(EMPLOYMENT_RATES), ""),
        ("what is the employment rate", set(EMPLOYMENT_RATES), ""),
    ],
)
def test_find_answers_a_question(bundled_copy: Path, question: str, first: set[str], unit: str) -> None:
    data = as_json("find", question, "--facts", str(bundled_copy))
    assert data["read_as"] == QUESTION
    top = data["results"][: len(first)]
    assert {hit["id"] for hit in top} == first
    assert all(hit["unit"] == unit for hit in top)


def test_a_question_about_nothing_in_the_file_finds_nothing(bundled_copy: Path) -> None:
    result = run("find", "how many spaceships were launched?", "--facts", str(bundled_copy))
    assert result.exit_code == 1 and "No fact matches" in result.stdout
    result = run("find", "多少人就业", "--facts", str(bundled_copy))
    assert result.exit_code == 0 and "(read as a question)" in result.stdout and "35526" in result.stdout


def test_relocated_and_relocation_meet_by_stem(bundled_copy: Path) -> None:
    by_word = {hit["id"] for hit in as_json("find", "relocated", "--facts", str(bundled_copy))["results"]}
    by_noun = {hit["id"] for hit in as_json("find", "relocation", "--facts", str(bundled_copy))["results"]}
    assert by_word == by_noun and "relocation.households" in by_word


def test_find_ranks_an_exact_id_first_and_a_value_above_a_quote(bundled_copy: Path) -> None:
    data = as_json("find", "employment.poor.rate", "--facts", str(bundled_copy))
    assert data["results"][0]["id"] == "employment.poor.rate" and data["results"][0]["match"]["tier"] == "id"
    data = as_json("find", "35526", "--facts", str(bundled_copy))
    assert [(hit["id"], hit["match"]["tier"]) for hit in data["results"]] == [
        ("employment.poor.people", "value"),
        ("employment.poor.households", "quote"),
    ]


def test_find_reports_where_it_matched(bundled_copy: Path) -> None:
    results = as_json("find", "就业率", "--facts", str(bundled_copy))["results"]
    hit = next(hit for hit in results if hit["id"] == "employment.poor.rate")
    fields = {(m["field"], m["index"]): m for m in hit["match"]["fields"]}
    label = fields[("zh", 0)]
    assert [label["text"][start:end] for start, end in label["spans"]] == ["就业率"]
    quote = fields[("quote", 0)]
    assert quote["text"] == "就业率95.7%" and quote["spans"] == [[0, 3]]


def test_find_limit_and_table(bundled_copy: Path) -> None:
    data = as_json("find", "relocation", "--limit", "2", "--facts", str(bundled_copy))
    assert len(data["results"]) == 2 and data["total"] > 2
    result = run("find", "就业率", "--facts", str(bundled_copy), "--format", "table")
    assert result.exit_code == 0
    for fact_id, value in zip(EMPLOYMENT_RATES, ("95.7%", "96%", "92.5%"), strict=True):
        assert fact_id in result.stdout and value in result.stdout
    assert "就业率95.7%" in result.stdout
    assert run("find", "x", "--limit", "0", "--facts", str(bundled_copy)).exit_code == 2


def test_a_fact_added_to_the_file_is_found_by_pinyin(bundled_copy: Path) -> None:
    text = bundled_copy.read_text(encoding="utf-8")
    addition = (
        "  demo.tea_price:\n    value: 80\n    unit: 元\n    quote: 茶青收购价80元\n"
        "    section: s2\n    zh: 茶青收购价\n    en: fresh tea leaf price\n"
    )
    bundled_copy.write_text(text.replace("\nfacts:\n", "\nfacts:\n" + addition, 1), encoding="utf-8")
    data = as_json("find", "chaqing", "--facts", str(bundled_copy))
    assert [hit["id"] for hit in data["results"]] == ["demo.tea_price"]
    assert data["results"][0]["match"]["fields"][0]["spans"] == [[0, 2]]  # 茶青 of 茶青收购价


# show ----------------------------------------------------------------------------------


def test_show_lists_the_grim_rule_with_its_verdict(bundled_copy: Path) -> None:
    result = run("show", "employment.edge.rate", "--facts", str(bundled_copy))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "employment.edge.rate-fits-count" in out
    assert "whole(employment.edge.people / employment.edge.rate)" in out
    assert "✓ pass" in out and "whole number 666 fits" in out
    assert "[92.45%, 92.55%]" in out and "就业率92.5%" in out
    assert f"{bundled_copy}:" in out and "s4 · 4 巩固脱贫成效" in out
    data = as_json("show", "employment.poor.rate", "--facts", str(bundled_copy))
    grim = next(r for r in data["rules"] if r["rule"] == "employment.poor.rate-fits-count")
    assert grim["status"] == "skip" and grim["check"] == "whole(employment.poor.people / employment.poor.rate)"
    assert data["interval"] == "[95.65%, 95.75%]" and data["min"] == 0.9565


def test_show_reports_the_current_verdict_of_an_edited_file(bundled_copy: Path) -> None:
    text = bundled_copy.read_text(encoding="utf-8")
    text = text.replace("value: 92.5%\n    quote: 就业率92.5%", "value: 92.7%\n    quote: 就业率92.7%")
    bundled_copy.write_text(text, encoding="utf-8")
    data = as_json("show", "employment.edge.rate", "--facts", str(bundled_copy))
    grim = next(r for r in data["rules"] if r["rule"] == "employment.edge.rate-fits-count")
    assert grim["status"] == "fail" and "no whole number fits" in grim["message"]


def test_show_an_unknown_id_suggests_the_closest_and_exits_2(bundled_copy: Path) -> None:
    result = run("show", "employment.poor.rat", "--facts", str(bundled_copy))
    assert result.exit_code == 2
    assert "did you mean employment.poor.rate" in result.output
    result = run("show", "就业率", "--facts", str(bundled_copy))
    assert result.exit_code == 2 and all(fact_id in result.output for fact_id in EMPLOYMENT_RATES)
    result = run("show", "employment.edge.rate-fits-count", "--facts", str(bundled_copy))
    assert result.exit_code == 2 and "jinsha rule employment.edge.rate-fits-count" in result.output


# list ----------------------------------------------------------------------------------


def test_list_json_has_the_design_fields(bundled_copy: Path) -> None:
    data = as_json("list", "--facts", str(bundled_copy))
    assert len(data) == len(load(bundled_copy).facts) == 159
    for record in data:
        assert {"id", "value", "min", "max", "unit", "quote", "section", "file", "line"} <= set(record)
        assert record["file"] == str(bundled_copy) and record["line"] > 0
    by_id = {record["id"]: record for record in data}
    rate = by_id["employment.poor.rate"]
    assert (rate["value"], rate["min"], rate["max"], rate["unit"]) == ("95.7%", 0.9565, 0.9575, "")
    people = by_id["employment.poor.people"]
    assert (people["min"], people["max"], people["unit"]) == (35526, 35526, "人")
    more_than = by_id["industry.target.sorghum_tobacco"]
    assert more_than["min"] == 300000 and more_than["min_closed"] is False and more_than["max"] is None
    crops = by_id["industry.target.crops"]
    assert crops["value"] is None and crops["items"][0] == "茶叶" and crops["kind"] == "list"
    lines = bundled_copy.read_text(encoding="utf-8").splitlines()
    assert lines[rate["line"] - 1].strip() == "employment.poor.rate:"


def test_list_filters_by_section_and_tag(bundled_copy: Path) -> None:
    for section in ("s4", "4"):
        data = as_json("list", "--section", section, "--tag", "rate", "--facts", str(bundled_copy))
        assert [record["id"] for record in data] == EMPLOYMENT_RATES
    data = as_json("list", "--tag", "employment", "--tag", "relocation", "--facts", str(bundled_copy))
    assert data and all({"employment", "relocation"} <= set(record["tags"]) for record in data)
    result = run("list", "--tag", "rat", "--facts", str(bundled_copy))
    assert result.exit_code == 2 and "did you mean rate" in result.output
    assert run("list", "--section", "s9", "--facts", str(bundled_copy)).exit_code == 2


# rule ----------------------------------------------------------------------------------


def test_rule_of_43328_prints_the_five_parts_and_their_values(bundled_copy: Path) -> None:
    result = run("rule", "industry.target-digits", "--facts", str(bundled_copy))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "digits(industry.target.code, industry.target.tea" in out
    parts = [
        ("industry.target.tea", "40万亩", "[39.5, 40.5]万亩", 4),
        ("industry.target.sorghum_tobacco", ">30万亩", "(30, ∞)万亩", 3),
        ("industry.target.fruit", "30万亩", "[29.5, 30.5]万亩", 3),
        ("industry.target.vegetables", "20万亩", "[19.5, 20.5]万亩", 2),
        ("industry.target.rice", "8万亩", "[7.5, 8.5]万亩", 8),
    ]
    for position, (fact_id, written, interval, digit) in enumerate(parts, 1):
        assert fact_id in out and written in out and interval in out
        assert f"digit {position}: {digit} ← {written} ({fact_id})" in out
    assert "✓ pass" in out and "43328: 4←40万亩, 3←>30万亩, 3←30万亩, 2←20万亩, 8←8万亩" in out


def test_rule_explains_a_grim_check_in_numbers(bundled_copy: Path) -> None:
    data = as_json("rule", "employment.poor.rate-fits-count", "--facts", str(bundled_copy))
    steps = "\n".join(data["steps"])
    assert "35526人 / 95.7% = 35526 / [95.65%, 95.75%] = [37102.8, 37141.7]人" in steps
    assert "whole numbers 37103..37141 fit" in steps
    assert data["status"] == "skip" and [f["id"] for f in data["fact_details"]] == [
        "employment.poor.people",
        "employment.poor.rate",
    ]


def test_rule_shows_the_reason_of_a_known_discrepancy(bundled_copy: Path) -> None:
    result = run("rule", "sections.in-order", "--facts", str(bundled_copy))
    assert result.exit_code == 0
    assert "! known" in result.stdout and "Known" in result.stdout


def test_rule_without_an_id_lists_every_rule_with_its_verdict(bundled_copy: Path) -> None:
    data = as_json("rule", "--facts", str(bundled_copy))
    assert len(data) == len(load(bundled_copy).rules)
    assert {record["status"] for record in data} <= {"pass", "fail", "skip", "error"}
    outcomes = {record["rule"]: record["outcome"] for record in data}
    assert outcomes["sections.in-order"] == "known" and outcomes["employment.edge.rate-fits-count"] == "pass"
    table = run("rule", "--facts", str(bundled_copy)).stdout
    assert "employment.edge.rate-fits-count" in table and "✓ pass" in table


def test_rule_unknown_id_exits_2_with_a_suggestion(bundled_copy: Path) -> None:
    result = run("rule", "industry.target-digts", "--facts", str(bundled_copy))
    assert result.exit_code == 2 and "did you mean industry.target-digits" in result.output
    # A prefix of one rule's id is that rule, as --select reads it.
    result = run("rule", "industry.target-digit", "--facts", str(bundled_copy))
    assert result.exit_code == 0 and "43328: 4←40万亩" in result.stdout


# completion and imports ----------------------------------------------------------------------


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    environment = {"_JINSHA_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    result = runner.invoke(app, [], env={**environment, **(env or {})}, prog_name="jinsha")
    return result.stdout.split()


def test_shell_completion_of_fact_and_rule_ids(bundled_copy: Path) -> None:
    assert complete("jinsha show employment.poor.r") == ["employment.poor.rate"]
    assert complete("jinsha rule industry.target-d") == ["industry.target-digits"]
    text = bundled_copy.read_text(encoding="utf-8").replace("employment.poor.rate:", "employment.poor.ratio:")
    bundled_copy.write_text(text, encoding="utf-8")
    assert complete(f"jinsha show --facts {bundled_copy} employment.poor.r") == ["employment.poor.ratio"]


def python_modules_after(*args: str) -> set[str]:
    """The modules a fresh interpreter has imported after running one command."""
    code = (
        "import sys\nfrom jinsha_cli.cli import app\n"
        "try:\n    app(sys.argv[1:], prog_name='jinsha')\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, cwd=BUNDLED.parent
    )
    return set(done.stderr.split())


def test_pinyin_loads_only_for_pinyin_queries() -> None:
    assert "pypinyin" not in python_modules_after("find", "就业率", "--format", "json")
    assert "pypinyin" not in python_modules_after("find", "how many people found jobs", "--format", "json")
    assert "pypinyin" in python_modules_after("find", "jyl", "--format", "json")
    checked = python_modules_after("check", "--format", "json")
    assert "jinsha_cli.check.checker" in checked
    assert not {"pypinyin", "jinsha_cli.lookup.ranking", "jinsha_cli.lookup.views"} & checked


# the library -----------------------------------------------------------------------------


def test_stems_meet() -> None:
    assert stem("relocated") == stem("relocation") == stem("relocate") == stem("relocations")
    assert stem("employment") == stem("employed") == stem("employ")
    assert stem("process") == stem("processes") and stem("cities") == stem("city")


def test_stems_keep_short_words_apart_and_opposites_are_seen() -> None:
    assert stem("tea") != stem("teams")
    assert negates("unemployment", "employment") and negates("nonpoor", "poor")
    assert not negates("relocated", "relocation")


def test_latin_pinyin_and_spans() -> None:
    assert latin_pinyin("Jiù yè lǜ") == "jiuyelv"
    assert latin_pinyin("jiu4 ye4 lv4") == "jiu4ye4lv4"
    assert latin_pinyin("nü'er") == "nver"
    assert latin_pinyin("就业率") is None and latin_pinyin("95.7%") is None
    assert pinyin_spans("jyl", "易地搬迁劳动力就业率") == [(7, 10)]
    assert pinyin_spans("zhongqing", "广州、重庆、成都") == [(3, 5)]  # 重 read zhòng or chóng
    assert pinyin_spans("chongqing", "广州、重庆、成都") == [(3, 5)]
    assert pinyin_spans("jiuye", "就业率95.7%") == [(0, 2)]


def test_interval_ends_for_json() -> None:
    assert interval_end(Fraction(1913, 2000)) == 0.9565
    assert interval_end(Fraction(32350)) == 32350
    assert interval_end("+inf") is None and interval_end("-inf") is None
    assert interval_end(Fraction(1, 3)) == "1/3"
    assert interval_end(Fraction(1, 10**20) + 1) == "1.00000000000000000001"  # beyond a float: exact text


def test_search_library_returns_spans(bundled_copy: Path) -> None:
    book = load(bundled_copy)
    found = search(book, "employment rate")
    assert {hit.fact.id for hit in found.hits[:3]} == set(EMPLOYMENT_RATES)
    hit = next(hit for hit in found.hits if hit.fact.id == "employment.poor.rate")
    label = hit.fact.en
    assert [label[start:end] for start, end in hit.spans("en")] == ["employment", "rate"]
    assert search(book, "   ").hits == ()


def test_list_keeps_huge_cells_readable(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(
        "facts:\n  a:\n    value: 1\n    unit: 个\n    quote: 1个\n    en: " + "x" * 100_000 + "\n", "utf-8"
    )
    result = CliRunner().invoke(app, ["list", "--facts", str(path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0 and "(100,000 characters)" in result.stdout.replace("\n", "").replace("│", "")
    assert len(result.stdout) < 20_000


_BOOK = load(BUNDLED)
_QUERY_PIECES = [*"多少几个人户就业率搬迁吗呢了？?!，, ", "how", "many", "jobs", "people", "the", "relocatd", "jyl"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_QUERY_PIECES), max_size=8).map("".join) | st.text(max_size=12))
def test_any_query_is_answered_with_spans_inside_their_fields(query: str) -> None:
    found = search(_BOOK, query, limit=5)
    assert found.how in (TEXT, PINYIN, TYPO, QUESTION) and len(found.hits) == min(5, found.total)
    for hit in found.hits:
        for match in hit.matches:
            assert all(0 <= start < end <= len(match.text) for start, end in match.spans)


# The misses of issue 15, end to end -------------------------------------------------------

EMPLOYMENT_FACTS = Path(__file__).resolve().parent / "fixtures" / "employment.facts.yaml"


def first_hits(query: str, facts: Path, n: int = 20) -> list[dict]:
    result = run("find", query, "--facts", str(facts), "--limit", str(n), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["results"]


@pytest.mark.parametrize(
    ("query", "on_employment", "first"),
    [
        ("金沙县总人口", False, {"county.population"}),  # not the county's area
        (
            "贫困村有多少个",
            False,
            {"poverty.villages.s2", "poverty.villages.exited.lead", "poverty.villages.exited.s4"},
        ),
        ("how many villages", False, {"county.villages"}),  # not the village task forces
        ("退还了多少钱", True, {"insurance.refund"}),  # the labels say 返还
        ("how much money was refunded?", True, {"insurance.refund"}),  # not a 2000万元 investment
    ],
)
def test_an_old_miss_now_comes_first(bundled_copy: Path, query: str, on_employment: bool, first: set[str]) -> None:
    hits = first_hits(query, EMPLOYMENT_FACTS if on_employment else bundled_copy)
    assert hits and hits[0]["id"] in first, [hit["id"] for hit in hits[:5]]


def test_tea_is_not_teams(bundled_copy: Path) -> None:
    hits = first_hits("tea", bundled_copy)
    assert hits[0]["id"] in {"crops.autumn_tea.area", "industry.target.tea"}
    assert not any("team" in (hit["en"] or "").lower() for hit in hits)


def test_unemployment_never_finds_employment(bundled_copy: Path) -> None:
    result = run("find", "unemployment", "--facts", str(bundled_copy))
    assert result.exit_code == 1 and "No fact matches" in result.stdout  # the article has no unemployment
    hits = first_hits("unemployment", EMPLOYMENT_FACTS)
    texts = [json.dumps(hit, ensure_ascii=False).lower() for hit in hits]
    assert hits and all("unemploy" in text or "失业" in text for text in texts)  # 失业 is unemployment
    assert hits[0]["id"].startswith("unemployment.")


def test_yibao_finds_the_medical_insurance_facts(bundled_copy: Path) -> None:
    hits = first_hits("医保", bundled_copy)
    assert hits, "医保 stands for 医疗保障 and 参保"
    assert hits[0]["id"].startswith("medical.")
    assert all("参保" in hit["quote"] + hit["zh"] or "医疗保障" in hit["quote"] + hit["zh"] for hit in hits)
    assert first_hits("医保", EMPLOYMENT_FACTS) == []  # unemployment insurance (失业保险) is not 医保


def test_zijin_finds_amounts_of_money_first(bundled_copy: Path) -> None:
    hits = first_hits("资金", bundled_copy)
    assert hits[0]["unit"] == "元" and hits[0]["kind"] == "number"
    assert [hit["unit"] for hit in hits[:3]] == ["元", "元", "元"]


def test_a_number_finds_its_fact(bundled_copy: Path) -> None:
    assert first_hits("35526", bundled_copy)[0]["id"] == "employment.poor.people"
    assert first_hits("197.7亿", EMPLOYMENT_FACTS)[0]["id"] == "insurance.refund"


def test_the_count_line_agrees_in_number(bundled_copy: Path) -> None:
    one = run("find", "金沙县总人口", "--facts", str(bundled_copy), "-n", "1")
    assert "of" in one.stdout.splitlines()[0]
    single = run("find", "employment.poor.rate", "--facts", str(bundled_copy))
    title = single.stdout.splitlines()[0]
    assert "1 fact matches" in title or "facts match" in title
    exact = run("find", "贫困乡镇发生率", "--facts", str(bundled_copy))
    assert exact.exit_code == 0


def test_find_reads_every_fact_file_of_a_folder_and_names_each(tmp_path: Path) -> None:
    shutil.copy(BUNDLED, tmp_path / "facts.yaml")
    shutil.copy(EMPLOYMENT_FACTS, tmp_path / "employment.facts.yaml")
    data = as_json("find", "就业", "--facts", str(tmp_path), "--limit", "50")
    files = {hit["file"] for hit in data["results"]}
    assert files == {str(tmp_path / "facts.yaml"), str(tmp_path / "employment.facts.yaml")}
    assert data["files"] == [str(tmp_path / "facts.yaml"), str(tmp_path / "employment.facts.yaml")]
    table = run(
        "find", "登记失业率", "--facts", str(tmp_path / "employment.facts.yaml"), "--facts", str(BUNDLED), "-f", "table"
    )
    header = table.stdout.splitlines()[2]
    assert table.exit_code == 0 and "file" in header.split() and "employment.fa" in table.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = run("find", "就业", "--facts", str(empty))
    assert refused.exit_code == 2 and "no fact files in" in refused.output


def test_find_reads_the_project_configuration(tmp_path: Path) -> None:
    (tmp_path / "jinsha.toml").write_text('facts = ["a.yaml", "b.yaml"]\n', encoding="utf-8")
    shutil.copy(BUNDLED, tmp_path / "a.yaml")
    shutil.copy(EMPLOYMENT_FACTS, tmp_path / "b.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "find", "就业率", "--format", "json", "--limit", "50"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {Path(hit["file"]).name for hit in data["results"]} == {"a.yaml", "b.yaml"}


def test_the_readme_example_of_find_json_is_what_find_prints(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    command = "jinsha find 35526 --limit 1 --format json"
    example = json.loads(re.search(re.escape(command) + r".*?```json\n(.*?)\n```", readme, re.S).group(1))
    shutil.copy(BUNDLED, tmp_path / "facts.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", *command.split()[1:]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)

    def shape(value: object) -> object:
        """Keys and types, all the way down (a line number or a score may move)."""
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        if isinstance(value, list):
            return [shape(item) for item in value]
        return type(value).__name__

    assert shape(printed) == shape(example)
    ignored = {"line", "score"}
    for got, wanted in zip(printed["results"], example["results"], strict=True):
        assert {k: v for k, v in got.items() if k not in ignored | {"match"}} == {
            k: v for k, v in wanted.items() if k not in ignored | {"match"}
        }
        assert got["match"]["fields"] == wanted["match"]["fields"] and got["match"]["tier"] == wanted["match"]["tier"]
    assert {k: v for k, v in printed.items() if k != "results"} == {k: v for k, v in example.items() if k != "results"}


def test_find_piped_prints_one_fact_a_line(bundled_copy: Path) -> None:
    result = run("find", "就业率", "--facts", str(bundled_copy))  # not a terminal: plain lines
    title, *lines = result.stdout.splitlines()
    assert title == "3 facts match '就业率'"
    assert [line.split("\t")[:2] for line in lines] == [
        ["employment.poor.rate", "95.7%"],
        ["employment.relocation.rate", "96%"],
        ["employment.edge.rate", "92.5%"],
    ]
    assert lines[0].split("\t")[2:] == [
        "建档立卡劳动力就业率",
        "employment rate of registered-poor workers",
        "就业率95.7%",
    ]
    one = run("find", "金沙县总人口", "--facts", str(bundled_copy), "-n", "1").stdout.splitlines()
    assert one[0].startswith("1 of ") and one[1].startswith("county.population\t72万人\t")
