"""How big is a report, and how long does jinsha take to make it?

    python bench/report.py                       # the bundled article, the longest dev document, 30,000 characters
    python bench/report.py --rounds 5

For each document: the page's size, and the median time of ``build_report`` plus
``html()`` (checking the fact file, finding and marking the figures, writing the
page) in this process, after one warm-up round, with the parse cache off so the
fact file is parsed every round. The time is jinsha's own: no browser.

Documents:
- the bundled article with facts.yaml;
- the longest document of ../shared/corpus/dev with a draft of it (``jinsha extract``);
- 30,000 characters: the dev documents, longest (most figures) first, joined
  and cut at 30,000 characters, with a draft of it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTICLE = SHARED / "seeds" / "000_d6e33d8f1fdc3f8d.txt"
DEV = SHARED / "corpus" / "dev"
TARGET_CHARACTERS = 30_000


def draft_for(text: str, folder: Path, name: str) -> tuple[Path, Path]:
    """Write ``text`` and a draft fact file of it, as ``jinsha extract`` would."""
    from jinsha_cli.draft.extract import draft_factbook

    document = folder / f"{name}.txt"
    document.write_text(text, encoding="utf-8")
    facts = folder / f"{name}.yaml"
    facts.write_text(draft_factbook(text, document=document.name), encoding="utf-8")
    return facts, document


def thirty_thousand(documents: list[Path]) -> str:
    parts, total = [], 0
    for path in documents:
        text = path.read_text(encoding="utf-8").strip()
        parts.append(text)
        total += len(text) + 2
        if total >= TARGET_CHARACTERS:
            break
    return "\n\n".join(parts)[:TARGET_CHARACTERS]


def measure(facts: Path, document: Path, rounds: int) -> tuple[int, int, float, list[float]]:
    from jinsha_cli.report import build_report

    times = []
    size = marks = 0
    for round_number in range(rounds + 1):
        started = time.perf_counter()
        built = build_report([facts], source=document, use_cache=False)
        page = built.html()
        elapsed = time.perf_counter() - started
        if built.problems:
            raise SystemExit(f"{facts}: {built.problems[0]}")
        if round_number:  # the first round warms up imports
            times.append(elapsed)
        size, marks = len(page.encode("utf-8")), len(built.parts[0].marks)
    return size, marks, statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ["JINSHA_NO_CACHE"] = "1"
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        documents = sorted(DEV.glob("*/source.txt"), key=lambda path: -len(path.read_text(encoding="utf-8")))
        longest = documents[0]
        cases = [("bundled article + facts.yaml", ROOT / "facts.yaml", ARTICLE)]
        facts, document = draft_for(longest.read_text(encoding="utf-8"), work, "dev")
        cases.append((f"{longest.parent.name} (longest dev document) + its draft", facts, document))
        facts, document = draft_for(thirty_thousand(documents), work, "thirty")
        cases.append(("the dev documents cut at 30,000 characters + their draft", facts, document))
        print(f"| document | characters | figures marked | page | median time ({args.rounds} rounds) |")
        print("|---|---|---|---|---|")
        for label, facts, document in cases:
            characters = len(document.read_text(encoding="utf-8"))
            size, marks, median, times = measure(facts, document, args.rounds)
            spread = f"{min(times):.3f}–{max(times):.3f} s"
            print(f"| {label} | {characters:,} | {marks:,} | {size / 1000:,.0f} KB | {median:.3f} s ({spread}) |")


if __name__ == "__main__":
    main()
