"""Several writers at once — two other processes and a dashboard driven by Pilot — lose nothing."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from textual.widgets import Input

from supportpm_tui.services import people, projects
from supportpm_tui.storage.database import open_store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.board import BoardScreen
from tests.ui.conftest import SIZE, settle

WRITER = """
import sys
from supportpm_tui.storage.database import open_store
from supportpm_tui.services import tasks
store = open_store(sys.argv[1])
for i in range(int(sys.argv[3])):
    task = tasks.add_task(store, f"{sys.argv[2]} {i}", "MFA", assignee="Ana Silva", estimate=3)
    tasks.move_task(store, task.id, "ready")
    print(task.id, flush=True)
"""
PER_WRITER = 40 if os.environ.get("SUPPORTPM_LONG_RUNS") else 10  # each write also reloads the dashboard


async def test_two_processes_and_a_dashboard_writing_at_once(tmp_path: Path, today: dt.date) -> None:
    db = tmp_path / "busy.db"
    store = open_store(db)
    people.add_person(store, "Ana Silva")
    projects.add_project(store, "MFA", "MFA rollout")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), f"proc{n}", str(PER_WRITER)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"SUPPORTPM_TODAY": today.isoformat(), "PATH": "/usr/bin:/bin"},
        )
        for n in range(2)
    ]
    app = make_app(store, theme="textual-dark")
    mine = [f"dashboard {i}" for i in range(3)]  # the writers finish meanwhile
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        for title in mine:
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormModal)
            form.query_one("#field-title", Input).value = title
            await pilot.press("ctrl+s")
            for _ in range(100):  # the save waits its turn behind the other writers
                await pilot.pause(0.05)
                if app.screen is board:
                    break
            assert app.screen is board, "the form never closed"
            await pilot.press("greater_than_sign")  # and move the card over and back while they write
            await pilot.pause(0.2)
            await pilot.press("less_than_sign")
            await pilot.pause(0.2)
            if not isinstance(app.screen, BoardScreen):
                await pilot.press("escape")
        outputs = [w.communicate(timeout=120) for w in writers]
        for writer, (_, err) in zip(writers, outputs, strict=True):
            assert writer.returncode == 0, err
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert not errors, [n.message for n in errors]
    acknowledged = {int(line) for out, _ in outputs for line in out.split()}
    assert len(acknowledged) == 2 * PER_WRITER
    conn = sqlite3.connect(db)
    try:
        titles = {title for (title,) in conn.execute("SELECT title FROM task")}
        ids = {tid for (tid,) in conn.execute("SELECT id FROM task")}
        creates = {
            eid for (eid,) in conn.execute("SELECT entity_id FROM event WHERE entity='task' AND action='create'")
        }
    finally:
        conn.close()
    assert set(mine) <= titles
    assert {f"proc{n} {i}" for n in range(2) for i in range(PER_WRITER)} <= titles
    assert acknowledged <= ids
    assert creates == ids  # the activity log holds every card's creation
