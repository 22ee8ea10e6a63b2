"""`--lang zh`: the reports' own words in Chinese, not only the fact file's descriptions.

The checker composes its messages in English from a small, fixed set of
phrases around figures, ids, quotes and file names. ``translate`` rewrites
those phrases, most specific first, and leaves everything else (the numbers,
the ids, the quoted text of the document, the file names) as it is. A test runs
``--lang zh`` over the bundled file and over a file with every kind of failure
and finds no English word left but ids, units and file names.
"""

from __future__ import annotations

import re
from functools import cache

from ..core.model import Outcome, Report, Severity

OUTCOMES: dict[Outcome, str] = {
    Outcome.PASS: "通过",
    Outcome.FAIL: "不符",
    Outcome.KNOWN: "已知",
    Outcome.STALE: "过时",
    Outcome.SKIP: "跳过",
    Outcome.ERROR: "错误",
}
SEVERITIES: dict[Severity, str] = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
NOTES = {"within rounding": "仅在舍入范围内", "draft": "草稿"}
HEADINGS = {
    "status": "状态",
    "rule · file:line": "规则 · 文件:行",
    "description": "说明",
    "numbers": "数值",
    "verdict": "结论",
}

_Q = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""  # a quoted text, as repr() writes it

# (English pattern, Chinese replacement), applied in order: specific phrases first.
_PHRASES: tuple[tuple[str, str], ...] = (
    # checker and JUnit
    (r"^stale: marked known \((.*)\) but the rule holds$", r"已过时：标为已知（\1）却已成立"),
    (r"^known discrepancy: ", "已知差异："),
    (r"^draft rule not yet reviewed$", "草稿规则尚未审阅"),
    (
        r"  — stale: marked known \((.*)\) but it holds; remove 'known'",
        r"——已过时：标为已知（\1）却已成立，请删去已知标记",
    ),
    (r"^not checked: the value of (\S+), ('.*'), could not be read \(", r"未检验：\1的数值\2无法读取（"),
    (r"cannot read ('.*?') as a figure", r"无法把\1读作数字"),
    (r"^skipped: (\S+) has no value$", r"跳过：\1没有数值"),
    (r"^skipped: ", "跳过："),
    (r"^the quote states the value$", "引文写明了所记数值"),
    (_Q + r" is not in the quote " + _Q, r"\1不在引文\2中"),
    (r"the quote " + _Q + r" does not state " + _Q, r"引文\1没有写明\2"),
    # source
    (
        r"the quote " + _Q + r" is not in (.+?)(?=; closest passage| \(no similar passage\)|;|$)",
        r"引文\1不见于\2",
    ),
    (r" \(no similar passage\)", "（原文中没有相似的段落）"),
    (r"; closest passage \((.+?)\): ", r"；最接近的段落（\1）："),
    (r"; differs: ", "；差异："),
    (
        _Q + r" where the document has " + _Q + r" \(at character (\d+)\)",
        r"\1处原文为\2（第\3字）",
    ),
    (_Q + r" is not in the document \(at character (\d+)\)", r"原文没有\1（第\2字）"),
    (r"the document also has " + _Q + r" \(at character (\d+)\)", r"原文还有\1（第\2字）"),
    # evaluate: verdict texts
    (r"  \(holds only within rounding\)", "（仅在舍入范围内成立）"),
    (r"; the left side would need above ", "；左边须大于"),
    (r"; the left side would need below ", "；左边须小于"),
    (r"; the left side would need at most ", "；左边须不超过"),
    (r"; the left side would need at least ", "；左边须不少于"),
    (r"; the left side would need ", "；左边须为"),
    (r": apart by ", "：相差"),
    (r": both are exactly ", "：两边都恰好是"),
    (r": whole numbers (\S+) fit; not testable, the interval is wider than 1", r"：\1均为整数，区间宽于1，无法检验"),
    (r": not testable, the interval is unbounded", "：区间无界，无法检验"),
    (r": no whole number fits; the nearest, (\S+), is (\S+) away", r"：没有整数落在其中，最近的整数\1相差\2"),
    (r": whole number (\S+) fits", r"：整数\1落在其中"),
    (r", within ([\[(].*?[\])])", r"，在\1之内"),
    (r", outside ([\[(].*?[\])]) by ", r"，在\1之外，相差"),
    (r": (\S+) is not below (\S+)$", r"：\1不小于\2"),
    (r"; (\S+) cannot lead with (\d) \(it leads with ([\d/]+|nothing)\)", r"；\1的首位不可能是\2（首位为\3）"),
    (r"\(term (\d+) of ([\d+]+)\)", r"（\2的第\1项）"),
    (r"(\d+) terms of ([\d+]+)", r"\2共\1项"),
    (r"(\d+) named\b", r"列举\1项"),
    (r"(\S+) and (\S+) name the same (\d+) items", r"\1与\2列举的\3项相同"),
    (r"only in (\S+): ", r"仅见于\1："),
    (r"^not in (\S+): ", r"不在\1中："),
    (r"all (\d+) items of (\S+) are in (\S+)", r"\2的全部\1项都在\3中"),
    (r"named more than once in (.+?): ", r"在\1中重复列举："),
    (r"(\d+) distinct items in ([^\s)]+(?:, [^\s)]+)*)", r"\2中共\1个不同项"),
    (r" percentage points\b", "个百分点"),
    (r"\bnothing\b", "无"),
    (r"\) and \(", ") 且 ("),
    (r"\) or \(", ") 或 ("),
    (r" and ", " 且 "),
    (r" or ", " 或 "),
    (r"\bnot \(", "非 ("),
)


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), replacement) for pattern, replacement in _PHRASES)


def translate(message: str) -> str:
    """A message of the checker in Chinese: its fixed phrases rewritten, its figures, ids and quotes kept."""
    for pattern, replacement in _compiled():
        message = pattern.sub(replacement, message)
    return message


def summary_lines(report: Report) -> list[str]:
    s = report.summary
    line = f"{s['rules']}条规则：通过{s['passed']}，不符{s['failed']}，跳过{s['skipped']}，错误{s['errors']}" + (
        f"，已知{s['known']}" if s["known"] else ""
    )
    extras = []
    for key, label in (("stale", "过时"), ("slack", "仅在舍入范围内成立"), ("drafts", "草稿"), ("problems", "问题")):
        if s[key]:
            extras.append(f"{label}{s[key]}")
    lines = [line + (f"（{'，'.join(extras)}）" if extras else "")]
    quotes = f"引文：{s['quotes_checked']}条中{s['quotes_passed']}条写明所记数值"
    if report.source_document is not None:
        quotes += f"；{s['source_quotes_checked']}条中{s['source_passed']}条见于{report.source_document}"
    lines.append(quotes)
    return lines
