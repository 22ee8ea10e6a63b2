"""A fact file from a stranger's pull request: what it may read, and how jinsha fails.

Every case runs the real command (CliRunner, or a subprocess where a hang or
memory is the risk) on real files, folders, symbolic links and FIFOs in a
temporary folder. A secret planted outside the project must never reach the
output, whatever the fact file names.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jinsha_cli.cli import app
from jinsha_cli.factfile import boundary

runner = CliRunner()
SECRET = "秘密令牌ghp_0123456789abcdefSECRET"
# A quote close to the secret: on a boundary-less checker the "closest passage" would print it.
QUOTE = "秘密令牌ghp_0123456789abcdef"
HANG = 60  # seconds: far beyond a run, far below a hang


def fact_text(document: str, quote: str = QUOTE) -> str:
    return (
        "source:\n"
        "  title: t\n"
        f"  document: {json.dumps(document)}\n"
        "facts:\n"
        "  a:\n"
        "    value: 1\n"
        "    unit: 个\n"
        f"    quote: {json.dumps(quote + '1个')}\n"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git work tree in a folder that also holds a secret outside it."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    return root


def run(*args: str, limit_memory: bool = False, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, with a deadline (and at most 1 GB of memory if asked)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "jinsha_cli", *args],
        capture_output=True,
        text=True,
        timeout=HANG,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
        preexec_fn=cap if limit_memory else None,
    )


def check_json(facts: Path, *extra: str) -> tuple[int, dict, str]:
    result = runner.invoke(app, ["check", str(facts), "--format", "json", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout), result.output


def assert_refused_at_key(facts: Path, message: str) -> dict:
    code, data, output = check_json(facts)
    assert code == 2, output
    assert SECRET not in output and "ghp_" not in output.replace(QUOTE, "")
    [problem] = data["problems"]
    assert (problem["file"], problem["line"], problem["column"], problem["path"]) == (
        str(facts),
        3,
        3,
        "source.document",
    )
    assert message in problem["message"], problem["message"]
    assert data["summary"]["source_quotes_checked"] == 0
    return problem


# Documents named by a fact file --------------------------------------------------------------


@pytest.mark.parametrize(
    ("named", "message"),
    [
        ("../secret.txt", "is outside the project"),
        ("sub/../../secret.txt", "is outside the project"),
        ("ABSOLUTE", "is an absolute path"),
        (".git/config", "inside a .git folder"),
        ("sub/../.git/config", "inside a .git folder"),
        (".GIT/config", "inside a .git folder"),
    ],
)
def test_a_named_document_outside_the_project_or_in_git_is_refused_unread(
    project: Path, named: str, message: str
) -> None:
    named = str(project.parent / "secret.txt") if named == "ABSOLUTE" else named
    facts = project / "facts.yaml"
    facts.write_text(fact_text(named), encoding="utf-8")
    assert_refused_at_key(facts, message)


def test_absolute_system_paths_are_refused(project: Path) -> None:
    for named in ("/etc/passwd", "/proc/self/environ", "/dev/zero"):
        facts = project / "facts.yaml"
        facts.write_text(fact_text(named, "root:x:0:0"), encoding="utf-8")
        code, _, output = check_json(facts)
        assert code == 2 and "root:x" not in output.replace("root:x:0:0", "") and "is an absolute path" in output


@pytest.mark.parametrize("target", ["../secret.txt", ".git/config", "/dev/zero", "/etc/passwd"])
def test_a_document_that_is_a_symbolic_link_out_of_bounds_is_refused(project: Path, target: str) -> None:
    (project / "docs").mkdir()
    os.symlink(target if target.startswith("/") else f"../{target}", project / "docs" / "article.txt")
    facts = project / "facts.yaml"
    facts.write_text(fact_text("docs/article.txt"), encoding="utf-8")
    expected = "leads into a .git folder" if ".git" in target else "leads by a symbolic link to"
    assert_refused_at_key(facts, expected)


def test_a_folder_symlinked_out_of_the_project_is_refused(project: Path) -> None:
    os.symlink(project.parent, project / "up")
    facts = project / "facts.yaml"
    facts.write_text(fact_text("up/secret.txt"), encoding="utf-8")
    assert_refused_at_key(facts, "leads by a symbolic link to")


def test_a_document_inside_the_project_is_read_also_through_a_link(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "article.txt").write_text(f"前文{QUOTE}1个。\n", encoding="utf-8")
    os.symlink("docs/article.txt", project / "link.txt")
    (project / "facts").mkdir()
    for facts, named in ((project / "facts.yaml", "link.txt"), (project / "facts" / "f.yaml", "../docs/article.txt")):
        facts.write_text(fact_text(named), encoding="utf-8")
        code, data, output = check_json(facts)
        assert code == 0 and data["summary"]["source_quotes_checked"] == 1, output


@pytest.mark.parametrize("kind", ["fifo", "large", "devzero-link"])
def test_a_named_document_must_be_a_regular_file_within_the_limit(project: Path, kind: str) -> None:
    document = project / "article.txt"
    if kind == "fifo":
        os.mkfifo(document)  # no writer: an ordinary open would wait for ever
    elif kind == "large":
        with document.open("wb") as stream:  # sparse: 21 MB that take no disk
            stream.truncate(boundary.MAX_DOCUMENT_BYTES + 1024 * 1024)
    else:
        (project / "dev").mkdir()
        os.symlink("/dev/zero", project / "dev" / "zero")
        document.symlink_to(project / "dev" / "zero")
    facts = project / "facts.yaml"
    facts.write_text(fact_text("article.txt"), encoding="utf-8")
    done = run("check", str(facts), "--format", "json", limit_memory=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    [problem] = json.loads(done.stdout)["problems"]
    assert (problem["line"], problem["column"], problem["path"]) == (3, 3, "source.document")
    expected = {"fifo": "a FIFO", "large": "larger than 20 MB", "devzero-link": "leads by a symbolic link"}[kind]
    assert expected in problem["message"], problem["message"]


def test_a_missing_named_document_is_still_ignored(project: Path) -> None:
    facts = project / "facts.yaml"
    facts.write_text(fact_text("not-written-yet.txt"), encoding="utf-8")
    code, data, _ = check_json(facts)
    assert code == 0 and data["problems"] == [] and data["summary"]["source_quotes_checked"] == 0


def test_a_document_whose_stat_fails_is_a_located_problem_with_valid_json(project: Path) -> None:
    facts = project / "facts.yaml"
    facts.write_text(fact_text("d" * 300 + ".txt"), encoding="utf-8")  # ENAMETOOLONG, not "not found"
    done = run("check", str(facts), "--format", "json")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    [problem] = json.loads(done.stdout)["problems"]
    assert (problem["line"], problem["column"], problem["path"]) == (3, 3, "source.document")
    assert "File name too long" in problem["message"]


# Where the project ends ------------------------------------------------------------------------


def test_the_project_is_the_config_folder_else_the_git_work_tree_else_the_fact_files_folder(tmp_path: Path) -> None:
    top = tmp_path / "top"
    facts_folder = top / "repo" / "data" / "facts"
    facts_folder.mkdir(parents=True)
    assert boundary.find_project(facts_folder).root == str(facts_folder)  # neither: the fact file's folder
    (top / "repo" / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")  # a linked work tree's .git file
    assert (boundary.find_project(facts_folder).root, boundary.find_project(facts_folder).kind) == (
        str(top / "repo"),
        "git",
    )
    (top / "repo" / "data" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert boundary.find_project(facts_folder).kind == "git"  # a pyproject.toml without [tool.jinsha] is not one
    (top / "repo" / "data" / "pyproject.toml").write_text("[tool.jinsha]\n", encoding="utf-8")
    assert boundary.find_project(facts_folder).root == str(top / "repo" / "data")
    (facts_folder / "jinsha.toml").write_text("", encoding="utf-8")
    assert (boundary.find_project(facts_folder).root, boundary.find_project(facts_folder).kind) == (
        str(facts_folder),
        "config",
    )


def test_a_config_folder_is_the_project_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "facts").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(f"{QUOTE}1个\n", encoding="utf-8")
    facts = tmp_path / "facts" / "f.yaml"
    facts.write_text(fact_text("../docs/a.txt"), encoding="utf-8")
    code, data, _ = check_json(facts)
    assert code == 2 and "the fact file's folder" in data["problems"][0]["message"]
    (tmp_path / "jinsha.toml").write_text("# the project\n", encoding="utf-8")
    code, data, output = check_json(facts)
    assert code == 0 and data["summary"]["source_quotes_checked"] == 1, output


@pytest.mark.parametrize("config", ["jinsha.toml", "pyproject.toml"])
def test_allow_documents_outside_widens_the_project_and_nothing_else(tmp_path: Path, config: str) -> None:
    project, shared = tmp_path / "project", tmp_path / "shared"
    project.mkdir()
    shared.mkdir()
    (shared / "a.txt").write_text(f"{QUOTE}1个\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    os.symlink("../secret.txt", shared / "link.txt")
    (shared / ".git").mkdir()
    (shared / ".git" / "config").write_text(SECRET, encoding="utf-8")
    setting = 'allow-documents-outside = ["../shared"]\n'
    (project / config).write_text(setting if config == "jinsha.toml" else f"[tool.jinsha]\n{setting}", encoding="utf-8")
    facts = project / "facts.yaml"
    for named in ("../shared/a.txt", str(shared / "a.txt")):
        facts.write_text(fact_text(named), encoding="utf-8")
        code, data, output = check_json(facts)
        assert code == 0 and data["summary"]["source_quotes_checked"] == 1, output
    for named, message in (
        ("../shared/link.txt", "leads by a symbolic link"),
        ("../shared/.git/config", "inside a .git folder"),
        ("../secret.txt", "is outside the project"),
    ):
        facts.write_text(fact_text(named), encoding="utf-8")
        assert_refused_at_key(facts, message)


def test_the_environment_decides_the_widening_when_the_repository_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, shared, other = tmp_path / "project", tmp_path / "shared", tmp_path / "other"
    for folder in (project, shared, other):
        folder.mkdir()
    (shared / "a.txt").write_text(f"{QUOTE}1个\n", encoding="utf-8")
    (other / "a.txt").write_text(f"{QUOTE}1个\n", encoding="utf-8")
    # A pull request widened the project to every folder above it...
    (project / "jinsha.toml").write_text('allow-documents-outside = ["..", "/"]\n', encoding="utf-8")
    facts = project / "facts.yaml"
    facts.write_text(fact_text("../shared/a.txt"), encoding="utf-8")
    assert check_json(facts)[0] == 0
    # ...and the workflow, which the pull request does not control, says what may be read.
    monkeypatch.setenv("JINSHA_ALLOW_DOCUMENTS_OUTSIDE", "")
    message = assert_refused_at_key(facts, "is outside the project")["message"]
    assert "JINSHA_ALLOW_DOCUMENTS_OUTSIDE, which is set and overrides the configuration" in message
    monkeypatch.setenv("JINSHA_ALLOW_DOCUMENTS_OUTSIDE", os.pathsep.join([str(shared), ""]))
    code, data, output = check_json(facts)
    assert code == 0 and data["summary"]["source_quotes_checked"] == 1, output
    facts.write_text(fact_text("../other/a.txt"), encoding="utf-8")
    assert_refused_at_key(facts, "is outside the project")
    # The configuration's own fact files and document obey the same override.
    (project / "jinsha.toml").write_text('allow-documents-outside = ["../other"]\nsource = "../other/a.txt"\n')
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["check", str(facts), "--format", "json"])
    assert result.exit_code == 2 and "jinsha.toml:2:1: refused: the document" in result.output, result.output
    assert "other/a.txt' is outside the project" in result.output and result.output.rstrip().endswith("[source]")


def test_a_broken_widening_is_a_located_problem(tmp_path: Path) -> None:
    (tmp_path / "jinsha.toml").write_text("allow-documents-outside = 3\n", encoding="utf-8")
    facts = tmp_path / "sub" / "facts.yaml"
    facts.parent.mkdir()
    facts.write_text(fact_text("../../elsewhere.txt"), encoding="utf-8")
    assert_refused_at_key(facts, "allow-documents-outside takes text or a list of text, not 3")


def test_the_fact_file_shipped_inside_jinsha_is_trusted() -> None:
    package = Path(boundary.__file__).resolve().parent.parent
    assert boundary.trusted(package / "data" / "facts.yaml")
    assert boundary.document_path(package / "data" / "facts.yaml", "../x.txt") == str(package / "x.txt")
    assert not boundary.trusted(package.parent / "facts.yaml")


# The command line's own choices -----------------------------------------------------------------


def test_source_on_the_command_line_may_name_any_regular_file(project: Path) -> None:
    elsewhere = project.parent / "elsewhere" / "article.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_text(f"{QUOTE}1个\n", encoding="utf-8")
    facts = project / "facts.yaml"
    facts.write_text(fact_text("../secret.txt"), encoding="utf-8")  # --source wins: the named one is not read
    code, data, output = check_json(facts, "--source", str(elsewhere))
    assert code == 0 and data["summary"]["source_quotes_checked"] == 1, output


@pytest.mark.parametrize("special", ["fifo", "/dev/urandom", "/dev/zero", "large"])
def test_source_and_extract_and_coverage_refuse_special_files_at_once(project: Path, special: str) -> None:
    path = special
    if special == "fifo":
        path = str(project / "pipe.txt")
        os.mkfifo(path)
    elif special == "large":
        path = str(project / "large.txt")
        with open(path, "wb") as stream:
            stream.truncate(boundary.MAX_DOCUMENT_BYTES + 1)
    facts = project / "facts.yaml"
    facts.write_text(fact_text("missing.txt"), encoding="utf-8")
    expected = {"fifo": "a FIFO", "large": "larger than 20 MB"}.get(special, "a character device")
    for command in (
        ["check", str(facts), "--source", path, "--format", "concise"],
        ["extract", path],
        ["coverage", path, "--facts", str(facts)],
    ):
        done = run(*command, limit_memory=True)
        assert done.returncode == 2, (command, done.stdout[-500:], done.stderr[-1500:])
        assert "Traceback" not in done.stderr and expected in done.stdout + done.stderr, (command, done.stderr)


# The fact file itself ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["outside", "git-config", "/dev/zero", "/etc/passwd"])
def test_a_fact_file_that_is_a_symbolic_link_out_of_the_project_is_refused(project: Path, target: str) -> None:
    outside = project.parent / "outside.yaml"
    outside.write_text(fact_text("x.txt", SECRET), encoding="utf-8")
    link = project / "facts.yaml"
    link.symlink_to({"outside": str(outside), "git-config": ".git/config"}.get(target, target))
    done = run("check", str(link), "--format", "json", limit_memory=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert SECRET not in done.stdout + done.stderr and "root:" not in done.stdout
    [problem] = json.loads(done.stdout)["problems"]
    assert (problem["file"], problem["line"], problem["column"]) == (str(link), 1, 1)
    assert problem["message"].startswith("refused: the fact file"), problem["message"]


def test_a_fact_file_under_a_folder_linked_out_of_the_project_is_refused(project: Path) -> None:
    (project.parent / "elsewhere").mkdir()
    (project.parent / "elsewhere" / "facts.yaml").write_text(fact_text("x.txt", SECRET), encoding="utf-8")
    os.symlink("../elsewhere", project / "data")
    code, data, output = check_json(project / "data" / "facts.yaml")
    assert code == 2 and SECRET not in output and "leads by a symbolic link" in data["problems"][0]["message"]


def test_a_fact_file_linked_inside_its_project_is_read(project: Path) -> None:
    (project / "real").mkdir()
    (project / "real" / "facts.yaml").write_text(fact_text("x.txt", "文字"), encoding="utf-8")
    (project / "facts.yaml").symlink_to("real/facts.yaml")
    code, data, output = check_json(project / "facts.yaml")
    assert code == 0 and data["problems"] == [], output


def test_a_fact_file_that_is_a_fifo_does_not_hang(project: Path) -> None:
    os.mkfifo(project / "facts.yaml")
    done = run("check", str(project / "facts.yaml"), "--format", "concise")
    assert done.returncode == 2 and "a FIFO (named pipe), not a regular file" in done.stdout, done.stdout


# Reading the fact file: located problems -----------------------------------------------------------


def test_a_control_character_is_located_at_its_line_and_column(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_bytes("facts:\n  中文:\n    value: 1\n    unit: '个\x01'\n".encode())
    result = runner.invoke(app, ["check", str(facts), "--format", "concise"])
    assert result.exit_code == 2
    assert f"{facts}:4:13: problem invalid YAML: the control character U+0001 is not allowed" in result.stdout
    assert "position" not in result.stdout and "\x01" not in result.stdout


def test_a_control_character_is_located_by_the_pure_python_parser_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from jinsha_cli.factfile import loader

    monkeypatch.setattr(loader, "_YamlLoader", yaml.SafeLoader)
    facts = tmp_path / "facts.yaml"
    facts.write_bytes("# 注释\nfacts:\n  a: {value: 1, unit: '个\x1b[2J'}\n".encode())
    [problem] = loader.load(facts).problems
    assert (problem.line, problem.column) == (3, 25) and "U+001B" in problem.message


def test_a_section_that_names_no_section_is_refused_without_sections(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("facts:\n  a:\n    value: 1\n    unit: 个\n    quote: 1个\n    section: s9\n", encoding="utf-8")
    code, data, output = check_json(facts)
    assert code == 2, output
    [problem] = data["problems"]
    assert (problem["line"], problem["column"], problem["path"]) == (6, 14, "facts.a.section")
    assert "unknown section 's9'" in problem["message"] and "no sections" in problem["message"]


@pytest.mark.parametrize(
    ("setting", "key"),
    [('source = "../secret.txt"', "source"), ('facts = ["/etc/passwd"]', "facts"), ('facts = ["../x.yaml"]', "facts")],
)
def test_the_project_configuration_names_only_files_inside_the_project(project: Path, setting: str, key: str) -> None:
    (project / "facts.yaml").write_text(fact_text("missing.txt"), encoding="utf-8")
    (project.parent / "x.yaml").write_text(fact_text("missing.txt", SECRET), encoding="utf-8")
    (project / "jinsha.toml").write_text(f"{setting}\n", encoding="utf-8")
    done = run("check", "--format", "concise", cwd=project)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "jinsha.toml:1:1: refused: " in done.stderr and f"[{key}]" in done.stderr, done.stderr
    assert SECRET not in done.stdout + done.stderr and "root:" not in done.stdout + done.stderr
    (project / "jinsha.toml").write_text('facts = ["facts.yaml"]\nsource = "facts.yaml"\n', encoding="utf-8")
    assert run("check", "--format", "concise", cwd=project).returncode == 1  # inside: read (no quote in it)


# Honest exits ---------------------------------------------------------------------------------------


def test_a_selector_that_matches_no_rule_fails(mini: Path) -> None:
    for selectors in (["no.such.rule"], ["tag:no-such-tag"], ["west", "no.such.*"]):
        arguments = [part for selector in selectors for part in ("--select", selector)]
        result = runner.invoke(app, ["check", str(mini), "--format", "concise", *arguments])
        assert result.exit_code == 2, result.output
        unmatched = selectors[-1]
        assert f"--select {unmatched!r} matches no rule" in result.stderr
    assert runner.invoke(app, ["check", str(mini), "--select", "west", "--format", "concise"]).exit_code in (0, 1)
    # --ignore of a rule that is not there only makes the check stricter: allowed
    assert runner.invoke(app, ["check", str(mini), "--ignore", "nope", "--format", "concise"]).exit_code == 1


@pytest.mark.parametrize("output_format", ["concise", "table", "github", "json"])
def test_a_closed_stdout_pipe_exits_quietly_with_the_runs_status(mini: Path, output_format: str) -> None:
    clean = mini.parent / "clean.yaml"
    clean.write_text(fact_text("missing.txt", "文字"), encoding="utf-8")
    for facts, status in ((clean, 0), (mini, 1)):
        reader, writer = os.pipe()
        os.close(reader)  # the reader is gone before the first line: `jinsha check | head -0`
        try:
            done = subprocess.run(
                [sys.executable, "-m", "jinsha_cli", "check", str(facts), "-f", output_format, "-v"],
                stdout=writer,
                stderr=subprocess.PIPE,
                text=True,
                timeout=HANG,
            )
        finally:
            os.close(writer)
        assert done.returncode == status, (facts.name, done.returncode, done.stderr[-1000:])
        assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr
