"""Ranked search over the facts of one or more books.

A query is read first (``questions.read_query``): question words go, the unit
asked for is noted, and what remains becomes concepts, each with the words of
its synonym group as weaker alternatives. Each concept is then resolved:

1. plainly: an English word by its stem, a Chinese word by its character pairs,
   a number whole;
2. as pinyin, when a Latin word matches nothing plainly (a whole Latin query is
   first tried as one pinyin phrase, so ``jiu4 ye4 lv4`` reads as 就业率);
3. as a typo, when it is no pinyin either: words of the fact files within one
   edit (two for words of eight letters or more), never the same word with a
   negating prefix (unemployment is not a typo of employment);
4. as a homophone, when no word of the query matches plainly: the longest part
   of a Chinese word that sounds like words of the facts (秋查 → qiucha → 秋茶).

Facts are scored by BM25F over their fields (label > value > quote > tag > unit;
see ``index.FIELD_WEIGHTS``), with a bonus for a Chinese word found whole, a
factor for the share of concepts matched, and factors for what the question
asks: a fact in the unit asked for moves up, a list moves down when a count is
asked for and up when a list is. When some facts match every concept of a plain
query (not a question) plainly, only those are returned; otherwise the facts
scoring within a quarter of the best are.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from ..core.model import Fact, Factbook
from .index import BACKGROUND_WEIGHT, Document, Field, Index, build
from .pinyin import homophone_spellings, latin_pinyin, pinyin_spans, sound_pairs
from .questions import Alternative, Concept, Reading, alternatives_for, read_query
from .synonyms import vocabulary
from .words import Span, cjk_runs, cjk_tokens, find_all, merge_spans, negated_at, negates, tokens

# A query longer than this is refused: nobody types it, and every character costs.
MAX_QUERY_CHARACTERS = 200

# How strongly a hit in each field counts, for display: lower is stronger.
EXACT_ID, LABEL, VALUE, QUOTE, TAG = range(5)
FIELD_TIERS: dict[str, int] = {"id": LABEL, "zh": LABEL, "en": LABEL, "value": VALUE, "quote": QUOTE, "tag": TAG}
FIELD_TIERS["unit"] = TAG
TIER_NAMES = ("id", "label", "value", "quote", "tag/unit")

# How a query was read.
TEXT, PINYIN, TYPO, QUESTION = "text", "pinyin", "typo", "question"

# BM25 parameters: term-frequency saturation and length normalisation.
K1, B = 1.2, 0.5
HEAD_BONUS = 1.25  # a word that is what a label is about (households in "relocated households")
BARE_HEAD_BONUS = 1.2  # and more when the label is that word alone (村数, villages), not a kind of it
WHOLE_WORD_BONUS = 0.3  # a Chinese word found whole, not only pair by pair
VALUE_MATCH = 2.0  # a number of the query that is the fact's value
_DIGITS = frozenset("0123456789.")
_QUALIFIER_CHARACTERS = "约近超过逾低于高大小<>≥≤"  # written before a value: 约1.3万亿, 超过5700亿
TIE_BREAKER = 0.3  # how much the other alternatives of a concept add to the best one
PHRASE_BONUS = 0.5  # a Chinese run of the query found whole though the vocabulary cut it
UNIT_ASKED, UNIT_NAMED = 1.6, 1.2
LIST_FOR_COUNT, LIST_FOR_LIST, LIST_UNASKED = 0.6, 1.5, 0.9  # lookups are mostly for figures
DATE_UNASKED = 0.8  # a year or month is rarely the figure a lookup wants, unless it asks for one
DATE_UNITS = frozenset(("年", "月", "日"))
TIE = 0.01  # scores this close (relatively) count as equal
CUT_OFF = 0.25  # without a fact matching every concept: keep those within this share of the best


class QueryError(ValueError):
    """A query find refuses (too long)."""


class FieldMatch:
    """Where a query matched one field of a fact."""

    __slots__ = ("field", "index", "spans", "text")

    def __init__(self, field: str, text: str, spans: tuple[Span, ...], index: int = 0) -> None:
        self.field = field  # id | zh | en | value | quote | tag | unit
        self.text = text  # the field's whole text
        self.spans = spans
        self.index = index  # which quote or tag

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldMatch) and (self.field, self.text, self.spans, self.index) == (
            other.field,
            other.text,
            other.spans,
            other.index,
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def tier(self) -> int:
        return FIELD_TIERS[self.field]

    def matched_text(self) -> list[str]:
        return [self.text[start:end] for start, end in self.spans]


class Hit:
    """One fact that matched, from which book, how strongly, and where."""

    __slots__ = ("book", "fact", "matches", "score", "tier")

    def __init__(
        self,
        fact: Fact,
        tier: int,
        matches: tuple[FieldMatch, ...],
        score: float = 0.0,
        book: Factbook | None = None,
    ) -> None:
        self.fact = fact
        self.tier = tier  # EXACT_ID, LABEL, VALUE, QUOTE or TAG
        self.matches = matches
        self.score = score
        self.book = book

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


class Search:
    """The ranked hits of one query, and how the query was read."""

    __slots__ = ("files", "hits", "how", "query", "total")

    def __init__(self, query: str, how: str, hits: tuple[Hit, ...], total: int, files: tuple[str, ...] = ()) -> None:
        self.query = query
        self.how = how  # text | pinyin | typo | question
        self.hits = hits
        self.total = total  # hits before any limit
        self.files = files  # the paths of the books searched


def search(books: Factbook | Sequence[Factbook], query: str, *, limit: int | None = None) -> Search:
    """Find the facts a query describes, best first (see the module docstring).

    Raises QueryError for a query of more than MAX_QUERY_CHARACTERS characters.
    """
    if len(query) > MAX_QUERY_CHARACTERS:
        raise QueryError(
            f"the query is {len(query):,} characters long; find reads at most {MAX_QUERY_CHARACTERS}: "
            "use a few words of the label or quote"
        )
    shelf = [books] if isinstance(books, Factbook) else list(books)
    index = build(shelf)
    reading = read_query(query, index.units)
    if not reading.text:
        return Search(query, TEXT, (), 0, tuple(book.path for book in shelf))
    how = QUESTION if reading.is_question else TEXT
    concepts, resolved_how = _resolve(reading, index)
    how = resolved_how or how
    ranked = _rank(index, reading, concepts)
    exact = [d for d in index.documents if d.fact.id.lower() == reading.text]
    if exact:
        whole = {d.order for d in exact}
        ranked = [_Ranked(d, float("inf"), True, []) for d in exact] + [
            entry for entry in ranked if entry.document.order not in whole
        ]
    shown = ranked if limit is None else ranked[: max(limit, 0)]
    hits = tuple(_exact_hit(e.document) if e.score == float("inf") else _hit(e, reading) for e in shown)
    return Search(query, how, hits, len(ranked), tuple(book.path for book in shelf))


def _exact_hit(document: Document) -> Hit:
    fact = document.fact
    return Hit(fact, EXACT_ID, (FieldMatch("id", fact.id, ((0, len(fact.id)),)),), float("inf"), document.book)


# Resolving concepts ------------------------------------------------------------------


def _present(alternative: Alternative, index: Index) -> bool:
    return bool(alternative.tokens) and all(index.has(token) for token in alternative.tokens)


def _resolve(reading: Reading, index: Index) -> tuple[list[Concept], str | None]:
    """The concepts to score, Latin words that match nothing plainly read as pinyin or typos."""
    concepts = list(reading.concepts)
    how: str | None = None
    if not any(_present(a, index) for c in concepts for a in c.alternatives):
        heard: set[tuple[str, str]] | None = None
        for concept in concepts:
            if concept.kind == "chinese":
                if heard is None:  # computed once, and only when a homophone is looked for
                    heard = sound_pairs(f.text for d in index.documents for f in _pinyin_fields(d))
                if _read_as_homophone(concept, index, heard):
                    how = TYPO
    unmatched = [c for c in concepts if c.kind == "english" and not any(_present(a, index) for a in c.alternatives)]
    if not unmatched:
        return concepts, how
    if reading.latin_only and len(unmatched) == len(concepts):
        phrase = latin_pinyin(reading.text.replace(" ", ""))
        if phrase and _spelled_anywhere(phrase, index):
            return [Concept(phrase, "pinyin", [])], PINYIN
    for concept in unmatched:
        spelled = latin_pinyin(concept.text)
        if spelled and _spelled_anywhere(spelled, index):
            concept.kind, concept.text, concept.alternatives = "pinyin", spelled, []
            how = PINYIN
            continue
        corrected = _typo_alternatives(concept.text, index)
        if corrected:
            concept.alternatives = corrected
            how = how or TYPO
        else:
            concepts.remove(concept)  # a word no fact has, in any spelling: it cannot help rank
    return concepts, how


def _read_as_homophone(concept: Concept, index: Index, heard: set[tuple[str, str]]) -> bool:
    """Read a Chinese word that nothing matches as the longest part of it that sounds like
    words of the facts (秋查 as qiucha, which spells 秋茶); False when no part does.
    ``heard``: the syllable pairs the facts' characters can read as, to skip at once the
    spellings that cannot be found."""
    word = concept.text
    for length in range(min(len(word), 6), 1, -1):
        for start in range(len(word) - length + 1):
            for syllables in homophone_spellings(word[start : start + length]):
                if not all(pair in heard for pair in pairwise(syllables)):
                    continue
                spelled = "".join(syllables)
                if _spelled_anywhere(spelled, index):
                    concept.kind, concept.text, concept.alternatives = "pinyin", spelled, []
                    return True
    return False


def _pinyin_fields(document: Document) -> list[Field]:
    return [field for field in document.fields if field.name in ("zh", "quote", "unit")]


def _spelled_anywhere(spelled: str, index: Index) -> bool:
    return any(pinyin_spans(spelled, field.text) for d in index.documents for field in _pinyin_fields(d))


def _typo_alternatives(word: str, index: Index) -> list[Alternative]:
    """The words of the fact files (and the vocabulary) a misspelt word may stand for."""
    if len(word) < 4 or not word.isalpha():
        return []
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    allowed = 1 if len(word) < 8 else 2
    known = sorted({*index.english_vocabulary(), *(w.lower() for w in vocabulary().by_stem)})
    found = process.extract(word, known, scorer=OSA.distance, score_cutoff=allowed, limit=None)
    alternatives: list[Alternative] = []
    for candidate, _, _ in sorted(found, key=lambda item: item[1]):
        if negates(word, candidate) or len(candidate) < 3:
            continue
        group = vocabulary().group_of(candidate)
        for alternative in alternatives_for(candidate, group):
            if _present(alternative, index) and alternative.tokens not in {a.tokens for a in alternatives}:
                alternatives.append(alternative)
    return alternatives


# Scoring --------------------------------------------------------------------------


class _Match:
    """How one concept matched one document: its score, whether plainly, and what to highlight."""

    __slots__ = ("plain", "score", "spans", "tokens", "words")

    def __init__(self) -> None:
        self.score = 0.0
        self.plain = False
        self.words: list[str] = []  # Chinese words found whole
        self.tokens: list[str] = []  # tokens found (stems, pairs, numbers)
        self.spans: dict[tuple[str, int], list[Span]] = {}  # pinyin: found directly


def _frequency(index: Index, document: Document, token: str) -> float:
    """BM25F's term frequency: occurrences weighted by field and normalised by field length."""
    weighted = 0.0
    for field, count in index.postings(token).get(document.order, ()):
        norm = 1 - B + B * field.length / index.mean_length[field.name]
        weighted += field.weight * count / norm
    return weighted


