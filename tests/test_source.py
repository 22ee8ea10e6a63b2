"""Quotes checked against the source document: `jinsha check --source` and source.document."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jinsha_cli import check, load, load_text
from jinsha_cli.check.source import (
    MAX_SEARCHED_QUOTE,
    Document,
    DocumentError,
    check_quotes,
    closest_passage,
    compact,
    named_document,
    read_source,
    verify,
)
from jinsha_cli.cli import app

from .conftest import ARTICLE, BUNDLED, SHARED_ARTICLE, write

runner = CliRunner()
NUMERALS = set("0123456789一二三四五六七八九十百千万亿两零")


def as_json(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, [*args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def source_results(data: dict) -> list[dict]:
    return [r for r in data["results"] if r["kind"] == "source"]


def change_one_quote(path: Path) -> tuple[str, int, str, str, int]:
    """Change one non-numeral character of the first long one-line quote of the facts.

    Returns the fact id, the quote's line, the quote before and after, and the
    changed character's 1-based position in the quote.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fact_id = ""
    in_facts = False
    for index, line in enumerate(lines):
        if line.startswith("facts:"):
            in_facts = True
        elif in_facts and re.match(r"[a-z]", line):
            break
        match = re.match(r"  ([a-z][a-z0-9_.]*):\s*$", line)
        if in_facts and match:
            fact_id = match.group(1)
        quote = re.match(r"    quote: (\S{12,})\s*$", line)
        if in_facts and quote:
            text = quote.group(1)
            position = next(i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff" and ch not in NUMERALS)
            changed = text[:position] + ("某" if text[position] != "某" else "甲") + text[position + 1 :]
            lines[index] = f"    quote: {changed}\n"
            path.write_text("".join(lines), encoding="utf-8")
            return fact_id, index + 1, text, changed, position + 1
    raise AssertionError("no one-line quote to change")


# The real article ---------------------------------------------------------------------------


def test_every_bundled_quote_is_in_the_article(bundled_copy: Path, article_text: str) -> None:
    code, data = as_json("check", "--facts", str(bundled_copy), "--source", str(ARTICLE))
    assert source_results(data) == [], source_results(data)[:3]
    book = load(bundled_copy)
    assert data["summary"]["source_quotes_checked"] == sum(1 for fact in book.facts.values() if fact.quotes) > 100
    assert data["summary"]["source_failed"] == 0 and code == 0
    result = runner.invoke(app, ["check", str(bundled_copy), "--source", str(ARTICLE), "-f", "concise", "--statistics"])
    checked = data["summary"]["source_quotes_checked"]
    assert re.search(rf"^source\s+{checked}\s+{checked}\s+0\s", result.stdout, re.MULTILINE), result.stdout[-800:]


def test_one_changed_character_is_reported_with_its_line(bundled_copy: Path, article_text: str) -> None:
    fact_id, quote_line, original, changed, position = change_one_quote(bundled_copy)
    code, data = as_json("check", "--facts", str(bundled_copy), "--source", str(ARTICLE))
    assert code == 1
    (missing,) = source_results(data)
    assert missing["rule"] == f"source:{fact_id}" and missing["status"] == "fail"
    assert missing["line"] == quote_line and missing["facts"] == [fact_id]
    message = missing["message"]
    assert repr(changed) in message  # the quote
    assert f"closest passage ({ARTICLE}:" in message and repr(compact(original)) in message  # the passage
    assert f"{changed[position - 1]!r} where the document has {original[position - 1]!r}" in message  # the difference
    assert f"(at character {position})" in message
    article_line = next(n for n, text in enumerate(article_text.splitlines(), 1) if original in compact(text))
    assert f"{ARTICLE}:{article_line})" in message
    concise = runner.invoke(app, ["check", str(bundled_copy), "--source", str(ARTICLE), "-f", "concise"]).stdout
    assert re.search(
        rf"^{re.escape(str(bundled_copy))}:{quote_line}:12: fail source:{re.escape(fact_id)} ", concise, re.M
    )


def test_the_bundled_file_names_the_article() -> None:
    if not SHARED_ARTICLE.is_file():
        pytest.skip(f"no shared article at {SHARED_ARTICLE}, which the bundled file names (the shared folder)")
    book = load(BUNDLED)
    named = named_document(book)
    assert named is not None and named.resolve() == SHARED_ARTICLE.resolve()
    code, data = as_json("check", "--facts", str(BUNDLED))
    assert data["summary"]["source_quotes_checked"] > 100 and source_results(data) == [] and code == 0


def test_a_named_document_that_does_not_exist_is_ignored(bundled_copy: Path) -> None:
    code, data = as_json("check", "--facts", str(bundled_copy))  # its seeds/... is not in the copy's folder
    assert code == 0 and data["problems"] == [] and data["summary"]["source_quotes_checked"] == 0


def test_the_article_decodes_from_gbk_with_crlf_and_from_utf8_with_bom(
    bundled_copy: Path, article_text: str, tmp_path: Path
) -> None:
    crlf = article_text.replace("\n", "\r\n")
    for name, data in (
        ("gbk.txt", crlf.encode("gbk")),
        ("gb18030.txt", article_text.encode("gb18030")),
        ("bom.txt", b"\xef\xbb\xbf" + crlf.encode("utf-8")),
        ("utf16.txt", article_text.encode("utf-16")),
    ):
        (tmp_path / name).write_bytes(data)
        code, result = as_json("check", "--facts", str(bundled_copy), "--source", str(tmp_path / name))
        assert code == 0 and result["problems"] == [] and source_results(result) == [], name
        assert result["summary"]["source_quotes_checked"] > 100


# Located errors ---------------------------------------------------------------------------


def test_a_damaged_utf8_document_is_a_located_error(tmp_path: Path) -> None:
    document = tmp_path / "article.txt"
    document.write_bytes("第一行文字\n第二行：".encode() + b"\xff" + "其余".encode())
    facts = write(tmp_path, "facts:\n  a:\n    value: 1\n    unit: 个\n    quote: 1个\n")
    result = runner.invoke(app, ["check", str(facts), "--source", str(document), "-f", "concise"])
    assert result.exit_code == 2
    assert f"{document}:2:5: problem the source document is not valid UTF-8 text (byte 0xff at offset 28)" in (
        result.stdout
    )
    assert "Traceback" not in result.output


def test_an_undecodable_document_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as raised:
        read_source(write_bytes(tmp_path / "doc.txt", b"abc\n\x80\x80\x80\x80"))
    problem = raised.value.problem
    assert (problem.file, problem.line, problem.column) == (str(tmp_path / "doc.txt"), 2, 1)
    assert "neither UTF-8 nor GB18030/GBK" in problem.message


def test_a_missing_source_exits_2(tmp_path: Path) -> None:
    facts = write(tmp_path, "facts:\n  a:\n    value: 1\n    unit: 个\n    quote: 1个\n")
    result = runner.invoke(app, ["check", str(facts), "--source", str(tmp_path / "nope.txt"), "-f", "concise"])
    assert result.exit_code == 2 and "cannot read the source document" in result.stdout


def test_an_undecodable_named_document_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_bytes("好的文字".encode() * 10 + b"\xfe")
    facts = write(tmp_path, "source:\n  document: doc.txt\nfacts:\n  a:\n    value: 1\n    unit: 个\n    quote: 1个\n")
    code, data = as_json("check", str(facts))
    assert code == 2 and data["problems"][0]["path"] == "source.document"


# The matching itself ----------------------------------------------------------------------


def test_line_breaks_and_spaces_do_not_count(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(
        "前文。全县建档立卡劳动力\n就业 17981 户35526人，就业率95.7%。\n", encoding="utf-8"
    )
    text = (
        "source:\n  document: doc.txt\nfacts:\n"
        "  a:\n    value: 17981\n    unit: 户\n    quote: 全县建档立卡劳动力就业17981户\n"
        "  b:\n    value: 95.7%\n    quote: 就业率 95.7%\n"
    )
    facts = write(tmp_path, text)
    code, data = as_json("check", str(facts))
    assert code == 0 and data["summary"]["source_quotes_checked"] == 2


def test_a_missing_quote_among_several_is_named(tmp_path: Path) -> None:
    document = Document.from_text("甲乙丙丁戊。\n就业率95.7%，边缘户就业率92.5%。", "doc.txt")
    book = load_text("facts:\n  a:\n    value: 95.7%\n    quote: [就业率95.7%, 就业率95.8%]\n", str(Path("facts.yaml")))
    results, checked = check_quotes(book, document)
    assert checked == 1
    (result,) = results
    assert "'就业率95.8%' is not in doc.txt" in result.message and "95.7%'" not in result.message.split(";")[0]
    assert "closest passage (doc.txt:2): '就业率95.7%'" in result.message
    assert "'8' where the document has '7' (at character 7)" in result.message


def test_closest_passage_reports_insertions_and_deletions() -> None:
    document = Document.from_text("金沙县总面积2528平方公里，辖21个乡镇、5个街道、242个村（社区），总人口72万人。")
    dropped = closest_passage(document, "辖21个乡镇5个街道")
    assert dropped is not None and dropped.text == "辖21个乡镇、5个街道"
    assert dropped.differences == ("the document also has '、' (at character 7)",)
    added = closest_passage(document, "总人口约72万人")
    assert added is not None and added.text == "总人口72万人"
    assert added.differences == ("'约' is not in the document (at character 4)",)
    assert closest_passage(document, "完全无关的句子在这里") is None


def test_closest_passage_is_fast_on_a_megabyte(article_text: str) -> None:
    # A 1 MB document: the article's own characters drawn at random, around one copy of the article.
    import random

    chars = [c for c in article_text if not c.isspace()]
    rng = random.Random(5)
    filler = []
    for _ in range(500_000 // 301 + 1):
        filler.append("".join(rng.choices(chars, k=300)) + "\n")
    text = "".join(filler) + article_text + "".join(filler)
    assert len(text) > 1_000_000
    document = Document.from_text(text, "big.txt")
    article_start = text.count("\n", 0, text.index(article_text)) + 1
    book = load(BUNDLED)
    quotes = [q for fact in book.facts.values() for q in fact.quotes if len(compact(q)) >= 10][:30]
    started = time.perf_counter()
    for quote in quotes:
        middle = len(quote) // 2
        passage = closest_passage(document, quote[:middle] + "Ж" + quote[middle + 1 :])
        assert passage is not None and passage.line >= article_start, quote
        assert len(passage.differences) == 1
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"{elapsed:.2f}s for {len(quotes)} missing quotes"


def test_the_library_api(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("辖21个乡镇、5个街道", encoding="utf-8")
    book = load(write(tmp_path, "facts:\n  a:\n    value: 21\n    unit: 个\n    quote: 辖21个镇\n"))
    report = check(book)
    verify(report, book, tmp_path / "doc.txt")
    assert report.exit_code == 1 and report.source_document == str(tmp_path / "doc.txt")
    assert [r.kind for r in report.results] == ["source"]
    assert read_source(tmp_path / "doc.txt").compact == "辖21个乡镇、5个街道"


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_long_quote_still_gets_its_closest_passage_and_differences() -> None:
    # Over DIFFLIB_AT_MOST characters the alignment is rapidfuzz's: the hint reads the same.
    import random

    rng = random.Random(7)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    text = "".join(rng.choice(alphabet) for _ in range(20_000))
    document = Document.from_text("\n".join(text[at : at + 80] for at in range(0, len(text), 80)), "long.txt")
    quote = text[8_000:9_000]
    changed = quote[:500] + "Ж" + quote[501:]
    passage = closest_passage(document, changed)
    assert passage is not None and passage.text == quote and passage.line == 8_000 // 80 + 1
    assert passage.differences == (f"'Ж' where the document has {quote[500]!r} (at character 501)",)
    dropped = closest_passage(document, quote[:300] + quote[302:])
    assert dropped is not None and dropped.text == quote
    assert dropped.differences == (f"the document also has {quote[300:302]!r} (at character 301)",)


def test_a_quote_too_long_to_search_says_so(tmp_path: Path) -> None:
    document = Document.from_text("甲乙丙丁" * 5_000, "doc.txt")
    book = load_text(
        f"facts:\n  a:\n    value: 1\n    unit: 个\n    quote: 1个{'戊' * (MAX_SEARCHED_QUOTE + 1)}\n", "facts.yaml"
    )
    (result,) = check_quotes(book, document)[0]
    assert f"no closest passage looked for: the quote has {MAX_SEARCHED_QUOTE + 3:,} characters" in result.message


def test_the_line_of_a_passage_is_exact_across_checkpoints() -> None:
    lines = [("甲 乙\u3000" * (index % 7)) + f"第{index}行" for index in range(3_000)]
    document = Document.from_text("\n".join(lines) + "\n", "doc.txt")
    assert document.compact == compact("\n".join(lines))
    for index in (0, 1, 999, 1_500, 2_999):
        at = document.compact.index(f"第{index}行")
        assert document.line_of(at) == index + 1
        assert document.text[document.text_offset(at)] == "第"
