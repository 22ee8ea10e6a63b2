"""jinsha: check that the figures of a document hold together.

The library API, which the command line itself uses::

    import jinsha_cli as jinsha

    book = jinsha.load("facts.yaml")      # a Factbook; book.problems lists what is wrong
    report = jinsha.check(book)           # a Report of Result objects
    print(report.summary_line(), report.exit_code)
"""

from __future__ import annotations

from .check import check
from .loader import FactFileError, bundled_facts_path, default_facts_path, load, load_strict, load_text
from .model import Fact, Factbook, Problem, Report, Result, Rule, Section
from .numbers import Code, Figure, FigureError, parse_value

__version__ = "0.1.0"

__all__ = [
    "Code",
    "Fact",
    "FactFileError",
    "Factbook",
    "Figure",
    "FigureError",
    "Problem",
    "Report",
    "Result",
    "Rule",
    "Section",
    "bundled_facts_path",
    "check",
    "default_facts_path",
    "load",
    "load_strict",
    "load_text",
    "parse_value",
]
