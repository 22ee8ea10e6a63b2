"""`jinsha extract`: drafting a fact file from a document, measured on two documents."""

from __future__ import annotations

import codecs
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import jinsha_cli as jinsha
from jinsha_cli.cli import app
from jinsha_cli.core.figures import find_figures
from jinsha_cli.core.textfiles import DocumentError, decode_document, read_document, write_new
from jinsha_cli.draft.coverage import recall
from jinsha_cli.draft.extract import CHUNK_CHARS, draft_factbook, extract, find_all, to_yaml
from jinsha_cli.draft.extract import _scalar as yaml_scalar

from .conftest import ARTICLE, BUNDLED, FIXTURES

COMMUNIQUE = FIXTURES / "qingxi_communique.txt"
COMMUNIQUE_FACTS = FIXTURES / "qingxi_facts.yaml"
runner = CliRunner()
WIDE = {"COLUMNS": "250", "NO_COLOR": "1"}


def drafted(text: str, name: str = "draft.yaml") -> jinsha.Factbook:
    book = jinsha.load_text(draft_factbook(text), name)
    assert book.problems == [], [str(p) for p in book.problems]
    return book


def checks(text: str) -> dict[str, str]:
    """Drafted rule checks by the pattern that drafted them."""
    return {rule.check: rule.pattern for rule in extract(text).rules.values()}


# --- reading documents ------------------------------------------------------------------

SAMPLE = "一、综合——概况\n□ 记者\n全县户籍人口48.2万人，其中城镇人口20.1万人。\n就业率95.7%。\n"


@pytest.mark.parametrize(
    ("encoded", "why"),
    [
        (SAMPLE.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "UTF-8 with BOM"),
        (SAMPLE.replace("\n", "\r\n").encode("utf-8"), "CRLF"),
        (SAMPLE.replace("\n", "\r").encode("utf-8"), "old Mac CR"),
        (SAMPLE.encode("gbk"), "GBK"),
        (SAMPLE.replace("\n", "\r\n").encode("gb18030"), "GB18030 with CRLF"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "UTF-16 with BOM"),
    ],
)
def test_documents_decode_to_the_same_text(encoded: bytes, why: str) -> None:
    assert decode_document(encoded, why) == SAMPLE


