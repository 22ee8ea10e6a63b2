"""The search index of one or more fact books, built from the query's side.

A lookup runs once per process, so an index of every token of every fact would
be built for one query and thrown away (tokenising the bundled file costs more
than the rest of ``find``). Instead each field keeps its folded text, and the
postings of a token (which fields hold it, how often) are computed when a query
first asks for it: a Chinese character pair by substring counting, an English
stem by stemming only the fields whose text contains it, a number by the
numbers of the fields that contain its digits. Field lengths for BM25 are
measured in characters.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence

from ..core.model import Fact, Factbook
from ..core.numbers import Figure
from .words import STOP_WORDS, english_stems, english_words, normalise, stem

# How much a token found in each field counts: the label names the fact, the value
# is the figure itself, the quote states it, tags only group it.
FIELD_WEIGHTS: dict[str, float] = {
    "id": 1.0,
    "zh": 3.0,
    "en": 3.0,
    "value": 3.0,
    "quote": 1.5,
    "tag": 1.0,
    "unit": 0.5,
}
NOTE_WEIGHT = 0.5  # a word inside a bracketed note: (第2部分), ("one village, one plan")
BACKGROUND_WEIGHT = 0.3  # how much a word of the file's title counts against other words

_NUMBERS = re.compile(r"\d+(?:\.\d+)?")
_NOTE = re.compile(r"[(（][^()（）]*[)）]")


class Field:
    """One field of a fact: its text, folded for matching (same length), and its weight."""

    __slots__ = ("_stems", "core", "document", "folded", "index", "length", "name", "text", "weight")

    def __init__(self, document: Document, name: str, index: int, text: str) -> None:
        self.document = document
        self.name = name
        self.index = index
        self.text = text
        folded = normalise(text)
        self.folded = folded if len(folded) == len(text) else text.lower()
        self.weight = FIELD_WEIGHTS[name]
        # A note in brackets (第2部分, the Party centenary) tells facts apart; it does not
        # make a label longer, that is, less about the words it shares with the query.
        self.core = _NOTE.sub("", self.folded) if "(" in self.folded or "（" in self.folded else self.folded
        self.length = len(self.core)
        self._stems: Counter[str] | None = None

    def count(self, token: str) -> float:
        """How often a token (a character, a character pair, a stem or a number) occurs;
        inside a bracketed note, an occurrence counts half."""
        probe = token[:-1] if token.endswith("y") else token  # cities -> city
        if probe not in self.folded:  # every kind of token is a substring of a field that holds it
            return 0
        if self.core is self.folded:
            return _occurrences(token, self.folded, self)
        in_core = _occurrences(token, self.core, None)
        return in_core + (_occurrences(token, self.folded, None) - in_core) * NOTE_WEIGHT


_PREPOSITIONS = frozenset(("of", "per", "in", "for", "with", "by", "on", "at", "from", "to", "under", "over", "among"))
_COUNT_SUFFIXES = ("人数", "户数", "个数", "总数", "数量", "数", "人次", "金额", "面积", "长度")


def english_heads(label: str) -> set[str]:
    """The stems of an English noun phrase's heads: the last word before the first preposition,
    and of each phrase joined to it by and/or; a head without modifiers also as "=stem"."""
    words = [word for word, _ in english_words(label)]
    for at, word in enumerate(words):
        if word in _PREPOSITIONS:
            words = words[:at]
            break
    heads: set[str] = set()
    chunk: list[str] = []
    for word in [*words, "and"]:
        if word in ("and", "or"):
            if chunk:
                heads.add(stem(chunk[-1]))
                if len(chunk) == 1 or (len(chunk) == 2 and chunk[0] in ("the", "a", "an")):
                    heads.add("=" + stem(chunk[-1]))  # unmodified: the label is the thing itself
            chunk = []
        else:
            chunk.append(word)
    return heads


def chinese_head(label: str) -> str:
    """A Chinese label without its counting suffix: 搬迁入住户数 -> 搬迁入住 (its head is at its end)."""
    for suffix in _COUNT_SUFFIXES:
        if label.endswith(suffix) and len(label) > len(suffix):
            return label[: -len(suffix)]
    return label


def _occurrences(token: str, text: str, cache: Field | None) -> int:
    if token.isascii() and token.isalpha():
        if cache is None:
            return english_stems(text).get(token, 0)
        if cache._stems is None:
            cache._stems = english_stems(text)
        return cache._stems.get(token, 0)
    if token[0].isdigit():
        return sum(1 for number in _NUMBERS.findall(text) if number == token)
    return text.count(token)


class Document:
    """One fact of one book, as the index sees it."""

    __slots__ = ("_heads", "book", "fact", "fields", "order")

    def __init__(self, book: Factbook, fact: Fact, order: int) -> None:
        self.book = book
        self.fact = fact
        self.order = order
        self.fields = list(self._fields(fact))
        self._heads: tuple[set[str], list[str]] | None = None

    def heads(self) -> tuple[set[str], list[str]]:
        """What the labels are about: the stems of the English label's head nouns (households in
        "relocated households", villages in "villages and communities in the county"), and the
        Chinese label without its counting suffix (贫困村 of 贫困村数), whose end is its head."""
        if self._heads is None:
            english: set[str] = set()
            chinese: list[str] = []
            for field in self.fields:
                if field.name == "en":
                    english.update(english_heads(field.core))
                elif field.name == "zh":
                    chinese.append(chinese_head(field.core))
            self._heads = (english, chinese)
        return self._heads

    def _fields(self, fact: Fact) -> Iterator[Field]:
        yield Field(self, "id", 0, fact.id.replace(".", " ").replace("_", " "))
        if fact.zh:
            yield Field(self, "zh", 0, fact.zh)
        if fact.en:
            yield Field(self, "en", 0, fact.en)
        if fact.written:
            yield Field(self, "value", 0, fact.written)
        for index, quote in enumerate(fact.quotes):
            yield Field(self, "quote", index, quote)
        for index, tag in enumerate(fact.tags):
            yield Field(self, "tag", index, tag)
        if fact.unit:
            yield Field(self, "unit", 0, fact.unit)

    def unit(self) -> str:
        """The fact's unit, with % for a percentage (which the files write in the value)."""
        if isinstance(self.fact.value, Figure) and self.fact.value.percent:
            return "%"
        return self.fact.unit


