"""The test fixtures: the shipped article is the shared one, and the bundled facts quote it.

Also: a cache entry written before the package move (classes under the old
module names) is a miss, not an error.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import jinsha_cli as jinsha
from jinsha_cli.factfile import cache

from .conftest import ARTICLE, BUNDLED, FIXTURES, SHARED_ARTICLE


def test_the_shipped_article_is_the_shared_one_byte_for_byte() -> None:
    if not SHARED_ARTICLE.is_file():
        pytest.skip(
            f"the shared article is not at {SHARED_ARTICLE} (it lives in the shared folder beside the checkout)"
        )
    assert ARTICLE.read_bytes() == SHARED_ARTICLE.read_bytes()


def test_every_quote_of_the_bundled_file_is_in_the_shipped_article(tmp_path: Path) -> None:
    shutil.copy(ARTICLE, tmp_path / "article.txt")
    text = BUNDLED.read_text(encoding="utf-8")
    assert "document: ../shared/seeds/000_d6e33d8f1fdc3f8d.txt" in text
    facts = tmp_path / "facts.yaml"
    facts.write_text(text.replace("../shared/seeds/000_d6e33d8f1fdc3f8d.txt", "article.txt", 1), encoding="utf-8")
    (run,) = jinsha.check_files([facts])
    assert run.report.source_document == str(tmp_path / "article.txt")
    assert run.report.source_quotes_checked > 150
    assert [r.rule for r in run.report.results if r.kind == "source"] == []
    assert jinsha.exit_code([run]) == 0


def _old_layout_payload(book: jinsha.Factbook) -> bytes:
    """The book pickled as the flat layout named its classes (jinsha_cli.model, jinsha_cli.numbers)."""
    payload = pickle.dumps(book, protocol=2)  # protocol 2 names each class as text: 'c<module>\\n<name>\\n'
    for package in (b"core", b"rules", b"factfile", b"check"):
        payload = payload.replace(b"cjinsha_cli." + package + b".", b"cjinsha_cli.")
    assert b"cjinsha_cli.model\n" in payload
    return payload


def test_a_cache_entry_of_the_old_layout_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JINSHA_CACHE_DIR", str(tmp_path / "cache"))
    facts = tmp_path / "mini.yaml"
    shutil.copy(FIXTURES / "mini.yaml", facts)
    fresh = cache.load(facts)
    (entry,) = (tmp_path / "cache").glob(f"*{cache.ENTRY_SUFFIX}")
    key = cache.user_key()
    assert key is not None
    header = (
        cache.FORMAT,
        cache.code_fingerprint(),
        str(facts),
        str(facts),
        cache.blake2b(facts.read_bytes(), digest_size=32).digest(),
    )
    assert cache.read_entry(entry, header, key) is not None  # the header is the one load() uses
    payload = _old_layout_payload(fresh)
    entry.write_bytes(cache.MAGIC + cache._tag(key, header, payload) + payload)
    assert cache.read_entry(entry, header, key) is None
    again = cache.load(facts)
    assert [f.id for f in again.facts.values()] == [f.id for f in fresh.facts.values()] and not again.problems
    assert cache.read_entry(entry, header, key) is not None  # rewritten in the current layout
