"""Validate composed YAML nodes against the fact file's JSON Schema.

The schema (``facts.schema.json``) is the single source of truth: editors use it,
and the loader checks every node against it here, with the node's line and
column. Each keyword this validator implements is one entry of ``KEYWORDS``: a
function that, given the keyword's schema, builds the check of a node under it,
which returns the node's errors. A node is valid when no keyword finds an error;
that is the loader's verdict too, so there is no second implementation to agree.

A schema that uses a keyword outside ``KEYWORDS`` (and the annotations, which
check nothing) is refused with ``UnsupportedKeyword``: a validator that
silently skipped ``maxItems`` would accept files that an editor's validator
rejects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

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
_STRING_TAG = "tag:yaml.org,2002:str"  # the only tag read as a JSON string
_SCALAR, _SEQUENCE, _MAPPING = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class SchemaError(NamedTuple):  # a tuple: an alternative that fails builds one per node it checks
    node: yaml.Node
    path: str
    message: str


class UnsupportedKeyword(ValueError):
    """The schema uses a keyword this validator does not implement."""

    def __init__(self, keyword: str, path: str) -> None:
        self.keyword = keyword
        self.path = path
        super().__init__(
            f"the schema uses {keyword!r} at {path or 'its root'}, which jinsha's validator does not implement;"
            f" it implements {', '.join(KEYWORDS)}"
        )


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
    checker = validator()
    return checker.check(node, schema if schema is not None else checker.root, path)


@lru_cache(maxsize=1)
def validator() -> Validator:
    """The validator of the fact file's schema (it caches resolved references)."""
    return Validator(load_schema())


# A node's check under one keyword: (node, key path, where its own problems are placed) -> errors.
_Check = Callable[[yaml.Node, str, yaml.Node], Sequence[SchemaError]]
_MappingRules = tuple[dict[str, Any], "re.Pattern[str] | None", Any]
_OK: tuple[SchemaError, ...] = ()


class Validator:
    """Checks nodes against a schema; each sub-schema is resolved and its checks built once."""

    def __init__(self, root: dict[str, Any]) -> None:
        for keyword, path in _keywords(root, ""):
            if keyword not in KEYWORDS and keyword not in ANNOTATIONS and keyword not in REFERENCES:
                raise UnsupportedKeyword(keyword, path)
        self.root = root
        # Keyed by the identity of a schema dict, which is kept alive beside its entry.
        self._resolved: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._checks: dict[int, tuple[dict[str, Any], tuple[tuple[bool, _Check], ...]]] = {}
        self._mappings: dict[int, tuple[dict[str, Any], _MappingRules]] = {}

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
    ) -> Sequence[SchemaError]:
        """Every way the node breaks the schema; empty when it is valid.

        Problems of a mapping or a list itself are placed at its key, where a reader looks.
        """
        cached = self._checks.get(id(schema))  # self.checks(schema), inline: this runs for every node
        checks = cached[1] if cached is not None and cached[0] is schema else self.checks(schema)
        here = key if key is not None and type(node) is not _SCALAR else node
        if len(checks) == 1:  # {"type": "string"} and the like: most nodes
            return checks[0][1](node, path, here)
        errors: Sequence[SchemaError] = _OK
        for stops, check in checks:
            found = check(node, path, here)
            if found:
                errors = [*errors, *found]
                if stops:  # the wrong type or value: the other keywords would only add noise
                    break
        return errors

    def is_valid(self, node: yaml.Node, schema: dict[str, Any]) -> bool:
        return not self.check(node, schema, "")

    def checks(self, schema: dict[str, Any]) -> tuple[tuple[bool, _Check], ...]:
        """The checks of one schema, built once: a fact file checks thousands of nodes against it."""
        cached = self._checks.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        resolved = self.resolve(schema)
        built: list[tuple[bool, _Check]] = []
        seen: set[Callable[..., _Check]] = set()
        for keyword, (stops, build) in KEYWORDS.items():
            if keyword in resolved and build not in seen:  # properties & co. share one check
                seen.add(build)
                built.append((stops, build(self, resolved)))
        self._checks[id(schema)] = (schema, tuple(built))
        return self._checks[id(schema)][1]

    def entry(
        self, key_node: yaml.Node, value_node: yaml.Node, schema: dict[str, Any], path: str
    ) -> Sequence[SchemaError]:
        """The problems of one key and its value inside a mapping checked against ``schema``."""
        return self.ruled_entry(key_node, value_node, self.mapping_rules(schema), path)

    def ruled_entry(
        self, key_node: yaml.Node, value_node: yaml.Node, rules: _MappingRules, path: str
    ) -> Sequence[SchemaError]:
        """``entry``, with the mapping's rules already looked up."""
        key = key_node.value if type(key_node) is _SCALAR else None
        if key is None:
            return [SchemaError(key_node, path, "keys must be plain text")]
        properties, names, extra = rules
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
        return _OK

    def mapping_rules(self, schema: dict[str, Any]) -> _MappingRules:
        """(properties, compiled propertyNames pattern, additionalProperties) of a mapping's schema."""
        cached = self._mappings.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        resolved = self.resolve(schema)
        names = resolved.get("propertyNames", {})
        rules = (
            resolved.get("properties", {}),
            _compiled(names["pattern"]) if "pattern" in names else None,
            resolved.get("additionalProperties", True),
        )
        self._mappings[id(schema)] = (schema, rules)
        return rules