def _saturated(index: Index, document: Document, token: str) -> float:
    frequency = _frequency(index, document, token)
    return frequency * (K1 + 1) / (frequency + K1)


def _bm25(index: Index, document: Document, tokens: Sequence[str]) -> float:
    return sum(index.idf(token) * _saturated(index, document, token) for token in tokens)


def _candidates(index: Index, concept: Concept) -> set[int]:
    """The documents holding any token of any alternative of a concept."""
    found: set[int] = set()
    for alternative in concept.alternatives:
        for token in alternative.tokens:
            found.update(index.postings(token))
    return found


def _concept_idf(index: Index, concept: Concept) -> float | None:
    """One rarity for a word and its synonyms, from the facts that have any of them (as a
    synonym query does): a rare synonym must not outweigh the word itself. None: no synonyms."""
    if len(concept.alternatives) < 2:
        return None
    having: set[int] = set()
    for alternative in concept.alternatives:
        if alternative.tokens:
            docs = set(index.postings(alternative.tokens[0]))
            for token in alternative.tokens[1:]:
                docs &= set(index.postings(token))
            having |= docs
    own = concept.alternatives[0].tokens
    background = bool(own) and all(token in index.background() for token in own)
    return index.idf_of_count(len(having)) * (BACKGROUND_WEIGHT if background else 1.0)


