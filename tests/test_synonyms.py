"""The synonym vocabulary of find (jinsha_cli/lookup/synonyms.tsv): well formed, no word twice,
every word reachable, and every group doing its job in a real lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from jinsha_cli.lookup.questions import read_query
from jinsha_cli.lookup.synonyms import VOCABULARY_FILE, Vocabulary, VocabularyError, parse, vocabulary
from jinsha_cli.lookup.words import is_cjk, normalise, stem

GROUPS = parse(VOCABULARY_FILE.read_text(encoding="utf-8"))


def test_the_file_is_well_formed() -> None:
    text = VOCABULARY_FILE.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if line and not line.startswith("#"):
            assert line.count("\t") == 2, f"synonyms.tsv:{number}: three tab-separated columns"
            assert line == line.strip(), f"synonyms.tsv:{number}: no leading or trailing blanks"
    assert len(GROUPS) >= 60
    for group in GROUPS:
        assert group.name.replace("-", "").isalnum() and group.name == group.name.lower(), group.name
        assert len(group.words) >= 2, f"{group.name}: a group of one word is no synonym"
        assert group.chinese and group.english, f"{group.name}: Chinese and English words both"
        for word in group.words:
            assert word == normalise(word).strip(), f"{group.name}: {word!r} is folded already (NFKC, lower case)"
            assert is_cjk(word) or (word.isascii() and word.isalpha()), f"{group.name}: {word!r} is one word"


def test_no_group_name_or_word_twice() -> None:
    names = [group.name for group in GROUPS]
    assert len(names) == len(set(names))
    seen: dict[str, str] = {}
    for group in GROUPS:
        for word in group.words:
            key = word if is_cjk(word) else stem(word)  # English words meet by stem
            assert seen.setdefault(key, group.name) == group.name, f"{word!r} in {seen[key]} and {group.name}"


def test_every_word_reaches_its_own_group() -> None:
    vocab = vocabulary()
    for group in GROUPS:
        for word in group.words:
            assert vocab.group_of(word) is not None and vocab.group_of(word).name == group.name, word
            if is_cjk(word) and len(word) > 1:  # a query that is the word alone is read as that group
                pieces = vocab.segment(word)
                assert [(piece, found.name if found else None) for piece, found in pieces] == [(word, group.name)]


def test_units_are_units_the_files_write() -> None:
    known = {"人", "户", "元", "个", "亩", "平方公里", "平方米", "公里", "%", "件", "人次", "年"}
    for group in GROUPS:
        assert set(group.units) <= known, group.name


def test_opposites_never_share_a_group() -> None:
    vocab = vocabulary()
    for word, opposite in [("就业", "失业"), ("employment", "unemployment"), ("增长", "减少"), ("growth", "decrease")]:
        assert vocab.group_of(word) is not vocab.group_of(opposite)


def test_a_malformed_line_is_located(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match=r"x\.tsv:2: expected 3 tab-separated columns"):
        parse("# comment\nname\tonly two\n", "x.tsv")
    with pytest.raises(VocabularyError, match=r"x\.tsv:1: a group needs a name and words"):
        parse("name\t-\tword, , other\n", "x.tsv")


def test_segmenting_cuts_a_run_at_vocabulary_words() -> None:
    vocab = Vocabulary(parse("refund\t元\t返还, 退还, refund\nmoney\t元\t资金, 钱, money\n"))
    assert [piece for piece, _ in vocab.segment("退还了多少钱")] == ["退还", "了多少钱"]
    assert [piece for piece, _ in vocab.segment("钱")] == ["钱"]


@pytest.mark.parametrize(
    ("query", "units"),
    [
        ("多少人就业", {"人"}),
        ("几户", {"户"}),
        ("退还了多少钱", {"元"}),
        ("how many people found jobs?", {"人"}),
        ("how many households were relocated", {"户"}),
        ("how much money was refunded?", {"元"}),
        ("what share of GDP", {"%"}),
        ("龙头企业有多少家", {"个"}),
    ],
)
def test_the_unit_a_question_asks_for(query: str, units: set[str]) -> None:
    assert read_query(query, {"人", "户", "元", "个", "亩", "人次"}).units == units
