"""A dashboard open while the database is restored elsewhere goes on: it shows the restored data and saves into it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from supportpm_tui.services import backups, tasks
from supportpm_tui.services.records import task_records
from supportpm_tui.storage.database import Store, open_store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.board import BoardScreen
from tests.cli.conftest import ROOT
from tests.conftest import TODAY
from tests.ui.conftest import SIZE, fill, settle
from tests.ui.test_live import until


def titles(path: Path) -> list[str]:
    store = open_store(path)
    try:
        return [card.title for card in task_records(store)]
    finally:
        store.close()


def restore_in_another_process(db: Path, snap: Path) -> None:
    env = {
        **os.environ,
        "SUPPORTPM_TODAY": TODAY.isoformat(),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-m", "supportpm_tui", "--db", str(db), "restore", str(snap)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.prepared
async def test_a_dashboard_open_during_a_restore_shows_the_restored_data_and_saves_into_it(demo_store: Store) -> None:
    snap = backups.backup(demo_store, demo_store.path.parent / "snap.db")
    elsewhere = open_store(demo_store.path)
    gone = tasks.add_task(elsewhere, "Added before the restore", "MFA", column="ready")
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)

        def shown(title: str) -> bool:
            return any(c.title == title for column in board.columns() for c in column.cards)

        await until(pilot, lambda: shown(gone.title))
        restore_in_another_process(demo_store.path, snap)
        await until(pilot, lambda: not shown(gone.title))  # the dashboard saw the restore
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        fill(form, title="Saved in the dashboard after the restore", project="MFA")
        form.query_one("#field-title", Input).focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormModal)
        await until(pilot, lambda: shown("Saved in the dashboard after the restore"))
        tasks.add_task(elsewhere, "Added elsewhere after the restore", "MFA", column="ready")
        await until(pilot, lambda: shown("Added elsewhere after the restore"))  # it still sees others' writes
    elsewhere.close()
    now = titles(demo_store.path)
    assert "Saved in the dashboard after the restore" in now  # the dashboard's save is in the database
    assert "Added elsewhere after the restore" in now and gone.title not in now


def test_after_a_restore_brings_back_an_older_log_the_next_changes_are_marked_again(demo_store: Store) -> None:
    import sqlite3

    from supportpm_tui.ui.session import DashboardSession

    session = DashboardSession.opened(demo_store)
    session.catch_up(*session.read_changes())  # the first look: where the log stands
    with sqlite3.connect(demo_store.path) as conn:  # as a restore of an older copy leaves it: a shorter log
        conn.execute("DELETE FROM event WHERE id > 20")
        conn.execute("UPDATE sqlite_sequence SET seq = 20 WHERE name = 'event'")
    session.catch_up(*session.read_changes())
    card = tasks.add_task(demo_store, "After the restore", "MFA")
    session.catch_up(*session.read_changes())
    assert session.marks.is_marked("task", card.id)


def test_a_check_that_comes_back_after_a_newer_one_changes_nothing(demo_store: Store) -> None:
    from supportpm_tui.ui.session import DashboardSession

    session = DashboardSession.opened(demo_store)
    session.catch_up(*session.read_changes())  # the first look
    tasks.move_task(demo_store, 3, "in_progress")
    older = session.read_changes()  # a check started now comes back late
    card = tasks.add_task(demo_store, "Added after", "MFA")
    assert session.catch_up(*session.read_changes()) is not None  # the newer check: the change shows
    assert session.marks.is_marked("task", card.id) and session.marks.is_marked("task", 3)
    assert session.catch_up(*older) is None  # the older one: nothing to reload
    tasks.move_task(demo_store, 3, "ready")
    assert session.catch_up(*session.read_changes()) is not None  # and the next change still shows
