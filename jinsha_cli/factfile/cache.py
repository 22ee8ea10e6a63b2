"""A cache of loaded fact files: a re-check or a lookup of an unchanged file skips YAML.

Loading the bundled fact file (parsing, schema validation, reading every figure
and parsing every rule) costs more than all the rest of ``jinsha check``. So a
fact book that loaded without problems is saved, pickled, and the next run on
the same bytes reads it back instead, without even importing the YAML loader.

Each fact file has one entry, ``<digest of its absolute path>.jinsha-cache``,
so the cache holds one entry per file however often it is edited. Nobody but
jinsha may put a book in front of the checker, so an entry is used only when:

- the folder is the user's own and nobody else can write to it (else it is not
  used at all, and jinsha says so once on stderr); it is made 0700, entries 0600
  (a fact file may be private: its pickle must not be readable by others);
- its tag verifies: a keyed BLAKE2b (a MAC, as HMAC would be, without loading
  OpenSSL) over the digest of the fact file's exact bytes, the name and path it
  was loaded under, a fingerprint of the code that builds a book (the content of
  every module of ``core``, ``rules`` and ``factfile``) and the pickled book
  itself. The key is per user, 32 random bytes in
  ``$XDG_CONFIG_HOME/jinsha/cache-key`` (else ``~/.config/jinsha/cache-key``),
  0600 and outside the cache folder, so that a cache folder that is shared, or
  restored from a CI cache a pull request filled, holds nothing that verifies;
- then it is unpickled by an unpickler that builds only the classes listed in
  ``ALLOWED`` (the model, numbers, intervals, rule nodes and Fraction).

Anything else (a planted, torn, stale or foreign entry) is a miss, and the
entry is rewritten. Writes are atomic (a temporary file, then a rename), so
two runs at once never see half an entry. Entries not rewritten for 30 days,
and temporary files a killed run left, are removed on a miss; nothing in the
folder that does not carry jinsha's marker is ever touched.

A project's configuration (pyproject.toml, jinsha.toml) is kept the same way, as the
mapping its TOML parses to, bound to its exact text, in ``<digest>.jinsha-toml``
(:func:`parsed_toml`).

Where: ``$JINSHA_CACHE_DIR``, else ``$XDG_CACHE_HOME/jinsha``, else
``~/.cache/jinsha``. ``JINSHA_NO_CACHE=1`` (or ``check --no-cache``) turns it off.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:  # the same BLAKE2 as hashlib's, without hashlib loading OpenSSL (2 ms of a 100 ms run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b
try:
    from _operator import _compare_digest as same_digest
except ImportError:  # pragma: no cover
    from hmac import compare_digest as same_digest

from .boundary import Refused, read_fact_file

if TYPE_CHECKING:
    from ..core.model import Factbook

FORMAT = 2  # bump when the layout of an entry changes
MAGIC = b"jinsha-cache 2\n"  # every entry starts so: the marker pruning goes by
ENTRY_SUFFIX = ".jinsha-cache"
CONFIG_SUFFIX = ".jinsha-toml"  # a parsed configuration: see parsed_toml
TAG_BYTES = 32
KEY_BYTES = 32
# Larger files are not cached: writing their pickle would cost a miss more memory
# and time than the cache saves on start-up, which is what it is for.
MAX_BYTES = 4 * 1024 * 1024
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_AGE_DAYS = 30
LEFTOVER_SECONDS = 3600
_PACKAGE = Path(__file__).resolve().parent.parent  # the whole jinsha_cli package
# The subpackages a loaded book is built by (its classes, its reading, its schema): a
# change to any of them is a miss; drafting, lookups and formats never touch a book's making.
BOOK_CODE = ("core", "rules", "factfile")
# Names jinsha gives, for pruning (compiled only then: a cache hit never prunes).
_ENTRY_NAME = r"[0-9a-f]{32}(?:" + re.escape(ENTRY_SUFFIX) + "|" + re.escape(CONFIG_SUFFIX) + ")"
_TEMPORARY_NAME = r"\.jinsha-[0-9a-f]{12}\.\d+\.[0-9a-f]+\.tmp"
# An entry of the layout before this one: <32 hex>.pickle, a pickled header tuple whose
# first item is its format, 1 (pickle protocol 5: PROTO 5, FRAME n, MARK, BININT1 1).
_OLD_ENTRY_NAME = r"[0-9a-f]{32}\.pickle"
_OLD_ENTRY_START = re.compile(rb"\x80\x05\x95.{8}\(K\x01", re.S)
# What an entry may build: exactly the classes a fact book is made of.
ALLOWED = frozenset(
    {
        ("fractions", "Fraction"),
        ("jinsha_cli.core.interval", "Interval"),
        ("jinsha_cli.core.model", "Fact"),
        ("jinsha_cli.core.model", "Factbook"),
        ("jinsha_cli.core.model", "Problem"),
        ("jinsha_cli.core.model", "Rule"),
        ("jinsha_cli.core.model", "Section"),
        ("jinsha_cli.core.model", "Severity"),  # a rule's: called with its text, it gives the member
        ("jinsha_cli.core.numbers", "Code"),
        ("jinsha_cli.core.numbers", "Figure"),
        ("jinsha_cli.rules.expr", "Arithmetic"),
        ("jinsha_cli.rules.expr", "Call"),
        ("jinsha_cli.rules.expr", "Comparison"),
        ("jinsha_cli.rules.expr", "FactRef"),
        ("jinsha_cli.rules.expr", "Logic"),
        ("jinsha_cli.rules.expr", "Negate"),
        ("jinsha_cli.rules.expr", "Not"),
        ("jinsha_cli.rules.expr", "Number"),
    }
)
_said: set[str] = set()  # what this process has already said on stderr
_fingerprints: dict[Path, bytes] = {}
_keys: dict[Path, bytes | None] = {}


def enabled() -> bool:
    return os.environ.get("JINSHA_NO_CACHE", "") in ("", "0")


def directory() -> Path:
    if os.environ.get("JINSHA_CACHE_DIR"):
        return Path(os.environ["JINSHA_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "jinsha"
    return Path.home() / ".cache" / "jinsha"


def load(path: str | Path, display_name: str | None = None, *, use_cache: bool = True) -> Factbook:
    """``loader.load``, through the cache when it is on and the file is small enough."""
    path = Path(path)
    name = display_name or str(path)
    if not (use_cache and enabled()):
        return _load(path, display_name)
    try:
        data = read_fact_file(path)
    except (Refused, OSError):
        return _load(path, display_name)  # the loader reads the file again and says what is wrong
    place = _place() if len(data) <= MAX_BYTES else None
    if place is None:
        return _load(path, display_name, data)
    folder, key = place
    entry = folder / (blake2b(str(path.absolute()).encode(), digest_size=16).hexdigest() + ENTRY_SUFFIX)
    header = (FORMAT, code_fingerprint(), name, str(path), blake2b(data, digest_size=32).digest())
    book = read_entry(entry, header, key)
    if book is None:
        book = _load(path, display_name, data)
        if not book.problems:
            write_entry(entry, header, book, key)
    return book


def _place() -> tuple[Path, bytes] | None:
    """The cache folder and this user's key, when there is a folder of the user's own to keep entries in."""
    try:
        folder = directory()
    except RuntimeError:  # no home folder to keep a cache in (a bare container user)
        return None
    key = user_key() if usable_folder(folder) else None
    return None if key is None else (folder, key)


def _say_once(message: str) -> None:
    if message not in _said:
        _said.add(message)
        sys.stderr.write(f"jinsha: {message}\n")


def usable_folder(folder: Path) -> bool:
    """The cache folder, made if need be, when it is the user's own and only theirs to write."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.stat(folder)
    except OSError:
        return False  # cannot be made or reached: no cache, as before (nothing to warn about)
    if not stat.S_ISDIR(info.st_mode):
        return False
    if info.st_uid != os.getuid():
        _say_once(f"not using the cache folder {folder}: it belongs to another user")
        return False
    if info.st_mode & 0o022:
        _say_once(f"not using the cache folder {folder}: others can write to it (chmod 700 it to use it)")
        return False
    if info.st_mode & 0o077:
        try:
            os.chmod(folder, 0o700)  # made by an older jinsha under umask 022: entries are private
        except OSError:
            return False
    return True


