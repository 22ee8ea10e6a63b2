"""Find facts by what people remember of them, and describe facts and rules as data.

``search(book, "就业率")`` looks through every fact's id, Chinese and English
labels, value as written, quotes, tags and unit, and ranks what it finds: an
exact id first, then label hits, then value and quote hits, then tags and
units. A query is read, in this order, as

1. text: Chinese substrings (``就业率``), English words, all of which must match
   somewhere in the fact, case-insensitive and lightly stemmed so that
   ``relocated`` and ``relocation`` meet, or any other literal fragment
   (``35526``, ``poor.rate``);
2. pinyin, when the query is Latin letters and the text search found nothing:
   full syllables with or without tone numbers or marks, initials, or a mix
   (``jiuyelv``, ``jiu4ye4lv4``, ``jyl``). The pinyin table is loaded only then;
3. words with small typos (``relocatd``), when nothing else matched;
4. a question, when even that found nothing: ``how many people found jobs?``,
   ``多少人就业``. Question words (how many, 多少...) are dropped, a few everyday
   words stand for the labels' own (jobs for employment, moved for relocated),
   a unit asked for (多少人, 几户) ranks facts in that unit first, and the facts
   that match the most of the remaining words are returned.

Everything here returns plain data with the character spans that matched, so a
renderer can highlight them; nothing here prints.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..core.interval import Interval
from ..core.model import Fact, Factbook, Rule
from ..core.numbers import Code, Figure

Span = tuple[int, int]  # [start, end) character offsets into a field's text

# How strongly a hit in each field counts: lower ranks first.
EXACT_ID, LABEL, VALUE, QUOTE, TAG = range(5)
FIELD_TIERS: dict[str, int] = {
    "id": LABEL,  # a partial id; the whole id is EXACT_ID
    "zh": LABEL,
    "en": LABEL,
    "value": VALUE,
    "quote": QUOTE,
    "tag": TAG,
    "unit": TAG,
}
TIER_NAMES = ("id", "label", "value", "quote", "tag/unit")

# How a query was read.
TEXT, PINYIN, TYPO, QUESTION = "text", "pinyin", "typo", "question"


@dataclass(frozen=True)
class FieldMatch:
    """Where a query matched one field of a fact."""

    field: str  # id | zh | en | value | quote | tag | unit
    text: str  # the field's whole text
    spans: tuple[Span, ...]
    index: int = 0  # which quote or tag

    @property
    def tier(self) -> int:
        return FIELD_TIERS[self.field]

    def matched_text(self) -> list[str]:
        return [self.text[start:end] for start, end in self.spans]


@dataclass(frozen=True)
class Hit:
    """One fact that matched, how strongly, and where."""

    fact: Fact
    tier: int  # EXACT_ID, LABEL, VALUE, QUOTE or TAG
    matches: tuple[FieldMatch, ...]

    @property
    def tier_name(self) -> str:
        return TIER_NAMES[self.tier]

    def spans(self, field: str, index: int = 0) -> tuple[Span, ...]:
        """The matched spans inside one field (empty when it did not match)."""
        for match in self.matches:
            if match.field == field and match.index == index:
                return match.spans
        return ()

    def quote_index(self) -> int:
        """The quote to show: the first one that matched, else the first."""
        indexes = [m.index for m in self.matches if m.field == "quote"]
        return min(indexes) if indexes else 0


@dataclass(frozen=True)
class Search:
    """The ranked hits of one query, and how the query was read."""

    query: str
    how: str  # text | pinyin | typo
    hits: tuple[Hit, ...]
    total: int  # hits before any limit


def search(book: Factbook, query: str, *, limit: int | None = None) -> Search:
    """Find the facts a query describes, best first (see the module docstring)."""
    text = unicodedata.normalize("NFKC", query).strip()
    terms = _terms(text)
    if not terms:
        return Search(query, TEXT, (), 0)
    facts = list(book.facts.values())
    how, hits = TEXT, _rank(_text_hit(fact, text, terms) for fact in facts)
    if not hits and not _reads_as_english_question(terms):
        pinyin_query = latin_pinyin(text)
        if pinyin_query is not None:
            how, hits = PINYIN, _rank(_pinyin_hit(fact, pinyin_query) for fact in facts)
    if not hits:
        how, hits = TYPO, _rank(_text_hit(fact, text, terms, typos=True) for fact in facts)
    if not hits:
        how, hits = QUESTION, _question_hits(facts, text)
    shown = hits if limit is None else hits[: max(limit, 0)]
    return Search(query, how, tuple(shown), len(hits))


def _rank(candidates: Iterable[Hit | None]) -> list[Hit]:
    hits = [hit for hit in candidates if hit is not None]
    order = {id(hit.fact): position for position, hit in enumerate(hits)}  # file order breaks ties
    return sorted(hits, key=lambda hit: (hit.tier, not _whole_field(hit), order[id(hit.fact)]))


def _whole_field(hit: Hit) -> bool:
    """Did the query cover a whole field at the hit's tier (an exact label)?"""
    return any(match.tier == hit.tier and match.spans == ((0, len(match.text)),) for match in hit.matches)


