"""Standard output whose reader may go away: ``jinsha check | head -1``.

When the program reading jinsha's output exits early, the next write fails
with EPIPE. Python would raise BrokenPipeError out of whatever was printing,
and Click turns that into exit 1, the code for "rules failed", even after a
clean check. Wrapped in :class:`QuietPipe`, standard output instead sends
everything after that point nowhere, the command finishes (an --output-file is
still written) and exits with its own status.
"""

from __future__ import annotations

import os
from typing import Any, TextIO


class QuietPipe:
    """A text stream that turns a closed pipe into silence."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._discard()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._discard()

    def _discard(self) -> None:
        """From now on the descriptor is /dev/null: what is still buffered drains there."""
        self.reader_gone = True
        try:
            sink = os.open(os.devnull, os.O_WRONLY)
            os.dup2(sink, self._stream.fileno())
            os.close(sink)
        except (OSError, ValueError):
            pass

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, buffer...
        return getattr(self._stream, name)
