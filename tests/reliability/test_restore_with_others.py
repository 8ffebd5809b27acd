"""Restore and the daily backup are safe with others open: no write lost, no command stopped, nothing left behind."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from supportpm_tui.core import clock
from supportpm_tui.services import backups, tasks
from supportpm_tui.storage import database
from supportpm_tui.storage.database import APPLICATION_ID, Store, alembic_config, file_mode, open_store
from tests.cli.conftest import ROOT, Runner
from tests.cli.conftest import cli as cli  # the in-process command line
from tests.cli.conftest import demo_db as demo_db
from tests.cli.conftest import proc as proc  # the command line as a real process
from tests.conftest import TODAY

HOLDER = """
import sys
from supportpm_tui.storage.database import open_store
from supportpm_tui.services import tasks
store = open_store(sys.argv[1])
tasks.add_task(store, "before the restore", "MFA")
before = store.change_token()
print("open", flush=True)
sys.stdin.readline()  # the restore happens now, elsewhere
print("saw it" if store.change_token() != before else "saw nothing", flush=True)
added = tasks.add_task(store, "after the restore", "MFA")
with store.read() as session:
    shown = session.connection().exec_driver_sql("SELECT title FROM task").scalars().all()
print("titles", "|".join(shown), flush=True)
print("added", added.id, flush=True)
"""


def env() -> dict[str, str]:
    return {
        **os.environ,
        "SUPPORTPM_TODAY": TODAY.isoformat(),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def titles_in(store: Store) -> list[str]:
    with store.read() as session:
        return list(session.connection().exec_driver_sql("SELECT title FROM task").scalars().all())


def titles(db: Path) -> list[str]:
    store = open_store(db)
    try:
        return titles_in(store)
    finally:
        store.close()


def test_restore_while_another_process_has_the_database_open_loses_none_of_its_writes(
    demo_db: Path, proc: Runner
) -> None:
    snap = demo_db.parent / "snap.db"
    assert proc("--db", demo_db, "backup", snap).code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(demo_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env(),
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "open"
        restored = proc("--db", demo_db, "restore", snap)
        assert restored.code == 0, restored.err
        holder.stdin.write("go\n")
        holder.stdin.flush()
        out = holder.stdout.read().splitlines()
        assert holder.wait(timeout=60) == 0
    finally:
        holder.kill()
    assert out[0] == "saw it"  # its live watch saw the restore as a commit
    seen = out[1].removeprefix("titles ").split("|")
    assert "before the restore" not in seen and "after the restore" in seen  # it reads the restored data
    now = titles(demo_db)
    assert "after the restore" in now and "before the restore" not in now  # its save is in the database
    kept = next(demo_db.parent.glob("demo-replaced-*.db"))
    assert "before the restore" in titles(kept) and file_mode(kept) == 0o600
    assert [p.name for p in demo_db.parent.glob(".demo.db.restore-*")] == []


def test_a_store_open_during_a_restore_reads_and_writes_the_restored_database(demo_db: Path, cli: Runner) -> None:
    first = open_store(demo_db)
    snap = backups.backup(first, demo_db.parent / "snap.db")
    first.close()
    dashboard = open_store(demo_db)
    other = open_store(demo_db)
    try:
        tasks.add_task(dashboard, "lost with the restore", "MFA")
        token = other.change_token()
        done = backups.restore(demo_db, snap)
        assert done.kept is not None and done.damaged is None
        assert other.change_token() != token
        assert "lost with the restore" not in titles_in(dashboard)
        saved = tasks.add_task(dashboard, "saved after the restore", "MFA")
        token = other.change_token()
        tasks.add_task(other, "from elsewhere", "MFA")
        assert dashboard.change_token() != token
        assert "from elsewhere" in titles_in(dashboard)
    finally:
        dashboard.close()
        other.close()
    fresh = titles(demo_db)
    assert "saved after the restore" in fresh and "from elsewhere" in fresh
    assert saved.title in fresh
    assert cli("--db", demo_db, "check").code == 0


def test_opening_the_database_again_in_a_process_keeps_the_writes_of_its_open_connections(
    demo_db: Path, proc: Runner
) -> None:
    """A second open (or a check) in a process that holds the database open drops none of its locks.

    Were they dropped, another process closing last would fold the WAL away and delete it under the
    open connections, and their later commits would go to a file no one else sees.
    """
    store = open_store(demo_db)
    try:
        tasks.add_task(store, "while open", "MFA")
        open_store(demo_db).close()  # the dashboard's start, a test's second connection
        backups.check(demo_db)
        assert proc("--db", demo_db, "task", "add", "from another process", "--project", "MFA").code == 0
        assert proc("--db", demo_db, "task", "list").code == 0  # it closes last, as far as it can tell
        tasks.add_task(store, "after the others closed", "MFA")
    finally:
        store.close()
    listed = proc("--db", demo_db, "task", "list", "--json").json()
    assert {"while open", "from another process", "after the others closed"} <= {t["title"] for t in listed}


@pytest.mark.parametrize(
    "bad",
    [b"garbage", b"", b"SQLite format 3\x00" + b"\xff" * 200, "other-sqlite"],
    ids=["garbage", "empty", "sqlite-header-only", "someone-elses-sqlite"],
)
def test_restore_over_a_damaged_file_asks_for_force_and_keeps_the_file_aside(
    demo_db: Path, proc: Runner, bad: bytes | str
) -> None:
    cur = demo_db.parent / "cur.db"
    if bad == "other-sqlite":
        conn = sqlite3.connect(cur)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    else:
        assert isinstance(bad, bytes)
        cur.write_bytes(bad)
    before = cur.read_bytes()
    refused = proc("--db", cur, "restore", demo_db)
    assert refused.code == 2 and refused.out == ""
    assert len(refused.err.splitlines()) == 1 and "--force" in refused.err and "internal" not in refused.err
    assert cur.read_bytes() == before  # untouched until the user asks
    done = proc("--db", cur, "restore", "--force", demo_db)
    assert done.code == 0, done.err
    aside = next(demo_db.parent.glob("cur.db.damaged-*"))
    assert aside.read_bytes() == before and file_mode(aside) == 0o600
    assert str(aside.name) in done.out
    assert file_mode(cur) == 0o600
    assert proc("--db", cur, "check").code == 0
    assert "Tom Becker" in proc("--db", cur, "person", "list").out


def test_restore_refuses_a_bad_backup_in_one_line_and_changes_nothing(demo_db: Path, proc: Runner) -> None:
    newer = demo_db.parent / "newer.db"
    first = open_store(demo_db)
    backups.backup(first, newer)
    first.close()
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    garbage = demo_db.parent / "garbage.db"
    garbage.write_bytes(b"garbage")
    before = titles(demo_db)
    for source, says in ((newer, "newer SupportPM"), (garbage, "not a SQLite database"), (demo_db.parent, "folder")):
        result = proc("--db", demo_db, "restore", source)
        assert result.code == 2 and says in result.err and len(result.err.splitlines()) == 1, result.err
    assert titles(demo_db) == before
    assert list(demo_db.parent.glob("demo-replaced-*")) == []


def test_restore_while_a_writer_holds_the_database_says_it_is_busy_and_changes_nothing(
    demo_db: Path, proc: Runner
) -> None:
    snap = demo_db.parent / "snap.db"
    assert proc("--db", demo_db, "backup", snap).code == 0
    assert proc("--db", demo_db, "task", "add", "kept through the refusal", "--project", "MFA").code == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('holding', flush=True)\n"
            "time.sleep(20)\n",
            str(demo_db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        result = proc("--db", demo_db, "restore", snap, env={"SUPPORTPM_BUSY_TIMEOUT": "0.5"})
        assert time.monotonic() - started < 15
    finally:
        holder.kill()
        holder.wait()
    assert result.code == 2 and "busy" in result.err and len(result.err.splitlines()) == 1, result.err
    assert "kept through the refusal" in titles(demo_db)
    assert list(demo_db.parent.glob("demo-replaced-*")) == []


def test_daily_backups_of_a_database_whose_name_has_pattern_characters_are_kept_for_a_week(
    tmp_path: Path, cli: Runner
) -> None:
    db = tmp_path / "team[1]*.db"
    assert cli("demo", "--db", db).code == 0
    start = TODAY
    for offset in range(9):
        clock.freeze(start + dt.timedelta(days=offset))
        assert cli("--db", db, "person", "list").err == ""
    folder = tmp_path / "team[1]*-backups"
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"team[1]*-daily-{start + dt.timedelta(days=d):%Y-%m-%d}.db" for d in range(2, 9)]


def test_restore_of_an_older_backup_upgrades_a_copy_and_leaves_the_backup_as_it_was(
    demo_db: Path, proc: Runner
) -> None:
    from alembic import command

    old = demo_db.parent / "old.db"
    command.upgrade(alembic_config(old), "0001_initial")
    conn = sqlite3.connect(old)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("INSERT INTO person (id, name, role, skills, active) VALUES (1, 'Old Timer', '', '', 1)")
    conn.commit()
    conn.close()
    before = old.read_bytes()
    result = proc("--db", demo_db, "restore", old)
    assert result.code == 0, result.err
    assert old.read_bytes() == before
    listed = proc("--db", demo_db, "person", "list")
    assert "Old Timer" in listed.out and "Tom Becker" not in listed.out
    assert proc("--db", demo_db, "check").code == 0


def dailies(db: Path) -> list[str]:
    return sorted(p.name for p in (db.parent / f"{db.stem}-backups").glob("*-daily-*.db"))


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in (db.parent / f"{db.stem}-backups").iterdir() if p.name.startswith("."))


def test_five_commands_started_together_on_a_new_day_all_work_and_one_backup_is_taken(demo_db: Path) -> None:
    for offset in (1, 2, 3):
        day = TODAY + dt.timedelta(days=offset)
        together = {**env(), "SUPPORTPM_TODAY": day.isoformat(), "SUPPORTPM_DAILY_BACKUPS": "7"}
        commands = [
            subprocess.Popen(
                [sys.executable, "-m", "supportpm_tui", "--db", str(demo_db), *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=together,
            )
            for args in (["person", "list"], ["task", "list"], ["project", "list"], ["capacity"], ["check"])
        ]
        for command in commands:
            _out, err = command.communicate(timeout=120)
            assert command.returncode == 0 and err == "", err
        assert f"demo-daily-{day:%Y-%m-%d}.db" in dailies(demo_db)
        assert leftovers(demo_db) == []
    assert len(dailies(demo_db)) == 3
    for name in dailies(demo_db):
        assert database.integrity_problems(demo_db.parent / "demo-backups" / name) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not stop root")
def test_an_unwritable_backups_folder_is_one_warning_and_the_command_works(demo_db: Path, proc: Runner) -> None:
    folder = demo_db.parent / "demo-backups"
    folder.mkdir(mode=0o500)
    try:
        day = (TODAY + dt.timedelta(days=1)).isoformat()
        result = proc("--db", demo_db, "person", "list", env={"SUPPORTPM_TODAY": day})
        assert result.code == 0 and "Tom Becker" in result.out
        assert result.err.startswith("supportpm: warning: no daily backup") and len(result.err.splitlines()) == 1
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    "failure",
    [
        OSError(errno.EACCES, "Permission denied"),
        OSError(errno.ENOSPC, "No space left on device"),
        sqlite3.OperationalError("database or disk is full"),
        sqlite3.OperationalError("disk I/O error"),
    ],
    ids=["unwritable-folder", "disk-full-on-create", "disk-full-while-copying", "copy-removed-under-it"],
)
def test_a_backup_that_fails_any_way_is_one_warning_and_leaves_nothing_behind(
    demo_db: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    folder = demo_db.parent / "demo-backups"
    real_open, real_connect = os.open, sqlite3.connect

    class Failing(sqlite3.Connection):
        def backup(self, target: sqlite3.Connection, **kwargs: object) -> None:  # type: ignore[override]
            target.execute("CREATE TABLE half (x)")  # something written, then the failure
            raise failure

    def failing_open(path: object, *args: object, **kwargs: object) -> int:
        if isinstance(failure, OSError) and str(folder) in str(path):
            raise failure
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def failing_connect(path: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if isinstance(failure, sqlite3.Error) and not str(path).startswith(str(folder)):
            kwargs["factory"] = Failing
        return real_connect(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database.os, "open", failing_open)
    monkeypatch.setattr(database.sqlite3, "connect", failing_connect)
    result = cli("--db", demo_db, "person", "list")
    monkeypatch.undo()
    assert result.code == 0 and "Tom Becker" in result.out
    assert result.err.startswith("supportpm: warning: no daily backup of demo.db today: ")
    assert len(result.err.splitlines()) == 1
    assert dailies(demo_db) == [] and leftovers(demo_db) == []
    assert cli("--db", demo_db, "person", "list").err == ""  # the next command takes the day's backup
    assert len(dailies(demo_db)) == 1
