"""Plain data passed between loading, checking and rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .numbers import Code, Figure

STATUSES = ("pass", "fail", "skip", "error")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """Something wrong with the fact file or the command line, located."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""  # the key path, e.g. facts.employment.poor.rate.value

    def __str__(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.message}{where}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


@dataclass(frozen=True)
class Section:
    id: str
    number: int | None
    title: str
    line: int


@dataclass
class Fact:
    id: str
    line: int
    column: int
    written: str | None = None  # the value exactly as the file writes it
    value: Figure | Code | None = None
    unit: str = ""
    quotes: tuple[str, ...] = ()
    quote_positions: tuple[tuple[int, int], ...] = ()  # (line, column) of each quote in the file
    items: tuple[str, ...] | None = None
    section: str | None = None
    zh: str = ""
    en: str = ""
    tags: tuple[str, ...] = ()
    rounding: str | None = None
    note: str = ""

    @property
    def is_list(self) -> bool:
        return self.items is not None

    def quote_position(self, index: int) -> tuple[int, int]:
        """Where the index-th quote is written (the fact's own line when unknown)."""
        if index < len(self.quote_positions):
            return self.quote_positions[index]
        return self.line, self.column

    @property
    def label(self) -> str:
        return self.en or self.zh or self.id

    def display_value(self) -> str:
        """The value as written, with its unit, for people."""
        if self.items is not None:
            return "、".join(self.items)
        if self.written is None:
            return "—"
        unit = "" if self.unit in ("", "%") else self.unit
        return f"{self.written}{unit}"


@dataclass
class Rule:
    id: str
    check: str
    line: int
    column: int
    check_line: int  # where the expression text starts, for located errors
    check_column: int
    zh: str = ""
    en: str = ""
    severity: str = "error"
    tags: tuple[str, ...] = ()
    known: str | None = None
    section: str | None = None
    draft: bool = False
    note: str = ""
    tree: Any = None  # the parsed expression, or None when it did not parse
    fact_ids: tuple[str, ...] = ()  # facts the expression names, in order

    @property
    def description(self) -> str:
        return self.en or self.zh


@dataclass
class Factbook:
    """A loaded fact file: what loaded, and every problem found on the way."""

    path: str
    source: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def directory(self) -> Path:
        return Path(self.path).resolve().parent


@dataclass
class Result:
    """The verdict on one rule (or one fact's quote), and why, in numbers."""

    rule: str
    status: str  # pass | fail | skip | error
    severity: str
    message: str
    facts: list[str]
    file: str
    line: int
    column: int = 1
    kind: str = "rule"  # rule | quote | source
    section: str | None = None
    zh: str = ""
    en: str = ""
    tags: tuple[str, ...] = ()
    known: str | None = None
    stale: bool = False  # a known discrepancy that no longer fails
    slack: bool = False  # passed only thanks to rounding
    steps: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        return self.en or self.zh

    @property
    def outcome(self) -> str:
        """The finer-grained verdict people read: known and stale split out."""
        if self.status == "fail" and self.known:
            return "known"
        if self.stale:
            return "stale"
        return self.status

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "kind": self.kind,
            "status": self.status,
            "severity": self.severity,
            "message": self.message,
            "facts": self.facts,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "section": self.section,
            "tags": list(self.tags),
        }
        if self.known:
            data["known"] = self.known
        if self.stale:
            data["stale"] = True
        if self.slack:
            data["slack"] = True
        return data


@dataclass
class Report:
    """Everything `check` found in one fact file."""

    file: str
    results: list[Result]
    problems: list[Problem]
    quotes_checked: int = 0
    strict: bool = False
    source_document: str | None = None  # the document the quotes were checked against, if any
    source_quotes_checked: int = 0  # facts whose quotes were looked for in it

    def failing(self, result: Result) -> bool:
        """Does this result make the run fail (exit 1)?"""
        if result.stale:
            return True
        if result.status != "fail":
            return False
        if self.strict:
            return result.severity in ("error", "warning")
        return result.severity == "error" and not result.known

    @property
    def exit_code(self) -> int:
        if self.problems:
            return 2
        return 1 if any(self.failing(r) for r in self.results) else 0

    @property
    def summary(self) -> dict[str, int]:
        outcomes = [r.outcome for r in self.results]
        return {
            "rules": sum(r.kind == "rule" for r in self.results),
            "passed": outcomes.count("pass") + outcomes.count("stale"),
            "failed": outcomes.count("fail"),
            "skipped": outcomes.count("skip"),
            "errors": outcomes.count("error"),
            "known": outcomes.count("known"),
            "stale": outcomes.count("stale"),
            "warnings": sum(r.outcome == "fail" and r.severity == "warning" for r in self.results),
            "quotes_checked": self.quotes_checked,
            "quotes_failed": sum(r.kind == "quote" and r.status == "fail" for r in self.results),
            "source_quotes_checked": self.source_quotes_checked,
            "source_failed": sum(r.kind == "source" and r.status == "fail" for r in self.results),
            "problems": len(self.problems),
        }

    def summary_line(self) -> str:
        s = self.summary
        line = f"{s['passed']} passed, {s['failed']} failed, {s['skipped']} skipped, {s['errors']} errors"
        extras = [f"{s['known']} known"] if s["known"] else []
        if s["stale"]:
            extras.append(f"{s['stale']} stale")
        if s["problems"]:
            extras.append(f"{s['problems']} problems")
        return line + (f" ({', '.join(extras)})" if extras else "")
