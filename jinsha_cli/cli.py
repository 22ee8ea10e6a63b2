"""The `jinsha` command line: a thin Typer layer over the library."""

# No `from __future__ import annotations` here: Typer reads every command's
# signature at start-up, and string annotations would have it compile and
# evaluate each Annotated[...] again (about 10 ms of a 140 ms `jinsha check`).
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.core import TyperGroup

from .formats import FORMATS, MACHINE_FORMATS

if TYPE_CHECKING:
    from .core.model import Factbook


class _Commands(TyperGroup):
    """jinsha's commands; notes whether the command line asks a command for its help."""

    def resolve_command(self, ctx, args):  # type: ignore[no-untyped-def]
        words = args[: args.index("--")] if "--" in args else args
        ctx.meta["jinsha.help"] = "--help" in words[1:]
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=_Commands,
    name="jinsha",
    help="Check that the figures of a document hold together.\n\n"
    "Example: jinsha check            (./facts.yaml, or the bundled Jinsha article's facts)",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

FORMAT_CHOICES = ("auto", *FORMATS)

# The choices of the options, as Typer wants them; built from the format registry,
# so that a new format is a new choice.
CheckFormat = Enum("CheckFormat", {name: name for name in FORMAT_CHOICES}, type=str)  # type: ignore[misc]
ReportFormat = Enum("ReportFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
DEFAULT_CHECK_FORMAT = CheckFormat("auto")


class ViewFormat(str, Enum):
    table = "table"
    json = "json"


class ListFormat(str, Enum):
    auto = "auto"
    table = "table"
    plain = "plain"
    json = "json"


class Language(str, Enum):
    en = "en"
    zh = "zh"


class Slack(str, Enum):
    passes = "pass"
    warning = "warning"
    error = "error"


def _fail_usage(message: str) -> None:
    from .core.safe_text import log_line

    typer.echo(f"jinsha: {log_line(message)}", err=True)  # it may quote a fact file: made safe
    raise typer.Exit(2)


def resolve_format(name: str) -> str:
    """'auto' is github under GitHub Actions, a table on a terminal, one line per finding otherwise."""
    from .formats import auto_format

    return name if name != "auto" else auto_format(sys.stdout.isatty())


# Commands that read fact files: they take the project configuration (factfile/config.py).
FACT_COMMANDS = ("check", "find", "show", "list", "rule", "calc", "coverage", "report")
_project: dict[str, object] = {}  # the configuration of the command being run


@app.callback()
def _project_defaults(ctx: typer.Context) -> None:
    """Check that the figures of a document hold together."""
    _project.clear()
    name = ctx.invoked_subcommand
    if name not in FACT_COMMANDS:
        return
    from .factfile.config import ConfigError, command_defaults, load_config

    try:
        config = load_config()
        config.check_tables({_command_name(info) for info in app.registered_commands})
        command = ctx.command.get_command(ctx, name)  # type: ignore[attr-defined]
        ctx.default_map = {name: command_defaults(config, name, command.params if command else ())}
    except ConfigError as error:
        if ctx.meta.get("jinsha.help"):
            return  # help needs no configuration; the error comes with the run itself
        _fail_usage(str(error))
    _project["config"] = config


def _default_fact_files() -> list[Path]:
    """The fact files when none is named, saying so when it is the bundled example."""
    from .factfile.paths import find_fact_files

    found = find_fact_files(config=_project.get("config"))  # type: ignore[arg-type]
    if found.notice:
        typer.echo(found.notice, err=True)
    return found.paths


# The rule-selection options that check and report share.
SelectOption = Annotated[
    Optional[list[str]], typer.Option("--select", help="Only these rules: id, prefix, glob or tag:NAME.")
]
IgnoreOption = Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rules (same forms).")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Warnings, known discrepancies and draft rules fail too.")]
SlackOption = Annotated[
    Slack, typer.Option("--slack", help="A rule that holds only within rounding: pass (counted), warning or error.")
]
ExitZeroOption = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when rules fail.")]


