"""The base of jinsha's fixed vocabularies (statuses, severities, outcomes, verdicts).

A term is a ``str`` and an ``Enum`` at once: it compares, hashes, formats and
serializes as its text (``Status.PASS == "pass"``, ``f"{Status.PASS}"`` is
``pass``, JSON writes ``"pass"``), so every output stays as it was written with
plain strings, while the set of names is closed and can be iterated over.
Python 3.11's ``StrEnum`` does the same; this works on 3.10 too.
"""

from __future__ import annotations

from enum import Enum


class Term(str, Enum):
    __str__ = str.__str__
    __format__ = str.__format__
