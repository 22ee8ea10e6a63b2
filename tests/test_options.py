"""Options are what they say: numbers are numbers, choices are choices, and only Typer's public API is used."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from jinsha_cli.cli import app
from jinsha_cli.formats import FORMATS

from .conftest import FIXTURES, ROOT

runner = CliRunner()
COMMUNIQUE = FIXTURES / "qingxi_communique.txt"
COMMUNIQUE_FACTS = FIXTURES / "qingxi_facts.yaml"


def option(command: str, name: str) -> Any:
    group = typer.main.get_command(app)
    found = group.commands[command]  # type: ignore[attr-defined]
    return next(param for param in found.params if name in param.opts)


@pytest.mark.parametrize(
    ("command", "name", "choices"),
    [
        ("check", "--format", ["auto", *FORMATS]),
        ("check", "--output-file-format", list(FORMATS)),
        ("check", "--lang", ["en", "zh"]),
        ("check", "--slack", ["pass", "warning", "error"]),
        ("report", "--slack", ["pass", "warning", "error"]),
        ("report", "--lang", ["en", "zh"]),
        *[(command, "--format", ["auto", "table", "plain", "json"]) for command in ("list", "find")],
        *[(command, "--format", ["table", "json"]) for command in ("show", "rule", "coverage")],
    ],
)
def test_every_choice_is_a_choice(command: str, name: str, choices: list[str]) -> None:
    assert list(option(command, name).type.choices) == choices  # type: ignore[attr-defined]


def test_numbers_are_numbers() -> None:
    limit, fail_under = option("find", "--limit"), option("coverage", "--fail-under")
    assert limit.default == 20 and (limit.type.min, limit.type.max) == (1, None)
    assert type(limit.type.convert("7", limit, None)) is int
    assert (fail_under.type.min, fail_under.type.max) == (0, 100)
    assert fail_under.type.convert("95.5", fail_under, None) == 95.5


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["check", "--format", "yaml"], "--format"),
        (["check", "--lang", "fr"], "--lang"),
        (["check", "--slack", "ignore"], "--slack"),
        (["check", "-o", "out.json", "--output-file-format", "pdf"], "--output-file-format"),
        (["find", "x", "--limit", "0"], "--limit"),
        (["find", "x", "--limit", "two"], "--limit"),
        (["list", "--format", "csv"], "--format"),
        (["coverage", str(COMMUNIQUE), "--facts", str(COMMUNIQUE_FACTS), "--fail-under", "nan"], "--fail-under"),
        (["coverage", str(COMMUNIQUE), "--facts", str(COMMUNIQUE_FACTS), "--fail-under", "100.5"], "--fail-under"),
    ],
)
def test_a_bad_value_is_a_usage_error_naming_the_option(args: list[str], named: str, tmp_path: Path) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert named in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_a_bad_format_from_the_environment_is_refused(mini: Path) -> None:
    result = runner.invoke(app, ["check", "--facts", str(mini)], env={"JINSHA_FORMAT": "yaml"})
    assert result.exit_code == 2 and "JINSHA_FORMAT" in result.stderr


def test_a_choice_arrives_as_its_plain_name(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.out"
    result = runner.invoke(
        app, ["check", "--facts", str(mini), "-f", "concise", "-o", str(target), "--output-file-format", "json"]
    )
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8").startswith("{")
    assert "CheckFormat" not in result.stdout and "ReportFormat" not in target.read_text(encoding="utf-8")


def test_choices_are_enums_of_str() -> None:
    from jinsha_cli import cli

    for name in ("CheckFormat", "ReportFormat", "ViewFormat", "ListFormat", "Language", "Slack"):
        choice = getattr(cli, name)
        assert issubclass(choice, str) and issubclass(choice, Enum)


def test_no_private_module_of_typer_or_click_is_used() -> None:
    private = re.compile(r"\b(typer|click)\._")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("jinsha_cli", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if private.search(line)
    ]
    assert offenders == []
