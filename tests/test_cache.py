"""The parse cache: a re-run on unchanged bytes skips YAML; any change, or a bad entry, is a miss."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jinsha_cli.cli import app
from jinsha_cli.factfile import cache

runner = CliRunner()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JINSHA_CACHE_DIR", str(folder))
    monkeypatch.delenv("JINSHA_NO_CACHE", raising=False)
    return folder


def check_json(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def fresh_process_modules(facts: Path, *extra: str) -> tuple[int, set[str]]:
    """Run `jinsha check` in a new interpreter; its exit code and the modules it imported."""
    code = (
        "import atexit, sys\nfrom jinsha_cli.cli import main\nsys.argv = ['jinsha', *sys.argv[1:]]\n"
        "atexit.register(lambda: print('\\n'.join(sys.modules), file=sys.stderr))\nmain()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "check", "--facts", str(facts), "--format", "json", *extra],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    return done.returncode, set(done.stderr.split())


def test_an_unchanged_file_is_read_back_without_yaml(cache_dir: Path, bundled_copy: Path) -> None:
    code, first = fresh_process_modules(bundled_copy)
    assert code == 0 and {"yaml", "jinsha_cli.factfile.loader"} <= first
    assert len(entries(cache_dir)) == 1
    code, second = fresh_process_modules(bundled_copy)
    assert code == 0 and not {"yaml", "jinsha_cli.factfile.loader", "jinsha_cli.factfile.schema"} & second


def test_a_cached_book_gives_the_same_report(cache_dir: Path, bundled_copy: Path) -> None:
    parsed = check_json("--facts", str(bundled_copy), "--no-cache")
    assert entries(cache_dir) == []  # --no-cache neither reads nor writes
    stored = check_json("--facts", str(bundled_copy))
    assert len(entries(cache_dir)) == 1
    read_back = check_json("--facts", str(bundled_copy))
    assert parsed == stored == read_back
    assert read_back[1]["summary"]["passed"] == 128


def test_an_edit_is_a_miss_even_at_the_same_size_and_time(cache_dir: Path, bundled_copy: Path) -> None:
    assert check_json("--facts", str(bundled_copy))[0] == 0
    stat = bundled_copy.stat()
    text = bundled_copy.read_text(encoding="utf-8")
    edited = text.replace("value: 40万", "value: 50万", 1)
    assert edited != text and len(edited) == len(text)
    bundled_copy.write_text(edited, encoding="utf-8")
    os.utime(bundled_copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    code, data = check_json("--facts", str(bundled_copy))
    assert code == 1
    assert "industry.target-digits" in {r["rule"] for r in data["results"] if r["status"] == "fail"}
    assert len(entries(cache_dir)) == 1  # one entry per file, replaced


def test_a_file_with_problems_is_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "facts.yaml"
    broken.write_text("facts:\n  a: {value: 1}\n  a: {value: 2}\n", encoding="utf-8")
    for _ in range(2):
        result = runner.invoke(app, ["check", "--facts", str(broken), "--format", "concise"])
        assert result.exit_code == 2 and "duplicate" in result.output
    assert entries(cache_dir) == []


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05truncated"])
def test_a_damaged_entry_is_a_miss_and_is_rewritten(cache_dir: Path, bundled_copy: Path, damage: bytes) -> None:
    expected = check_json("--facts", str(bundled_copy), "--no-cache")
    check_json("--facts", str(bundled_copy))
    [entry] = entries(cache_dir)
    entry.write_bytes(damage)
    assert check_json("--facts", str(bundled_copy)) == expected
    assert entry.read_bytes() != damage


def test_a_planted_entry_cannot_run_code(cache_dir: Path, bundled_copy: Path, tmp_path: Path) -> None:
    check_json("--facts", str(bundled_copy))
    [entry] = entries(cache_dir)
    header = pickle.loads(entry.read_bytes())  # the genuine header, so only the payload is foreign
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple:
            return (os.system, (f"touch {marker}",))

    entry.write_bytes(pickle.dumps(header) + pickle.dumps(Payload()))
    code, data = check_json("--facts", str(bundled_copy))
    assert code == 0 and data["summary"]["passed"] == 128
    assert not marker.exists()


def test_the_cache_can_be_turned_off_or_unwritable(
    cache_dir: Path, bundled_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JINSHA_NO_CACHE", "1")
    assert check_json("--facts", str(bundled_copy))[0] == 0
    assert entries(cache_dir) == []
    monkeypatch.delenv("JINSHA_NO_CACHE")
    cache_dir.parent.joinpath("a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("JINSHA_CACHE_DIR", str(cache_dir.parent / "a-file" / "cache"))  # cannot be created
    assert check_json("--facts", str(bundled_copy))[0] == 0


def test_large_files_are_not_cached(cache_dir: Path, bundled_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_BYTES", bundled_copy.stat().st_size - 1)
    assert check_json("--facts", str(bundled_copy))[0] == 0
    assert entries(cache_dir) == []


def test_a_change_to_jinsha_itself_is_a_miss(cache_dir: Path, bundled_copy: Path) -> None:
    header = (cache.FORMAT, cache.code_fingerprint(), "name", "path", b"digest")
    book = cache._load(bundled_copy, None)
    entry = cache_dir / "entry.pickle"
    cache.write_entry(entry, header, book)
    assert cache.read_entry(entry, header) is not None
    older_code = (cache.FORMAT, (sys.version_info[:2], (("model.py", 1, 1),)), "name", "path", b"digest")
    assert cache.read_entry(entry, older_code) is None


def test_old_entries_and_leftover_temporary_files_are_pruned_on_a_write(cache_dir: Path, bundled_copy: Path) -> None:
    cache_dir.mkdir(parents=True)
    month_ago = time.time() - 31 * 86400
    old_entry, recent_entry = cache_dir / "gone.pickle", cache_dir / "recent.pickle"
    leftover, someone_elses = cache_dir / ".x.pickle.abc.tmp", cache_dir / "notes.txt"
    for path in (old_entry, recent_entry, leftover, someone_elses):
        path.write_bytes(b"x")
        os.utime(path, (month_ago, month_ago))
    os.utime(recent_entry)  # written just now
    assert check_json("--facts", str(bundled_copy))[0] == 0  # a miss: writes, then prunes
    names = {path.name for path in cache_dir.iterdir()}
    assert names >= {"recent.pickle", "notes.txt"} and len(entries(cache_dir)) == 2
    assert not old_entry.exists() and not leftover.exists()


def test_no_home_folder_means_no_cache_not_a_crash(bundled_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("JINSHA_CACHE_DIR", "XDG_CACHE_HOME", "JINSHA_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert check_json("--facts", str(bundled_copy))[0] == 0
