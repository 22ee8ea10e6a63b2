"""Facts from the readings: one per quantity stated, with an id and labels a curator can keep.

- ids are derived from the quantified phrase: the id words of known statistical terms
  (``central.general_budget_revenue``) or else the phrase's pinyin, never a counter
  such as ``count_7``; the role adds a suffix (``_growth``, ``_pp``, ``_share``);
- the Chinese label is the phrase; the English label comes from the vocabulary of common
  terms, or is left empty;
- each statement of a figure is a fact of its own, with its own quote: where the same
  quantity is stated again, the restatements finder ties the statements by a rule, so the
  curator sees (and can undo) each judgement that two statements are one quantity, and a
  later edit of one of them is reported as a disagreement between the two; ``quantity_of``
  says which statements the drafter takes for one quantity (the same value and unit, and
  the same phrase or a distinctive value of five significant digits or more), for finders
  that must tell one quantity from two. A year or a date is one fact with several quotes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from . import roles as R
from .document import PHRASE_CHARS, Document, Reading, value_of
from .labels import clean_label
from .model import DraftFact
from .vocabulary import covered, english, id_words

# A quote is the clause around the figure; a longer clause is cut to this many
# characters each side of the figure, so that no fact repeats a whole page.
QUOTE_SIDE = 40
QUOTE_MAX = 2 * QUOTE_SIDE + 20
_ID_CHARS = 40
# A clause with more figures than this is not prose (see FactDrafter.draft).
CROWDED_CLAUSE = 200

_UNIT_WORDS = {"人": "people", "名": "people", "户": "households", "人次": "visits", "元": "yuan", "个": "count"}
_ROLE_SUFFIX = {
    R.CHANGE: "change",
    R.POINTS: "pp",
    R.SHARE: "share",
    R.RATE: "rate",
    R.TARGET: "target",
    R.YEAR: "year",
    R.DATE: "date",
    R.CODE: "code",
    R.ORDINAL: "rank",
}


def quote_of(doc: Document, reading: Reading) -> str:
    """The clause around a figure, verbatim, cut around the figure when it is long."""
    figure = reading.figure
    start, end = figure.clause_start, figure.clause_end
    if end - start > QUOTE_MAX:
        start = max(start, figure.start - QUOTE_SIDE)
        end = min(end, figure.unit_end + QUOTE_SIDE)
    return doc.text[start:end].strip()


class FactDrafter:
    """Turns the readings of a document into facts; ``fact_of[i]`` is reading i's fact id,
    ``quantity_of[i]`` the fact id of the first statement of the same quantity."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.facts: dict[str, DraftFact] = {}
        self.fact_of: list[str] = []
        self.quantity_of: list[str] = []
        self._same: dict[tuple[str, str, str, str], str] = {}
        self._distinctive: dict[tuple[str, str, str], str] = {}
        self._counters: dict[str, int] = {}

    def draft(self) -> dict[str, DraftFact]:
        crowd: dict[int, int] = {}
        for reading in self.doc.readings:
            crowd[reading.figure.clause_start] = crowd.get(reading.figure.clause_start, 0) + 1
        crowded: dict[tuple[int, str, str], str] = {}
        for reading in self.doc.readings:
            clause = reading.figure.clause_start
            if crowd[clause] > CROWDED_CLAUSE:
                # a clause of hundreds of figures is a table or noise, not prose: each value once
                key = (clause, reading.value, reading.unit)
                if key not in crowded:
                    crowded[key] = self._fact(reading)[0]
                    self.facts[crowded[key]].note = (
                        f"one of {crowd[clause]} figures in one clause (a table or a list, not prose): "
                        "each value is drafted once"
                    )
                self.fact_of.append(crowded[key])
                self.quantity_of.append(crowded[key])
                continue
            fact_id, quantity = self._fact(reading)
            self.fact_of.append(fact_id)
            self.quantity_of.append(quantity)
        return self.facts

    def _fact(self, reading: Reading) -> tuple[str, str]:
        """The fact id of a reading and the fact id of the first statement of its quantity."""
        quote = quote_of(self.doc, reading)
        same = (reading.value, reading.unit, reading.role, f"{reading.scope}{reading.core}")
        if reading.role in (R.YEAR, R.DATE):
            # a year is one fact per section: a year stated elsewhere may be another matter
            same = (*same[:3], reading.section)
        distinctive = (reading.value, reading.unit, reading.role)
        known = self._same.get(same) if reading.core or reading.role in (R.YEAR, R.DATE) else None
        if known is None and _distinctive(reading):
            known = self._distinctive.get(distinctive)
        if known is not None and (reading.role in (R.YEAR, R.DATE) or quote in self.facts[known].quotes):
            # a year is one fact however often it is printed; so is a figure whose quote is the same clause
            fact = self.facts[known]
            if quote not in fact.quotes:
                fact.quotes.append(quote)
            return known, known
        fact = DraftFact(
            id=self._new_id(reading),
            quotes=[quote],
            section=reading.section,
            value=reading.value,
            unit=reading.unit,
            zh=_label(reading),
            en=english_label(reading),
            tags=_tags(reading),
            note=reading.note,
            start=reading.figure.start,
            end=reading.figure.end,
            line=reading.figure.line,
        )
        self.facts[fact.id] = fact
        if (reading.core or reading.role in (R.YEAR, R.DATE)) and known is None:
            self._same[same] = fact.id
        if _distinctive(reading):
            self._distinctive.setdefault(distinctive, fact.id)
        return fact.id, known or fact.id

    def rename(self, index: int, label: str, role: str) -> str | None:
        """Name reading ``index``'s fact anew, as if the text had called it ``label`` in ``role``
        (a value that 分别 pairs with a name); returns the new id, or None when the fact is
        shared with other readings and keeps its name."""
        old = self.fact_of[index]
        if self.fact_of.count(old) != 1:
            return None
        named = replace(self.doc.readings[index], phrase=label, core=label, role=role)
        fact = self.facts.pop(old)
        fact.id, fact.zh, fact.en = self._new_id(named), _label(named), english_label(named)
        self.facts[fact.id] = fact
        self.fact_of[index] = fact.id
        self.quantity_of = [fact.id if quantity == old else quantity for quantity in self.quantity_of]
        return fact.id

    def _new_id(self, reading: Reading) -> str:
        words = _phrase_words(reading)
        suffix = _ROLE_SUFFIX.get(reading.role, "")
        if reading.role == R.RATE and reading.phrase.endswith("率"):
            suffix = ""
        if reading.role == R.CHANGE and reading.is_percent:
            suffix = "growth"
        if not words and reading.role != R.CODE:
            # no name to build on: the value itself, which no unrelated sentence can shift
            # (year_2018, month_7, growth_8_7pct, figure_1000duo), never a counter such as figure_2
            value = _value_words(reading)
            if value:
                word = _DATE_WORDS.get(reading.unit, suffix) if reading.role in (R.YEAR, R.DATE) else suffix
                return self._unique(
                    self._in_section(reading, f"{word or _ROLE_WORD.get(reading.role, 'figure')}_{value}")
                )
        if not suffix and reading.index > 0 and reading.phrase:
            previous = self.doc.readings[reading.index - 1]
            if previous.phrase == reading.phrase and previous.figure.unit_end == reading.figure.start:
                suffix = _UNIT_WORDS.get(reading.unit, "")  # 6215户10342人: ..._people beside the households
        stem = "_".join(w for w in (words, suffix) if w) or "figure"
        return self._unique(self._in_section(reading, stem))

    def _in_section(self, reading: Reading, stem: str) -> str:
        section = self.doc_section_id(reading.section)
        return f"{section}.{stem}" if section else stem

    def doc_section_id(self, section: str) -> str:
        # a draft with no sections, or the text before the first one, needs no prefix
        return "" if section in ("", "body", "lead") else re.sub("[^a-z0-9_]", "_", section.lower())

    def _unique(self, base: str) -> str:
        if base not in self.facts:
            return base
        n = self._counters.get(base, 1) + 1
        while f"{base}_{n}" in self.facts:
            n += 1
        self._counters[base] = n
        return f"{base}_{n}"


