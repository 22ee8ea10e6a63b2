"""The library does all that `jinsha check` does: same results, same exit code, on every fixture."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jinsha_cli as jinsha
from jinsha_cli.cli import app
from jinsha_cli.formats import Options, render_text

from .conftest import BUNDLED, FIXTURES, ROOT

runner = CliRunner()
FACT_FILES = [*sorted(FIXTURES.glob("*.yaml")), BUNDLED]


def cli_json(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda path: path.name)
@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_the_library_and_the_command_line_agree(path: Path, strict: bool) -> None:
    code, stdout = cli_json("--facts", str(path), *(["--strict"] if strict else []))
    runs = jinsha.check_files([path], strict=strict)
    assert render_text("json", runs, Options()) == stdout
    assert jinsha.exit_code(runs) == code
    # The two-step API gives the same report as the one call.
    book = jinsha.load(path)
    report = jinsha.check(book, strict=strict)
    assert [r.to_dict() for r in report.results] == [r.to_dict() for r in runs[0].report.results]
    assert report.exit_code == code


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda path: path.name)
def test_leaving_out_the_steps_changes_no_verdict_and_no_message(path: Path) -> None:
    book = jinsha.load(path)
    explained, verdicts = jinsha.check(book), jinsha.check(book, explain=False)
    assert [r.to_dict() for r in verdicts.results] == [r.to_dict() for r in explained.results]
    assert all(r.steps == [] for r in verdicts.results)
    if path == BUNDLED:
        assert sum(bool(r.steps) for r in explained.results) >= 50  # what `jinsha rule` and the report show


def test_the_fixtures_include_a_quote_missing_from_its_source_document() -> None:
    report = jinsha.check(jinsha.load(FIXTURES / "source_mismatch.yaml"))
    assert [(r.kind, r.rule, r.status) for r in report.results if r.status != "pass"] == [
        ("source", "source:county.villages", "fail")
    ]
    assert report.exit_code == 1 and report.summary["failed"] == 0 and report.summary["source_failed"] == 1
    assert report.source_document is not None and report.source_document.endswith("source_mismatch.txt")


def test_several_files_selection_and_an_explicit_source_agree(tmp_path: Path) -> None:
    document = tmp_path / "other.txt"
    document.write_text("辖21个乡镇、5个街道、242个行政村", encoding="utf-8")
    files = [FIXTURES / "mini.yaml", FIXTURES / "source_mismatch.yaml"]
    options = ["--select", "county", "--ignore", "tag:structure", "--source", str(document)]
    code, stdout = cli_json(*options, *map(str, files))
    runs = jinsha.check_files(files, select=["county"], ignore=["tag:structure"], source=document)
    assert render_text("json", runs, Options()) == stdout
    assert jinsha.exit_code(runs) == code
    assert [run.report.source_document for run in runs] == [str(document)] * 2


def test_exit_zero_and_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("facts:\n  a: {value: twelve}\n", encoding="utf-8")
    mini = FIXTURES / "mini.yaml"
    assert jinsha.exit_code(jinsha.check_files([mini])) == 1
    assert jinsha.exit_code(jinsha.check_files([mini]), exit_zero=True) == 0
    runs = jinsha.check_files([mini, bad])
    assert jinsha.exit_code(runs, exit_zero=True) == 2
    assert runner.invoke(app, ["check", str(mini), str(bad), "--exit-zero"]).exit_code == 2


def test_no_paths_means_the_default_fact_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "mini.yaml", tmp_path / "facts.yaml")
    monkeypatch.chdir(tmp_path)
    (run,) = jinsha.check_files()
    assert Path(run.book.path).resolve() == (tmp_path / "facts.yaml").resolve()
    code, stdout = cli_json()
    assert render_text("json", [run], Options()) == stdout and code == jinsha.exit_code([run]) == 1


def readme_library_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## As a library", 1)[1]
    match = re.search(r"```python\n(.+?)```", section, re.S)
    assert match, "the README's 'As a library' section has no python example"
    return match.group(1)


def test_the_readme_library_example_finds_a_quote_missing_from_the_source(tmp_path: Path) -> None:
    for name in ("source_mismatch.yaml", "source_mismatch.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "source_mismatch.yaml").rename(tmp_path / "facts.yaml")
    done = subprocess.run(
        [sys.executable, "-c", readme_library_example()], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "fail source:county.villages" in done.stdout
    assert (
        "1 passed, 0 failed, 0 skipped, 0 errors of 1 rule; quotes: 2 of 2 state their value; 1 of 2 found in"
        in done.stdout
    )
    cli = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "check", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cli.returncode == 1 and json.loads(cli.stdout)["summary"]["source_failed"] == 1
    assert done.stdout.rstrip().splitlines()[-1] == str(cli.returncode)


def test_jinsha_check_stays_the_function_whatever_is_imported_first() -> None:
    """Importing the check subpackage's modules must not hide jinsha.check() behind the package."""
    code = (
        "import jinsha_cli as jinsha\n"
        "from jinsha_cli.check import files, statistics, source\n"
        "import jinsha_cli.check.checker\n"
        "print(callable(jinsha.check), jinsha.check.__module__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "jinsha_cli.check.checker"]
