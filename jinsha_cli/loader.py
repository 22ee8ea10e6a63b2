"""Load a fact file into a Factbook, keeping every line and column.

YAML is composed into nodes (with libyaml's C parser when present), never
constructed into Python objects: values are read from the text exactly as
written, tags cannot run code, and aliases are refused rather than expanded.
Every problem found is collected, located, and reported together.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import yaml

from . import expr
from .model import Fact, Factbook, Problem, Rule, Section
from .numbers import Code, FigureError, parse_value
from .schema import validate

try:  # libyaml's parser is ~10x faster; fall back to pure Python without it.
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class FactFileError(Exception):
    """Raised by ``load_strict`` when a fact file has problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def bundled_facts_path() -> Path:
    """The fact file shipped with jinsha (inside the wheel, or in the checkout)."""
    packaged = Path(__file__).with_name("data") / "facts.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "facts.yaml"


def default_facts_path(cwd: Path | None = None) -> Path:
    """./facts.yaml when the working folder has one, else the bundled file."""
    local = (cwd or Path.cwd()) / "facts.yaml"
    return local if local.is_file() else bundled_facts_path()


def read_text(path: Path) -> str:
    """Decode a fact file: UTF-8 (with or without BOM), or UTF-16 with a BOM."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    text = data.decode("utf-8-sig")  # raises UnicodeDecodeError with the offset
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load(path: str | Path, display_name: str | None = None) -> Factbook:
    """Load and validate a fact file. Problems are collected, never raised."""
    path = Path(path)
    name = display_name or str(path)
    book = Factbook(path=str(path))
    try:
        text = read_text(path)
    except OSError as error:
        book.problems.append(Problem(name, 1, 1, f"cannot read the fact file: {error.strerror or error}"))
        return book
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        book.problems.append(
            Problem(
                name,
                line,
                1,
                f"not UTF-8 text (byte 0x{path.read_bytes()[error.start]:02x} at offset {error.start}); "
                "save the file as UTF-8 (a GBK file can be converted with: iconv -f GBK -t UTF-8)",
            )
        )
        return book
    return load_text(text, name, book)


def load_strict(path: str | Path) -> Factbook:
    """Load a fact file, raising FactFileError if it has any problem."""
    book = load(path)
    if book.problems:
        raise FactFileError(book.problems)
    return book


def load_text(text: str, name: str = "<text>", book: Factbook | None = None) -> Factbook:
    book = book or Factbook(path=name)
    problems = book.problems

    def problem(node: yaml.Node | None, message: str, path: str = "") -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        problems.append(Problem(name, line, column, message, path))

    try:
        root = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or error.context or "invalid YAML"
        problems.append(Problem(name, line, column, f"invalid YAML: {reason}"))
        return book
    except yaml.YAMLError as error:
        problems.append(Problem(name, 1, 1, f"invalid YAML: {error}"))
        return book
    except RecursionError:
        problems.append(Problem(name, 1, 1, "invalid YAML: nested too deeply"))
        return book
    if root is None:
        problems.append(Problem(name, 1, 1, "the fact file is empty; it needs at least a 'facts' mapping"))
        return book

    structural = list(_structure_problems(root, text))
    for node, message, path in structural:
        problem(node, message, path)
    if structural:
        return book  # aliases or foreign tags: do not look further into the tree
    for error in validate(root):
        problem(error.node, error.message, error.path)
    if not isinstance(root, yaml.MappingNode):
        return book

    top = _entries(root)
    if "source" in top and isinstance(top["source"][1], yaml.MappingNode):
        fields = _entries(top["source"][1])
        book.source = {key: _text(fields, key) or None for key in fields}
    if "sections" in top and isinstance(top["sections"][1], yaml.MappingNode):
        _read_sections(top["sections"][1], book)
    if "facts" in top and isinstance(top["facts"][1], yaml.MappingNode):
        _read_facts(top["facts"][1], book, problem)
    if "rules" in top and isinstance(top["rules"][1], yaml.MappingNode):
        _read_rules(top["rules"][1], book, problem)
    return book


# Structure -----------------------------------------------------------------------


def _structure_problems(root: yaml.Node, text: str) -> Iterator[tuple[yaml.Node | None, str, str]]:
    """Duplicate keys, aliases and foreign tags, walked without recursion."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            yield _alias_location(text), "YAML aliases (*name) are not allowed in a fact file", path
            return
        seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            yield node, f"YAML tag {node.tag!r} is not allowed in a fact file", path
            continue
        if isinstance(node, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                key_path = f"{path}.{key}" if path else key
                if key in first_line:
                    yield (
                        key_node,
                        f"duplicate key {key!r}: first at line {first_line[key]}, again at line "
                        f"{key_node.start_mark.line + 1}",
                        key_path,
                    )
                else:
                    first_line[key] = key_node.start_mark.line + 1
                stack.append((value_node, key_path))
                if not isinstance(key_node, yaml.ScalarNode):
                    stack.append((key_node, key_path))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{path}[{index}]") for index, item in enumerate(node.value))


class _Located:
    """A stand-in node carrying only a position."""

    def __init__(self, line: int, column: int) -> None:
        self.start_mark = yaml.Mark("", 0, line, column, None, None)


def _alias_location(text: str) -> yaml.Node | None:
    """Where the first alias is: found again with the event parser (error path only)."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return _Located(event.start_mark.line, event.start_mark.column)  # type: ignore[return-value]
    except yaml.YAMLError:
        pass
    return None


def _entries(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Key -> (key node, value node); the first occurrence wins (duplicates are reported)."""
    entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value not in entries:
            entries[key_node.value] = (key_node, value_node)
    return entries


def _text(entries: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> str:
    node = entries.get(key, (None, None))[1]
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return node.value
    return ""


def _texts(entries: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> tuple[str, ...]:
    node = entries.get(key, (None, None))[1]
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        return (node.value,)
    if isinstance(node, yaml.SequenceNode):
        return tuple(item.value for item in node.value if isinstance(item, yaml.ScalarNode))
    return ()


# Sections, facts and rules -------------------------------------------------------------


def _read_sections(node: yaml.MappingNode, book: Factbook) -> None:
    for section_id, (key_node, value_node) in _entries(node).items():
        if not isinstance(value_node, yaml.MappingNode):
            continue
        fields = _entries(value_node)
        number_text = _text(fields, "number")
        number = int(number_text) if number_text.lstrip("-").isdigit() else None
        book.sections[section_id] = Section(section_id, number, _text(fields, "title"), key_node.start_mark.line + 1)


def _read_facts(node: yaml.MappingNode, book: Factbook, problem) -> None:  # type: ignore[no-untyped-def]
    for fact_id, (key_node, value_node) in _entries(node).items():
        if not isinstance(value_node, yaml.MappingNode):
            continue
        path = f"facts.{fact_id}"
        fields = _entries(value_node)
        fact = Fact(
            id=fact_id,
            line=key_node.start_mark.line + 1,
            column=key_node.start_mark.column + 1,
            unit=_text(fields, "unit"),
            quotes=_texts(fields, "quote"),
            section=_text(fields, "section") or None,
            zh=_text(fields, "zh"),
            en=_text(fields, "en"),
            tags=_texts(fields, "tags"),
            rounding=_text(fields, "rounding") or None,
            note=_text(fields, "note"),
        )
        if "items" in fields and isinstance(fields["items"][1], yaml.SequenceNode):
            fact.items = _texts(fields, "items")
        if "value" in fields:
            value_node_ = fields["value"][1]
            if isinstance(value_node_, yaml.ScalarNode) and value_node_.tag != "tag:yaml.org,2002:null":
                fact.written = value_node_.value
                try:
                    fact.value = parse_value(value_node_.value, fact.rounding)
                except FigureError as error:
                    problem(value_node_, str(error), f"{path}.value")
                if fact.value is not None and "unit" not in fields and not _unitless(fact):
                    problem(
                        key_node,
                        "a number needs a unit (人, 户, 亩, 元, 个, ...; unit: '' for a bare code)",
                        f"{path}.unit",
                    )
        if fact.section and book.sections and fact.section not in book.sections:
            problem(fields["section"][1], f"unknown section {fact.section!r}", f"{path}.section")
        book.facts[fact_id] = fact


def _unitless(fact: Fact) -> bool:
    from .numbers import Figure

    return isinstance(fact.value, Code) or (isinstance(fact.value, Figure) and fact.value.percent)


def _read_rules(node: yaml.MappingNode, book: Factbook, problem) -> None:  # type: ignore[no-untyped-def]
    for rule_id, (key_node, value_node) in _entries(node).items():
        if not isinstance(value_node, yaml.MappingNode):
            continue
        path = f"rules.{rule_id}"
        fields = _entries(value_node)
        check_node = fields.get("check", (None, None))[1]
        check_line, check_column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if check_node is not None:
            check_line, check_column = check_node.start_mark.line + 1, check_node.start_mark.column + 1
        rule = Rule(
            id=rule_id,
            check=_text(fields, "check"),
            line=key_node.start_mark.line + 1,
            column=key_node.start_mark.column + 1,
            check_line=check_line,
            check_column=check_column,
            zh=_text(fields, "zh"),
            en=_text(fields, "en"),
            severity=_text(fields, "severity") or "error",
            tags=_texts(fields, "tags"),
            known=_text(fields, "known") or None,
            section=_text(fields, "section") or None,
            draft=_text(fields, "draft") == "true",
            note=_text(fields, "note"),
        )
        book.rules[rule_id] = rule
        if not isinstance(check_node, yaml.ScalarNode) or not rule.check:
            continue
        try:
            rule.tree = expr.parse(rule.check)
        except expr.RuleSyntaxError as error:
            problem(_offset_node(check_node, error.offset), f"rule {rule_id}: {error.message}", f"{path}.check")
            continue
        rule.fact_ids = tuple(expr.fact_ids(rule.tree))
        for ref in expr.fact_refs(rule.tree):
            if ref.id not in book.facts:
                hint = _closest(ref.id, book.facts)
                where = _offset_node(check_node, ref.offset)
                problem(where, f"rule {rule_id} names unknown fact {ref.id!r}{hint}", f"{path}.check")
        if rule.section and book.sections and rule.section not in book.sections:
            problem(fields["section"][1], f"unknown section {rule.section!r}", f"{path}.section")


def _offset_node(node: yaml.ScalarNode, offset: int) -> yaml.Node:
    """Point inside a one-line plain or quoted scalar; fall back to its start."""
    mark = node.start_mark
    if node.end_mark.line == mark.line:
        quoted = 1 if node.style in ("'", '"') else 0
        return _Located(mark.line, mark.column + quoted + offset)  # type: ignore[return-value]
    return node


def _closest(name: str, choices: dict[str, object]) -> str:
    import difflib

    matches = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean {matches[0]!r}?)" if matches else ""