@app.command()
def check(
    files: Annotated[Optional[list[Path]], typer.Argument(help="Fact files to check.", show_default=False)] = None,
    facts: Annotated[
        Optional[Path], typer.Option("--facts", help="A fact file (default: the project's; see the README).")
    ] = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            envvar="JINSHA_FORMAT",
            help="Output format. auto is github when GITHUB_ACTIONS=true, else a table on a terminal, "
            "concise otherwise.",
        ),
    ] = DEFAULT_CHECK_FORMAT,
    output_file: Annotated[
        Optional[Path],
        typer.Option("--output-file", "-o", help="Also write a report to this file (written atomically)."),
    ] = None,
    output_file_format: Annotated[
        Optional[ReportFormat],
        typer.Option(
            "--output-file-format",
            help="Format of --output-file (default: from its suffix: .json, .xml, .sarif).",
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
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    strict: StrictOption = False,
    slack: SlackOption = Slack.passes,
    exit_zero: ExitZeroOption = False,
    lang: Annotated[Language, typer.Option("--lang", help="Language of descriptions.")] = Language.en,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="concise format: list passes too.")] = False,
    failures_only: Annotated[
        bool, typer.Option("--failures-only", help="table format: only what needs attention, not the passes.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Parse the fact file even when it is unchanged since the last run (also: JINSHA_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Check every rule and every quote of a fact file.

    Exit codes: 0 no error-severity rule failed; 1 some did; 2 the fact file or
    the command line is invalid.

    Example: jinsha check --facts my-facts.yaml --format json
    """
    from .check.checker import unmatched_selectors
    from .check.files import check_files, exit_code
    from .formats import Options, file_format, get_renderer, write_report, write_summaries

    name = resolve_format(output_format.value)
    options = Options(lang=lang.value, verbose=verbose, failures_only=failures_only)
    second_format = None
    if output_file is not None:
        try:
            second_format = file_format(output_file, output_file_format.value if output_file_format else None)
        except ValueError as error:
            _fail_usage(str(error))
    elif output_file_format is not None:
        _fail_usage("--output-file-format needs --output-file")
    paths = [*([facts] if facts is not None else []), *(files or [])] or _default_fact_files()
    runs = check_files(
        paths,
        select=select or (),
        ignore=ignore or (),
        strict=strict,
        source=source,
        use_cache=not no_cache,
        slack=slack.value,
        explain=False,  # no format of check shows the steps
    )
    unmatched = unmatched_selectors([run.book for run in runs], select or ())
    if unmatched and not any(run.book.problems for run in runs):
        _fail_usage(f"--select {', '.join(map(repr, unmatched))} matches no rule; nothing would be checked")
    get_renderer(name)(runs, sys.stdout, options)
    if name in MACHINE_FORMATS:  # their output is for a program: the summary is for people
        write_summaries([run.report for run in runs], sys.stderr)
    if statistics:
        from .formats.statistics import write_statistics

        write_statistics(runs, sys.stderr if name in MACHINE_FORMATS else sys.stdout, github=name == "github")
    if output_file is not None and second_format is not None:
        try:
            write_report(output_file, second_format, runs, Options(lang=lang.value, verbose=verbose, color=False))
        except OSError as error:
            _fail_usage(f"cannot write {output_file}: {error.strerror or error}")
    raise typer.Exit(exit_code(runs, exit_zero=exit_zero))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the fact file (for editors and validators).

    Example: jinsha schema > facts.schema.json
    """
    from importlib import resources

    typer.echo(
        resources.files("jinsha_cli.factfile").joinpath("facts.schema.json").read_text(encoding="utf-8"), nl=False
    )


# Lookups: find, show, list, rule ---------------------------------------------------------

VIEW_FORMAT_HELP = "Output format: table or json."
FACTS_HELP = "A fact file (default: the project's; see the README)."


def _lookup_book(facts: Path | None) -> "Factbook":
    """Load a fact file for a lookup; exit 2 only when no fact could be read."""
    from .factfile.cache import load

    path = facts
    if path is None:
        found = _default_fact_files()
        path = found[0]
        if len(found) > 1:
            typer.echo(f"jinsha: reading {path}, the first of {len(found)} fact files (--facts names one)", err=True)
    book = load(path)
    if not book.facts and book.problems:
        from .core.safe_text import log_line

        for problem in book.problems:
            typer.echo(log_line(str(problem)), err=True)
        _fail_usage(f"no facts could be read from {path}")
    return book


def _completion_book(ctx: typer.Context) -> "Factbook | None":
    """The fact file a command line being completed names (or the default), loaded quietly."""
    from .factfile.cache import load
    from .factfile.paths import default_facts_path

    try:
        named = ctx.params.get("facts")
        return load(Path(named) if named else default_facts_path())
    except Exception:  # completion must never break the shell
        return None


def _complete_fact_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from .lookup.suggest import complete_ids

    book = _completion_book(ctx)
    return complete_ids(book.facts, incomplete) if book else []


def _complete_rule_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from .lookup.suggest import complete_ids

    book = _completion_book(ctx)
    return complete_ids(book.rules, incomplete) if book else []


@app.command()
def find(
    query: Annotated[list[str], typer.Argument(help="Chinese, English, pinyin, a figure or part of an id.")],
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", min=1, help="Show at most N facts.")] = 20,
    output_format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", help="auto (a table on a terminal, else one fact a line), table, plain or json."
        ),
    ] = ListFormat.auto,
    facts: Annotated[
        Optional[list[Path]],
        typer.Option("--facts", help="A fact file or a folder of them; repeatable (default: the project's)."),
    ] = None,
) -> None:
    """Find facts by what you remember of them: 就业率, employment rate, jyl, how many households moved?

    Searches every fact file of the project (or each --facts file and folder) and
    ranks the facts by how well their labels, values, quotes and tags match.
    Exit 1 when nothing matches.

    Example: jinsha find 就业率      (or: jinsha find jyl; jinsha find employment rate --format json)
    """
    from .factfile.paths import folder_fact_files
    from .lookup.ranking import QueryError, search
    from .lookup.views import render_find

    view = output_format.value
    paths: list[Path] = []
    for path in facts or _default_fact_files():
        in_folder = folder_fact_files(path) if path.is_dir() else [path]
        if not in_folder:
            _fail_usage(f"no fact files in {path} (facts.yaml, facts.yml, *.facts.yaml, *.facts.yml)")
        paths.extend(in_folder)
    books = [_lookup_book(path) for path in paths]
    try:
        found = search(books, " ".join(query), limit=limit)
    except QueryError as error:
        _fail_usage(str(error))
    render_find(books[0], found, sys.stdout, view)
    if not found.hits:
        raise typer.Exit(1)


