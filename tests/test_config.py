"""The project configuration and where fact files are found, end to end.

jinsha.toml or [tool.jinsha] found by walking up, JINSHA_FACTS, the order
command line > environment > configuration > defaults, located errors, and the
bundled example never used without saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jinsha_cli.cli import app
from jinsha_cli.factfile.config import ConfigError, find_config_file, load_config
from jinsha_cli.factfile.paths import bundled_facts_path, find_fact_files, project_facts

from .conftest import FIXTURES, write

runner = CliRunner()

ONE_FACT = """\
facts:
  county.townships:
    value: 21
    unit: 个
    quote: 辖21个乡镇
    zh: 乡镇数
    en: townships
rules:
  county.townships-positive:
    check: county.townships > 0
"""


def invoke(folder: Path, *args: str, env: dict[str, str] | None = None):
    """Run jinsha in ``folder`` as a user would (CliRunner: same process, real files)."""
    previous = Path.cwd()
    os.chdir(folder)
    try:
        return runner.invoke(app, list(args), env={"JINSHA_FACTS": "", "JINSHA_FORMAT": "", **(env or {})})
    finally:
        os.chdir(previous)


def files_checked(result) -> list[str]:
    return json.loads(result.stdout)["files"]


def resolved(result, folder: Path) -> list[Path]:
    """The files a run checked, as absolute paths (relative ones are relative to where it ran)."""
    return [(folder / name).resolve() for name in files_checked(result)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project: a configuration at the top, facts in a subfolder, work done in another."""
    (tmp_path / "facts").mkdir()
    shutil.copy(FIXTURES / "mini.yaml", tmp_path / "facts" / "mini.yaml")
    write(tmp_path / "facts", ONE_FACT, "one.yaml")
    (tmp_path / "work" / "deeper").mkdir(parents=True)
    return tmp_path


def test_jinsha_toml_names_the_facts_and_the_check_defaults(project: Path) -> None:
    write(project, 'facts = ["facts/one.yaml"]\n\n[check]\nformat = "json"\n', "jinsha.toml")
    result = invoke(project / "work" / "deeper", "check")
    assert result.exit_code == 0, result.output
    assert resolved(result, project / "work" / "deeper") == [(project / "facts" / "one.yaml").resolve()]


@pytest.mark.parametrize("git", ["folder", "file"])  # a clone, or a worktree's .git file
def test_a_configuration_above_the_git_work_tree_does_not_apply_to_it(project: Path, git: str) -> None:
    write(project, '[check]\nformat = "json"\n', "jinsha.toml")
    checkout = project / "work"
    (checkout / ".git").mkdir() if git == "folder" else write(checkout, "gitdir: /elsewhere\n", ".git")
    write(checkout / "deeper", ONE_FACT, "facts.yaml")
    result = invoke(checkout / "deeper", "check")
    assert result.exit_code == 0, result.output
    assert not result.output.lstrip().startswith("{"), "the configuration above the checkout was applied"
    assert find_config_file(checkout / "deeper") is None
    assert find_config_file(project / "work") is None and find_config_file(project) == project / "jinsha.toml"
    write(checkout, '[check]\nformat = "json"\n', "jinsha.toml")  # the checkout's own applies
    assert find_config_file(checkout / "deeper") == checkout / "jinsha.toml"


def test_pyproject_tool_jinsha_is_found_and_one_without_it_is_passed_over(project: Path) -> None:
    write(project, '[project]\nname = "x"\n\n[tool.jinsha]\nfacts = "facts/mini.yaml"\n', "pyproject.toml")
    write(project / "work", '[project]\nname = "inner"\n', "pyproject.toml")  # no [tool.jinsha]: keep walking
    config = load_config(project / "work" / "deeper")
    assert config.path == project / "pyproject.toml" and config.root == project.resolve()
    assert config.facts == (project.resolve() / "facts" / "mini.yaml",)
    result = invoke(project / "work", "check", "--format", "json")
    assert result.exit_code == 1  # mini.yaml has a failing rule
    assert files_checked(result)[0].endswith("mini.yaml")


def test_the_nearest_configuration_wins_and_jinsha_toml_before_pyproject(project: Path) -> None:
    write(project, 'facts = ["facts/mini.yaml"]\n', "jinsha.toml")
    # (a configuration names files outside its folder only where it allows them: see factfile/boundary.py)
    write(project / "work", 'facts = ["../facts/one.yaml"]\nallow-documents-outside = ["../facts"]\n', "jinsha.toml")
    write(project / "work", '[tool.jinsha]\nfacts = ["../facts/mini.yaml"]\n', "pyproject.toml")
    assert project_facts(project / "work" / "deeper") == [(project / "facts" / "one.yaml").resolve()]


