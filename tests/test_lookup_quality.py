"""How often find puts the right fact first, on questions readers wrote from the articles.

tests/data/questions.yaml holds the questions (Chinese, English, pinyin, synonyms,
typos, near-miss words), each with the fact that answers it; those marked
``set: held-out`` were written after the ranking was built and scored once
before any change, to estimate how it does on questions it was not tuned on;
those marked ``set: unseen`` were written by a reader who saw only the articles,
never the fact files or the code, and were scored once before any change too.
This test computes
top-1 (the answer is the first hit) and top-3 over each fact file's questions
and fails below the level measured when the set was last scored. To see the
figures and the questions that miss:

    python tests/test_lookup_quality.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "data" / "questions.yaml"

# (top-1, top-3) reached, as counts of questions: a change that loses one fails here.
LEVELS = {"bundled": (158, 161), "employment": (102, 106)}


def question_set() -> dict[str, Any]:
    return yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))


SETS = ("written-first", "held-out", "unseen")


def measure(file: str, only: str | None = None) -> tuple[int, int, int, list[str]]:
    """(questions, top-1 hits, top-3 hits, a line for each miss) over one fact file's questions
    (only those of one of the SETS, when ``only`` names it)."""
    from jinsha_cli import load
    from jinsha_cli.lookup import search

    data = question_set()
    book = load(ROOT / data["files"][file])
    count = first = top3 = 0
    misses = []
    for question in data["questions"]:
        if question["file"] != file:
            continue
        if only is not None and question.get("set", "written-first") != only:
            continue
        answers = {question["id"], *question.get("also", [])}
        found = [hit.fact.id for hit in search(book, question["q"], limit=3).hits]
        count += 1
        first += bool(found) and found[0] in answers
        top3 += bool(answers & set(found))
        if not found or found[0] not in answers:
            misses.append(f"{question['q']!r} ({question['kind']}): wanted {question['id']}, got {found}")
    return count, first, top3, misses


def test_the_set_is_large_and_varied_enough() -> None:
    questions = question_set()["questions"]
    assert len(questions) >= 80
    by_file = {file: [q for q in questions if q["file"] == file] for file in LEVELS}
    assert len(by_file["employment"]) >= 30
    kinds = {q["kind"] for q in by_file["bundled"]}
    assert {"zh", "en", "pinyin", "synonym", "typo"} <= kinds
    assert len({q["q"] for q in questions}) == len(questions), "a question asked twice"


@pytest.mark.parametrize("file", sorted(LEVELS))
def test_every_answer_is_a_fact_that_holds_the_figure(file: str) -> None:
    from jinsha_cli import load

    data = question_set()
    book = load(ROOT / data["files"][file])
    assert not [p for p in book.problems if p.message.startswith("cannot")], book.problems[:3]
    for question in data["questions"]:
        if question["file"] == file:
            for fact_id in (question["id"], *question.get("also", [])):
                assert fact_id in book.facts, f"{question['q']!r}: no fact {fact_id}"
            if "value" in question:
                assert book.facts[question["id"]].written == question["value"], question["q"]


@pytest.mark.parametrize("file", sorted(LEVELS))
def test_top_1_and_top_3_stay_at_the_level_reached(file: str) -> None:
    count, first, top3, misses = measure(file)
    wanted_first, wanted_top3 = LEVELS[file]
    assert first >= wanted_first and top3 >= wanted_top3, (
        f"{file}: top-1 {first}/{count} (was {wanted_first}), top-3 {top3}/{count} (was {wanted_top3})\n"
        + "\n".join(misses)
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    total = [0, 0, 0]
    for name in sorted(LEVELS):
        n, one, three, missed = measure(name)
        total = [total[0] + n, total[1] + one, total[2] + three]
        print(f"{name}: {n} questions, top-1 {one}/{n} = {one / n:.1%}, top-3 {three}/{n} = {three / n:.1%}")
        for subset in SETS:
            n2, one2, three2, _ = measure(name, subset)
            print(f"  {subset}: {n2}, top-1 {one2}/{n2} = {one2 / n2:.1%}, top-3 {three2}/{n2} = {three2 / n2:.1%}")
        for line in missed:
            print("  miss:", line)
    n, one, three = total
    print(f"all: {n} questions, top-1 {one}/{n} = {one / n:.1%}, top-3 {three}/{n} = {three / n:.1%}")
