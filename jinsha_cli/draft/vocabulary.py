"""The drafter's vocabulary, read from the data files in ``data/`` (words are data, not code).

- ``roles.yaml``: the cue words of a figure's role (change, share, rate, target);
- ``fillers.yaml``: words around a figure that do not name what it quantifies, and the
  scope words 全国 / 中央 / 地方;
- ``terms.tsv``: common statistical terms with a word for ids and an English label;
- ``places.yaml``: the provinces, which a list before a count of provinces names.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

_DATA = resources.files(__package__).joinpath("data")


def _yaml(name: str) -> dict[str, list[str]]:
    loaded = yaml.load(
        _DATA.joinpath(name).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    return {key: [str(word) for word in words] for key, words in loaded.items()}


def _terms() -> dict[str, tuple[str, str]]:
    terms: dict[str, tuple[str, str]] = {}
    for line in _DATA.joinpath("terms.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        zh, word, en = line.split("\t")
        terms.setdefault(zh, (word, en))
    return terms


ROLE_CUES = _yaml("roles.yaml")
FILLERS = _yaml("fillers.yaml")
LEADING_FILLERS = tuple(sorted(FILLERS["leading"], key=len, reverse=True))
TRAILING_FILLERS = tuple(sorted(FILLERS["trailing"], key=len, reverse=True))
SCOPES = tuple(FILLERS["scope"])
PROVINCES = frozenset(_yaml("places.yaml")["provinces"])
TERMS = _terms()
TERMS_RE = re.compile("|".join(re.escape(t) for t in sorted(TERMS, key=len, reverse=True)))


def english(phrase: str) -> str:
    """The English label of a phrase made wholly of known terms, else ""."""
    words, pos = [], 0
    for match in TERMS_RE.finditer(phrase):
        if match.start() != pos:
            return ""
        words.append(TERMS[match.group()][1])
        pos = match.end()
    return " ".join(words) if words and pos == len(phrase) else ""


def id_words(phrase: str) -> list[str]:
    """The id words of the known terms in a phrase, in order, without repeats."""
    words: list[str] = []
    for match in TERMS_RE.finditer(phrase):
        word = TERMS[match.group()][0]
        if word not in words:
            words.append(word)
    return words


def covered(phrase: str) -> bool:
    """Is the phrase made wholly of known terms?"""
    return bool(english(phrase))
