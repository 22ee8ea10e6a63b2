"""Count fragment-looking labels in the drafts of a corpus sample.

    python bench/labels.py                 # about 500 articles, evenly spread over the corpus
    python bench/labels.py --sample 2000   # more of them
    python bench/labels.py --show 30       # and print 30 fragment-looking labels with their quotes

A label is fragment-looking when ``jinsha_cli.draft.labels.fragment_reason`` gives a reason:
fewer than two Chinese characters, a start mid-clause (和, 为, 只要, ——), an end before its
object (等, 提高, 保持在), or speech and punctuation inside. It prints the facts drafted,
how many have a Chinese label, how many of those look like fragments, how many have an
English label, and how many units are guesses. A script, not a test.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "people-daily"
sys.path.insert(0, str(ROOT))


def main() -> int:
    from jinsha_cli.core.textfiles import read_document
    from jinsha_cli.draft.extract import extract
    from jinsha_cli.draft.labels import fragment_reason

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=500, help="about this many articles, evenly spread")
    parser.add_argument("--show", type=int, default=0, help="print this many fragment-looking labels")
    parser.add_argument("--kept", type=int, default=0, help="print this many labels kept, at random, to read")
    args = parser.parse_args()
    paths = sorted(CORPUS.rglob("*.txt"))
    paths = paths[:: max(1, len(paths) // args.sample)]
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    shown: list[str] = []
    kept: list[str] = []
    for path in paths:
        draft = extract(read_document(path))
        for fact in draft.facts.values():
            if fact.value is None or fact.id.startswith("section."):
                continue  # lists and section numbers are labelled by their finders
            counts["facts"] += 1
            counts["zh"] += bool(fact.zh)
            counts["en"] += bool(fact.en)
            counts["unit guessed"] += "unit-guessed" in fact.tags
            if fact.zh:
                kept.append(f"  {fact.zh!r:28} {fact.en[:40]!r:42} «{fact.quote[:40]}»")
            reason = fragment_reason(fact.zh)
            if reason:
                counts["fragment"] += 1
                reasons[reason.split(" with ")[0]] += 1
                if len(shown) < args.show:
                    shown.append(f"  {fact.zh!r:28} {reason:40} «{fact.quote[:40]}» ({path.name})")
    print(f"articles:                  {len(paths)}")
    print(f"facts:                     {counts['facts']}")
    print(f"with a Chinese label:      {counts['zh']}")
    print(f"  fragment-looking:        {counts['fragment']}")
    for reason, n in reasons.most_common():
        print(f"    {reason:30} {n}")
    print(f"with an English label:     {counts['en']}")
    print(f"units guessed:             {counts['unit guessed']}")
    for line in shown:
        print(line)
    if args.kept:
        print("labels kept, at random:")
        for line in random.Random(1).sample(kept, min(args.kept, len(kept))):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
