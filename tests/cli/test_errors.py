"""User errors: one line on stderr, exit status 2, no traceback, the database untouched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Result, Runner


def assert_user_error(result: Result, *words: str) -> None:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("supportpm: error: ")
    assert "Traceback" not in result.err
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def demo_file(demo_db: Path) -> tuple[Path, bytes]:
    return demo_db, demo_db.read_bytes()


CASES = [
    (["task", "add", "X", "--project", "MFA", "--due", "2026-02-30"], ["due", "not a real date"]),
    (["task", "add", "X", "--project", "MFA", "--due", "someday"], ["due", "not a date"]),
    (
        ["task", "add", "X", "--project", "MFA", "--assignee", "Nobody"],
        ["assignee", "no person named 'Nobody' (see 'supportpm person list')"],
    ),
    (["task", "add", "X", "--project", "NOPE"], ["no project with key 'NOPE' (see 'supportpm project list')"]),
    (["task", "add", "X", "--project", "MFA", "--estimate", "abc"], ["--estimate"]),
    (["task", "add", "X", "--project", "MFA", "--estimate", "-4"], ["estimate", "at least 0"]),
    (["task", "add", "   ", "--project", "MFA"], ["title", "must not be empty"]),
    (["task", "move", "1", "sideways"], ["column", "not one of"]),
    (["task", "move", "9999", "done"], ["no task with id 9999"]),
    (["person", "add", "Tom Becker"], ["already exists"]),
    (["risk", "add", "MFA", "R", "--likelihood", "9", "--impact", "1"], ["likelihood", "at most 5"]),
    (["milestone", "edit", "Enrolment wave 1", "--after", "Enrolment wave 2"], ["cycle"]),
    (
        ["leave", "add", "Tom Becker", "2026-12-04", "2026-12-01", "--kind", "pto"],
        ["end", "before the start"],
    ),
    (["leave", "add", "Tom Becker", "2026-12-01", "2026-12-04", "--kind", "on_call"], ["hours per day"]),
    (["tickets", "import", "no-such-file.csv"], ["does not exist"]),
    (["restore", "no-such-backup.db"], ["does not exist"]),
    (["capacity", "--weeks", "0"], ["weeks"]),
    (["no-such-command"], ["No such command"]),
]


@pytest.mark.parametrize(("args", "words"), CASES, ids=[" ".join(a[:2]) + f"-{i}" for i, (a, _) in enumerate(CASES)])
def test_bad_input_in_process(demo_file: tuple[Path, bytes], cli: Runner, args: list[str], words: list[str]) -> None:
    path, before = demo_file
    assert_user_error(cli("--db", path, *args), *words)
    assert path.read_bytes() == before


def test_bad_input_in_a_real_process(demo_file: tuple[Path, bytes], proc: Runner) -> None:
    path, before = demo_file
    assert_user_error(proc("--db", path, "task", "add", "X", "--project", "MFA", "--due", "2026-13-01"), "due")
    assert_user_error(proc("--db", path, "task", "add", "X", "--project", "MFA", "--assignee", "Zed"), "Zed")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", ["empty file"]),
        (b"just some notes\n" * 20, ["not a SQLite database"]),
    ],
)
def test_files_that_are_not_databases(tmp_path: Path, proc: Runner, content: bytes, words: list[str]) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    assert_user_error(proc("--db", path, "task", "list"), *words)
    assert path.read_bytes() == content


def test_a_foreign_sqlite_database(tmp_path: Path, proc: Runner) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert_user_error(proc("--db", path, "person", "list"), "not a SupportPM one")
    assert path.read_bytes() == before


def test_a_corrupt_database(demo_file: tuple[Path, bytes], proc: Runner) -> None:
    path, before = demo_file
    damaged = before[:100] + b"\x00\xff" * 2000 + before[4100:]
    path.write_bytes(damaged)
    result = proc("--db", path, "task", "list")
    assert_user_error(result)
    assert "damaged" in result.err or "database" in result.err
    assert path.read_bytes() == damaged


def test_a_truncated_database(demo_file: tuple[Path, bytes], proc: Runner) -> None:
    path, before = demo_file
    path.write_bytes(before[: len(before) // 3])
    assert_user_error(proc("--db", path, "milestone", "list"))


def test_a_missing_folder(tmp_path: Path, proc: Runner) -> None:
    assert_user_error(proc("--db", tmp_path / "nope" / "x.db", "person", "list"), "does not exist")
    assert not (tmp_path / "nope").exists()


def test_a_read_only_location(tmp_path: Path, proc: Runner) -> None:
    if os.geteuid() == 0:
        target = Path("/sys/supportpm-test.db")  # read-only even for root
    else:  # pragma: no cover - depends on who runs the tests
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
        target = folder / "x.db"
    assert_user_error(proc("--db", target, "person", "add", "Ana"), "cannot create")


def test_a_database_locked_by_another_program(demo_file: tuple[Path, bytes], proc: Runner) -> None:
    path, _ = demo_file
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = proc("--db", path, "person", "add", "Late Comer", env={"SUPPORTPM_BUSY_TIMEOUT": "0.3"})
        assert_user_error(result, "busy")
    finally:
        holder.kill()
        holder.wait()
    assert "Late Comer" not in proc("--db", path, "person", "list").out
