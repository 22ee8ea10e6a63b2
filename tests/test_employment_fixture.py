"""The newcomer's fact file: the 2019 People's Daily article on urban employment.

tests/fixtures/employment.txt is the article byte for byte (UTF-8, CRLF);
employment.facts.yaml covers its figures and must check clean against it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from jinsha_cli.factfile.loader import load

from .conftest import FIXTURES, ROOT

FACTS = FIXTURES / "employment.facts.yaml"
DOCUMENT = FIXTURES / "employment.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "people-daily" / "2019-02" / "20190225-13-02.txt"


def test_the_document_is_the_corpus_article_byte_for_byte() -> None:
    if not CORPUS.is_file():
        pytest.skip(f"the corpus is not at {CORPUS} (it lives in the shared folder beside the checkout)")
    assert DOCUMENT.read_bytes() == CORPUS.read_bytes()


def test_the_document_keeps_its_crlf_line_ends() -> None:
    data = DOCUMENT.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == 60
    data.decode("utf-8")


def test_the_fact_file_checks_clean_against_its_document() -> None:
    command = ["check", "--facts", str(FACTS), "--source", str(DOCUMENT), "--format", "json", "--strict"]
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", *command],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    data = json.loads(done.stdout)
    assert data["problems"] == []
    assert {result["status"] for result in data["results"]} == {"pass"}
    summary = data["summary"]
    assert summary["source_failed"] == 0 and summary["quotes_failed"] == 0
    book = load(FACTS)
    quoted = sum(1 for fact in book.facts.values() if fact.quotes)
    assert summary["source_quotes_checked"] == quoted == len(book.facts)


def test_the_fact_file_uses_the_grammar_of_official_figures() -> None:
    """The forms this article needs, each read as the document means it."""
    facts = load(FACTS).facts
    assert facts["unemployment.surveyed.target_2019"].written == "5.5%以内"
    assert facts["labour.new_entrants"].written == "1500万人以上"
    assert facts["tertiary.jobs_yearly"].written == "1500万人左右"
    assert facts["private.firms.lead"].unit == "个百分点"
    assert facts["policy.numbers"].items is not None and len(facts["policy.numbers"].quotes) == 3
    every = load(FACTS)
    assert every.source["date"] == "2019-02-25" and every.source["series"] == "数字看“六稳”"
    for fact in facts.values():
        assert fact.zh and fact.en and fact.section and fact.tags, fact.id
