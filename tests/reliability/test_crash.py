"""Crashes: writers killed with SIGKILL at random moments lose nothing they acknowledged.

The quick version runs in CI; ``SUPPORTPM_CRASH_KILLS=500 pytest tests/reliability/test_crash.py``
runs the long one.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from supportpm_tui.services import backups, people, projects
from supportpm_tui.storage.database import open_store

KILLS = int(os.environ.get("SUPPORTPM_CRASH_KILLS", "12"))

WRITER = """
import sys
from supportpm_tui.storage.database import open_store
from supportpm_tui.services import tasks
store = open_store(sys.argv[1])
run = sys.argv[2]
i = 0
while True:
    task = tasks.add_task(store, f"{run}-{i}", "MFA", assignee="Ana Silva", estimate=4)
    print(f"add {task.id} {run}-{i}", flush=True)
    tasks.move_task(store, task.id, "ready")
    print(f"move {task.id}", flush=True)
    tasks.edit_task(store, task.id, tasks.TaskValues(remaining=2))
    print(f"edit {task.id}", flush=True)
    i += 1
"""


def test_killed_writers_lose_nothing_they_acknowledged(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    store = open_store(db)
    people.add_person(store, "Ana Silva")
    projects.add_project(store, "MFA", "MFA rollout")
    store.close()
    env = {**os.environ, "SUPPORTPM_TODAY": "2026-11-18"}
    rng = random.Random(20261118)
    added: dict[int, str] = {}
    moved: set[int] = set()
    edited: set[int] = set()
    for run in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), f"run{run}"], stdout=subprocess.PIPE, text=True, env=env
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # it is writing
        time.sleep(rng.uniform(0, 0.25))
        writer.send_signal(signal.SIGKILL)
        rest = writer.stdout.read()
        writer.wait()
        assert writer.returncode == -signal.SIGKILL
        for line in (first + rest).splitlines():
            kind, ident, *title = line.split()
            if kind == "add":
                added[int(ident)] = title[0]
            elif kind == "move":
                moved.add(int(ident))
            else:
                edited.add(int(ident))
        report = backups.check(db)
        assert report["ok"], report["problems"]
    assert len(added) >= KILLS
    check = open_store(db)
    with check.read() as session:
        conn = session.connection()
        rows = {tid: (title, column, remaining) for tid, title, column, remaining in conn.exec_driver_sql(
            'SELECT id, title, "column", remaining FROM task'
        )}  # fmt: skip
        events = [(e, eid, action, json.loads(changes)) for e, eid, action, changes in conn.exec_driver_sql(
            "SELECT entity, entity_id, action, changes FROM event WHERE entity = 'task'"
        )]  # fmt: skip
    for tid, title in added.items():
        assert rows[tid][0] == title  # every acknowledged card is there
        assert any(e[1] == tid and e[2] == "create" for e in events)  # with its activity-log entry
    for tid in moved:
        assert rows[tid][1] == "ready" and any(e[1] == tid and e[2] == "move" for e in events)
    for tid in edited:
        assert rows[tid][2] == 2
    print(f"{KILLS} kills survived; {len(added)} adds, {len(moved)} moves, {len(edited)} edits acknowledged and found")
    for tid in rows:  # nothing half-written: a card is there with its create event, or not at all
        assert any(e[1] == tid and e[2] == "create" for e in events)
