"""The day's automatic backup: taken the same way whether the command line or the dashboard opens a database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.services import backups
from supportpm_tui.services.backups import open_with_daily_backup
from supportpm_tui.services.connection import open_database
from supportpm_tui.storage.database import Store
from tests.cli.conftest import Runner


def dailies(db: Path) -> list[str]:
    return sorted(p.name for p in (db.parent / f"{db.stem}-backups").glob("*-daily-*.db"))


def test_the_command_line_and_the_dashboard_each_take_the_days_backup(demo_db: Path, cli: Runner) -> None:
    start = clock.today()
    assert cli("--db", demo_db, "person", "list").err == ""
    assert dailies(demo_db) == [f"demo-daily-{start:%Y-%m-%d}.db"]
    clock.freeze(start + dt.timedelta(days=1))
    store, warning = open_database(demo_db)
    store.close()
    assert warning is None
    assert dailies(demo_db)[-1] == f"demo-daily-{start + dt.timedelta(days=1):%Y-%m-%d}.db"


def test_a_backup_that_fails_is_a_warning_worded_for_each_interface(demo_db: Path, cli: Runner) -> None:
    (demo_db.parent / "demo-backups").write_text("a file where the backups folder should be")
    store, reason = open_with_daily_backup(demo_db)
    store.close()
    assert reason
    result = cli("--db", demo_db, "person", "list")
    assert result.code == 0 and "Tom Becker" in result.out
    assert result.err == f"supportpm: warning: no daily backup of demo.db today: {reason}\n"
    store, warning = open_database(demo_db)
    assert store.path == demo_db and warning == f"No daily backup today: {reason}"
    store.close()


def test_a_database_made_just_now_has_nothing_to_keep(tmp_path: Path, today: dt.date) -> None:
    store, reason = open_with_daily_backup(tmp_path / "new.db", create=True)
    store.close()
    assert reason is None and not (tmp_path / "new-backups").exists()
    with pytest.raises(UserError, match="does not exist"):
        open_with_daily_backup(tmp_path / "missing.db")
    with pytest.raises(UserError, match="does not exist"):
        open_database(tmp_path / "missing.db")


def test_a_backup_that_breaks_unexpectedly_leaves_no_database_open(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[Store] = []
    close = Store.close

    def spy_close(self: Store) -> None:
        closed.append(self)
        close(self)

    def broken(store: Store, keep: int | None = None) -> None:
        raise RuntimeError("the copy broke")

    monkeypatch.setattr(Store, "close", spy_close)
    monkeypatch.setattr(backups, "daily_backup", broken)
    with pytest.raises(RuntimeError, match="the copy broke"):
        open_with_daily_backup(demo_db)
    assert [store.path for store in closed] == [demo_db]
