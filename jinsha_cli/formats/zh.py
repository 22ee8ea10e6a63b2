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

# The fact file's problems (loader, schema, rule syntax): the messages a curator meets
# most. The id, the key path, the quoted text and the figures stay as written.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    (
        r"^duplicate key " + _Q + r": first at line (\d+), again at line (\d+)$",
        r"重复的键\1：首见于第\2行，又见于第\3行",
    ),
    (r"^unknown key " + _Q + r"; allowed here: (.+)$", r"未知的键\1；此处可用：\2"),
    (r"^missing required key " + _Q + r"$", r"缺少必需的键\1"),
    (r"^" + _Q + r" is not a valid id \(pattern (.+)\)$", r"\1不是有效的编号（格式\2）"),
    (r"^is (\d+) characters long; at most (\d+) are allowed$", r"长\1个字符，至多允许\2个"),
    (r"^needs at least (\d+) item\(s\)$", r"至少需要\1项"),
    (r"^matches none of the allowed forms$", "不符合任何允许的形式"),
    (
        r"^a fact needs exactly one of 'value' \(a figure\) or 'items' \(a list\)$",
        "事实须有且仅有'value'（数值）或'items'（列表）之一",
    ),
    (
        r"^a number needs a unit \(人, 户, 亩, 元, 个, \.\.\.; unit: '' for a bare code\)$",
        "数值须有单位（人、户、亩、元、个……；纯代码写 unit: ''）",
    ),
    (
        r"^cannot read " + _Q + r" as a figure; write digits with an optional 万/亿, %, 余/多, "
        r"or a qualifier such as 约, 近, 以上, 以内, 左右, 超过, >, <$",
        r"无法把\1读作数字；请写阿拉伯数字，可带万/亿、%、余/多，或约、近、以上、以内、左右、超过、>、<等限定词",
    ),
    (r"^empty value$", "数值为空"),
    (r"^unknown section " + _Q + r": the file has no sections mapping$", r"未知的章节\1：文件没有'sections'映射"),
    (r"^unknown section " + _Q + r"$", r"未知的章节\1"),
    (
        r"^rule (\S+) names unknown fact " + _Q + r" \(did you mean " + _Q + r"\?\)$",
        r"规则\1引用了未知的事实\2（是否指\3？）",
    ),
    (r"^rule (\S+) names unknown fact " + _Q + r"$", r"规则\1引用了未知的事实\2"),
    (r"^rule (\S+): expected (.+), found the end of the rule$", r"规则\1：应为\2，规则却已结束"),
    (r"^rule (\S+): expected (.+), found (.+)$", r"规则\1：应为\2，却是\3"),
    (r"^rule (\S+): unexpected the end of the rule$", r"规则\1：规则意外结束"),
    (r"^rule (\S+): unexpected character " + _Q + r"$", r"规则\1：意外的字符\2"),
    (r"^rule (\S+): unexpected " + _Q + r"$", r"规则\1：意外的\2"),
    (r"^rule (\S+): empty rule$", r"规则\1：规则为空"),
    (r"^rule (\S+): strings are not part of the rule language$", r"规则\1：规则语言中没有字符串"),
    (r"^rule (\S+): unknown function " + _Q + r"; the functions are (.+)$", r"规则\1：未知的函数\2；可用的函数：\3"),
    (r"^rule (\S+): (\S+)\(\) takes (.+) argument\(s\), got (\d+)$", r"规则\1：\2()需要\3个参数，却有\4个"),
    (r"^invalid YAML: ", "YAML无效："),
    (r"^the fact file is empty; it needs at least a 'facts' mapping$", "事实文件为空；至少需要一个'facts'映射"),
    (r"^cannot read the fact file: ", "无法读取事实文件："),
    (r"^refused: ", "拒绝读取："),
    (r"a fact id, a number or '\('", "事实编号、数值或'('"),
    (r"',' or '\)'", "','或')'"),
)
# What a value is (the schema's words), in "expected …, found …".
_KINDS = {
    "text": "文本",
    "a whole number": "整数",
    "a number": "数值",
    "true or false": "true或false",
    "null": "null",
    "a mapping": "映射",
    "a list": "列表",
}
_KIND = "|".join(re.escape(kind) for kind in sorted(_KINDS, key=len, reverse=True))
_EXPECTED = re.compile(rf"^expected ((?:{_KIND})(?: or (?:{_KIND}))*), found ({_KIND})(.*)$")
_ONE_OF = re.compile(rf"^must be one of: (.+); found ({_KIND})(.*)$")

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
def _compiled(phrases: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), replacement) for pattern, replacement in phrases)


def _rewritten(message: str, phrases: tuple[tuple[str, str], ...]) -> str:
    for pattern, replacement in _compiled(phrases):
        message = pattern.sub(replacement, message)
    return message


def translate(message: str) -> str:
    """A message of the checker in Chinese: its fixed phrases rewritten, its figures, ids and quotes kept."""
    return _rewritten(message, _PHRASES)


def translate_problem(message: str) -> str:
    """A problem of the fact file in Chinese (the loader's, the schema's, a rule's syntax)."""
    expected = _EXPECTED.match(message)
    if expected:
        wanted = "或".join(_KINDS[kind] for kind in re.findall(_KIND, expected[1]))
        return f"应为{wanted}，却是{_KINDS[expected[2]]}{expected[3]}"
    one_of = _ONE_OF.match(message)
    if one_of:
        return f"须为其中之一：{one_of[1]}；却是{_KINDS[one_of[2]]}{one_of[3]}"
    return _rewritten(message, _PROBLEMS)


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
