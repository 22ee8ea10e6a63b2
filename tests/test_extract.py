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
from jinsha_cli.draft.writer import scalar as yaml_scalar

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
# The finders have their own table-driven tests (test_draft_patterns.py); these check the
# draft as a whole: facts, ids, labels, units, and what the writer makes of them.


def test_facts_carry_value_unit_quote_section_and_label() -> None:
    text = "导语。\n\n1 就业\n\n全县建档立卡劳动力就业17981户35526人，就业率95.7%。\n"
    draft = extract(text)
    people = next(f for f in draft.facts.values() if f.value == "35526")
    assert (people.unit, people.quote, people.section) == ("人", "全县建档立卡劳动力就业17981户35526人", "s1")
    assert people.zh == "建档立卡劳动力就业"
    rate = next(f for f in draft.facts.values() if f.value == "95.7%")
    assert (rate.unit, rate.zh, rate.id) == ("", "就业率", "s1.jiuyelv")
    assert draft.sections == {"lead": (None, "导语"), "s1": (1, "就业")}


def test_ids_come_from_the_phrase_and_english_labels_from_known_terms() -> None:
    draft = extract("全国一般公共预算收入190382.23亿元，其中，税收收入157992.21亿元，增长1%。")
    revenue = next(f for f in draft.facts.values() if f.value == "190382.23亿")
    assert (revenue.id, revenue.zh, revenue.en) == (
        "national_general_budget_revenue",
        "全国一般公共预算收入",
        "national general public budget revenue",
    )
    growth = next(f for f in draft.facts.values() if f.value == "1%")
    assert (growth.id, growth.en) == ("tax_revenue_growth", "tax revenue growth")  # composed with its role
    unknown = next(f for f in extract("全县建成公共安全监控点5000个。").facts.values())
    assert unknown.en == "" and unknown.id == "chenggonggonganquanjiankongdian"  # pinyin, never count_7


def test_the_same_quantity_stated_twice_is_two_facts_tied_by_a_rule() -> None:
    text = "中央对地方转移支付74415.1亿元，增长7.5%。\n地方收入中，中央对地方转移支付收入74415.1亿元。"
    draft = extract(text)
    first, second = [f for f in draft.facts.values() if f.value == "74415.1亿"]
    assert first.quotes == ["中央对地方转移支付74415.1亿元"]
    assert second.quotes == ["中央对地方转移支付收入74415.1亿元"]
    (rule,) = [r for r in draft.rules.values() if r.pattern == "restatements"]
    assert rule.check == f"{first.id} == {second.id}" and rule.severity == "error"
    assert "中央对地方转移支付74415.1亿元" in rule.note and "转移支付收入74415.1亿元" in rule.note
    book = drafted(text)
    (result,) = [r for r in jinsha.check(book).results if r.kind == "rule" and r.rule == rule.id]
    assert result.status == "pass"


def test_a_year_printed_again_is_one_fact_with_several_quotes() -> None:
    draft = extract("2019年粮食产量6.6亿吨。\n2019年粮食播种面积11700万公顷。")
    (year,) = [f for f in draft.facts.values() if f.value == "2019"]
    assert len(year.quotes) == 2


def test_a_qualifier_after_the_unit_stays_in_the_value_and_widens_it() -> None:
    text = "城镇新增就业1500万人以上，其中，高校毕业生就业900万人。"
    draft = extract(text)
    fact = next(f for f in draft.facts.values() if f.value == "1500万人以上")
    assert fact.unit == "人" and fact.note == ""
    book = drafted(text)
    assert book.problems == []
    assert [r.status for r in jinsha.check(book).results if r.kind == "rule"] == ["pass"]  # 900万 <= [1500万, ∞)


def test_footnote_marks_are_no_figures() -> None:
    draft = extract("全年国内生产总值［2］990865亿元，比上年增长6.1%。")
    assert sorted(f.value for f in draft.facts.values()) == ["6.1%", "990865亿"]


def test_percentage_points_are_plain_numbers_with_a_note() -> None:
    (points,) = [f for f in extract("城镇化率达到46.3%，比上年提高1.2个百分点。").facts.values() if f.value == "1.2"]
    assert points.unit == "" and "个百分点" in points.note


def test_rules_are_drafts_with_a_severity_by_strength() -> None:
    text = "全县共有合作社412家，其中，国家级示范社3家、省级示范社15家、市级示范社37家。"
    book = drafted(text)
    (rule,) = book.rules.values()
    assert rule.draft is True and rule.severity == "error"  # 其中 states the breakdown outright
    (drafted_rule,) = extract(text).rules.values()
    assert drafted_rule.note.startswith("stated (breakdowns): 全县共有合作社412家")


