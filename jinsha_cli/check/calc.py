"""`jinsha calc`: evaluate an expression of the rule language against the facts.

People work as in a spreadsheet: try a relation, read what it comes to, then
keep it as a rule. ``calculate(book, "a / b")`` gives the same result and the
same step-by-step explanation that `jinsha rule` gives for a rule with that
check; an expression that is not a test (``a / b``) is an answer too, with the
status ``value``::

    calculation = calculate(book, "employment.poor.people / employment.poor.rate")
    calculation.result.message    # '35526人 / 95.7% = [37103.4, 37142.2]人'
    calculation.result.steps      # each step in numbers
"""

from __future__ import annotations

import difflib

from ..core._record import Record
from ..core.model import Factbook, Result, Rule, Status
from ..rules import expr
from .checker import check_rule

CALC_ID = "calc"
# 0: a value, or a test that holds; 1: a test that fails or cannot be decided; 2: a broken expression.
_EXIT_CODES = {Status.VALUE: 0, Status.PASS: 0, Status.FAIL: 1, Status.SKIP: 1, Status.ERROR: 2}


class CalcError(ValueError):
    """An expression that cannot be evaluated at all: bad syntax or an unknown fact, located."""

    def __init__(self, message: str, expression: str, offset: int) -> None:
        self.message = message
        self.expression = expression
        self.offset = offset
        super().__init__(f"{message} (column {offset + 1})")

    def pointer(self) -> str:
        """The expression with a caret under the trouble, for a terminal (two lines)."""
        return f"  {self.expression}\n  {' ' * len(self.expression[: self.offset])}^"


class Calculation(Record):
    """An expression, the rule it stands for, and its result."""

    __slots__ = ("expression", "rule", "result")

    def __init__(self, expression: str, rule: Rule, result: Result) -> None:
        self.expression = expression
        self.rule = rule  # an unsaved rule whose check is the expression
        self.result = result  # status: value | pass | fail | skip | error

    @property
    def exit_code(self) -> int:
        """0: a value, or a test that holds; 1: a test that fails or cannot be decided; 2: an error."""
        return _EXIT_CODES.get(self.result.status, 2)


def calculate(book: Factbook, expression: str) -> Calculation:
    """Evaluate ``expression`` over ``book``'s facts. Raises CalcError for bad syntax or unknown facts."""
    try:
        tree = expr.parse(expression)
    except expr.RuleSyntaxError as error:
        raise CalcError(error.message, expression, error.offset) from None
    for ref in expr.fact_refs(tree):
        if ref.id not in book.facts:
            matches = difflib.get_close_matches(ref.id, list(book.facts), n=3)
            hint = f"; did you mean {', '.join(matches)}?" if matches else ""
            raise CalcError(f"no fact {ref.id!r} in {book.path}{hint}", expression, ref.offset)
    rule = Rule(
        id=CALC_ID,
        check=expression,
        line=0,
        column=0,
        check_line=0,
        check_column=0,
        tree=tree,
        fact_ids=tuple(expr.fact_ids(tree)),
    )
    return Calculation(expression, rule, check_rule(book, rule, values=True))
