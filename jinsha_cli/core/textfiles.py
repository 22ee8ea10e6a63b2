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


def write_new(path: str | Path, text: str, *, force: bool = False) -> None:
    """Write a new file; raises FileExistsError when it exists and ``force`` is not given."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists; use --force to overwrite it")
    write_atomically(path, text)


def write_atomically(path: str | Path, text: str | bytes, *, durable: bool = True) -> None:
    """Write to a temporary file in the same folder, then replace the target in one step.

    A reader never sees half a file, and a failed write leaves the old one intact.
    Text is written as UTF-8 with newline line ends; bytes as they are. ``durable``
    also waits for the disk (fsync), so that not even a power cut leaves half a file;
    a cache, which can always be rebuilt, need not wait.
    """
    import tempfile  # here: it imports random, which no reading run needs

    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder, not a file")
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(temporary, mode)  # mkstemp makes it private; give it the mode the file has or a new one gets
        data = text if isinstance(text, bytes) else text.encode("utf-8")
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


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