def test_a_unitless_figure_gets_a_guessed_unit_and_a_note() -> None:
    (fact,) = extract("共3,其中").facts.values()
    assert (fact.value, fact.unit) == ("3", "个")
    assert "guess" in fact.note and "unit-guessed" in fact.tags
    (students,) = extract("资助1900万家庭经济困难学生。").facts.values()
    assert (students.unit, "guess" in students.note) == ("人", True)


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
    return ARTICLE.read_text(encoding="utf-8")


def test_article_draft_recalls_the_curated_facts(article: str) -> None:
    """Done-when: extraction finds at least 95% of the figures the curated facts.yaml holds."""
    curated = jinsha.load(BUNDLED)
    found, total, missing = recall(article, curated.facts.values(), drafted(article).facts.values())
    assert total >= 100, "the curated file should state the article's figures"
    assert found / total >= 0.95, f"recall {found}/{total}; not found: {missing}"


def test_article_draft_rules_evaluate_and_only_the_misnumbered_sections_fail(article: str) -> None:
    """Every drafted rule evaluates; the one that fails is the article's own slip (1, 3, 4, 2)."""
    book = drafted(article)
    report = jinsha.check(book)
    rules = [r for r in report.results if r.kind == "rule"]
    assert len(rules) >= 10
    assert [r.message for r in rules if r.status == "error"] == []
    assert all(rule.draft for rule in book.rules.values())
    assert report.problems == []
    assert [r.rule for r in rules if r.status == "fail"] == ["sections.document"]
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
    assert set(outcomes.values()) == {"pass"}, "an edited communique whose figures agree"
    assert outcomes["s1.grp.industries"] == "pass"  # 第一/二/三产业 add up to the product
    assert outcomes["s6.gejigeleixuexiao.parts"] == "pass"  # 其中: each part at most the total
    assert outcomes["sections.document"] == "pass"
    assert book.rules["s1.grp.industries"].check.startswith("s1.grp == sum(")
    reference = jinsha.load(COMMUNIQUE_FACTS)
    assert reference.problems == []
    found, total, missing = recall(text, reference.facts.values(), book.facts.values())
    assert (found, total, missing) == (71, 71, [])
    assert [s for s in book.sections] == ["headline", "lead", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"]
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
    assert "drafted 81 facts and 11 draft rules" in result.stderr
    assert result.stdout == ""
    book = jinsha.load(out)
    assert book.problems == []
    assert book.source["document"] == f"text/{COMMUNIQUE.name}"
    # no schema beside the draft: the line says how to get one, and points nowhere
    assert out.read_text(encoding="utf-8").startswith("# For completion in an editor: jinsha schema >")
    checked = runner.invoke(app, ["check", "--facts", str(out), "--format", "json"], env=WIDE)
    assert checked.exit_code == 0, checked.stdout
    assert '"status": "fail"' not in checked.stdout


def test_the_schema_line_points_at_a_schema_beside_the_draft(tmp_path: Path) -> None:
    (tmp_path / "facts.schema.json").write_text(runner.invoke(app, ["schema"]).stdout, encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    out = tmp_path / "drafts" / "draft.yaml"
    result = runner.invoke(app, ["extract", str(COMMUNIQUE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../facts.schema.json"
    assert ".venv" not in out.read_text(encoding="utf-8") and "site-packages" not in out.read_text(encoding="utf-8")


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
    assert out.read_text(encoding="utf-8") == to_yaml(extract(read_document(COMMUNIQUE), document="doc.txt"))


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


def test_a_draft_written_outside_the_documents_project_leaves_it_unnamed_and_checks(tmp_path: Path) -> None:
    """extract -> check works wherever the draft is written: a fact file may read only its
    own project's documents, so a document elsewhere is not named, and the draft says how
    to check the quotes against it."""
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["extract", str(COMMUNIQUE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "  document: null\n" in text and "--source" in text
    checked = runner.invoke(app, ["check", "--facts", str(out), "--no-cache"])
    assert checked.exit_code == 0, checked.output
    with_source = runner.invoke(app, ["check", "--facts", str(out), "--source", str(COMMUNIQUE), "--no-cache"])
    assert with_source.exit_code == 0, with_source.output


def test_the_progress_bar_shows_a_document_name_as_text_not_markup(tmp_path: Path) -> None:
    """On a terminal a long document gets a progress bar; its name is the user's, never Rich markup."""
    import pty

    document = tmp_path / "[bold red]报告.txt"
    document.write_text("金沙县辖21个乡镇。" + "文字" * 60_000 + "\n", encoding="utf-8")
    jinsha_exe = Path(sys.executable).with_name("jinsha")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(jinsha_exe), "extract", str(document), "-o", str(tmp_path / "draft.yaml")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env={**os.environ, "COLUMNS": "200", "TERM": "xterm"},
            timeout=120,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: everything has been read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert "reading [bold red]报告.txt" in shown.decode("utf-8", "replace")
