"""Validate a composed YAML tree against the fact file's JSON Schema.

The schema (``facts.schema.json``) is the single source of truth: editors use it,
and the loader checks every node against it here, with the node's line and
column. This implements the subset of JSON Schema the file uses: type, enum,
properties, additionalProperties, propertyNames/pattern, required, items,
minItems, minLength, pattern, anyOf, oneOf and local $ref.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..core._messages import quoted

SCHEMA_FILE = "facts.schema.json"

# YAML's resolved tags for plain scalars, as JSON types.
_SCALAR_TYPES = {
    "tag:yaml.org,2002:str": ("string",),
    "tag:yaml.org,2002:int": ("integer", "number"),
    "tag:yaml.org,2002:float": ("number",),
    "tag:yaml.org,2002:bool": ("boolean",),
    "tag:yaml.org,2002:null": ("null",),
}
_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
    "object": "a mapping",
    "array": "a list",
}


@dataclass(frozen=True)
class SchemaError:
    node: yaml.Node
    path: str
    message: str


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    path = Path(__file__).with_name(SCHEMA_FILE)
    if path.is_file():  # the usual case; importlib.resources costs more to import than this whole read
        text = path.read_text(encoding="utf-8")
    else:  # pragma: no cover - a zipped install
        from importlib import resources

        text = resources.files("jinsha_cli.factfile").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def json_types(node: yaml.Node) -> tuple[str, ...]:
    if isinstance(node, yaml.MappingNode):
        return ("object",)
    if isinstance(node, yaml.SequenceNode):
        return ("array",)
    return _SCALAR_TYPES.get(node.tag, ())


def validate(node: yaml.Node, schema: dict[str, Any] | None = None, path: str = "") -> list[SchemaError]:
    """Every way the node breaks the schema (the whole schema by default)."""
    root = load_schema()
    return validator().check(node, schema if schema is not None else root, path)


@lru_cache(maxsize=1)
def validator() -> Validator:
    """The validator of the fact file's schema (it caches resolved references)."""
    return Validator(load_schema())