def test_command_line_beats_environment_beats_configuration(project: Path) -> None:
    one, mini = project / "facts" / "one.yaml", project / "facts" / "mini.yaml"
    write(project, 'facts = ["facts/mini.yaml"]\n[check]\nformat = "concise"\n', "jinsha.toml")
    here = project / "work"
    # configuration alone: mini.yaml, concise
    result = invoke(here, "check")
    assert "mini.yaml" in result.stdout and not result.stdout.lstrip().startswith("{")
    # the environment beats the configuration, for the facts and for the format
    result = invoke(here, "check", env={"JINSHA_FACTS": str(one), "JINSHA_FORMAT": "json"})
    assert resolved(result, here) == [one.resolve()]
    # the command line beats both
    result = invoke(here, "check", "--facts", str(mini), "--format", "json", env={"JINSHA_FACTS": str(one)})
    assert resolved(result, here) == [mini.resolve()]


def test_jinsha_facts_is_a_path_list(project: Path) -> None:
    one, mini = project / "facts" / "one.yaml", project / "facts" / "mini.yaml"
    result = invoke(project, "check", "--format", "json", env={"JINSHA_FACTS": f"{one}{os.pathsep}{mini}"})
    assert resolved(result, project) == [one.resolve(), mini.resolve()]


def test_every_fact_command_reads_the_configured_facts(project: Path) -> None:
    write(project, 'facts = ["facts/one.yaml"]\n', "jinsha.toml")
    here = project / "work"
    listed = json.loads(invoke(here, "list", "--format", "json").stdout)
    assert [fact["id"] for fact in listed] == ["county.townships"]
    assert invoke(here, "show", "county.townships", "--format", "json").exit_code == 0
    assert "county.townships-positive" in invoke(here, "rule", "--format", "json").stdout
    assert invoke(here, "find", "乡镇数", "--format", "json").exit_code == 0


def test_select_strict_and_lang_from_the_configuration(project: Path) -> None:
    write(
        project,
        'facts = ["facts/mini.yaml"]\n[check]\nformat = "json"\nselect = ["county", "west"]\nstrict = true\n',
        "jinsha.toml",
    )
    data = json.loads(invoke(project, "check").stdout)
    rules = {r["rule"] for r in data["results"] if r["kind"] == "rule"}
    assert rules and all(rule.startswith(("county", "west")) for rule in rules)
    # --select on the command line replaces the configured list, as in ruff
    data = json.loads(invoke(project, "check", "--select", "industry").stdout)
    assert {r["rule"] for r in data["results"] if r["kind"] == "rule"} == {"industry.code-digits"}


def test_the_configured_source_document_is_checked(project: Path) -> None:
    write(project, "辖21个乡镇、5个街道\n", "article.txt")
    write(project, 'facts = ["facts/one.yaml"]\nsource = "article.txt"\n[check]\nformat = "json"\n', "jinsha.toml")
    data = json.loads(invoke(project / "work", "check").stdout)
    assert data["summary"]["source_quotes_checked"] == 1 and data["summary"]["source_failed"] == 0
    write(project, "辖22个乡镇\n", "article.txt")
    data = json.loads(invoke(project / "work", "check").stdout)
    assert data["summary"]["source_failed"] == 1


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('facts = ["a.yaml"\n', 1, "invalid TOML"),
        ('facts = ["a.yaml"]\nsource = = 1\n', 2, "invalid TOML"),
        ('facts = ["a.yaml"]\n\n[check]\nformat = "json"\nfomat = "json"\n', 5, "check has no option --fomat"),
        ('facts = ["a.yaml"]\n[check]\nstrict = "yes"\n', 3, "strict takes true or false"),
        ('facts = ["a.yaml"]\n[check]\nselect = [1, 2]\n', 3, "select takes text or a list of text"),
        ("facts = 3\n", 1, "facts takes text or a list of text"),
        ('facts = ["a.yaml"]\n[chek]\nformat = "json"\n', 2, "no command 'chek'"),
        ('factz = ["a.yaml"]\n', 1, "unknown key 'factz'"),
        ('[check]\nfacts = ["a.yaml"]\n', 2, "name the facts at the top level"),
    ],
)
def test_a_bad_configuration_is_located_and_exits_2(tmp_path: Path, text: str, line: int, words: str) -> None:
    write(tmp_path, text, "jinsha.toml")
    result = invoke(tmp_path, "check")
    assert result.exit_code == 2
    assert f"jinsha.toml:{line}:1: " in result.stderr and words in result.stderr, result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["check", "find", "report"])
