"""The command line end to end: CliRunner, the installed script, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jinsha_cli.cli import app

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def as_json(*args: str) -> tuple[int, dict]:
    result = run(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_json_output_follows_the_design(mini: Path) -> None:
    code, data = as_json("check", "--facts", str(mini))
    assert code == 1
    assert set(data) >= {"version", "summary", "results", "problems"}
    assert {"passed", "failed", "skipped", "errors", "known"} <= set(data["summary"])
    statuses = {r["rule"]: r["status"] for r in data["results"]}
    assert statuses["command.townships-and-streets"] == "pass"
    assert statuses["west.count"] == "fail"
    assert statuses["labour.covers-employed"] == "skip"
    known = next(r for r in data["results"] if r["rule"] == "county.streets-exceed-townships")
    assert known["status"] == "fail" and known["known"].startswith("kept to exercise")
    for result in data["results"]:
        assert set(result) >= {"rule", "status", "severity", "message", "facts", "file", "line"}
        assert result["status"] in ("pass", "fail", "skip", "error")
    assert data["summary"]["known"] == 1 and data["summary"]["failed"] == 2
    assert data["problems"] == []


def test_exit_codes(mini: Path) -> None:
    assert run("check", "--facts", str(mini)).exit_code == 1
    # Without the error-severity failure only a warning and a known discrepancy remain.
    assert run("check", "--facts", str(mini), "--ignore", "west.count").exit_code == 0
    assert run("check", "--facts", str(mini), "--ignore", "west.count", "--strict").exit_code == 1
    assert run("check", "--facts", str(mini), "--exit-zero").exit_code == 0
    assert run("check", "--facts", str(mini), "--format", "nope").exit_code == 2
    assert run("check", "--facts", str(mini), "--bogus-option").exit_code == 2


def test_a_known_discrepancy_that_holds_again_is_stale(mini: Path) -> None:
    text = mini.read_text(encoding="utf-8").replace(
        "check: county.streets > county.townships", "check: county.streets < county.townships"
    )
    mini.write_text(text, encoding="utf-8")
    code, data = as_json("check", "--facts", str(mini), "--ignore", "west.count")
    stale = next(r for r in data["results"] if r["rule"] == "county.streets-exceed-townships")
    assert stale["status"] == "pass" and stale["stale"] is True
    assert data["summary"]["stale"] == 1 and code == 1


def test_selection_by_tag_and_prefix(mini: Path) -> None:
    _, data = as_json("check", "--facts", str(mini), "--select", "tag:grim")
    rules = [r["rule"] for r in data["results"] if r["kind"] == "rule"]
    assert rules == ["employment.poor.rate-fits-count", "employment.edge.rate-fits-count"]
    _, data = as_json("check", "--facts", str(mini), "--select", "command.", "--ignore", "command.villages")
    assert [r["rule"] for r in data["results"] if r["kind"] == "rule"] == ["command.townships-and-streets"]


def test_selection_never_hides_a_quote_that_no_longer_states_its_figure(bundled_copy: Path) -> None:
    text = bundled_copy.read_text(encoding="utf-8")
    bundled_copy.write_text(text.replace("value: 40万", "value: 50万", 1), encoding="utf-8")
    code, data = as_json("check", "--facts", str(bundled_copy), "--select", "tag:grim")
    failed = {(r["kind"], r["rule"]) for r in data["results"] if r["status"] == "fail"}
    assert code == 1 and failed and {kind for kind, _ in failed} == {"quote"}
    assert all(r["kind"] != "rule" or "grim" in r["tags"] for r in data["results"])


def test_invalid_file_exits_2_with_located_problems_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("facts:\n  a:\n    value: 12abc\n    unit: 个\n    quote: x\n", encoding="utf-8")
    result = run("check", "--facts", str(path), "--format", "concise")
    assert result.exit_code == 2
    assert f"{path}:3:12: problem cannot read '12abc'" in result.stdout
    assert "Traceback" not in result.output
    code, data = as_json("check", "--facts", str(path))
    assert code == 2 and data["problems"][0]["line"] == 3 and data["problems"][0]["column"] == 12


def test_the_concise_format_is_one_line_per_finding(mini: Path) -> None:
    result = run("check", "--facts", str(mini), "--format", "concise")
    lines = result.stdout.splitlines()
    assert any(re.fullmatch(rf"{re.escape(str(mini))}:\d+:3: fail west\.count .*apart by 1.*", line) for line in lines)
    assert lines[-2].endswith("4 passed, 2 failed, 2 skipped, 0 errors, 1 known of 9 rules (1 only within rounding)")
    assert lines[-1].endswith("quotes: 17 of 17 state their value")


def test_the_table_groups_by_section(mini: Path) -> None:
    result = run("check", "--facts", str(mini), "--format", "table", env={"COLUMNS": "200"})
    out = result.stdout
    assert out.index("导语") < out.index("2 瞄准攻坚靶心") < out.index("4 巩固脱贫成效")
    assert "✗ FAIL" in out and "! known" in out and "– skip" in out
    assert "4 passed, 2 failed, 2 skipped, 0 errors" in out


def test_chinese_descriptions(mini: Path) -> None:
    result = run("check", "--facts", str(mini), "--format", "table", "--lang", "zh", env={"COLUMNS": "200"})
    assert "26个分指挥部对应21个乡镇加5个街道" in result.stdout


def test_format_from_environment(mini: Path) -> None:
    result = run("check", "--facts", str(mini), env={"JINSHA_FORMAT": "json"})
    assert json.loads(result.stdout)["summary"]["failed"] == 2


def test_schema_command_prints_json() -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["$defs"]["fact"]["properties"]["quote"]


def test_every_command_has_help_with_an_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help and "Example" in command.help, f"{name} needs help text with an example"


# The bundled fact file and the installed script -------------------------------------------


def test_bundled_facts_pass(bundled_copy: Path) -> None:
    code, data = as_json("check", "--facts", str(bundled_copy))
    assert data["problems"] == [] and code == 0, [r for r in data["results"] if r["status"] != "pass"][:5]


def test_changing_the_tea_target_fails_and_names_the_rule(bundled_copy: Path) -> None:
    text = bundled_copy.read_text(encoding="utf-8")
    assert text.count("value: 40万\n") == 1, "the tea target is written once as a value"
    line = text[: text.index("value: 40万\n")].count("\n") + 1
    bundled_copy.write_text(text.replace("value: 40万\n", "value: 50万\n"), encoding="utf-8")
    code, data = as_json("check", "--facts", str(bundled_copy))
    assert code == 1
    failing = [r for r in data["results"] if r["status"] == "fail" and not r.get("known")]
    assert failing, "some rule must catch the edit"
    quote = next(r for r in failing if r["kind"] == "quote")
    quote_line = text.splitlines()[quote["line"] - 1]  # reported where the quote is written
    assert "quote:" in quote_line and "40万" in quote_line and quote["line"] > line
    assert any(r["kind"] == "rule" and r["line"] > 0 for r in failing)


def test_a_duplicated_fact_id_exits_2_naming_both_lines(bundled_copy: Path) -> None:
    text = bundled_copy.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    facts_line = next(i for i, line in enumerate(lines) if line.startswith("facts:"))
    start = next(i for i in range(facts_line, len(lines)) if re.match(r"  [a-z]", lines[i]))
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"  [a-z]", lines[i]))
    block = [line for line in lines[start:end] if line.strip()]  # the first fact, repeated
    bundled_copy.write_text("".join(lines[:end] + block + lines[end:]), encoding="utf-8")
    result = run("check", "--facts", str(bundled_copy), "--format", "concise")
    assert result.exit_code == 2
    assert f"first at line {start + 1}, again at line {end + 1}" in result.stdout


def test_a_rule_calling_import_exits_2_located(bundled_copy: Path) -> None:
    text = bundled_copy.read_text(encoding="utf-8").rstrip("\n") + '\n  evil:\n    check: __import__("os")\n'
    bundled_copy.write_text(text, encoding="utf-8")
    last = text.count("\n")
    result = run("check", "--facts", str(bundled_copy), "--format", "concise")
    assert result.exit_code == 2
    assert f"{bundled_copy}:{last}:" in result.stdout and "rule evil" in result.stdout
    assert "Traceback" not in result.output


def _script() -> str:
    script = Path(sys.executable).with_name("jinsha")
    if not script.exists():
        pytest.skip("the jinsha script is not installed beside this Python")
    return str(script)


def test_installed_script_finds_the_bundled_facts_from_any_folder(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([_script(), "check"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert re.search(r"\d+ passed, 0 failed, \d+ skipped, 0 errors", done.stdout)
    json_run = subprocess.run(
        [_script(), "check", "-f", "json"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120
    )
    assert json.loads(json_run.stdout)["summary"]["failed"] == 0


def test_python_dash_m_works(tmp_path: Path, mini: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "check", "--facts", str(mini)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "west.count" in done.stdout


def test_the_script_keeps_exit_codes_output_and_exit_handlers(tmp_path: Path, mini: Path) -> None:
    """main() leaves without tearing the interpreter down; nothing may be lost on the way."""
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "check", "--facts", str(mini), "--format", "json", "--verbose"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert len(json.loads(done.stdout)["results"]) > 5  # the whole document, flushed
    code = (
        "import atexit, sys\nfrom jinsha_cli.cli import exit_now\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "print('unflushed', end='')\nexit_now(sys.argv[1])\n"
    )
    done = subprocess.run([sys.executable, "-c", code, "a message"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1  # as sys.exit("a message")
    assert done.stdout == "unflushedhandler ran\n" and done.stderr == "a message\n"
    done = subprocess.run(
        [sys.executable, "-c", "from jinsha_cli.cli import exit_now\nexit_now(None)"], capture_output=True, timeout=120
    )
    assert done.returncode == 0


def test_the_command_line_renders_through_the_packages() -> None:
    """cli.py parses options, calls the library and hands the result to a format or view: no rendering of its own."""
    import ast

    source = (Path(__file__).resolve().parent.parent / "jinsha_cli" / "cli.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add((node.module or "").split(".")[0])
    assert not imported & {"rich", "json"}, "build tables and JSON in formats/ or a views module"
    called = {
        node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not called & {"dumps", "add_row", "add_column", "summary_lines"}
