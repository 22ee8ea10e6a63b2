"""The rule functions' registry: every function is implemented, parsed by its arity, and documented."""

from __future__ import annotations

import re
import typing

import pytest

from jinsha_cli import check, load_text
from jinsha_cli.rules import evaluate, expr
from jinsha_cli.rules.expr import RuleSyntaxError, parse
from jinsha_cli.rules.functions import FUNCTIONS

from .conftest import ROOT

DOC = ROOT / "docs" / "fact-file.md"


def documented_functions() -> dict[str, str]:
    """name -> the 'holds when' text of each row of the Functions table in docs/fact-file.md."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("| function | holds when |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| `(\w+)\((.*?)\)` \| (.+) \|$", table, re.M)
    return {name: meaning for name, _, meaning in rows}


def test_every_function_has_a_row_in_the_docs() -> None:
    assert sorted(documented_functions()) == sorted(FUNCTIONS)


def test_every_function_has_a_summary_and_an_evaluator() -> None:
    for name, function in FUNCTIONS.items():
        assert function.name == name and function.summary and callable(function.evaluate)
        low, high = function.arity
        assert low >= 1 and (high is None or high >= low)


# One rule per function, over facts of every kind, evaluated end to end.
FACTS = """
facts:
  a: {value: 12, unit: 人, quote: a 12}
  b: {value: 30, unit: 人, quote: b 30}
  rate: {value: 40%, quote: rate 40%}
  code: {value: 1+5+14, quote: code 1+5+14}
  digits_code: {value: '43', unit: '', quote: digits 43}
  four: {value: 40万, unit: 亩, quote: four 40万}
  three: {value: 30万, unit: 亩, quote: three 30万}
  towns: {items: [甲, 乙, 丙], quote: 甲、乙、丙}
  some: {items: [甲, 乙], quote: 甲、乙}
rules:
"""
CALLS = {
    "sum": "sum(a, b) == 42",
    "count": "count(towns) == 3",
    "term": "term(code, 2) == 5",
    "whole": "whole(a / rate)",
    "between": "between(a, 10, 20)",
    "increasing": "increasing(a, b)",
    "digits": "digits(digits_code, four, three)",
    "same_set": "same_set(towns, towns)",
    "subset": "subset(some, towns)",
    "distinct": "distinct(towns)",
    "respectively": "respectively(towns, a, b, rate)",
}


def test_the_examples_cover_every_function() -> None:
    assert sorted(CALLS) == sorted(FUNCTIONS)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_is_implemented(name: str) -> None:
    text = FACTS + f"  r:\n    check: {CALLS[name]}\n"
    report = check(load_text(text, "f.yaml"), check_source=False)
    (result,) = [r for r in report.results if r.rule == "r"]
    assert (result.status, result.message.startswith("rule r")) == ("pass", False), result.message


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_the_parser_refuses_a_wrong_argument_count(name: str) -> None:
    low, high = FUNCTIONS[name].arity
    counts = [low - 1] + ([high + 1] if high is not None else [])
    for count in counts:
        args = ", ".join(["a"] * count)
        with pytest.raises(RuleSyntaxError, match=rf"{name}\(\) takes"):
            parse(f"{name}({args})")


def test_an_unknown_function_lists_the_registry() -> None:
    with pytest.raises(RuleSyntaxError, match="unknown function 'mean'; the functions are sum, count"):
        parse("mean(a)")


def test_the_evaluator_handles_every_kind_of_node() -> None:
    kinds = set(typing.get_args(expr.Node))
    assert kinds == set(evaluate._NODES)


def test_respectively_fails_when_the_names_and_the_values_differ_in_number() -> None:
    text = FACTS + "  r:\n    check: respectively(towns, a, b)\n  s:\n    check: respectively(towns, a, towns)\n"
    results = {r.rule: r for r in check(load_text(text, "f.yaml"), check_source=False).results}
    assert results["r"].status == "fail"
    assert "towns names 3 (甲、乙、丙) but 2 values are given" in results["r"].message
    assert results["s"].status == "error" and "not with a list" in results["s"].message
