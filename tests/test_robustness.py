"""Hostile and random input, end to end: never a traceback, never a hang.

The invariant for every run of ``jinsha check``: exit code 0, 1 or 2; on exit 2
at least one problem located as file:line; no traceback; a few seconds at most
(each run has its own deadline, there is no timing assertion on the suite); and
the fact file is left exactly as it was (bytes and modification time).

Covered here: property tests of the number grammar and the rule language,
whole fact files mutated from the bundled one (deleted and duplicated keys and
entries, wrong types, truncation, random bytes) and generated from scratch, and
the named hostile cases (alias bomb, deep nesting, a 10 MB line, Python tags,
encodings, NaN/inf, huge numbers, power towers, deep parentheses, a rule that
names itself, empty files). The cases already covered at the library level in
test_loader.py and test_rules.py are run here through the command line.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jinsha_cli import check, load_text
from jinsha_cli.cli import app
from jinsha_cli.core.interval import Interval
from jinsha_cli.core.numbers import (
    ABOUT_PREFIX,
    AT_LEAST_PREFIX,
    AT_MOST_PREFIX,
    LESS_THAN_PREFIX,
    MAX_DIGITS,
    MORE_THAN_PREFIX,
    NEARLY_PREFIX,
    ROUNDINGS,
    Code,
    Figure,
    FigureError,
    parse_value,
)
from jinsha_cli.factfile import loader as loader_module
from jinsha_cli.factfile.schema import validate
from jinsha_cli.rules.expr import RuleSyntaxError, parse
from jinsha_cli.rules.functions import FUNCTIONS

from .conftest import BUNDLED

LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the reference parser, as the loader uses it
FEW_SECONDS = 8.0  # the deadline of one run: generous for a loaded CI machine, far below a hang
STATUSES = {"pass", "fail", "skip", "error"}
runner = CliRunner()


# Guards ---------------------------------------------------------------------------------


@contextlib.contextmanager
def deadline(seconds: float = FEW_SECONDS) -> Iterator[None]:
    """Fail the run (not the suite) if it takes longer than ``seconds``."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield  # pragma: no cover - no interval timer here; subprocess runs keep their own timeout
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def check_file(path: Path, output_format: str = "concise") -> tuple[int, str]:
    """Run `jinsha check` in process and assert the invariant; (exit code, stdout)."""
    before = snapshot(path)
    with deadline():
        result = runner.invoke(app, ["check", "--facts", str(path), "--format", output_format])
    assert snapshot(path) == before, "the checker changed the fact file"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"jinsha check raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output[-2000:]
    if result.exit_code == 2:
        if output_format == "json":
            problems = json.loads(result.stdout)["problems"]
            assert problems and all(p["file"] == str(path) and p["line"] >= 1 for p in problems)
        else:
            assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: problem ", result.stdout, re.M), result.stdout[:2000]
    return result.exit_code, result.stdout


