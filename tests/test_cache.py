"""The parse cache: a re-run on unchanged bytes skips YAML; any change, or a bad entry, is a miss."""

from __future__ import annotations

import io
import json
import os
import pickle
import stat
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
    """The cache's entries (of this layout, or the one before it: the tests attack both)."""
    if not folder.is_dir():
        return []
    return sorted({*folder.glob("*.pickle"), *folder.glob("*" + getattr(cache, "ENTRY_SUFFIX", ".pickle"))})


def split_entry(data: bytes) -> tuple[bytes, bytes]:
    """(what comes before the pickled book, the pickled book) of an entry."""
    magic = getattr(cache, "MAGIC", None)
    if magic is not None and data.startswith(magic):
        start = len(magic) + cache.TAG_BYTES
        return data[:start], data[start:]
    stream = io.BytesIO(data)  # the earlier layout: a pickled header, then the book
    pickle.load(stream)
    return data[: stream.tell()], data[stream.tell() :]


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
    header, _ = split_entry(entry.read_bytes())  # the genuine header, so only the payload is foreign
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple:
            return (os.system, (f"touch {marker}",))

    entry.write_bytes(header + pickle.dumps(Payload()))
    code, data = check_json("--facts", str(bundled_copy))
    assert code == 0 and data["summary"]["passed"] == 128
    assert not marker.exists()


def test_a_planted_book_is_a_miss_so_a_failing_file_still_fails(cache_dir: Path, mini: Path, tmp_path: Path) -> None:
    """Whoever can write the cache folder, but has not the user's key, cannot make a failing file pass."""
    passing = tmp_path / "passing.yaml"
    passing.write_text("facts:\n  a: {value: 1, unit: 个, quote: 1个}\n", encoding="utf-8")
    assert check_json("--facts", str(passing))[0] == 0
    assert check_json("--facts", str(mini))[0] == 1
    by_name = {path.read_bytes(): path for path in entries(cache_dir)}
    [passing_entry] = [path for data, path in by_name.items() if b"passing.yaml" in data]
    [failing_entry] = [path for path in entries(cache_dir) if path != passing_entry]
    header, _ = split_entry(failing_entry.read_bytes())  # bound to mini.yaml's bytes and name...
    book = cache._load(mini, None)
    book.rules.clear()  # ...but a book with no failing rule
    failing_entry.write_bytes(header + pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))
    code, data = check_json("--facts", str(mini))
    assert code == 1 and data["summary"]["failed"] >= 1
    failing_entry.write_bytes(passing_entry.read_bytes())  # a genuine entry, of another file
    assert check_json("--facts", str(mini))[0] == 1


def test_the_unpickler_builds_only_the_listed_classes() -> None:
    """Not any class of a jinsha module: importing jinsha_cli.__main__ alone would run jinsha."""
    for module, name in (("jinsha_cli.__main__", "X"), ("jinsha_cli.formats", "Options"), ("os", "system")):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import io, sys\nfrom jinsha_cli.factfile.cache import _Unpickler\n"
                f"_Unpickler(io.BytesIO(b'c{module}\\n{name}\\n.')).load()\n",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "JINSHA_NO_CACHE": "1"},
        )
        assert "UnpicklingError: refused to load" in done.stderr, (module, done.stderr[-500:])
        assert "Usage" not in done.stdout + done.stderr
    allowed = getattr(cache, "ALLOWED", None)
    assert allowed is not None and all(module != "jinsha_cli.__main__" for module, _ in allowed)


def test_every_class_a_fact_book_is_made_of_is_allowed(cache_dir: Path) -> None:
    from .conftest import BUNDLED, FIXTURES

    used: set[tuple[str, str]] = set()

    class Recorder(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> object:
            used.add((module, name))
            return super().find_class(module, name)

    for path in [BUNDLED, *FIXTURES.glob("*.yaml")]:
        book = cache._load(path, None)
        Recorder(io.BytesIO(pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))).load()
    assert used and used <= cache.ALLOWED, used - cache.ALLOWED


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
    key = cache.user_key()
    assert key is not None
    header = (cache.FORMAT, cache.code_fingerprint(), "name", "path", b"digest")
    book = cache._load(bundled_copy, None)
    cache_dir.mkdir(parents=True, exist_ok=True)
    entry = cache_dir / ("0" * 32 + cache.ENTRY_SUFFIX)
    cache.write_entry(entry, header, book, key)
    assert cache.read_entry(entry, header, key) is not None
    older_code = (cache.FORMAT, (sys.version_info[:2], b"other code"), "name", "path", b"digest")
    assert cache.read_entry(entry, older_code, key) is None
    assert cache.read_entry(entry, header, bytes(32)) is None  # another user's key


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of jinsha's package that the code fingerprint reads instead (free to edit)."""
    import shutil

    package = tmp_path / "jinsha_cli"
    shutil.copytree(Path(cache.__file__).resolve().parent.parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", package)
    cache._fingerprints.clear()
    return package


def test_the_code_fingerprint_is_the_content_not_the_size_and_time(package_copy: Path) -> None:
    package = package_copy
    before = cache.code_fingerprint()
    module = package / "rules" / "evaluate.py"
    info = module.stat()
    text = module.read_bytes()
    changed = text.replace(b"(", b"[", 1)
    assert changed != text and len(changed) == len(text)
    module.write_bytes(changed)  # the same size, and (as cp -p or rsync -a keep it) the same time
    os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))
    getattr(cache, "_fingerprints", {}).clear()
    assert cache.code_fingerprint() != before


