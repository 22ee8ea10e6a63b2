"""`--lang zh`: the whole report in Chinese, not only the descriptions (issue 14).

What may stay in Latin letters: ids, units, file names, and the fact file's own
text (a ``known`` reason written in English is the curator's words, not ours).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jinsha_cli import load
from jinsha_cli.cli import app

from .conftest import FIXTURES, write

runner = CliRunner()

FAILING = textwrap.dedent(
    """\
    source:
      document: article.txt
    facts:
      townships: {value: 21, unit: 个, quote: 辖21个乡镇, zh: 乡镇数}
      streets: {value: 5, unit: 个, quote: 辖6个街道, zh: 街道数}
      people: {value: 616, unit: 人, quote: 就业616人, zh: 就业人数}
      rate: {value: 92.7%, quote: 就业率92.7%, zh: 就业率}
      share: {value: 1.8%, quote: 占1.8%, zh: 比重}
      share_after: {value: 2.3%, quote: 占2.3%, zh: 比重}
      code: {value: 43328, unit: 亩, quote: “43328”产业, zh: 产业代码}
      tea: {value: 50万, unit: 亩, quote: 茶叶50万亩, zh: 茶叶}
      crops: {items: [茶叶, 高粱], quote: 茶叶、高粱, zh: 作物}
      more_crops: {items: [茶叶, 水稻, 水稻], quote: 茶叶、水稻、水稻, zh: 作物}
      labour: {value: null, unit: 人, quote: 劳动力, zh: 劳动力}
      urban: {value: 1100.2万, unit: 人, quote: 新增1100.2万人, zh: 城镇新增就业}
    rules:
      fewer:
        check: streets > townships
        zh: 街道多于乡镇
      grim:
        check: whole(people / rate)
        zh: 就业人数与就业率须对应整数劳动力
      rates:
        check: share_after - share == 0.7%
        zh: 比重提高0.7个百分点
      plausible:
        check: between(people / urban, 0.01, 0.02)
        zh: 比例合理
      spelled:
        check: digits(code, tea, tea, tea, tea, tea)
        zh: 代码拼出各项
      counted:
        check: count(crops) == 3
        zh: 三种作物
      same:
        check: same_set(crops, more_crops)
        zh: 作物相同
      within:
        check: subset(more_crops, crops)
        zh: 作物包含
      distinct:
        check: distinct(more_crops)
        zh: 作物不重复
      skipped:
        check: labour >= people
        zh: 劳动力不少于就业人数
      acknowledged:
        check: streets == townships
        zh: 已确认的差异
        known: 原文如此
      stale:
        check: streets < townships
        zh: 已过时的差异
        known: 原文如此
      proposed:
        check: townships > streets or people > urban
        zh: 草稿规则
        draft: true
    """
)
ARTICLE = (
    "辖21个乡镇、5个街道。就业616人，就业率92.7%。占1.8%，占2.3%。劳动力。"
    "“43328”产业，茶叶50万亩。茶叶、高粱。茶叶、水稻、水稻。新增1100.2万人。"
)


def english_words(out: str, book_paths: list[Path], extra_text: tuple[str, ...] = ()) -> set[str]:
    """Latin words of the output that are not ids, units, file names or the fact file's own text."""
    allowed: set[str] = {"quote", "source"}  # the ids of the provenance checks: quote:ID, source:ID
    for path in book_paths:
        book = load(path)
        names = [*book.facts, *book.rules, *(fact.unit for fact in book.facts.values()), str(path)]
        names += [str(book.source.get("document", ""))] + [str(part) for part in path.resolve().parts]
        for name in names:
            allowed.update(re.findall(r"[A-Za-z]+", name))
        for item in [*book.rules.values(), *book.facts.values()]:
            allowed.update(re.findall(r"[A-Za-z]+", item.zh))  # the file's own Chinese text (4G)
        for rule in book.rules.values():
            out = out.replace(rule.known or "\0", "")
    for text in extra_text:
        out = out.replace(text, "")
    return {word for word in re.findall(r"[A-Za-z]+", out) if word not in allowed}


def github_text(out: str) -> str:
    """The text of GitHub workflow commands, without their syntax and escapes."""
    out = re.sub(r"::[a-z]+(?: [^:]*)?::", "", out)
    return out.replace("%0A", "\n").replace("%0D", "").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def run(*args: str, cwd: Path | None = None) -> str:
    result = runner.invoke(app, ["check", *args, "--lang", "zh"], env={"COLUMNS": "3000"})
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("name", ["concise", "table", "github"])
def test_no_english_is_left_in_a_zh_run_of_the_employment_file(tmp_path: Path, name: str) -> None:
    for fixture in ("employment.facts.yaml", "employment.txt"):
        shutil.copy(FIXTURES / fixture, tmp_path / fixture)
    path = tmp_path / "employment.facts.yaml"
    out = run(str(path), "--format", name, "--verbose")
    out = github_text(out) if name == "github" else out
    assert not english_words(out, [path], extra_text=("jinsha",)), sorted(english_words(out, [path]))
    assert "条规则：通过" in out and "条见于" in out


