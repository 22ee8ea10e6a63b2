"""Run every rule of a Factbook, and verify every quote, into a Report."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path

from ..core._gc import paused
from ..core._messages import quoted
from ..core.model import Fact, Factbook, Problem, Report, Result, Rule, Severity, Status
from ..rules.evaluate import FAIL, PASS, VALUE, MissingValue, RuleError, UnreadableValue, evaluate


def check(
    book: Factbook,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    strict: bool = False,
    source: str | Path | None = None,
    check_source: bool = True,
    slack: str = "pass",
    explain: bool = True,
) -> Report:
    """Evaluate the selected rules and every fact's quote. Never raises on bad rules.

    Each quote is also looked for in a source document: ``source`` when given,
    else the document the book names under ``source.document`` when that file
    exists (see ``source.verify``). ``check_source=False`` skips that step.

    ``slack`` is what a rule that holds only within rounding is: ``pass`` (counted
    in the summary), or a failure of severity ``warning`` or ``error``.
    ``explain=False`` leaves each result's ``steps`` empty (the verdicts and
    messages are the same), for a caller that never shows them.
    """
    if slack not in SLACK_POLICIES:
        raise ValueError(f"unknown slack policy {slack!r}; use {', '.join(SLACK_POLICIES)}")
    select, ignore = list(select), list(ignore)
    problems = list(book.problems)
    results: list[Result] = []
    with paused():  # many small objects and no cycles: see _gc.py
        for rule in book.rules.values():
            if not selected(rule, select, ignore):
                continue
            result = check_rule(book, rule, explain=explain)
            if slack != "pass" and result.slack and result.status == Status.PASS and not rule.known:
                result.status, result.severity = Status.FAIL, Severity(slack)
            # Syntax errors and unknown ids were reported by the loader already.
            found_at_evaluation = rule.tree is not None and all(f in book.facts for f in rule.fact_ids)
            if result.status == Status.ERROR and found_at_evaluation:
                problems.append(
                    Problem(book.path, rule.check_line, rule.check_column, result.message, f"rules.{rule.id}.check")
                )
            results.append(result)
        quotes_checked = 0
        for fact in book.facts.values():
            if fact.quotes:
                quotes_checked += 1
                if _quote_misses(fact):  # only a failing quote becomes a result
                    results.append(check_quote(book, fact))
        order = {section: index for index, section in enumerate(book.sections)}
        results.sort(key=lambda r: order.get(r.section or "", len(order)))  # stable: file order within a section
    report = Report(book.path, results, _unique(problems), quotes_checked=quotes_checked, strict=strict)
    if check_source:
        from .source import verify

        verify(report, book, source)
    return report


SLACK_POLICIES = ("pass", "warning", "error")


def selected(rule: Rule, select: list[str], ignore: list[str]) -> bool:
    """ruff-style selection by id, id prefix, glob or tag:NAME."""
    if select and not any(_matches(rule, pattern) for pattern in select):
        return False
    return not any(_matches(rule, pattern) for pattern in ignore)


def unmatched_selectors(books: Iterable[Factbook], select: Iterable[str]) -> list[str]:
    """The --select patterns that match no rule of any of the books.

    A selector that matches nothing runs no rule and passes: a typo in a CI
    selector would make the check vacuous, so the command line refuses it.
    """
    rules = [rule for book in books for rule in book.rules.values()]
    return [pattern for pattern in select if not any(_matches(rule, pattern) for rule in rules)]


def _matches(rule: Rule, pattern: str) -> bool:
    if pattern.startswith("tag:"):
        return pattern[4:] in rule.tags
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(rule.id, pattern)
    return rule.id.startswith(pattern)  # an exact id is its own prefix


def rule_section(book: Factbook, rule: Rule) -> str | None:
    if rule.section:
        return rule.section
    for fact_id in rule.fact_ids:
        fact = book.facts.get(fact_id)
        if fact is not None and fact.section:
            return fact.section
    return None


def check_rule(book: Factbook, rule: Rule, *, values: bool = False, explain: bool = True) -> Result:
    """The verdict on one rule. With ``values`` (for `jinsha calc`), an expression
    that is not a test gets the status ``value`` and what it comes to; without
    ``explain``, no intermediate steps."""
    result = Result(
        rule=rule.id,
        status=Status.ERROR,
        severity=rule.severity,
        message="",
        facts=list(rule.fact_ids),
        file=book.path,
        line=rule.line,
        column=rule.column,
        section=rule_section(book, rule),
        zh=rule.zh,
        en=rule.en,
        tags=rule.tags,
        known=rule.known,
        draft=rule.draft,
    )
    if rule.tree is None:
        result.message = f"rule {rule.id} has no valid check"
        return result
    missing = [fact_id for fact_id in rule.fact_ids if fact_id not in book.facts]
    if missing:
        result.message = f"rule {rule.id} names unknown fact(s): {', '.join(missing)}"
        return result
    try:
        evaluation = evaluate(rule.tree, book.facts, values=values, explain=explain)
    except UnreadableValue as unreadable:
        result.status, result.message = Status.SKIP, f"not checked: {_unreadable(book, unreadable)}"
        return result
    except MissingValue as reason:
        result.status, result.message = Status.SKIP, f"skipped: {reason}"
        return result
    except RuleError as error:
        result.message = f"rule {rule.id}: {error}"
        return result
    except (ArithmeticError, MemoryError, ValueError) as error:  # defensive: report, never crash
        result.message = f"rule {rule.id} could not be evaluated: {error}"
        return result
    except RecursionError:  # a chain of hundreds of operators fits in 2,000 characters
        result.message = f"rule {rule.id} is nested too deeply to evaluate; write a long sum as sum(a, b, ...)"
        return result
    result.steps = evaluation.steps
    result.slack = evaluation.slack
    result.message = evaluation.message
    if evaluation.verdict == PASS:
        result.status = Status.PASS
        if rule.known:
            result.stale = True
            result.message += f"  — stale: marked known ({rule.known}) but it holds; remove 'known'"
    elif evaluation.verdict == FAIL:
        result.status = Status.FAIL
    elif evaluation.verdict == VALUE:
        result.status = Status.VALUE
    else:
        result.status = Status.SKIP
        result.message = "skipped: " + result.message
    return result


def _unreadable(book: Factbook, unreadable: UnreadableValue) -> str:
    """Where the unreadable value is written, and why it cannot be read."""
    key_path = f"facts.{unreadable.fact_id}.value"
    problem = next((p for p in book.problems if p.path == key_path), None)
    fact = book.facts[unreadable.fact_id]
    line, column = (problem.line, problem.column) if problem else (fact.line, fact.column)
    why = f": {problem.message.split(';')[0]}" if problem else ""  # the reason, not the whole hint
    return f"{unreadable} ({book.path}:{line}:{column}{why})"


def check_quote(book: Factbook, fact: Fact) -> Result:
    """Does each quote state the fact's value (or items) as written?"""
    missing = _quote_misses(fact)
    line, column = fact.quote_position(missing[0][0]) if missing else (fact.line, fact.column)
    return Result(
        rule=f"quote:{fact.id}",
        status=Status.FAIL if missing else Status.PASS,
        severity=Severity.ERROR,
        message="; ".join(message for _, message in missing) if missing else "the quote states the value",
        facts=[fact.id],
        file=book.path,
        line=line,
        column=column,
        kind="quote",
        section=fact.section,
        en="the quote states the value as written",
        zh="引文须包含所记数值",
        tags=("provenance",),
    )