def _alternative_match(index: Index, document: Document, alternative: Alternative, idf: float | None) -> _Match:
    """How one alternative matched. With a shared ``idf`` (a concept with synonyms) the score
    is the mean saturated frequency of its tokens, which the concept multiplies by the idf."""
    match = _Match()
    present = [token for token in alternative.tokens if document.order in index.postings(token)]
    if not present:
        return match
    if idf is None:
        match.score = _bm25(index, document, present) * alternative.weight
    else:
        saturated = sum(_saturated(index, document, token) for token in present)
        match.score = saturated / len(alternative.tokens) * alternative.weight
    match.tokens = present
    english_heads, chinese_heads = document.heads()
    if alternative.chinese:
        word = alternative.word
        if any(head.endswith(word) for head in chinese_heads):
            match.score *= HEAD_BONUS * (BARE_HEAD_BONUS if word in chinese_heads else 1.0)
        for field in document.fields:
            if word in field.folded and any(
                not negated_at(field.folded, start) for start, _ in find_all(word, field.folded)
            ):
                match.plain = True
                break
        if match.plain:
            match.words = [word]
            if len(word) > 1:
                match.score *= 1 + WHOLE_WORD_BONUS
        elif alternative.weight < 1:
            return _Match()  # a synonym counts only whole: 医疗保险 must not find 失业保险 by 保险
    elif alternative.word[:1].isdigit():
        match.plain = True
        written = document.fact.written or ""
        bare = _without_qualifier(written)
        if bare.startswith(alternative.word) and bare[len(alternative.word) : len(alternative.word) + 1] not in _DIGITS:
            match.score *= VALUE_MATCH  # the fact's own value, as written (197.7亿), not a figure in its quote
    else:
        match.plain = len(present) == len(alternative.tokens)
        if alternative.tokens and alternative.tokens[-1] in english_heads:
            bare = "=" + alternative.tokens[-1] in english_heads
            match.score *= HEAD_BONUS * (BARE_HEAD_BONUS if bare else 1.0)
    return match


