"""Backups and permissions: a daily copy kept for a week, consistent copies under load, private files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from supportpm_tui.core import clock
from supportpm_tui.services import backups, tasks
from supportpm_tui.services.demo import generate
from supportpm_tui.storage.database import file_mode, integrity_problems, open_store
from tests.cli.conftest import Runner
from tests.cli.conftest import cli as cli  # the in-process command line
from tests.cli.conftest import demo_db as demo_db


def dailies(db: Path) -> list[str]:
    return sorted(p.name for p in (db.parent / f"{db.stem}-backups").glob("*-daily-*.db"))


def test_the_first_open_of_each_day_takes_a_backup_and_a_week_is_kept(demo_db: Path, cli: Runner) -> None:
    start = clock.today()
    assert dailies(demo_db) == []  # the file made just now has nothing to keep
    for offset in range(10):
        clock.freeze(start + dt.timedelta(days=offset))
        assert cli("--db", demo_db, "person", "list").code == 0
        assert cli("--db", demo_db, "task", "list").code == 0  # the second open of the day adds nothing
    kept = dailies(demo_db)
    assert kept == [f"demo-daily-{start + dt.timedelta(days=d):%Y-%m-%d}.db" for d in range(3, 10)]
    newest = demo_db.parent / "demo-backups" / kept[-1]
    assert integrity_problems(newest) == [] and file_mode(newest) == 0o600
    assert file_mode(newest.parent) == 0o700


def test_how_many_are_kept_is_configurable_and_zero_turns_it_off(
    demo_db: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supportpm_tui.settings.config import save_config

    save_config(daily_backups=2)
    start = clock.today()
    for offset in range(4):
        clock.freeze(start + dt.timedelta(days=offset))
        cli("--db", demo_db, "person", "list")
    two = dailies(demo_db)
    assert len(two) == 2
    monkeypatch.setenv("SUPPORTPM_DAILY_BACKUPS", "0")
    clock.freeze(start + dt.timedelta(days=5))
    cli("--db", demo_db, "person", "list")
    assert dailies(demo_db) == two


def test_an_interrupted_backup_is_never_taken_for_todays_and_is_cleaned_up_only_when_old(
    demo_db: Path, cli: Runner
) -> None:
    folder = demo_db.parent / "demo-backups"
    folder.mkdir(mode=0o700)
    stale = folder / f".demo-daily-{clock.today():%Y-%m-%d}.db.999-0a1b2c3d.tmp"
    stale.write_bytes(b"half a copy")
    stale_journal = Path(f"{stale}-journal")
    stale_journal.write_bytes(b"its journal")
    two_hours_ago = time.time() - 2 * 3600
    for left in (stale, stale_journal):
        os.utime(left, (two_hours_ago, two_hours_ago))
    in_progress = folder / f".demo-daily-{clock.today():%Y-%m-%d}.db.998-0a1b2c3e.tmp"
    in_progress.write_bytes(b"another process is copying right now")
    assert cli("--db", demo_db, "person", "list").code == 0
    assert not stale.exists() and not stale_journal.exists()
    assert in_progress.exists()  # another process's copy in progress is never taken for stale
    assert integrity_problems(folder / f"demo-daily-{clock.today():%Y-%m-%d}.db") == []


def test_a_backup_that_cannot_be_written_warns_and_the_command_still_runs(demo_db: Path, cli: Runner) -> None:
    (demo_db.parent / "demo-backups").write_text("a file where the backups folder should be")
    result = cli("--db", demo_db, "person", "list")
    assert result.code == 0 and "Tom Becker" in result.out
    assert result.err.startswith("supportpm: warning: no daily backup") and len(result.err.splitlines()) == 1


def test_backup_is_consistent_while_others_write(tmp_path: Path, today: dt.date) -> None:
    store = open_store(tmp_path / "busy.db")
    generate(store)
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        other = open_store(store.path)
        while not stop.is_set():
            written.append(tasks.add_task(other, f"load {len(written)}", "MFA").id or 0)

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    try:  # five copies at least, and more until they were taken while the writer got several writes in
        while len(copies) < 5 or (len(written) <= 5 and len(copies) < 50):
            copies.append(backups.backup(store))
    finally:
        stop.set()
        thread.join()
    assert len(written) > 5
    for copy in copies:
        assert integrity_problems(copy) == [] and file_mode(copy) == 0o600
        assert open_store(copy).path == copy  # a complete SupportPM database at its schema


def test_restore_checks_the_file_and_keeps_the_one_it_replaced(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all")
    before = demo_db.read_bytes()
    result = cli("--db", demo_db, "restore", bad)
    assert result.code == 2 and demo_db.read_bytes() == before
    copy = backups.backup(open_store(demo_db))
    cli("--db", demo_db, "task", "add", "after the backup", "--project", "MFA")
    result = cli("--db", demo_db, "restore", copy)
    assert result.code == 0
    titles = [t["title"] for t in tasks_of(cli, demo_db)]
    assert "after the backup" not in titles
    kept = next(demo_db.parent.glob("demo-replaced-*.db"))
    assert "after the backup" in [t["title"] for t in tasks_of(cli, kept)]


def tasks_of(cli: Runner, db: Path) -> list[dict[str, object]]:
    result = cli("--db", db, "task", "list", "--json")
    assert result.code == 0, result.err
    return result.json()  # type: ignore[no-any-return]


def test_the_database_its_wal_and_shm_are_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    script = (
        "import os, sys\n"
        "os.umask(0)\n"
        "from supportpm_tui.storage.database import open_store\n"
        "from supportpm_tui.services import people\n"
        "store = open_store(sys.argv[1])\n"
        "people.add_person(store, 'Ana')\n"
        "import time; print('open', flush=True); time.sleep(30)\n"
    )
    db = tmp_path / "private.db"
    holder = subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{db}{suffix}")
            assert path.exists() and file_mode(path) == 0o600, (path, oct(file_mode(path)))
    finally:
        holder.kill()
        holder.wait()
