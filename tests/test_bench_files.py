"""The benchmark's synthetic fact files are valid and exercise the whole language.

(Only what the files contain is tested here; no timing is.)
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from jinsha_cli import check, load
from jinsha_cli.rules.expr import Call, Logic, Not, fact_refs
from jinsha_cli.rules.functions import FUNCTIONS

GENERATE = Path(__file__).resolve().parent.parent / "bench" / "generate.py"


def _generate_module():  # bench/ is not a package: load the script by path
    spec = importlib.util.spec_from_file_location("jinsha_bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _calls(node: object) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Call):
            found.add(current.name)
            stack.extend(current.args)
        elif isinstance(current, Logic):
            stack.extend(current.operands)
        elif isinstance(current, Not):
            stack.append(current.operand)
        else:
            stack.extend(getattr(current, name) for name in ("left", "right", "operand") if hasattr(current, name))
            stack.extend(getattr(current, "operands", ()))
    return found


def test_a_synthetic_file_is_valid_and_uses_every_rule_kind(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    facts, rules = _generate_module().write(path, 600)
    book = load(path)
    assert not book.problems, book.problems[:5]
    assert len(book.facts) == facts and len(book.rules) == rules and facts == rules
    used = set().union(*(_calls(rule.tree) for rule in book.rules.values()))
    assert used == set(FUNCTIONS)
    checks = " ".join(rule.check for rule in book.rules.values())
    for operator in (" + ", " / ", " * ", " == ", " != ", " < ", " <= ", " >= ", " and ", "not "):
        assert operator in checks, operator
    written = " ".join(fact.written or "" for fact in book.facts.values())
    for mark in ("万", "亿", "%", "余", ">", "五"):
        assert mark in written, mark
    assert any(fact.items for fact in book.facts.values())
    assert all(ref.id in book.facts for rule in book.rules.values() for ref in fact_refs(rule.tree))
    report = check(book)
    outcomes = {result.outcome for result in report.results}
    assert {"pass", "known"} <= outcomes and report.summary["quotes_failed"] == 0
    assert report.exit_code in (0, 1)