@app.command()
def show(
    fact_id: Annotated[
        str, typer.Argument(metavar="ID", help="A fact id.", autocompletion=_complete_fact_ids, show_default=False)
    ],
    output_format: Annotated[ViewFormat, typer.Option("--format", "-f", help=VIEW_FORMAT_HELP)] = ViewFormat.table,
    facts: Annotated[Optional[Path], typer.Option("--facts", help=FACTS_HELP)] = None,
) -> None:
    """Show one fact: its value and interval, labels, quote, and every rule that uses it.

    An unknown id suggests the closest ones and exits 2.

    Example: jinsha show employment.edge.rate
    """
    from .check.checker import check_rule
    from .lookup.records import rules_using
    from .lookup.suggest import suggest_fact_ids
    from .lookup.views import render_fact

    view = output_format.value
    book = _lookup_book(facts)
    fact = book.facts.get(fact_id)
    if fact is None:
        if fact_id in book.rules:
            _fail_usage(f"{fact_id!r} is a rule, not a fact; see: jinsha rule {fact_id}")
        suggestions = suggest_fact_ids(book, fact_id)
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        _fail_usage(f"no fact {fact_id!r} in {book.path}{hint}")
    rules = [(rule, check_rule(book, rule)) for rule in rules_using(book, fact_id)]
    render_fact(book, fact, rules, sys.stdout, view)


