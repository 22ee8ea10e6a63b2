"""The label a curator keeps: the phrase a figure quantifies, never a fragment of a clause.

The phrase read before a figure (:mod:`.document`) is what the relation finders match on;
the label is that phrase with the time words, markers and joining verbs around it left out
(——去年全国居民人均工资性收入 → 全国居民人均工资性收入, 城镇调查失业率保持在 → 城镇调查
失业率), and empty when what is left still looks like a fragment (预期等, 只要年后回去上班就能涨):
an empty label asks the curator for one, a fragment misleads. The words are data
(``data/labels.yaml``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

_WORDS = {
    key: tuple(sorted((str(w) for w in words), key=len, reverse=True))
    for key, words in yaml.safe_load(
        resources.files(__package__).joinpath("data", "labels.yaml").read_text(encoding="utf-8")
    ).items()
}
FRAGMENT_START: tuple[str, ...] = _WORDS["fragment_start"]
FRAGMENT_END: tuple[str, ...] = _WORDS["fragment_end"]
STRIP_START: tuple[str, ...] = _WORDS["strip_start"]
STRIP_END: tuple[str, ...] = _WORDS["strip_end"]

_CJK = re.compile("[\u4e00-\u9fff]")
_EDGE = " \t\u3000\xa0—-–―~～·•：:，,、；;。！？!?“”‘’\"'《》「」『』（）()【】[]"
# A clause with a pronoun or a modal inside is speech, not a name (只要年后回去上班就能涨).
_SPEECH = re.compile("我们|他们|你们|只要|就能|可以|能够|应该|需要|打算|争取|一次性|这样|那样|什么|怎么|如何")
# A verb with its object inside a label is a clause, not a name (张轲转岗到晋煤集团制).
_CLAUSE = re.compile("[^\u4e00-\u9fff%A-Za-z0-9]|(?:转岗到|带动|帮助|享受到|拿到|惠及|推出|发放|召开)")
MIN_CJK = 2
_LATIN_NAME = re.compile("[A-Z][A-Z0-9]{1,5}")


@lru_cache(maxsize=65536)
def fragment_reason(label: str) -> str:
    """Why a label looks like a fragment of a clause ("" when it looks like a name).

    This is the measure bench/labels.py counts over the corpus: a label of fewer than two
    Chinese characters, one that starts mid-clause or ends before its object (a function
    word, a joining verb), or one that holds punctuation or speech.
    """
    if not label:
        return ""
    if _LATIN_NAME.fullmatch(label):
        return ""  # M2, GDP, CPI: a name in Latin letters
    if len(_CJK.findall(label)) < MIN_CJK:
        return "fewer than two Chinese characters"
    if label in STRIP_START:
        return "only a time or a linking word"
    if label[0] in _EDGE:
        return f"starts with {label[0]!r}"
    for word in FRAGMENT_START:
        if label.startswith(word) and not _known_start(label):
            return f"starts mid-clause with {word!r}"
    for word in FRAGMENT_END:
        if label.endswith(word) and not _known_end(label):
            return f"ends before its object with {word!r}"
    if _SPEECH.search(label):
        return "reads as speech"
    if _CLAUSE.search(label):
        return "holds punctuation or a verb with its object"
    return ""


@lru_cache(maxsize=65536)
def clean_label(phrase: str) -> str:
    """The label for a phrase: the phrase less its edges, or "" when no name is left."""
    text = phrase
    changed = True
    while changed and text:
        changed = False
        stripped = text.strip(_EDGE)
        if stripped != text:
            text, changed = stripped, True
        for word in STRIP_START:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word) :], True
                break
        for word in STRIP_END:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
                break
    # 任务之一就是将城镇调查失业率: what stands after 将 / 把 / 就是 is the name
    lead = _LEADS_TO_NAME.search(text)
    if lead and len(_CJK.findall(text[lead.end() :])) >= 3:
        text = text[lead.end() :]
    return "" if fragment_reason(text) else text


_LEADS_TO_NAME = re.compile(".*(?:就是将|就是把|就是|将|把)")


NAMES: tuple[str, ...] = _WORDS["names"]


def _known_start(label: str) -> bool:
    return label.startswith(NAMES)


def _known_end(label: str) -> bool:
    return label.endswith(NAMES)
