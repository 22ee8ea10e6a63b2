"""Check every quote of a fact file against the text of its source document.

A quote must appear in the document verbatim, except for line breaks and
spaces, which are ignored on both sides. A missing quote becomes a failing
Result of kind ``source`` at the fact's line, naming the closest passage of the
document (with its line there) and the characters that differ.

The closest passage is found without comparing the quote against every window
of the document: the quote's character pairs vote for where it would start,
and only the few best-voted places are aligned with difflib. A 1 MB document
costs a few milliseconds per missing quote.

The document may be UTF-8 (with or without a BOM), UTF-16 with a BOM, or
GBK/GB18030; CRLF line ends are accepted. A document that cannot be read or
decoded is a located Problem, so the run exits 2.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from pathlib import Path

from ..core import textfiles
from ..core._record import Record
from ..core.model import Fact, Factbook, Problem, Report, Result
from ..core.textfiles import read_document
from ..factfile.boundary import Refused, document_path

MIN_SIMILARITY = 0.5  # below this share of matched characters there is no "closest passage"
MAX_CANDIDATES = 8  # places aligned with difflib per missing quote
MAX_OCCURRENCES = 4000  # a character pair found more often than this carries no information
SOURCE_TAGS = ("provenance", "source")
_NON_SPACE = re.compile(r"\S+")


class DocumentError(Exception):
    """The source document cannot be read or decoded; ``problem`` says where."""

    def __init__(self, problem: Problem, unread: bool = False, missing: bool = False) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.unread = unread  # it could not be read at all: the problem is not at a place in it
        self.missing = missing  # it does not exist


class Document(Record):
    """A document's text, and the same text without whitespace, with a way back."""

    __slots__ = ("name", "text", "compact", "_compact_starts", "_text_starts")

    def __init__(self, name: str, text: str, compact: str, compact_starts: list[int], text_starts: list[int]) -> None:
        self.name = name
        self.text = text
        self.compact = compact
        # For each run of non-space characters: where it starts in `compact` and in `text`.
        self._compact_starts = compact_starts
        self._text_starts = text_starts

    def __repr__(self) -> str:
        return f"Document(name={self.name!r}, {len(self.text)} characters)"

    @classmethod
    def from_text(cls, text: str, name: str = "<document>") -> Document:
        chunks, compact_starts, text_starts = [], [], []
        length = 0
        for match in _NON_SPACE.finditer(text):
            chunks.append(match.group())
            compact_starts.append(length)
            text_starts.append(match.start())
            length += match.end() - match.start()
        return cls(name, text, "".join(chunks), compact_starts, text_starts)

    def text_offset(self, compact_index: int) -> int:
        """Where a character of `compact` is in `text`."""
        chunk = bisect.bisect_right(self._compact_starts, compact_index) - 1
        if chunk < 0:
            return 0
        return self._text_starts[chunk] + compact_index - self._compact_starts[chunk]

    def line_of(self, compact_index: int) -> int:
        return self.text.count("\n", 0, self.text_offset(compact_index)) + 1

    def contains(self, quote: str) -> bool:
        return compact(quote) in self.compact


class Passage(Record):
    """The part of a document closest to a quote that it does not contain."""

    __slots__ = ("text", "line", "similarity", "differences")

    def __init__(self, text: str, line: int, similarity: float, differences: tuple[str, ...]) -> None:
        self.text = text  # without whitespace, like the comparison itself
        self.line = line
        self.similarity = similarity  # share of the quote's characters found in order in the passage
        self.differences = differences


def compact(text: str) -> str:
    """Line breaks and spaces (including the ideographic space) do not count."""
    return "".join(text.split())


# Reading ------------------------------------------------------------------------


def read_source(path: str | Path, name: str | None = None, key_path: str = "") -> Document:
    """Read and decode a source document, or raise DocumentError with its location."""
    name = name or str(path)
    try:
        return Document.from_text(read_document(path, name), name)
    except textfiles.DocumentError as error:
        problem = Problem(error.name, error.line, error.column, error.message("the source document"), key_path)
        raise DocumentError(problem, unread=error.unread, missing=error.missing) from None


def _shown(fact_file: str, named: str) -> str:
    """The named document as the fact file's own path leads to it (relative when that is)."""
    return os.path.normpath(os.path.join(os.path.dirname(fact_file), named))


# Finding the closest passage ---------------------------------------------------------