@app.command("list")
def list_facts(
    section: Annotated[
        Optional[str], typer.Option("--section", "-s", help="Only this section: its id (s4) or printed number (4).")
    ] = None,
    tag: Annotated[
        Optional[list[str]], typer.Option("--tag", "-t", help="Only facts with this tag (repeatable).")
    ] = None,
    output_format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", help="auto (a table on a terminal, else one fact a line), table, plain or json."
        ),
    ] = ListFormat.auto,
    facts: Annotated[Optional[Path], typer.Option("--facts", help=FACTS_HELP)] = None,
) -> None:
    """List facts, optionally of one section or with given tags.

    JSON is an array of facts with id, value (as written), min, max (interval
    ends: numbers, or strings when a float cannot hold them exactly; null when
    infinite), unit, quote, section, file and line.

    Example: jinsha list --section s4 --tag employment --format json
    """
    from .lookup.records import all_tags, facts_in, resolve_section
    from .lookup.suggest import closest
    from .lookup.views import render_fact_list

    view = output_format.value
    book = _lookup_book(facts)
    if section is not None and resolve_section(book, section) is None:
        hint = ", ".join(f"{s.id} ({s.number})" if s.number is not None else s.id for s in book.sections.values())
        _fail_usage(f"no section {section!r}; sections: {hint or 'none'}")
    known_tags = all_tags(book)
    for wanted in tag or ():
        if wanted not in known_tags:
            suggestions = closest(wanted, known_tags)
            hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
            _fail_usage(f"no fact has tag {wanted!r}{hint}")
    render_fact_list(book, facts_in(book, section=section, tags=tag or ()), sys.stdout, view)


@app.command()
def rule(
    rule_id: Annotated[
        Optional[str],
        typer.Argument(metavar="[ID]", help="A rule id; without one, every rule.", autocompletion=_complete_rule_ids),
    ] = None,
    output_format: Annotated[ViewFormat, typer.Option("--format", "-f", help=VIEW_FORMAT_HELP)] = ViewFormat.table,
    facts: Annotated[Optional[Path], typer.Option("--facts", help=FACTS_HELP)] = None,
) -> None:
    """Explain a rule step by step in numbers, or list every rule with its verdict.

    With an ID: the expression, each fact with its value, interval and quote,
    the evaluation step by step, the verdict and any known reason.

    Example: jinsha rule employment.edge.rate-fits-count
    """
    from .check.checker import check_rule
    from .lookup.suggest import closest
    from .lookup.views import render_rule, render_rules

    view = output_format.value
    book = _lookup_book(facts)
    if rule_id is None:
        render_rules(book, [(r, check_rule(book, r)) for r in book.rules.values()], sys.stdout, view)
        return
    found = book.rules.get(rule_id)
    if found is None:
        from .lookup.records import matching_rules

        matches = matching_rules(book, rule_id)  # a prefix, glob or tag:NAME, as --select reads it
        if len(matches) == 1:
            found = matches[0]
        elif matches:
            render_rules(book, [(r, check_rule(book, r)) for r in matches], sys.stdout, view)
            return
    if found is None:
        if rule_id in book.facts:
            _fail_usage(f"{rule_id!r} is a fact, not a rule; see: jinsha show {rule_id}")
        suggestions = closest(rule_id, book.rules)
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        _fail_usage(f"no rule {rule_id!r} in {book.path}{hint}")
    render_rule(book, found, check_rule(book, found), sys.stdout, view)


@app.command()
def calc(
    expression: Annotated[list[str], typer.Argument(metavar="EXPR", help="An expression of the rule language.")],
    output_format: Annotated[ViewFormat, typer.Option("--format", "-f", help=VIEW_FORMAT_HELP)] = ViewFormat.table,
    facts: Annotated[Optional[Path], typer.Option("--facts", help=FACTS_HELP)] = None,
) -> None:
    """Evaluate a rule expression against the facts, step by step, without writing a rule.

    A test (a == b, whole(x), ...) gets a verdict as in `jinsha rule`; any other
    expression gets its value as an interval. Exit 0: a value or a test that
    holds; 1: a test that fails or is skipped; 2: a bad expression.

    Example: jinsha calc "employment.poor.people / employment.poor.rate"
    """
    from .check.calc import CalcError, calculate
    from .lookup.views import render_rule

    view = output_format.value
    book = _lookup_book(facts)
    try:
        done = calculate(book, " ".join(expression))
    except CalcError as error:
        from .core.safe_text import log_line

        typer.echo(f"jinsha: {log_line(str(error))}", err=True)
        typer.echo("\n".join(log_line(line) for line in error.pointer().splitlines()), err=True)
        raise typer.Exit(2) from None
    render_rule(book, done.rule, done.result, sys.stdout, view, saved=False)
    raise typer.Exit(done.exit_code)