def _quote_misses(fact: Fact) -> list[tuple[int, str]]:
    """(quote index, message) for what the quotes fail to state; empty when all is stated.

    A figure stated several times is in every one of its quotes. A list may be
    spread over several quotes (一是…、二是…、三是…): each item must be in some
    quote of the fact, not in every one.
    """
    missing: list[tuple[int, str]] = []
    compacts = [_compact(quote) for quote in fact.quotes]
    if fact.items is not None:
        for item in fact.items:
            if not any(_compact(item) in compact for compact in compacts):
                where = f"the quote {quoted(fact.quotes[0])}" if len(compacts) == 1 else "any of its quotes"
                missing.append((0, f"{quoted(item)} is not in {where}"))
        return missing
    for index, (quote, compact) in enumerate(zip(fact.quotes, compacts, strict=True)):
        if fact.written is not None and _compact(fact.written) not in compact:
            missing.append((index, f"the quote {quoted(quote)} does not state {quoted(fact.written)}"))
    return missing


def _compact(text: str) -> str:
    """Quotes may differ from the document only in line breaks and spaces."""
    return "".join(text.split())


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, int, int, str]] = set()
    unique = []
    for problem in problems:
        key = (problem.file, problem.line, problem.column, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return sorted(unique, key=lambda p: (p.file, p.line, p.column))
