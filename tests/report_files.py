"""Fact files and documents for the report tests: the bundled pair, one figure broken, and a hostile one."""

from __future__ import annotations

from pathlib import Path

from .conftest import ARTICLE, BUNDLED

# The tea target of the 43328 plan, edited in the document and, faithfully, in the fact file.
TEA_BEFORE, TEA_AFTER = "茶叶40万亩", "茶叶50万亩"
TEA_FACT = "industry.target.tea"

# Every text field that reaches the page holds markup that must stay text.
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>window.pwned = 1; alert(2)</script>"
HOSTILE_DOCUMENT = f"""标题{SCRIPT}

全县总人口72万人{SCRIPT}，其中城镇人口30万人、乡村人口42万人。

<img src=x onerror=alert(3)>另有5个街道。
"""
HOSTILE_FACTS = f"""\
source:
  title: "{IMG}"
  document: hostile.txt
facts:
  people.total:
    value: 72万
    unit: 人
    quote: "全县总人口72万人{SCRIPT}"
    en: "{IMG}"
    zh: "{SCRIPT}"
    tags: [a]
  people.town:
    value: 30万
    unit: 人
    quote: 城镇人口30万人
    note: "{IMG}"
  people.village:
    value: 42万
    unit: 人
    quote: 乡村人口42万人
rules:
  people.parts:
    check: people.total == people.town + people.village
    en: "{IMG}"
    zh: "{SCRIPT}"
    tags: [x]
  people.wrong:
    check: people.total == people.town
    en: the town is everyone
    known: "{IMG}"
"""


def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def bundled(folder: Path, *, broken: bool = False) -> tuple[Path, Path]:
    """A copy of the bundled fact file and its article in ``folder``; ``broken`` writes the tea target as 50万."""
    text, facts = article(), BUNDLED.read_text(encoding="utf-8")
    facts = facts.replace("document: ../shared/seeds/000_d6e33d8f1fdc3f8d.txt", "document: article.txt")
    if broken:
        assert text.count(TEA_BEFORE) == 1, "the article states the tea target once"
        text = text.replace(TEA_BEFORE, TEA_AFTER)
        facts = facts.replace(TEA_BEFORE, TEA_AFTER)
        tea = f"  {TEA_FACT}:\n    value: 40万\n"
        assert facts.count(tea) == 1
        facts = facts.replace(tea, f"  {TEA_FACT}:\n    value: 50万\n")
    (folder / "article.txt").write_text(text, encoding="utf-8")
    (folder / "facts.yaml").write_text(facts, encoding="utf-8")
    return folder / "facts.yaml", folder / "article.txt"


def hostile(folder: Path) -> tuple[Path, Path]:
    (folder / "hostile.txt").write_text(HOSTILE_DOCUMENT, encoding="utf-8")
    (folder / "hostile.yaml").write_text(HOSTILE_FACTS, encoding="utf-8")
    return folder / "hostile.yaml", folder / "hostile.txt"