def test_prune_removes_only_old_files_that_jinsha_wrote(cache_dir: Path, bundled_copy: Path) -> None:
    cache_dir.mkdir(parents=True, mode=0o700)
    month_ago = time.time() - 31 * 86400
    ours_old = cache_dir / ("a" * 32 + cache.ENTRY_SUFFIX)
    ours_recent = cache_dir / ("b" * 32 + cache.ENTRY_SUFFIX)
    our_leftover = cache_dir / ".jinsha-0123456789ab.1.cafe.tmp"
    named_like_ours = cache_dir / ("c" * 32 + cache.ENTRY_SUFFIX)  # the name, not the header
    others = [cache_dir / "gone.pickle", cache_dir / ".x.pickle.abc.tmp", cache_dir / "notes.txt", named_like_ours]
    for path in (ours_old, ours_recent):
        path.write_bytes(cache.MAGIC + b"x")
    for path in (our_leftover, *others):
        path.write_bytes(b"x")
    for path in (ours_old, our_leftover, *others):
        os.utime(path, (month_ago, month_ago))
    assert check_json("--facts", str(bundled_copy))[0] == 0  # a miss: writes, then prunes
    assert not ours_old.exists() and not our_leftover.exists()
    assert ours_recent.exists() and all(path.exists() for path in others)
    assert len([path for path in entries(cache_dir) if path.suffix == cache.ENTRY_SUFFIX]) == 3


def test_the_folder_and_entries_are_private_whatever_the_umask(cache_dir: Path, bundled_copy: Path) -> None:
    bundled_copy.chmod(0o600)  # an embargoed fact file...
    previous = os.umask(0o022)
    try:
        assert check_json("--facts", str(bundled_copy))[0] == 0
    finally:
        os.umask(previous)
    [entry] = entries(cache_dir)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600  # ...is not readable by others once cached


def test_an_older_folder_readable_by_others_is_made_private(cache_dir: Path, bundled_copy: Path) -> None:
    cache_dir.mkdir(parents=True)
    cache_dir.chmod(0o755)  # as an older jinsha made it under umask 022
    assert check_json("--facts", str(bundled_copy))[0] == 0
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700 and len(entries(cache_dir)) == 1


def run_check(facts: Path, cache_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "check", str(facts), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "JINSHA_CACHE_DIR": str(cache_dir)},
    )


@pytest.mark.parametrize("kind", ["writable by others", "another user's"])
def test_a_cache_folder_others_can_write_is_not_used_and_says_so_once(
    cache_dir: Path, bundled_copy: Path, mini: Path, kind: str
) -> None:
    cache_dir.mkdir(parents=True)
    if kind == "writable by others":
        cache_dir.chmod(0o777)
        expected = "others can write to it"
    else:
        if os.getuid() != 0:
            pytest.skip("giving the folder to another user needs root (CI runs as root)")
        os.chown(cache_dir, 65534, 65534)
        cache_dir.chmod(0o700)
        expected = "it belongs to another user"
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "check", str(bundled_copy), str(mini), "--format", "concise"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "JINSHA_CACHE_DIR": str(cache_dir)},
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.count(f"not using the cache folder {cache_dir}: {expected}") == 1, done.stderr
    assert entries(cache_dir) == []


def test_the_key_is_private_and_outside_the_cache_folder(cache_dir: Path, bundled_copy: Path) -> None:
    assert check_json("--facts", str(bundled_copy))[0] == 0
    key = cache.key_file()
    assert key.is_file() and cache_dir not in key.parents
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert not any(
        path.stat().st_size == cache.KEY_BYTES and path.read_bytes() == key.read_bytes() for path in cache_dir.iterdir()
    )


