"""The YAML writer: a draft as a fact file that ``jinsha check`` loads and a curator can edit."""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import yaml

from .model import Draft, DraftFact

SCHEMA_FILE = "facts.schema.json"

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")
# How PyYAML (which the loader uses) would type a plain scalar.
_RESOLVER = yaml.resolver.Resolver()
_TEXT_TAGS = ("tag:yaml.org,2002:str",)
_NUMBER_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def relative_path(target: str | Path, start: str | Path) -> str:
    """``target`` relative to the folder ``start`` (absolute when no relative path exists)."""
    try:
        return Path(os.path.relpath(Path(target).resolve(), Path(start).resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(target).resolve().as_posix()


def schema_near(folder: str | Path) -> str | None:
    """The relative path to a ``facts.schema.json`` in ``folder`` or a folder above it.

    The draft points its ``$schema`` line only at a schema that exists beside the user's
    files (``jinsha schema > facts.schema.json`` writes one), never into the installed
    package, whose path depends on the environment it was written from.
    """
    here = Path(folder).resolve()
    for candidate in (here, *here.parents):
        path = candidate / SCHEMA_FILE
        if path.is_file():
            return relative_path(path, here)
    return None


def document_entry(document: str | Path, folder: str | Path) -> tuple[str | None, str]:
    """What the draft's ``source.document`` says, and a note when it cannot name it.

    A fact file may read only documents inside its project (factfile/boundary.py). A
    document elsewhere is left unnamed, so that ``jinsha check`` of the draft works; the
    note says how to check the quotes against it (``--source``).
    """
    from ..factfile.boundary import Refused, document_path

    named = relative_path(document, folder)
    try:
        document_path(Path(folder) / "draft.yaml", named)
    except Refused:
        return None, (
            f"the document ({Path(document).name}) is outside this draft's project, so it is not named here; "
            f"check the quotes with: jinsha check --facts DRAFT --source {Path(document).resolve().as_posix()}"
        )
    return named, ""


def scalar(text: str, *, flow: bool = False, value: bool = False) -> str:
    """A YAML scalar for ``text``: plain when that reads back as the same string."""
    plain = (
        _PLAIN_SAFE.fullmatch(text) is not None
        and all(_printable(ch) for ch in text)
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not (flow and any(ch in text for ch in ",[]{}:?#"))
        # a value is read from its text whatever YAML types it as; other text must stay text
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) in (_NUMBER_TAGS if value else _TEXT_TAGS)
    )
    if plain:
        return text
    # JSON escapes are YAML escapes; characters YAML may not hold raw are escaped too.
    return "".join(
        ch if _printable(ch) or ch in "\n\t" else f"\\u{ord(ch):04x}" for ch in json.dumps(text, ensure_ascii=False)
    )


def _printable(ch: str) -> bool:
    """May a one-line YAML scalar hold this character as it is?

    YAML's printable set, less the characters it reads as line breaks (NEL, the
    Unicode line and paragraph separators) and the byte-order mark.
    """
    code = ord(ch)
    if code in (0x85, 0x2028, 0x2029, 0xFEFF):
        return False
    return 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def to_yaml(draft: Draft, *, schema: str | None = None, source_note: str = "") -> str:
    """The draft as a fact file, with facts grouped by section in document order."""
    out: list[str] = []
    if schema:
        out.append(f"# yaml-language-server: $schema={schema}")
    else:
        out.append(f"# For completion in an editor: jinsha schema > {SCHEMA_FILE}, then add the line")
        out.append(f"# yaml-language-server: $schema={SCHEMA_FILE}")
    out += [
        "#",
        "# A draft fact file written by `jinsha extract`. Review every fact (id, label, unit,",
        "# quote) and every rule. A rule keeps `draft: true` until a curator has checked it;",
        "# severity error: the text states the relation; warning: inferred (its note says why).",
        "",
        "source:",
    ]
    for key, text in draft.source.items():
        out.append(f"  {key}: {'null' if text is None else scalar(text)}")
        if key == "document" and source_note:
            out.append(f"  # {source_note}")
    out += ["", "sections:"]
    for section_id, (number, title) in draft.sections.items():
        shown = "null" if number is None else str(number)
        out.append(f"  {section_id}: {{number: {shown}, title: {scalar(title, flow=True)}}}")
    out += ["", "facts:" if draft.facts else "facts: {}"]
    by_section: dict[str, list[DraftFact]] = {section: [] for section in draft.sections}
    for fact in draft.facts.values():
        by_section.setdefault(fact.section, []).append(fact)
    for section_id, facts in by_section.items():
        if not facts:
            continue
        title = draft.sections.get(section_id, (None, section_id))[1]
        out += ["", f"  # --- {section_id}: {title}"]
        for fact in sorted(facts, key=lambda f: (f.start, f.items is not None)):
            out += _fact(fact, section_id)
    out += ["", "rules:" if draft.rules else "rules: {}"]
    for rule in draft.rules.values():
        out.append(f"  {rule.id}:")
        out.append(f"    check: {scalar(rule.check)}")
        out.append(f"    zh: {scalar(rule.zh)}")
        out.append(f"    en: {scalar(rule.en)}")
        out.append(f"    severity: {rule.severity}")
        if rule.tags:
            out.append(f"    tags: [{', '.join(rule.tags)}]")
        if rule.note:
            out.append(f"    note: {scalar(rule.note)}")
        out.append("    draft: true")
    return "\n".join(out) + "\n"


def _fact(fact: DraftFact, section_id: str) -> list[str]:
    out = [f"  {fact.id}:"]
    if fact.items is not None:
        out.append(f"    items: [{', '.join(scalar(item, flow=True) for item in fact.items)}]")
    else:
        out.append(f"    value: {scalar(fact.value or '', value=True)}")
        if fact.unit:
            out.append(f"    unit: {scalar(fact.unit)}")
        elif _needs_unit(fact.value or ""):
            out.append('    unit: ""')
    if len(fact.quotes) == 1:
        out.append(f"    quote: {scalar(fact.quotes[0])}")
    else:
        out.append("    quote:")
        out += [f"      - {scalar(q)}" for q in fact.quotes]
    out.append(f"    section: {section_id}")
    if fact.zh:
        out.append(f"    zh: {scalar(fact.zh)}")
    if fact.en:
        out.append(f"    en: {scalar(fact.en)}")
    if fact.tags:
        out.append(f"    tags: [{', '.join(fact.tags)}]")
    if fact.note:
        out.append(f"    note: {scalar(fact.note)}")
    return out


@lru_cache(maxsize=8192)
def _needs_unit(written: str) -> bool:
    """A plain figure (not a code with +, not a percentage) needs a unit key."""
    from ..core.numbers import Code, parse_value

    try:
        value = parse_value(written)
    except ValueError:
        return False
    return not isinstance(value, Code) and not value.percent
