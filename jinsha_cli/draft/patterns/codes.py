"""A code against the figures it abbreviates: “1+14+26+242” after its four counts; “43328”
before the five targets whose leading digits it spells."""

from __future__ import annotations

from ...core.numbers import Code, parse_value
from .. import roles as R
from ..model import OUTRIGHT, Candidate
from .base import MAX_PARTS, Context

COUNT_UNITS = frozenset(
    ["个", "项", "名", "人", "家", "所", "支", "条", "座", "户", "村", "乡", "镇", "县", "级", "类", "种"]
)

ID = "codes"
DESCRIPTION = "a code such as 1+14+26+242 or “43328” against the counts or targets it abbreviates"


def find(ctx: Context) -> list[Candidate]:
    doc = ctx.doc
    found: list[Candidate] = []
    for code in doc.readings:
        if code.role != R.CODE:
            continue
        try:
            parsed = parse_value(code.value)
        except ValueError:
            continue
        sentence = doc.in_sentence(code.sentence)
        code_id = ctx.fid(code)
        if isinstance(parsed, Code):
            before = [r for r in sentence if r.figure.start < code.figure.start and r.group == code.group]
            if len(before) > MAX_PARTS:
                continue
            counts = [r for r in before if r.figure.kind in ("number", "chinese")]
            # the counts it abbreviates stand right before it, each a whole count of things
            if len(counts) != len(parsed.terms) or not all(ctx.usable(r) for r in counts):
                continue
            if any(
                r.unit not in COUNT_UNITS or r.unit_guessed or (r.figure.kind == "number" and not r.value.isdigit())
                for r in counts
            ):
                continue
            if code.figure.start - counts[0].figure.start > 25 * len(counts):
                continue
            check = " and ".join(f"term({code_id}, {n}) == {ctx.fid(r)}" for n, r in enumerate(counts, start=1))
            found.append(
                Candidate(
                    ID,
                    check,
                    zh=f"“{code.value}”的各项与前文所列数目一一对应",
                    en=f"the terms of {code.value} are the counts stated before it",
                    strength=OUTRIGHT,
                    evidence=ctx.evidence(code, *counts),
                    name=f"{code_id}.terms",
                    tags=("code",),
                )
            )
        elif 3 <= len(code.value) <= 9 and code.value.isdigit():
            later = [r for r in sentence if r.figure.start > code.figure.end][: 2 * MAX_PARTS]
            after = [r for r in later if r.figure.kind == "number"][: len(code.value)]
            if len(after) != len(code.value) or len({r.unit for r in after}) != 1:
                continue
            if not all(ctx.fid(r) for r in after):
                continue
            parts = ", ".join(ctx.fid(r) for r in after)
            found.append(
                Candidate(
                    ID,
                    f"digits({code_id}, {parts})",
                    zh=f"“{code.value}”的各位数字是其后所列各项的首位数字",
                    en=f"the digits of {code.value} lead the {len(after)} figures that follow it",
                    strength=OUTRIGHT,
                    evidence=ctx.evidence(code, *after),
                    name=f"{code_id}.digits",
                    tags=("code",),
                )
            )
    return found
