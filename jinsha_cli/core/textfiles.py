"""Text files in and out: the one document decoder and the one atomic writer.

Reading (``extract``, ``coverage``, ``check --source``): UTF-8 with or without a
byte-order mark, UTF-16 with a byte-order mark, and GBK/GB18030; line ends
become newlines. Anything else is refused with a ``DocumentError`` that says
where the first bad byte is and what to do. Only a regular file is read, and
only up to a size limit (``read_regular``): a FIFO, a device such as /dev/zero,
or a file that grows without end is refused before any of it is read.

Writing (``extract -o``, ``check --output-file``, the parse cache): all of it or nothing,
never half a file, and never over an existing file unless asked.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

FIX = "save it as UTF-8 (a GBK file can be converted with: iconv -f GBK -t UTF-8)"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # a source document, or extract's and coverage's input
_CHUNK = 1 << 20


class NotReadable(OSError):
    """A file jinsha refuses to read: not a regular file, or larger than allowed.

    The message names the kind of file or its size, never any of its content.
    """


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; else NotReadable (or OSError).

    The file is opened without waiting (a FIFO with no writer would block an
    ordinary open) and checked on the open descriptor, so what is read is what
    was checked. A file that says it is small but keeps going (a /proc file says
    0 bytes) is read only to ``limit`` + 1 bytes.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(f"{path} is {file_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise NotReadable(f"{path} is larger than {megabytes(limit)} ({info.st_size:,} bytes)")
        first = os.read(descriptor, info.st_size + 1)  # one more byte: a file longer than it says is noticed
        rest: list[bytes] = []
        total = len(first)
        while total <= limit:  # to the end (a short read, or a file that grew), never past the limit
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            rest.append(chunk)
            total += len(chunk)
        if total > limit:
            raise NotReadable(f"{path} is larger than {megabytes(limit)}")
        return b"".join([first, *rest]) if rest else first
    finally:
        os.close(descriptor)


class DocumentError(ValueError):
    """A document that cannot be read as text, located at its first bad byte.

    ``reason`` names the document as ``{what}``, so that each caller can say
    which document it means (``message("the source document")``).
    """

    def __init__(self, name: str, reason: str, line: int = 1, column: int = 1) -> None:
        self.name = name
        self.reason = reason
        self.line = line
        self.column = column
        self.unread = False  # the file could not be read at all (so the place is not in it)
        self.missing = False  # the file does not exist (a named document may be absent)
        super().__init__(f"{name}:{line}:{column}: {self.message()}")

    def message(self, what: str = "the document") -> str:
        return self.reason.format(what=what)


def read_document(path: str | Path, name: str | None = None, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """Read and decode a document, or raise DocumentError (``.missing`` when it does not exist)."""
    path = Path(path)
    try:
        data = read_regular(path, limit)
    except NotReadable as error:
        reason = str(error).replace(str(path), "{what}", 1)
        problem = DocumentError(name or str(path), _braces_kept(reason, "{what}"))
        problem.unread = True
        raise problem from None
    except OSError as error:
        reason = _braces_kept(str(error.strerror or error), "")
        problem = DocumentError(name or str(path), f"cannot read {{what}}: {reason}")
        problem.unread = True
        problem.missing = isinstance(error, (FileNotFoundError, NotADirectoryError))
        raise problem from None
    return decode_document(data, name or str(path))


def _braces_kept(text: str, placeholder: str) -> str:
    """``text`` for str.format: its own braces doubled, ``placeholder`` (if any) kept a field."""
    escaped = text.replace("{", "{{").replace("}", "}}")
    return escaped.replace(placeholder.replace("{", "{{").replace("}", "}}"), placeholder) if placeholder else escaped


def decode_document(data: bytes, name: str = "<document>") -> str:
    """Decode a document's bytes; see the module docstring."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _newlines(
            _decode(data, "utf-16", name, "{what} starts with a UTF-16 byte-order mark but is not UTF-16 text")
        )
    if b"\x00" in data:
        raise DocumentError(name, "{what} holds NUL bytes; this is binary data, not text")
    if data.startswith(codecs.BOM_UTF8):
        return _newlines(
            _decode(data, "utf-8-sig", name, "{what} starts with a UTF-8 byte-order mark but is not UTF-8")
        )
    try:
        return _newlines(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        if _mostly_utf8(data):  # a damaged UTF-8 file: say where, do not guess another encoding
            raise _located(data, error, "utf-8", name, "{what} is not valid UTF-8 text") from None
        utf8_error = error
    text = _decode(data, "gb18030", name, "{what} is neither UTF-8 nor GB18030/GBK text")
    if not _reads_as_chinese(text):
        raise _located(
            data, utf8_error, "utf-8", name, "{what} is not UTF-8, and read as GBK/GB18030 it is not Chinese text"
        )
    return _newlines(text)


def _decode(data: bytes, encoding: str, name: str, reason: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _located(data, error, encoding, name, reason) from None


def _located(data: bytes, error: UnicodeDecodeError, encoding: str, name: str, reason: str) -> DocumentError:
    offset = error.start
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode(encoding, errors="replace")) + 1
    return DocumentError(name, f"{reason} (byte 0x{data[offset]:02x} at offset {offset}); {FIX}", line, column)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed multi-byte UTF-8 characters than broken bytes?"""
    decoded = data.decode("utf-8", errors="replace")
    broken = decoded.count("\ufffd")
    return sum(1 for ch in decoded if ch > "\x7f" and ch != "\ufffd") > broken


def _reads_as_chinese(text: str) -> bool:
    """Text decoded as GB18030 is real when its non-ASCII characters are common ones.

    Latin-1 or random bytes often decode as GB18030 too, but into rare characters
    outside GB2312 (the 6,763 common hanzi and the usual punctuation).
    """
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return True
    common = 0
    for ch in wide:
        if unicodedata.category(ch)[0] in "PSZN":  # punctuation and symbols (— is not in Python's gb2312)
            common += 1
            continue
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common >= 0.9 * len(wide)


# Writing -------------------------------------------------------------------------

TEMPORARY_SUFFIX = ".tmp"
LEFTOVER_SECONDS = 3600  # a temporary file this old is a leftover even if its process id is in use again


class WriteRefused(OSError):
    """A target jinsha will not write to: a fact file or document being read, a block device."""


def write_new(path: str | Path, text: str, *, force: bool = False, protected: Iterable[str | Path] = ()) -> None:
    """Write a new file; raises FileExistsError when it exists and ``force`` is not given."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists; use --force to overwrite it")
    write_atomically(path, text, protected=protected)


