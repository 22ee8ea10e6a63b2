"""The plain value classes that replaced dataclasses on the check path."""

from __future__ import annotations

import pickle
from fractions import Fraction

import pytest

from jinsha_cli.core.interval import POS_INF, Interval
from jinsha_cli.core.model import Fact, Problem, Result
from jinsha_cli.core.numbers import parse_value
from jinsha_cli.rules import expr


def test_values_compare_and_hash_by_their_fields() -> None:
    assert Interval(Fraction(1), Fraction(2)) == Interval(Fraction(1), Fraction(2))
    assert Interval(Fraction(1), Fraction(2)) != Interval(Fraction(1), Fraction(2), lo_closed=False)
    assert len({Problem("f", 1, 1, "m"), Problem("f", 1, 1, "m"), Problem("f", 2, 1, "m")}) == 2
    assert parse_value("3.24万") == parse_value("3.24万")


def test_records_of_different_kinds_never_compare_equal() -> None:
    operand = expr.FactRef("a", 0)
    assert expr.Negate(operand, 1) != expr.Not(operand, 1)


def test_mutable_records_are_not_hashable() -> None:
    with pytest.raises(TypeError):
        hash(Fact("a", 1, 1))
    with pytest.raises(TypeError):
        hash(Result("r", "pass", "error", "", [], "f", 1))


def test_infinite_ends_are_always_open() -> None:
    interval = Interval(Fraction(5), POS_INF, True, True)
    assert interval.lo_closed and not interval.hi_closed


def test_repr_lists_the_fields_in_order() -> None:
    assert repr(Problem("f.yaml", 3, 4, "bad", "facts.a")) == (
        "Problem(file='f.yaml', line=3, column=4, message='bad', path='facts.a')"
    )


def test_records_survive_pickling() -> None:
    tree = expr.parse("sum(a, b) == 3.24万 and not c < 1")
    assert pickle.loads(pickle.dumps(tree)) == tree
    fact = Fact("a", 1, 2, written="3.24万", value=parse_value("3.24万"), quotes=("3.24万人",))
    assert pickle.loads(pickle.dumps(fact)) == fact