# New documents: extract, coverage --------------------------------------------------------

# Show a progress bar (on a terminal) for documents longer than this many characters.
PROGRESS_CHARS = 100_000


def _read_document(document: Path) -> str:
    from .core.textfiles import DocumentError, read_document

    try:
        return read_document(document)
    except DocumentError as error:
        _fail_usage(str(error))
        raise  # unreachable: _fail_usage exits


@app.command("extract")
def extract_command(
    document: Annotated[
        Path, typer.Argument(metavar="DOC", help="The document: UTF-8 text (a BOM, CRLF, GBK or GB18030 are fine).")
    ],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write the draft to this file (default: standard output).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
) -> None:
    """Draft a fact file from a document: one fact per figure, list facts, draft rules.

    Each fact has the figure as written, its unit, its clause as quote, the
    section from the document's numbered headings, a suggested id and a label.
    Rules come from patterns such as 其中 breakdowns, N户M人, rates beside counts,
    counts beside named lists and repeated figures; each is marked draft: true
    for a curator to review. The file is written atomically and never replaces
    an existing one without --force. Exit 2 on an unreadable document.

    Example: jinsha extract report.txt -o draft.yaml && jinsha check --facts draft.yaml
    """
    import time

    from .check.checker import check as run_check
    from .core.textfiles import write_new
    from .draft.extract import document_entry, draft_factbook, schema_near
    from .factfile.loader import load_text

    if output is not None and output.exists() and not force:
        _fail_usage(f"{output} exists; use --force to overwrite it")
    if output is not None and not output.parent.is_dir():
        _fail_usage(f"cannot write {output}: the folder {output.parent} does not exist")
    started = time.perf_counter()
    text = _read_document(document)
    base = output.parent if output is not None else Path.cwd()
    schema = schema_near(base)  # only a schema beside the user's files, never one in the package
    named, note = document_entry(document, base)  # a document outside the draft's project is not named
    options = {"document": named, "schema": schema, "source_note": note}
    if len(text) > PROGRESS_CHARS and sys.stderr.isatty():
        from .draft.views import progress_bar

        with progress_bar(f"reading {document.name}", len(text)) as progress:
            draft = draft_factbook(text, progress=progress, **options)
    else:
        draft = draft_factbook(text, **options)
    book = load_text(draft, str(output or "<draft>"))
    report = run_check(book)
    if output is None:
        typer.echo(draft, nl=False)
    else:
        try:
            write_new(output, draft, force=force, protected=[document])
        except OSError as error:
            _fail_usage(f"cannot write {output}: {error.strerror or error}")
    typer.echo(
        f"jinsha: drafted {len(book.facts)} facts and {len(book.rules)} draft rules from {document} in "
        f"{time.perf_counter() - started:.2f} s{f' into {output}' if output else ''}; "
        f"rules: {report.summary_line()}",
        err=True,
    )


@app.command("coverage")
def coverage_command(
    document: Annotated[Path, typer.Argument(metavar="DOC", help="The document the fact file describes.")],
    facts: Annotated[Optional[Path], typer.Option("--facts", help=FACTS_HELP)] = None,
    fail_under: Annotated[
        Optional[float],
        typer.Option("--fail-under", metavar="N", min=0, max=100, help="Exit 1 when under N percent is covered."),
    ] = None,
    output_format: Annotated[ViewFormat, typer.Option("--format", "-f", help=VIEW_FORMAT_HELP)] = ViewFormat.table,
) -> None:
    """List the figures of a document that no fact states, and the coverage in percent.

    A figure is covered when a fact's quote spans it (ignoring whitespace) and
    the fact's value, inside that quote, is that figure. Exit 1 under
    --fail-under; 2 when the document or the fact file cannot be read.

    Example: jinsha coverage report.txt --facts draft.yaml --fail-under 95
    """
    from .draft.coverage import coverage
    from .draft.views import render_coverage

    view = output_format.value
    if fail_under is not None and fail_under != fail_under:  # NaN: no coverage is under it, so it would never fail
        _fail_usage("--fail-under takes a percentage from 0 to 100, not nan")
    text = _read_document(document)
    book = _lookup_book(facts)
    if book.problems:
        from .core.safe_text import log_line

        typer.echo(log_line(f"jinsha: {book.path} has {len(book.problems)} problem(s); see: jinsha check"), err=True)
    report = coverage(text, book.facts.values(), document=str(document), facts_file=book.path)
    render_coverage(report, sys.stdout, view)
    if fail_under is not None and report.percent < fail_under:
        typer.echo(f"jinsha: coverage {report.percent:.1f}% is under {fail_under:g}%", err=True)
        raise typer.Exit(1)


