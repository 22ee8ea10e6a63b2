"""`--statistics`: how the verdicts spread over rule kinds and tags.

A rule's kind is what its check does at the top: the function it calls
(``whole``, ``digits``, ``between``, ``sum``...), ``comparison`` for
``a == b`` and chains, ``logic`` for and/or/not, ``expression`` for bare
arithmetic and ``invalid`` for a check that did not parse. Quote checks count
as ``quote`` and checks against the source document as ``source``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.model import Factbook, Outcome, Report, Result
from ..rules import expr
from .source import SOURCE_TAGS

OUTCOMES = tuple(outcome for outcome in Outcome if outcome is not Outcome.VALUE)  # the columns, in order
QUOTE_TAGS = ("provenance",)  # the tags check.check_quote gives its results


def rule_kind(tree: expr.Node | None) -> str:
    if tree is None:
        return "invalid"
    if isinstance(tree, expr.Call):
        return tree.name
    if isinstance(tree, expr.Comparison):
        return "comparison"
    if isinstance(tree, (expr.Logic, expr.Not)):
        return "logic"
    return "expression"


def result_kind(book: Factbook, result: Result) -> str:
    if result.kind != "rule":
        return result.kind
    rule = book.rules.get(result.rule)
    return rule_kind(rule.tree if rule is not None else None)


@dataclass
class Statistics:
    """Counts of outcomes by rule kind and by tag, over one or more fact files."""

    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    by_tag: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, table: dict[str, dict[str, int]], key: str, outcome: str) -> None:
        row = table.setdefault(key, dict.fromkeys(OUTCOMES, 0))
        row[outcome] += 1

    def to_dict(self) -> dict[str, dict[str, dict[str, int]]]:
        return {"kinds": self.by_kind, "tags": self.by_tag}


def collect(pairs: Sequence[tuple[Factbook, Report]]) -> Statistics:
    """Statistics of checked fact files; an untagged result counts under the tag '(none)'.

    A report lists only the quotes that failed; the ones that held are counted
    as passes from the report's totals.
    """
    stats = Statistics()
    for book, report in pairs:
        for result in report.results:
            stats.add(stats.by_kind, result_kind(book, result), result.outcome)
            for tag in result.tags or ("(none)",):
                stats.add(stats.by_tag, tag, result.outcome)
        for kind, checked, tags in (
            ("quote", report.quotes_checked, QUOTE_TAGS),
            ("source", report.source_quotes_checked, SOURCE_TAGS),
        ):
            failed = sum(r.kind == kind for r in report.results)
            for _ in range(max(0, checked - failed)):
                stats.add(stats.by_kind, kind, Outcome.PASS)
                for tag in tags:
                    stats.add(stats.by_tag, tag, Outcome.PASS)
    stats.by_kind = dict(sorted(stats.by_kind.items(), key=lambda item: (-sum(item[1].values()), item[0])))
    stats.by_tag = dict(sorted(stats.by_tag.items(), key=lambda item: (-sum(item[1].values()), item[0])))
    return stats
