"""jinsha: check that the figures of a document hold together.

The library API, which the command line itself uses::

    import jinsha_cli as jinsha

    runs = jinsha.check_files(["facts.yaml"])   # what `jinsha check facts.yaml` does
    print(runs[0].report.summary_line(), jinsha.exit_code(runs))

    book = jinsha.load("facts.yaml")      # a Factbook; book.problems lists what is wrong
    report = jinsha.check(book)           # a Report: rules, quotes, and the source document it names
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import check as _check_package  # noqa: F401  (see below)

__version__ = "0.1.0"

# `jinsha_cli.check` names both the library's check() and the subpackage of the
# check product. Importing a subpackage for the first time binds its name on this
# package, which would hide the function for the rest of the run. So the (empty)
# subpackage is imported above, once, and the name is handed back to the function:
# `jinsha_cli.check` is always check(); import the product's modules with
# `from jinsha_cli.check.checker import ...`.
globals().pop("check", None)

# Each name is imported from its module on first use (PEP 562), so that a command
# pays only for what it runs: `jinsha check` on a cached fact file never imports
# the YAML loader, and `import jinsha_cli.cli` imports no engine at all.
_HOMES = {
    "check": "check.checker",
    "check_file": "check.files",
    "check_files": "check.files",
    "exit_code": "check.files",
    "Run": "core.model",
    "FactFileError": "factfile.loader",
    "bundled_facts_path": "factfile.paths",
    "default_facts_path": "factfile.paths",
    "load": "factfile.loader",
    "load_strict": "factfile.loader",
    "load_text": "factfile.loader",
    "Fact": "core.model",
    "Factbook": "core.model",
    "Problem": "core.model",
    "Report": "core.model",
    "Result": "core.model",
    "Rule": "core.model",
    "Section": "core.model",
    "Code": "core.numbers",
    "Figure": "core.numbers",
    "FigureError": "core.numbers",
    "parse_value": "core.numbers",
}

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
    "Run",
    "Section",
    "bundled_facts_path",
    "check",
    "check_file",
    "check_files",
    "default_facts_path",
    "exit_code",
    "load",
    "load_strict",
    "load_text",
    "parse_value",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'jinsha_cli' has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


if TYPE_CHECKING:
    from .check.checker import check
    from .check.files import check_file, check_files, exit_code
    from .core.model import Fact, Factbook, Problem, Report, Result, Rule, Run, Section
    from .core.numbers import Code, Figure, FigureError, parse_value
    from .factfile.loader import FactFileError, load, load_strict, load_text
    from .factfile.paths import bundled_facts_path, default_facts_path