def key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "jinsha" / "cache-key"


def user_key() -> bytes | None:
    """This user's cache key (made on first use), or None when none can be kept privately."""
    try:
        path = key_file()
    except RuntimeError:
        return None
    if path not in _keys:
        _keys[path] = _read_or_make_key(path)
    return _keys[path]


def _read_or_make_key(path: Path) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return _make_key(path)
    except OSError:
        _say_once(f"not using the cache: cannot read its key {path}")
        return None
    try:
        info = os.fstat(descriptor)
        key = os.read(descriptor, KEY_BYTES + 1)
    finally:
        os.close(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
        _say_once(f"not using the cache: its key {path} is not a file of your own")
        return None
    if info.st_mode & 0o077 or len(key) != KEY_BYTES:
        return _make_key(path, replace=True)  # others could read it (or it is damaged): a new one
    return key


def _make_key(path: Path, replace: bool = False) -> bytes | None:
    try:
        os.makedirs(path.parent, mode=0o700, exist_ok=True)
        folder = os.stat(path.parent)
        if folder.st_uid != os.getuid() or folder.st_mode & 0o022:
            _say_once(f"not using the cache: the folder of its key, {path.parent}, is not yours alone")
            return None
        key = os.urandom(KEY_BYTES)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(descriptor, key)
        finally:
            os.close(descriptor)
        try:
            if replace:
                os.replace(temporary, path)
            else:
                os.link(temporary, path)  # fails if another run made one first: then that one is the key
        except FileExistsError:
            return _read_existing_key(path)
        finally:
            if not replace:
                os.unlink(temporary)
        return key
    except OSError:
        return None


def _read_existing_key(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None


def _load(path: Path, display_name: str | None, data: bytes | None = None) -> Factbook:
    from .loader import load as load_yaml

    return load_yaml(path, display_name, data=data)


def code_fingerprint() -> tuple[Any, ...]:
    """What the loaded book depends on besides the file: Python, and the content of
    every module of the subpackages that build it (hashed once per process)."""
    return (sys.version_info[:2], *(_content_digest(_PACKAGE / name) for name in BOOK_CODE))


def _content_digest(package: Path) -> bytes:
    if package not in _fingerprints:
        digest = blake2b(digest_size=32)
        files = []
        folders = [str(package)]
        while folders:  # every subpackage counts: a book is built by code from several of them
            with os.scandir(folders.pop()) as entries:
                for item in entries:
                    if item.is_dir(follow_symlinks=False) and not item.name.startswith((".", "__")):
                        folders.append(item.path)
                    elif item.name.endswith((".py", ".json")):
                        files.append(item.path)
        for name in sorted(files):
            with open(name, "rb") as stream:
                content = stream.read()
            digest.update(os.path.relpath(name, package).encode() + b"\0" + len(content).to_bytes(8, "big"))
            digest.update(content)
        _fingerprints[package] = digest.digest()
    return _fingerprints[package]


def _tag(key: bytes, header: tuple[Any, ...], payload: bytes) -> bytes:
    """The MAC of an entry: its header (what it is bound to) and its book."""
    binding = repr(header).encode("utf-8", "surrogatepass")
    mac = blake2b(key=key, digest_size=TAG_BYTES, person=b"jinsha-cache")
    mac.update(len(binding).to_bytes(8, "big"))
    mac.update(binding)
    mac.update(payload)
    return mac.digest()


def parsed_toml(path: Path, text: str, parse: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """``parse(text)`` of a configuration file, through the cache: a run in a project reads
    its pyproject.toml or jinsha.toml without importing the TOML parser (3 ms) while the
    text is unchanged. Entries are bound, as a book's, to the exact text, the path and
    Python; an invalid file raises from ``parse`` and nothing is kept."""
    place = _place() if enabled() else None
    if place is None:
        return parse(text)
    folder, key = place
    name = blake2b(("toml\0" + str(path.absolute())).encode("utf-8", "surrogatepass"), digest_size=16)
    entry = folder / (name.hexdigest() + CONFIG_SUFFIX)
    digest = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).digest()
    header = (FORMAT, "toml", sys.version_info[:2], str(path), digest)
    data = read_entry(entry, header, key)
    if isinstance(data, dict):
        return data
    data = parse(text)
    write_entry(entry, header, data, key)
    return data


def read_entry(entry: Path, header: tuple[Any, ...], key: bytes) -> Any:
    """What an entry holds (a book, a parsed configuration) when it verifies under ``key`` for
    this header; None for anything else."""
    from ..core.textfiles import read_regular

    try:
        data = read_regular(entry, MAX_ENTRY_BYTES)
    except OSError:
        return None
    start = len(MAGIC) + TAG_BYTES
    if not data.startswith(MAGIC) or len(data) <= start:
        return None
    payload = memoryview(data)[start:]
    if not same_digest(data[len(MAGIC) : start], _tag(key, header, payload)):
        return None  # planted, torn, stale, or another user's: never unpickled
    try:
        return _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # a class no longer allowed, say: a miss, never an error
        return None


def write_entry(entry: Path, header: tuple[Any, ...], book: Factbook | dict[str, Any], key: bytes) -> None:
    from ..core.textfiles import write_atomically

    try:
        payload = pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(entry, MAGIC + _tag(key, header, payload) + payload, durable=False, mode=0o600)
    except (OSError, pickle.PicklingError, RecursionError):
        return  # no cache this time; the book itself is fine
    prune(entry.parent, keep=entry)


def prune(folder: Path, keep: Path, now: float | None = None) -> None:
    """Remove jinsha's own entries not written for ``MAX_AGE_DAYS`` (files long gone, or
    checked no more), and its temporary files a killed run left. Runs only on a miss.

    Only names jinsha gives (``<32 hex>.jinsha-cache`` and ``.jinsha-toml`` that start with
    ``MAGIC``, ``.jinsha-<12 hex>.<pid>.<hex>.tmp``, and an older jinsha's
    ``<32 hex>.pickle`` that starts as its header did) are candidates: a
    JINSHA_CACHE_DIR that names a folder of other files loses none of them.
    """
    now = time.time() if now is None else now
    try:
        with os.scandir(folder) as items:
            for item in items:
                if item.path == str(keep):
                    continue
                is_old = re.fullmatch(_OLD_ENTRY_NAME, item.name) is not None
                is_entry = is_old or re.fullmatch(_ENTRY_NAME, item.name) is not None
                if not (is_entry or re.fullmatch(_TEMPORARY_NAME, item.name)):
                    continue  # not ours
                info = item.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    continue
                if now - info.st_mtime <= (MAX_AGE_DAYS * 86400 if is_entry else LEFTOVER_SECONDS):
                    continue
                if is_entry and not _starts_as_ours(item.path, old=is_old):
                    continue
                os.unlink(item.path)
    except OSError:
        pass  # another run pruned it first, or the folder is not ours to tidy


def _starts_as_ours(path: str, old: bool = False) -> bool:
    """Does the file start as an entry jinsha wrote (of this layout, or with ``old`` the one before)?"""
    try:
        with open(path, "rb") as stream:
            start = stream.read(len(MAGIC))
    except OSError:
        return False
    return _OLD_ENTRY_START.match(start) is not None if old else start == MAGIC


class _Unpickler(pickle.Unpickler):
    """Builds only the classes in ``ALLOWED``; refuses everything else, importing nothing."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"refused to load {module}.{name} from the cache")
        if module == "fractions":
            from fractions import Fraction

            return Fraction
        found = sys.modules.get(module)
        if found is None:
            from importlib import import_module

            found = import_module(module)
        return getattr(found, name)