def write_atomically(
    path: str | Path,
    text: str | bytes,
    *,
    durable: bool = True,
    protected: Iterable[str | Path] = (),
    mode: int | None = None,
) -> None:
    """Write to a temporary file in the same folder, then replace the target in one step.

    A reader never sees half a file, and a failed write leaves the old one intact.
    Text is written as UTF-8 with newline line ends; bytes as they are. ``durable``
    also waits for the disk (fsync), so that not even a power cut leaves half a file;
    a cache, which can always be rebuilt, need not wait. ``mode`` is the new file's
    permissions (default: the old file's, or what the umask gives a new one).

    Only a regular file is ever replaced. A FIFO or a character device (/dev/null,
    /dev/stdout, a terminal) is written into instead, as a shell redirection
    would; a block device or a folder is refused. Nor is a file in ``protected``
    replaced (the fact files being checked, their documents), however it is
    named (a link, another spelling).

    The temporary file has a short name of its own, ``.jinsha-<target digest>.<pid>.<random>.tmp``
    (a 255-byte target name leaves room for it), and is removed on every way
    out, including SIGTERM and SIGHUP; a leftover of a killed run (kill -9) is
    removed by the next write of the same target.
    """
    path = Path(path)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        target = os.stat(path)  # through links: what would be written over
    except FileNotFoundError:
        target = None
    if target is not None:
        if stat.S_ISDIR(target.st_mode):
            raise IsADirectoryError(f"{path} is a folder, not a file")
        _refuse_protected(path, target, protected)
        if not stat.S_ISREG(target.st_mode) or _names_a_stream(path):
            _write_into(path, target, data)
            return
    if mode is None:
        mode = target.st_mode & 0o777 if target is not None else 0o666 & ~_umask()
    directory = str(path.parent) if str(path.parent) else "."
    marker = _marker(path.name)
    _remove_leftovers(directory, marker)
    temporary = os.path.join(directory, f"{marker}.{os.getpid()}.{os.urandom(4).hex()}{TEMPORARY_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    with _removed_on_signals(temporary):
        handle = os.open(temporary, flags, 0o600)
        try:
            os.fchmod(handle, mode)  # created private; given the mode the file has, or a new one gets
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                if durable:
                    stream.flush()
                    os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _marker(name: str) -> str:
    """The temporary-name prefix of one target: short whatever the target's length."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return ".jinsha-" + blake2b(os.fsencode(name), digest_size=6).hexdigest()


def _remove_leftovers(directory: str, marker: str) -> None:
    """Temporary files of the same target left by a run that was killed: its process is
    gone (or the file is older than an hour). Another run's file in progress stays."""
    import time

    try:
        with os.scandir(directory) as items:
            for item in items:
                name = item.name
                if not (name.startswith(marker + ".") and name.endswith(TEMPORARY_SUFFIX)):
                    continue
                pid_text = name[len(marker) + 1 :].split(".", 1)[0]
                if not pid_text.isdigit() or int(pid_text) == os.getpid():
                    continue
                with contextlib.suppress(OSError):
                    if not _alive(int(pid_text)) or time.time() - item.stat(follow_symlinks=False).st_mtime > (
                        LEFTOVER_SECONDS
                    ):
                        os.unlink(item.path)
    except OSError:
        pass  # a folder we cannot list: the write itself will say what is wrong


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's
        return True
    except OSError:
        return True
    return True


@contextlib.contextmanager
def _removed_on_signals(temporary: str) -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP remove the temporary file, then act as before."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # handlers can be set from the main thread only
        return
    caught = (signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []))

    def terminated(signum: int, frame: object) -> None:
        raise _Signalled(signum)

    previous = {signum: signal.signal(signum, terminated) for signum in caught}
    try:
        yield
    except _Signalled as signalled:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        os.kill(os.getpid(), signalled.signum)  # now as it would have been: by default, the end of the process
        raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class _Signalled(BaseException):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _names_a_stream(path: Path) -> bool:
    """/dev/stdout and its kind: a link into /proc/self/fd, written into even when it ends at a file."""
    absolute = os.path.abspath(path)
    return (absolute.startswith("/dev/") and os.path.islink(absolute)) or os.path.realpath(absolute).startswith(
        "/proc/"
    )


def _write_into(path: Path, target: os.stat_result, data: bytes) -> None:
    if stat.S_ISBLK(target.st_mode):
        raise WriteRefused(f"{path} is a block device; a report goes to a file, a FIFO or /dev/null")
    if stat.S_ISSOCK(target.st_mode):
        raise WriteRefused(f"{path} is a socket; a report goes to a file, a FIFO or /dev/null")
    # Appended, never truncated: /dev/stdout may be a file the shell opened, already holding output.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)


def _refuse_protected(path: Path, target: os.stat_result, protected: Iterable[str | Path]) -> None:
    for other in protected:
        try:
            seen = os.stat(other)
        except OSError:
            continue
        if (seen.st_dev, seen.st_ino) == (target.st_dev, target.st_ino) and stat.S_ISREG(seen.st_mode):
            same = os.path.abspath(other) == os.path.abspath(path)
            what = "a file this run reads" if same else f"{other}, which this run reads"
            raise WriteRefused(f"{path} is {what}; write the report elsewhere")


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
