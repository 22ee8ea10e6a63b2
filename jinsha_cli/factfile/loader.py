"""Load a fact file into a Factbook, keeping every line and column.

YAML is composed into nodes from the parser's event stream (libyaml's C parser
when present), never constructed into Python objects: values are read from the
text exactly as written, tags cannot run code, and aliases are refused as they
are met, never expanded. Facts and rules are read one at a time, so memory
stays proportional to the fact book, not to the YAML tree. Every problem found
is collected, located, and reported together.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from pathlib import Path
from sys import intern
from typing import Any

import yaml

from ..core._gc import paused
from ..core._messages import quoted
from ..core.model import Fact, Factbook, Problem, Rule, Section, Severity
from ..core.numbers import Code, Figure, FigureError, parse_value
from ..core.textfiles import NotReadable
from ..rules import expr
from .boundary import Refused, read_fact_file
from .schema import SchemaError, Validator, validator

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


def _yaml_source(data: bytes) -> str | bytes:
    """What the YAML parser reads: the file's own bytes when they are plain UTF-8
    (the parser would encode a text back to UTF-8 anyway, and a large file is
    then never held twice), else the text decoded from UTF-16 or UTF-8 with a
    byte-order mark, with its line ends made newlines."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    elif data.startswith(codecs.BOM_UTF8) or b"\r" in data:
        text = data.decode("utf-8-sig")  # raises UnicodeDecodeError with the offset
    else:
        data.decode("utf-8")  # raises UnicodeDecodeError with the offset
        return data
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load(path: str | Path, display_name: str | None = None, *, data: bytes | None = None) -> Factbook:
    """Load and validate a fact file. Problems are collected, never raised.

    ``data`` is the file's bytes when the caller has read them already.
    """
    path = Path(path)
    name = display_name or str(path)
    book = Factbook(path=str(path))
    try:
        if data is None:
            data = read_fact_file(path)
        source = _yaml_source(data)
    except Refused as refused:
        book.problems.append(Problem(name, 1, 1, f"refused: {refused}"))
        return book
    except NotReadable as error:
        book.problems.append(Problem(name, 1, 1, f"cannot read the fact file: {error}"))
        return book
    except OSError as error:
        book.problems.append(Problem(name, 1, 1, f"cannot read the fact file: {error.strerror or error}"))
        return book
    except UnicodeDecodeError as error:
        assert data is not None
        line = data[: error.start].count(b"\n") + 1
        book.problems.append(
            Problem(
                name,
                line,
                1,
                f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
                "save the file as UTF-8 (a GBK file can be converted with: iconv -f GBK -t UTF-8)",
            )
        )
        return book
    with paused():
        _Reader(source, name, book).read()
    return book


def load_strict(path: str | Path) -> Factbook:
    """Load a fact file, raising FactFileError if it has any problem."""
    book = load(path)
    if book.problems:
        raise FactFileError(book.problems)
    return book


def load_text(text: str, name: str = "<text>", book: Factbook | None = None) -> Factbook:
    """Load fact-file text. Problems are collected in ``book.problems``, never raised."""
    book = book or Factbook(path=name)
    with paused():
        _Reader(text, name, book).read()
    return book


class _AliasFound(Exception):
    def __init__(self, event: yaml.AliasEvent) -> None:
        super().__init__("alias")
        self.event = event


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# The mappings that hold one entry per fact or rule: read one entry at a time.
_STREAMED = ("facts", "rules")
# What the reader checks of the root and of a streamed mapping, entry by entry.
_STREAMABLE_KEYWORDS = {
    "$schema",
    "$defs",
    "title",
    "description",
    "type",
    "properties",
    "propertyNames",
    "additionalProperties",
    "required",  # of the root only: a streamed mapping is never whole
}


def unread_keywords(schema: dict[str, Any]) -> list[str]:
    """The keywords of the root and of the streamed mappings that the reader would not check.

    The reader checks ``facts`` and ``rules`` one entry at a time and the root
    key by key, so a keyword about the whole mapping there (minProperties, an
    anyOf of the root) would go unchecked; the shipped schema has none (a test says so).
    """
    resolve = Validator(schema).resolve
    unread = [keyword for keyword in schema if keyword not in _STREAMABLE_KEYWORDS]
    for key in _STREAMED:
        streamed = resolve(schema.get("properties", {}).get(key, {}))
        unread += [f"{key}.{keyword}" for keyword in streamed if keyword not in _STREAMABLE_KEYWORDS - {"required"}]
        if streamed.get("type") != "object":
            unread.append(f"{key}.type")
    return unread


