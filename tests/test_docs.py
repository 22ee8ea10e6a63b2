"""The examples of the README and docs/fact-file.md run, as sqlite-utils tests its docs.

- every fenced ``yaml`` block of docs/fact-file.md is read by jinsha's loader: a
  block with facts must load with no problem but references to sections it
  does not show, and every quote must state its value;
- every row of the table "Numbers are intervals" is read by the number grammar
  and gives the interval the table prints;
- every ``jinsha`` line of the README's ``sh`` blocks runs without a usage
  error (an option or command that no longer exists fails here);
- the README's configuration example is a working jinsha.toml, and each
  `jinsha calc` example prints what its comment says;
- every path into the package that the README or the docs name exists.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from jinsha_cli.check.checker import check, check_rule
from jinsha_cli.core.interval import NEG_INF, POS_INF, Interval
from jinsha_cli.core.numbers import Code, Figure, FigureError, parse_value
from jinsha_cli.factfile.loader import load, load_text

from .conftest import BUNDLED, FIXTURES, ROOT

README = ROOT / "README.md"
FACT_FILE_DOC = ROOT / "docs" / "fact-file.md"


def fenced(path: Path, language: str) -> list[str]:
    """The fenced blocks of one language, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", path.read_text(encoding="utf-8"), re.S | re.M)


def named_package_paths() -> list[str]:
    """Each ``jinsha_cli/...`` path the README and the docs name, once."""
    found: set[str] = set()
    for page in (README, *sorted((ROOT / "docs").glob("*.md"))):
        found.update(re.findall(r"jinsha_cli/[\w./-]*\w", page.read_text(encoding="utf-8")))
    return sorted(found)


def test_the_docs_name_paths_into_the_package() -> None:
    assert len(named_package_paths()) >= 10


@pytest.mark.parametrize("named", named_package_paths())
def test_each_path_the_docs_name_exists(named: str) -> None:
    assert (ROOT / named).exists(), f"{named} is named in the docs but is not in the package"


# docs/fact-file.md: the YAML examples --------------------------------------------


@pytest.mark.parametrize("block", fenced(FACT_FILE_DOC, "yaml"), ids=lambda block: block.split("\n")[0][:30])
def test_each_yaml_example_is_read_by_the_loader(block: str) -> None:
    schema = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)\n", block)
    if schema:  # the line that points editors at the schema: it must point at it
        assert (ROOT / schema[1]).is_file(), f"no schema at {schema[1]}"
        return
    # An indented fragment (a rule shown alone) is the inside of its mapping.
    text = block if not block.startswith(" ") else "rules:\n" + block
    book = load_text(text, "example.yaml")
    expected = ("unknown section", "missing required")  # a fragment shows one part of a file
    if not book.facts:  # rules alone: their facts are the bundled file's
        expected += ("names unknown fact",)
    real = [p for p in book.problems if not any(words in p.message for words in expected)]
    assert real == [], [str(p) for p in real]
    if book.facts:
        quotes = [r for r in check(book, check_source=False).results if r.kind == "quote"]
        assert quotes == [], [r.message for r in quotes]
    elif book.rules:
        bundled = load(BUNDLED)
        for rule in book.rules.values():
            assert rule.tree is not None and set(rule.fact_ids) <= set(bundled.facts), rule.id
            assert check_rule(bundled, rule).status != "error", rule.id


def test_the_interval_table_is_found() -> None:
    assert len(interval_rows()) >= 19


def test_the_docs_show_the_new_grammar_in_a_fact_file() -> None:
    blocks = "\n".join(fenced(FACT_FILE_DOC, "yaml"))
    assert "1500万人以上" in blocks and "个百分点" in blocks


# docs/fact-file.md: the table of written figures and their intervals -------------------


def _number(text: str) -> Fraction | str:
    text = text.strip()
    if text in ("∞", "-∞"):
        return POS_INF if text == "∞" else NEG_INF
    scale = Fraction(1)
    if text.endswith("%"):
        text, scale = text[:-1], Fraction(1, 100)
    elif text.endswith("万"):
        text, scale = text[:-1], Fraction(10_000)
    return Fraction(text) * scale


def _intervals(cell: str) -> list[Interval | tuple[int, ...]]:
    """'[0.9565, 0.9575]', '(-∞, 300000]', '5, 14, 2 exactly', 'a code with terms 1, 14' ..."""
    if cell.startswith("a code with terms "):
        return [tuple(int(term) for term in cell.removeprefix("a code with terms ").split(", "))]
    if cell.endswith(" exactly"):
        return [Interval.point(Fraction(n)) for n in cell.removesuffix(" exactly").split(", ")]
    found = []
    for part in cell.split(" / "):
        match = re.fullmatch(r"([\[(])(.+?), (.+?)([\])])", part.strip())
        assert match, f"cannot read the interval {part!r} of the table"
        low, high = _number(match[2]), _number(match[3])
        found.append(Interval(low, high, match[1] == "[", match[4] == "]"))
    return found


