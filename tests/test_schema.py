"""The shipped JSON Schema, checked with a real JSON Schema validator (a test dependency only)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from jinsha_cli import load_text

from .conftest import BUNDLED, FIXTURES

jsonschema = pytest.importorskip("jsonschema")


def shipped_schema() -> dict[str, Any]:
    return json.loads(resources.files("jinsha_cli.factfile").joinpath("facts.schema.json").read_text(encoding="utf-8"))


def validator() -> Any:
    schema = shipped_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)  # the schema itself is valid for its declared draft
    return cls(schema)


@pytest.mark.parametrize("path", [BUNDLED, FIXTURES / "mini.yaml"], ids=lambda p: p.name)
def test_fact_files_validate_against_the_shipped_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = sorted(validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])


def test_the_yaml_language_server_line_points_at_the_schema() -> None:
    first = BUNDLED.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (BUNDLED.parent / match.group(1)).resolve() == (
        BUNDLED.parent / "jinsha_cli" / "factfile" / "facts.schema.json"
    )


@pytest.mark.parametrize(
    "text",
    [
        "facts:\n  a:\n    value: 1\n    unit: 个\n",  # no quote
        "facts:\n  a:\n    value: 1\n    items: [x]\n    quote: x\n",  # both value and items
        "facts:\n  Bad-Id:\n    value: 1\n    unit: 个\n    quote: 1个\n",  # id pattern
        "facts: {}\nrules:\n  r:\n    check: a == b\n    severity: fatal\n",  # severity enum
        "facts: {}\nextra: 1\n",  # unknown top-level key
    ],
)
def test_the_loader_and_the_real_validator_agree_on_invalid_files(text: str) -> None:
    assert list(validator().iter_errors(yaml.safe_load(text))), "the real validator accepts it"
    assert load_text(text).problems, "the loader accepts it"


def test_the_validator_stays_out_of_the_command() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from jinsha_cli.cli import app\n"
        f"CliRunner().invoke(app, ['check', {str(FIXTURES / 'mini.yaml')!r}, '-f', 'json'])\n"
        "print('jsonschema' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"
