"""Figures of one paragraph that add up exactly at their printed precision.

收入总量为212543.18亿元 … 支出总量为240143.18亿元。收支总量相抵，赤字27600亿元: 240143.18 −
212543.18 is 27600 to the cent, and a coincidence that exact is unlikely, so the three
figures belong together: 27600 == 240143.18 − 212543.18. The finder looks, within one
paragraph, for a level that is the sum of two others of its unit (or of a run of 3 to
6 consecutive ones), and drafts the relation only when the agreement is worth something:

- the digits the equation pins down: log10(total / u), u the place of the last non-zero
  digit of the second coarsest figure (27600 = 18300 + 9300 pins log10(27600 / 100) =
  2.4 digits; the line above pins 7.4);
- less the log10 of the number of equations tried in the paragraph (pairs × totals), so
  that a paragraph of 30 figures needs more digits than one of 4.

Across the paragraphs of one section (within 8000 characters), two figures add up to a
third when all three are named alike (their phrases end in the same two characters:
中央财政赤字18300亿元 + 地方财政赤字9300亿元 = 赤字27600亿元), counting the equations tried
within that group of names, pinning at least 2.3 digits, and of one year.

A difference (the total printed between its parts: 收入, 支出, then 赤字) needs at least
3 digits. Only plain figures (no 约, 近, 多, no qualifier left out), in a unit read from
the text, are added: levels with levels, or amounts of change of one direction with each
other (贷款增加7.43万亿元，其中，短期贷款增加1.98万亿元…). A paragraph ends at a line break or
where an indented one begins within the line. The rule holds when drafted (it is found by the arithmetic), so it is an
inference, a warning with its reason: a curator decides whether it is a relation or a
coincidence; it guards the figures against a later edit that breaks the sum.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from fractions import Fraction

from ...core.numbers import MULTIPLIERS, normalize
from .. import roles as R
from ..document import Reading
from ..model import INFERRED, Candidate
from .base import Context

ID = "sums"
DESCRIPTION = "figures that add up exactly at their printed precision: in one paragraph, or named alike in a section"

# An equation must pin at least this many digits, and this many more than the log10 of
# the equations tried in its paragraph (measured on the corpus: see the notes of issue 13).
MIN_DIGITS = 2.0
MIN_MARGIN = 0.3
# A difference (the total printed between its parts) has no 共/其中 shape to lean on, and
# the corpus's two coincidences were differences (20 = 103 − 83): it needs more digits.
MIN_DIGITS_DIFFERENCE = 3.0
# The most figures of one unit in a window, and the longest run of consecutive parts.
WINDOW_FIGURES = 40
MAX_RUN = 6

# A paragraph ends at a line break, or where a new one is indented within the line (some
# articles are one line, their paragraphs opened by two ideographic spaces).
_PARAGRAPH_BREAK = re.compile("\n|(?<=[。！？”])\u3000\u3000")
_CJK = re.compile("[\u4e00-\u9fff]")
# Figures named alike are added across paragraphs only within this many characters, and
# pinning at least this many digits (119户 = 101户 + 18户, three parks' firms, pins 2.1).
ACROSS_CHARS = 8000
MIN_DIGITS_ACROSS = 2.3
_PLAIN = re.compile(r"([0-9]+(?:\.[0-9]+)?)(万亿|亿|万|千|百|十)?")


def plain_value(reading: Reading) -> tuple[Fraction, Fraction] | None:
    """The value of a plainly written figure (27600亿, 74415.1亿, 5928) and the place of its
    last non-zero digit, in the same scale; None for 约, 近, 多 and other bounds."""
    match = _PLAIN.fullmatch(normalize(reading.value).replace(",", ""))
    if match is None:
        return None
    digits, multiplier = match[1], Fraction(MULTIPLIERS[match[2]]) if match[2] else Fraction(1)
    value = Fraction(digits) * multiplier
    if value <= 0:
        return None
    whole, _, fraction = digits.partition(".")
    fraction = fraction.rstrip("0")
    zeros = len(whole) - len(whole.rstrip("0"))
    place = Fraction(1, 10 ** len(fraction)) if fraction else Fraction(10**zeros)
    return value, place * multiplier


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    windows: dict[tuple[int, str, str], list[tuple[Reading, Fraction, Fraction]]] = {}
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(doc.text)]
    for r in doc.readings:
        kind = _kind(ctx, r)
        value = plain_value(r) if kind else None
        if value is None:
            continue
        paragraph = bisect_right(paragraph_starts, r.figure.start) - 1
        windows.setdefault((paragraph, r.unit, kind), []).append((r, *value))
    found: list[Candidate] = []
    seen: set[frozenset[str]] = set()
    for items in windows.values():
        for start in range(0, max(1, len(items) - WINDOW_FIGURES // 2), WINDOW_FIGURES // 2):
            window = items[start : start + WINDOW_FIGURES]
            if len(window) >= 3:
                found += _equations(ctx, window, seen)
    named: dict[tuple[str, str, str, str], list[tuple[Reading, Fraction, Fraction]]] = {}
    for (_, unit, kind), items in windows.items():
        for item in items:
            head = "".join(_CJK.findall(item[0].phrase))[-2:]
            if len(head) == 2:
                named.setdefault((item[0].section.split("_")[0], unit, kind, head), []).append(item)
    for items in named.values():
        if 3 <= len(items) <= WINDOW_FIGURES:
            found += _across(ctx, sorted(items, key=lambda item: item[0].figure.start), seen)
    return found


def _across(
    ctx: Context, group: list[tuple[Reading, Fraction, Fraction]], seen: set[frozenset[str]]
) -> list[Candidate]:
    """Two figures of one section that add up to a third, all three named alike (中央财政赤字
    18300亿元 and 地方财政赤字9300亿元, in their own paragraphs, against 赤字27600亿元): the
    equations tried are those within the group of figures whose names end alike."""
    n = len(group)
    by_value: dict[Fraction, list[int]] = {}
    for i, (_, value, _) in enumerate(group):
        by_value.setdefault(value, []).append(i)
    tried = math.log10(max(1, n * (n - 1) // 2 * (n - 2)))
    head = "".join(_CJK.findall(group[0][0].phrase))[-2:]
    reason = f"figures of one section named …{head} add up exactly"
    found: list[Candidate] = []
    for i in range(n):
        for j in range(i + 1, n):
            if group[i][1] == group[j][1]:
                continue
            for t in by_value.get(group[i][1] + group[j][1], []):
                terms = [group[k][0] for k in (t, i, j)]
                starts = [r.figure.start for r in terms]
                years = {r.year for r in terms}
                if max(starts) - min(starts) > ACROSS_CHARS or len(years) > 1:
                    continue
                if (
                    math.log10(group[t][1] / sorted((group[k][2] for k in (t, i, j)), reverse=True)[1])
                    < MIN_DIGITS_ACROSS
                ):
                    continue
                found += _candidate(ctx, group, t, [i, j], tried, seen, reason)
    return found


def _kind(ctx: Context, reading: Reading) -> str:
    """What a figure may be added with: levels with levels, and amounts of change of one
    direction with each other (贷款增加7.43万亿元，其中，短期贷款增加1.98万亿元…), never a
    level with a change (比上年多1500亿元 is the changes finder's)."""
    if reading.unit_guessed or not reading.unit or reading.is_percent or reading.figure.kind != "number":
        return ""
    if ctx.level(reading):
        return "level"
    if reading.role == R.CHANGE and reading.sign and ctx.usable(reading):
        return "increase" if reading.sign > 0 else "decrease"
    return ""


def _equations(
    ctx: Context, window: list[tuple[Reading, Fraction, Fraction]], seen: set[frozenset[str]]
) -> list[Candidate]:
    n = len(window)
    by_value: dict[Fraction, list[int]] = {}
    for i, (_, value, _) in enumerate(window):
        by_value.setdefault(value, []).append(i)
    found: list[Candidate] = []
    # two parts anywhere in the paragraph
    tried = math.log10(max(1, n * (n - 1) // 2 * (n - 2)))
    for i in range(n):
        for j in range(i + 1, n):
            if window[i][1] == window[j][1]:
                continue  # the same figure twice: a restatement, not a part
            for t in by_value.get(window[i][1] + window[j][1], []):
                found += _candidate(ctx, window, t, [i, j], tried, seen)
    # three or more consecutive parts (a list of items and its total)
    for k in range(3, min(MAX_RUN, n - 1) + 1):
        tried = math.log10(max(1, (n - k + 1) * (n - k)))
        for i in range(n - k + 1):
            parts = list(range(i, i + k))
            if len({window[p][1] for p in parts}) != k or _subtotal(window, parts, by_value):
                continue
            for t in by_value.get(sum(window[p][1] for p in parts), []):
                found += _candidate(ctx, window, t, parts, tried, seen)
    return found


def _subtotal(
    window: list[tuple[Reading, Fraction, Fraction]], parts: list[int], by_value: dict[Fraction, list[int]]
) -> bool:
    """Some consecutive parts of the run add up to a printed figure: the run is the sum of
    that subtotal and the rest, a consequence of two equations, not one of its own."""
    k = len(parts)
    for length in range(2, k):
        for i in range(k - length + 1):
            if sum(window[p][1] for p in parts[i : i + length]) in by_value:
                return True
    return False


def _candidate(
    ctx: Context,
    window: list[tuple[Reading, Fraction, Fraction]],
    total: int,
    parts: list[int],
    tried: float,
    seen: set[frozenset[str]],
    reason: str = "the figures of one paragraph add up exactly",
) -> list[Candidate]:
    if total in parts:
        return []
    terms = [total, *parts]
    readings = [window[i][0] for i in terms]
    ids = [ctx.fid(r) for r in readings]
    if len(set(ids)) != len(ids) or frozenset(ids) in seen:
        return []
    places = sorted((window[i][2] for i in terms), reverse=True)
    digits = math.log10(window[total][1] / places[1])
    if digits < MIN_DIGITS or digits - tried < MIN_MARGIN:
        return []
    t, *rest = readings
    unit = t.unit
    order = sorted(readings, key=lambda r: r.figure.start)
    summed = order[0] is t or order[-1] is t or len(parts) > 2
    if not summed and digits < MIN_DIGITS_DIFFERENCE:
        return []
    seen.add(frozenset(ids))
    if summed:
        # a total and its parts (or the parts, then their total)
        part_ids = [ctx.fid(r) for r in sorted(rest, key=lambda r: r.figure.start)]
        check = f"{ctx.fid(t)} == sum({', '.join(part_ids)})"
        shown = " + ".join(f"{r.value}{unit}" for r in sorted(rest, key=lambda r: r.figure.start))
        zh = f"{t.value}{unit} = {shown}"
        name, tag = f"{ctx.fid(t)}.sum", "sum"
    else:
        # the total between its parts: the last figure is what is left (赤字 = 支出 − 收入)
        left = order[-1]
        other = next(r for r in rest if r is not left)
        check = f"{ctx.fid(left)} == {ctx.fid(t)} - {ctx.fid(other)}"
        zh = f"{left.value}{unit} = {t.value}{unit} − {other.value}{unit}"
        name, tag = f"{ctx.fid(left)}.difference", "difference"
    return [
        Candidate(
            ID,
            check,
            zh=f"{zh}（按所印数字精确成立）",
            en=f"{zh.replace('−', '-')} exactly, at the printed precision",
            strength=INFERRED,
            evidence=ctx.evidence(*readings),
            reason=f"{reason}, pinning {digits:.1f} digits",
            name=name,
            tags=(tag,),
        )
    ]
