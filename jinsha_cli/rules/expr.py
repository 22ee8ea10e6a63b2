"""The rule language: tokens, a bounded recursive-descent parser, and the tree.

Grammar (lowest precedence first)::

    expr     := or
    or       := and ("or" and)*
    and      := not ("and" not)*
    not      := "not" not | compare
    compare  := sum (("=="|"!="|"<"|"<="|">"|">=") sum)*
    sum      := product (("+"|"-") product)*
    product  := unary (("*"|"/") unary)*
    unary    := "-" unary | atom
    atom     := NUMBER | FACT_ID | FUNCTION "(" [expr ("," expr)*] ")" | "(" expr ")"

Nothing here runs user text: the tree is plain data that ``evaluate`` walks.
Length and nesting are capped so that no input can hang or exhaust the stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from sys import intern

from ..core._record import Record
from ..core.numbers import MULTIPLIERS, Figure, FigureError, parse_value

MAX_LENGTH = 2000
MAX_DEPTH = 50

COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
KEYWORDS = ("and", "or", "not")


class RuleSyntaxError(Exception):
    """A rule that does not parse; ``offset`` is 0-based within the text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


# Tree ----------------------------------------------------------------------


class Number(Record):
    __slots__ = ("figure", "offset")

    def __init__(self, figure: Figure, offset: int) -> None:
        self.figure = figure
        self.offset = offset


class FactRef(Record):
    __slots__ = ("id", "offset")

    def __init__(self, id: str, offset: int) -> None:
        self.id = id
        self.offset = offset


class Negate(Record):
    __slots__ = ("operand", "offset")

    def __init__(self, operand: Node, offset: int) -> None:
        self.operand = operand
        self.offset = offset


class Arithmetic(Record):
    __slots__ = ("op", "left", "right", "offset")

    def __init__(self, op: str, left: Node, right: Node, offset: int) -> None:
        self.op = op  # + - * /
        self.left = left
        self.right = right
        self.offset = offset


class Comparison(Record):
    __slots__ = ("operands", "ops", "offset")

    def __init__(self, operands: tuple[Node, ...], ops: tuple[str, ...], offset: int) -> None:
        self.operands = operands
        self.ops = ops
        self.offset = offset


class Logic(Record):
    __slots__ = ("op", "operands", "offset")

    def __init__(self, op: str, operands: tuple[Node, ...], offset: int) -> None:
        self.op = op  # and | or
        self.operands = operands
        self.offset = offset


class Not(Record):
    __slots__ = ("operand", "offset")

    def __init__(self, operand: Node, offset: int) -> None:
        self.operand = operand
        self.offset = offset


class Call(Record):
    __slots__ = ("name", "args", "offset")

    def __init__(self, name: str, args: tuple[Node, ...], offset: int) -> None:
        self.name = name
        self.args = args
        self.offset = offset


Node = Number | FactRef | Negate | Arithmetic | Comparison | Logic | Not | Call


def fact_refs(node: Node) -> list[FactRef]:
    """Every fact reference in the tree, in order of appearance."""
    found: list[FactRef] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, FactRef):
            found.append(current)
        elif isinstance(current, (Negate, Not)):
            stack.append(current.operand)
        elif isinstance(current, Arithmetic):
            stack.extend((current.right, current.left))
        elif isinstance(current, (Comparison, Logic)):
            stack.extend(reversed(current.operands))
        elif isinstance(current, Call):
            stack.extend(reversed(current.args))
    return found


def fact_ids(node: Node) -> list[str]:
    """Every fact id the tree names, in order of appearance, without repeats."""
    return list(dict.fromkeys(ref.id for ref in fact_refs(node)))


# Tokens ----------------------------------------------------------------------


class Token(Record):
    __slots__ = ("kind", "text", "offset")

    def __init__(self, kind: str, text: str, offset: int) -> None:
        self.kind = kind  # number | name | op | ( | ) | , | end
        self.text = text
        self.offset = offset


_MULTIPLIER = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
_NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
# Literals are exact: digits with an optional multiplier and a percent sign or 个百分点.
# (No thousands separators: a comma separates arguments.)
_LITERAL = rf"[0-9]+(?:\.[0-9]+)?(?:{_MULTIPLIER})?(?:%|个百分点|百分点)?"


@cache  # compiled on first use: rules read back from the cache are already parsed
def _token_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<space>\s+)|(?P<number>{_LITERAL})|(?P<name>{_NAME})"
        r"|(?P<op>\*\*|==|!=|<=|>=|<|>|\+|-|\*|/|=)|(?P<paren>[(),])"
    )


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    offset = 0
    token_re = _token_re()
    while offset < len(text):
        match = token_re.match(text, offset)
        if not match or match.end() == offset:
            raise RuleSyntaxError(_unexpected_character(text[offset]), offset)
        kind = match.lastgroup
        value = match.group()
        if kind == "op" and value in ("**", "="):
            hint = "there is no power operator" if value == "**" else "use == to compare"
            raise RuleSyntaxError(f"operator {value!r} is not part of the rule language: {hint}", offset)
        if kind == "paren":
            tokens.append(Token(value, value, offset))
        elif kind != "space":
            tokens.append(Token(kind or "", value, offset))
        offset += len(value)
    tokens.append(Token("end", "", len(text)))
    return tokens