@app.command("report")
def report_command(
    files: Annotated[Optional[list[Path]], typer.Argument(help="Fact files to report on.", show_default=False)] = None,
    facts: Annotated[Optional[Path], typer.Option("--facts", help=FACTS_HELP)] = None,
    source: Annotated[
        Optional[Path], typer.Option("--source", help="The document (default: the fact file's source.document).")
    ] = None,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            help="Write the page to this file, replacing it atomically (- for standard output). Without -o the "
            "page goes to standard output, which must not be a terminal.",
        ),
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    strict: StrictOption = False,
    slack: SlackOption = Slack.passes,
    exit_zero: ExitZeroOption = False,
    lang: Annotated[Language, typer.Option("--lang", help="Language shown first in rule descriptions.")] = Language.en,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Parse the fact file even when unchanged.")] = False,
) -> None:
    """Write one self-contained HTML page: the document with every figure marked by its verdict.

    Each figure links to its fact and the rules over it, explained step by step;
    a panel lists every finding. The page makes no network request and reads
    without JavaScript. Exit codes as for check; on exit 2 no page is written.

    Example: jinsha report facts.yaml -o report.html
    """
    from .formats import write_summaries
    from .report import build_report, write_report
    from .report.cli import refuse_output, write_problems

    paths = [*([facts] if facts is not None else []), *(files or [])] or _default_fact_files()
    to_stdout = output is None or str(output) == "-"
    if to_stdout and sys.stdout.isatty():
        _fail_usage("the report is an HTML page: write it with -o report.html, or redirect standard output")
    built = build_report(
        paths,
        source=source,
        select=select or (),
        ignore=ignore or (),
        strict=strict,
        slack=slack.value,
        use_cache=not no_cache,
    )
    write_problems(built.problems, sys.stderr)
    if built.problems:
        _fail_usage(f"no report written: {len(built.problems)} problem(s)")
    refusal = None if to_stdout else refuse_output(output, [*paths, *(Path(p.document) for p in built.parts)])
    if refusal:
        _fail_usage(refusal)
    page = built.html(lang=lang.value)
    if to_stdout:
        sys.stdout.write(page)
    else:
        try:
            write_report(page, output)
        except OSError as error:
            _fail_usage(f"cannot write {output}: {error.strerror or error}")
    write_summaries(built.reports, sys.stderr)
    code = built.exit_code
    raise typer.Exit(0 if exit_zero and code == 1 else code)


def main() -> None:
    import gc

    # One command, then exit: the cyclic collector would only rescan a large fact
    # book that it cannot free (reference counting frees everything as usual).
    gc.disable()
    from .core.pipes import QuietPipe

    sys.stdout = QuietPipe(sys.stdout)  # type: ignore[assignment]  # `jinsha check | head`: see core/pipes.py
    try:
        app(prog_name="jinsha")
        code: object = 0
    except SystemExit as done:
        code = done.code
    exit_now(code)


def _command_name(info: typer.models.CommandInfo) -> str:
    from typer.main import get_command_name

    return info.name or get_command_name(info.callback.__name__ if info.callback else "")


def exit_now(code: object) -> None:
    """Exit as ``sys.exit(code)`` would, but without tearing the interpreter down.

    Freeing every module and object one by one at exit took 12 ms of a 90 ms
    run, for memory the operating system reclaims at once. Exit handlers still
    run and the standard streams are flushed first; every file jinsha writes is
    closed before this point.
    """
    import atexit
    import contextlib
    import os

    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (jinsha list | head)
            stream.flush()
    os._exit(code)