def interval_rows() -> list[tuple[str, str]]:
    text = FACT_FILE_DOC.read_text(encoding="utf-8")
    table = text.split("## Numbers are intervals", 1)[1].split("\n#", 1)[0]  # up to ### Rounding
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| `")]
    return [(row[0].removeprefix("| "), row[1]) for row in rows]


@pytest.mark.parametrize(("written", "interval"), interval_rows())
def test_each_row_of_the_interval_table_is_what_the_grammar_reads(written: str, interval: str) -> None:
    forms: list[tuple[str, str | None]] = []
    for token in re.findall(r"`([^`]+)`", written):
        if token.startswith("unit: "):  # `3.4` with `unit: 个百分点`
            forms[-1] = (forms[-1][0], token.removeprefix("unit: "))
        else:
            forms.append((token, None))
    unit = re.search(r"\(unit (\S+)\)", written)
    expected = _intervals(interval)
    for index, (form, form_unit) in enumerate(forms):
        wanted = expected[index] if len(expected) == len(forms) else expected[0]
        try:
            value = parse_value(form, unit=form_unit or (unit[1] if unit else None))
        except FigureError:  # a unit written inside the value needs the fact's unit
            value = parse_value(form, unit="人")
        if isinstance(value, Code):
            assert value.terms == wanted, form
        else:
            assert isinstance(value, Figure) and value.interval == wanted, (form, value.interval, wanted)


# README: the commands ---------------------------------------------------------------


def readme_jinsha_lines() -> list[str]:
    lines = []
    for block in fenced(README, "sh"):
        for line in block.splitlines():
            for command in line.split("  #", 1)[0].split("&&"):
                command = command.strip()
                if command.startswith("jinsha ") and "--install-completion" not in command:
                    lines.append(command)
    return lines


@pytest.fixture
def playground(tmp_path: Path) -> Path:
    """A folder where the README's commands find the files they name."""
    for name in ("facts.yaml", "my.yaml", "a.yaml", "b.yaml", "my-facts.yaml"):
        shutil.copy(BUNDLED, tmp_path / name)
    shutil.copy(FIXTURES / "employment.txt", tmp_path / "article.txt")
    shutil.copy(FIXTURES / "employment.txt", tmp_path / "report.txt")
    return tmp_path


def run_jinsha(folder: Path, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("JINSHA_FACTS", "JINSHA_FORMAT", "GITHUB_ACTIONS")}
    return subprocess.run(
        [sys.executable, "-m", "jinsha_cli", *arguments],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_readme_has_commands_to_run() -> None:
    assert len(readme_jinsha_lines()) >= 20


@pytest.mark.parametrize("line", readme_jinsha_lines())
def test_each_readme_command_runs_without_a_usage_error(playground: Path, line: str) -> None:
    if "|" in line or ">" in line.replace("->", ""):
        line = re.split(r"\s[|>]\s?", line)[0]  # the command before a pipe or a redirection
    done = run_jinsha(playground, shlex.split(line)[1:])
    said = done.stdout + done.stderr
    assert "Usage:" not in said and "No such option" not in said and "Traceback" not in said, said[-2000:]


def test_the_readme_configuration_example_works(tmp_path: Path) -> None:
    (toml,) = [block for block in fenced(README, "toml") if "[check]" in block]
    (tmp_path / "jinsha.toml").write_text(toml, encoding="utf-8")
    shutil.copy(FIXTURES / "employment.facts.yaml", tmp_path / "employment.facts.yaml")
    shutil.copy(FIXTURES / "employment.txt", tmp_path / "employment.txt")
    (tmp_path / "sub").mkdir()
    done = run_jinsha(tmp_path / "sub", ["check"])
    assert done.returncode == 0, done.stderr
    # concise (from the configuration), on the configured facts, with the configured source
    assert "employment.facts.yaml: 9 passed" in done.stdout and not done.stdout.startswith("{")
    data = json.loads(run_jinsha(tmp_path / "sub", ["check", "--format", "json"]).stdout)
    assert data["summary"]["source_quotes_checked"] > 0


def calc_examples() -> list[tuple[str, str]]:
    found = []
    for block in fenced(README, "sh"):
        for line in block.splitlines():
            if line.startswith("jinsha calc ") and "#" in line:
                command, comment = line.split("  #", 1)
                found.append((command.strip(), comment.strip()))
    return found


@pytest.mark.parametrize(("command", "comment"), calc_examples())
def test_each_calc_example_prints_what_its_comment_says(command: str, comment: str) -> None:
    done = run_jinsha(ROOT, [*shlex.split(command)[1:], "--facts", str(BUNDLED)])
    assert done.returncode == 0, done.stderr
    claimed = re.findall(r"\[[^\]]+\][^\s,]*|\d+(?:\.\d+)?[^\s,;:]*", comment.split(":", 1)[-1])
    assert claimed and all(number in done.stdout for number in claimed), (claimed, done.stdout[-800:])


def test_the_readme_lists_every_draft_finder_as_the_registry_describes_it() -> None:
    from jinsha_cli.draft.patterns import PATTERNS

    text = README.read_text(encoding="utf-8")
    table = text[text.index("| finder | what it drafts |") :].split("\n\n", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| (.+) \|$", table, re.M)
    assert dict(rows) == {p.id: p.description for p in PATTERNS.values()} and len(rows) == len(PATTERNS)