def _unexpected_character(char: str) -> str:
    if char in "\"'":
        return "strings are not part of the rule language"
    if char in "[]{}":
        return f"{char!r}: there is no indexing or literal collection; use the functions"
    if char == "@" or char == "^" or char == "%":
        return f"operator {char!r} is not part of the rule language"
    return f"unexpected character {char!r}"


# Parser ----------------------------------------------------------------------


def parse(text: str) -> Node:
    """Parse a rule; raises RuleSyntaxError with the offset of the trouble."""
    if len(text) > MAX_LENGTH:
        raise RuleSyntaxError(f"rule is {len(text)} characters long; the limit is {MAX_LENGTH}", MAX_LENGTH)
    if not text.strip():
        raise RuleSyntaxError("empty rule", 0)
    return _Parser(tokenize(text)).parse()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, kind: str, what: str) -> Token:
        if self.current.kind != kind:
            raise RuleSyntaxError(f"expected {what}, found {self._describe(self.current)}", self.current.offset)
        return self.advance()

    @staticmethod
    def _describe(token: Token) -> str:
        return "the end of the rule" if token.kind == "end" else repr(token.text)

    def parse(self) -> Node:
        node = self.expression()
        if self.current.kind != "end":
            raise RuleSyntaxError(f"unexpected {self._describe(self.current)}", self.current.offset)
        return node

    def expression(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RuleSyntaxError(f"nesting deeper than {MAX_DEPTH} levels", self.current.offset)
        try:
            return self.logic("or", self.logic_and)
        finally:
            self.depth -= 1

    def logic_and(self) -> Node:
        return self.logic("and", self.negation)

    def logic(self, keyword: str, operand: Callable[[], Node]) -> Node:
        start = self.current.offset
        operands = [operand()]
        while self.current.kind == "name" and self.current.text == keyword:
            self.advance()
            operands.append(operand())
        return operands[0] if len(operands) == 1 else Logic(keyword, tuple(operands), start)

    def negation(self) -> Node:
        if self.current.kind == "name" and self.current.text == "not":
            start = self.advance().offset
            self._enter()
            try:
                return Not(self.negation(), start)
            finally:
                self.depth -= 1
        return self.comparison()

    def comparison(self) -> Node:
        start = self.current.offset
        operands = [self.additive()]
        ops: list[str] = []
        while self.current.kind == "op" and self.current.text in COMPARISONS:
            ops.append(self.advance().text)
            operands.append(self.additive())
        return operands[0] if not ops else Comparison(tuple(operands), tuple(ops), start)

    def additive(self) -> Node:
        node = self.multiplicative()
        while self.current.kind == "op" and self.current.text in "+-":
            token = self.advance()
            node = Arithmetic(token.text, node, self.multiplicative(), token.offset)
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while self.current.kind == "op" and self.current.text in ("*", "/"):
            token = self.advance()
            node = Arithmetic(token.text, node, self.unary(), token.offset)
        return node

    def unary(self) -> Node:
        if self.current.kind == "op" and self.current.text == "-":
            start = self.advance().offset
            self._enter()
            try:
                return Negate(self.unary(), start)
            finally:
                self.depth -= 1
        return self.atom()

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RuleSyntaxError(f"nesting deeper than {MAX_DEPTH} levels", self.current.offset)

    def atom(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            try:
                figure = parse_value(token.text, "exact")
            except FigureError as error:
                raise RuleSyntaxError(str(error), token.offset) from None
            assert isinstance(figure, Figure)
            return Number(figure, token.offset)
        if token.kind == "(":
            self.advance()
            node = self.expression()
            self.expect(")", "')'")
            return node
        if token.kind == "name":
            if token.text in KEYWORDS:
                raise RuleSyntaxError(f"{token.text!r} needs an operand before it", token.offset)
            self.advance()
            if self.current.kind == "(":
                return self.call(token)
            return FactRef(intern(token.text), token.offset)  # shares the fact id's string
        raise RuleSyntaxError(f"expected a fact id, a number or '(', found {self._describe(token)}", token.offset)

    def call(self, name: Token) -> Node:
        from .functions import FUNCTIONS  # the registry's module imports this one, so not at the top

        function = FUNCTIONS.get(name.text)
        if function is None:
            allowed = ", ".join(FUNCTIONS)
            raise RuleSyntaxError(f"unknown function {name.text!r}; the functions are {allowed}", name.offset)
        self.advance()  # (
        args: list[Node] = []
        if self.current.kind != ")":
            args.append(self.expression())
            while self.current.kind == ",":
                self.advance()
                args.append(self.expression())
        self.expect(")", "',' or ')'")
        if not function.accepts(len(args)):
            raise RuleSyntaxError(f"{name.text}() takes {function.wanted()} argument(s), got {len(args)}", name.offset)
        return Call(name.text, tuple(args), name.offset)