def check_process(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The same invariant for the real command, in its own process (real stderr, real exit)."""
    before = snapshot(path)
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "check", "--facts", str(path), "--format", "concise", *extra],
        capture_output=True,
        text=True,
        timeout=FEW_SECONDS + 5,  # a fresh interpreter's start-up on top of the run's own budget
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert snapshot(path) == before, "the checker changed the fact file"
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr[-2000:]
    assert done.returncode in (0, 1, 2), done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("robustness")


# The number grammar ------------------------------------------------------------------------

PREFIXES_BY_MEANING = {
    "about": ABOUT_PREFIX,
    "nearly": NEARLY_PREFIX,
    "at least": AT_LEAST_PREFIX,
    "more than": MORE_THAN_PREFIX,
    "less than": LESS_THAN_PREFIX,
    "at most": AT_MOST_PREFIX,
}
digit_strings = st.from_regex(r"[1-9][0-9]{0,7}(\.[0-9]{1,3})?", fullmatch=True)
multipliers = st.sampled_from(["", "十", "百", "千", "万", "十万", "百万", "千万", "亿", "万亿"])


def non_empty(interval: Interval) -> bool:
    if interval.lo == interval.hi:
        return interval.lo_closed and interval.hi_closed
    return interval.can_be_less(interval, or_equal=False)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["", *sorted({p for group in PREFIXES_BY_MEANING.values() for p in group})]),
    st.sampled_from(["", "-"]),
    digit_strings,
    st.sampled_from(["", "余", "多"]),
    multipliers,
    st.sampled_from(["", "余", "多"]),
    st.sampled_from(["", "%"]),
    st.sampled_from(["", "以上", "以下", "左右", "之多"]),
)
def test_every_combination_of_the_grammar_reads_or_is_refused(
    prefix: str, sign: str, digits: str, some1: str, mult: str, some2: str, percent: str, suffix: str
) -> None:
    written = prefix + sign + digits + some1 + mult + some2 + percent + suffix
    with deadline():
        try:
            figure = parse_value(written)
        except FigureError:
            return
    assert isinstance(figure, Figure)
    interval = figure.interval
    assert non_empty(interval), written
    if interval.is_bounded:  # the face value lies within the interval's closure
        assert interval.lo <= figure.nominal <= interval.hi, written
    elif prefix in ("约", "大约"):  # about the figure or more (less): it lies inside
        assert interval.contains(figure.nominal), written
    else:  # a bound: its finite end is the written figure
        assert figure.nominal in (interval.lo, interval.hi), written


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(PREFIXES_BY_MEANING)), digit_strings, multipliers, st.sampled_from(["", "%"]))
def test_qualifiers_mean_what_the_docs_say(meaning: str, digits: str, mult: str, percent: str) -> None:
    for prefix in PREFIXES_BY_MEANING[meaning]:
        figure = parse_value(prefix + digits + mult + percent)
        assert isinstance(figure, Figure)
        v, interval = figure.nominal, figure.interval
        if meaning == "about":
            assert interval.contains(v) and interval.is_bounded
        elif meaning == "nearly":
            assert interval.hi == v and not interval.hi_closed and interval.lo < v
        elif meaning == "at least":
            assert (interval.lo, interval.lo_closed, interval.is_bounded) == (v, True, False)
        elif meaning == "more than":
            assert (interval.lo, interval.lo_closed, interval.is_bounded) == (v, False, False)
        elif meaning == "less than":
            assert (interval.hi, interval.hi_closed, interval.is_bounded) == (v, False, False)
        else:
            assert (interval.hi, interval.hi_closed, interval.is_bounded) == (v, True, False)


@settings(max_examples=100, deadline=None)
@given(digit_strings, multipliers, st.sampled_from(["", "%"]))
def test_some_more_is_at_least_and_below_the_next_step(digits: str, mult: str, percent: str) -> None:
    for written in (digits + "余" + mult + percent, digits + mult + "余" + percent, digits + "多" + mult + percent):
        figure = parse_value(written)
        assert isinstance(figure, Figure)
        interval = figure.interval
        assert interval.lo == figure.nominal and interval.lo_closed and not interval.hi_closed, written
        assert interval.is_bounded and interval.hi > interval.lo


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["", ".5", ".25"]), multipliers)
def test_full_width_digits_and_thousands_separators_read_the_same(whole: int, fraction: str, mult: str) -> None:
    plain = f"{whole}{fraction}{mult}"
    full_width = plain.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    grouped = f"{whole:,}{fraction}{mult}"
    reference = parse_value(plain)
    assert isinstance(reference, Figure)
    for variant in (full_width, grouped):
        figure = parse_value(variant)
        assert isinstance(figure, Figure) and figure.interval == reference.interval, variant


def chinese(n: int) -> str:
    """0 <= n < 10000 in Chinese numerals, as a document writes them (十四, 一百零八)."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero:
                parts.append("零")
            parts.append(("" if (unit == "十" and n < 20) else digits[digit]) + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=9999), st.sampled_from([None, *ROUNDINGS]))
def test_chinese_numerals_are_exact_counts(n: int, rounding: str | None) -> None:
    figure = parse_value(chinese(n), rounding)
    assert isinstance(figure, Figure) and figure.nominal == n, chinese(n)
    assert figure.interval.contains(Fraction(n)) or rounding in ("ceiling", "half-even", "half-up", "half-down")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=2, max_size=12))
