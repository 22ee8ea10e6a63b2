"""Reading a query: its content words, the unit it asks for, and whether it asks for a count or a list.

``read_query("how many people found jobs?")`` drops the question words, keeps
``people`` and ``jobs`` as concepts (each with the words of its synonym group as
alternatives), and notes that a count in 人 is asked for. In Chinese, the word
after 多少 or 几 names the unit (多少人 -> 人, 几户 -> 户, 多少钱 -> 元), and the
rest of the run is cut at the vocabulary's words. A number (35526) is kept whole.

Which concept matches what is the ranking's business (``ranking``); here a query
is only read.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .pinyin import latin_pinyin
from .synonyms import Group, Vocabulary, vocabulary
from .words import STOP_WORDS, cjk_tokens, english_words, is_cjk, normalise, stem

# Weight of a synonym against the query's own word.
SYNONYM_WEIGHT = 0.7

_ASKS_LIST = ("which", "list", "name")
_ASKS_COUNT = ("how many", "how much", "number of", "amount of")
# Chinese question words and particles, longest first. 多少 and 几 may be followed by a unit.
_ZH_COUNT = ("有多少", "是多少", "多少", "有几", "几")
_ZH_LIST = ("有哪些", "哪些", "哪几个", "哪个", "哪里", "什么")
_ZH_PARTICLES = ("是否", "一共", "总共", "共有", "吗", "呢", "了", "呀", "啊", "请问")
# Counting words that fact files rarely use as units, and the unit they count in.
CLASSIFIERS = {
    "名": "人",
    "位": "人",
    "口": "人",
    "家": "个",
    "所": "个",
    "座": "个",
    "处": "个",
    "条": "个",
    "批": "个",
}
# Not the full stop: 95.7 keeps its point (a trailing one is stripped from each word).
_PUNCTUATION = str.maketrans(dict.fromkeys("?？!！,，。、;；:：\"“”'‘’()（）《》[]【】", " "))
# A word of the query splits into Latin words (with tone marks or numbers), numbers and Chinese runs.
# A number keeps the multiplier written after it (197.7亿), as values are written.
_PIECE = re.compile(
    r"[a-z\u00c0-\u024f][a-z\u00c0-\u024f1-5]*|\d+(?:\.\d+)?(?:万亿|万|亿|千)?%?|[\u3400-\u9fff\uf900-\ufaff]+|%"
)


class Alternative:
    """One way a concept may be written in a fact: a word and the index tokens it is scored by."""

    __slots__ = ("tokens", "weight", "word")

    def __init__(self, word: str, tokens: tuple[str, ...], weight: float) -> None:
        self.word = word
        self.tokens = tokens
        self.weight = weight

    @property
    def chinese(self) -> bool:
        return is_cjk(self.word)

    def __repr__(self) -> str:
        return f"Alternative({self.word!r}, {self.weight})"


class Concept:
    """One thing the query names, as written, with the alternatives that may stand for it.

    kind: ``english`` (a Latin word, which may turn out to be pinyin or a typo),
    ``chinese``, or ``number``.
    """

    __slots__ = ("alternatives", "group", "kind", "text")

    def __init__(self, text: str, kind: str, alternatives: list[Alternative], group: Group | None = None) -> None:
        self.text = text
        self.kind = kind
        self.alternatives = alternatives
        self.group = group

    def __repr__(self) -> str:
        return f"Concept({self.text!r}, {self.kind}, {self.alternatives})"


class Reading:
    """A query as read: concepts, the units asked for, what kind of answer is wanted."""

    __slots__ = ("asks", "concepts", "implied_units", "is_question", "latin_only", "text", "units")

    def __init__(self, text: str) -> None:
        self.text = text
        self.concepts: list[Concept] = []
        self.units: set[str] = set()  # asked for: 多少人, how many households
        self.implied_units: set[str] = set()  # named by a word of the query: 资金 -> 元
        self.asks: str | None = None  # count | list
        self.is_question = False
        self.latin_only = False  # every word Latin: the query may be pinyin


def alternatives_for(word: str, group: Group | None, own_weight: float = 1.0) -> list[Alternative]:
    """The word itself, then the other words of its synonym group."""
    found = [_alternative(word, own_weight)]
    if group is not None:
        seen = {found[0].tokens}
        for other in group.words:
            alternative = _alternative(other, own_weight * SYNONYM_WEIGHT)
            if alternative.tokens not in seen:
                seen.add(alternative.tokens)
                found.append(alternative)
    return found


def _alternative(word: str, weight: float) -> Alternative:
    if is_cjk(word):
        return Alternative(word, tuple(cjk_tokens(word)), weight)
    return Alternative(word, tuple(stem(part) for part, _ in english_words(word)), weight)


def read_query(query: str, book_units: Collection[str] = (), vocab: Vocabulary | None = None) -> Reading:
    """Read a query (see the module docstring). ``book_units`` are the units the fact files use."""
    vocab = vocab or vocabulary()
    text = normalise(query).strip()
    reading = Reading(text)
    words = [word.strip(".") for word in text.translate(_PUNCTUATION).split() if word.strip(".")]
    if any(asker in text for asker in _ASKS_COUNT) or any(asker in text for asker in _ZH_COUNT):
        reading.asks, reading.is_question = "count", True
    elif any(word in _ASKS_LIST for word in words) or any(asker in text for asker in _ZH_LIST):
        reading.asks, reading.is_question = "list", True
    latin = [word for word in words if latin_pinyin(word) is not None and not word.isdigit()]
    reading.latin_only = bool(words) and len(latin) == len(words)
    english = [word for word in words if word.isascii() and word.isalpha()]
    _read_english_unit(english, reading, vocab)
    units_longest = sorted(book_units, key=len, reverse=True)
    for word in words:
        for piece in _PIECE.findall(word):
            if piece[0].isdigit() or piece == "%":
                if piece == "%":
                    reading.units.add("%")
                else:
                    digits = piece.rstrip("%万亿千")
                    reading.concepts.append(Concept(piece, "number", [Alternative(piece, (digits,), 1.0)]))
            elif is_cjk(piece):
                _read_chinese(piece, reading, vocab, units_longest)
            elif piece in STOP_WORDS:
                reading.is_question = True
            else:
                group = vocab.group_of(piece) if piece.isalpha() else None
                reading.concepts.append(Concept(piece, "english", alternatives_for(piece, group), group))
    for concept in reading.concepts:
        if concept.group is not None:
            reading.implied_units.update(concept.group.units)
    return reading


def _read_english_unit(words: list[str], reading: Reading, vocab: Vocabulary) -> None:
    """how many people -> 人; what share -> %: the units of the group of the word after the asker."""
    for at, word in enumerate(words[:-1]):
        following = words[at + 1]
        asks = (word == "how" and following in ("many", "much")) or (word == "what" and following not in STOP_WORDS)
        if not asks:
            continue
        start = at + 2 if word == "how" else at + 1
        for candidate in words[start : start + 3]:  # how many [work] units: the noun may come later
            group = vocab.group_of(candidate)
            if group is not None and group.units:
                reading.units.update(group.units)
                break
        return


def _read_chinese(run: str, reading: Reading, vocab: Vocabulary, units_longest: list[str]) -> None:
    for asker in (*_ZH_COUNT, *_ZH_LIST, *_ZH_PARTICLES):
        while asker in run:
            at = run.find(asker)
            after = run[at + len(asker) :]
            if asker in _ZH_COUNT:
                after = _take_unit(after, reading, vocab, units_longest)
            reading.is_question = True
            _read_chinese(run[:at], reading, vocab, units_longest)
            run = after
    if not run:
        return
    for word, group in vocab.segment(run):
        if group is not None and group.units and len(word) == 1:
            reading.implied_units.update(group.units)  # 钱, 率: a unit word, too short to search by
        reading.concepts.append(Concept(word, "chinese", alternatives_for(word, group), group))


def _take_unit(after: str, reading: Reading, vocab: Vocabulary, units_longest: list[str]) -> str:
    """The unit right after 多少 or 几 (多少人, 几户, 多少钱), taken off the run."""
    for unit in units_longest:
        if unit and after.startswith(unit):
            reading.units.add(unit)
            return after[len(unit) :]
    if after[:1] in CLASSIFIERS:  # 多少家 (enterprises), 几名 (people): a counting word, not a unit of the files
        reading.units.add(CLASSIFIERS[after[0]])
        return after[1:]
    for size in range(min(len(after), vocab.longest), 0, -1):
        group = vocab.by_chinese.get(after[:size])
        if group is not None and group.units:
            reading.units.update(group.units)
            return after[size:] if size == 1 else after
    return after
