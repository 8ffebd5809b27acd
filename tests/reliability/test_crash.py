"""Crashes: writers killed with SIGKILL at random moments lose nothing they acknowledged.

Each round starts several writers together on a new day with daily backups
on, so kills land in the middle of backups too. The quick version runs in
CI; ``SUPPORTPM_CRASH_KILLS=500 pytest tests/reliability/test_crash.py``
runs the long one (that many rounds of three writers).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from supportpm_tui.core import clock
from supportpm_tui.services import backups, people, projects
from supportpm_tui.storage.database import file_mode, integrity_problems, open_store

KILLS = int(os.environ.get("SUPPORTPM_CRASH_KILLS", "4"))
WRITERS = 3  # started together in each round
START = dt.date(2026, 11, 18)

WRITER = """
import sys
from pathlib import Path
from supportpm_tui.services.backups import open_with_daily_backup
from supportpm_tui.services import tasks
store, warning = open_with_daily_backup(Path(sys.argv[1]))
if warning:
    print("warning", warning.replace(" ", "_"), flush=True)
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
    rng = random.Random(20261118)
    added: dict[int, str] = {}
    moved: set[int] = set()
    edited: set[int] = set()
    folder = tmp_path / "crash-backups"
    for run in range(KILLS):
        day = START + dt.timedelta(days=run)  # every round is the first of a new day
        env = {**os.environ, "SUPPORTPM_TODAY": day.isoformat(), "SUPPORTPM_DAILY_BACKUPS": "3"}
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(db), f"run{run}w{w}"], stdout=subprocess.PIPE, text=True, env=env
            )
            for w in range(WRITERS)
        ]
        firsts = []
        for writer in writers:
            assert writer.stdout is not None
            firsts.append(writer.stdout.readline())  # it is writing: its backup is done
        time.sleep(rng.uniform(0, 0.25))
        for writer in writers[: rng.randint(1, WRITERS)]:
            writer.send_signal(signal.SIGKILL)
        time.sleep(rng.uniform(0, 0.05))
        for writer in writers:
            writer.send_signal(signal.SIGKILL)
        for writer, first in zip(writers, firsts, strict=True):
            assert writer.stdout is not None
            rest = writer.stdout.read()
            writer.wait()
            assert writer.returncode == -signal.SIGKILL
            for line in (first + rest).splitlines():
                kind, ident, *title = line.split()
                assert kind != "warning", ident  # a backup that failed
                if kind == "add":
                    added[int(ident)] = title[0]
                elif kind == "move":
                    moved.add(int(ident))
                else:
                    edited.add(int(ident))
        report = backups.check(db)
        assert report["ok"], report["problems"]
        assert (folder / f"crash-daily-{day:%Y-%m-%d}.db").exists()  # one for the day, whoever took it
    dailies = sorted(folder.glob("crash-daily-*.db"))
    assert len(dailies) == min(3, KILLS)
    for daily in dailies:
        assert integrity_problems(daily) == [] and file_mode(daily) == 0o600
    left = [p for p in folder.iterdir() if p not in dailies]
    for path in left:  # what a killed backup may leave: its own temporary copy, never under a final name
        assert path.name.startswith(".crash-daily-") and ".tmp" in path.name, path.name
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    clock.freeze(START + dt.timedelta(days=KILLS))
    try:  # the next day's first open, an hour or more later, clears them away
        opened, warning = backups.open_with_daily_backup(db)
        opened.close()
    finally:
        clock.freeze(None)
    assert warning is None and [p for p in folder.iterdir() if p.name.startswith(".")] == []
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