def _distinctive(reading: Reading) -> bool:
    """A value with five or more significant digits is one quantity wherever it is stated."""
    if reading.role not in (R.LEVEL,) or reading.figure.kind != "number":
        return False
    digits = re.sub("[^0-9]", "", reading.value).strip("0")
    return len(digits) >= 5


def _label(reading: Reading) -> str:
    if reading.role in (R.YEAR, R.DATE, R.CODE) or len(reading.phrase) >= PHRASE_CHARS:
        return ""  # a phrase cut at its longest starts mid-word (站连续三天通报…)
    return clean_label(reading.phrase)


# How an English label is composed from the label's terms, by role: only where the
# composition cannot mislead (a share needs both of its terms, a change its sign).
_SHARE = re.compile("^(?P<part>.+?)占(?P<whole>.+?)(?:的)?(?:比重|比例)$")


def english_label(reading: Reading) -> str:
    """The English label: the label's known terms (:mod:`.vocabulary`) composed with the
    role (new urban jobs; urban registered unemployment rate; tax revenue growth), or ""."""
    label = _label(reading)
    if not label:
        return ""
    if reading.role == R.SHARE:
        share = _SHARE.match(label)
        part, whole = (english(share["part"]), english(share["whole"])) if share else ("", "")
        return f"share of {part} in {whole}" if part and whole else ""
    words = english(label)
    if not words:
        return ""
    if reading.role in (R.LEVEL, R.COUNT_WORD, R.RATE):
        return words
    if reading.role == R.CHANGE:
        if reading.is_percent:
            return f"{words} growth" if reading.sign >= 0 else f"{words} decline"
        return f"{words} increase" if reading.sign >= 0 else f"{words} decrease"
    if reading.role == R.POINTS:
        return f"{words}, change in percentage points"
    if reading.role == R.TARGET:
        return f"{words} target"
    return ""


