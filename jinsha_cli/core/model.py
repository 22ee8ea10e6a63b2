"""Plain data passed between loading, checking and rendering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._record import Record
from .numbers import Code, Figure
from .terms import Term


class Status(Term):
    """What became of one rule or quote check."""

    PASS = "pass"
    FAIL = "fail"
    SKIP = "skip"  # not decided: a value is missing or cannot be read
    ERROR = "error"  # the rule is broken (it is a problem of the file too)
    VALUE = "value"  # `jinsha calc` only: an expression that is not a test


class Severity(Term):
    """How much a failing rule matters, as the fact file says (``severity:``)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Outcome(Term):
    """The verdict people read: a status with acknowledged (known) and stale failures split out."""

    PASS = "pass"
    FAIL = "fail"
    KNOWN = "known"  # fails, as the fact file's known: says it does
    STALE = "stale"  # marked known, but holds: the known: is out of date
    SKIP = "skip"
    ERROR = "error"
    VALUE = "value"  # `jinsha calc` only


class Level(Term):
    """How serious a result is, most serious first: what every output format maps to its own levels.

    ``level()`` is the one place that decides it; ``Report.failing`` and every
    format of ``jinsha check`` read it.
    """

    ERROR = "error"  # the rule could not be evaluated (exit 2, through its problem)
    FAILING = "failing"  # fails the run (exit 1)
    WARNING = "warning"  # fails, severity warning, and does not fail the run
    NOTE = "note"  # fails, severity info, and does not fail the run
    KNOWN = "known"  # fails as acknowledged (known:), and does not fail the run
    SKIPPED = "skipped"  # not decided
    PASSED = "passed"  # holds (or, for `jinsha calc`, a value)

    @property
    def fails_run(self) -> bool:
        return self in _FAILS_RUN


_FAILS_RUN = frozenset({Level.ERROR, Level.FAILING})
_OUTCOMES = {status: Outcome(status.value) for status in Status}  # a lookup, cheaper than a call per result
# A failure that does not fail the run, by severity (an error always fails it, unless known).
_TOLERATED = {Severity.WARNING: Level.WARNING, Severity.INFO: Level.NOTE}
# What fails the run, by severity: only errors, or under --strict warnings too.
_FAILS = {False: frozenset({Severity.ERROR}), True: frozenset({Severity.ERROR, Severity.WARNING})}
_UNFAILED = {Status.PASS: Level.PASSED, Status.VALUE: Level.PASSED, Status.SKIP: Level.SKIPPED}


def level(result: Result, strict: bool = False) -> Level:
    """How serious a result is. Raises KeyError for a status or severity outside the vocabularies.

    A stale known, and under ``strict`` an unreviewed draft rule (not yet
    evidence), fail the run whatever their status; a failure fails it when its
    severity is error (and it is not acknowledged with known:), or warning too
    under ``strict``, where an acknowledgement does not excuse it.
    """
    # Compared as text, not converted: Status(text) costs a call per result on a 100k-rule file.
    status, severity = result.status, result.severity
    if status == Status.ERROR:
        return Level.ERROR
    if result.stale or (strict and result.draft):
        return Level.FAILING
    if status != Status.FAIL:
        return _UNFAILED[status]
    if severity in _FAILS[strict] and (strict or not result.known):
        return Level.FAILING
    if result.known:
        return Level.KNOWN
    return _TOLERATED[severity]


class Problem(Record):
    """Something wrong with the fact file or the command line, located."""

    __slots__ = ("file", "line", "column", "message", "path")

    def __init__(self, file: str, line: int, column: int, message: str, path: str = "") -> None:
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.path = path  # the key path, e.g. facts.employment.poor.rate.value

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


class Section(Record):
    __slots__ = ("id", "number", "title", "line")

    def __init__(self, id: str, number: int | None, title: str, line: int) -> None:
        self.id = id
        self.number = number
        self.title = title
        self.line = line


