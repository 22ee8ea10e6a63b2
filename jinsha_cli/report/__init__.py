"""``jinsha report``: the document itself, every figure marked with its verdict, as one HTML page.

The library does all of it; the command line only parses options and writes::

    from jinsha_cli.report import build_report

    built = build_report(["facts.yaml"])          # checks as `jinsha check` does
    if built.problems:                             # located, as check prints them (exit 2)
        ...
    else:
        html = built.html()                        # one self-contained page
        write_report(html, "report.html")          # atomically

:mod:`.marks` decides what each figure of the document is (the ``data-status``
contract, documented in docs/report.md); :mod:`.html` draws the page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from ..core.model import Factbook, Problem, Report
from .marks import FINDING_KINDS, STATUS_NAMES, STATUSES, Part, Status, mark_document

__all__ = [
    "FINDING_KINDS",
    "STATUSES",
    "STATUS_NAMES",
    "BuiltReport",
    "Part",
    "Status",
    "build_report",
    "checked_time",
    "write_report",
]


class BuiltReport:
    """The checked fact files, each with its marked document, or the problems that stopped it."""

    __slots__ = ("parts", "problems", "reports")

    def __init__(self, parts: list[Part], problems: list[Problem], reports: list[Report]) -> None:
        self.parts = parts
        self.problems = problems  # non-empty: no page (exit 2)
        self.reports = reports  # one per fact file, as `check` made them

    @property
    def exit_code(self) -> int:
        """The exit code `jinsha check` gives the same files with the same options."""
        if self.problems:
            return 2
        return max((report.exit_code for report in self.reports), default=0)

    def html(self, *, checked_at: datetime | None = None, lang: str = "en") -> str:
        from .html import render_page

        if self.problems or not self.parts:
            raise ValueError("no report: the fact files have problems")
        return render_page(self.parts, checked_at=checked_at or checked_time(), lang=lang)


def checked_time() -> datetime:
    """Now, in UTC; ``SOURCE_DATE_EPOCH`` fixes it, for reproducible pages."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "")
    if fixed.isdigit():
        return datetime.fromtimestamp(int(fixed), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def build_report(
    paths: Sequence[str | Path] = (),
    *,
    source: str | Path | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    strict: bool = False,
    use_cache: bool = True,
    slack: str = "pass",
) -> BuiltReport:
    """Check each fact file as ``jinsha check`` does (``check_files``), and mark its document.

    The document is ``source`` when given, else the one the fact file names
    under ``source.document``. Problems (an invalid fact file, a document that
    is missing or cannot be read) are collected, located, and leave no page.
    With no paths, the project's fact files, as for ``check``.
    """
    from ..check.files import check_files

    runs = check_files(
        paths, select=select, ignore=ignore, strict=strict, source=source, use_cache=use_cache, slack=slack
    )
    parts: list[Part] = []
    problems: list[Problem] = []
    for run in runs:
        book, report = run.book, run.report
        document = _document_path(book, source, report.problems) if not report.problems else None
        text = _read(document, source is None, report.problems) if document is not None else None
        if report.problems or text is None:
            problems.extend(report.problems)
            continue
        name = str(source) if source is not None else report.source_document or str(document)
        parts.append(mark_document(book, report, text, name, number=len(parts) + 1))
    return BuiltReport(parts, problems, [run.report for run in runs])


def _document_path(book: Factbook, source: str | Path | None, problems: list[Problem]) -> Path | None:
    """The document to mark, or None with a located problem added.

    ``check`` has already confined a named document to the project (a refusal is
    one of its problems); only what it leaves unsaid is said here: that the
    report needs a document, and that the one named is not there.
    """
    from ..factfile.boundary import Refused, document_path

    if source is not None:
        return Path(source)
    named = book.source.get("document") if book.source else None
    where = book.source_positions.get("document", (1, 1))
    if not isinstance(named, str) or not named.strip():
        problems.append(
            Problem(
                book.path,
                1,
                1,
                "the report needs the document the facts come from: give --source DOC, "
                "or name it under source.document",
                "source.document",
            )
        )
        return None
    try:
        path = Path(document_path(book.path, named))
    except Refused as refused:
        problems.append(Problem(book.path, where[0], where[1], f"refused: {refused}", "source.document"))
        return None
    if not path.is_file():
        problems.append(
            Problem(
                book.path,
                where[0],
                where[1],
                f"source.document names {named!r}, which is not a file",
                "source.document",
            )
        )
        return None
    return path


def _read(path: Path, named: bool, problems: list[Problem]) -> str | None:
    from ..check.source import DocumentError, read_source

    try:
        return read_source(path, str(path), "source.document" if named else "").text
    except DocumentError as error:
        problems.append(error.problem)
        return None


def write_report(html: str, path: str | Path) -> None:
    """Write the page atomically: a reader never sees half of it."""
    from ..core.textfiles import write_atomically

    write_atomically(path, html)