def test_codes_keep_every_term(terms: list[int]) -> None:
    value = parse_value("+".join(map(str, terms)))
    assert isinstance(value, Code) and value.terms == tuple(terms)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=MAX_DIGITS + 1, max_value=5000), st.sampled_from(["", "万", "%", "余万"]))
def test_overlong_figures_are_refused_at_once(length: int, suffix: str) -> None:
    with deadline(2), pytest.raises(FigureError):
        parse_value("9" * length + suffix)


# The rule language ---------------------------------------------------------------------------

FACTS = """\
facts:
  n.people: {value: 35526, unit: 人, quote: "35526人"}
  n.households: {value: 17981, unit: 户, quote: "17981户"}
  n.rate: {value: 95.7%, quote: "95.7%"}
  n.area: {value: 3.24万, unit: 亩, quote: "3.24万亩"}
  n.budget: {value: 1.9亿余, unit: 元, quote: "1.9亿余元"}
  n.bound: {value: ">30万", unit: 亩, quote: ">30万亩"}
  n.below: {value: 不足5, unit: 亩, quote: "不足5亩"}
  n.zero: {value: 0, unit: 个, quote: "0个"}
  n.five: {value: 五, unit: 个, quote: "五个"}
  n.tiny: {value: 0.001, unit: 个, quote: "0.001个"}
  n.null: {value: null, unit: 人, quote: "x"}
  n.code: {value: 1+14+26+242, quote: "1+14+26+242"}
  n.digits: {value: 43328, unit: '', quote: "43328"}
  n.towns: {items: [马路乡, 太平乡, 石场乡], quote: "马路乡、太平乡、石场乡"}
  n.twice: {items: [甲, 乙, 甲], quote: "甲乙甲"}
"""
FACT_IDS = re.findall(r"^  ([a-z.]+):", FACTS, re.M)
LITERALS = ["0", "1", "2.5", "40万", "95%", "0.001", "9" * 40, "1亿", "3.24万"]


def expressions() -> st.SearchStrategy[str]:
    """Well-formed rules over facts of every kind: numbers, bounds, codes, lists, null."""
    atoms = st.sampled_from(FACT_IDS + LITERALS)

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">="]), inner)
        logic = st.tuples(inner, st.sampled_from(["and", "or"]), inner)
        calls = st.tuples(st.sampled_from(sorted(FUNCTIONS)), st.lists(inner, min_size=1, max_size=4))
        return st.one_of(
            binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            logic.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda e: f"-{e}"),
            inner.map(lambda e: f"not {e}"),
            calls.map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        )

    return st.recursive(atoms, grow, max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions())
def test_any_rule_gets_a_verdict_or_a_located_error(rule: str) -> None:
    text = FACTS + "rules:\n  r:\n    check: " + json.dumps(rule, ensure_ascii=False) + "\n"
    with deadline():
        book = load_text(text, "t.yaml")
        report = check(book)
    if any(p.path == "rules.r.check" for p in book.problems):  # wrong argument counts, nesting
        assert all(p.line >= 1 and p.column >= 1 for p in book.problems)
        return
    assert not book.problems, book.problems
    (result,) = [r for r in report.results if r.rule == "r"]
    assert result.status in STATUSES
    if result.status == "error":
        assert report.exit_code == 2 and any(p.line == result.line + 1 for p in report.problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_parses_or_is_refused_with_an_offset(text: str) -> None:
    with deadline(2):
        try:
            parse(text)
        except RuleSyntaxError as error:
            assert 0 <= error.offset <= max(len(text), 1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "-", "not ", "a", "1", "+", "*", ",", "sum(", "whole("]), max_size=3000))
def test_long_token_soups_stay_within_the_limits(tokens: list[str]) -> None:
    text = "".join(tokens)
    with deadline(2), contextlib.suppress(RuleSyntaxError):
        parse(text)


# Whole fact files: mutated from the bundled one ------------------------------------------------

# Copies live in a folder of their own, which the bundled file's ../shared/seeds/... would leave.
BUNDLED_TEXT = BUNDLED.read_text(encoding="utf-8").replace("document: ../shared/seeds/", "document: seeds/", 1)
BUNDLED_LINES = BUNDLED_TEXT.splitlines(keepends=True)
ENTRY = re.compile(r"^  [a-z][^:\n]*:\s*$")  # the first line of a fact or a rule
WRONG_VALUES = ["[1, 2]", "{a: 1}", "true", "~", "1.5e3", "''", "!!binary aGVsbG8=", "2019-01-01", "&x 5", "*x", "{"]


