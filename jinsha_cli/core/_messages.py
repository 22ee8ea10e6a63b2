"""Text quoted inside a message, kept to a readable length.

A problem names what it is about (a key, a quote, a value); a hostile or broken
file can make that a 10 MB line, which must not become a 10 MB message.
"""

from __future__ import annotations

LIMIT = 200


def quoted(text: str, limit: int = LIMIT) -> str:
    """repr(text), or its first ``limit`` characters and how long it is."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"
