"""Lookups: find facts by what people remember of them, and describe facts and rules as data.

The package, by job:

- ``ranking``: ``search(books, query)``, ranked hits with the spans that matched;
- ``index``: each fact's fields as tokens, and how common each token is;
- ``words``: tokens per script (English stems, Chinese character pairs, numbers);
- ``questions``: reading a query (question words, the unit asked for, concepts);
- ``synonyms`` with ``synonyms.tsv``: the vocabulary of words that mean the same;
- ``pinyin``: which characters a Latin word spells;
- ``suggest``: close ids for a mistyped one, and shell completion;
- ``records``: facts and hits as the JSON records the commands print;
- ``views``: rendering for ``find``, ``show``, ``list`` and ``rule``.

The names below load from their modules on first use, so that ``show`` or
``list`` never pays for the search machinery.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_HOMES = {
    "search": "ranking",
    "Search": "ranking",
    "Hit": "ranking",
    "FieldMatch": "ranking",
    "QueryError": "ranking",
    "MAX_QUERY_CHARACTERS": "ranking",
    "read_query": "questions",
    "vocabulary": "synonyms",
    "pinyin_spans": "pinyin",
    "latin_pinyin": "pinyin",
    "stem": "words",
    "closest": "suggest",
    "suggest_fact_ids": "suggest",
    "complete_ids": "suggest",
    "fact_record": "records",
    "hit_record": "records",
    "facts_in": "records",
    "rules_using": "records",
    "resolve_section": "records",
    "all_tags": "records",
    "interval_end": "records",
    "value_spans": "records",
}

__all__ = [
    "MAX_QUERY_CHARACTERS",
    "FieldMatch",
    "Hit",
    "QueryError",
    "Search",
    "all_tags",
    "closest",
    "complete_ids",
    "fact_record",
    "facts_in",
    "hit_record",
    "interval_end",
    "latin_pinyin",
    "pinyin_spans",
    "read_query",
    "resolve_section",
    "rules_using",
    "search",
    "stem",
    "suggest_fact_ids",
    "value_spans",
    "vocabulary",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'jinsha_cli.lookup' has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .pinyin import latin_pinyin, pinyin_spans
    from .questions import read_query
    from .ranking import MAX_QUERY_CHARACTERS, FieldMatch, Hit, QueryError, Search, search
    from .records import (
        all_tags,
        fact_record,
        facts_in,
        hit_record,
        interval_end,
        resolve_section,
        rules_using,
        value_spans,
    )
    from .suggest import closest, complete_ids, suggest_fact_ids
    from .synonyms import vocabulary
    from .words import stem
