"""Opening the dashboard on a bad file: one clear line, exit status 2, and the file left as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from supportpm_tui.services.demo import generate
from supportpm_tui.storage.database import open_store
from tests.cli.conftest import Runner
from tests.cli.conftest import proc as proc  # a real process


def good_database(path: Path) -> None:
    store = open_store(path)
    generate(store)
    store.close()


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def text_file(path: Path) -> None:
    path.write_text("meeting notes\n" * 50)


def truncated(path: Path) -> None:
    good_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def newer_schema(path: Path) -> None:
    good_database(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()


def foreign_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()


BAD: dict[str, tuple[Callable[[Path], None], str]] = {
    "zero-byte file": (zero_bytes, "empty"),
    "text file": (text_file, "not a SQLite database"),
    "truncated database": (truncated, ""),
    "newer schema": (newer_schema, "newer SupportPM"),
    "another program's database": (foreign_database, "not a SupportPM one"),
}


def assert_one_clear_line(result: object) -> str:
    code, err = result.code, result.err  # type: ignore[attr-defined]
    assert code == 2, result
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("supportpm: error: ") and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("kind", list(BAD))
def test_the_dashboard_refuses_a_bad_file_and_leaves_it_alone(tmp_path: Path, proc: Runner, kind: str) -> None:
    make, words = BAD[kind]
    path = tmp_path / "team.db"
    make(path)
    before = path.read_bytes()
    line = assert_one_clear_line(proc("--db", path))
    assert words in line
    assert path.read_bytes() == before
    beside = {p.name: p.stat().st_size for p in tmp_path.iterdir() if p.name != "team.db"}
    # No backup, no copy; at most the empty shared-memory files SQLite keeps beside a WAL database it read.
    assert set(beside) <= {"team.db-wal", "team.db-shm"} and beside.get("team.db-wal", 0) == 0, beside


def test_the_dashboard_in_a_folder_that_does_not_exist(tmp_path: Path, proc: Runner) -> None:
    assert "does not exist" in assert_one_clear_line(proc("--db", tmp_path / "gone" / "team.db"))
    assert not (tmp_path / "gone").exists()


def test_the_dashboard_in_a_read_only_place(tmp_path: Path, proc: Runner) -> None:
    if os.geteuid() == 0:
        target = Path("/sys/supportpm-dashboard.db")  # read-only even for root
    else:  # pragma: no cover - depends on who runs the tests
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
        target = folder / "team.db"
    assert "cannot create" in assert_one_clear_line(proc("--db", target))


def test_the_dashboard_on_a_database_locked_past_the_timeout(tmp_path: Path, proc: Runner) -> None:
    path = tmp_path / "team.db"
    good_database(path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, time\n"
            f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode=EXCLUSIVE')\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = path.read_bytes()
        line = assert_one_clear_line(proc("--db", path, env={"SUPPORTPM_BUSY_TIMEOUT": "0.3"}))
        assert "busy" in line or "locked" in line
        assert path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
