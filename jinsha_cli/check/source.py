"""Check every quote of a fact file against the text of its source document.

A quote must appear in the document verbatim, except for line breaks and
spaces, which are ignored on both sides. A missing quote becomes a failing
Result of kind ``source`` at the fact's line, naming the closest passage of the
document (with its line there) and the characters that differ.

The closest passage is found without comparing the quote against every window
of the document: the quote's character pairs vote for where it would start,
and only the few best-voted places are aligned with difflib. A 1 MB document
costs a few milliseconds per missing quote.

The cost stays in proportion to the input whatever a fact file holds: the
document is kept as its text and its text without whitespace, with a sparse
table of checkpoints back to lines (not a list entry per word: a 20 MB document
of short words took 1 GB); where a character pair occurs in the document is
looked up once per document, not once per quote; a quote longer than
``MAX_SEARCHED_QUOTE`` characters is not aligned (difflib is quadratic: a 24 KB
quote took minutes); and once ``SEARCH_BUDGET`` characters have been compared
for one document, the remaining missing quotes are reported without a closest
passage, each saying why.

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
from ..core.model import Fact, Factbook, Problem, Report, Result, Severity, Status
from ..core.textfiles import read_document
from ..factfile.boundary import Refused, document_path

MIN_SIMILARITY = 0.5  # below this share of matched characters there is no "closest passage"
MAX_CANDIDATES = 8  # places aligned with difflib per missing quote
MAX_OCCURRENCES = 4000  # a character pair found more often than this carries no information
MAX_SEARCHED_QUOTE = 5000  # characters (without whitespace) of the longest quote searched for
MAX_VOTES_PER_PAIR = 20_000  # a character pair with more (occurrences in the document x in the quote) has no vote
DIFFLIB_AT_MOST = 200  # quotes up to this length are aligned with difflib, longer ones with rapidfuzz
SEARCH_BUDGET = 50_000_000  # characters compared per document while looking for closest passages
FEW_PAIRS = 64  # fewer character pairs than this are looked up one by one (str.find), more in one pass
CHECKPOINT = 4096  # characters of text between two checkpoints from compact offsets back to lines
SOURCE_TAGS = ("provenance", "source")
_NON_SPACE = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")  # the same characters as str.split() splits on (str.isspace)


class DocumentError(Exception):
    """The source document cannot be read or decoded; ``problem`` says where."""

    def __init__(self, problem: Problem, unread: bool = False, missing: bool = False) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.unread = unread  # it could not be read at all: the problem is not at a place in it
        self.missing = missing  # it does not exist


class Document(Record):
    """A document's text, and the same text without whitespace, with a way back."""

    __slots__ = ("name", "text", "compact", "_checkpoints", "_pairs", "spent")
    __hash__ = None  # type: ignore[assignment]  # mutable: it remembers its lookups

    def __init__(self, name: str, text: str, compact: str) -> None:
        self.name = name
        self.text = text
        self.compact = compact
        self._checkpoints: tuple[list[int], list[int], list[int]] | None = None  # built when first needed
        self._pairs: dict[str, list[int]] = {}  # where a character pair occurs in `compact` ([] when too often)
        self.spent = 0  # characters compared so far looking for closest passages (see SEARCH_BUDGET)

    def __repr__(self) -> str:
        return f"Document(name={self.name!r}, {len(self.text)} characters)"

    @classmethod
    def from_text(cls, text: str, name: str = "<document>") -> Document:
        # By blocks: re.sub keeps a piece per match until it joins them (400 MB for 20 MB of short words).
        block = 1 << 20
        return cls(name, text, "".join(_SPACE.sub("", text[at : at + block]) for at in range(0, len(text), block)))

    def _table(self) -> tuple[list[int], list[int], list[int]]:
        """Every CHECKPOINT characters of text: its offset, its offset in `compact`, its line."""
        if self._checkpoints is None:
            text_at, compact_at, line_at = [0], [0], [1]
            for start in range(0, len(self.text), CHECKPOINT):
                block = self.text[start : start + CHECKPOINT]
                text_at.append(start + len(block))
                compact_at.append(compact_at[-1] + len(block) - sum(map(len, _SPACE.findall(block))))
                line_at.append(line_at[-1] + block.count("\n"))
            self._checkpoints = text_at, compact_at, line_at
        return self._checkpoints

    def text_offset(self, compact_index: int) -> int:
        """Where a character of `compact` is in `text`."""
        text_at, compact_at, _ = self._table()
        checkpoint = max(0, bisect.bisect_right(compact_at, compact_index) - 1)
        position, remaining = text_at[checkpoint], compact_index - compact_at[checkpoint]
        for match in _NON_SPACE.finditer(self.text, position, min(len(self.text), position + CHECKPOINT)):
            if match.end() - match.start() > remaining:
                return match.start() + remaining
            remaining -= match.end() - match.start()
        return len(self.text)

    def line_of(self, compact_index: int) -> int:
        offset = self.text_offset(compact_index)
        text_at, _, line_at = self._table()
        checkpoint = bisect.bisect_right(text_at, offset) - 1
        return line_at[checkpoint] + self.text.count("\n", text_at[checkpoint], offset)

    def index_pairs(self, quotes: Iterable[str]) -> None:
        """Find where the character pairs of these quotes occur, in one pass over the document.

        Looking each pair up on its own scans the whole document for each rare
        pair: 2,000 missing quotes in 300,000 characters took two minutes.
        """
        wanted: dict[str, list[int]] = {}
        for quote in quotes:
            target = compact(quote)
            if 4 <= len(target) <= MAX_SEARCHED_QUOTE:
                for index in range(len(target) - 1):
                    pair = target[index : index + 2]
                    if pair not in self._pairs:
                        wanted[pair] = []
        if len(wanted) <= FEW_PAIRS:  # str.find on each is faster than a pass of the loop below
            for pair in wanted:
                self.pair_offsets(pair)
            return
        text = self.compact
        self.spent += len(text)
        common: set[str] = set()
        for index in range(len(text) - 1):
            found = wanted.get(text[index : index + 2])
            if found is not None:
                found.append(index)
                if len(found) == MAX_OCCURRENCES:
                    pair = text[index : index + 2]
                    del wanted[pair]  # too common to tell places apart; and no list of millions
                    common.add(pair)
        self._pairs.update(wanted)
        self._pairs.update({pair: [] for pair in common})

    def pair_offsets(self, pair: str) -> list[int]:
        """Where ``pair`` occurs in `compact`: [] when nowhere or too often to tell places apart."""
        found = self._pairs.get(pair)
        if found is None:
            found = self._pairs[pair] = _find_all(self.compact, pair, MAX_OCCURRENCES)
            self.spent += len(found)
        return found

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
    """The passage of the document most like the quote, or None when nothing is alike.

    A quote longer than MAX_SEARCHED_QUOTE is not searched (None); see :func:`why_not_searched`.
    """
    target = compact(quote)
    text = document.compact
    if not target or not text or len(target) > MAX_SEARCHED_QUOTE:
        return None
    best: tuple[int, int] | None = None  # (matched characters, -start of the window)
    span = (0, 0)
    slack = max(4, len(target) // 3)
    for start in _candidates(document, target):
        low, high = max(0, start - slack), min(len(text), start + len(target) + slack)
        # difflib compares up to every pair of characters; rapidfuzz works through them 64 at a time
        document.spent += len(target) * (high - low) if len(target) <= DIFFLIB_AT_MOST else len(target) + high - low
        blocks = _matching_blocks(target, text[low:high])
        matched = sum(size for _, _, size in blocks)
        if best is None or (matched, -low) > best:
            best = (matched, -low)
            span = _span(blocks, len(target), low, high)
    if best is None or best[0] / len(target) < MIN_SIMILARITY:
        return None
    begin, end = span
    passage = text[begin:end]
    similarity = sum(size for _, _, size in _matching_blocks(target, passage)) / len(target)
    return Passage(passage, document.line_of(begin), round(similarity, 3), tuple(differences(target, passage)))


def _matching_blocks(quote: str, passage: str) -> list[tuple[int, int, int]]:
    """(start in quote, start in passage, length) of the characters the two share, in order.

    difflib up to DIFFLIB_AT_MOST characters (its alignments read best); beyond, rapidfuzz's
    edit distance in C, since difflib is quadratic (a 2,000-character quote of a repetitive
    text took 14 s).
    """
    if len(quote) <= DIFFLIB_AT_MOST:
        return [tuple(block) for block in SequenceMatcher(None, quote, passage, autojunk=False).get_matching_blocks()]
    from rapidfuzz.distance import Indel  # a longest common subsequence: unmatched ends are skipped, as difflib does

    blocks = Indel.opcodes(quote, passage).as_matching_blocks()
    # Single characters that a common subsequence picks up here and there are not an alignment.
    return [(block.a, block.b, block.size) for block in blocks if block.size > 1]


def _opcodes(quote: str, passage: str) -> list[tuple[str, int, int, int, int]]:
    """What turns the quote into the passage: (tag, quote start, end, passage start, end), as difflib says it."""
    if len(quote) <= DIFFLIB_AT_MOST:
        return SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes()
    from rapidfuzz.distance import Levenshtein  # substitutions as replacements, as difflib says them

    return [tuple(opcode) for opcode in Levenshtein.opcodes(quote, passage)]


def why_not_searched(document: Document, quote: str) -> str | None:
    """Why no closest passage is looked for, when it is not: the quote is too long, or the budget is spent."""
    length = len(compact(quote))
    if length > MAX_SEARCHED_QUOTE:
        return f"no closest passage looked for: the quote has {length:,} characters, over {MAX_SEARCHED_QUOTE:,}"
    if document.spent > SEARCH_BUDGET:
        return (
            f"no closest passage looked for: {SEARCH_BUDGET:,} characters of {document.name} were compared "
            "for the quotes before it"
        )
    return None


def _candidates(document: Document, target: str) -> list[int]:
    """Where the quote could start, best first: each shared character pair votes."""
    size = 2 if len(target) >= 4 else 1
    offsets: dict[str, list[int]] = {}
    for index in range(len(target) - size + 1):
        offsets.setdefault(target[index : index + size], []).append(index)
    votes: Counter[int] = Counter()
    for gram, where in offsets.items():
        positions = document.pair_offsets(gram)
        if len(positions) * len(where) > MAX_VOTES_PER_PAIR:
            continue  # a pair everywhere in both (a repetitive text) tells no place from another
        document.spent += len(positions) * len(where)
        for index in where:
            votes.update(map(index.__rsub__, positions))  # position - index, counted in C
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


def _span(blocks: list[tuple[int, int, int]], length: int, low: int, high: int) -> tuple[int, int]:
    """The document span aligned with the whole quote, unmatched ends included."""
    shared = [block for block in blocks if block[2]]
    if not shared:
        return low, min(high, low + length)
    (first_a, first_b, _), (last_a, last_b, last_size) = shared[0], shared[-1]
    begin = max(low, low + first_b - first_a)
    end = min(high, low + last_b + last_size + (length - last_a - last_size))
    return begin, end


def differences(quote: str, passage: str) -> Iterable[str]:
    """The characters that differ, said the way a proofreader would."""
    for tag, a1, a2, b1, b2 in _opcodes(quote, passage):
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
    checked = 0
    failing: list[tuple[Fact, list[int]]] = []
    for fact in book.facts.values():
        if not fact.quotes:
            continue
        checked += 1
        missing = [index for index, quote in enumerate(fact.quotes) if not document.contains(quote)]
        if missing:
            failing.append((fact, missing))
    # One pass over the document finds the character pairs of every missing quote at once.
    document.index_pairs(fact.quotes[index] for fact, missing in failing for index in missing)
    results = []
    for fact, missing in failing:
        message = "; ".join(_missing(document, fact.quotes[index]) for index in missing)
        results.append(_result(book, fact, message, fact.quote_position(missing[0])))
    return results, checked


def _missing(document: Document, quote: str) -> str:
    message = f"the quote {quote!r} is not in {document.name}"
    reason = why_not_searched(document, quote)
    if reason is not None:
        return f"{message} ({reason})"
    passage = closest_passage(document, quote)
    if passage is None:
        return message + " (no similar passage)"
    changes = ", ".join(passage.differences)
    return f"{message}; closest passage ({document.name}:{passage.line}): {passage.text!r}; differs: {changes}"


def _result(book: Factbook, fact: Fact, message: str, position: tuple[int, int]) -> Result:
    return Result(
        rule=f"source:{fact.id}",
        status=Status.FAIL,
        severity=Severity.ERROR,
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