class _Reader:
    """Read a fact file from the YAML event stream.

    The ``facts`` and ``rules`` mappings are read one entry at a time: each
    fact or rule is composed into a small node tree, checked against the schema,
    turned into a Fact or Rule, and dropped, so a file of 100,000 facts never
    exists as a tree of millions of nodes. Everything else is composed whole.
    Checks that need the whole book (sections and fact ids named elsewhere) run
    at the end. The problems are those the whole-tree walk would find.
    """

    def __init__(self, text: str | bytes, name: str, book: Factbook) -> None:
        self.text = text  # a str, or UTF-8 bytes
        self.name = name
        self.book = book
        self.structural: list[Problem] = []  # aliases, foreign tags, duplicate keys
        self.schema_problems: list[Problem] = []
        self.build_problems: list[Problem] = []
        self.validator = validator()
        self.resolvers = _YamlLoader.yaml_implicit_resolvers
        self.resolved_first = {first for first in self.resolvers if first is not None}
        self.wildcard = bool(self.resolvers.get(None))
        self.fact_sections: list[tuple[Fact, int, int]] = []  # checked once the sections are known
        self.rule_checks: list[tuple[Rule, _Place | None, int, int]] = []
        self.suspect = False  # the last composed tree has a foreign tag or a repeated key
        self.where = ""  # the key path of the entry being read, for an alias found inside it
        self.hints_left = 20  # a hint compares the name with every fact id: only for the first few

    # Problems ----------------------------------------------------------------

    def located(self, node: yaml.Node | _Located | None, message: str, path: str = "") -> Problem:
        if node is None:
            return Problem(self.name, 1, 1, message, path)
        return Problem(self.name, node.start_mark.line + 1, node.start_mark.column + 1, message, path)

    def only(self, problem: Problem) -> None:
        """A problem that makes everything else moot (the YAML itself is broken)."""
        book = self.book
        book.source, book.sections, book.facts, book.rules = {}, {}, {}, {}
        del book.problems[len(self.initial) :]
        book.problems.append(problem)

    # Reading -------------------------------------------------------------------

    def read(self) -> None:
        self.initial = list(self.book.problems)
        loader = None
        try:
            loader = _YamlLoader(self.text)  # the pure-Python reader checks the first characters here already
            self.document(loader)
        except _AliasFound as alias:
            mark = alias.event.start_mark
            message = "YAML aliases (*name) are not allowed in a fact file"
            self.structural.append(Problem(self.name, mark.line + 1, mark.column + 1, message, self.where))
            self.finish()
        except yaml.reader.ReaderError as error:  # a character YAML refuses, located by offset only
            self.only(_refused_character(self.text, self.name, error))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            reason = error.problem or error.context or "invalid YAML"
            self.only(Problem(self.name, line, column, f"invalid YAML: {reason}"))
        except yaml.YAMLError as error:
            self.only(Problem(self.name, 1, 1, f"invalid YAML: {error}"))
        except RecursionError:
            self.only(Problem(self.name, 1, 1, "invalid YAML: nested too deeply"))
        finally:
            if loader is not None:
                loader.dispose()

    def document(self, loader: Any) -> None:
        self.next = next_event = loader.get_event
        next_event()  # StreamStartEvent
        if loader.check_event(yaml.StreamEndEvent):
            self.book.problems.append(
                Problem(self.name, 1, 1, "the fact file is empty; it needs at least a 'facts' mapping")
            )
            return
        next_event()  # DocumentStartEvent
        first = next_event()
        if isinstance(first, yaml.MappingStartEvent) and first.tag in (None, "!", _MAP_TAG):
            self.root_mapping(first, loader)
        else:  # not a mapping (or one with a foreign tag): reported, and no book is built
            root = self.compose(first)
            self.structure(root, "")
            next_event()  # DocumentEndEvent
            self.expect_end(loader)
            if not self.structural:
                self.schema_problems.extend(self.errors(self.validator.check(root, self.validator.root, "")))
            self.finish()
            return
        next_event()  # DocumentEndEvent
        self.expect_end(loader)
        self.finish()

    def expect_end(self, loader: Any) -> None:
        if not loader.check_event(yaml.StreamEndEvent):
            event = self.next()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", None, "but found another document", event.start_mark
            )

    def root_mapping(self, start: yaml.MappingStartEvent, loader: Any) -> None:
        next_event = self.next
        root_schema = self.validator.root
        first_line: dict[str, int] = {}
        present: set[str] = set()
        top: dict[str, tuple[yaml.Node, yaml.Node | None]] = {}
        schema_problems: list[Problem] = []
        while not loader.check_event(yaml.MappingEndEvent):
            key_node, key, _ = self.mapping_key(first_line)
            if isinstance(key_node, yaml.ScalarNode):
                present.add(key)
            self.where = key
            value_start = next_event()
            if (
                key in _STREAMED
                and key not in top
                and isinstance(key_node, yaml.ScalarNode)
                and isinstance(value_start, yaml.MappingStartEvent)
                and value_start.tag in (None, "!", _MAP_TAG)
            ):
                top[key] = (key_node, None)
                self.streamed_mapping(key, loader)
                continue
            value_node = self.compose(value_start)
            self.structure(value_node, key)
            if key not in top and isinstance(key_node, yaml.ScalarNode):
                top[key] = (key_node, value_node)
            schema_problems.extend(self.errors(self.validator.entry(key_node, value_node, root_schema, "")))
        next_event()  # MappingEndEvent
        if self.structural:
            return
        # The root's own keywords: the entries were checked as they came.
        for key in root_schema.get("required", ()):
            if key not in present:
                schema_problems.append(
                    Problem(
                        self.name,
                        start.start_mark.line + 1,
                        start.start_mark.column + 1,
                        f"missing required key {key!r}",
                        "",
                    )
                )
        self.schema_problems[:0] = schema_problems
        if "source" in top and isinstance(top["source"][1], yaml.MappingNode):
            _read_source(top["source"][1], self.book)
        if "sections" in top and isinstance(top["sections"][1], yaml.MappingNode):
            _read_sections(top["sections"][1], self.book)

    def mapping_key(self, first_line: dict[str, int], parent: str = "") -> tuple[yaml.Node, str, str]:
        """The next key of a mapping, composed, with a repeated key reported at both lines.

        Returns the key's node, its text ("?" when it is not a scalar) and its key path.
        """
        key_node = self.compose(self.next())
        # Interned: the rules' references to a fact then share its id's string.
        key = intern(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        path = f"{parent}.{key}" if parent else key
        if not isinstance(key_node, yaml.ScalarNode):
            self.structure(key_node, path)
        if key in first_line:
            self.structural.append(self.located(key_node, _duplicate(key, first_line[key], key_node), path))
        else:
            first_line[key] = key_node.start_mark.line + 1
        return key_node, key, path

    def streamed_mapping(self, key: str, loader: Any) -> None:
        """The entries of ``facts`` or ``rules``, one at a time."""
        next_event = self.next
        schema = self.validator.resolve(self.validator.root["properties"][key])
        first_line: dict[str, int] = {}
        read = self.read_fact if key == "facts" else self.read_rule
        while not loader.check_event(yaml.MappingEndEvent):
            entry_key, entry_id, path = self.mapping_key(first_line, key)
            self.where = path
            value = self.compose(next_event())
            if self.structure(value, path) or self.structural:
                continue  # the book will not be built: spare the work
            self.schema_problems.extend(self.errors(self.validator.entry(entry_key, value, schema, key)))
            if isinstance(entry_key, yaml.ScalarNode) and isinstance(value, yaml.MappingNode):
                read(entry_id, entry_key, value)
        next_event()  # MappingEndEvent

    def finish(self) -> None:
        """Report what was found; the book is built only from a sound tree."""
        book = self.book
        if self.structural:
            book.source, book.sections, book.facts, book.rules = {}, {}, {}, {}
            book.problems[len(self.initial) :] = self.structural
            return
        book.problems.extend(self.schema_problems)
        book.problems.extend(self.build_problems)
        for fact, line, column in self.fact_sections:
            if fact.section and fact.section not in book.sections:
                book.problems.append(
                    Problem(self.name, line, column, _unknown_section(fact.section, book), f"facts.{fact.id}.section")
                )
        for rule, place, line, column in self.rule_checks:
            path = f"rules.{rule.id}"
            if place is not None and any(fact_id not in book.facts for fact_id in rule.fact_ids):
                for ref in expr.fact_refs(rule.tree):
                    if ref.id in book.facts:
                        continue
                    hint = self.closest(ref.id)
                    where = place.at(ref.offset)
                    book.problems.append(
                        self.located(where, f"rule {rule.id} names unknown fact {ref.id!r}{hint}", f"{path}.check")
                    )
            if rule.section and rule.section not in book.sections:
                book.problems.append(
                    Problem(self.name, line, column, _unknown_section(rule.section, book), f"{path}.section")
                )

    def closest(self, name: str) -> str:
        if self.hints_left <= 0:
            return ""
        self.hints_left -= 1
        return _closest(name, self.book.facts)

    def errors(self, errors: list[SchemaError]) -> list[Problem]:
        return [self.located(error.node, error.message, error.path) for error in errors]

    # Composing -----------------------------------------------------------------

    def compose(self, event: yaml.Event) -> yaml.Node:
        """The node that starts with ``event``, composed without recursion.

        Sets ``self.suspect`` when the tree has a foreign tag or a repeated key,
        so that only such a tree is walked again for the located messages.
        """
        next_event = self.next
        resolved_first = self.resolved_first
        scalar_event, scalar_node = yaml.ScalarEvent, yaml.ScalarNode
        standard = _STANDARD_TAGS
        suspect = False
        stack: list[list[Any]] = []  # open collections: [node, pending mapping key, is a sequence]
        while True:
            kind = type(event)
            if kind is scalar_event:
                value = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    # Only plain scalars starting with a few characters can be anything but text.
                    if event.implicit[0] and (value[:1] in resolved_first or self.wildcard):
                        tag = self.scalar_tag(value, event.implicit)
                    else:
                        tag = _STR_TAG
                if tag not in standard:  # explicit, or resolved as a timestamp, a merge key...
                    suspect = True
                node: Any = scalar_node(tag, value, event.start_mark, event.end_mark, event.style)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                tag = event.tag
                sequence = kind is yaml.SequenceStartEvent
                if tag is None or tag == "!":
                    tag = _SEQ_TAG if sequence else _MAP_TAG
                elif tag not in standard:
                    suspect = True
                node_class = yaml.SequenceNode if sequence else yaml.MappingNode
                stack.append([node_class(tag, [], event.start_mark, None, event.flow_style), None, sequence])
                event = next_event()
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
                if kind is yaml.MappingEndEvent and not suspect:
                    keys = [key.value if type(key) is scalar_node else "?" for key, _ in node.value]
                    suspect = len(set(keys)) != len(keys)
            elif kind is yaml.AliasEvent:
                raise _AliasFound(event)
            else:  # pragma: no cover - the parser never yields anything else here
                raise yaml.composer.ComposerError(None, None, f"unexpected {event}", event.start_mark)
            if not stack:
                self.suspect = suspect
                return node
            parent = stack[-1]
            if parent[2]:
                parent[0].value.append(node)
            elif parent[1] is None:
                parent[1] = node
            else:
                parent[0].value.append((parent[1], node))
                parent[1] = None
            event = next_event()

    def scalar_tag(self, value: str, implicit: tuple[bool, bool]) -> str:
        """The tag YAML's resolver gives a scalar (as ``yaml.compose`` would), except
        that a plain date or time (``date: 2019-02-25``) is text: jinsha reads every
        value as written, and a date is only ever shown."""
        if implicit[0]:
            resolvers = self.resolvers.get(value[0] if value else "", ())
            for tag, regexp in resolvers:
                if regexp.match(value):
                    return _STR_TAG if tag == _TIMESTAMP_TAG else tag
            for tag, regexp in self.resolvers.get(None, ()):
                if regexp.match(value):
                    return _STR_TAG if tag == _TIMESTAMP_TAG else tag
        return _STR_TAG

    def structure(self, root: yaml.Node, path: str) -> bool:
        """Duplicate keys and foreign tags of a just-composed tree; True when any."""
        if not self.suspect:
            return False
        found = False
        for node, message, where in _structure_problems(root, path):
            self.structural.append(self.located(node, message, where))
            found = True
        return found

    # Facts and rules -------------------------------------------------------------

    def read_fact(self, fact_id: str, key_node: yaml.ScalarNode, node: yaml.MappingNode) -> None:
        fact, section_node = _read_fact(fact_id, key_node, node, self.problem)
        self.book.facts[fact_id] = fact
        if section_node is not None:
            self.fact_sections.append((fact, section_node.start_mark.line + 1, section_node.start_mark.column + 1))

    def read_rule(self, rule_id: str, key_node: yaml.ScalarNode, node: yaml.MappingNode) -> None:
        rule, place, section_node = _read_rule(rule_id, key_node, node, self.problem)
        self.book.rules[rule_id] = rule
        if place is not None:  # names are checked only in a check that parses
            line, column = (1, 1)
            if section_node is not None:
                line, column = section_node.start_mark.line + 1, section_node.start_mark.column + 1
            self.rule_checks.append((rule, place, line, column))

    def problem(self, node: yaml.Node | _Located | None, message: str, path: str = "") -> None:
        self.build_problems.append(self.located(node, message, path))


# Structure -----------------------------------------------------------------------


def _unknown_section(section: str, book: Factbook) -> str:
    if not book.sections:
        return f"unknown section {quoted(section)}: the file has no sections mapping"
    return f"unknown section {quoted(section)}"


def _refused_character(text: str | bytes, name: str, error: yaml.reader.ReaderError) -> Problem:
    code = error.character
    if not isinstance(code, int):
        return Problem(name, 1, 1, f"invalid YAML: {error}")
    line, column = _character_position(text, code)
    message = f"invalid YAML: the character U+{code:04X} is not allowed in a fact file"
    if code < 0x20 or 0x7F <= code < 0xA0:
        message = (
            f"invalid YAML: the control character U+{code:04X} is not allowed in a fact file "
            f'(inside double quotes it can be written "\\x{code:02x}")'
        )
    return Problem(name, line, column, message)


def _character_position(text: str | bytes, character: int) -> tuple[int, int]:
    """Line and column of the first ``character`` in the text the parser read.

    YAML refuses such a character wherever it is, so its first occurrence is the
    one the parser stopped at (whose offset counts bytes in libyaml and
    characters in the pure-Python parser).
    """
    if isinstance(text, bytes):
        offset = text.find(chr(character).encode("utf-8", "surrogatepass"))
        if offset < 0:
            return 1, 1
        start = text.rfind(b"\n", 0, offset) + 1
        return text.count(b"\n", 0, offset) + 1, len(text[start:offset].decode("utf-8", "replace")) + 1
    offset = text.find(chr(character))
    if offset < 0:
        return 1, 1
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _duplicate(key: str, first_line: int, again: yaml.Node) -> str:
    return f"duplicate key {quoted(key)}: first at line {first_line}, again at line {again.start_mark.line + 1}"


def _structure_problems(root: yaml.Node, path: str = "") -> Iterator[tuple[yaml.Node | None, str, str]]:
    """Duplicate keys and foreign tags, walked without recursion.

    (Aliases never reach a tree: the reader refuses them as it meets them.)
    """
    stack: list[tuple[yaml.Node, str]] = [(root, path)]
    while stack:
        node, path = stack.pop()
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
                        _duplicate(key, first_line[key], key_node),
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


class _Place:
    """Where a rule's check text starts, to point at a character inside it later."""

    __slots__ = ("column", "inline", "line", "quoted")

    def __init__(self, node: yaml.ScalarNode) -> None:
        self.line = node.start_mark.line
        self.column = node.start_mark.column
        self.inline = node.end_mark.line == node.start_mark.line
        self.quoted = 1 if node.style in ("'", '"') else 0

    def at(self, offset: int) -> _Located:
        if self.inline:
            return _Located(self.line, self.column + self.quoted + offset)
        return _Located(self.line, self.column)


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


def _positions(entries: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> tuple[tuple[int, int], ...]:
    """(line, column) of each text _texts returns for the same key."""
    node = entries.get(key, (None, None))[1]
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        nodes = [node]
    elif isinstance(node, yaml.SequenceNode):
        nodes = [item for item in node.value if isinstance(item, yaml.ScalarNode)]
    else:
        return ()
    return tuple((item.start_mark.line + 1, item.start_mark.column + 1) for item in nodes)


def _label(entries: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> str:
    """A short text that many facts repeat (a unit, a section, a tag): stored once."""
    return intern(_text(entries, key))


def _severity(text: str) -> Severity:
    """A rule's severity; one the schema refuses (a problem already) counts as an error."""
    return _SEVERITIES.get(text, Severity.ERROR)


_SEVERITIES = {severity.value: severity for severity in Severity}


def _labels(entries: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> tuple[str, ...]:
    return tuple(intern(text) for text in _texts(entries, key))


# Sections, facts and rules -------------------------------------------------------------

_Report = Callable[[Any, str, str], None]  # problem(node, message, key path)


def _read_source(node: yaml.MappingNode, book: Factbook) -> None:
    fields = _entries(node)
    book.source = {key: _text(fields, key) or None for key in fields}
    book.source_positions = {
        key: (key_node.start_mark.line + 1, key_node.start_mark.column + 1) for key, (key_node, _) in fields.items()
    }


def _read_sections(node: yaml.MappingNode, book: Factbook) -> None:
    for section_id, (key_node, value_node) in _entries(node).items():
        if not isinstance(value_node, yaml.MappingNode):
            continue
        fields = _entries(value_node)
        number_text = _text(fields, "number")
        number = int(number_text) if number_text.lstrip("-").isdigit() else None
        book.sections[section_id] = Section(section_id, number, _text(fields, "title"), key_node.start_mark.line + 1)


def _read_fact(
    fact_id: str, key_node: yaml.ScalarNode, node: yaml.MappingNode, problem: _Report
) -> tuple[Fact, yaml.Node | None]:
    """A fact, and the node of its section (checked once all sections are known)."""
    path = f"facts.{fact_id}"
    fields = _entries(node)
    fact = Fact(
        id=fact_id,
        line=key_node.start_mark.line + 1,
        column=key_node.start_mark.column + 1,
        unit=_label(fields, "unit"),
        quotes=_texts(fields, "quote"),
        quote_positions=_positions(fields, "quote"),
        section=_label(fields, "section") or None,
        zh=_label(fields, "zh"),
        en=_label(fields, "en"),
        tags=_labels(fields, "tags"),
        rounding=_label(fields, "rounding") or None,
        note=_text(fields, "note"),
    )
    if "items" in fields and isinstance(fields["items"][1], yaml.SequenceNode):
        fact.items = _texts(fields, "items")
    if "value" in fields:
        value_node = fields["value"][1]
        if isinstance(value_node, yaml.ScalarNode) and value_node.tag != "tag:yaml.org,2002:null":
            fact.written = value_node.value
            try:
                fact.value = parse_value(value_node.value, fact.rounding, fact.unit or None)
            except FigureError as error:
                problem(value_node, str(error), f"{path}.value")
            if fact.value is not None and "unit" not in fields and not _unitless(fact):
                problem(
                    key_node,
                    "a number needs a unit (人, 户, 亩, 元, 个, ...; unit: '' for a bare code)",
                    f"{path}.unit",
                )
    return fact, (fields["section"][1] if fact.section else None)


def _unitless(fact: Fact) -> bool:
    return isinstance(fact.value, Code) or (isinstance(fact.value, Figure) and fact.value.percent)


def _read_rule(
    rule_id: str, key_node: yaml.ScalarNode, node: yaml.MappingNode, problem: _Report
) -> tuple[Rule, _Place | None, yaml.Node | None]:
    """A rule, where its check starts, and the node of its section.

    Names of unknown facts and sections are checked once the whole file is read.
    """
    path = f"rules.{rule_id}"
    fields = _entries(node)
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
        zh=_label(fields, "zh"),
        en=_label(fields, "en"),
        severity=_severity(_text(fields, "severity")),
        tags=_labels(fields, "tags"),
        known=_text(fields, "known") or None,
        section=_label(fields, "section") or None,
        draft=_text(fields, "draft") == "true",
        note=_text(fields, "note"),
    )
    section_node = fields["section"][1] if rule.section else None
    if not isinstance(check_node, yaml.ScalarNode) or not rule.check:
        return rule, None, section_node
    place = _Place(check_node)
    try:
        rule.tree = expr.parse(rule.check)
    except expr.RuleSyntaxError as error:
        problem(place.at(error.offset), f"rule {rule_id}: {error.message}", f"{path}.check")
        return rule, None, section_node
    rule.fact_ids = tuple(expr.fact_ids(rule.tree))
    return rule, place, section_node


def _closest(name: str, choices: dict[str, object]) -> str:
    import difflib

    candidates: list[str] | dict[str, object] = choices
    if len(choices) > 2000:  # compare with the ids of the same family only
        family = name.split(".", 1)[0] + "."
        candidates = [choice for choice in choices if choice.startswith(family)][:2000]
    matches = difflib.get_close_matches(name, list(candidates), n=1)
    return f" (did you mean {matches[0]!r}?)" if matches else ""
