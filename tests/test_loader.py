"""Loading: every problem found, located by file, line, column and key path."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from jinsha_cli import load, load_text
from jinsha_cli.factfile.paths import bundled_facts_path, default_facts_path

from .conftest import write


def problems(text: str) -> list[tuple[int, int, str, str]]:
    book = load_text(textwrap.dedent(text).lstrip("\n"), "f.yaml")
    return [(p.line, p.column, p.path, p.message) for p in book.problems]


def test_a_duplicated_fact_id_names_both_lines() -> None:
    found = problems(
        """
        facts:
          a:
            value: 1
            unit: 个
            quote: "1个"
          a:
            value: 2
            unit: 个
            quote: "2个"
        """
    )
    assert found == [(6, 3, "facts.a", "duplicate key 'a': first at line 2, again at line 6")]


def test_duplicate_keys_inside_a_fact_are_found_too() -> None:
    found = problems(
        """
        facts:
          a:
            value: 1
            value: 2
            unit: 个
            quote: "1个"
        """
    )
    assert found[0][:3] == (4, 5, "facts.a.value")


def test_every_structural_problem_is_reported_with_its_location() -> None:
    found = problems(
        """
        facts:
          a:
            value: 1
            quote: "1"
            colour: red
          b:
            unit: 人
            quote: "x"
          c:
            value: 5.5.5
            unit: 人
            quote: 5.5.5
          d:
            value: 3
            unit: 人
            quote: [1, 2]
        rules:
          r1:
            check: a + zz > 1
          r2:
            check: 'a > __import__("os")'
          r3:
            severity: fatal
            check: a > 0
        """
    )
    by_path = {path: (line, column, message) for line, column, path, message in found}
    assert by_path["facts.a.colour"][:2] == (5, 5) and "unknown key 'colour'" in by_path["facts.a.colour"][2]
    assert by_path["facts.a.unit"][:2] == (2, 3) and "needs a unit" in by_path["facts.a.unit"][2]
    assert by_path["facts.b"][:2] == (6, 3) and "exactly one of 'value'" in by_path["facts.b"][2]
    assert by_path["facts.c.value"][:2] == (10, 12) and "cannot read" in by_path["facts.c.value"][2]
    assert by_path["facts.d.quote[0]"][:2] == (16, 13) and "expected text" in by_path["facts.d.quote[0]"][2]
    assert by_path["rules.r1.check"][:2] == (19, 16) and "unknown fact 'zz'" in by_path["rules.r1.check"][2]
    # The column points at the offending character inside the quoted rule.
    assert by_path["rules.r2.check"][:2] == (21, 28) and "strings are not part" in by_path["rules.r2.check"][2]
    assert by_path["rules.r3.severity"][:2] == (23, 15) and "must be one of" in by_path["rules.r3.severity"][2]


def test_unknown_top_level_keys_and_wrong_types() -> None:
    found = problems(
        """
        facts: [1, 2]
        rulez: {}
        """
    )
    messages = " | ".join(m for *_, m in found)
    assert "expected a mapping, found a list" in messages
    assert "unknown key 'rulez'" in messages


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("facts: {a: [1\n", "invalid YAML"),
        ("facts: !!python/object:os.system {}\n", "tag"),
        ("facts:\n  a: !!python/name:os.system\n", "tag"),
        ("a: &x [1]\nb: *x\n", "aliases"),
    ],
)
def test_bad_files_are_problems_not_exceptions(text: str, fragment: str) -> None:
    found = problems(text)
    assert found and any(fragment in message for *_, message in found), found


def test_an_alias_bomb_is_refused_at_once() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    found = problems("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert found[0][0] == 2 and "aliases" in found[0][3]


def test_values_are_read_as_written(tmp_path: Path) -> None:
    book = load_text(
        textwrap.dedent(
            """
            facts:
              a: {value: 5.20, unit: 米, quote: "5.20米"}
              b: {value: '1.9亿余', unit: 元, quote: "1.9亿余元"}
            """
        ),
        "f.yaml",
    )
    assert not book.problems
    assert book.facts["a"].written == "5.20"
    assert book.facts["a"].value.interval.width == pytest.approx(0.01)


def test_encodings(tmp_path: Path) -> None:
    text = "facts:\n  a: {value: 1, unit: 个, quote: 一个1个}\n"
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert not load(bom).problems
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(text.encode("gbk"))
    found = load(gbk).problems
    assert len(found) == 1 and "not UTF-8" in found[0].message and found[0].line == 2


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    found = load(tmp_path / "nope.yaml").problems
    assert "cannot read" in found[0].message


def test_default_path_prefers_the_working_folder(tmp_path: Path) -> None:
    assert default_facts_path(tmp_path) == bundled_facts_path()
    local = write(tmp_path, "facts: {}\n")
    assert default_facts_path(tmp_path) == local


def test_the_bundled_file_exists() -> None:
    assert bundled_facts_path().is_file()


def test_a_utf16_file_with_crlf_loads_with_the_right_lines(tmp_path: Path) -> None:
    text = "facts:\r\n  a: {value: 1, unit: 个, quote: 1个}\r\n  a: {value: 2, unit: 个, quote: 2个}\r\n"
    path = tmp_path / "utf16.yaml"
    path.write_bytes(text.encode("utf-16"))
    (problem,) = load(path).problems
    assert "first at line 2, again at line 3" in problem.message


def test_an_id_with_a_final_newline_is_not_an_id(tmp_path: Path) -> None:
    # Python's '$' matches before a final newline; JSON Schema's does not: a newline in an
    # id would forge lines of the reports.
    text = 'facts:\n  "a\\n":\n    value: 1\n    unit: 个\n    quote: 1个\nrules:\n  "r\\n": {check: "1 == 1"}\n'
    book = load_text(text, "facts.yaml")
    messages = [problem.message for problem in book.problems]
    assert any("'a\\n' is not a valid id" in message for message in messages), messages
    assert any("'r\\n' is not a valid id (pattern ^[A-Za-z0-9][A-Za-z0-9_.:-]*$)" in m for m in messages), messages
