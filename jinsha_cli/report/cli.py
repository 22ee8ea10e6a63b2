"""Where ``jinsha report -o`` may write: only a new or regular file that is none of its inputs."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def refuse_output(output: Path, inputs: Sequence[Path]) -> str | None:
    """Why the page must not be written to ``output``, or None when it may."""
    if output.is_dir():
        return f"cannot write {output}: it is a folder"
    if output.exists() and not output.is_file():
        return f"cannot write {output}: it is not a regular file (a device or a pipe); write to a file, or use -o -"
    if not output.parent.is_dir():
        return f"cannot write {output}: the folder {output.parent} does not exist"
    target = os.path.realpath(output)
    for path in inputs:
        if os.path.realpath(path) == target:
            return f"cannot write the report over {path}, one of its own inputs"
    return None
