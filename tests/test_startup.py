"""Start-up: what a command imports.

(Timings are the benchmark's business: bench/run.py. Nothing here is timed.)
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import BUNDLED


def modules_after(*args: str) -> set[str]:
    """The modules a fresh `jinsha ARGS` process has imported when it is done."""
    code = (
        "import atexit, sys\nfrom jinsha_cli.cli import main\nsys.argv = ['jinsha', *sys.argv[1:]]\n"
        "atexit.register(lambda: print('\\n'.join(sys.modules), file=sys.stderr))\nmain()\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    modules = set(done.stderr.split())
    assert "jinsha_cli.cli" in modules, done.stderr[-2000:]
    return modules


def heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in ("rich", "pydantic", "pydantic_core")}


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--facts", str(BUNDLED), "--format", "json"),
        ("check", "--facts", str(BUNDLED), "--format", "concise", "--select", "tag:grim", "--ignore", "x"),
        ("list", "--facts", str(BUNDLED), "--format", "json"),
        ("show", "--facts", str(BUNDLED), "poverty.lifted.people", "--format", "json"),
    ],
)
def test_machine_readable_runs_import_neither_rich_nor_pydantic(args: tuple[str, ...]) -> None:
    assert heavy(modules_after(*args)) == set()


def test_a_table_imports_rich_but_still_not_pydantic() -> None:
    modules = modules_after("check", "--facts", str(BUNDLED), "--format", "table")
    assert "rich.table" in modules and not {m for m in modules if m.startswith("pydantic")}
