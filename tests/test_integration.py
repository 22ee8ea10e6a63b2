"""The files other tools read: the pre-commit hook and the README's CI documentation."""

from __future__ import annotations

import re

import yaml

from jinsha_cli.formats import FORMATS

from .conftest import ROOT


def hooks() -> list[dict]:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_the_pre_commit_hook_runs_jinsha_check_on_fact_files() -> None:
    (hook,) = hooks()
    assert hook["id"] == "jinsha" and hook["entry"] == "jinsha check"
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for path in ("facts.yaml", "facts.yml", "data/facts.yaml", "docs/article.facts.yaml"):
        assert files.search(path), path
    for path in (
        ".github/workflows/ci.yml",
        "mkdocs.yaml",
        "myfacts.yaml",
        "facts.yaml.bak",
        ".pre-commit-config.yaml",
    ):
        assert not files.search(path), path


def test_the_readme_documents_every_format_and_the_actions_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("auto", *FORMATS):
        assert re.search(rf"^\| `{name}`", readme, re.MULTILINE), f"format {name} is not in the README's table"
    assert "GITHUB_ACTIONS=true" in readme


def test_the_readme_workflow_example_is_valid_yaml() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.+?)```", readme, re.DOTALL)]
    workflow = next(block for block in blocks if isinstance(block, dict) and "jobs" in block)
    commands = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any(command.startswith("jinsha check") for command in commands)
    config = next(block for block in blocks if isinstance(block, dict) and "repos" in block)
    assert config["repos"][0]["hooks"][0]["id"] == hooks()[0]["id"]