def closest_passage(document: Document, quote: str) -> Passage | None:
    """The passage of the document most like the quote, or None when nothing is alike."""
    target = compact(quote)
    text = document.compact
    if not target or not text:
        return None
    best: tuple[int, int] | None = None  # (matched characters, -start of the window)
    span = (0, 0)
    slack = max(4, len(target) // 3)
    for start in _candidates(text, target):
        low, high = max(0, start - slack), min(len(text), start + len(target) + slack)
        matcher = SequenceMatcher(None, target, text[low:high], autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        if best is None or (matched, -low) > best:
            best = (matched, -low)
            span = _span(matcher, len(target), low, high)
    if best is None or best[0] / len(target) < MIN_SIMILARITY:
        return None
    begin, end = span
    passage = text[begin:end]
    matcher = SequenceMatcher(None, target, passage, autojunk=False)
    similarity = sum(block.size for block in matcher.get_matching_blocks()) / len(target)
    return Passage(passage, document.line_of(begin), round(similarity, 3), tuple(differences(target, passage)))


def _candidates(text: str, target: str) -> list[int]:
    """Where the quote could start, best first: each shared character pair votes."""
    size = 2 if len(target) >= 4 else 1
    offsets: dict[str, list[int]] = {}
    for index in range(len(target) - size + 1):
        offsets.setdefault(target[index : index + size], []).append(index)
    votes: Counter[int] = Counter()
    for gram, where in offsets.items():
        positions = _find_all(text, gram, MAX_OCCURRENCES)
        for position in positions:
            for index in where:
                votes[position - index] += 1
    return [start for start, _ in votes.most_common(MAX_CANDIDATES)]


def _find_all(text: str, needle: str, limit: int) -> list[int]:
    found: list[int] = []
    position = text.find(needle)
    while position != -1:
        if len(found) == limit:
            return []  # too common to tell places apart
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _span(matcher: SequenceMatcher[str], length: int, low: int, high: int) -> tuple[int, int]:
    """The document span aligned with the whole quote, unmatched ends included."""
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return low, min(high, low + length)
    first, last = blocks[0], blocks[-1]
    begin = max(low, low + first.b - first.a)
    end = min(high, low + last.b + last.size + (length - last.a - last.size))
    return begin, end


def differences(quote: str, passage: str) -> Iterable[str]:
    """The characters that differ, said the way a proofreader would."""
    matcher = SequenceMatcher(None, quote, passage, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        where = f"at character {a1 + 1}"
        if tag == "replace":
            yield f"{quote[a1:a2]!r} where the document has {passage[b1:b2]!r} ({where})"
        elif tag == "delete":
            yield f"{quote[a1:a2]!r} is not in the document ({where})"
        elif tag == "insert":
            yield f"the document also has {passage[b1:b2]!r} ({where})"


# Checking a fact book ----------------------------------------------------------------


def named_document(book: Factbook) -> Path | None:
    """The document the fact file names under source.document, if that path exists.

    Raises ``boundary.Refused`` for a document the fact file may not read (see
    factfile/boundary.py); a missing one is None.
    """
    named = book.source.get("document") if book.source else None
    if not isinstance(named, str) or not named.strip():
        return None
    path = Path(document_path(book.path, named))
    return path if os.path.lexists(path) else None


def check_quotes(book: Factbook, document: Document) -> tuple[list[Result], int]:
    """The failing Results (one per fact with a missing quote) and how many facts were checked.

    Counted per fact, like the quote checks of ``check``: a fact with several
    quotes is one check, failing when any quote is missing.
    """
    results: list[Result] = []
    checked = 0
    for fact in book.facts.values():
        if not fact.quotes:
            continue
        checked += 1
        missing = [index for index, quote in enumerate(fact.quotes) if not document.contains(quote)]
        if missing:
            message = "; ".join(_missing(document, fact.quotes[index]) for index in missing)
            results.append(_result(book, fact, message, fact.quote_position(missing[0])))
    return results, checked


def _missing(document: Document, quote: str) -> str:
    message = f"the quote {quote!r} is not in {document.name}"
    passage = closest_passage(document, quote)
    if passage is None:
        return message + " (no similar passage)"
    changes = ", ".join(passage.differences)
    return f"{message}; closest passage ({document.name}:{passage.line}): {passage.text!r}; differs: {changes}"


def _result(book: Factbook, fact: Fact, message: str, position: tuple[int, int]) -> Result:
    return Result(
        rule=f"source:{fact.id}",
        status="fail",
        severity="error",
        message=message,
        facts=[fact.id],
        file=book.path,
        line=position[0],
        column=position[1],
        kind="source",
        section=fact.section,
        en="the quote appears in the source document",
        zh="引文须见于原文",
        tags=SOURCE_TAGS,
    )


def verify(report: Report, book: Factbook, source: str | Path | None = None) -> None:
    """Check the book's quotes against `source`, or the document the book names; add to the report.

    With no `source` and no existing named document, nothing happens. Failing
    quotes join the report's results in section order; an unreadable document
    is a problem (exit 2).
    """
    if source is not None:
        try:
            document = read_source(source, str(source))
        except DocumentError as error:
            report.problems.append(error.problem)
            return
        name = str(source)
    else:
        named = book.source.get("document") if book.source else None
        if not isinstance(named, str) or not named.strip():
            return
        line, column = book.source_positions.get("document", (1, 1))
        try:
            path = document_path(book.path, named)
            document = read_source(path, _shown(book.path, named), "source.document")
        except Refused as refused:
            report.problems.append(Problem(book.path, line, column, f"refused: {refused}", "source.document"))
            return
        except DocumentError as error:
            if error.missing:
                return  # a document that is not there is not checked (see the README)
            if error.unread:  # no place in the document to point at: point at the key that names it
                error.problem = Problem(book.path, line, column, error.problem.message, "source.document")
            report.problems.append(error.problem)
            return
        name = document.name
    results, checked = check_quotes(book, document)
    report.source_document = name
    report.source_quotes_checked = checked
    order = {section: index for index, section in enumerate(book.sections)}
    report.results.extend(results)
    report.results.sort(key=lambda r: order.get(r.section or "", len(order)))
