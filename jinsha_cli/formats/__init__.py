"""Output formats for `jinsha check`, all behind one interface.

A format is a module in this package with a ``render(runs, out, options)``
function that writes the checked runs to a text stream. Modules are imported
only when chosen, so machine formats never pay for Rich.

``auto`` is resolved by :func:`auto_format`: workflow commands under GitHub
Actions, a table on a terminal, one line per finding otherwise.
"""

from __future__ import annotations

import importlib
import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from ..core._record import Record
from ..core.model import Level, Run, Status

if TYPE_CHECKING:
    from ..core.model import Problem, Report, Result

# name -> module in this package. Human formats first.
FORMATS: dict[str, str] = {
    "table": "table",
    "concise": "concise",
    "json": "json_format",
    "junit": "junit",
    "github": "github",
    "sarif": "sarif",
}
# Formats whose stdout a program parses: human summaries go to stderr.
MACHINE_FORMATS = frozenset({"json", "junit", "sarif"})
# Guessed from the output file's suffix when --output-file-format is not given.
SUFFIX_FORMATS = {".json": "json", ".xml": "junit", ".sarif": "sarif", ".txt": "concise", ".log": "concise"}


class Options(Record):
    __slots__ = ("lang", "color", "width", "verbose", "failures_only")

    def __init__(
        self,
        lang: str = "en",
        color: bool | None = None,
        width: int | None = None,
        verbose: bool = False,
        failures_only: bool = False,
    ) -> None:
        self.lang = lang  # which description to show: en | zh
        self.color = color  # None: decide from the stream
        self.width = width
        self.verbose = verbose  # concise: also list passes
        self.failures_only = failures_only  # table: only what needs attention


class Renderer(Protocol):
    def __call__(self, runs: Sequence[Run], out: TextIO, options: Options) -> None: ...


def get_renderer(name: str) -> Renderer:
    if name not in FORMATS:
        raise KeyError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.render


def needs_attention(report: Report, result: Result) -> bool:
    """Is this result worth a person's look: anything but a clean pass?

    A pass that held only within rounding counts (a typo can hide in the rounding),
    and so does anything that fails the run (an unreviewed draft under --strict).
    """
    return report.level(result) is not Level.PASSED or result.slack


def problem_of(report: Report, result: Result) -> Problem | None:
    """The problem that already reports a broken rule, if any: a human format prints it once.

    A rule that cannot be evaluated (a unit mismatch, a syntax error) is both a
    problem, located at the character of its check, and an error result; the
    problem says it better, so concise, github and table print only the problem.
    """
    if result.status != Status.ERROR or result.kind != "rule":
        return None
    prefix = f"rules.{result.rule}."
    return next((problem for problem in report.problems if problem.path.startswith(prefix)), None)


def localized(text: str, lang: str) -> str:
    """A message of the checker in the report's language."""
    if lang != "zh":
        return text
    from .zh import translate

    return translate(text)


def problem_message(problem: Problem, lang: str) -> str:
    """What a problem of the fact file says, in the report's language."""
    if lang != "zh":
        return problem.message
    from .zh import translate_problem

    return translate_problem(problem.message)


def problem_text(problem: Problem, lang: str) -> str:
    """A problem's message in the report's language, and the key path it is at: ``… [facts.a.value]``."""
    said = problem_message(problem, lang)
    return f"{said} [{problem.path}]" if problem.path else said


def summary_lines(report: Report, lang: str) -> list[str]:
    if lang != "zh":
        return report.summary_lines()
    from . import zh

    return zh.summary_lines(report)


def write_summaries(reports: Sequence[Report], out: TextIO) -> None:
    """Each report's summary lines, led by its file and made safe: for stderr, beside a machine format."""
    from ..core.safe_text import log_line

    for report in reports:
        for line in report.summary_lines():
            out.write(log_line(f"{report.file}: {line}") + "\n")


def word(text: str, lang: str) -> str:
    """A fixed word of the reports (an outcome, a severity, a heading) in the report's language."""
    if lang != "zh":
        return text
    from . import zh

    return {**zh.OUTCOMES, **zh.SEVERITIES, **zh.NOTES, **zh.HEADINGS}.get(text, text)


def description(result_zh: str, result_en: str, lang: str) -> str:
    if lang == "zh":
        return result_zh or result_en
    return result_en or result_zh


def auto_format(stdout_is_terminal: bool, environ: Mapping[str, str] | None = None) -> str:
    """What ``--format auto`` means here: github under Actions, table on a terminal, else concise."""
    env = os.environ if environ is None else environ
    if env.get("GITHUB_ACTIONS") == "true":
        return "github"
    if stdout_is_terminal and not env.get("NO_COLOR"):
        return "table"
    return "concise"


def render_text(name: str, runs: Sequence[Run], options: Options) -> str:
    buffer = io.StringIO()
    get_renderer(name)(runs, buffer, options)
    return buffer.getvalue()


def write_report(path: str | Path, name: str, runs: Sequence[Run], options: Options) -> None:
    """Write a report atomically: a reader never sees half of it."""
    from ..core.textfiles import write_atomically

    # Never over what the run read: `-o facts.yaml` is a slip of the keyboard, not a wish.
    read = [run.book.path for run in runs] + [run.report.source_document for run in runs if run.report.source_document]
    write_atomically(path, render_text(name, runs, options), protected=read)


def report_path(path: str, environ: Mapping[str, str] | None = None) -> str:
    """A fact file's path as CI tools want it: relative to the workspace when inside it, with /."""
    env = os.environ if environ is None else environ
    candidate = Path(path)
    if candidate.is_absolute():
        base = Path(env.get("GITHUB_WORKSPACE") or os.getcwd())
        try:
            candidate = candidate.resolve().relative_to(base.resolve())
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix()


def file_format(path: str | Path, name: str | None = None) -> str:
    """The format of an --output-file: as named, else guessed from the suffix (.json, .xml, .sarif...)."""
    if name is not None:
        if name not in FORMATS:
            raise ValueError(f"unknown output file format {name!r}; choose from {', '.join(FORMATS)}")
        return name
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIX_FORMATS:
        known = ", ".join(f"{s} ({f})" for s, f in SUFFIX_FORMATS.items())
        raise ValueError(
            f"cannot tell the format of {str(path)!r} from its suffix ({known}); give --output-file-format"
        )
    return SUFFIX_FORMATS[suffix]
