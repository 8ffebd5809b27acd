"""Several writers on one PostgreSQL database at once, some killed mid-write: nothing acknowledged is lost."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from supportpm_tui.services import people, projects
from supportpm_tui.storage.server import parse_address
from supportpm_tui.storage.team import open_server_store

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("SUPPORTPM_CRASH_KILLS", "6"))

WRITER = """
import sys
from supportpm_tui.storage.server import parse_address
from supportpm_tui.storage.team import open_server_store
from supportpm_tui.services import tasks
store = open_server_store(parse_address(sys.argv[1], "--db"))
for i in range(int(sys.argv[3])):
    task = tasks.add_task(store, f"{sys.argv[2]} {i}", "MFA", assignee="Ana Silva", estimate=3)
    tasks.move_task(store, task.id, "ready")
    print(task.id, flush=True)
"""


def start(url: str, name: str, count: int, today: dt.date) -> subprocess.Popen[str]:
    env = {**os.environ, "SUPPORTPM_TODAY": today.isoformat(), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def stored(url: str) -> tuple[set[int], set[int], set[int]]:
    """Return the cards' ids, the ids with a create in the log, and those in the ready column."""
    store = open_server_store(parse_address(url, "--db"))
    try:
        with store.read() as session:
            ids = {r[0] for r in session.execute(text("SELECT id FROM task"))}
            creates = "SELECT entity_id FROM event WHERE entity = 'task' AND action = 'create'"
            created = {r[0] for r in session.execute(text(creates))}
            ready = {r[0] for r in session.execute(text("SELECT id FROM task WHERE \"column\" = 'ready'"))}
    finally:
        store.close()
    return ids, created, ready


def seed(url: str) -> None:
    store = open_server_store(parse_address(url, "--db"))
    people.add_person(store, "Ana Silva")
    projects.add_project(store, "MFA", "MFA rollout")
    store.close()


def test_three_writers_at_once_lose_nothing(pg_url: str, today: dt.date) -> None:
    seed(pg_url)
    writers = [start(pg_url, f"proc{n}", 15, today) for n in range(3)]
    outputs = [w.communicate(timeout=120) for w in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    acknowledged = {int(line) for out, _ in outputs for line in out.split()}
    ids, created, ready = stored(pg_url)
    assert len(acknowledged) == 45 and acknowledged == ids == created == ready


def test_writers_killed_mid_write_lose_nothing_they_acknowledged(pg_url: str, today: dt.date) -> None:
    seed(pg_url)
    acknowledged: set[int] = set()
    for round_ in range(KILLS):
        writer = start(pg_url, f"round{round_}", 1000, today)
        assert writer.stdout is not None
        first = writer.stdout.readline()  # it is writing
        assert first.strip(), writer.stderr.read() if writer.stderr else ""
        time.sleep(0.05 + 0.03 * (round_ % 4))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        acknowledged |= {int(line) for line in (first + out).split()}
    ids, created, ready = stored(pg_url)
    assert acknowledged <= ids
    assert ids == created  # no card without its creation in the log, none half-written
    assert acknowledged <= ready  # each was acknowledged once moved
