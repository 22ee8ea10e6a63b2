"""`check --statistics`: the counts of ``check.statistics`` as two aligned plain-text tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from ..check.statistics import OUTCOMES, Statistics, collect

if TYPE_CHECKING:
    from . import Run


def write_statistics(runs: Sequence[Run], out: TextIO, github: bool = False) -> None:
    """The statistics of the checked runs, with a final newline."""
    out.write(statistics_text(collect([(run.book, run.report) for run in runs]), github=github) + "\n")


def statistics_text(stats: Statistics, github: bool = False) -> str:
    """Two aligned plain-text tables, one line per kind then one per tag, without a final newline.

    A tag comes from the fact file, so it is made safe (``safe_text``): visible
    escapes for control characters, and never a workflow command at the start
    of a line; with ``github``, a tag is escaped as a workflow command's property.
    """
    from ..core.safe_text import github_property, log_line, terminal

    def shown(key: str) -> str:
        return github_property(terminal(key)) if github else log_line(key)

    lines: list[str] = []
    for title, table in (("kind", stats.by_kind), ("tag", stats.by_tag)):
        keys = {key: shown(key) for key in table}
        width = max([len(title), *(len(key) for key in keys.values())])
        lines.append(f"{title:<{width}}  {'total':>5}  " + "  ".join(f"{o:>5}" for o in OUTCOMES))
        for key, row in table.items():
            counts = "  ".join(f"{row[o]:>5}" for o in OUTCOMES)
            lines.append(f"{keys[key]:<{width}}  {sum(row.values()):>5}  {counts}")
        lines.append("")
    return "\n".join(lines).rstrip("\n")