class Fact(Record):
    __slots__ = (
        "id",
        "line",
        "column",
        "written",
        "value",
        "unit",
        "quotes",
        "quote_positions",
        "items",
        "section",
        "zh",
        "en",
        "tags",
        "rounding",
        "note",
    )
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        id: str,
        line: int,
        column: int,
        written: str | None = None,
        value: Figure | Code | None = None,
        unit: str = "",
        quotes: tuple[str, ...] = (),
        quote_positions: tuple[tuple[int, int], ...] = (),
        items: tuple[str, ...] | None = None,
        section: str | None = None,
        zh: str = "",
        en: str = "",
        tags: tuple[str, ...] = (),
        rounding: str | None = None,
        note: str = "",
    ) -> None:
        self.id = id
        self.line = line
        self.column = column
        self.written = written  # the value exactly as the file writes it
        self.value = value
        self.unit = unit
        self.quotes = quotes
        self.quote_positions = quote_positions  # (line, column) of each quote in the file
        self.items = items
        self.section = section
        self.zh = zh
        self.en = en
        self.tags = tags
        self.rounding = rounding
        self.note = note

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
        if self.unit in ("", "%") or self.unit in self.written:  # 1500万人以上 writes its unit itself
            return self.written
        return f"{self.written}{self.unit}"


class Rule(Record):
    __slots__ = (
        "id",
        "check",
        "line",
        "column",
        "check_line",
        "check_column",
        "zh",
        "en",
        "severity",
        "tags",
        "known",
        "section",
        "draft",
        "note",
        "tree",
        "fact_ids",
    )
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        id: str,
        check: str,
        line: int,
        column: int,
        check_line: int,
        check_column: int,
        zh: str = "",
        en: str = "",
        severity: Severity = Severity.ERROR,
        tags: tuple[str, ...] = (),
        known: str | None = None,
        section: str | None = None,
        draft: bool = False,
        note: str = "",
        tree: Any = None,
        fact_ids: tuple[str, ...] = (),
    ) -> None:
        self.id = id
        self.check = check
        self.line = line
        self.column = column
        self.check_line = check_line  # where the expression text starts, for located errors
        self.check_column = check_column
        self.zh = zh
        self.en = en
        self.severity = severity
        self.tags = tags
        self.known = known
        self.section = section
        self.draft = draft
        self.note = note
        self.tree = tree  # the parsed expression, or None when it did not parse
        self.fact_ids = fact_ids  # facts the expression names, in order

    @property
    def description(self) -> str:
        return self.en or self.zh


class Factbook(Record):
    """A loaded fact file: what loaded, and every problem found on the way."""

    __slots__ = ("path", "source", "sections", "facts", "rules", "problems", "source_positions")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        path: str,
        source: dict[str, Any] | None = None,
        sections: dict[str, Section] | None = None,
        facts: dict[str, Fact] | None = None,
        rules: dict[str, Rule] | None = None,
        problems: list[Problem] | None = None,
        source_positions: dict[str, tuple[int, int]] | None = None,
    ) -> None:
        self.path = path
        self.source = {} if source is None else source
        self.sections = {} if sections is None else sections
        self.facts = {} if facts is None else facts
        self.rules = {} if rules is None else rules
        self.problems = [] if problems is None else problems
        # (line, column) of each key of `source`, so that a problem with the named document points at it.
        self.source_positions = {} if source_positions is None else source_positions

    @property
    def directory(self) -> Path:
        return Path(self.path).resolve().parent


class Result(Record):
    """The verdict on one rule (or one fact's quote), and why, in numbers."""

    __slots__ = (
        "rule",
        "status",
        "severity",
        "message",
        "facts",
        "file",
        "line",
        "column",
        "kind",
        "section",
        "zh",
        "en",
        "tags",
        "known",
        "stale",
        "slack",
        "steps",
        "draft",
    )
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        rule: str,
        status: Status,
        severity: Severity,
        message: str,
        facts: list[str],
        file: str,
        line: int,
        column: int = 1,
        kind: str = "rule",
        section: str | None = None,
        zh: str = "",
        en: str = "",
        tags: tuple[str, ...] = (),
        known: str | None = None,
        stale: bool = False,
        slack: bool = False,
        steps: list[str] | None = None,
        draft: bool = False,
    ) -> None:
        self.rule = rule
        self.status = status
        self.severity = severity
        self.message = message
        self.facts = facts
        self.file = file
        self.line = line
        self.column = column
        self.kind = kind  # rule | quote | source
        self.section = section
        self.zh = zh
        self.en = en
        self.tags = tags
        self.known = known
        self.stale = stale  # a known discrepancy that no longer fails
        self.slack = slack  # passed only thanks to rounding
        self.steps = [] if steps is None else steps
        self.draft = draft  # the rule is marked draft: true, not yet reviewed by a person

    @property
    def description(self) -> str:
        return self.en or self.zh

    @property
    def outcome(self) -> Outcome:
        """The finer-grained verdict people read: known and stale split out."""
        if self.status == Status.FAIL and self.known:
            return Outcome.KNOWN
        if self.stale:
            return Outcome.STALE
        return _OUTCOMES[self.status]

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
        if self.draft:
            data["draft"] = True
        return data