def test_help_is_shown_whatever_the_configuration_and_the_run_still_fails(tmp_path: Path, command: str) -> None:
    write(tmp_path, "factz = 1\n", "jinsha.toml")
    shown = invoke(tmp_path, command, "--help")
    assert shown.exit_code == 0 and "Usage:" in shown.stdout, shown.output
    run = invoke(tmp_path, command, *(["x"] if command == "find" else []))
    assert run.exit_code == 2 and "unknown key 'factz'" in run.stderr


def test_a_help_word_after_double_dash_is_no_request_for_help(tmp_path: Path) -> None:
    write(tmp_path, "factz = 1\n", "jinsha.toml")
    assert invoke(tmp_path, "find", "--", "--help").exit_code == 2


def test_a_pyproject_error_names_the_key_path(tmp_path: Path) -> None:
    write(tmp_path, '[project]\nname = "x"\n\n[tool.jinsha.check]\nexit-zero = 1\n', "pyproject.toml")
    with pytest.raises(ConfigError) as raised:
        from jinsha_cli.factfile.config import command_defaults

        command_defaults(load_config(tmp_path), "check", _check_options())
    assert raised.value.line == 5 and raised.value.key == "tool.jinsha.check.exit-zero"


def _check_options() -> list:
    import typer.main

    return typer.main.get_command(app).commands["check"].params  # type: ignore[attr-defined]


def test_commands_without_fact_files_ignore_the_configuration(tmp_path: Path) -> None:
    write(tmp_path, "this is not toml = = =\n", "jinsha.toml")
    assert invoke(tmp_path, "schema").exit_code == 0


# The bundled example is never used silently ------------------------------------------


def test_an_empty_folder_says_it_uses_the_bundled_example(tmp_path: Path) -> None:
    result = invoke(tmp_path, "check", "--format", "json")
    assert result.exit_code == 0
    assert "using the bundled example" in result.stderr and "Jinsha County" in result.stderr
    assert resolved(result, tmp_path) == [bundled_facts_path().resolve()]


def test_a_named_fact_file_in_the_folder_is_found_and_nothing_is_said(tmp_path: Path) -> None:
    write(tmp_path, ONE_FACT, "employment.facts.yaml")
    result = invoke(tmp_path, "check", "--format", "json")
    assert result.exit_code == 0 and "bundled" not in result.stderr
    assert files_checked(result) == ["employment.facts.yaml"]  # the path as a person types it


def test_facts_yml_is_found(tmp_path: Path) -> None:
    write(tmp_path, ONE_FACT, "facts.yml")
    assert files_checked(invoke(tmp_path, "check", "--format", "json")) == ["facts.yml"]


def test_several_fact_files_are_all_checked_and_a_lookup_says_which_it_reads(tmp_path: Path) -> None:
    write(tmp_path, ONE_FACT, "b.facts.yaml")
    write(tmp_path, ONE_FACT.replace("county.townships:", "county.towns:"), "a.facts.yaml")
    write(tmp_path, ONE_FACT, "facts.yaml")
    assert find_fact_files(tmp_path).paths == [tmp_path / n for n in ("facts.yaml", "a.facts.yaml", "b.facts.yaml")]
    result = invoke(tmp_path, "check", "--format", "json")
    assert files_checked(result) == ["facts.yaml", "a.facts.yaml", "b.facts.yaml"]
    shown = invoke(tmp_path, "show", "county.townships", "--format", "json")
    assert shown.exit_code == 0 and "reading facts.yaml, the first of 3 fact files" in shown.stderr


def test_the_installed_command_reads_the_configuration(tmp_path: Path) -> None:
    """The same through a real process: the console script's own start-up path."""
    write(tmp_path, ONE_FACT, "numbers.yaml")
    write(tmp_path, '[tool.jinsha]\nfacts = "numbers.yaml"\n[tool.jinsha.check]\nformat = "json"\n', "pyproject.toml")
    (tmp_path / "sub").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("JINSHA_FACTS", "JINSHA_FORMAT")}
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "check"], cwd=tmp_path / "sub", env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert [Path(tmp_path / "sub" / f).resolve() for f in json.loads(done.stdout)["files"]] == [
        (tmp_path / "numbers.yaml").resolve()
    ]
