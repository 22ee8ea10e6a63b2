"""What ``jinsha report`` says besides the page, and where ``-o`` may write: only a new or
regular file that is none of its inputs."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..core.model import Problem


def write_problems(problems: Sequence[Problem], out: TextIO) -> None:
    """The problems that stop the page, one line each as check's concise format writes them, made safe."""
    from ..core.safe_text import log_line

    for problem in problems:
        where = f" [{problem.path}]" if problem.path else ""
        out.write(log_line(f"{problem.file}:{problem.line}:{problem.column}: problem {problem.message}{where}") + "\n")


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
