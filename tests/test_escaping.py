"""Nothing that comes from a fact file reaches a terminal, a log or a report raw.

One hostile fact file (tests/fixtures/hostile.yaml, with its document
hostile.txt) holds control characters, ESC sequences (clear-screen, OSC 52,
OSC 8), C1 controls, Rich markup, GitHub workflow commands and forged lines in
every text field; it is checked under a file name with a space, ``#``, ``%``, a
newline and a leading ``::``. Every format of ``check`` and every view
(``show``, ``list``, ``rule``, ``find``, ``coverage``, ``--statistics``) runs
over it through the real command line. A hypothesis test then generates such
fact files at random and renders them in every format and view.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jinsha_cli import check, load_text
from jinsha_cli.core import safe_text
from jinsha_cli.formats import FORMATS, Options, Run, render_text

from .conftest import FIXTURES

# What may never be in an output raw: every control character but the newline
# that ends a line, and the characters that safe_text escapes with them.
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
SGR = re.compile("\x1b\\[[0-9;]*m")  # colours and styles: the only escape sequence jinsha itself writes
# A line GitHub would run as a workflow command, and the commands jinsha writes.
COMMAND = re.compile(r"^\s*::")
OURS = re.compile(r"^::(group::|endgroup::$|(error|warning|notice) ((file|line|col|title)=[^:,\n]*,?)+::)")
# A file name with a space, '#', '%', a newline that would forge an annotation, and a leading '::'.
HOSTILE_NAME = "::error file=README.md::x #1 %41\n::error::forged.yaml"
RFC3986_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$")


def raw(text: str) -> list[str]:
    """The forbidden characters in an output, once jinsha's own colours are taken out."""
    return sorted(set(FORBIDDEN.findall(SGR.sub("", text))))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The hostile fact file under a hostile name, with its document beside it."""
    shutil.copy(FIXTURES / "hostile.txt", tmp_path / "hostile.txt")
    target = tmp_path / HOSTILE_NAME
    shutil.copy(FIXTURES / "hostile.yaml", target)
    return target


def jinsha(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, run from ``folder`` (so file names are relative)."""
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=folder,
        env={**os.environ, "COLUMNS": "250", **env},
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done


def assert_safe(text: str, where: str) -> None:
    assert not raw(text), f"{where} carries {raw(text)!r} raw"


def assert_no_forged_command(text: str, where: str) -> None:
    for line in text.splitlines():
        if COMMAND.match(line):
            assert OURS.match(line), f"{where}: a line that GitHub would run as a command: {line[:200]!r}"


# The hostile fixture through the command line ------------------------------------------------


def test_the_fixture_holds_every_attack() -> None:
    text = (FIXTURES / "hostile.yaml").read_text(encoding="utf-8")
    book = load_text(text, "hostile.yaml")
    fields = [book.source["title"], *(s.title for s in book.sections.values())]
    for fact in book.facts.values():
        fields += [fact.unit, fact.zh, fact.en, fact.note, *fact.quotes, *fact.tags, *(fact.items or ())]
    for rule in book.rules.values():
        fields += [rule.zh, rule.en, rule.known or "", rule.note or "", *rule.tags]
    joined = "\n".join(field for field in fields if field)
    for attack in ("\x1b[2J", "\x1b]52;", "\x1b]8;;", "\x9b", "\x85", "\u202e", "\u2028", "\x00", "\x07", "\r"):
        assert attack in joined, attack
    for attack in ("[/x]", "[link=", "::error", "::stop-commands::", "\n::", "%0A"):
        assert attack in joined, attack


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_escapes_the_hostile_file(hostile: Path, name: str) -> None:
    done = jinsha(hostile.parent, "check", hostile.name, "--format", name, "--statistics")
    assert done.returncode == 2, done.stderr  # the file has a problem (a unit mismatch), and failures
    output = done.stdout + done.stderr
    assert_safe(output, name)
    assert_no_forged_command(output, name)
    if name == "junit":
        ET.fromstring(done.stdout)  # well-formed XML
    if name in ("json", "sarif"):
        json.loads(done.stdout)
    if name in ("table", "concise", "github"):
        assert "[/x]" in output  # shown as written, never parsed as markup
    if name == "concise":
        prefix = safe_text.log_line(hostile.name)
        statistics = output.index("\nkind ")  # the --statistics tables close the output
        for line in output[:statistics].splitlines():
            assert line.startswith(prefix), f"a forged line: {line[:200]!r}"


