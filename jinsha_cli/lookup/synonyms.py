"""The synonym vocabulary of ``find`` (synonyms.tsv beside this module).

Each group gathers words, Chinese and English, that government and statistical
writing uses for one thing (就业, jobs, employed), and the units a figure about
it is counted in (资金 -> 元). A query word in a group also looks for the
group's other words, at a lower weight than its own; a Chinese run of the query
is cut at the vocabulary's words (退还了多少钱 -> 退还 · 了多少 · 钱), so that the
vocabulary also serves as a small segmenter.

The file is plain tab-separated text, read without YAML, so that a lookup that
skips the YAML parse (a cached fact file) does not pay for it here either.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .words import is_cjk, normalise, stem

VOCABULARY_FILE = Path(__file__).with_name("synonyms.tsv")


class VocabularyError(ValueError):
    """synonyms.tsv is malformed (a located message)."""


class Group:
    """Words that mean the same, and the units a figure about them is counted in."""

    __slots__ = ("line", "name", "units", "words")

    def __init__(self, name: str, units: tuple[str, ...], words: tuple[str, ...], line: int) -> None:
        self.name = name
        self.units = units
        self.words = words  # as written in the file
        self.line = line

    def __repr__(self) -> str:
        return f"Group({self.name!r})"

    @property
    def chinese(self) -> tuple[str, ...]:
        return tuple(word for word in self.words if is_cjk(word))

    @property
    def english(self) -> tuple[str, ...]:
        return tuple(word for word in self.words if not is_cjk(word))


class Vocabulary:
    """The groups, and how to find the group of a word."""

    def __init__(self, groups: list[Group]) -> None:
        self.groups = {group.name: group for group in groups}
        self.by_chinese: dict[str, Group] = {}
        self._by_stem: dict[str, Group] | None = None  # stemmed on first use: a Chinese query needs none
        for group in groups:
            for word in group.words:
                if is_cjk(word):
                    self.by_chinese.setdefault(word, group)
        self.longest = max((len(word) for word in self.by_chinese), default=1)

    @property
    def by_stem(self) -> dict[str, Group]:
        if self._by_stem is None:
            self._by_stem = {}
            for group in self.groups.values():
                for word in group.words:
                    if not is_cjk(word):
                        self._by_stem.setdefault(stem(word), group)
        return self._by_stem

    def group_of(self, word: str) -> Group | None:
        """The group of a Chinese word, or of an English word by its stem."""
        word = normalise(word)
        return self.by_chinese.get(word) if is_cjk(word) else self.by_stem.get(stem(word))

    def segment(self, run: str) -> list[tuple[str, Group | None]]:
        """A Chinese run cut into vocabulary words (longest first, two characters or more) and the rest.

        A single character is a word of its own only when it is the whole run (钱),
        so that 乡 does not cut 乡村 apart.
        """
        if run in self.by_chinese:
            return [(run, self.by_chinese[run])]
        pieces: list[tuple[str, Group | None]] = []
        rest, at = "", 0
        while at < len(run):
            for size in range(min(self.longest, len(run) - at), 1, -1):
                word = run[at : at + size]
                if word in self.by_chinese:
                    if rest:
                        pieces.append((rest, self.by_chinese.get(rest)))
                        rest = ""
                    pieces.append((word, self.by_chinese[word]))
                    at += size
                    break
            else:
                rest += run[at]
                at += 1
        if rest:
            pieces.append((rest, self.by_chinese.get(rest)))
        return pieces


def parse(text: str, source: str = str(VOCABULARY_FILE)) -> list[Group]:
    """The groups of a vocabulary file; a malformed line raises VocabularyError with its line number."""
    groups: list[Group] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) != 3:
            raise VocabularyError(f"{source}:{number}: expected 3 tab-separated columns, found {len(columns)}")
        name, units, words = (column.strip() for column in columns)
        listed = tuple(word.strip() for word in words.split(","))
        if not name or not all(listed):
            raise VocabularyError(f"{source}:{number}: a group needs a name and words, none empty")
        groups.append(Group(name, () if units == "-" else tuple(units.split()), listed, number))
    return groups


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary(parse(VOCABULARY_FILE.read_text(encoding="utf-8")))
