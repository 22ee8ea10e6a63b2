"""`jinsha coverage`: which figures of a document a fact file states, and which it misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jinsha_cli as jinsha
from jinsha_cli.cli import app
from jinsha_cli.core.figures import find_figures
from jinsha_cli.draft.coverage import anchors, coverage, recall

from .conftest import ARTICLE, BUNDLED, FIXTURES

COMMUNIQUE = FIXTURES / "qingxi_communique.txt"
COMMUNIQUE_FACTS = FIXTURES / "qingxi_facts.yaml"
runner = CliRunner()
WIDE = {"COLUMNS": "250", "NO_COLOR": "1"}

DOC = "导语。\n全县建档立卡劳动力就业17981户35526人，就业率95.7%；\n对贫困发生率超过5%的村增派20名干部。\n"


def facts(body: str) -> list[jinsha.Fact]:
    book = jinsha.load_text("facts:\n" + body, "facts.yaml")
    assert book.problems == [], [str(p) for p in book.problems]
    return list(book.facts.values())


def covered(text: str, body: str) -> dict[str, tuple[str, ...]]:
    return {entry.figure.written: entry.facts for entry in coverage(text, facts(body)).figures}


def test_a_quote_covers_only_the_figure_its_value_names() -> None:
    result = covered(
        DOC,
        """
  people:
    value: 35526
    unit: 人
    quote: 全县建档立卡劳动力就业17981户35526人
""",
    )
    assert result == {"17981": (), "35526": ("people",), "95.7%": (), "超过5%": (), "20": ()}


def test_a_value_written_tighter_than_the_figure_covers_it() -> None:
    result = covered(DOC, "  threshold:\n    value: 5%\n    quote: 对贫困发生率超过5%的村增派20名干部\n")
    assert result["超过5%"] == ("threshold",)
    assert result["20"] == ()


def test_quotes_match_across_the_documents_line_breaks() -> None:
    text = "为贫困发生率5%以上村重点制定“一村一方\n\n案”，共12个村。"
    result = covered(text, "  villages:\n    value: 12\n    unit: 个\n    quote: 一村一方案”，共12个村\n")
    assert result["12"] == ("villages",)


def test_a_quote_stated_twice_covers_both_places_and_lists_cover_nothing() -> None:
    text = "实现87个贫困村全覆盖。另有5个乡镇。实现87个贫困村全覆盖。"
    body = """
  villages:
    value: 87
    unit: 个
    quote: 实现87个贫困村全覆盖
  towns:
    items: [乡镇]
    quote: 另有5个乡镇
"""
    report = coverage(text, facts(body))
    assert [(e.figure.written, e.facts) for e in report.figures] == [
        ("87", ("villages",)),
        ("5", ()),
        ("87", ("villages",)),
    ]
    assert (report.covered, report.total, round(report.percent, 1)) == (2, 3, 66.7)


def test_a_quote_not_in_the_document_places_nothing() -> None:
    report = coverage(DOC, facts("  ghost:\n    value: 35526\n    unit: 人\n    quote: 就业35526人以上\n"))
    assert report.covered == 0
    assert report.unplaced == ("ghost",)


def test_anchors_are_document_offsets_of_the_value() -> None:
    (anchor,) = anchors(DOC, facts("  rate:\n    value: 95.7%\n    quote: 就业率95.7%\n"))
    assert DOC[anchor.start : anchor.end] == "95.7%"


def test_a_document_without_figures_is_fully_covered() -> None:
    report = coverage("没有数字的文字。", [])
    assert (report.total, report.percent) == (0, 100.0)


def test_recall_counts_reference_facts_found_by_others() -> None:
    reference = facts(
        """
  households:
    value: 17981
    unit: 户
    quote: 全县建档立卡劳动力就业17981户35526人
  rate:
    value: 95.7%
    quote: 就业率95.7%
"""
    )
    found = facts("  h:\n    value: 17981\n    unit: 户\n    quote: 就业17981户\n")
    assert recall(DOC, reference, found) == (1, 2, ["rate"])


def test_the_communique_reference_covers_every_figure() -> None:
    text = COMMUNIQUE.read_text(encoding="utf-8")
    report = coverage(text, jinsha.load(COMMUNIQUE_FACTS).facts.values())
    assert report.uncovered == []
    assert report.total == len(find_figures(text)) == 74


def test_the_bundled_facts_cover_the_article() -> None:
    report = coverage(ARTICLE.read_text(encoding="utf-8"), jinsha.load(BUNDLED).facts.values())
    assert report.percent >= 95, [e.to_dict() for e in report.uncovered]


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def partial(tmp_path: Path) -> Path:
    """The communiqué's reference facts without the ones of section 7."""
    kept = [line for line in COMMUNIQUE_FACTS.read_text(encoding="utf-8").split("\n  roads.total:")[0].splitlines()]
    path = tmp_path / "partial.yaml"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def test_cli_table_lists_what_is_missing(partial: Path) -> None:
    result = runner.invoke(app, ["coverage", str(COMMUNIQUE), "--facts", str(partial)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "40:9" in result.stdout and "2186公里" in result.stdout and "年末公路通车里程2186公里" in result.stdout
    assert "60/74 figures covered (81.1%)" in result.stdout


def test_cli_json_and_fail_under(partial: Path) -> None:
    result = runner.invoke(app, ["coverage", str(COMMUNIQUE), "--facts", str(partial), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["figures"], data["covered"], data["percent"]) == (74, 60, 81.08)
    first = data["uncovered"][0]
    assert first == {
        "line": 40,
        "column": 9,
        "figure": "2186",
        "unit": "公里",
        "kind": "number",
        "clause": "年末公路通车里程2186公里",
        "facts": [],
    }
    under = runner.invoke(app, ["coverage", str(COMMUNIQUE), "--facts", str(partial), "--fail-under", "90"])
    assert under.exit_code == 1
    assert "81.1% is under 90%" in under.stderr
    over = runner.invoke(app, ["coverage", str(COMMUNIQUE), "--facts", str(partial), "--fail-under", "80"])
    assert over.exit_code == 0


@pytest.mark.parametrize("value", ["abc", "101", "-1"])
def test_cli_rejects_a_bad_threshold(value: str) -> None:
    result = runner.invoke(app, ["coverage", str(COMMUNIQUE), "--facts", str(COMMUNIQUE_FACTS), "--fail-under", value])
    assert result.exit_code == 2
    assert "--fail-under" in result.stderr


def test_cli_reads_a_gbk_document_with_crlf(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(COMMUNIQUE.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gbk"))
    result = runner.invoke(app, ["coverage", str(doc), "--facts", str(COMMUNIQUE_FACTS), "--fail-under", "100"])
    assert result.exit_code == 0, result.output
    assert "Every figure is covered" in result.stdout


def test_cli_fails_clearly_on_bad_input(tmp_path: Path) -> None:
    binary = tmp_path / "doc.txt"
    binary.write_bytes(b"\x00\x01\x02")
    result = runner.invoke(app, ["coverage", str(binary), "--facts", str(COMMUNIQUE_FACTS)])
    assert result.exit_code == 2 and "NUL bytes" in result.stderr
    missing = runner.invoke(app, ["coverage", str(COMMUNIQUE), "--facts", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2
    assert "Traceback" not in missing.output


def test_cli_extract_then_coverage_is_complete(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    assert runner.invoke(app, ["extract", str(COMMUNIQUE), "-o", str(draft)]).exit_code == 0
    result = runner.invoke(app, ["coverage", str(COMMUNIQUE), "--facts", str(draft), "--fail-under", "100"])
    assert result.exit_code == 0, result.output
