"""Start-up: what a command imports, and the plain option coercion that keeps it lean.

(Timings are the benchmark's business: bench/run.py. Nothing here is timed.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from jinsha_cli import _fast_params
from jinsha_cli.cli import app

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


def _parameters() -> list[tuple[Any, Any]]:
    group = typer.main.get_command(app)
    found = [(group, param) for param in group.params]
    for command in group.commands.values():  # type: ignore[attr-defined]
        found.extend((command, param) for param in command.params)
    return [(command, param) for command, param in found if hasattr(param, "type_descriptor")]


SAMPLES: dict[Any, list[Any]] = {
    str: ["", "json", "tag:grim", "中文", " spaced "],
    bool: [True, False],
    Path: ["facts.yaml", "./a/b.yaml", "/tmp", "-", ""],
}


@pytest.mark.parametrize(("command", "param"), _parameters(), ids=lambda value: getattr(value, "name", "?"))
def test_plain_coercion_gives_what_typer_gives(command: Any, param: Any) -> None:
    from typer._click import Context
    from typer._coercion import build_runtime_param

    plain = _fast_params._plain_kind(param.type_descriptor)
    if plain is None:
        pytest.skip(f"{param.name}: not a plain option, left to Typer")
    kind, multiple = plain
    ctx = Context(command)
    typer_way = build_runtime_param(param.type_descriptor)
    fast_way = _fast_params._PlainCoercion(param, kind, multiple, build_runtime_param)
    values: list[Any] = [None]
    for sample in SAMPLES[kind]:
        values.append((sample, sample) if multiple else sample)
    if multiple:
        values.append(())
    for value in values:
        try:
            expected: Any = typer_way.coerce(value, param=param, ctx=ctx)
        except Exception as error:  # the same refusal, whichever way
            with pytest.raises(type(error)):
                fast_way.coerce(value, param=param, ctx=ctx)
            continue
        got = fast_way.coerce(value, param=param, ctx=ctx)
        assert (type(got), got) == (type(expected), expected), (param.name, value)


def _command_tree() -> list[tuple[Any, ...]]:
    group = typer.main.get_command(app)
    rows: list[tuple[Any, ...]] = []
    for name, command in [("", group), *sorted(group.commands.items())]:  # type: ignore[attr-defined]
        rows.append((name, command.help, command.short_help))
        for param in command.params:
            descriptor = getattr(param, "type_descriptor", None)
            rows.append(
                (
                    name,
                    param.name,
                    tuple(param.opts),
                    tuple(param.secondary_opts),
                    repr(param.default),
                    param.required,
                    param.multiple,
                    param.nargs,
                    getattr(param, "help", None),
                    getattr(param, "envvar", None),
                    repr(descriptor.annotation) if descriptor else None,
                )
            )
    return rows


def test_annotations_resolved_once_build_the_same_commands() -> None:
    code = (
        "import json, sys\n"
        "from jinsha_cli.cli import app\n"
        "from jinsha_cli import _fast_params\n"
        "from tests.test_startup import _command_tree\n"
        "before = _command_tree()\n"
        "_fast_params.resolve_annotations(app)\n"
        "after = _command_tree()\n"
        "print(json.dumps([before == after, len(before)]))\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr[-2000:]
    same, rows = done.stdout.strip().splitlines()[-1].strip("[]").split(", ")
    assert same == "true" and int(rows) > 20


COMMANDS = ["check", "schema", "find", "show", "list", "rule", "extract", "coverage", "report"]


@pytest.mark.parametrize("name", COMMANDS)
def test_running_one_command_builds_only_it_with_the_same_help_and_errors(name: str) -> None:
    from typer.testing import CliRunner

    from jinsha_cli.cli import app_for

    single = app_for([name, "--help"])
    assert single is not app and len(single.registered_commands) == 1
    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    for args in ([name, "--help"], [name, "--no-such-option"]):
        full, alone = runner.invoke(app, args, env=env), runner.invoke(single, args, env=env)
        assert (alone.exit_code, alone.output) == (full.exit_code, full.output)


def test_anything_but_a_command_name_gets_the_whole_app() -> None:
    from jinsha_cli.cli import app_for

    for args in ([], ["--help"], ["nonesuch"], ["--install-completion"]):
        assert app_for(args) is app
    listed = typer.main.get_command(app).list_commands(None)  # type: ignore[attr-defined,arg-type]
    assert sorted(listed) == sorted(COMMANDS)  # the test above covers every command
