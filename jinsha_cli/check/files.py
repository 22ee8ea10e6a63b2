"""The one call behind `jinsha check`: fact files in, checked runs out.

The command line parses its options, calls :func:`check_files` and renders the
runs; a program that wants what `jinsha check` would say calls the same thing::

    runs = check_files(["facts.yaml"], select=["employment"])
    code = exit_code(runs)          # 0, 1 or 2, as `jinsha check` exits
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..core.model import Run


def check_file(
    path: str | Path,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    strict: bool = False,
    source: str | Path | None = None,
    use_cache: bool = True,
    slack: str = "pass",
    explain: bool = True,
) -> Run:
    """Load one fact file (through the parse cache) and check its rules, quotes and source document."""
    from ..factfile.cache import load
    from .checker import check

    book = load(path, use_cache=use_cache)
    report = check(book, select=select, ignore=ignore, strict=strict, source=source, slack=slack, explain=explain)
    return Run(book, report)


def check_files(
    paths: Iterable[str | Path] = (),
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    strict: bool = False,
    source: str | Path | None = None,
    use_cache: bool = True,
    slack: str = "pass",
    explain: bool = True,
) -> list[Run]:
    """Check each fact file in turn; with no paths, the project's (``factfile.paths.project_facts``).

    ``select`` and ``ignore`` pick rules by id, id prefix, glob or ``tag:NAME``;
    ``strict`` makes warnings and known discrepancies fail; ``source`` is the
    document every quote must appear in (default: each file's
    ``source.document``, when that file exists). Never raises on a bad fact
    file: its problems are in each run's report (exit code 2). ``slack`` is
    ``pass``, ``warning`` or ``error``: what a rule that holds only within
    rounding counts as. ``explain=False`` leaves out each result's intermediate
    steps, which no format of `jinsha check` shows.
    """
    from ..factfile.paths import project_facts

    select, ignore = tuple(select), tuple(ignore)
    chosen = [Path(path) for path in paths] or project_facts()
    return [
        check_file(
            path,
            select=select,
            ignore=ignore,
            strict=strict,
            source=source,
            use_cache=use_cache,
            slack=slack,
            explain=explain,
        )
        for path in chosen
    ]


def exit_code(runs: Iterable[Run], *, exit_zero: bool = False) -> int:
    """The exit code of `jinsha check` for these runs: 2 for a bad file, 1 for a failing rule, else 0.

    ``exit_zero`` turns a failing rule's 1 into 0 (a bad fact file still exits 2).
    """
    code = max((run.report.exit_code for run in runs), default=0)
    return 0 if exit_zero and code == 1 else code