def _without_qualifier(written: str) -> str:
    """A value as written without the qualifier before it: 约1.3万亿 -> 1.3万亿."""
    at = 0
    while at < len(written) and written[at] in _QUALIFIER_CHARACTERS:
        at += 1
    return written[at:]


def _pinyin_match(index: Index, document: Document, spelled: str) -> _Match:
    match = _Match()
    for field in _pinyin_fields(document):
        spans = pinyin_spans(spelled, field.text)
        if spans:
            match.plain = True
            match.spans[(field.name, field.index)] = spans
            tokens = [token for start, end in spans for token in cjk_tokens(field.folded[start:end])]
            match.score = max(match.score, _bm25(index, document, tokens))
    return match


def _concept_match(index: Index, document: Document, concept: Concept, idf: float | None) -> _Match:
    if concept.kind == "pinyin":
        return _pinyin_match(index, document, concept.text)
    # The best alternative counts, and the others a little (a disjunction-max with a tie
    # breaker): a fact that has the word in its English label and 村 in its Chinese one
    # beats a fact that has only one of them.
    matches = [_alternative_match(index, document, alternative, idf) for alternative in concept.alternatives]
    best = max(matches, key=lambda match: (match.plain, match.score))
    others = sum(match.score for match in matches if match is not best)
    best.score += TIE_BREAKER * others
    if idf is not None:
        # A word and its synonyms share one rarity (as in a synonym query), so that a rare
        # synonym does not outweigh the word.
        best.score *= idf
    return best


def _rank(index: Index, reading: Reading, concepts: Sequence[Concept]) -> list[_Ranked]:
    if not concepts:
        return []
    phrases = _phrases(reading, concepts)
    idfs = [_concept_idf(index, concept) for concept in concepts]
    candidates: set[int] = set()
    for concept in concepts:
        if concept.kind == "pinyin":
            candidates.update(
                d.order for d in index.documents if any(pinyin_spans(concept.text, f.text) for f in _pinyin_fields(d))
            )
        else:
            candidates |= _candidates(index, concept)
    scored: list[_Ranked] = []
    for order in sorted(candidates):
        document = index.documents[order]
        matches = [_concept_match(index, document, concept, idf) for concept, idf in zip(concepts, idfs, strict=True)]
        matched = [m for m in matches if m.score > 0]
        if not matched:
            continue
        score = sum(m.score for m in matched) * len(matched) / len(concepts)
        for phrase in phrases:
            if any(phrase in field.folded for field in document.fields):
                score += PHRASE_BONUS * _bm25(index, document, cjk_tokens(phrase))
        score *= _answer_factor(reading, document)
        scored.append(_Ranked(document, score, all(m.plain for m in matches), matched))
    if not scored:
        return []
    plain = [entry for entry in scored if entry.plain]
    if plain and not reading.is_question:
        kept = plain
    else:
        best = max(entry.score for entry in scored)
        kept = [entry for entry in scored if entry.score >= CUT_OFF * best]
    return _break_ties(kept)


