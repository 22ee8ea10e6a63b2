"""Hostile inputs whose cost must stay in proportion to their size.

Each case writes a fact file (and a document when it needs one) that an author
of a pull request could send, built to hit one place where a naive algorithm is
quadratic or copies too much: list comparisons, count() steps, the closest
passage of a missing quote, long decimals, a large source document and many
missing quotes. tests/test_robustness.py runs every case in a subprocess with a
time and memory bound; run this script to measure them:

    python bench/costly.py                 # every case: wall time and peak RSS
    python bench/costly.py sets quotes     # some of them
    python bench/costly.py --keep /tmp/x   # and keep the generated files there

A number here is one run's; nothing in the test suite depends on it.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# A common alphabet: random text over it has many near matches, as real prose does.
_HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
    "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比"
    "或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做"
    "必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信"
    "马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连"
    "断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存"
    "候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
)


def _words(rng: random.Random, count: int, length: int = 3) -> list[str]:
    return ["".join(rng.choice(_HAN) for _ in range(length)) for _ in range(count)]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sets(folder: Path) -> list[str]:
    """same_set and subset over two lists of 10,000 names (that differ by a few)."""
    rng = random.Random(1)
    names = list(dict.fromkeys(_words(rng, 12_000, 4)))[:10_001]
    first, second = names[:10_000], names[1:]
    lines = ["facts:"]
    for fact, items in (("a", first), ("b", second)):
        lines += [f"  {fact}:", f"    quote: {_quoted('、'.join(items))}", "    items:"]
        lines += [f"      - {item}" for item in items]
    lines.append("rules:")
    for index in range(10):
        lines.append(f"  same.{index}: {{check: 'same_set(a, b)'}}")
        lines.append(f"  subset.{index}: {{check: 'subset(a, b)'}}")
    path = folder / "sets.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["check", "--no-cache", "--facts", str(path)]


def counts(folder: Path) -> list[str]:
    """600 rules, each adding count(a) twenty times, over one list of 20,000 names."""
    rng = random.Random(2)
    items = list(dict.fromkeys(_words(rng, 22_000, 4)))[:20_000]
    lines = ["facts:", "  a:", f"    quote: {_quoted('、'.join(items))}", "    items:"]
    lines += [f"      - {item}" for item in items]
    lines.append("rules:")
    total = " + ".join(["count(a)"] * 20)
    for index in range(600):
        lines.append(f"  count.{index}: {{check: '{total} == {20 * 20_000 + index % 2}'}}")
    path = folder / "counts.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["check", "--no-cache", "--facts", str(path)]


def long_quote(folder: Path) -> list[str]:
    """A 24 KB quote that is not in the document, though much like a passage of it."""
    rng = random.Random(3)
    body = "".join(rng.choice(_HAN[:60]) for _ in range(30_000))
    document = folder / "long-quote.txt"
    document.write_text(body + "\n", encoding="utf-8")
    quote = list(body[2_000:26_000])
    for at in range(0, len(quote), 40):  # one character in forty differs
        quote[at] = "龘"
    quote_text = "共有17981户" + "".join(quote)
    facts = (
        "source:\n  document: long-quote.txt\nfacts:\n"
        f"  a:\n    value: 17981\n    unit: 户\n    quote: {_quoted(quote_text)}\n"
    )
    path = folder / "long-quote.yaml"
    path.write_text(facts, encoding="utf-8")
    return ["check", "--no-cache", "--facts", str(path)]


def decimals(folder: Path) -> list[str]:
    """50 rules of products, quotients and whole() over about twenty 57-digit decimals each."""
    rng = random.Random(4)

    def decimal() -> str:
        return f"{rng.randint(1, 9)}." + "".join(rng.choice("0123456789") for _ in range(56))

    lines = ["facts:", "  a: {value: 1, unit: 个, quote: 1个}", "rules:"]
    shapes = ("{} == 1", "whole({})", "between({}, 1, 2)", "{} > 0.5")
    for index in range(50):
        operator = (" * ", " / ", " + ", " - ")[index % 4]
        body = operator.join(decimal() for _ in range(20))
        lines.append(f"  d.{index}: {{check: '{shapes[index // 4 % 4].format(body)}'}}")
    path = folder / "decimals.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["check", "--no-cache", "--facts", str(path)]


def big_document(folder: Path) -> list[str]:
    """A 20 MB source document of short words (it compresses to almost nothing in git)."""
    line = " ".join(["ab", "cd", "e", "fg", "h"] * 8) + "\n"
    document = folder / "big.txt"
    with document.open("w", encoding="utf-8") as out:
        for _ in range(20 * 1024 * 1024 // len(line)):
            out.write(line)
    facts = (
        "source:\n  document: big.txt\nfacts:\n"
        "  a:\n    value: 1\n    unit: 个\n    quote: ab cd 1个\n"
        "  b:\n    value: 2\n    unit: 个\n    quote: e fg h ab 2个\n"
    )
    path = folder / "big.yaml"
    path.write_text(facts, encoding="utf-8")
    return ["check", "--no-cache", "--facts", str(path)]


def many_missing(folder: Path) -> list[str]:
    """2,000 quotes, each a clause of a 300,000-character document with one character changed."""
    rng = random.Random(6)
    clauses = []
    for index in range(10_000):
        clauses.append("".join(rng.choice(_HAN) for _ in range(rng.randint(18, 30))) + f"{index}户，")
    document = folder / "many.txt"
    text = "".join(clauses)
    document.write_text("\n".join(text[at : at + 100] for at in range(0, len(text), 100)) + "\n", encoding="utf-8")
    lines = ["source:", "  document: many.txt", "facts:"]
    for index in range(2_000):
        clause = clauses[index * 5].rstrip("，")
        changed = "龘" + clause[1:]
        number = clause[clause.rindex("户") - len(str(index * 5)) : clause.rindex("户")]
        lines.append(f"  q{index}: {{value: {number}, unit: 户, quote: {_quoted(changed)}}}")
    path = folder / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["check", "--no-cache", "--facts", str(path)]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "sets": sets,
    "counts": counts,
    "long_quote": long_quote,
    "decimals": decimals,
    "big_document": big_document,
    "many_missing": many_missing,
}


def run(args: list[str], timeout: float = 900.0) -> tuple[float, float, int, str]:
    """Run ``jinsha ARGS`` in a fresh process: (seconds, peak RSS in MB, exit code, end of stderr)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "jinsha_cli", *args, "--format", "concise"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return time.perf_counter() - started, float("nan"), -1, f"killed after {timeout:.0f} s"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
    return seconds, peak, process.returncode, stderr.decode("utf-8", "replace")[-300:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", help=f"cases to run (default: all): {', '.join(CASES)}")
    parser.add_argument("--keep", type=Path, help="write the generated files into this folder and keep them")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds before a run is killed")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("JINSHA_CACHE_DIR", str(folder / "cache"))
        unknown = set(options.cases) - set(CASES)
        if unknown:
            parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
        for name in options.cases or CASES:
            args = CASES[name](folder)
            # Each case in its own process, so that the peak RSS is its own.
            command = [sys.executable, __file__, "--measure", str(options.timeout), *args]
            done = subprocess.run(command, capture_output=True, text=True, timeout=options.timeout + 60)
            print(f"{name:<14} {done.stdout.strip()}", flush=True)


def measure(timeout: float, args: list[str]) -> None:
    seconds, peak, code, stderr = run(args, timeout)
    tail = " ".join(stderr.split())[-120:]
    print(f"{seconds:7.2f} s  {peak:7.0f} MB  exit {code}  {tail}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure(float(sys.argv[2]), sys.argv[3:])
    else:
        main()