def test_gb18030_beyond_gbk_decodes() -> None:
    # CJK extension characters such as 㐀 and 𠀀 exist only in GB18030.
    text = "本县地名用字收录“㐀”“𠀀”等生僻字，全县共有行政村242个，自然村1380个，常住人口41.7万人。"
    assert decode_document(text.encode("gb18030")) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01binary\x00", "NUL bytes"),
        (b"abc\x80\x80", "neither UTF-8"),
        ("Les élèves étaient".encode("latin-1"), "not Chinese text"),
        (codecs.BOM_UTF8 + b"ok \xff", "byte-order mark"),
    ],
)
def test_undecodable_documents_say_why(data: bytes, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        decode_document(data, "doc.txt")


def test_a_missing_document_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot read"):
        read_document(tmp_path / "absent.txt")


# --- drafting ------------------------------------------------------------------------------

# (text, a check the draft must hold, the pattern that drafts it)
PATTERNS = [
    (
        "全县共培育龙头企业63个，其中，国家级1个、省级20个、市级42个。",
        "== sum(",
        "sum",
    ),
    (
        "全年地区生产总值186.4亿元，增长5.8%。其中，第一产业32.6亿元，第二产业61.3亿元，第三产业92.5亿元。",
        "== sum(",
        "sum",
    ),
    ("累计实施项目81个，其中2023年实施27个。", " <= ", "sum"),
    ("惠及低保对象6215户10342人。", " >= 1", "per-household"),
    ("培训结业183人，结业率91.5%。", "whole(", "whole"),
    ("集中在马路乡、太平乡、石场乡等3个乡镇。", "count(", "count"),
    ("下沉马路、太平两乡。", "count(", "count"),
    (
        "形成“1+14+26+242”体系。构建1个县指挥部、14个专项指挥部、26个分指挥部、242个攻坚队的“1+14+26+242”体系。",
        "term(",
        "terms",
    ),
    ("围绕“43328”目标（茶叶40万亩、烤烟>30万亩、果林30万亩、蔬菜20万亩、水稻8万亩）。", "digits(", "digits"),
    ("全县87个贫困村出列。……实现87个贫困村全覆盖。", " == ", "agree"),
    ("1 第一节\n共5人。\n2 第二节\n共6人。\n", "increasing(", "order"),
]


@pytest.mark.parametrize(("text", "shape", "pattern"), PATTERNS, ids=[p for _, _, p in PATTERNS])
def test_each_pattern_drafts_its_rule_and_it_evaluates(text: str, shape: str, pattern: str) -> None:
    draft = extract(text)
    rules = [rule for rule in draft.rules.values() if rule.pattern == pattern]
    assert len(rules) == 1, {r.id: r.check for r in draft.rules.values()}
    book = drafted(text)
    result = jinsha.check(book)
    by_id = {r.rule: r for r in result.results}
    assert by_id[rules[0].id].status == "pass", by_id[rules[0].id].message
    assert book.rules[rules[0].id].draft is True
    assert shape in rules[0].check


def test_sum_rule_names_the_parts_in_order() -> None:
    (rule,) = extract("企业63个，其中，国家级1个、省级20个、市级42个。").rules.values()
    book = drafted("企业63个，其中，国家级1个、省级20个、市级42个。")
    total, *parts = book.rules[rule.id].fact_ids
    assert book.facts[total].written == "63"
    assert [book.facts[p].written for p in parts] == ["1", "20", "42"]


def test_a_breakdown_that_does_not_add_up_is_drafted_and_fails() -> None:
    text = "全县共有合作社412家，其中，国家级示范社3家、省级示范社15家、市级示范社37家。"
    report = jinsha.check(drafted(text))
    (result,) = [r for r in report.results if r.kind == "rule"]
    assert result.status == "fail"
    assert "55" in result.message


def test_no_sum_is_drafted_for_a_per_capita_total() -> None:
    text = "全体居民人均可支配收入24816元。其中，城镇居民人均可支配收入37250元，农村居民15863元。"
    assert "sum" not in checks(text).values()


def test_no_rate_rule_without_the_count_in_the_clause_before() -> None:
    assert "whole" not in checks("全县30户以上村硬化路率达到100%。").values()
    assert "whole" not in checks("就业率95.7%，培训183人。").values()


def test_lists_need_a_stated_count_and_items_of_a_kind() -> None:
    draft = extract("在民兴街道、平坝镇、清池镇、后山镇建成集中安置点12个。")
    assert draft.lists == []  # the last item runs into the sentence: no list is guessed
    (listed,) = extract("金沙县有马路乡金联村、太平乡抬石村2个深度贫困村。").lists
    assert listed.items == ("马路乡金联村", "太平乡抬石村")


def test_same_figure_in_the_same_clause_is_one_fact() -> None:
    text = "《2021年方案》《2021年方案》等。\n另见《2021年方案》《2021年方案》等。"
    draft = extract(text)
    years = [f for f in draft.facts.values() if f.value == "2021"]
    assert len(years) == 2  # two different clauses, each stating 2021 twice


def test_facts_carry_value_unit_quote_section_and_label() -> None:
    text = "导语。\n\n1 就业\n\n全县建档立卡劳动力就业17981户35526人，就业率95.7%。\n"
    draft = extract(text)
    people = next(f for f in draft.facts.values() if f.value == "35526")
    assert (people.unit, people.quote, people.section) == ("人", "全县建档立卡劳动力就业17981户35526人", "s1")
    assert people.zh == "建档立卡劳动力就业人数"
    assert people.id == "s1.registered_labour_employment_people"
    rate = next(f for f in draft.facts.values() if f.value == "95.7%")
    assert (rate.unit, rate.zh, rate.id) == ("", "就业率", "s1.employment_rate")
    assert draft.sections == {"lead": (None, "导语"), "s1": (1, "就业")}


def test_a_unitless_figure_gets_a_guessed_unit_and_a_note() -> None:
    (fact,) = extract("共3,其中").facts.values()
    assert (fact.value, fact.unit) == ("3", "个")
    assert "guess" in fact.note


def test_a_range_of_years_shares_its_unit() -> None:
    draft = extract("2021-2023年累计实施项目81个。")
    start = next(f for f in draft.facts.values() if f.value == "2021")
    assert start.unit == "年"


def test_ids_are_unique_and_valid_and_labels_bounded() -> None:
    text = "12个，" * 50 + "共" + "长" * 200 + "3个。"
    draft = extract(text)
    book = drafted(text)
    assert set(book.facts) == set(draft.facts)
    assert all(len(fact.zh) <= 40 for fact in draft.facts.values())


def test_progress_is_reported_up_to_the_whole_text() -> None:
    text = ("全县87个贫困村出列。\n" * (CHUNK_CHARS // 5))[: 3 * CHUNK_CHARS]
    seen: list[tuple[int, int]] = []
    figures = find_all(text, lambda done, total: seen.append((done, total)))
    assert len(seen) >= 3
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (len(text), len(text))
    assert figures == find_figures(text)  # reading in pieces finds exactly what one pass finds


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_scalars_read_back_as_the_same_string(text: str) -> None:
    for flow in (False, True):
        written = yaml_scalar(text, flow=flow)
        assert yaml.safe_load(f"key: [{written}]" if flow else f"key: {written}") == {"key": [text] if flow else text}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["23198", "3.24万", "95.7%", ">30万", "1.9亿余", "1+14+26+242", "五", "-5", "1,234", "5.20"]))
def test_values_keep_their_written_form(value: str) -> None:
    node = yaml.compose(f"value: {yaml_scalar(value, value=True)}")
    assert node.value[0][1].value == value


# --- the two documents ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"the Jinsha article is not at {ARTICLE} (it lives in the shared folder beside the checkout)")
    return ARTICLE.read_text(encoding="utf-8")


def test_article_draft_recalls_the_curated_facts(article: str) -> None:
    """Done-when: extraction finds at least 95% of the figures the curated facts.yaml holds."""
    curated = jinsha.load(BUNDLED)
    found, total, missing = recall(article, curated.facts.values(), drafted(article).facts.values())
    assert total >= 100, "the curated file should state the article's figures"
    assert found / total >= 0.95, f"recall {found}/{total}; not found: {missing}"


def test_article_draft_has_twenty_rules_that_evaluate(article: str) -> None:
    """Done-when: at least 20 drafted rules evaluate without error."""
    book = drafted(article)
    report = jinsha.check(book)
    rules = [r for r in report.results if r.kind == "rule"]
    evaluated = [r for r in rules if r.status != "error"]
    assert len(evaluated) >= 20, [r.message for r in rules if r.status == "error"]
    assert len(evaluated) == len(rules)
    assert all(rule.draft for rule in book.rules.values())
    assert report.problems == []
    assert [r.rule for r in rules if r.status == "fail"] == ["sections.in-order"]  # the article prints 1, 3, 4, 2
    assert not [r for r in report.results if r.kind == "quote"], "every quote states its value"


def test_article_extraction_takes_well_under_a_second(article: str) -> None:
    started = time.perf_counter()
    draft_factbook(article)
    assert time.perf_counter() - started < 1.0


def test_communique_draft_loads_checks_and_recalls_every_figure() -> None:
    text = read_document(COMMUNIQUE)
    book = drafted(text)
    report = jinsha.check(book)
    assert report.problems == []
    outcomes = {r.rule: r.status for r in report.results if r.kind == "rule"}
    assert "error" not in outcomes.values()
    failing = [rule for rule, status in outcomes.items() if status == "fail"]
    assert failing == ["s2.farmers_cooperatives_firms.sum"], "demonstration co-ops are a subset, not a breakdown"
    assert outcomes["s1.gdp_yuan.sum"] == "pass"
    assert outcomes["s6.schools_institutions.sum"] == "pass"
    assert outcomes["s7.roads_km.sum"] == "pass"
    assert outcomes["sections.in-order"] == "pass"
    reference = jinsha.load(COMMUNIQUE_FACTS)
    assert reference.problems == []
    found, total, missing = recall(text, reference.facts.values(), book.facts.values())
    assert (found, total, missing) == (71, 71, [])
    assert [s for s in book.sections] == ["lead", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"]
    parcels = next(f for f in book.facts.values() if f.unit == "件")
    assert parcels.written == "１２６．５万"  # full-width, as the document writes it


# --- the command line --------------------------------------------------------------------------


def test_cli_writes_a_draft_that_checks(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    document = tmp_path / "text" / COMMUNIQUE.name  # in the draft's project, which its source.document may name
    document.parent.mkdir()
    shutil.copy(COMMUNIQUE, document)
    result = runner.invoke(app, ["extract", str(document), "-o", str(out)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "drafted 85 facts and 12 draft rules" in result.stderr
    assert result.stdout == ""
    book = jinsha.load(out)
    assert book.problems == []
    assert book.source["document"] == f"text/{COMMUNIQUE.name}"
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    checked = runner.invoke(app, ["check", "--facts", str(out), "--format", "json"], env=WIDE)
    assert checked.exit_code == 1  # the co-op breakdown is a real failing draft rule
    assert '"status": "fail"' in checked.stdout


def test_cli_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    out.write_text("precious", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(COMMUNIQUE), "-o", str(out)])
    assert result.exit_code == 2
    assert "exists; use --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "precious"
    forced = runner.invoke(app, ["extract", str(COMMUNIQUE), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert jinsha.load(out).problems == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"], "no temporary file is left behind"


def test_write_is_atomic_and_keeps_a_readable_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "draft.yaml"
    write_new(target, "a: 1\n")
    assert stat.S_IMODE(target.stat().st_mode) & 0o044 == 0o044 or os.name == "nt"

    def broken(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_new(target, "b: 2\n", force=True)
    assert target.read_text(encoding="utf-8") == "a: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]


def test_cli_prints_to_stdout_without_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(COMMUNIQUE)])
    assert result.exit_code == 0, result.output
    assert jinsha.load_text(result.stdout, "stdout.yaml").problems == []


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_cli_reads_chinese_encodings_and_crlf(tmp_path: Path, encoding: str) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(read_document(COMMUNIQUE).replace("\n", "\r\n").encode(encoding))
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["extract", str(doc), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == to_yaml(
        extract(read_document(COMMUNIQUE), document="doc.txt"), schema=_schema(out)
    )


def _schema(out: Path) -> str:
    return out.read_text(encoding="utf-8").splitlines()[0].split("$schema=")[1]


def test_cli_fails_clearly_on_undecodable_input(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes("Les élèves étaient".encode("latin-1"))
    result = runner.invoke(app, ["extract", str(doc), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 2
    assert "not Chinese text" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_cli_fails_clearly_on_a_missing_document_or_folder(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["extract", str(tmp_path / "absent.txt")])
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    no_folder = runner.invoke(app, ["extract", str(COMMUNIQUE), "-o", str(tmp_path / "no" / "draft.yaml")])
    assert no_folder.exit_code == 2 and "does not exist" in no_folder.stderr


def test_the_draft_does_not_depend_on_hash_order() -> None:
    script = (
        "import sys; from jinsha_cli.draft.extract import draft_factbook; "
        f"sys.stdout.write(draft_factbook(open({str(COMMUNIQUE)!r}, encoding='utf-8').read()))"
    )
    root = Path(__file__).resolve().parents[1]
    drafts = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(drafts) == 1


def test_long_chains_are_cut_into_rules_that_parse() -> None:
    names = [a + b for a in "甲乙丙丁戊己庚辛壬癸" for b in "东南西北中上下前后左"]
    text = "".join(f"1 标题\n{name}村驻村工作队员共5人。\n" for name in names)
    book = drafted(text)
    report = jinsha.check(book)
    assert report.problems == []
    order = [r for r in book.rules.values() if r.check.startswith("increasing(")]
    agree = [r for r in book.rules.values() if " == " in r.check]
    assert len(order) > 1 and len(agree) >= 1
    # consecutive pieces share an id, so every link of the chain is checked
    assert order[0].fact_ids[-1] == order[1].fact_ids[0]
    assert sum(len(r.fact_ids) for r in agree) == 100 + len(agree) - 1
    assert {r.status for r in report.results if r.kind == "rule"} == {"pass", "fail"}


def test_pieces_share_their_boundaries() -> None:
    from jinsha_cli.draft.extract import MAX_LENGTH, _pieces

    def render(ids: list[str]) -> str:
        return "x" * (len(ids) * MAX_LENGTH // 2)

    assert _pieces(["a", "b", "c", "d"], render) == [["a", "b"], ["b", "c"], ["c", "d"]]
    assert _pieces(["a", "b"], lambda ids: " == ".join(ids)) == [["a", "b"]]


def test_the_article_in_gb18030_decodes_exactly(article: str) -> None:
    assert decode_document(article.encode("gb18030"), "article.txt") == article
    assert decode_document(article.replace("\n", "\r\n").encode("gbk"), "article.txt") == article


_PIECES = [
    *"0123456789０１.．,+%％万亿余多约近超过以上个户人元年月日、，。；;\n “”《》县乡村率就业等两三五大级一二第GA-—",
    *("其中，", "人，就业率", "\n1 标题\n", "\n二、综合\n", "等3个乡镇", "马路、太平两乡"),
    *("“43328”", "“1+2+3”", "#", ": "),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_any_draft_loads_and_checks_without_errors(text: str) -> None:
    book = drafted(text)
    report = jinsha.check(book)
    assert report.problems == []
    assert [r.rule for r in report.results if r.status == "error" or r.kind != "rule"] == []