class Index:
    """Documents of every book given; postings and document frequencies on demand."""

    def __init__(self, books: Sequence[Factbook]) -> None:
        self.books = list(books)
        self.documents: list[Document] = []
        for book in self.books:
            for fact in book.facts.values():
                self.documents.append(Document(book, fact, len(self.documents)))
        self.fields = [field for document in self.documents for field in document.fields]
        totals: dict[str, list[int]] = {}
        for field in self.fields:
            entry = totals.setdefault(field.name, [0, 0])
            entry[0] += field.length
            entry[1] += 1
        self.mean_length = {name: max(total / count, 1.0) for name, (total, count) in totals.items()}
        self.units = {document.fact.unit for document in self.documents if document.fact.unit}
        self._postings: dict[str, dict[int, list[tuple[Field, float]]]] = {}
        self._background: set[str] | None = None
        # Every field's folded text in one string, so that the fields holding a token are found
        # by the C loop of str.find rather than by asking each field in turn.
        self._joined = "\x00".join(field.folded for field in self.fields)
        self._starts: list[int] = []
        at = 0
        for field in self.fields:
            self._starts.append(at)
            at += len(field.folded) + 1

    def postings(self, token: str) -> dict[int, list[tuple[Field, float]]]:
        """Document order -> the fields holding the token, with counts."""
        found = self._postings.get(token)
        if found is None:
            found = {}
            if token and token not in STOP_WORDS:
                for field in self._fields_containing(token[:-1] if token.endswith("y") else token):
                    count = field.count(token)
                    if count:
                        found.setdefault(field.document.order, []).append((field, count))
            self._postings[token] = found
        return found

    def _fields_containing(self, text: str) -> list[Field]:
        """The fields whose folded text contains ``text``, in order."""
        fields: list[Field] = []
        if not text:  # an empty needle is found everywhere, and at the end for ever
            return fields
        at = self._joined.find(text)
        while at >= 0:
            field = bisect_right(self._starts, at) - 1
            fields.append(self.fields[field])
            at = self._joined.find(
                text, self._starts[field + 1] if field + 1 < len(self._starts) else len(self._joined)
            )
        return fields

    def has(self, token: str) -> bool:
        return bool(self.postings(token))

    def idf(self, token: str) -> float:
        """BM25's inverse document frequency: rare tokens count for more."""
        weight = BACKGROUND_WEIGHT if token in self.background() else 1.0
        return self.idf_of_count(len(self.postings(token))) * weight

    def idf_of_count(self, count: int) -> float:
        return math.log(1 + (len(self.documents) - count + 0.5) / (count + 0.5))

    def background(self) -> set[str]:
        """The words of the books' titles (金沙县, the county every fact is about): they describe all facts."""
        if self._background is None:
            from .words import tokens

            titles = (" ".join(str(b.source.get(key) or "") for key in ("title", "series")) for b in self.books)
            self._background = {token for title in titles for token, _ in tokens(normalise(title)) if len(token) > 1}
        return self._background

    def english_vocabulary(self) -> list[str]:
        """Every English word the facts use, lower case (what a typo may have meant)."""
        words: set[str] = set()
        for field in self.fields:
            if field.name in ("zh", "en", "quote", "tag"):
                words.update(word for word, _ in english_words(field.folded))
        return sorted(words)


def build(books: Sequence[Factbook]) -> Index:
    return Index(books)
