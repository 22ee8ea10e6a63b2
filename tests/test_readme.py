"""The README's opening commands stay true: CI runs exactly its test command."""

from __future__ import annotations

import re

from .conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_the_readme_opens_with_install_and_run_commands() -> None:
    first, second = readme_commands()[:2]
    assert "pip install ." in first and first.endswith("jinsha check")
    assert "pip install '.[test]'" in second and "pytest" in second


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci
