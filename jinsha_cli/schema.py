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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

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
    text = resources.files("jinsha_cli").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
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
    return _Validator(root).check(node, schema if schema is not None else root, path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Validator:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            target: Any = self.root
            for part in schema["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def check(
        self, node: yaml.Node, schema: dict[str, Any], path: str, key: yaml.Node | None = None
    ) -> list[SchemaError]:
        """Problems of the node itself are placed at its key, where a reader looks."""
        schema = self.resolve(schema)
        here = key if key is not None and not isinstance(node, yaml.ScalarNode) else node
        errors: list[SchemaError] = []
        wanted = schema.get("type")
        if wanted is not None:
            wanted = (wanted,) if isinstance(wanted, str) else tuple(wanted)
            if not set(json_types(node)) & set(wanted):
                expected = " or ".join(_NAMES[t] for t in wanted)
                return [SchemaError(node, path, f"expected {expected}, found {_describe(node)}")]
        if "enum" in schema and (not isinstance(node, yaml.ScalarNode) or node.value not in schema["enum"]):
            choices = ", ".join(str(choice) for choice in schema["enum"])
            return [SchemaError(node, path, f"must be one of: {choices}; found {_describe(node)}")]
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                errors.extend(self.alternatives(node, here, schema, keyword, path))
        if isinstance(node, yaml.ScalarNode):
            errors.extend(self.scalar(node, schema, path))
        elif isinstance(node, yaml.SequenceNode):
            errors.extend(self.sequence(node, schema, path))
        elif isinstance(node, yaml.MappingNode):
            errors.extend(self.mapping(node, here, schema, path))
        return errors

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

    def scalar(self, node: yaml.ScalarNode, schema: dict[str, Any], path: str) -> list[SchemaError]:
        if "string" not in json_types(node):
            return []
        if len(node.value) < schema.get("minLength", 0):
            return [SchemaError(node, path, "must not be empty")]
        pattern = schema.get("pattern")
        if pattern and not re.search(pattern, node.value):
            return [SchemaError(node, path, f"{node.value!r} does not match {pattern}")]
        return []

    def sequence(self, node: yaml.SequenceNode, schema: dict[str, Any], path: str) -> list[SchemaError]:
        errors: list[SchemaError] = []
        if len(node.value) < schema.get("minItems", 0):
            errors.append(SchemaError(node, path, f"needs at least {schema['minItems']} item(s)"))
        if "items" in schema:
            for index, item in enumerate(node.value):
                errors.extend(self.check(item, schema["items"], f"{path}[{index}]"))
        return errors

    def mapping(self, node: yaml.MappingNode, here: yaml.Node, schema: dict[str, Any], path: str) -> list[SchemaError]:
        errors: list[SchemaError] = []
        properties: dict[str, Any] = schema.get("properties", {})
        present = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                errors.append(SchemaError(key_node, path, "keys must be plain text"))
                continue
            present.add(key)
            key_path = _join(path, key)
            if key in properties:
                errors.extend(self.check(value_node, properties[key], key_path, key_node))
                continue
            names = schema.get("propertyNames", {})
            if "pattern" in names and not re.search(names["pattern"], key):
                errors.append(
                    SchemaError(key_node, key_path, f"{key!r} is not a valid id (pattern {names['pattern']})")
                )
                continue
            extra = schema.get("additionalProperties", True)
            if extra is False:
                allowed = ", ".join(properties)
                errors.append(SchemaError(key_node, key_path, f"unknown key {key!r}; allowed here: {allowed}"))
            elif isinstance(extra, dict):
                errors.extend(self.check(value_node, extra, key_path, key_node))
        for key in schema.get("required", ()):
            if key not in present:
                errors.append(SchemaError(here, path, f"missing required key {key!r}"))
        return errors


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        kind = " or ".join(_NAMES[t] for t in json_types(node)[:1]) or f"a value tagged {node.tag}"
        return f"{kind} {shown!r}"
    return _NAMES[json_types(node)[0]]
