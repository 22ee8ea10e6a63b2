"""`jinsha report` end to end: the CLI in a subprocess, real fact files, real documents.

What a browser shows (cards, scrolling, no requests) is tested in test_report_browser.py;
here: what the page holds, the data-status contract, safety and bad input.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jinsha_cli.core.figures import find_figures
from jinsha_cli.report import FINDING_KINDS, STATUS_NAMES, STATUSES, build_report
from jinsha_cli.report.html import _asset

from .conftest import ROOT, write
from .report_files import IMG, SCRIPT, TEA_AFTER, TEA_FACT, bundled, hostile

CORPUS = ROOT.parent / "shared" / "corpus" / "people-daily"
# A People's Daily article (employment, 2019) to draft and report on.
CORPUS_ARTICLE = CORPUS / "2019-02" / "20190225-13-02.txt"


def jinsha(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jinsha_cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


class Page(HTMLParser):
    """The elements of a page, parsed the way a browser tokenizes it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts = 0
        self._in_document = 0
        self.marks: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self.scripts += 1
        if tag == "article" and "document" in attributes.get("class", "").split():
            self._in_document += 1
        if tag == "a" and "fig" in attributes.get("class", "").split() and self._in_document:
            self.marks.append(attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._in_document:
            self._in_document -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def ids(self) -> set[str]:
        return {attributes["id"] for _, attributes in self.elements if "id" in attributes}


def test_bundled_report_marks_every_figure(tmp_path: Path) -> None:
    facts, article = bundled(tmp_path)
    out = tmp_path / "report.html"
    done = jinsha("report", str(facts), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "128 passed, 0 failed" in done.stderr
    html = out.read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < 1_000_000
    page = Page(html)
    figures = find_figures(article.read_text(encoding="utf-8"))
    assert len(page.marks) == len(figures) == 132
    assert [mark["aria-label"].split(":")[0] for mark in page.marks] == [f.written + f.unit for f in figures]
    book_facts = set(build_report([facts]).parts[0].book.facts)
    for mark in page.marks:
        assert mark["data-status"] in STATUS_NAMES
        assert set(mark["data-fact"].split()) <= book_facts
    statuses = {mark["data-status"] for mark in page.marks}
    assert statuses == {"pass", "slack", "unused"}  # the bundled file states every figure; nothing fails
    # readable without the script: every link leads somewhere in the page
    ids = page.ids()
    for tag, attributes in page.elements:
        if tag == "a" and attributes.get("href", "").startswith("#"):
            assert attributes["href"][1:] in ids, attributes
    assert "128 hold (1 only within rounding), 0 fail, 2 known, 2 skipped" in html
    assert "132 in the document; 132 stated by facts (100%)" in html


def test_a_broken_figure_fails_with_its_rule(tmp_path: Path) -> None:
    facts, _ = bundled(tmp_path, broken=True)
    out = tmp_path / "report.html"
    done = jinsha("report", str(facts), "-o", str(out))
    assert done.returncode == 1, done.stderr  # as check: an error-severity rule failed
    assert jinsha("check", str(facts)).returncode == 1
    page = Page(out.read_text(encoding="utf-8"))
    tea = [mark for mark in page.marks if TEA_FACT in mark["data-fact"].split()]
    assert len(tea) == 1 and tea[0]["data-status"] == "fail"
    assert tea[0]["aria-label"].startswith(TEA_AFTER[2:] + ": fails")
    failing = {mark["data-fact"] for mark in page.marks if mark["data-status"] == "fail"}
    rule = build_report([facts]).parts[0].book.rules["industry.target-digits"]  # the one rule that fails
    assert TEA_FACT in rule.fact_ids and len(rule.fact_ids) == 6
    assert failing == set(rule.fact_ids)  # every figure of the failing rule, and no other
    findings = [a for tag, a in page.elements if tag == "li" and "finding" in a.get("class", "")]
    assert findings[0]["data-kind"] == "fail"
    assert jinsha("report", str(facts), "-o", str(out), "--exit-zero").returncode == 0


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    facts, _ = hostile(tmp_path)
    out = tmp_path / "page.html"
    done = jinsha("report", str(facts), "-o", str(out))
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert IMG not in html and SCRIPT not in html and "<img" not in html
    assert html.count("<script") == 1  # the page's own
    page = Page(html)
    assert page.scripts == 1
    assert not any(tag == "img" for tag, _ in page.elements)
    assert all(not name.startswith("on") for _, attributes in page.elements for name in attributes)
    text = "".join(page.text)
    assert IMG in text and SCRIPT in text  # shown as text


def test_the_page_loads_nothing(tmp_path: Path) -> None:
    facts, _ = bundled(tmp_path)
    html = build_report([facts]).html()
    page = Page(html)
    for tag, attributes in page.elements:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attributes.get(name, "")
            assert not value or value.startswith(("#", "data:")), (tag, name, value)
    assert not re.search(r"@import|url\(|https?://", _asset("report.css"))
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest|import\(|innerHTML|eval\(", _asset("report.js"))
    policy = next(a["content"] for t, a in page.elements if a.get("http-equiv") == "Content-Security-Policy")
    assert policy.startswith("default-src 'none';") and "unsafe" not in policy


def test_every_status_is_styled_shown_and_documented() -> None:
    """The data-status contract: each status has its own icon, pattern, legend entry and a row in docs/report.md."""
    css = _asset("report.css")
    docs = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    icons = [status.icon for status in STATUSES]
    assert len(set(icons)) == len(icons)
    patterns = set()
    for status in STATUSES:
        rule = re.search(rf'\.fig\[data-status="{status.name}"\] \{{([^}}]*)\}}', css)
        assert rule, status.name
        patterns.add(re.search(r"border-bottom: [^;]*", rule.group(1)).group())
        assert f'.fig[data-status="{status.name}"]::after {{ content: "{status.icon}"' in css
        assert f"| `{status.name}` | {status.icon} |" in docs
    assert len(patterns) == len(STATUSES)  # colour is never the only signal
    for kind in FINDING_KINDS:  # the filter hides each kind of finding, without the script
        assert f'.part:has(.show[data-kind="{kind}"]:not(:checked)) .finding[data-kind="{kind}"]' in css
        assert f'.badge[data-status="{kind}"]' in css
        assert f"`{kind}`" in docs


def test_stdout_when_piped_and_never_over_an_input(tmp_path: Path) -> None:
    facts, article = bundled(tmp_path)
    done = jinsha("report", str(facts))
    assert done.returncode == 0 and done.stdout.startswith("<!DOCTYPE html>")
    for target in (facts, article):
        before = target.read_bytes()
        done = jinsha("report", str(facts), "-o", str(target))
        assert done.returncode == 2 and "one of its own inputs" in done.stderr
        assert target.read_bytes() == before
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = jinsha("report", str(facts), "-o", str(fifo))
    assert done.returncode == 2 and "not a regular file" in done.stderr
    existing = tmp_path / "old.html"
    existing.write_text("old", encoding="utf-8")
    assert jinsha("report", str(facts), "-o", str(existing)).returncode == 0  # -o asks to replace it
    assert existing.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_bad_input_is_located_as_check_locates_it(tmp_path: Path) -> None:
    facts = write(tmp_path, "facts:\n  a.b:\n    value: 12x\n    quote: 12\n")
    out = tmp_path / "report.html"
    report, check = jinsha("report", str(facts), "--source", str(facts), "-o", str(out)), jinsha("check", str(facts))
    assert report.returncode == check.returncode == 2
    located = [line for line in check.stdout.splitlines() if line.startswith(f"{facts}:") and ": problem " in line]
    assert len(located) == 2 and all(line in report.stderr.splitlines() for line in located)
    assert "no report written" in report.stderr and not out.exists()
    # no document: said where, and nothing written
    bare = write(tmp_path, "facts:\n  a.b:\n    value: 12\n    unit: 个\n    quote: 共12个\n", "bare.yaml")
    done = jinsha("report", str(bare), "-o", str(out))
    assert done.returncode == 2 and f"{bare}:1:1:" in done.stderr and "--source" in done.stderr
    missing = write(tmp_path, "source:\n  document: gone.txt\nfacts: {}\n", "missing.yaml")
    done = jinsha("report", str(missing), "-o", str(out))
    assert done.returncode == 2 and "gone.txt" in done.stderr and not out.exists()
    secret = write(tmp_path, "source:\n  document: /etc/passwd\nfacts: {}\n", "secret.yaml")
    done = jinsha("report", str(secret), "-o", str(out))
    assert done.returncode == 2 and f"{secret}:2:" in done.stderr and "refused" in done.stderr
    assert "root:" not in done.stderr + done.stdout and not out.exists()
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    done = jinsha("report", str(bare), "--source", str(binary), "-o", str(out))
    assert done.returncode == 2 and "NUL" in done.stderr and not out.exists()
    assert jinsha("report", str(bare), "--lang", "fr").returncode == 2


def test_a_quote_missing_from_the_document_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("全县共有12个乡镇、5个街道。\n", encoding="utf-8")
    facts = write(
        tmp_path,
        "source:\n  document: doc.txt\nfacts:\n  towns:\n    value: 12\n    unit: 个\n    quote: 全县共有12个乡镇\n"
        "  streets:\n    value: 6\n    unit: 个\n    quote: 6个街道\n",
    )
    out = tmp_path / "report.html"
    done = jinsha("report", str(facts), "-o", str(out))
    assert done.returncode == 1  # as check: the quote is not in the source document
    html = out.read_text(encoding="utf-8")
    assert "source:streets" in html and "Not found in the text." in html
    page = Page(html)
    assert [(m["data-status"], m.get("data-fact")) for m in page.marks] == [("unused", "towns"), ("uncovered", None)]


def test_several_fact_files_make_one_page(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, _ = bundled(tmp_path / "a")
    second, document = hostile(tmp_path / "b")
    out = tmp_path / "both.html"
    assert jinsha("report", str(first), str(second), "-o", str(out)).returncode == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert len(page.marks) == 132 + len(find_figures(document.read_text(encoding="utf-8")))
    assert {"p1", "p2"} <= page.ids()


def test_a_draft_shows_its_rules_as_drafts(tmp_path: Path) -> None:
    if not CORPUS_ARTICLE.is_file():
        pytest.skip(f"the corpus is not at {CORPUS} (it lives in the shared folder beside the checkout)")
    draft = tmp_path / "draft.yaml"
    article = tmp_path / CORPUS_ARTICLE.name  # beside the draft: its source.document may name only its project
    shutil.copy(CORPUS_ARTICLE, article)
    assert jinsha("extract", str(article), "-o", str(draft)).returncode == 0
    out = tmp_path / "draft.html"
    done = jinsha("report", str(draft), "-o", str(out))
    assert done.returncode in (0, 1), done.stderr
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    text = CORPUS_ARTICLE.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert len(page.marks) == len(find_figures(text)) > 20
    assert "draft rules</dt>" in html
    book = build_report([draft]).parts[0].book
    assert book.rules and all(rule.draft for rule in book.rules.values())
    rules = [a for tag, a in page.elements if tag == "section" and "rule" in a.get("class", "").split()]
    assert len(rules) == len(book.rules)
    assert html.count('<span class="draft">draft</span></h3>') == len(book.rules)
    # a reviewer judges each draft rule against its sentence: each is a finding quoting its facts
    findings = [a for tag, a in page.elements if tag == "li" and "finding" in a.get("class", "").split()]
    rule_findings = [f for f in findings if f["data-kind"] not in ("unused", "uncovered")]
    assert len(rule_findings) == len(book.rules)
    assert html.count('<p class="said" lang="zh">From: <q>') == len(book.rules)


def test_the_project_configuration_names_the_files_and_the_document(tmp_path: Path) -> None:
    facts, article = bundled(tmp_path, broken=True)
    facts.write_text(facts.read_text(encoding="utf-8").replace("  document: article.txt\n", ""), encoding="utf-8")
    article.rename(tmp_path / "text.txt")
    (tmp_path / "jinsha.toml").write_text(
        'facts = ["facts.yaml"]\nsource = "text.txt"\n\n[report]\nexit-zero = true\n', encoding="utf-8"
    )
    done = jinsha("report", cwd=tmp_path)  # piped: the page goes to standard output
    assert done.returncode == 0, done.stderr  # exit-zero from the configuration; the tea target fails
    page = Page(done.stdout)
    assert any(mark["data-status"] == "fail" for mark in page.marks)
    assert "text.txt" in done.stdout


def test_figures_judged_by_draft_rules_only_say_so(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("全县共有12个乡镇、5个街道，共17个乡镇（街道）。\n", encoding="utf-8")
    facts = write(
        tmp_path,
        "source:\n  document: doc.txt\nfacts:\n"
        "  towns: {value: 12, unit: 个, quote: 全县共有12个乡镇}\n"
        "  streets: {value: 5, unit: 个, quote: 5个街道}\n"
        "  total: {value: 17, unit: 个, quote: 共17个乡镇（街道）}\n"
        "rules:\n"
        "  sum: {check: total == towns + streets, draft: true}\n"
        "  towns-fewer: {check: streets < towns}\n",
    )
    html = build_report([facts]).html()
    marks = {m["data-fact"]: m for m in Page(html).marks}
    assert marks["total"].get("data-draft") == "true"  # judged by the draft rule alone
    assert "by draft rules only" in marks["total"]["aria-label"]
    assert "data-draft" not in marks["towns"]  # a reviewed rule judged it too
    kinds = [a["data-kind"] for tag, a in Page(html).elements if tag == "li" and "finding" in a.get("class", "")]
    assert kinds == ["draft"]  # the draft rule holds, and is still listed for review


def test_the_problems_that_stop_the_page_reach_stderr_made_safe(tmp_path: Path) -> None:
    """A key with an escape sequence is shown as \\x1b, never sent raw to the terminal (a pipe would hide it)."""
    import io

    from jinsha_cli import load
    from jinsha_cli.report.cli import write_problems

    path = write(
        tmp_path, 'facts:\n  a: {value: 1, unit: 个, quote: 1个}\n  "\\e[31mred": {value: 2, unit: 个, quote: 2个}\n'
    )
    out = io.StringIO()
    write_problems(load(path).problems, out)
    said = out.getvalue()
    assert "\x1b" not in said and "[facts.\\x1b[31mred]" in said
    assert said.startswith(f"{path}:3:3: problem ")
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "report", str(path), "-o", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and said in done.stderr and not (tmp_path / "r.html").exists()
