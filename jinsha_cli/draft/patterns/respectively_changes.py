"""分别 in parallel: amounts, their changes and their rates, one of each per name.

油料、猪牛羊肉…的人均占有量分别为24.7公斤、46.8公斤…，比1996年分别增加6.5公斤、16.6公斤…，
分别增长35.7%、55%… states, for each name, an amount, how much it rose and by what rate: the
rate is the change over the amount before it (6.5 / (24.7 - 6.5) is 35.7%).

Only three groups of 分别 in one sentence that pair with the same names: the first states
the amounts (no word of change before it), the second changes in their unit and the third
percentages, both after the same word of direction (增加…增长, 减少…下降), all as many as
the names. Anything else (a group missing, another count, mixed directions) drafts nothing.
"""

from __future__ import annotations

from ..document import Reading
from ..model import OUTRIGHT, Candidate
from .base import Context
from .respectively import direction, value_groups

ID = "respectively_changes"
DESCRIPTION = "分别 lists of amounts, their changes and their rates (one per name): each rate is change / amount before"


def find(ctx: Context) -> list[Candidate]:
    groups = value_groups(ctx)
    found: list[Candidate] = []
    for i, amounts in enumerate(groups[:-2]):
        changes, rates = groups[i + 1], groups[i + 2]
        if amounts.shared or not (changes.shared and rates.shared):
            continue
        if not (amounts.sentence == changes.sentence == rates.sentence):
            continue
        n = len(amounts.names.items)
        if not (len(amounts.values) == len(changes.values) == len(rates.values) == n):
            continue
        text = ctx.doc.text
        sign = direction(text, changes)
        if sign not in (1, -1) or direction(text, rates) != sign or direction(text, amounts) != 0:
            continue
        if not _one_unit(amounts.values, changes.values) or not all(r.is_percent for r in rates.values):
            continue
        every = (*amounts.values, *changes.values, *rates.values)
        if not all(ctx.usable(r) for r in every):
            continue
        for name, amount, change, rate in zip(
            amounts.names.items, amounts.values, changes.values, rates.values, strict=True
        ):
            found.append(_rule(ctx, name, amount, change, rate, sign))
    return found


def _one_unit(amounts: list[Reading], changes: list[Reading]) -> bool:
    units = {r.unit for r in (*amounts, *changes)}
    return len(units) == 1 and not any(r.is_percent or r.unit_guessed for r in (*amounts, *changes))


def _rule(ctx: Context, name: str, amount: Reading, change: Reading, rate: Reading, sign: int) -> Candidate:
    a, c, r = ctx.fid(amount), ctx.fid(change), ctx.fid(rate)
    before = f"({a} - {c})" if sign > 0 else f"({a} + {c})"
    moved, rated = ("增加", "增长") if sign > 0 else ("减少", "下降")
    return Candidate(
        ID,
        f"{c} / {before} == {r}",
        zh=f"{name}：{amount.value}{amount.unit}，{moved}{change.value}{change.unit}，{rated}{rate.value}",
        en=f"{name}: the rate {rate.value} is the change {change.value}{change.unit} over the amount before",
        strength=OUTRIGHT,
        evidence=ctx.evidence(amount, change, rate),
        name=f"{r}.of_change",
        tags=("change", "list"),
    )
