"""`-o` writes only where asked: never over a device, a FIFO, or a file the run reads.

End to end through the real command. The signal cases slow the disk down (a
wrapper makes fsync sleep) so that the temporary file exists when the signal
comes; everything else is the program as installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

HANG = 60
# `jinsha` whose fsync takes a minute: the window in which a signal finds the temporary file.
SLOW_DISK = (
    "import os, sys, time\n"
    "real = os.fsync\n"
    "os.fsync = lambda fd: (time.sleep(60), real(fd))\n"
    "from jinsha_cli.cli import main\n"
    "sys.argv = ['jinsha', *sys.argv[1:]]\n"
    "main()\n"
)


def jinsha(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jinsha_cli", *args],
        capture_output=True,
        text=True,
        timeout=HANG,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )


def temporaries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.name.startswith(".jinsha-") and path.suffix == ".tmp")


def test_o_dev_null_is_written_to_not_replaced(mini: Path) -> None:
    before = os.stat("/dev/null")
    done = jinsha("check", str(mini), "-f", "concise", "-o", "/dev/null", "--output-file-format", "json")
    assert done.returncode == 1, done.stderr  # mini has failing rules; the write itself succeeded
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_o_a_private_character_device_is_written_to_not_replaced(mini: Path, tmp_path: Path) -> None:
    """The same as root can see it without touching the real /dev/null: a null device node of our own."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here ({error}); test_o_dev_null_is_written_to_not_replaced covers it")
    done = jinsha("check", str(mini), "-f", "concise", "-o", str(node), "--output-file-format", "json")
    assert done.returncode == 1, done.stderr
    assert stat.S_ISCHR(os.lstat(node).st_mode), "the device node was replaced by a file"


def test_o_dev_stdout_adds_the_report_to_standard_output(mini: Path) -> None:
    done = jinsha("check", str(mini), "-f", "concise", "-o", "/dev/stdout", "--output-file-format", "json")
    assert done.returncode == 1, done.stderr
    report = done.stdout[done.stdout.index("{\n") :]
    assert json.loads(report)["summary"]["failed"] >= 1
    assert os.path.islink("/dev/stdout")


def test_o_a_fifo_gets_the_report_written_into_it(mini: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = jinsha("check", str(mini), "-f", "concise", "-o", str(fifo), "--output-file-format", "json")
    reader.join(HANG)
    assert done.returncode == 1, done.stderr
    assert json.loads(received[0])["summary"]["failed"] >= 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_o_never_replaces_a_fact_file_or_document_being_read(mini: Path, tmp_path: Path) -> None:
    document = tmp_path / "article.txt"
    document.write_text("文字\n", encoding="utf-8")
    os.link(mini, tmp_path / "hard-link.yaml")
    (tmp_path / "soft-link.yaml").symlink_to(mini)
    before = {path: path.read_bytes() for path in (mini, document)}
    for target in (
        mini,
        tmp_path / "hard-link.yaml",
        tmp_path / "soft-link.yaml",
        document,
        Path(f"{tmp_path}/./mini.yaml"),
    ):
        done = jinsha(
            "check",
            str(mini),
            "--source",
            str(document),
            "-f",
            "concise",
            "-o",
            str(target),
            "--output-file-format",
            "json",
        )
        assert done.returncode == 2, (target, done.stderr)
        assert "which this run reads" in done.stderr or "a file this run reads" in done.stderr, done.stderr
        assert {path: path.read_bytes() for path in before} == before
    other = mini.parent / "second.yaml"
    shutil.copy(mini, other)
    done = jinsha("check", str(mini), str(other), "-f", "concise", "-o", str(other), "--output-file-format", "json")
    assert done.returncode == 2 and other.read_bytes() == mini.read_bytes()


def test_extract_never_replaces_its_own_document(tmp_path: Path) -> None:
    document = tmp_path / "article.txt"
    document.write_text("全县共有乡镇21个。\n", encoding="utf-8")
    before = document.read_bytes()
    done = jinsha("extract", str(document), "-o", str(document), "--force")
    assert done.returncode == 2 and "this run reads" in done.stderr, done.stderr
    assert document.read_bytes() == before


def test_a_valid_251_character_name_can_be_written(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / ("r" * 246 + ".json")
    assert len(target.name) == 251
    done = jinsha("check", str(mini), "-f", "concise", "-o", str(target))
    assert done.returncode == 1, done.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["failed"] >= 1
    assert temporaries(tmp_path) == []


def slow_write(mini: Path, target: Path) -> subprocess.Popen[str]:
    """`jinsha check -o target` stopped in fsync, once its temporary file exists."""
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_DISK, "check", str(mini), "-f", "concise", "-o", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        # As a terminal's Ctrl-C would find it: a run started in the background inherits SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + HANG
    while not temporaries(target.parent):
        assert process.poll() is None and time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.02)
    return process


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_during_a_write_removes_the_temporary_file(mini: Path, tmp_path: Path, signum: int) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    process = slow_write(mini, target)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=HANG)
    assert temporaries(target.parent) == [] and not target.exists()
    assert "Traceback" not in stderr, stderr
    if signum != signal.SIGINT:
        assert process.returncode == -signum  # and then it ends as the signal would have ended it


def test_a_kill_9_leftover_is_removed_by_the_next_write_of_the_same_target(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    process = slow_write(mini, target)
    process.kill()
    process.wait(HANG)
    [leftover] = temporaries(target.parent)
    marker = leftover.name.split(".")[1]
    alive = target.parent / f".{marker}.{os.getpid()}.feedbeef.tmp"  # a live run's write in progress: kept
    alive.write_bytes(b"")
    other = target.parent / ".jinsha-000000000000.1.cafe.tmp"  # another target's: not ours to remove
    other.write_bytes(b"")
    done = jinsha("check", str(mini), "-f", "concise", "-o", str(target))
    assert done.returncode == 1, done.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["failed"] >= 1
    assert not leftover.exists() and alive.exists() and other.exists()