def _break_ties(entries: list[_Ranked]) -> list[_Ranked]:
    """Best first; scores within TIE of the first of a run are a tie, which the files' order
    breaks: the three employment rates of one paragraph come in the order the article gives them."""
    entries = sorted(entries, key=lambda entry: (-entry.score, entry.document.order))
    ordered: list[_Ranked] = []
    at = 0
    while at < len(entries):
        end = at + 1
        while end < len(entries) and entries[end].score >= entries[at].score * (1 - TIE):
            end += 1
        ordered.extend(sorted(entries[at:end], key=lambda entry: entry.document.order))
        at = end
    return ordered


class _Ranked:
    """A scored document, before its spans are worked out (only the hits shown need them)."""

    __slots__ = ("document", "matches", "plain", "score")

    def __init__(self, document: Document, score: float, plain: bool, matches: list[_Match]) -> None:
        self.document = document
        self.score = score
        self.plain = plain
        self.matches = matches


def _phrases(reading: Reading, concepts: Sequence[Concept]) -> list[str]:
    """Chinese runs of the query that the vocabulary cut into several concepts (就业率 -> 就业 · 率)."""
    words = {concept.text for concept in concepts if concept.kind == "chinese"}
    runs = []
    for run in cjk_runs(reading.text):
        if len(run) > 1 and run not in words:
            runs.append(run)
    return runs


def _answer_factor(reading: Reading, document: Document) -> float:
    """What the question asks for: a unit, a count or a list."""
    factor = 1.0
    unit = document.unit()
    if reading.units:
        factor *= UNIT_ASKED if unit in reading.units else 1.0
    elif reading.implied_units and unit in reading.implied_units:
        factor *= UNIT_NAMED
    is_list = document.fact.items is not None
    if reading.asks == "count" and is_list:
        factor *= LIST_FOR_COUNT
    elif reading.asks == "list" and is_list:
        factor *= LIST_FOR_LIST
    elif is_list:
        factor *= LIST_UNASKED
    if unit in DATE_UNITS and not DATE_UNITS & (reading.units | reading.implied_units):
        factor *= DATE_UNASKED
    return factor


def _hit(ranked: _Ranked, reading: Reading) -> Hit:
    document, fact = ranked.document, ranked.document.fact
    words = {word for match in ranked.matches for word in match.words}
    wanted = {token for match in ranked.matches for token in match.tokens}
    spans: dict[tuple[str, int], list[Span]] = {}
    for match in ranked.matches:
        for key, found in match.spans.items():
            spans.setdefault(key, []).extend(found)
    for field in document.fields:
        key = (field.name, field.index)
        for word in words:
            spans.setdefault(key, []).extend(
                span for span in find_all(word, field.folded) if not negated_at(field.folded, span[0])
            )
        for token, span in tokens(field.folded):
            if token in wanted and not any(word in field.folded for word in words if token in word):
                spans.setdefault(key, []).append(span)
    if reading.units and document.unit() in reading.units and fact.unit:
        spans.setdefault(("unit", 0), []).append((0, len(fact.unit)))
    texts = {(field.name, field.index): field.text for field in document.fields}
    order = {name: position for position, name in enumerate(FIELD_TIERS)}
    matches = []
    for (name, index), found in spans.items():
        if found:
            text = fact.id if name == "id" else texts[(name, index)]
            matches.append(FieldMatch(name, text, merge_spans(found), index))
    matches.sort(key=lambda m: (m.tier, order[m.field], m.index))
    tier = min((m.tier for m in matches), default=TAG)
    return Hit(fact, tier, tuple(matches), ranked.score, document.book)
