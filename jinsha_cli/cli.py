"""The `jinsha` command line: a thin Typer layer over the library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .formats import FORMATS, MACHINE_FORMATS

app = typer.Typer(
    name="jinsha",
    help="Check that the figures of a document hold together.\n\n"
    "Example: jinsha check            (./facts.yaml, or the bundled Jinsha article's facts)",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

FORMAT_CHOICES = ("auto", *FORMATS)


def _fail_usage(message: str) -> None:
    typer.echo(f"jinsha: {message}", err=True)
    raise typer.Exit(2)


def resolve_format(name: str) -> str:
    """'auto' is github under GitHub Actions, a table on a terminal, one line per finding otherwise."""
    from .formats import auto_format

    if name != "auto":
        if name not in FORMATS:
            _fail_usage(f"unknown format {name!r}; choose from {', '.join(FORMAT_CHOICES)}")
        return name
    return auto_format(sys.stdout.isatty())


def fact_paths(files: list[Path] | None, facts: Path | None) -> list[Path]:
    from .loader import default_facts_path

    paths = list(files or [])
    if facts is not None:
        paths.insert(0, facts)
    return paths or [default_facts_path()]


@app.command()
def check(
    files: Annotated[Optional[list[Path]], typer.Argument(help="Fact files to check.", show_default=False)] = None,
    facts: Annotated[
        Optional[Path], typer.Option("--facts", help="A fact file (default: ./facts.yaml, else the bundled one).")
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            envvar="JINSHA_FORMAT",
            help=f"Output format: {', '.join(FORMAT_CHOICES)}. auto is github when GITHUB_ACTIONS=true, "
            "else a table on a terminal, concise otherwise.",
        ),
    ] = "auto",
    output_file: Annotated[
        Optional[Path],
        typer.Option("--output-file", "-o", help="Also write a report to this file (written atomically)."),
    ] = None,
    output_file_format: Annotated[
        Optional[str],
        typer.Option(
            "--output-file-format",
            help=f"Format of --output-file: {', '.join(FORMATS)} (default: from its suffix: .json, .xml, .sarif).",
        ),
    ] = None,
    source: Annotated[
        Optional[Path],
        typer.Option(
            "--source",
            help="Check every quote against this document's text (default: the fact file's source.document, "
            "when that file exists).",
        ),
    ] = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print counts per rule kind and per tag after the report.")
    ] = False,
    select: Annotated[
        Optional[list[str]], typer.Option("--select", help="Only these rules: id, prefix, glob or tag:NAME.")
    ] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rules (same forms).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings and known discrepancies fail too.")] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when rules fail.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of descriptions: en or zh.")] = "en",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="concise format: list passes too.")] = False,
) -> None:
    """Check every rule and every quote of a fact file.

    Exit codes: 0 no error-severity rule failed; 1 some did; 2 the fact file or
    the command line is invalid.

    Example: jinsha check --facts my-facts.yaml --format json
    """
    from .check import check as run_check
    from .formats import Options, Run, file_format, get_renderer, write_report
    from .loader import load
    from .source import verify as verify_source

    name = resolve_format(output_format)
    if lang not in ("en", "zh"):
        _fail_usage(f"unknown language {lang!r}; use en or zh")
    second_format = None
    if output_file is not None:
        try:
            second_format = file_format(output_file, output_file_format)
        except ValueError as error:
            _fail_usage(str(error))
    elif output_file_format is not None:
        _fail_usage("--output-file-format needs --output-file")
    runs = []
    for path in fact_paths(files, facts):
        book = load(path)
        report = run_check(book, select=select or (), ignore=ignore or (), strict=strict)
        verify_source(report, book, source)
        runs.append(Run(book, report))
    get_renderer(name)(runs, sys.stdout, Options(lang=lang, verbose=verbose))
    if name in MACHINE_FORMATS:
        for run in runs:
            typer.echo(f"{run.report.file}: {run.report.summary_line()}", err=True)
    if statistics:
        from .statistics import collect, render_text

        typer.echo(render_text(collect([(run.book, run.report) for run in runs])), err=name in MACHINE_FORMATS)
    if output_file is not None and second_format is not None:
        try:
            write_report(output_file, second_format, runs, Options(lang=lang, verbose=verbose, color=False))
        except OSError as error:
            _fail_usage(f"cannot write {output_file}: {error.strerror or error}")
    codes = [run.report.exit_code for run in runs]
    code = max(codes)
    if exit_zero and code == 1:
        code = 0
    raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the fact file (for editors and validators).

    Example: jinsha schema > facts.schema.json
    """
    from importlib import resources

    typer.echo(resources.files("jinsha_cli").joinpath("facts.schema.json").read_text(encoding="utf-8"), nl=False)


def main() -> None:
    app(prog_name="jinsha")
