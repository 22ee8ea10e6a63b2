"""Suggestions for an id someone mistyped, and shell completion of ids."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from ..core.model import Factbook


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
        from .ranking import MAX_QUERY_CHARACTERS, TYPO, search

        found = search(book, re.sub(r"[._-]+", " ", wanted)[:MAX_QUERY_CHARACTERS], limit=n)
        if found.how != TYPO:  # a word found only by allowing typos is too loose a guess for an id
            suggestions = [hit.fact.id for hit in found.hits]
    return suggestions


def complete_ids(ids: dict[str, Any], incomplete: str) -> list[tuple[str, str]]:
    """(id, help) pairs for shell completion: ids that start with what was typed.

    What a shell is given is made safe: an id with a control character is never
    offered, and a label's control characters are escaped (see safe_text).
    """
    from ..core.safe_text import is_safe, terminal

    pairs = []
    for key, item in ids.items():
        if key.startswith(incomplete) and is_safe(key):
            label = getattr(item, "en", "") or getattr(item, "zh", "")
            pairs.append((key, terminal(label)))
    return pairs