def test_github_escapes_every_field_the_group_and_the_summary(hostile: Path) -> None:
    done = jinsha(hostile.parent, "check", hostile.name, "--statistics", GITHUB_ACTIONS="true")
    lines = done.stdout.splitlines()
    assert lines[0] == "::group::jinsha check " + safe_text.github_data(safe_text.terminal(hostile.name))
    assert lines[0].count("\n") == 0 and "%0A" not in hostile.name
    annotations = [line for line in lines if re.match(r"::(error|warning|notice) ", line)]
    assert annotations and all(f"file={safe_text.github_property(safe_text.terminal(hostile.name))}," in a
                               for a in annotations)  # fmt: skip
    summary = next(line for line in lines if "passed," in line and not line.startswith("::"))
    assert summary.startswith("%3A%3Aerror file=README.md%3A%3Ax #1 %2541\\n%3A%3Aerror%3A%3Aforged.yaml: ")
    assert "::known %250A%2525\\n::error::forged known: " in done.stdout  # a label's own '%0A' stays text
    tags = [line.split()[0] for line in lines[lines.index("") + 1 :] if line and not line.startswith("tag ")]
    assert "%3A%3Aerror%3A%3Aruletag" in tags and "%3A%3Astop-commands%3A%3At0k" in tags
    assert_no_forged_command(done.stdout + done.stderr, "github")


def test_sarif_uris_are_percent_encoded(hostile: Path) -> None:
    done = jinsha(hostile.parent, "check", hostile.name, "--format", "sarif")
    sarif = json.loads(done.stdout)
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for location in result["locations"]
    }
    assert uris and all(RFC3986_REFERENCE.match(uri) for uri in uris), uris
    assert {unquote(uri) for uri in uris} == {hostile.name}
    assert safe_text.uri("a b/#1 %.yaml") == "a%20b/%231%20%25.yaml"


def test_table_in_colour_writes_no_escape_of_its_own_text(hostile: Path) -> None:
    book = load_text(hostile.read_text(encoding="utf-8"), hostile.name)
    text = render_text("table", [Run(book, check(book))], Options(color=True, width=250))
    assert "\x1b[" in text  # in colour indeed
    assert_safe(text, "table in colour")
    assert "\x1b]8;" not in text  # no link injected by [link=...]


VIEWS = [
    ("show", "hostile.count"),
    ("show", "hostile.towns"),
    ("show", "hostile.people"),
    ("list",),
    ("rule",),
    ("rule", "hostile.fail"),
    ("rule", "hostile.known"),
    ("rule", "hostile.sets"),
    ("find", "就业"),
    ("find", "[/x]"),
    ("find", "towns"),
    ("find", "\x1b[2J"),
]


@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
@pytest.mark.parametrize("output_format", ["table", "json"])
def test_every_view_escapes_the_hostile_file(hostile: Path, view: tuple[str, ...], output_format: str) -> None:
    done = jinsha(hostile.parent, *view, "--facts", hostile.name, "--format", output_format, FORCE_COLOR="1")
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert_safe(done.stdout + done.stderr, " ".join(view))
    assert "\x1b]8;" not in done.stdout
    if output_format == "json":
        json.loads(done.stdout)
    elif view[0] != "find" or done.returncode == 0:
        assert "[/x]" in SGR.sub("", done.stdout)  # shown, not parsed as markup (and no MarkupError)


@pytest.mark.parametrize("output_format", ["table", "json"])
def test_coverage_escapes_the_document_and_the_file_names(hostile: Path, output_format: str) -> None:
    done = jinsha(
        hostile.parent, "coverage", "hostile.txt", "--facts", hostile.name, "--format", output_format, FORCE_COLOR="1"
    )
    assert done.returncode == 0, done.stderr
    assert_safe(done.stdout + done.stderr, f"coverage {output_format}")
    assert "132 passed" in done.stdout  # the document's own text is shown, escaped
    if output_format == "json":
        json.loads(done.stdout)


def test_suggestions_from_the_fact_file_are_escaped(hostile: Path) -> None:
    done = jinsha(hostile.parent, "list", "--facts", hostile.name, "--tag", "osc")
    assert done.returncode == 2
    assert_safe(done.stderr, "a tag suggestion")


# The escaping functions themselves -----------------------------------------------------------


def test_terminal_escapes_visibly_and_leaves_ordinary_text_alone() -> None:
    assert safe_text.terminal("就业率95.7%, [/x] 'a'\\b") == "就业率95.7%, [/x] 'a'\\b"
    assert safe_text.terminal("a\nb\r\tc\x1b[2J\x9b\x85\u202e\u2028\x00\ud800") == (
        "a\\nb\\r\\tc\\x1b[2J\\x9b\\x85\\u202e\\u2028\\x00\\ud800"
    )


def test_github_escaping_is_githubs() -> None:
    assert safe_text.github_data("50%\r\n::x") == "50%25%0D%0A::x"
    assert safe_text.github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert safe_text.log_line("  ::error::x") == "  %3A:error::x"
    assert safe_text.log_line("x ::error::y") == "x ::error::y"


def test_xml_text_is_always_well_formed() -> None:
    element = ET.Element("x", {"a": safe_text.xml("\x00\x1b\x0c\ufffe")})
    element.text = safe_text.xml("\x01\x02 \x9b")
    ET.fromstring(ET.tostring(element))


