"""Pinyin: which runs of Chinese characters a Latin word spells.

Full syllables with or without tone numbers or marks, initials, or a mix all
spell: ``jiuyelv``, ``jiu4ye4lv4``, ``jyl`` and ``Jiù yè lǜ`` all find 就业率. The
pinyin table (some 40,000 characters) is loaded only when a query needs it.

Matching walks the characters once from each start, keeping the set of query
positions reached so far; nothing recurses, so a long query or a long quote
costs time in proportion to their lengths, never the stack.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from .words import Span, has_cjk, is_cjk_character

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_PINYIN_CHARACTERS = _LETTERS | frozenset("12345")
_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}

Reading = tuple[tuple[str, str], ...]  # each character's possible (syllable, tone) pairs


def latin_pinyin(query: str) -> str | None:
    """The query as pinyin letters and tone numbers, or None if it is not Latin.

    Tone marks are dropped (ǜ becomes v), as are spaces and apostrophes:
    ``Jiù yè lǜ`` gives ``jiuyelv``; ``jiu4 ye4 lv4`` gives ``jiu4ye4lv4``.
    """
    decomposed = unicodedata.normalize("NFD", query.lower()).replace("u\u0308", "v").replace("u:", "v")
    letters = "".join(ch for ch in decomposed if ch not in _TONE_MARKS and ch not in " '’-")
    spelled = bool(letters) and set(letters) <= _PINYIN_CHARACTERS and not _LETTERS.isdisjoint(letters)
    return letters if spelled else None


def pinyin_spans(query: str, text: str) -> list[Span]:
    """Runs of characters of ``text`` that the pinyin ``query`` spells, left to right."""
    if not query or not has_cjk(text):
        return []
    readings = _readings(text)
    spans: list[Span] = []
    start = 0
    while start < len(readings):
        end = _spell_from(query, readings, start)
        if end is not None:
            spans.append((start, end))
            start = end
        else:
            start += 1
    return spans


def homophone_spellings(word: str, most: int = 8) -> list[tuple[str, ...]]:
    """The toneless pinyin spellings of a run of Chinese characters, syllable by syllable
    (at most ``most``; none when a character is not Chinese).

    A Chinese typo is most often a homophone the input method offered (秋查 for 秋茶):
    spelling the word out finds the characters that sound like it.
    """
    spellings: list[tuple[str, ...]] = [()]
    for ch in word:
        syllables = list(dict.fromkeys(syllable for syllable, _ in _character_readings(ch)))
        if not is_cjk_character(ch) or not syllables:
            return []
        spellings = [(*done, syllable) for done in spellings for syllable in syllables][:most]
    return spellings


def sound_pairs(texts: Iterable[str]) -> set[tuple[str, str]]:
    """Every pair of toneless syllables two neighbouring Chinese characters of the texts can read as."""
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        previous: tuple[str, ...] = ()
        for ch in text:
            current = tuple({s for s, _ in _character_readings(ch)}) if is_cjk_character(ch) else ()
            pairs.update((a, b) for a in previous for b in current)
            previous = current
    return pairs


def _spell_from(query: str, readings: list[Reading], start: int) -> int | None:
    """The end of the shortest run from ``start`` that the whole query spells, if any."""
    reached = {0}  # query positions the characters so far can have consumed
    for char in range(start, len(readings)):
        following: set[int] = set()
        for position in reached:
            following.update(position + consumed for consumed in _pieces(query, position, readings[char]))
        if len(query) in following:
            return char + 1
        if not following:
            return None
        reached = following
    return None


def _pieces(query: str, position: int, reading: Reading) -> set[int]:
    """How many query letters one character can account for (none: it cannot)."""
    rest = query[position:]
    lengths: set[int] = set()
    for syllable, tone in reading:
        for spelling in _spellings(syllable):
            if rest.startswith(spelling):
                after = rest[len(spelling) : len(spelling) + 1]
                if after.isdigit() and tone:
                    if after == tone:
                        lengths.add(len(spelling) + 1)
                else:
                    lengths.add(len(spelling))
            elif spelling.startswith(rest) and rest.isalpha():
                lengths.add(len(rest))  # the query ends partway through the last syllable
        for initial in _initials(syllable):
            if rest.startswith(initial):
                lengths.add(len(initial))
    lengths.discard(0)
    return lengths


def _spellings(syllable: str) -> tuple[str, ...]:
    # pypinyin writes ü as v (lv, nv); people also type u for it.
    return (syllable, syllable.replace("v", "u")) if "v" in syllable else (syllable,)


def _initials(syllable: str) -> tuple[str, ...]:
    if syllable[:2] in ("zh", "ch", "sh"):
        return (syllable[:2], syllable[0])
    return (syllable[:1],) if syllable else ()


def _readings(text: str) -> list[Reading]:
    """Each character's readings: every pinyin syllable of a Chinese character, itself for letters and digits."""
    readings: list[Reading] = []
    for ch in text:
        if is_cjk_character(ch):
            readings.append(_character_readings(ch))
        elif ch.isascii() and ch.isalnum():
            readings.append(((ch.lower(), ""),))
        else:
            readings.append(())
    return readings


@functools.lru_cache(maxsize=8192)
def _character_readings(ch: str) -> Reading:
    entry = _pinyin_table().get(ord(ch), "")
    return tuple(dict.fromkeys(_syllable(marked) for marked in entry.split(",") if marked))


@functools.lru_cache(maxsize=1)
def _pinyin_table() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


def _syllable(marked: str) -> tuple[str, str]:
    """'lǜ' -> ('lv', '4'); an unmarked syllable has the neutral tone, 5."""
    decomposed = unicodedata.normalize("NFD", marked).replace("u\u0308", "v")
    tone = next((digit for mark, digit in _TONE_MARKS.items() if mark in decomposed), "5")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)), tone