class Report(Record):
    """Everything `check` found in one fact file."""

    __slots__ = (
        "file",
        "results",
        "problems",
        "quotes_checked",
        "strict",
        "source_document",
        "source_quotes_checked",
    )
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(
        self,
        file: str,
        results: list[Result],
        problems: list[Problem],
        quotes_checked: int = 0,
        strict: bool = False,
        source_document: str | None = None,
        source_quotes_checked: int = 0,
    ) -> None:
        self.file = file
        self.results = results
        self.problems = problems
        self.quotes_checked = quotes_checked
        self.strict = strict
        self.source_document = source_document  # the document the quotes were checked against, if any
        self.source_quotes_checked = source_quotes_checked  # facts whose quotes were looked for in it

    def level(self, result: Result) -> Level:
        """How serious this result is in this report (``--strict`` or not): see ``level``."""
        return level(result, self.strict)

    def failing(self, result: Result) -> bool:
        """Does this result make the run fail (exit 1, or 2 for a broken rule, through its problem)?"""
        return level(result, self.strict).fails_run

    @property
    def exit_code(self) -> int:
        if self.problems:
            return 2
        return 1 if any(self.failing(r) for r in self.results) else 0

    @property
    def summary(self) -> dict[str, int]:
        """Counts that add up: ``rules`` = passed + failed + known + skipped + errors, and
        ``quotes_checked`` = quotes_passed + quotes_failed (likewise for the source document).

        ``stale`` is part of ``passed``, ``warnings`` part of ``failed``; ``slack`` counts the
        rules that held only within rounding (passes, or failures under ``--slack``) and
        ``drafts`` the rules still marked ``draft: true``.
        """
        rules = [r for r in self.results if r.kind == "rule"]
        outcomes = [r.outcome for r in rules]
        quotes_failed = sum(r.kind == "quote" and r.status == Status.FAIL for r in self.results)
        source_failed = sum(r.kind == "source" and r.status == Status.FAIL for r in self.results)
        return {
            "rules": len(rules),
            "passed": outcomes.count(Outcome.PASS) + outcomes.count(Outcome.STALE),
            "failed": outcomes.count(Outcome.FAIL),
            "skipped": outcomes.count(Outcome.SKIP),
            "errors": outcomes.count(Outcome.ERROR),
            "known": outcomes.count(Outcome.KNOWN),
            "stale": outcomes.count(Outcome.STALE),
            "warnings": sum(r.outcome == Outcome.FAIL and r.severity == Severity.WARNING for r in rules),
            "slack": sum(r.slack for r in rules),
            "drafts": sum(r.draft for r in rules),
            "quotes_checked": self.quotes_checked,
            "quotes_passed": self.quotes_checked - quotes_failed,
            "quotes_failed": quotes_failed,
            "source_quotes_checked": self.source_quotes_checked,
            "source_passed": self.source_quotes_checked - source_failed,
            "source_failed": source_failed,
            "problems": len(self.problems),
        }

    def summary_lines(self) -> list[str]:
        """The rules' counts, then the quotes' (and the source document's) on a line of their own."""
        s = self.summary
        line = f"{s['passed']} passed, {s['failed']} failed, {s['skipped']} skipped, {s['errors']} errors"
        if s["known"]:
            line += f", {s['known']} known"
        line += f" of {s['rules']} rule{'' if s['rules'] == 1 else 's'}"
        extras = [f"{s['stale']} stale"] if s["stale"] else []
        if s["slack"]:
            extras.append(f"{s['slack']} only within rounding")
        if s["drafts"]:
            extras.append(f"{s['drafts']} draft{'' if s['drafts'] == 1 else 's'}")
        if s["problems"]:
            extras.append(f"{s['problems']} problem{'' if s['problems'] == 1 else 's'}")
        lines = [line + (f" ({', '.join(extras)})" if extras else "")]
        quotes = f"quotes: {s['quotes_passed']} of {s['quotes_checked']} state their value"
        if self.source_document is not None:
            quotes += f"; {s['source_passed']} of {s['source_quotes_checked']} found in {self.source_document}"
        lines.append(quotes)
        return lines

    def summary_line(self) -> str:
        """The summary on one line (rules; quotes)."""
        return "; ".join(self.summary_lines())


class Run(Record):
    """One checked fact file: the book as loaded and the report on it."""

    __slots__ = ("book", "report")

    def __init__(self, book: Factbook, report: Report) -> None:
        self.book = book
        self.report = report
