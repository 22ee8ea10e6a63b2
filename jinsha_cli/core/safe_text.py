"""Text from a fact file or a document, made safe for where it is shown.

A fact file in a pull request is written by whoever opened it, so every label,
quote, note, reason, unit, id, tag and file name is hostile. Each output
context gets one function here, and every format and view uses it:

- :func:`terminal` for anything a person reads (a terminal, a CI log, a report):
  control characters (C0, DEL, C1: ESC sequences, clear-screen, OSC 52 and OSC 8
  all start with one), line and paragraph separators, bidirectional overrides,
  lone surrogates and the non-characters U+FFFE/U+FFFF are written as visible
  escapes (``\\x1b``, ``\\n``, ``\\u202e``), so one field stays on one line and
  nothing reaches the terminal raw. Rich markup needs no escaping as long as
  text is given to Rich as ``rich.text.Text``, never as a markup string.
- :func:`github_data` and :func:`github_property` for GitHub workflow commands
  (GitHub's own escaping), and :func:`log_line` for a plain line of a log
  that GitHub reads, which must never start a workflow command.
- :func:`xml` for XML 1.0 text and attributes, which cannot carry most C0
  characters at all.
- :func:`uri` for a relative path inside a URI reference (RFC 3986).
- :func:`json_text` for JSON text: the data stays exact, but the characters
  that :func:`terminal` escapes are written as ``\\uXXXX``, never raw.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# What never reaches an output raw. Cc: C0 (tab and newline included: one field,
# one line), DEL and C1; Zl/Zp; the bidirectional marks, embeddings, overrides and
# isolates (which reorder what a reader sees); surrogates; U+FFFE and U+FFFF.
_UNSAFE_CLASS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Characters JSON may leave raw (json.dumps escapes only below U+0020, quote and backslash).
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_COMMAND_START = re.compile(r"^(\s*):")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` with every control character (and the like) as a visible escape."""
    if _UNSAFE.search(text) is None:  # the common case: nothing to change
        return text
    return _UNSAFE.sub(_visible, text)


def is_safe(text: str) -> bool:
    """Would :func:`terminal` leave ``text`` as it is?"""
    return _UNSAFE.search(text) is None


def github_data(text: str) -> str:
    """The message of a workflow command, escaped as GitHub unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (file=, title=...): also ``:`` and ``,``."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def log_line(text: str) -> str:
    """A plain line that GitHub reads: visible escapes, and never a workflow command.

    GitHub takes any line whose first non-blank characters are ``::`` as a
    command (``::error::``, ``::stop-commands::``...); a leading ``:`` is
    written ``%3A`` as in a property.
    """
    return _COMMAND_START.sub(r"\1%3A", terminal(text), count=1)


def xml(text: str) -> str:
    """Text for an XML 1.0 element or attribute (the XML library escapes ``<&"``)."""
    return terminal(text)


def uri(path: str) -> str:
    """A relative path as a URI reference: each segment percent-encoded (space, ``#``, ``%``, ``:``...)."""
    return quote(path, safe="/")


def json_text(encoded: str) -> str:
    """JSON text with the characters JSON may carry raw written as ``\\uXXXX`` escapes.

    Such characters can only be inside JSON strings, so escaping them anywhere
    in the text keeps it valid JSON with the same data.
    """
    if _JSON_RAW.search(encoded) is None:
        return encoded
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)