def test_json_text_keeps_the_data_and_writes_no_raw_control() -> None:
    data = {"k": "\x1b\x9b\u202e\u2028é中"}
    encoded = safe_text.json_text(json.dumps(data, ensure_ascii=False))
    assert not raw(encoded) and json.loads(encoded) == data and "é中" in encoded


# Random hostile fact files -------------------------------------------------------------------

ATTACKS = [
    "\x1b[2J\x1b[H",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;https://evil.example/\x1b\\",
    "\x9b31m",
    "\x9d8;;x\x9c",
    "\x85",
    "\u202e",
    "\u2028",
    "\r",
    "\n",
    "\t",
    "\x00",
    "\x7f",
    "[/x]",
    "[/]",
    "[link=https://evil.example/]",
    "[bold red]",
    ":smile:",
    "\n::error file=README.md,line=1::forged\n",
    "::stop-commands::t0k",
    "::warning::",
    "%0A",
    "%",
    ",",
    ":",
    "<&>\"'",
]
pieces = st.one_of(st.sampled_from(ATTACKS), st.text(alphabet="就业率户人乡镇abc 12.%", max_size=4))
hostile_text = st.lists(pieces, min_size=1, max_size=6).map("".join)


@st.composite
def hostile_books(draw: st.DrawFn) -> str:
    """A fact file whose every text field is hostile (values and ids stay valid, so rules run)."""

    def text() -> str:
        return draw(hostile_text)

    facts = {
        "a": {"value": 17981, "unit": text(), "quote": f"就业17981户{text()}", "zh": text(), "en": text()},
        "b": {"value": "95.7%", "quote": f"{text()}就业率95.7%", "en": text(), "note": text(), "tags": [text()]},
        "c": {"items": [text(), text()], "quote": text(), "en": text(), "section": "s1"},
        "d": {"items": [text()], "quote": text()},
    }
    rules = {
        "r.fail": {"check": "whole(a / b) and a == 17982", "zh": text(), "en": text(), "tags": [text(), text()]},
        "r.known": {"check": "a == 1", "known": text(), "note": text(), "en": text()},
        "r.sets": {"check": "same_set(c, d)", "en": text(), "severity": "warning"},
        "r.count": {"check": "count(c) == 3", "en": text()},
        "r.units": {"check": "a == b", "en": text()},
    }
    book = {"source": {"title": text()}, "sections": {"s1": {"number": 1, "title": text()}}}
    book.update(facts=facts, rules=rules)
    return yaml.safe_dump(book, allow_unicode=True, sort_keys=False)


def _views(book: object, out: io.StringIO) -> None:
    from jinsha_cli.check.checker import check_rule
    from jinsha_cli.lookup import views
    from jinsha_cli.lookup.ranking import search
    from jinsha_cli.lookup.records import rules_using

    for output_format in ("table", "json"):
        for fact in book.facts.values():  # type: ignore[attr-defined]
            pairs = [(rule, check_rule(book, rule)) for rule in rules_using(book, fact.id)]  # type: ignore[arg-type]
            views.render_fact(book, fact, pairs, out, output_format)  # type: ignore[arg-type]
        views.render_fact_list(book, list(book.facts.values()), out, output_format)  # type: ignore[arg-type, attr-defined]
        pairs = [(rule, check_rule(book, rule)) for rule in book.rules.values()]  # type: ignore[arg-type, attr-defined]
        views.render_rules(book, pairs, out, output_format)  # type: ignore[arg-type]
        for rule, result in pairs:
            views.render_rule(book, rule, result, out, output_format)  # type: ignore[arg-type]
        for query in ("就业", "a", "[/x]"):
            views.render_find(book, search(book, query), out, output_format)  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_books())
def test_random_hostile_fact_files_reach_no_output_raw(text: str) -> None:
    from jinsha_cli.check.statistics import collect
    from jinsha_cli.formats.statistics import statistics_text

    book = load_text(text, "facts.yaml")
    report = check(book)
    runs = [Run(book, report)]
    for name in FORMATS:
        for colour in (False, True) if name == "table" else (False,):
            output = render_text(name, runs, Options(color=colour, width=400))
            assert_safe(output, name)
            assert "\x1b]8;" not in output
            if name in ("concise", "github"):
                assert_no_forged_command(output, name)
            if name == "junit":
                ET.fromstring(output)
            if name in ("json", "sarif"):
                json.loads(output)
    for github in (False, True):
        stats = statistics_text(collect([(book, report)]), github=github)
        assert_safe(stats, "--statistics")
        if github:
            assert_no_forged_command(stats, "--statistics")
    out = io.StringIO()
    _views(book, out)  # a MarkupError would fail here
    assert_safe(out.getvalue(), "the views")


def test_views_in_colour_write_no_link_and_no_escape(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    book = load_text((FIXTURES / "hostile.yaml").read_text(encoding="utf-8"), "hostile.yaml")
    out = io.StringIO()
    _views(book, out)
    assert "\x1b[" in out.getvalue()  # in colour indeed
    assert_safe(out.getvalue(), "the views in colour")
    assert "\x1b]8;" not in out.getvalue()