def entries() -> list[tuple[int, int]]:
    """(first line, end) of every fact and rule block of the bundled file."""
    starts = [i for i, line in enumerate(BUNDLED_LINES) if ENTRY.match(line)]
    return list(zip(starts, [*starts[1:], len(BUNDLED_LINES)], strict=True))


ENTRIES = entries()


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    lines = list(BUNDLED_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(
            st.sampled_from(["drop line", "repeat line", "drop entry", "repeat entry", "wrong type", "rename key"])
        )
        if kind in ("drop entry", "repeat entry"):
            start, end = draw(st.sampled_from(ENTRIES))
            end = min(end, len(lines))
            block = lines[start:end]
            lines[start:end] = [] if kind == "drop entry" else block + block
            continue
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        line = lines[index]
        if kind == "drop line":
            del lines[index]
        elif kind == "repeat line":
            lines.insert(index, line)
        elif kind == "wrong type" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(st.sampled_from(WRONG_VALUES))}\n"
        elif kind == "rename key" and ":" in line:
            key, rest = line.split(":", 1)
            lines[index] = key.rstrip("abcdefghijklmnopqrstuvwxyz_") + "zz:" + rest
    data = "".join(lines).encode("utf-8")
    cut = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=len(data))))
    return data if cut is None else data[:cut]  # a truncated file may end inside a character


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_files(), output_format=st.sampled_from(["concise", "json"]))
def test_mutated_bundled_files_keep_the_invariant(workdir: Path, data: bytes, output_format: str) -> None:
    path = workdir / "mutated.yaml"
    path.write_bytes(data)
    check_file(path, output_format)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(BUNDLED_TEXT.encode())), st.binary(min_size=1, max_size=64))
def test_random_bytes_inside_the_bundled_file_keep_the_invariant(workdir: Path, at: int, noise: bytes) -> None:
    data = BUNDLED_TEXT.encode()
    path = workdir / "noisy.yaml"
    path.write_bytes(data[:at] + noise + data[at:])
    check_file(path)


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_alone_keep_the_invariant(workdir: Path, data: bytes) -> None:
    path = workdir / "random.yaml"
    path.write_bytes(data)
    check_file(path)


# Whole fact files: generated ------------------------------------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9_]{0,6}(\.[a-z0-9_]{1,6}){0,2}", fullmatch=True)
values = st.one_of(
    st.sampled_from(["23198", "3.24万", "1.9亿余", "95.7%", "'>30万'", "五", "1+14+26+242", "约72万", "近5万", "null"]),
    st.sampled_from(["-1", "0", "0.0", "1e3", ".nan", ".inf", "'1' ", "'12abc'", "[1]", "{a: 1}", "true", "'%'"]),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)


@st.composite
def generated_files(draw: st.DrawFn) -> str:
    fact_ids = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    lines = ["facts:"]
    for fact_id in fact_ids:
        if draw(st.booleans()):
            items = draw(st.lists(st.sampled_from(["甲", "乙", "丙", "丁"]), min_size=1, max_size=4))
            quote = "、".join(draw(st.permutations(items))) if draw(st.booleans()) else "别的"
            lines.append(f"  {fact_id}: {{items: [{', '.join(items)}], quote: {quote}}}")
        else:
            value = draw(values)
            unit = draw(st.sampled_from(["人", "户", "亩", "''", None]))
            quote = draw(st.sampled_from([value.strip("'"), "说了别的", ""]))
            unit_text = f", unit: {unit}" if unit else ""
            lines.append(f"  {fact_id}: {{value: {value}{unit_text}, quote: '{quote}'}}")
    lines.append("rules:")
    words = [*fact_ids, "1", "2.5", "100万", "50%"]
    for index in range(draw(st.integers(min_value=0, max_value=6))):
        left, right = draw(st.sampled_from(words)), draw(st.sampled_from(words))
        form = draw(
            st.sampled_from(
                ["{a} == {b}", "{a} + {b} > {a}", "whole({a} / {b})", "between({a}, {b}, {b})", "increasing({a}, {b})",
                 "count({a}) == {b}", "sum({a}, {b}) >= 0", "same_set({a}, {b})", "subset({a}, {b})",
                 "distinct({a}, {b})", "digits({a}, {b})", "term({a}, 1) < {b}", "{a} ** {b}", "({a}"]
            )
        )  # fmt: skip
        severity = draw(st.sampled_from(["error", "warning", "info", "fatal"]))
        lines.append(f"  r{index}: {{check: '{form.format(a=left, b=right)}', severity: {severity}}}")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_files())