# The keywords ----------------------------------------------------------------------------------
# Each builds the check of a node under it from the (resolved) schema that holds it.


def _type(validator: Validator, schema: dict[str, Any]) -> _Check:
    wanted = (schema["type"],) if isinstance(schema["type"], str) else tuple(schema["type"])
    tags_ok = frozenset(tag for tag, types in _SCALAR_TYPES.items() if any(t in wanted for t in types))
    kinds_ok = frozenset(
        kind for kind, name in ((_SEQUENCE, "array"), (_MAPPING, "object")) if name in wanted
    )  # fmt: skip
    expected = " or ".join(_NAMES[t] for t in wanted)

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        kind = type(node)
        if (node.tag in tags_ok) if kind is _SCALAR else (kind in kinds_ok):
            return _OK
        return [SchemaError(node, path, f"expected {expected}, found {_describe(node)}")]

    return check


def _enum(validator: Validator, schema: dict[str, Any]) -> _Check:
    choices = schema["enum"]
    shown = ", ".join(str(choice) for choice in choices)

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        if type(node) is _SCALAR and node.value in choices:
            return _OK
        return [SchemaError(node, path, f"must be one of: {shown}; found {_describe(node)}")]

    return check


def _any_of(validator: Validator, schema: dict[str, Any]) -> _Check:
    options, message = schema["anyOf"], schema.get("x-message")

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        found = []
        for option in options:
            errors = validator.check(node, option, path)
            if not errors:
                return _OK
            found.append(errors)
        if message:
            return [SchemaError(here, path, message)]
        # Report against the alternative of the node's own type, else the closest.
        for option, errors in zip(options, found, strict=True):
            if validator.resolve(option).get("type") in json_types(node):
                return errors
        return min(found, key=len) if found else [SchemaError(here, path, "matches none of the allowed forms")]

    return check


def _one_of(validator: Validator, schema: dict[str, Any]) -> _Check:
    options, message = schema["oneOf"], schema.get("x-message")

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        matched = sum(validator.is_valid(node, option) for option in options)
        if matched == 1:
            return _OK
        return [SchemaError(here, path, message or f"matches {matched} of the allowed forms, not exactly one")]

    return check


def _min_length(validator: Validator, schema: dict[str, Any]) -> _Check:
    least = schema["minLength"]
    said = "must not be empty" if least == 1 else f"needs at least {least} characters"

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        if type(node) is not _SCALAR or node.tag != _STRING_TAG or len(node.value) >= least:
            return _OK
        return [SchemaError(node, path, said)]

    return check


def _max_length(validator: Validator, schema: dict[str, Any]) -> _Check:
    most = schema["maxLength"]

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        if type(node) is not _SCALAR or node.tag != _STRING_TAG or len(node.value) <= most:
            return _OK
        return [SchemaError(node, path, f"is {len(node.value)} characters long; at most {most} are allowed")]

    return check


