"""`--format junit`: JUnit XML, one test suite per fact file and one test case per rule.

A failing rule is a ``<failure>`` (its ``type`` is the rule's severity), a
skipped rule or an acknowledged discrepancy is ``<skipped>``, a broken rule is
an ``<error>``, and each problem of the fact file is a test case with an
``<error>``. Failing quote checks are test cases too. No timestamps, so the
report of an unchanged file is byte-for-byte the same.

XML 1.0 cannot carry most control characters at all (not even as character
references), so every text from the fact file goes through ``safe_text.xml``,
which writes them as visible escapes: the report stays well-formed. Every
attribute is escaped as the tree is written; texts field by field, so that
their own line breaks stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO
from xml.etree import ElementTree as ET

from ..core.model import Level, Report, Result, Status
from ..core.safe_text import xml
from . import Options, Run, description, localized, problem_message, problem_text, report_path

# How each level counts: a test case that passes, fails, is skipped or is in error.
CASES: dict[Level, str] = {
    Level.ERROR: "error",
    Level.FAILING: "failure",
    Level.WARNING: "failure",  # a failing rule fails its test case, whether or not it fails the run
    Level.NOTE: "failure",
    Level.KNOWN: "skipped",
    Level.SKIPPED: "skipped",
    Level.PASSED: "pass",
}


def _case(report: Report, result: Result, lang: str) -> tuple[ET.Element, str]:
    """The test case of one result, and how it counts: pass, failure, skipped or error."""
    case = ET.Element(
        "testcase",
        {
            "name": result.rule,
            "classname": result.section or "jinsha",
            "file": report_path(result.file),
            "line": str(result.line),
        },
    )
    label = description(result.zh, result.en, lang)
    said = localized(result.message, lang)
    text = f"{xml(report_path(result.file))}:{result.line}:{result.column}: {xml(label)}\n{xml(said)}".strip()
    if result.draft:
        properties = ET.SubElement(case, "properties")
        ET.SubElement(properties, "property", {"name": "draft", "value": "true"})
    level = report.level(result)
    counted = CASES[level]
    if counted == "error":
        ET.SubElement(case, "error", {"type": "rule-error", "message": said}).text = text
    elif counted == "failure" and result.stale:
        message = localized(f"stale: marked known ({result.known}) but the rule holds", lang)
        ET.SubElement(case, "failure", {"type": "stale", "message": message}).text = text
    elif counted == "failure" and result.status == Status.FAIL:
        ET.SubElement(case, "failure", {"type": result.severity, "message": said}).text = text
    elif counted == "failure":  # an unreviewed draft under --strict
        message = localized("draft rule not yet reviewed", lang)
        ET.SubElement(case, "failure", {"type": "draft", "message": message}).text = text
    elif level is Level.KNOWN:
        ET.SubElement(case, "skipped", {"message": localized(f"known discrepancy: {result.known}", lang)}).text = text
    elif counted == "skipped":
        ET.SubElement(case, "skipped", {"message": said})
    return case, counted


def suite(run: Run, lang: str) -> ET.Element:
    report = run.report
    element = ET.Element("testsuite", {"name": report_path(report.file)})
    properties = ET.SubElement(element, "properties")  # counts the test totals do not show
    for key in ("rules", "slack", "drafts", "known", "quotes_checked", "quotes_failed", "source_quotes_checked"):
        ET.SubElement(properties, "property", {"name": key, "value": str(report.summary[key])})
    counts = {"pass": 0, "failure": 0, "skipped": 0, "error": 0}
    for problem in report.problems:
        case = ET.SubElement(
            element,
            "testcase",
            {
                "name": f"problem {problem.line}:{problem.column}",
                "classname": "fact-file",
                "file": report_path(problem.file),
                "line": str(problem.line),
            },
        )
        text = f"{problem.file}:{problem.line}:{problem.column}: {problem_text(problem, lang)}"
        ET.SubElement(case, "error", {"type": "problem", "message": problem_message(problem, lang)}).text = xml(text)
        counts["error"] += 1
    for result in report.results:
        case, outcome = _case(report, result, lang)
        element.append(case)
        counts[outcome] += 1
    element.set("tests", str(sum(counts.values())))
    element.set("failures", str(counts["failure"]))
    element.set("errors", str(counts["error"]))
    element.set("skipped", str(counts["skipped"]))
    return element


def render(runs: Sequence[Run], out: TextIO, options: Options) -> None:
    root = ET.Element("testsuites", {"name": "jinsha"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for run in runs:
        element = suite(run, options.lang)
        root.append(element)
        for key in totals:
            totals[key] += int(element.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    for element in root.iter():
        for key, value in element.attrib.items():
            element.set(key, xml(value))
    ET.indent(root, space="  ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
