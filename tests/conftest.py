from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The Jinsha article the bundled fact file describes, shipped byte for byte so that its
# tests run on a fresh clone; SHARED_ARTICLE is where it comes from (test_fixtures.py).
ARTICLE = FIXTURES / "jinsha_article.txt"
SHARED_ARTICLE = ROOT.parent / "shared" / "seeds" / "000_d6e33d8f1fdc3f8d.txt"
BUNDLED = ROOT / "facts.yaml"


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The parse cache of every run in the tests (subprocesses inherit it): never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["JINSHA_CACHE_DIR"] = str(folder)
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))  # the cache's key, too
    return folder


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small fact file with every kind of verdict."""
    target = tmp_path / "mini.yaml"
    shutil.copy(FIXTURES / "mini.yaml", target)
    return target


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """The bundled fact file in a folder of its own, naming a document that is not there.

    (Its own ``../shared/seeds/...`` would leave the copy's folder, which a fact
    file may not do: see factfile/boundary.py.)
    """
    target = tmp_path / "facts.yaml"
    text = BUNDLED.read_text(encoding="utf-8")
    target.write_text(text.replace("document: ../shared/seeds/", "document: seeds/", 1), encoding="utf-8")
    return target


@pytest.fixture
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