def test_generated_fact_files_keep_the_invariant(workdir: Path, text: str) -> None:
    path = workdir / "generated.yaml"
    path.write_text(text, encoding="utf-8")
    code, _ = check_file(path, "json")
    book = load_text(text, str(path))
    assert (code == 2) == bool(check(book).problems)


# The fast paths agree with the plain ones --------------------------------------------------------


def _dates_as_text(root: yaml.Node) -> None:
    """The loader reads a plain date (2019-02-25) as text; so does the reference here."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:timestamp" and not node.style:  # plain: None or ""
                node.tag = "tag:yaml.org,2002:str"
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_files())
def test_reading_entry_by_entry_finds_what_the_whole_tree_check_finds(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
        root = yaml.compose(text, Loader=LIBYAML)
        aliases = any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=LIBYAML))
    except (UnicodeDecodeError, yaml.YAMLError):
        assume(False)
        return
    assume(root is not None and not aliases)
    _dates_as_text(root)
    book = load_text(text, "f.yaml")
    found = {(p.line, p.column, p.message, p.path) for p in book.problems}
    structural = {
        (node.start_mark.line + 1, node.start_mark.column + 1, message, path)
        for node, message, path in loader_module._structure_problems(root)
    }
    if structural:  # such a file is reported for that alone
        assert found == structural
        return
    for error in validate(root):
        mark = error.node.start_mark
        assert (mark.line + 1, mark.column + 1, error.message, error.path) in found


# Named cases, through the command line ------------------------------------------------------------

FACT_AND_RULE = "facts:\n  a: {value: 1, unit: 个, quote: 一个1个}\n  b: {value: 2, unit: 个, quote: 两个2个}\n"


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\nfacts: {x: *a9}\n"


NAMED: dict[str, str] = {
    "alias bomb": billion_laughs(),
    "flow nesting 10,000 deep": "facts: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "block nesting 10,000 deep": "facts:\n" + "".join(" " * depth + "- \n" for depth in range(1, 10_001)),
    "mapping nesting 10,000 deep": "facts:\n" + "".join(" " * depth + "a:\n" for depth in range(1, 10_001)),
    "python object tag": 'facts: !!python/object/apply:os.system ["echo pwned > CANARY"]\n',
    "python name tag": "facts:\n  a: !!python/name:os.system\n",
    "NaN, inf and 1e309 as values": "facts:\n"
    + "".join(
        f"  v{i}: {{value: {value}, unit: 个, quote: '{value}'}}\n"
        for i, value in enumerate([".nan", ".NaN", ".inf", "-.inf", "1e309", "1.0e+309", "NaN", "inf"])
    ),
    "a 1,000-digit number": f"facts:\n  a: {{value: {'7' * 1000}, unit: 个, quote: x}}\n",
    "a 1,000-digit number in a rule": FACT_AND_RULE + f"rules:\n  r: {{check: a < {'9' * 1000}}}\n",
    "10**10**10": FACT_AND_RULE + "rules:\n  r: {check: '10**10**10'}\n",
    "9**9**9**9": FACT_AND_RULE + "rules:\n  r: {check: 'a < 9**9**9**9'}\n",
    "100,000 nested parentheses": FACT_AND_RULE
    + "rules:\n  r: {check: '"
    + "(" * 100_000
    + "a"
    + ")" * 100_000
    + " > 0'}\n",
    "a rule that names itself": FACT_AND_RULE + "rules:\n  r: {check: r > 1}\n",
    "an empty file": "",
    "a file that is only a comment": "# yaml-language-server: $schema=x.json\n# nothing else\n",
}


@pytest.mark.parametrize("case", sorted(NAMED))
def test_named_hostile_files_exit_2_located(workdir: Path, case: str) -> None:
    path = workdir / (re.sub(r"\W+", "-", case) + ".yaml")
    path.write_text(NAMED[case], encoding="utf-8")
    code, out = check_file(path)
    assert code == 2, out[-2000:]
    code, _ = check_file(path, "json")
    assert code == 2


def test_a_chain_of_hundreds_of_operators_is_an_error_not_a_crash(workdir: Path) -> None:
    # 480 additions fit in the 2,000 characters a rule may have; evaluating them
    # once overflowed Python's recursion limit with a traceback.
    path = workdir / "chain.yaml"
    chain = " + ".join(["a"] * 480)
    path.write_text(FACT_AND_RULE + f"rules:\n  r: {{check: '{chain} > 0'}}\n  s: {{check: a < b}}\n", encoding="utf-8")
    code, out = check_file(path)
    assert code == 2 and re.search(rf"{re.escape(str(path))}:5:\d+: problem rule r is nested too deeply", out)
    with deadline():
        result = runner.invoke(app, ["rule", "r", "--facts", str(path)])
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output
    assert isinstance(result.exception, (SystemExit, type(None)))


def test_products_too_long_to_print_get_a_verdict(workdir: Path) -> None:
    # 80 sixty-digit figures multiply to 4,800 digits, past Python's limit on
    # turning an integer into text; the verdict is exact, the message abbreviates.
    path = workdir / "product.yaml"
    product = " * ".join(["a"] * 80)
    path.write_text(
        f"facts:\n  a: {{value: {'9' * 60}, unit: 个, quote: '{'9' * 60}'}}\n"
        f"rules:\n  big: {{check: '{product} > 1'}}\n  negative: {{check: '{product} < 0'}}\n"
        f"  whole: {{check: 'whole({product} / 7)'}}\n",
        encoding="utf-8",
    )
    code, out = check_file(path, "json")
    results = {r["rule"]: r for r in json.loads(out)["results"]}
    assert code == 1 and results["big"]["status"] == "pass" and results["negative"]["status"] == "fail"
    assert results["whole"]["status"] == "pass" and "≈9.999×10^4799" in results["negative"]["message"]


def test_a_rule_naming_itself_is_an_unknown_fact_but_a_fact_may_share_a_rules_id(workdir: Path) -> None:
    path = workdir / "self.yaml"
    path.write_text(FACT_AND_RULE + "rules:\n  r: {check: r > 1}\n  a: {check: a < b}\n", encoding="utf-8")
    _, out = check_file(path)
    assert re.search(rf"{re.escape(str(path))}:5:\d+: problem rule r names unknown fact 'r'", out)
    assert "rule a " not in out


def test_a_10_mb_line_is_read_fast_and_not_echoed_whole(workdir: Path) -> None:
    huge = "长" * (10 * 1024 * 1024 // 3)  # 10 MB of UTF-8 on one line
    cases = {
        "quote": f"facts: {{a: {{value: 1, unit: 个, quote: '{huge}'}}}}\n",  # valid, but does not state 1
        "value": f"facts:\n  a: {{value: {'1' * 10 * 1024 * 1024}, unit: 个, quote: x}}\n",
        "key": f"facts: {{{'k' * 10 * 1024 * 1024}: {{value: 1, unit: 个, quote: '1'}}}}\n",
        "garbage": "x" * (10 * 1024 * 1024) + "\n",
    }
    for name, text in cases.items():
        path = workdir / f"long-{name}.yaml"
        path.write_text(text, encoding="utf-8")
        code, out = check_file(path)
        assert code in (1, 2), name
        assert len(out) < 10_000, f"{name}: the whole line was echoed ({len(out)} characters)"


def test_encodings_bom_and_crlf(workdir: Path) -> None:
    text = FACT_AND_RULE + "rules:\n  r: {check: a < b}\n  s: {check: a > zz}\n"
    gbk = workdir / "gbk.yaml"
    gbk.write_bytes(text.encode("gbk"))
    code, out = check_file(gbk)
    assert code == 2 and f"{gbk}:2:1: problem not UTF-8" in out
    bom = workdir / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    crlf = workdir / "crlf.yaml"
    crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    both = workdir / "bom-crlf.yaml"
    both.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    for path in (bom, crlf, both):
        code, out = check_file(path)
        # Read as the same file: the only problem is rule s, on line 6, whatever the line ends.
        assert code == 2 and re.search(rf"^{re.escape(str(path))}:6:\d+: problem rule s names unknown fact", out, re.M)
        assert "1 passed" in out


def test_values_are_never_constructed_so_huge_or_special_floats_are_plain_refusals(workdir: Path) -> None:
    path = workdir / "floats.yaml"
    path.write_text(NAMED["NaN, inf and 1e309 as values"], encoding="utf-8")
    _, out = check_file(path)
    for line in range(2, 10):
        assert re.search(rf"{re.escape(str(path))}:{line}:\d+: problem cannot read", out), line


@pytest.mark.parametrize(
    "case",
    ["alias bomb", "flow nesting 10,000 deep", "python object tag", "100,000 nested parentheses", "an empty file"],
)
def test_named_cases_in_a_real_process(workdir: Path, case: str) -> None:
    path = workdir / (re.sub(r"\W+", "-", case) + "-process.yaml")
    path.write_text(NAMED[case], encoding="utf-8")
    done = check_process(path)
    assert done.returncode == 2 and re.search(rf"^{re.escape(str(path))}:\d+:\d+: problem ", done.stdout, re.M)
    assert not (Path.cwd() / "CANARY").exists() and not (workdir / "CANARY").exists()


def test_a_gbk_file_and_a_10_mb_line_in_a_real_process(workdir: Path) -> None:
    gbk = workdir / "gbk-process.yaml"
    gbk.write_bytes((FACT_AND_RULE + "rules:\n  r: {check: a < b}\n").encode("gbk"))
    assert check_process(gbk).returncode == 2
    long_line = workdir / "long-process.yaml"
    long_line.write_text("facts: {a: {value: 1, unit: 个, quote: '" + "长" * 3_500_000 + "'}}\n", encoding="utf-8")
    done = check_process(long_line)
    assert done.returncode == 1 and len(done.stdout) < 10_000


def test_without_libyaml_the_pure_python_parser_holds_too(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader_module, "_YamlLoader", yaml.SafeLoader)
    for case in ("alias bomb", "python object tag", "a rule that names itself", "an empty file"):
        path = workdir / (re.sub(r"\W+", "-", case) + "-pure.yaml")
        path.write_text(NAMED[case], encoding="utf-8")
        assert check_file(path)[0] == 2
    nested = workdir / "nested-pure.yaml"  # (the pure-Python scanner slows down with depth: 300 levels here)
    nested.write_text("facts: " + "[" * 300 + "]" * 300 + "\n", encoding="utf-8")
    assert check_file(nested)[0] == 2
    bundled = workdir / "bundled-pure.yaml"
    bundled.write_text(BUNDLED_TEXT, encoding="utf-8")
    assert check_file(bundled)[0] == 0


# Cost in proportion to size -------------------------------------------------------------------
# Each case of bench/costly.py (which also measures them) in its own process, with a bound on
# its address space and on its time: generous for a loaded machine, far below what each case
# cost before (minutes, or gigabytes; see bench/costly.py and the notes of the change).

COSTLY_SECONDS = 20
COSTLY_BYTES = 1 << 30  # address space of the child: a gigabyte


def _costly_module():  # bench/ is not a package: load the script by path
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "bench" / "costly.py"
    spec = importlib.util.spec_from_file_location("jinsha_bench_costly", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


COSTLY = _costly_module()


def _bounded() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (COSTLY_BYTES, COSTLY_BYTES))


@pytest.mark.parametrize("case", list(COSTLY.CASES))
def test_costly_inputs_stay_within_seconds_and_memory(tmp_path: Path, case: str) -> None:
    args = COSTLY.CASES[case](tmp_path)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "jinsha_cli", *args, "--format", "concise"],
            capture_output=True,
            text=True,
            timeout=COSTLY_SECONDS,
            env={**os.environ, "NO_COLOR": "1"},
            preexec_fn=_bounded,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: still running after {COSTLY_SECONDS} s")
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    out = done.stdout
    if case == "sets":
        assert out.count("only in a: ") == 10 and out.count("not in b: ") == 10
    elif case == "counts":
        assert out.count(" fail count.") == 300  # the odd totals
    elif case == "long_quote":
        assert "no closest passage looked for: the quote has 24,00" in out and "over 5,000" in out
    elif case == "big_document":
        assert out.count("fail source:") == 2
    elif case == "many_missing":
        assert out.count("fail source:") == 2000
        assert out.count("; closest passage (") == 2000 and "no closest passage looked for" not in out
        assert "differs: '龘' where the document has " in out


# Lookups: bounded cost (issue 12's rows for find) --------------------------------------------


def find_process(path: Path, *query: str) -> subprocess.CompletedProcess[str]:
    """``jinsha find`` in its own process, with a generous deadline and the usual invariant."""
    done = subprocess.run(
        [sys.executable, "-m", "jinsha_cli", "find", *query, "--facts", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=FEW_SECONDS + 20,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr[-2000:]
    assert done.returncode in (0, 1, 2), done.stderr[-2000:]
    return done


def test_a_long_pinyin_query_on_a_long_quote_is_refused_or_answered_without_recursion(workdir: Path) -> None:
    path = workdir / "long-quote.yaml"
    path.write_text("facts:\n  a: {value: 1, unit: 个, zh: 就业, quote: " + "就业" * 750 + "}\n", encoding="utf-8")
    refused = find_process(path, "jiuye" * 240)  # 1,200 letters
    assert refused.returncode == 2 and "find reads at most 200" in refused.stderr
    # Just under the cap, a pinyin query that spells most of the 1,500-character quote.
    answered = find_process(path, "jiuye" * 39 + "jiuy")
    assert answered.returncode == 0 and json.loads(answered.stdout)["read_as"] == "pinyin"


def test_a_query_of_50000_words_is_refused_at_once(workdir: Path) -> None:
    path = workdir / "many-words.yaml"
    path.write_text(BUNDLED_TEXT, encoding="utf-8")
    done = find_process(path, *(["就业", "employment", "jyl", "relocatd"] * 12_500))
    assert done.returncode == 2 and "characters long; find reads at most 200" in done.stderr
    assert len(done.stderr) < 1_000  # the message does not echo the query


# Drafting: bounded cost (issue 12's rows for extract and coverage) -----------------------------
# Each run in its own process with a gigabyte of address space and a generous deadline; before
# the change they took 2 minutes, 32 s, 4 min 50 s with 3.2 GB, and wrote a 790 MB draft.

DRAFT_SECONDS = 60


def _extract_inputs() -> dict[str, str]:
    return {
        "digit_then_blanks": "1" + " " * 100_000 + "\n",  # the heading pattern once backtracked here
        "comma_run": ",".join(["1", "2"] * 50_000) + "\n",  # 200 KB of 1,2,1,2,...
        "one_long_clause": "、".join(f"指标{i}为{i * 7 + 13}亿元" for i in range(5_000)) + "。\n",  # 130 KB
    }


def _run_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "jinsha_cli", *args],
            capture_output=True,
            text=True,
            timeout=DRAFT_SECONDS,
            env={**os.environ, "NO_COLOR": "1"},
            preexec_fn=_bounded,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args[0]} still running after {DRAFT_SECONDS} s")


@pytest.mark.parametrize("case", list(_extract_inputs()))
def test_extract_of_a_costly_document_is_bounded_in_time_memory_and_size(tmp_path: Path, case: str) -> None:
    document = tmp_path / "doc.txt"
    document.write_text(_extract_inputs()[case], encoding="utf-8")
    out = tmp_path / "draft.yaml"
    done = _run_bounded("extract", str(document), "-o", str(out))
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    # every quote is a window around its figure, never the whole clause again
    assert out.stat().st_size < 40 * document.stat().st_size + 100_000
    assert load_text(out.read_text(encoding="utf-8"), str(out)).problems == []


def test_coverage_of_80_kb_of_a_comma_run_is_bounded(tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    document.write_text(",".join(["1", "2"] * 20_000) + "\n", encoding="utf-8")
    out = tmp_path / "draft.yaml"
    assert _run_bounded("extract", str(document), "-o", str(out)).returncode == 0
    done = _run_bounded("coverage", str(document), "--facts", str(out))
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "40000/40000 figures covered" in done.stdout