def _pattern(validator: Validator, schema: dict[str, Any]) -> _Check:
    pattern = schema["pattern"]
    regex = _compiled(pattern)

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        if type(node) is not _SCALAR or node.tag != _STRING_TAG or regex.search(node.value):
            return _OK
        return [SchemaError(node, path, f"{quoted(node.value)} does not match {pattern}")]

    return check


def _min_items(validator: Validator, schema: dict[str, Any]) -> _Check:
    least = schema["minItems"]

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        if type(node) is not _SEQUENCE or len(node.value) >= least:
            return _OK
        return [SchemaError(node, path, f"needs at least {least} item(s)")]

    return check


def _items(validator: Validator, schema: dict[str, Any]) -> _Check:
    items = schema["items"]

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        if type(node) is not _SEQUENCE:
            return _OK
        errors: list[SchemaError] = []
        for index, item in enumerate(node.value):
            found = validator.check(item, items, f"{path}[{index}]")
            if found:
                errors.extend(found)
        return errors

    return check


def _entries(validator: Validator, schema: dict[str, Any]) -> _Check:
    """properties, additionalProperties and propertyNames: each key and its value, together."""

    rules = validator.mapping_rules(schema)
    entry = validator.ruled_entry

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        if type(node) is not _MAPPING:
            return _OK
        errors: list[SchemaError] = []
        for key_node, value_node in node.value:
            found = entry(key_node, value_node, rules, path)
            if found:
                errors.extend(found)
        return errors

    return check


def _required(validator: Validator, schema: dict[str, Any]) -> _Check:
    required = tuple(schema["required"])

    def check(node: yaml.Node, path: str, here: yaml.Node) -> Sequence[SchemaError]:
        if type(node) is not _MAPPING:
            return _OK
        present = [key.value for key, _ in node.value if type(key) is _SCALAR]  # a few keys: a list is quicker
        return [SchemaError(here, path, f"missing required key {key!r}") for key in required if key not in present]

    return check


# keyword -> (does an error stop the other keywords, the builder of its check), in the order they check.
KEYWORDS: dict[str, tuple[bool, Callable[[Validator, dict[str, Any]], _Check]]] = {
    "type": (True, _type),
    "enum": (True, _enum),
    "anyOf": (False, _any_of),
    "oneOf": (False, _one_of),
    "minLength": (False, _min_length),
    "maxLength": (False, _max_length),
    "pattern": (False, _pattern),
    "minItems": (False, _min_items),
    "items": (False, _items),
    "properties": (False, _entries),
    "additionalProperties": (False, _entries),
    "propertyNames": (False, _entries),  # only its "pattern" (see below)
    "required": (False, _required),
}
REFERENCES = frozenset({"$ref"})  # local references (#/...), followed by Validator.resolve
# Keywords that check nothing: they document, or hold schemas that are referred to.
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "default", "$defs"})
# jinsha's own: the message of an anyOf or oneOf that fails, instead of the alternatives' own.
EXTENSIONS = frozenset({"x-message"})


def _keywords(schema: Any, path: str) -> Iterator[tuple[str, str]]:
    """(keyword, key path) of every keyword of a schema and of the schemas inside it."""
    if not isinstance(schema, dict):
        return
    for keyword, value in schema.items():
        where = f"{path}.{keyword}" if path else keyword
        if keyword in EXTENSIONS:
            continue
        yield keyword, where
        if keyword in ("properties", "$defs"):
            for name, inner in value.items():
                yield from _keywords(inner, f"{where}.{name}")
        elif keyword in ("anyOf", "oneOf"):
            for index, inner in enumerate(value):
                yield from _keywords(inner, f"{where}[{index}]")
        elif keyword == "propertyNames":
            for inner in value:  # a key is checked against a pattern only
                if inner != "pattern":
                    yield f"{inner} in propertyNames", f"{where}.{inner}"
        elif keyword in ("items", "additionalProperties"):
            yield from _keywords(value, where)
        elif keyword == "$ref" and not (isinstance(value, str) and value.startswith("#/")):
            yield f"$ref to {value!r}", where  # only references inside the schema are followed


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