_Check = Callable[[yaml.Node, str, "yaml.Node | None"], "list[SchemaError]"]
_MappingRules = tuple[dict[str, Any], "re.Pattern[str] | None", Any]
_STRING_TAG = "tag:yaml.org,2002:str"  # the only tag read as a JSON string


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class Validator:
    """Checks nodes against the schema; each sub-schema is resolved and prepared once."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        # Keyed by the identity of a schema dict, which is kept alive beside its entry.
        self._resolved: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._checkers: dict[int, tuple[dict[str, Any], _Check]] = {}
        self._mappings: dict[int, tuple[dict[str, Any], _MappingRules]] = {}
        self._valid: dict[int, tuple[dict[str, Any], Callable[[yaml.Node], bool]]] = {}

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        cached = self._resolved.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        original = schema
        while "$ref" in schema:
            target: Any = self.root
            for part in schema["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        self._resolved[id(original)] = (original, schema)
        return schema

    def check(
        self, node: yaml.Node, schema: dict[str, Any], path: str, key: yaml.Node | None = None
    ) -> list[SchemaError]:
        """Problems of the node itself are placed at its key, where a reader looks."""
        if self.validity(schema)(node):  # the usual case, decided without building any message
            return []
        return self.checker(schema)(node, path, key)

    def validity(self, schema: dict[str, Any]) -> Callable[[yaml.Node], bool]:
        """Does a node satisfy the schema? Exactly when ``check`` finds no problem."""
        cached = self._valid.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        built = self._build_validity(self.resolve(schema))
        self._valid[id(schema)] = (schema, built)
        return built

    def _build_validity(self, schema: dict[str, Any]) -> Callable[[yaml.Node], bool]:
        wanted = schema.get("type")
        if wanted is not None:
            wanted = (wanted,) if isinstance(wanted, str) else tuple(wanted)
            # The node kinds and scalar tags that have a wanted JSON type.
            tags_ok = {tag for tag, types in _SCALAR_TYPES.items() if any(t in wanted for t in types)}
            sequence_ok, mapping_ok = "array" in wanted, "object" in wanted
        enum = schema.get("enum")
        any_of = schema.get("anyOf")
        one_of = schema.get("oneOf")
        min_length = schema.get("minLength", 0)
        regex = _compiled(schema["pattern"]) if schema.get("pattern") else None
        min_items = schema.get("minItems", 0)
        items = schema.get("items")
        required = tuple(schema.get("required", ()))
        properties, names, extra = self.mapping_rules(schema)
        scalar_node, sequence_node, mapping_node = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
        validity = self.validity
        per_key: dict[str, Callable[[yaml.Node], bool]] = {}  # filled as keys are met

        def value_valid(key: str) -> Callable[[yaml.Node], bool] | None:
            """The check of a key's value; None when the key is not allowed at all."""
            found = per_key.get(key)
            if found is None:
                if key in properties:
                    found = validity(properties[key])
                elif (names is not None and not names.search(key)) or extra is False:
                    return None
                elif isinstance(extra, dict):
                    found = validity(extra)
                else:
                    found = _anything
                if len(per_key) < 64:  # fact ids are keys too: remember only the schema's own
                    per_key[key] = found
            return found

        def valid(node: yaml.Node) -> bool:
            kind = type(node)
            if wanted is not None:
                if kind is scalar_node:
                    if node.tag not in tags_ok:
                        return False
                elif not ((kind is sequence_node and sequence_ok) or (kind is mapping_node and mapping_ok)):
                    return False
            if enum is not None and (kind is not scalar_node or node.value not in enum):
                return False
            if any_of is not None and not any(validity(option)(node) for option in any_of):
                return False
            if one_of is not None and sum(validity(option)(node) for option in one_of) != 1:
                return False
            if kind is scalar_node:
                if node.tag == _STRING_TAG:
                    value = node.value
                    if len(value) < min_length or (regex is not None and not regex.search(value)):
                        return False
                return True
            if kind is sequence_node:
                if len(node.value) < min_items:
                    return False
                if items is not None:
                    item_valid = validity(items)
                    return all(item_valid(item) for item in node.value)
                return True
            if kind is mapping_node:
                present = set()
                for key_node, value_node in node.value:
                    if type(key_node) is not scalar_node:
                        return False
                    key = key_node.value
                    present.add(key)
                    check_value = value_valid(key)
                    if check_value is None or not check_value(value_node):
                        return False
                return all(key in present for key in required)
            return False  # not a node this schema knows: let the full check say why

        return valid

    def checker(self, schema: dict[str, Any]) -> _Check:
        """The check of one schema, built once: a fact file checks thousands of nodes against it."""
        cached = self._checkers.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        built = self._build(self.resolve(schema))
        self._checkers[id(schema)] = (schema, built)
        return built

    def _build(self, schema: dict[str, Any]) -> _Check:
        wanted: tuple[str, ...] | None = None
        if schema.get("type") is not None:
            wanted = (schema["type"],) if isinstance(schema["type"], str) else tuple(schema["type"])
        expected = " or ".join(_NAMES[t] for t in wanted) if wanted else ""
        has_enum = "enum" in schema
        choices = ", ".join(str(choice) for choice in schema["enum"]) if has_enum else ""
        keywords = tuple(keyword for keyword in ("anyOf", "oneOf") if keyword in schema)
        min_length = schema.get("minLength", 0)
        pattern = schema.get("pattern")
        regex = _compiled(pattern) if pattern else None
        min_items = schema.get("minItems", 0)
        items = schema.get("items")

        def run(node: yaml.Node, path: str, key: yaml.Node | None) -> list[SchemaError]:
            scalar = isinstance(node, yaml.ScalarNode)
            if wanted is not None and not any(found in wanted for found in json_types(node)):
                return [SchemaError(node, path, f"expected {expected}, found {_describe(node)}")]
            if has_enum and (not scalar or node.value not in schema["enum"]):
                return [SchemaError(node, path, f"must be one of: {choices}; found {_describe(node)}")]
            here = key if key is not None and not scalar else node
            errors: list[SchemaError] = []
            for keyword in keywords:
                errors.extend(self.alternatives(node, here, schema, keyword, path))
            if scalar:
                if node.tag == _STRING_TAG:
                    if len(node.value) < min_length:
                        errors.append(SchemaError(node, path, "must not be empty"))
                    elif regex is not None and not regex.search(node.value):
                        errors.append(SchemaError(node, path, f"{quoted(node.value)} does not match {pattern}"))
            elif isinstance(node, yaml.SequenceNode):
                if len(node.value) < min_items:
                    errors.append(SchemaError(node, path, f"needs at least {schema['minItems']} item(s)"))
                if items is not None:
                    check_item = self.checker(items)
                    for index, item in enumerate(node.value):
                        errors.extend(check_item(item, f"{path}[{index}]", None))
            elif isinstance(node, yaml.MappingNode):
                errors.extend(self.mapping(node, here, schema, path))
            return errors

        return run

    def alternatives(
        self, node: yaml.Node, here: yaml.Node, schema: dict[str, Any], keyword: str, path: str
    ) -> list[SchemaError]:
        outcomes = [self.check(node, option, path) for option in schema[keyword]]
        matched = sum(not errors for errors in outcomes)
        if matched == 1 or (keyword == "anyOf" and matched > 1):
            return []
        if "x-message" in schema:
            return [SchemaError(here, path, schema["x-message"])]
        if keyword == "anyOf" and outcomes:
            # Report against the alternative of the node's own type, else the closest.
            for option, errors in zip(schema[keyword], outcomes, strict=True):
                if self.resolve(option).get("type") in json_types(node):
                    return errors
            return min(outcomes, key=len)
        return [SchemaError(here, path, f"matches {matched} of the allowed forms, not exactly one")]

    def mapping(self, node: yaml.MappingNode, here: yaml.Node, schema: dict[str, Any], path: str) -> list[SchemaError]:
        errors: list[SchemaError] = []
        present = set()
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                present.add(key_node.value)
            errors.extend(self.entry(key_node, value_node, schema, path))
        for key in schema.get("required", ()):
            if key not in present:
                errors.append(SchemaError(here, path, f"missing required key {key!r}"))
        return errors

    def entry(self, key_node: yaml.Node, value_node: yaml.Node, schema: dict[str, Any], path: str) -> list[SchemaError]:
        """The problems of one key and its value inside a mapping checked against ``schema``."""
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None:
            return [SchemaError(key_node, path, "keys must be plain text")]
        properties, names, extra = self.mapping_rules(schema)
        key_path = f"{path}.{key}" if path else key
        if key in properties:
            return self.check(value_node, properties[key], key_path, key_node)
        if names is not None and not names.search(key):
            return [SchemaError(key_node, key_path, f"{quoted(key)} is not a valid id (pattern {_as_written(names)})")]
        if extra is False:
            allowed = ", ".join(properties)
            return [SchemaError(key_node, key_path, f"unknown key {quoted(key)}; allowed here: {allowed}")]
        if isinstance(extra, dict):
            return self.check(value_node, extra, key_path, key_node)
        return []

    def mapping_rules(self, schema: dict[str, Any]) -> _MappingRules:
        """(properties, compiled propertyNames pattern, additionalProperties) of a mapping's schema."""
        cached = self._mappings.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        names = schema.get("propertyNames", {})
        rules = (
            schema.get("properties", {}),
            _compiled(names["pattern"]) if "pattern" in names else None,
            schema.get("additionalProperties", True),
        )
        self._mappings[id(schema)] = (schema, rules)
        return rules


def _anything(node: yaml.Node) -> bool:
    return True


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A schema pattern as JSON Schema (ECMA-262) reads it: a final ``$`` is the end of the text.

    Python's ``$`` also matches before a final newline, which let an id such as
    ``"west.count\\n"`` through, and a newline in an id forges output lines.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _as_written(regex: re.Pattern[str]) -> str:
    """The pattern as the schema writes it (see _compiled)."""
    return regex.pattern[:-2] + "$" if regex.pattern.endswith(r"\Z") else regex.pattern


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        kind = " or ".join(_NAMES[t] for t in json_types(node)[:1]) or f"a value tagged {node.tag}"
        return f"{kind} {shown!r}"
    return _NAMES[json_types(node)[0]]