def _tags(reading: Reading) -> tuple[str, ...]:
    tags = [reading.role]
    if reading.unit_guessed:
        tags.append("unit-guessed")
    return tuple(tags)


_DATE_WORDS = {"年": "year", "月": "month", "日": "day", "号": "day"}
_ROLE_WORD = {R.RATE: "rate"}


def _value_words(reading: Reading) -> str:
    """The value as an id word: 2018, 3_8pct, 1000duo, 5_5pct_yinei."""
    value = reading.value.translate(_FULLWIDTH).replace("%", "pct").replace(".", "_")
    value = re.sub("[^0-9_pct万亿千百十零一二三四五六七八九两]", "", value)  # 超过, 约, 多, 以内 are no part of it
    parts = re.findall("[0-9a-z_]+|[^0-9a-z_]+", value)
    word = "_".join(part if part.isascii() else _pinyin(part) for part in parts)
    return re.sub("_+", "_", re.sub("[^a-z0-9_]", "", word)).strip("_")[:_ID_CHARS]


_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


def _phrase_words(reading: Reading) -> str:
    if reading.role in (R.YEAR, R.DATE, R.CODE):
        return ""
    return phrase_id(_label(reading))


def phrase_id(phrase: str) -> str:
    """The words of an id for a phrase: its known terms' words, else its pinyin (人均占有量: renjunzhanyouliang)."""
    if phrase and covered(phrase):
        words: list[str] = []
        for word in id_words(phrase):  # whole words only, up to the id's length
            if len("_".join([*words, word])) > _ID_CHARS:
                break
            words.append(word)
        return "_".join(words) or id_words(phrase)[0][:_ID_CHARS]
    if not phrase:
        return ""
    return _pinyin(phrase[-8:]) or re.sub("[^a-z0-9]", "", phrase.lower())[:_ID_CHARS]  # M2, GDP


@cache
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin  # loaded only when a phrase has no known terms

    syllables = lazy_pinyin(re.sub("[^\u4e00-\u9fff]", "", text), errors="ignore")
    word = "".join(s for s in syllables if re.fullmatch("[a-z]+", s))
    return word[:_ID_CHARS]


def value_interval(written: str):  # type: ignore[no-untyped-def]
    value = value_of(written)
    return None if value is None else value.interval
