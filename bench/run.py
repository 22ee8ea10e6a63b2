"""Benchmarks for jinsha: start-up, scale, memory and the lookup commands.

    python bench/run.py            # the full run (about 5 minutes on 2 cores)
    python bench/run.py --quick    # 1k and 10k facts only, fewer repeats
    python bench/run.py --startup-only --baseline ../old   # start-up, before and after a change

Every figure is a ratio measured side by side in the same run, so that it means
something on a busy machine: each program runs in a fresh process, the programs
being compared take turns (interleaved), and each one's median wall time is
used. Peak memory is each process's own maximum resident set (``wait4``).

1. start-up: ``jinsha check`` on the bundled fact file (and with
   ``--format json``) against the floor ``python -c "import typer, rich, yaml"``;
2. scale: ``jinsha check --format json`` on synthetic files of 1k, 10k and 100k
   facts (with as many rules) against parsing the same file with
   ``yaml.load(..., Loader=yaml.CSafeLoader)`` alone, and the growth from 10k
   to 100k;
3. memory: the peak RSS of each of those runs;
4. ``jinsha find`` (a word and a question, piped as the bench runs it: target ≤ 1.3×,
   as for check; and the word with ``--format table``), ``show`` and ``list`` on the
   bundled file against the floor.

Start-up is measured twice: as people meet it, with the parse cache filled by
the warm-up round (a re-check or lookup of an unchanged file), and with
``--no-cache`` (the first run after an edit). The scale runs always parse
(``--no-cache``), so that they measure the loader against the C loader. The
cache lives in the work folder, never in the user's own cache.

``--baseline DIR`` names another checkout with its own virtual environment in
``DIR/.venv`` (say, main before a change): its floor and its cached ``check``
runs join the same interleaved start-up rounds, with a parse cache of their own,
and a second table sets the two side by side, each against its own floor (the
two environments may hold different Typer releases).

The synthetic files come from bench/generate.py. This is a script, not a test:
nothing in the test suite depends on its timings.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write as write_fact_file  # noqa: E402

TARGETS = {
    "startup": 1.3,  # jinsha check vs the import floor
    "scale": 3.0,  # 100k facts and rules vs the C loader's parse
    "growth": 11.0,  # 10k -> 100k
    "memory_mb": 500.0,  # peak RSS at 100k
}
FLOOR = [sys.executable, "-c", "import typer, rich, yaml"]
C_LOADER = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"


@dataclass
class Timing:
    """The runs of one command."""

    label: str
    command: list[str]
    env: dict[str, str] | None = None  # None: the run's own environment
    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / 1024


def jinsha_command() -> list[str]:
    """The installed script beside this Python, as users run it; else python -m."""
    script = Path(sys.executable).with_name("jinsha")
    if script.is_file():
        return [str(script)]
    found = shutil.which("jinsha")
    return [found] if found else [sys.executable, "-m", "jinsha_cli"]


def child_environment(cache_dir: Path) -> dict[str, str]:
    """Bytecode caching on (as after an install), no colour, no terminal width games,
    and jinsha's parse cache in ``cache_dir``."""
    dropped = {"PYTHONDONTWRITEBYTECODE", "JINSHA_FORMAT", "JINSHA_NO_CACHE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update({"NO_COLOR": "1", "COLUMNS": "120", "JINSHA_CACHE_DIR": str(cache_dir)})
    return env


def run_once(command: Sequence[str], env: dict[str, str], stdout_path: Path | None = None) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KB, exit code) of one fresh process."""
    out = stdout_path.open("wb") if stdout_path else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout_path:
            out.close()  # type: ignore[union-attr]
    return elapsed, int(usage.ru_maxrss), process.returncode


def measure(
    timings: list[Timing],
    repeats: int,
    env: dict[str, str],
    outputs: dict[str, Path] | None = None,
    warm_up: bool = True,
) -> None:
    """Run the commands in turn, ``repeats`` rounds, after a warm-up round (bytecode
    written, files in the page cache) unless ``warm_up`` is false."""
    outputs = outputs or {}
    for round_ in range(0 if warm_up else 1, repeats + 1):
        for timing in timings:
            seconds, peak, code = run_once(timing.command, timing.env or env, outputs.get(timing.label))
            if round_ == 0:
                continue
            timing.seconds.append(seconds)
            timing.peak_kb.append(peak)
            timing.codes.append(code)


def available_commands(jinsha: list[str], env: dict[str, str]) -> set[str]:
    """The subcommands this jinsha has (find, show and list may not exist yet)."""
    done = subprocess.run([*jinsha, "--help"], capture_output=True, text=True, env=env, timeout=60)
    names = set()
    for line in done.stdout.splitlines():
        words = line.strip("│ ").split()
        if words:
            names.add(words[0])
    return names


def a_fact_id(jinsha: list[str], env: dict[str, str]) -> str | None:
    """Some fact id of the bundled file, for `jinsha show`."""
    try:
        done = subprocess.run(
            [*jinsha, "list", "--format", "json"], capture_output=True, text=True, env=env, timeout=60
        )
        return json.loads(done.stdout)[0]["id"]
    except (ValueError, KeyError, IndexError, TypeError, subprocess.SubprocessError):
        return None


def bundled_facts() -> Path:
    sys.path.insert(0, str(ROOT))
    from jinsha_cli.factfile.paths import bundled_facts_path

    return bundled_facts_path()


def baseline_timings(checkout: Path, bundled: Path, workdir: Path) -> list[Timing]:
    """The floor and the cached check runs of another checkout, in its own venv, with its own cache."""
    python = checkout / ".venv" / "bin" / "python"
    script = checkout / ".venv" / "bin" / "jinsha"
    if not script.is_file():
        raise SystemExit(f"no {script}: give --baseline a checkout with its own .venv")
    shutil.rmtree(workdir / "cache-baseline", ignore_errors=True)
    env = child_environment(workdir / "cache-baseline")
    return [
        Timing("baseline floor", [str(python), "-c", "import typer, rich, yaml"], env),
        Timing("baseline check", [str(script), "check", "--facts", str(bundled)], env),
        Timing("baseline check json", [str(script), "check", "--facts", str(bundled), "--format", "json"], env),
    ]


def typer_version(python: str) -> str:
    done = subprocess.run(
        [python, "-c", "from importlib.metadata import version; print(version('typer'))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.strip() or "?"


def print_side_by_side(checkout: Path, baseline: list[Timing], startup: list[Timing]) -> None:
    before_floor, before_check, before_json = baseline
    after_floor, after_check, after_json = startup[0], startup[1], startup[2]
    before_typer = typer_version(before_floor.command[0])
    after_typer = typer_version(sys.executable)
    print()
    print(f"| start-up, parse cached | before ({checkout}, typer {before_typer}) | after (typer {after_typer}) |")
    print("|---|---|---|")
    print(f"| floor: `python -c 'import typer, rich, yaml'` | {before_floor.median * 1000:.0f} ms | ", end="")
    print(f"{after_floor.median * 1000:.0f} ms |")
    for label, before, after in (
        ("`jinsha check`", before_check, after_check),
        ("`jinsha check --format json`", before_json, after_json),
    ):
        print(f"| {label} | {before.median * 1000:.0f} ms, ", end="")
        print(f"{ratio_cell(before.median / before_floor.median, TARGETS['startup'])} | ", end="")
        print(f"{after.median * 1000:.0f} ms, {ratio_cell(after.median / after_floor.median, TARGETS['startup'])} |")


def ratio_cell(value: float, target: float | None = None) -> str:
    if target is None:
        return f"{value:.2f}×"
    return f"{value:.2f}× ({'meets' if value <= target else 'MISSES'} ≤ {target:g}×)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k facts only, fewer repeats")
    parser.add_argument("--runs", type=int, default=None, help="start-up rounds (default 15, quick 7)")
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="fact counts (default 1000 10000 100000)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the generated files here")
    parser.add_argument("--startup-only", action="store_true", help="skip the scale and memory runs")
    parser.add_argument(
        "--baseline", type=Path, default=None, help="another checkout, with DIR/.venv, to time side by side"
    )
    args = parser.parse_args(argv)

    sizes = [] if args.startup_only else args.sizes or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    startup_runs = args.runs or (7 if args.quick else 15)
    jinsha = jinsha_command()
    bundled = bundled_facts()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="jinsha-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # A parse cache of its own, empty at the start: the warm-up round fills it.
    shutil.rmtree(workdir / "cache", ignore_errors=True)
    env = child_environment(workdir / "cache")

    print(f"jinsha bench: Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; ", end="")
    print(f"{' '.join(jinsha)}; files in {workdir}", flush=True)

    # 1 and 4: start-up and the lookup commands, all against the same floor.
    commands = available_commands(jinsha, env)
    startup = [
        Timing("floor: python -c 'import typer, rich, yaml'", FLOOR),
        Timing("jinsha check", [*jinsha, "check", "--facts", str(bundled)]),
        Timing("jinsha check --format json", [*jinsha, "check", "--facts", str(bundled), "--format", "json"]),
        Timing("import jinsha_cli.cli", [sys.executable, "-c", "import jinsha_cli.cli"]),
        Timing("jinsha check --no-cache", [*jinsha, "check", "--facts", str(bundled), "--no-cache"]),
        Timing(
            "jinsha check --no-cache --format json",
            [*jinsha, "check", "--facts", str(bundled), "--no-cache", "--format", "json"],
        ),
    ]
    lookups: dict[str, Timing | None] = dict.fromkeys(("find", "find (table)", "find (a question)", "show", "list"))
    if "find" in commands:
        lookups["find"] = Timing("jinsha find 就业率", [*jinsha, "find", "就业率", "--facts", str(bundled)])
        lookups["find (table)"] = Timing(
            "jinsha find 就业率 --format table", [*jinsha, "find", "就业率", "--facts", str(bundled), "-f", "table"]
        )
        question = "how many households were relocated?"
        lookups["find (a question)"] = Timing(
            f"jinsha find {question!r}", [*jinsha, "find", question, "--facts", str(bundled)]
        )
    if "show" in commands:
        fact_id = a_fact_id(jinsha, env) if "list" in commands else None
        if fact_id:
            lookups["show"] = Timing(f"jinsha show {fact_id}", [*jinsha, "show", fact_id, "--facts", str(bundled)])
    if "list" in commands:
        lookups["list"] = Timing("jinsha list", [*jinsha, "list", "--facts", str(bundled)])
    baseline = baseline_timings(args.baseline, bundled, workdir) if args.baseline else []
    print(f"start-up: {startup_runs} interleaved rounds ...", flush=True)
    measure(startup + [t for t in lookups.values() if t is not None] + baseline, startup_runs, env)

    # 2 and 3: scale and memory.
    scale: list[tuple[int, int, Timing, Timing]] = []
    for size in sizes:
        path = workdir / f"facts-{size}.yaml"
        facts, rules = write_fact_file(path, size)
        repeats = 1 if args.quick and size >= 10_000 else 3
        print(
            f"scale: {facts} facts, {rules} rules, {path.stat().st_size / 1e6:.1f} MB, {repeats} round(s) ...",
            flush=True,
        )
        loader = Timing("yaml.load CSafeLoader", [sys.executable, "-c", C_LOADER, str(path)])
        checker = Timing(
            "jinsha check --format json",
            [*jinsha, "check", "--facts", str(path), "--format", "json", "--no-cache"],  # the parse, every time
        )
        output = workdir / f"facts-{size}.json"
        measure([loader, checker], repeats, env, {checker.label: output}, warm_up=size < 10_000)
        summary = json.loads(output.read_text(encoding="utf-8"))["summary"]
        if summary.get("problems") or not set(checker.codes) <= {0, 1}:
            print(f"  warning: exit codes {checker.codes}, summary {summary}", file=sys.stderr)
        scale.append((facts, rules, loader, checker))

    floor = startup[0].median
    print()
    print("| measure | jinsha | baseline | ratio |")
    print("|---|---|---|---|")
    labels = {
        1: "start-up: `jinsha check`, bundled file (parse cached)",
        2: "start-up: `jinsha check --format json` (parse cached)",
        4: "start-up: `jinsha check --no-cache` (parsed every run)",
        5: "start-up: `jinsha check --no-cache --format json`",
    }
    for index, label in labels.items():
        ratio = ratio_cell(startup[index].median / floor, TARGETS["startup"])
        print(f"| {label} | {startup[index].median * 1000:.0f} ms | {floor * 1000:.0f} ms (import floor) | {ratio} |")
    print(f"| of which importing: `python -c 'import jinsha_cli.cli'` | {startup[3].median * 1000:.0f} ms | ", end="")
    print(f"{floor * 1000:.0f} ms | {ratio_cell(startup[3].median / floor)} |")
    for name, timing in lookups.items():
        if timing is None:
            print(f"| `jinsha {name}`, bundled file | n/a | {floor * 1000:.0f} ms | n/a |")
        else:
            print(f"| `{timing.label}` | {timing.median * 1000:.0f} ms | {floor * 1000:.0f} ms | ", end="")
            # find, like check, starts fast; the table (Rich's layout) is shown for comparison.
            target = TARGETS["startup"] if name.startswith("find") and "table" not in name else None
            print(f"{ratio_cell(timing.median / floor, target)} |")
    for facts, rules, loader, checker in scale:
        target = TARGETS["scale"] if facts >= 90_000 else None
        print(f"| {facts:,} facts + {rules:,} rules: `check --format json` | {checker.median:.2f} s | ", end="")
        print(f"{loader.median:.2f} s (C loader) | {ratio_cell(checker.median / loader.median, target)} |")
    by_size = {round(facts, -3): (loader, checker) for facts, _, loader, checker in scale}
    if 10_000 in by_size and 100_000 in by_size:
        grow = by_size[100_000][1].median / by_size[10_000][1].median
        grow_loader = by_size[100_000][0].median / by_size[10_000][0].median
        print(f"| growth 10k → 100k | {grow:.1f}× | {grow_loader:.1f}× (C loader) | ", end="")
        print(f"{'meets' if grow <= TARGETS['growth'] else 'MISSES'} ≤ {TARGETS['growth']:g}× |")
    for facts, _, loader, checker in scale:
        limit = (
            f" ({'meets' if checker.peak_mb < TARGETS['memory_mb'] else 'MISSES'} < 500 MB)" if facts >= 90_000 else ""
        )
        print(f"| peak RSS, {facts:,} facts | {checker.peak_mb:.0f} MB{limit} | {loader.peak_mb:.0f} MB (C loader) | |")
    if baseline:
        print_side_by_side(args.baseline, baseline, startup)
    print()
    rounds = "1 at 10k and more" if args.quick else "3"
    print(f"Medians of {startup_runs} interleaved runs for start-up and lookups; of {rounds} for scale.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