def test_a_key_others_could_read_is_replaced(
    cache_dir: Path, bundled_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    first = run_check(bundled_copy, cache_dir)
    assert first.returncode == 0
    key = cache.key_file()
    old = key.read_bytes()
    key.chmod(0o644)
    again = run_check(bundled_copy, cache_dir)
    assert again.returncode == 0 and json.loads(again.stdout) == json.loads(first.stdout)
    assert key.read_bytes() != old and stat.S_IMODE(key.stat().st_mode) == 0o600


def test_concurrent_runs_on_different_and_same_files_never_see_a_wrong_entry(
    cache_dir: Path, bundled_copy: Path, mini: Path
) -> None:
    expected = {path: run_check(path, cache_dir / "reference") for path in (bundled_copy, mini)}
    wanted = {path: json.loads(done.stdout)["summary"] for path, done in expected.items()}
    for _ in range(3):
        processes = [
            (
                path,
                subprocess.Popen(
                    [sys.executable, "-m", "jinsha_cli", "check", str(path), "--format", "json"],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env={**os.environ, "JINSHA_CACHE_DIR": str(cache_dir)},
                ),
            )
            for path in (bundled_copy, mini) * 4
        ]
        for path, process in processes:
            out, err = process.communicate(timeout=120)
            assert "Traceback" not in err, err
            assert json.loads(out)["summary"] == wanted[path]
    assert len(entries(cache_dir)) == 2
    assert not [path for path in cache_dir.iterdir() if path.name.endswith(".tmp")]


def test_no_home_folder_means_no_cache_not_a_crash(bundled_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("JINSHA_CACHE_DIR", "XDG_CACHE_HOME", "JINSHA_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert check_json("--facts", str(bundled_copy))[0] == 0


def test_a_configuration_is_parsed_once_while_its_text_is_unchanged(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jinsha_cli.factfile import config

    project = tmp_path / "project"
    project.mkdir()
    toml = project / "jinsha.toml"
    toml.write_text('[check]\nformat = "json"\n', encoding="utf-8")
    parsed: list[str] = []
    real = config._parsed
    monkeypatch.setattr(config, "_parsed", lambda path, text: parsed.append(text) or real(path, text))
    assert config.load_config(project).commands == {"check": {"format": "json"}}
    assert config.load_config(project).commands == {"check": {"format": "json"}}
    assert len(parsed) == 1  # the second run read the cache
    [entry] = cache_dir.glob("*" + cache.CONFIG_SUFFIX)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    toml.write_text('[check]\nformat = "sarif"\n', encoding="utf-8")  # an edit: parsed again
    assert config.load_config(project).commands == {"check": {"format": "sarif"}} and len(parsed) == 2
    data = bytearray(entry.read_bytes())
    data[-3] ^= 1  # a torn or planted entry never verifies: parsed again, and rewritten
    entry.write_bytes(bytes(data))
    assert config.load_config(project).commands == {"check": {"format": "sarif"}} and len(parsed) == 3
    toml.write_text("[check\n", encoding="utf-8")  # invalid TOML: the located error, nothing kept
    with pytest.raises(config.ConfigError, match="invalid TOML"):
        config.load_config(project)
    with pytest.raises(config.ConfigError, match="invalid TOML"):
        config.load_config(project)
    assert len(parsed) == 5
    monkeypatch.setenv("JINSHA_NO_CACHE", "1")
    toml.write_text('[check]\nformat = "json"\n', encoding="utf-8")
    config.load_config(project)
    config.load_config(project)
    assert len(parsed) == 7  # no cache at all


def test_the_fingerprint_covers_the_code_that_builds_a_book_and_nothing_else(package_copy: Path) -> None:
    package = package_copy

    def fingerprint_after(edit: Path) -> tuple:
        edit.write_text(edit.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        cache._fingerprints.clear()
        return cache.code_fingerprint()

    before = cache.code_fingerprint()
    assert fingerprint_after(package / "draft" / "extract.py") == before  # drafting builds no book
    assert fingerprint_after(package / "formats" / "concise.py") == before
    for module in (
        "core/model.py",
        "core/numbers.py",
        "rules/expr.py",
        "factfile/loader.py",
        "factfile/facts.schema.json",
    ):
        now = fingerprint_after(package / module)
        assert now != before, module
        before = now


def test_prune_removes_an_older_jinshas_entries_and_nothing_named_like_them(
    cache_dir: Path, bundled_copy: Path
) -> None:
    import pickle

    cache_dir.mkdir(parents=True, mode=0o700)
    month_ago = time.time() - 31 * 86400
    header = (1, ((3, 11), b"\0" * 32), "facts.yaml", "facts.yaml", b"\1" * 32)  # as jinsha's format 1 began
    old_entry = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL) + pickle.dumps({"a book": 1})
    stale, recent = cache_dir / ("d" * 32 + ".pickle"), cache_dir / ("e" * 32 + ".pickle")
    lookalike, user_file = cache_dir / ("f" * 32 + ".pickle"), cache_dir / "results.pickle"
    for path in (stale, recent, user_file):
        path.write_bytes(old_entry)
    lookalike.write_bytes(pickle.dumps(("not", "jinsha"), protocol=pickle.HIGHEST_PROTOCOL))
    for path in (stale, lookalike, user_file):
        os.utime(path, (month_ago, month_ago))
    assert check_json("--facts", str(bundled_copy))[0] == 0  # a miss: writes, then prunes
    assert not stale.exists()
    assert recent.exists() and lookalike.exists() and user_file.exists()
