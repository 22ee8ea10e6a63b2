"""A cache of loaded fact files: a re-check or a lookup of an unchanged file skips YAML.

Loading the bundled fact file (parsing, schema validation, reading every figure
and parsing every rule) costs more than all the rest of ``jinsha check``. So a
fact book that loaded without problems is saved, pickled, and the next run on
the same bytes reads it back instead, without even importing the YAML loader.

Each fact file has one entry, named after its absolute path, so the cache holds
one entry per file however often it is edited; entries not rewritten for 30
days are removed whenever another one is written. The entry starts with a header:
the digest of the file's bytes, the name it was loaded under, and a fingerprint
of jinsha's own code. Any difference is a miss, so a stale book is never used.
An entry that cannot be read is a miss too, and is rewritten.

Unpickling runs only our own classes and ``Fraction`` (``find_class`` refuses
anything else), so a planted entry cannot run code. Entries are written
atomically, and a cache folder that cannot be written is silently skipped.

Where: ``$JINSHA_CACHE_DIR``, else ``$XDG_CACHE_HOME/jinsha``, else
``~/.cache/jinsha``. ``JINSHA_NO_CACHE=1`` (or ``check --no-cache``) turns it off.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:  # the same BLAKE2 as hashlib's, without hashlib loading OpenSSL (2 ms of a 100 ms run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from .boundary import Refused, read_fact_file

if TYPE_CHECKING:
    from ..core.model import Factbook

FORMAT = 1  # bump when the layout of an entry changes
# Larger files are not cached: writing their pickle would cost a miss more memory
# and time than the cache saves on start-up, which is what it is for.
MAX_BYTES = 4 * 1024 * 1024
MAX_AGE_DAYS = 30
_PACKAGE = Path(__file__).resolve().parent.parent  # the whole jinsha_cli package


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
    try:
        folder = directory()
    except RuntimeError:  # no home folder to keep a cache in (a bare container user)
        return _load(path, display_name, data)
    if len(data) > MAX_BYTES:
        return _load(path, display_name, data)
    entry = folder / (blake2b(str(path.absolute()).encode(), digest_size=16).hexdigest() + ".pickle")
    header = (FORMAT, code_fingerprint(), name, str(path), blake2b(data, digest_size=32).digest())
    book = read_entry(entry, header)
    if book is None:
        book = _load(path, display_name, data)
        if not book.problems:
            write_entry(entry, header, book)
    return book


def _load(path: Path, display_name: str | None, data: bytes | None = None) -> Factbook:
    from .loader import load as load_yaml

    return load_yaml(path, display_name, data=data)


def code_fingerprint() -> tuple[Any, ...]:
    """What the loaded book depends on besides the file: Python and jinsha's code."""
    files = []
    folders = [_PACKAGE]
    while folders:  # every subpackage counts: a book is built by code from several of them
        with os.scandir(folders.pop()) as entries:
            for item in entries:
                if item.is_dir(follow_symlinks=False) and not item.name.startswith((".", "__")):
                    folders.append(Path(item.path))
                elif item.name.endswith((".py", ".json")):
                    stat = item.stat()
                    files.append((str(Path(item.path).relative_to(_PACKAGE)), stat.st_size, stat.st_mtime_ns))
    return (sys.version_info[:2], tuple(sorted(files)))


def read_entry(entry: Path, header: tuple[Any, ...]) -> Factbook | None:
    try:
        stream = io.BytesIO(entry.read_bytes())
    except OSError:
        return None
    try:
        if _Unpickler(stream).load() != header:
            return None
        return _Unpickler(stream).load()
    except Exception:  # a torn or foreign entry is a miss, never an error
        return None


def write_entry(entry: Path, header: tuple[Any, ...], book: Factbook) -> None:
    from ..core.textfiles import write_atomically

    try:
        data = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
        data += pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(entry, data, durable=False)  # a lost entry is only a miss
    except (OSError, pickle.PicklingError, RecursionError):
        return  # no cache this time; the book itself is fine
    prune(entry.parent, keep=entry)


def prune(folder: Path, keep: Path, now: float | None = None) -> None:
    """Remove entries not written for ``MAX_AGE_DAYS`` (files long gone, or checked
    no more), and temporary files a killed run left behind. Runs only on a miss."""
    now = time.time() if now is None else now
    try:
        with os.scandir(folder) as items:
            for item in items:
                is_entry = item.name.endswith(".pickle")
                if not (is_entry or (item.name.startswith(".") and item.name.endswith(".tmp"))):
                    continue  # not ours
                age = now - item.stat().st_mtime
                if item.path != str(keep) and age > (MAX_AGE_DAYS * 86400 if is_entry else 3600):
                    os.unlink(item.path)
    except OSError:
        pass  # another run pruned it first, or the folder is not ours to tidy


class _Unpickler(pickle.Unpickler):
    """Builds only jinsha's own classes and Fraction; refuses everything else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module == "jinsha_cli" or module.startswith("jinsha_cli.")) and not name.startswith("_"):
            found = getattr(sys.modules.get(module) or __import__(module, fromlist=[name]), name, None)
            if isinstance(found, type):
                return found
        elif (module, name) == ("fractions", "Fraction"):
            from fractions import Fraction

            return Fraction
        raise pickle.UnpicklingError(f"refused to load {module}.{name} from the cache")
