"""Words of a text, per script: English words by stem, Chinese by character bigrams, numbers whole.

Every field of a fact and every query goes through ``tokens``, so that both sides
meet on the same units:

- English splits on word boundaries and is stemmed lightly, so that ``relocated``
  and ``relocation`` meet while ``tea`` and ``teams`` do not;
- Chinese has no spaces, and a dictionary segmenter costs more to load than a
  whole lookup, so a run of Chinese characters is indexed by its characters and
  its overlapping character pairs (``总人口`` gives 总, 人, 口, 总人, 人口): a query
  such as ``金沙县总人口`` then shares 总人 and 人口 with the label ``总人口``;
- a number (``35526``, ``95.7``) is one token.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

Span = tuple[int, int]  # [start, end) character offsets into a text

# One pattern for every token kind (each compiled pattern costs start-up time); texts are folded first.
_TOKEN = re.compile(r"(?P<latin>[a-z]+)|(?P<number>\d+(?:\.\d+)?)|(?P<cjk>[\u3400-\u9fff\uf900-\ufaff]+)")

_NON = ("non-", "non ")  # before a word: non-poor is one word, not "poor"
# Tried in order; the first that leaves a stem of three letters or more wins. No -er:
# a worker is not work, nor water wat.
_SUFFIXES = ("ions", "ion", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s", "e")

# Words of a question or a label that say nothing about which fact is meant.
STOP_WORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "how many much what which who whom whose when where why was were is are be been being did do does done "
        "the a an of in on at to for by from with there their its it this that these those and or any all "
        "number amount count get got gets found find finds have has had can could will would please tell me us "
        "show give s per each into out over up as than about so far i we you they list name"
    ).split()
)

# A word that starts with one of these may be the opposite of the word without it.
NEGATING_PREFIXES = ("un", "non", "in", "im", "dis", "ir", "il")
NEGATING_CHARACTERS = frozenset("非不未无没")


def normalise(text: str) -> str:
    """Full-width letters and digits folded (NFKC), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


@functools.lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light English stemmer: relocated, relocation and relocate all give relocat."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def is_cjk_character(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def is_cjk(text: str) -> bool:
    """Is the whole text Chinese characters?"""
    return bool(text) and all(is_cjk_character(ch) for ch in text)


def has_cjk(text: str) -> bool:
    return any(is_cjk_character(ch) for ch in text)


def cjk_runs(text: str) -> list[str]:
    """The runs of Chinese characters of a (folded) text."""
    return [match.group() for match in _TOKEN.finditer(text) if match.lastgroup == "cjk"]


def tokens(text: str) -> Iterator[tuple[str, Span]]:
    """(token, span) for every English stem, number, Chinese character and character pair."""
    for match in _TOKEN.finditer(text):
        start = match.start()
        if match.lastgroup == "latin":
            if start >= 4 and text[start - 4 : start] in _NON:
                yield "non" + stem(match.group()), match.span()
            elif match.group().lower() not in STOP_WORDS:
                yield stem(match.group()), match.span()
        elif match.lastgroup == "number":
            yield match.group(), match.span()
        else:
            run = match.group()
            for offset, ch in enumerate(run):
                yield ch, (start + offset, start + offset + 1)
            for offset in range(len(run) - 1):
                yield run[offset : offset + 2], (start + offset, start + offset + 2)


def english_stems(text: str) -> Counter[str]:
    """How often each English stem occurs in a (folded) text, stop words left out (see ``tokens``)."""
    return Counter(token for token, _ in tokens(text) if token.isascii() and token.isalpha())


def cjk_tokens(word: str) -> list[str]:
    """The tokens a Chinese word is scored by: its pairs, or the character itself when it has one."""
    if len(word) == 1:
        return [word]
    return [word[offset : offset + 2] for offset in range(len(word) - 1)]


def english_words(text: str) -> Iterator[tuple[str, Span]]:
    """(lower-case word, span) of the Latin words of a text."""
    for match in _TOKEN.finditer(text.lower()):
        if match.lastgroup == "latin":
            yield match.group(), match.span()


def negates(word: str, other: str) -> bool:
    """Is one word the other with a negating prefix (unemployment, employment)?"""
    short, long = sorted((word, other), key=len)
    return any(long == prefix + short or stem(long) == prefix + stem(short) for prefix in NEGATING_PREFIXES)


def negated_at(text: str, start: int) -> bool:
    """Does a negating character (非, 不, 未...) stand right before ``start``?"""
    return start > 0 and text[start - 1] in NEGATING_CHARACTERS


def find_all(needle: str, text: str) -> list[Span]:
    """Every non-overlapping occurrence of ``needle`` in ``text`` (both already folded)."""
    spans, start = [], text.find(needle) if needle else -1
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + len(needle))
    return spans


def merge_spans(spans: list[Span] | set[Span] | tuple[Span, ...]) -> tuple[Span, ...]:
    """Sorted, with overlapping or touching spans joined."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)
