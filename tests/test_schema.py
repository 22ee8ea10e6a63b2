"""The shipped JSON Schema, checked with a real JSON Schema validator (a test dependency only)."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jinsha_cli import load_text
from jinsha_cli.factfile import loader as loader_module
from jinsha_cli.factfile import schema as schema_module
from jinsha_cli.factfile.schema import ANNOTATIONS, KEYWORDS, UnsupportedKeyword, Validator

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


# jinsha's validator: every keyword it meets is one it implements ---------------------------------


def with_keyword(where: str, keyword: str, value: object) -> dict[str, Any]:
    """A copy of the shipped schema with ``keyword: value`` added to the schema at ``where`` (dotted)."""
    schema = copy.deepcopy(shipped_schema())
    target = schema
    for part in where.split(".") if where else ():
        target = target[int(part)] if part.isdigit() else target[part]
    target[keyword] = value
    return schema


def test_the_shipped_schema_uses_only_keywords_jinsha_implements() -> None:
    Validator(shipped_schema())  # would raise UnsupportedKeyword
    used = {keyword for keyword, _ in schema_module._keywords(shipped_schema(), "")}
    assert used <= set(KEYWORDS) | ANNOTATIONS | schema_module.REFERENCES
    assert {"type", "enum", "anyOf", "oneOf", "pattern", "required", "items", "minItems", "minLength"} <= used


@pytest.mark.parametrize(
    ("where", "keyword", "value"),
    [
        ("$defs.tags", "maxItems", 2),
        ("$defs.tags", "uniqueItems", True),
        ("$defs.fact.properties.zh", "format", "email"),
        ("properties.facts", "minProperties", 1),
        ("$defs.rule", "if", {"required": ["known"]}),
        ("$defs.tags.items", "const", "x"),
        ("properties.sections", "propertyNames", {"pattern": "^[a-z]+$", "maxLength": 8}),
        ("$defs.fact.properties.quote.anyOf.0", "not", {"type": "null"}),
    ],
)
def test_a_keyword_jinsha_does_not_implement_is_an_error(where: str, keyword: str, value: object) -> None:
    schema = with_keyword(where, keyword, value)
    jsonschema.validators.validator_for(schema).check_schema(schema)  # a valid schema, that jsonschema would apply
    with pytest.raises(UnsupportedKeyword) as refused:
        Validator(schema)
    assert refused.value.keyword == ("maxLength in propertyNames" if keyword == "propertyNames" else keyword)
    assert refused.value.path.startswith(where.replace(".anyOf.0", ".anyOf[0]"))
    assert "does not implement" in str(refused.value)


def test_max_length_is_checked_as_jsonschema_checks_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled file against the shipped schema with a label of at most 3 characters: both refuse it, alike."""
    schema = with_keyword("$defs.rule.properties.en", "maxLength", 3)
    text = BUNDLED.read_text(encoding="utf-8")
    expected = {
        ".".join(map(str, error.absolute_path))
        for error in jsonschema.validators.validator_for(schema)(schema).iter_errors(yaml.safe_load(text))
    }
    assert expected and all(path.startswith("rules.") and path.endswith(".en") for path in expected)

    monkeypatch.setattr(loader_module, "validator", lambda: Validator(schema))
    book = load_text(text, "facts.yaml")
    found = {problem.path for problem in book.problems if "at most 3" in problem.message}
    assert found == expected
    monkeypatch.undo()
    assert not [problem for problem in load_text(text, "facts.yaml").problems if "at most" in problem.message]


def test_the_root_and_the_streamed_mappings_use_only_what_the_reader_checks() -> None:
    """facts and rules are read one entry at a time: a keyword about the whole mapping could not be checked."""
    assert loader_module.unread_keywords(shipped_schema()) == []
    assert loader_module.unread_keywords(with_keyword("properties.facts", "required", ["a"])) == ["facts.required"]
    assert loader_module.unread_keywords(with_keyword("", "anyOf", [{"required": ["rules"]}])) == ["anyOf"]
    assert loader_module.unread_keywords(with_keyword("properties.rules", "type", "array")) == ["rules.type"]


yaml_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from(["", "x", "人", "a b", "a,b", "95.7%", "nearest", "error", "Bad-Id", "1.5"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "value",
                    "unit",
                    "quote",
                    "items",
                    "tags",
                    "rounding",
                    "check",
                    "severity",
                    "known",
                    "draft",
                    "x",
                    "a.b",
                ]
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=14,
)


@settings(max_examples=300, deadline=None)
@given(yaml_values, st.sampled_from(["fact", "rule", "tags", "text"]))
def test_jinsha_and_jsonschema_agree_on_what_is_valid(value: object, definition: str) -> None:
    """The one implementation of each keyword, against a real validator, over the shipped definitions."""
    schema = shipped_schema()
    reference = jsonschema.validators.validator_for(schema)(
        {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    )
    node = yaml.compose(yaml.safe_dump(value, allow_unicode=True), Loader=yaml.SafeLoader)
    ours = schema_module.validator()
    assert ours.is_valid(node, schema["$defs"][definition]) == reference.is_valid(value)
    assert bool(ours.check(node, schema["$defs"][definition], "")) != reference.is_valid(value)