@pytest.mark.parametrize("name", ["concise", "table", "github"])
def test_no_english_is_left_in_a_zh_run_of_the_bundled_file(bundled_copy: Path, name: str) -> None:
    out = run(str(bundled_copy), "--format", name, "--verbose")
    out = github_text(out) if name == "github" else out
    words = english_words(out, [bundled_copy], extra_text=("jinsha",) if name == "github" else ())
    assert not words, sorted(words)
    assert "132条规则：通过128" in out


@pytest.mark.parametrize("name", ["concise", "table", "github", "junit", "sarif"])
def test_no_english_is_left_in_a_zh_run_of_a_file_with_failures(tmp_path: Path, name: str) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = write(tmp_path, FAILING)
    out = run(str(path), "--format", name, "--verbose")
    # The machine formats' own keys and values (testcase, failure, ruleId...) are not messages.
    if name == "junit":
        out = html.unescape(" ".join(re.findall(r'message="([^"]*)"', out) + re.findall(r">([^<]+)<", out)))
    if name == "github":
        out = github_text(out)
    if name == "sarif":  # what dashboards show of each finding
        out = " ".join(result["message"]["text"] for result in json.loads(out)["runs"][0]["results"])
    words = english_words(out, [path], extra_text=("jinsha",))
    assert not words, sorted(words)
    if name == "concise":
        for phrase in (
            "相差",
            "没有整数",
            "之外",
            "首位",
            "列举2项",
            "仅见于",
            "不在",
            "重复列举",
        ):
            assert phrase in out, phrase
        assert "不见于" in out and "没有写明" in out and "跳过：labour没有数值" in out and "已过时" in out
        assert "个百分点" in out and "草稿" in out


BROKEN = textwrap.dedent(
    """\
    source:
      title: 测试
    facts:
      a:
        value: 12x
        unit: 人
        quote: 共有12人
        colour: red
      b:
        value: 5
      c:
        value: 3
        unit: 人
        quote: 3人
        tags: 7
        section: nowhere
    rules:
      r1:
        check: a + d > 1
      r2:
        check: "a +"
      r3:
        check: c > 1
        severity: fatal
      r4:
        check: "max(c, c"
    """
)


@pytest.mark.parametrize("name", ["concise", "table", "github", "junit", "sarif"])
def test_the_fact_files_problems_are_in_chinese_too(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, BROKEN)
    result = runner.invoke(app, ["check", str(path), "--format", name, "--lang", "zh"], env={"COLUMNS": "3000"})
    assert result.exit_code == 2, result.output
    out = github_text(result.stdout) if name == "github" else result.stdout
    if name == "junit":  # the text of each problem's <error>: file:line:column: message [key path]
        out = "\n".join(html.unescape(text) for text in re.findall(r'<error type="problem"[^>]*>([^<]+)<', out))
    if name == "sarif":
        out = "\n".join(": " + note["message"]["text"] for note in _sarif_notifications(out))
    problems = [line for line in out.splitlines() if re.search(r"\[(?:facts|rules)\.", line)]
    assert len(problems) >= 9, out
    # The format's own words stay as one writes them: its keys and the values it takes (severity: error).
    from importlib import resources

    from jinsha_cli.rules.functions import FUNCTIONS

    schema = resources.files("jinsha_cli.factfile").joinpath("facts.schema.json").read_text(encoding="utf-8")
    format_words = (
        set(re.findall(r'"([a-z]+)"', schema)) | {"true", "false"} | set(re.findall("[a-z]+", " ".join(FUNCTIONS)))
    )
    for line in problems:
        said = re.sub(r"\[[\w.]+\]|'[^']*'", "", line.split(": ", 1)[-1])
        assert set(re.findall(r"[A-Za-z]{2,}", said)) <= format_words, line
    for phrase in (
        "无法把'12x'读作数字",
        "未知的键'colour'",
        "缺少必需的键'quote'",
        "数值须有单位",
        "引用了未知的事实'd'",
    ):
        assert phrase in out, phrase
    assert "应为列表，却是整数" in out and "须为其中之一" in out and "未知的章节'nowhere'" in out


def _sarif_notifications(out: str) -> list[dict]:
    invocations = json.loads(out)["runs"][0]["invocations"]
    return [note for invocation in invocations for note in invocation.get("toolExecutionNotifications", [])]
