"""Draft and check every article of the People's Daily corpus through the library.

    python bench/corpus.py                  # the whole corpus (../shared/corpus/people-daily)
    python bench/corpus.py --list           # also list every failing draft rule
    python bench/corpus.py --sample 500     # every n-th article, about 500 of them
    python bench/corpus.py DIR_OR_FILE ...  # other documents

For each article it runs ``draft_factbook`` (what ``jinsha extract`` writes), loads
the draft with the fact-file loader and checks it. It prints the number of
articles, crashes, drafts that fail to load (any loader problem), articles with a
failing draft rule, failures by pattern (the pattern id that drafted the rule) and
the total wall time. Work is spread over two processes (the machine has two cores).
This is a script, not a test: nothing in the suite depends on its timings.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "people-daily"
sys.path.insert(0, str(ROOT))


def run_one(path: str) -> dict[str, object]:
    from jinsha_cli.check.checker import check
    from jinsha_cli.core.textfiles import read_document
    from jinsha_cli.draft.extract import draft_factbook
    from jinsha_cli.factfile.loader import load_text

    try:
        text = read_document(Path(path))
        draft = draft_factbook(text, document=Path(path).name)
        book = load_text(draft, path)
        if book.problems:
            return {"path": path, "load": [str(p) for p in book.problems[:3]]}
        report = check(book)
        failing = []
        for result in report.results:
            if result.status != "fail" or getattr(result, "kind", "rule") != "rule":
                continue
            rule = book.rules.get(result.rule)
            pattern = (rule.tags[0] if rule and rule.tags else "?") if rule else "?"
            failing.append((pattern, result.rule, result.message[:300]))
        return {"path": path, "failing": failing, "rules": len(book.rules), "facts": len(book.facts)}
    except Exception:
        return {"path": path, "crash": traceback.format_exc(limit=4)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--list", action="store_true", help="list every failing draft rule")
    parser.add_argument("--sample", type=int, default=0, help="about this many articles, evenly spread")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    files: list[Path] = []
    for path in args.paths or [CORPUS]:
        files += sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    if args.sample and len(files) > args.sample:
        files = files[:: len(files) // args.sample]
    started = time.perf_counter()
    with multiprocessing.Pool(args.jobs) as pool:
        results = pool.map(run_one, [str(f) for f in files], chunksize=16)
    elapsed = time.perf_counter() - started
    crashes = [r for r in results if "crash" in r]
    unloadable = [r for r in results if "load" in r]
    failing = [r for r in results if r.get("failing")]
    by_pattern: Counter[str] = Counter(p for r in failing for p, _, _ in r["failing"])  # type: ignore[misc]
    print(f"articles:                         {len(results)}")
    print(f"crashes:                          {len(crashes)}")
    print(f"drafts that fail to load:         {len(unloadable)}")
    print(f"articles with a failing rule:     {len(failing)}")
    print(f"failing rules:                    {sum(by_pattern.values())}")
    print(
        f"facts / rules drafted:            {sum(int(r.get('facts', 0)) for r in results)} / "  # type: ignore[call-overload]
        f"{sum(int(r.get('rules', 0)) for r in results)}"
    )  # type: ignore[call-overload]
    for pattern, n in by_pattern.most_common():
        print(f"  {pattern:30} {n}")
    print(f"total time:                       {elapsed:.1f} s ({args.jobs} processes)")
    for r in crashes[:5]:
        print("CRASH", r["path"], r["crash"], sep="\n")
    for r in unloadable[:5]:
        print("LOAD", r["path"], *r["load"], sep="\n  ")  # type: ignore[misc]
    if args.list:
        for r in failing:
            for pattern, rule, message in r["failing"]:  # type: ignore[misc]
                path = Path(str(r["path"]))
                shown = path.relative_to(CORPUS) if CORPUS in path.parents else path
                print(f"{shown}\t{pattern}\t{rule}\t{message}")
    return 1 if crashes or unloadable else 0


if __name__ == "__main__":
    sys.exit(main())