# Text search ---------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]+")
_ENGLISH_WORD = re.compile(r"[a-z]+")
# Tried in order; the first that leaves a stem of three letters or more wins.
_SUFFIXES = ("ions", "ion", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s", "e")


@functools.lru_cache(maxsize=4096)
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


def _terms(query: str) -> list[str]:
    return [term.lower() for term in query.split()]


def _fields(fact: Fact) -> Iterator[tuple[str, int, str]]:
    yield "id", 0, fact.id
    if fact.zh:
        yield "zh", 0, fact.zh
    if fact.en:
        yield "en", 0, fact.en
    if fact.written:
        yield "value", 0, fact.written
    for index, quote in enumerate(fact.quotes):
        yield "quote", index, quote
    for index, tag in enumerate(fact.tags):
        yield "tag", index, tag
    if fact.unit:
        yield "unit", 0, fact.unit


def _text_hit(fact: Fact, query: str, terms: Sequence[str], *, typos: bool = False) -> Hit | None:
    if query.lower() == fact.id.lower():
        return Hit(fact, EXACT_ID, (FieldMatch("id", fact.id, ((0, len(fact.id)),)),))
    found: dict[tuple[str, int], tuple[str, set[Span]]] = {}
    tier = EXACT_ID
    for term in terms:
        term_tier: int | None = None
        for field, index, text in _fields(fact):
            spans = _term_spans(term, field, text, typos=typos)
            if not spans:
                continue
            found.setdefault((field, index), (text, set()))[1].update(spans)
            field_tier = FIELD_TIERS[field]
            term_tier = field_tier if term_tier is None else min(term_tier, field_tier)
        if term_tier is None:
            return None  # every term must match somewhere
        tier = max(tier, term_tier)
    return Hit(fact, tier, _field_matches(found))


def _field_matches(found: dict[tuple[str, int], tuple[str, set[Span]]]) -> tuple[FieldMatch, ...]:
    order = {field: position for position, field in enumerate(FIELD_TIERS)}
    matches = [FieldMatch(field, text, merge_spans(spans), index) for (field, index), (text, spans) in found.items()]
    return tuple(sorted(matches, key=lambda m: (m.tier, order[m.field], m.index)))


def merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, with overlapping or touching spans joined."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _term_spans(term: str, field: str, text: str, *, typos: bool) -> list[Span]:
    if field == "value":
        # A value matches only whole: "5" should not find every figure with a 5 in it.
        return [(0, len(text))] if term == text.lower() else []
    if _ENGLISH_WORD.fullmatch(term):
        spans = _word_spans(term, text)
        if not spans and typos:
            spans = _typo_spans(term, text)
        return spans
    spans = _substring_spans(term, text)
    if not spans and typos and field == "id" and "." in term and _close(term, text.lower()):
        spans = [(0, len(text))]
    return spans


def _substring_spans(term: str, text: str) -> list[Span]:
    folded = text.lower()
    if len(folded) != len(text):  # a rare letter whose lower case changes length
        folded = text
    spans, start = [], folded.find(term)
    while start >= 0:
        spans.append((start, start + len(term)))
        start = folded.find(term, start + len(term))
    return spans


def _word_spans(term: str, text: str) -> list[Span]:
    """English words that start with the term or share its stem."""
    term_stem = stem(term)
    spans = []
    for word in _WORD.finditer(text):
        lowered = word.group().lower()
        if (len(term) >= 2 and lowered.startswith(term)) or lowered == term or stem(lowered) == term_stem:
            spans.append(word.span())
    return spans


def _typo_spans(term: str, text: str) -> list[Span]:
    if len(term) < 4:
        return []
    return [word.span() for word in _WORD.finditer(text) if _close(term, word.group().lower())]


def _close(term: str, word: str) -> bool:
    """Within a small number of edits, comparing the words or their stems."""
    allowed = 1 if len(term) < 8 else 2
    return any(
        edit_distance(a, b, allowed) <= allowed for a, b in ((term, word), (stem(term), stem(word)), (term, stem(word)))
    )


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal string alignment distance (a swap of neighbours counts once).

    With ``limit``, any distance above it may be reported as ``limit + 1``.
    """
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], before[j - 2] + 1)
        if limit is not None and min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


# Questions -----------------------------------------------------------------------

# Words of a question that say nothing about which fact it asks for.
_QUESTION_WORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "how many much what which who whom whose when where why was were is are be been being did do does done "
        "the a an of in on at to for by from with there their its it this that these those and or any all total "
        "number amount count get got gets found find finds have has had can could will would please tell me us "
        "show give"
    ).split()
)
# Everyday words, and the words fact labels use for the same things (matched by stem).
_EVERYDAY_WORDS: dict[str, tuple[str, ...]] = {
    "job": ("employ",),
    "jobs": ("employ",),
    "hired": ("employ",),
    "moved": ("relocat", "resettle"),
    "move": ("relocat", "resettle"),
    "resettled": ("relocat", "resettle"),
    "relocated": ("relocat", "resettle"),
    "families": ("household",),
    "family": ("household",),
    "homes": ("household", "house"),
    "money": ("fund", "invest", "capital"),
    "spent": ("fund", "invest", "capital"),
    "invested": ("fund", "invest", "capital"),
    "poverty": ("poor", "poverty"),
    "poor": ("poor", "poverty"),
}
# Chinese question words and particles, longest first; a unit may follow 多少 or 几.
_ZH_QUESTION = (
    *("有多少", "多少个", "多少", "几个", "几", "哪些", "哪个", "什么", "是否", "一共", "总共"),
    *("吗", "呢", "了"),
)
_ZH_ASKS_COUNT = ("多少个", "多少", "几个", "几")
_PUNCTUATION = re.compile(r"[?？!！,，.。、;；:：\"“”'‘’()（）]+")


# English words that are no pinyin syllable: a query of several words with one of them is
# English, and the pinyin table (over 100 ms to load) is not needed.
_ENGLISH_ONLY = frozenset(["how", "what", "which", "who", "where", "when", "why", "many", "much", "the", "is", "was"])


def _reads_as_english_question(terms: Sequence[str]) -> bool:
    return len(terms) > 1 and any(term.strip("?") in _ENGLISH_ONLY for term in terms)


def _question_hits(facts: Sequence[Fact], query: str) -> list[Hit]:
    """The facts that match the most content words of a question (see the module docstring)."""
    units = {fact.unit for fact in facts if fact.unit}
    words, unit = _question_terms(_PUNCTUATION.sub(" ", query), units)
    lowered = query.lower()
    asks_count = any(asker in lowered for asker in ("how many", "how much", "number of", *_ZH_ASKS_COUNT))
    scored: list[tuple[int, Hit]] = []
    for fact in facts:
        found: dict[tuple[str, int], tuple[str, set[Span]]] = {}
        matched, tier = 0, EXACT_ID
        for alternatives in words:
            term_tier: int | None = None
            for term in alternatives:
                for field, index, text in _fields(fact):
                    spans = _term_spans(term, field, text, typos=False)
                    if spans:
                        found.setdefault((field, index), (text, set()))[1].update(spans)
                        term_tier = FIELD_TIERS[field] if term_tier is None else min(term_tier, FIELD_TIERS[field])
            if term_tier is not None:
                matched += 1
                tier = max(tier, term_tier)
        in_unit = unit is not None and fact.unit == unit
        if in_unit:
            found.setdefault(("unit", 0), (fact.unit, set()))[1].add((0, len(fact.unit)))
        if matched or (in_unit and not words):
            scored.append((matched, Hit(fact, max(tier, LABEL), _field_matches(found))))
    if not scored:
        return []
    best = max(matched for matched, _ in scored)
    order = {id(fact): position for position, fact in enumerate(facts)}
    hits = [hit for matched, hit in scored if matched == best]
    return sorted(
        hits,
        key=lambda hit: (
            unit is not None and hit.fact.unit != unit,
            asks_count and hit.fact.items is not None,  # a count is answered by a figure, not a list
            hit.tier,
            -_label_cover(hit),
            order[id(hit.fact)],
        ),
    )


def _label_cover(hit: Hit) -> float:
    """How much of a label the question's words cover: "relocated households" answers
    "how many households were relocated" better than a longer label that also has both words."""
    covers = [
        sum(end - start for start, end in match.spans) / len(match.text)
        for match in hit.matches
        if match.field in ("zh", "en") and match.text
    ]
    return max(covers, default=0.0)


def _question_terms(query: str, units: set[str]) -> tuple[list[tuple[str, ...]], str | None]:
    """The content words of a question, each with the words that may stand for it,
    and the unit it asks a count in (多少人 -> 人), if any."""
    terms: list[tuple[str, ...]] = []
    unit: str | None = None
    for word in query.split():
        if _ENGLISH_WORD.fullmatch(word.lower()):
            lowered = word.lower()
            if lowered not in _QUESTION_WORDS:
                terms.append((lowered, *_EVERYDAY_WORDS.get(lowered, ())))
            continue
        for asks in _ZH_ASKS_COUNT:  # the unit right after 多少 or 几, the longest the book uses
            at = word.find(asks)
            if at >= 0 and unit is None:
                after = word[at + len(asks) :]
                unit = next((after[:size] for size in (3, 2, 1) if after[:size] in units), None)
                if unit is not None:
                    word = word[: at + len(asks)] + word[at + len(asks) + len(unit) :]
                break
        for particle in _ZH_QUESTION:
            word = word.replace(particle, " ")
        for piece in word.split():
            terms.append((piece.lower(),))
            if len(piece) > 2 and _CJK.match(piece):  # 人就业 need not be written whole: 就业 will do
                terms.extend((piece[i : i + 2],) for i in range(len(piece) - 1))
    return terms, unit


# Pinyin search -------------------------------------------------------------------

_PINYIN_QUERY = re.compile(r"[a-z1-5]*[a-z][a-z1-5]*")
_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PINYIN_FIELDS = ("zh", "quote", "unit")

Reading = tuple[tuple[str, str], ...]  # each character's possible (syllable, tone) pairs


def latin_pinyin(query: str) -> str | None:
    """The query as pinyin letters and tone numbers, or None if it is not Latin.

    Tone marks are dropped (ǜ becomes v), as are spaces and apostrophes:
    ``Jiù yè lǜ`` gives ``jiuyelv``; ``jiu4 ye4 lv4`` gives ``jiu4ye4lv4``.
    """
    decomposed = unicodedata.normalize("NFD", query.lower()).replace("u\u0308", "v").replace("u:", "v")
    letters = "".join(ch for ch in decomposed if ch not in _TONE_MARKS and ch not in " '’-")
    return letters if _PINYIN_QUERY.fullmatch(letters) else None


def _pinyin_hit(fact: Fact, query: str) -> Hit | None:
    found: dict[tuple[str, int], tuple[str, set[Span]]] = {}
    for field, index, text in _fields(fact):
        if field not in _PINYIN_FIELDS or not _CJK.search(text):
            continue
        spans = pinyin_spans(query, text)
        if spans:
            found[(field, index)] = (text, set(spans))
    if not found:
        return None
    matches = _field_matches(found)
    return Hit(fact, min(match.tier for match in matches), matches)


def pinyin_spans(query: str, text: str) -> list[Span]:
    """Runs of characters of ``text`` that the pinyin ``query`` spells."""
    readings = _readings(text)
    spans: list[Span] = []
    start = 0
    while start < len(readings):
        end = _spell(query, 0, readings, start, {})
        if end is not None and end > start:
            spans.append((start, end))
            start = end
        else:
            start += 1
    return spans


def _spell(
    query: str, position: int, readings: list[Reading], char: int, memo: dict[tuple[int, int], int | None]
) -> int | None:
    """Can query[position:] spell the characters from ``char`` on? Returns the end character."""
    if position == len(query):
        return char
    if char == len(readings):
        return None
    key = (position, char)
    if key in memo:
        return memo[key]
    memo[key] = None
    for consumed in sorted(_pieces(query, position, readings[char]), reverse=True):
        end = _spell(query, position + consumed, readings, char + 1, memo)
        if end is not None:
            memo[key] = end
            break
    return memo[key]


def _pieces(query: str, position: int, reading: Reading) -> set[int]:
    """How many query letters one character can account for."""
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
        if _CJK.match(ch):
            readings.append(_character_readings(ch))
        elif ch.isascii() and ch.isalnum():
            readings.append(((ch.lower(), ""),))
        else:
            readings.append(())
    return readings


@functools.lru_cache(maxsize=4096)
def _character_readings(ch: str) -> Reading:
    # Loaded only for pinyin queries: the table covers some 40,000 characters.
    from pypinyin.pinyin_dict import pinyin_dict

    entry = pinyin_dict.get(ord(ch), "")
    return tuple(dict.fromkeys(_syllable(marked) for marked in entry.split(",") if marked))


def _syllable(marked: str) -> tuple[str, str]:
    """'lǜ' -> ('lv', '4'); an unmarked syllable has the neutral tone, 5."""
    decomposed = unicodedata.normalize("NFD", marked).replace("u\u0308", "v")
    tone = next((digit for mark, digit in _TONE_MARKS.items() if mark in decomposed), "5")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)), tone


# Suggestions and completion -------------------------------------------------------


def closest(wanted: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The choices most like ``wanted``: near spellings first, then ones containing it."""
    options = list(choices)
    near = difflib.get_close_matches(wanted, options, n=n, cutoff=0.6)
    lowered = wanted.lower()
    containing = [option for option in options if lowered and lowered in option.lower() and option not in near]
    return (near + containing)[:n]


def suggest_fact_ids(book: Factbook, wanted: str, n: int = 3) -> list[str]:
    """Close fact ids, or failing that the best search hits for the words given (就业率 -> its facts)."""
    suggestions = closest(wanted, book.facts, n)
    if not suggestions:
        found = search(book, re.sub(r"[._-]+", " ", wanted), limit=n)
        if found.how != TYPO:  # a word found only by allowing typos is too loose a guess for an id
            suggestions = [hit.fact.id for hit in found.hits]
    return suggestions


def complete_ids(ids: dict[str, Any], incomplete: str) -> list[tuple[str, str]]:
    """(id, help) pairs for shell completion: ids that start with what was typed."""
    pairs = []
    for key, item in ids.items():
        if key.startswith(incomplete):
            label = getattr(item, "en", "") or getattr(item, "zh", "")
            pairs.append((key, label))
    return pairs


# Facts and rules as data -------------------------------------------------------------


def rules_using(book: Factbook, fact_id: str) -> list[Rule]:
    """The rules whose check names the fact, in file order."""
    return [rule for rule in book.rules.values() if fact_id in rule.fact_ids]


def facts_in(book: Factbook, *, section: str | None = None, tags: Sequence[str] = ()) -> list[Fact]:
    """Facts of one section (by id or printed number) carrying every tag given."""
    section_id = resolve_section(book, section) if section is not None else None
    return [
        fact
        for fact in book.facts.values()
        if (section_id is None or fact.section == section_id) and all(tag in fact.tags for tag in tags)
    ]


def resolve_section(book: Factbook, section: str) -> str | None:
    """A section id from its id or the number the document prints on it."""
    if section in book.sections:
        return section
    for candidate in book.sections.values():
        if candidate.number is not None and str(candidate.number) == section.strip():
            return candidate.id
    return None


def all_tags(book: Factbook) -> list[str]:
    return sorted({tag for fact in book.facts.values() for tag in fact.tags})


def interval_end(end: Fraction | str) -> int | float | str | None:
    """An interval end for JSON: null when infinite, a number when exactly one, else a string.

    Fact intervals come from written decimals, so their ends are whole numbers or
    terminating decimals; an end a float cannot hold exactly (more than ~15
    significant digits, or a fraction such as 1/3) is written as a string:
    the exact decimal when it terminates, ``p/q`` otherwise.
    """
    if isinstance(end, str):
        return None
    if end.denominator == 1:
        return end.numerator
    exact = _terminating_decimal(end)
    if exact is not None and Fraction(repr(float(end))) == end:
        return float(end)
    return exact if exact is not None else f"{end.numerator}/{end.denominator}"


def _terminating_decimal(value: Fraction) -> str | None:
    """The exact decimal text of a fraction whose decimal expansion ends, else None."""
    reduced = value.denominator
    for prime in (2, 5):
        while reduced % prime == 0:
            reduced //= prime
    if reduced != 1:
        return None
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    digits = str(abs(value) * 10**places).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places else f"{sign}{digits}"


def fact_interval(fact: Fact) -> Interval | None:
    return fact.value.interval if isinstance(fact.value, Figure) else None


def fact_kind(fact: Fact) -> str:
    """list | code | number | missing"""
    if fact.items is not None:
        return "list"
    if isinstance(fact.value, Code):
        return "code"
    if isinstance(fact.value, Figure):
        return "number"
    return "missing"


def fact_record(book: Factbook, fact: Fact) -> dict[str, Any]:
    """One fact as the JSON that `jinsha list`, `show` and `find` print (see README)."""
    interval = fact_interval(fact)
    record: dict[str, Any] = {
        "id": fact.id,
        "kind": fact_kind(fact),
        "value": fact.written,
        "min": interval_end(interval.lo) if interval else None,
        "max": interval_end(interval.hi) if interval else None,
        "min_closed": interval.lo_closed if interval else None,
        "max_closed": interval.hi_closed if interval else None,
        "unit": fact.unit,
        "quote": fact.quotes[0] if fact.quotes else None,
        "quotes": list(fact.quotes),
        "section": fact.section,
        "file": book.path,
        "line": fact.line,
        "zh": fact.zh,
        "en": fact.en,
        "tags": list(fact.tags),
    }
    if fact.items is not None:
        record["items"] = list(fact.items)
    if isinstance(fact.value, Code):
        record["terms"] = list(fact.value.terms)
    if fact.rounding:
        record["rounding"] = fact.rounding
    if fact.note:
        record["note"] = fact.note
    return record


def hit_record(book: Factbook, hit: Hit) -> dict[str, Any]:
    record = fact_record(book, hit.fact)
    record["match"] = {
        "tier": hit.tier_name,
        "fields": [
            {"field": m.field, "index": m.index, "text": m.text, "spans": [list(span) for span in m.spans]}
            for m in hit.matches
        ],
    }
    return record


def value_spans(fact: Fact, quote: str) -> tuple[Span, ...]:
    """Where a quote states the fact's value (or items), for highlighting."""
    needles = list(fact.items) if fact.items is not None else [fact.written] if fact.written else []
    spans = [span for needle in needles for span in _substring_spans(needle.lower(), quote)]
    return merge_spans(spans)


def matching_rules(book: Factbook, pattern: str) -> list[Rule]:
    """The rules an id, id prefix, glob or tag:NAME names, as --select reads it."""
    from ..check.checker import selected

    return [rule for rule in book.rules.values() if selected(rule, [pattern], [])]
