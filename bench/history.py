"""Generate the history data set: the large set after five years of use.

On top of the large set (:func:`bench.generate.generate_large`) it holds
60,000 done tasks spread over five years, 6,000 done milestones (on 100
finished projects and on the active ones), 12,000 closed risks, 600 decided
change requests, five years of weekly ticket load for the 200 people, and
1,000,000 activity-log entries (:mod:`bench.history_log`): the creates,
moves and updates of those items, the most recent in the last weeks.

It is written to a temporary file and renamed into place once complete, so
an interrupted run never leaves a half-made set; :func:`history_set` reuses
the file while its schema revision is current and its newest entry is less
than a week old, and makes it again otherwise.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.generate import SIZES, generate_large
from bench.history_log import LogWriter
from supportpm_tui.core import clock
from supportpm_tui.storage.database import Store, open_store
from supportpm_tui.storage.file_check import HEAD_REVISION
from supportpm_tui.storage.models import ChangeRequest, Milestone, Project, Risk, Task, TicketLoad

HISTORY = {
    "years": 5,
    "done_tasks": 60_000,
    "done_milestones": 6_000,
    "done_projects": 100,
    "closed_risks": 12_000,
    "decided_changes": 600,
    "events": 1_000_000,
}
FIRST_PROJECT = SIZES["projects"] + SIZES["extra_projects"] + 1
FIRST_MILESTONE = SIZES["milestones"] + 1
FIRST_TASK = SIZES["tasks"] + 1
STALE_AFTER = dt.timedelta(days=7)  # the log's newest entry older than this: the set is made again


def history_set(path: Path) -> Store:
    """Return the history set at ``path``, generated when missing, of an older schema, or gone stale."""
    if path.exists() and not is_current(path):
        for stale in path.parent.glob(f"{path.name}*"):
            stale.unlink()
    if not path.exists():
        generate_history(path)
    return open_store(path)


def is_current(path: Path) -> bool:
    """Return whether the set at ``path`` has the current schema revision and a log that ends this week."""
    conn = sqlite3.connect(path)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        newest = conn.execute("SELECT MAX(time) FROM event").fetchone()[0]
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    if revision is None or revision[0] != HEAD_REVISION or newest is None:
        return False
    return dt.datetime.fromisoformat(newest) > dt.datetime.now() - STALE_AFTER


def generate_history(path: Path, today: dt.date | None = None, seed: int = 11) -> None:
    """Write the history set to ``path`` (made in a temporary file, renamed once complete)."""
    today = today or clock.today()
    partial = path.with_name(path.name + ".partial")
    for leftover in path.parent.glob(f"{partial.name}*"):
        leftover.unlink()
    store = generate_large(partial, today)
    try:
        _add_history(store, today, random.Random(seed))
    finally:
        store.close()
    conn = sqlite3.connect(partial)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)


def _add_history(store: Store, today: dt.date, rng: random.Random) -> None:
    """Add five years of finished work to the large set in ``store``, one transaction per table."""
    start = today - dt.timedelta(days=365 * HISTORY["years"])
    log = LogWriter(rng, today, HISTORY["events"])
    projects = _done_projects(start, today, rng)
    milestones = _done_milestones(start, today, rng)
    tasks = _done_tasks(milestones, rng)
    risks = _closed_risks(start, today, rng)
    changes = _decided_changes(milestones, rng)
    loads = _ticket_load(today, rng)
    log.current_items(store, today)
    log.done_projects(projects)
    log.done_milestones(milestones)
    log.closed_risks(risks)
    log.decided_changes(changes)
    log.ticket_loads(loads)
    log.done_tasks(tasks)  # last: the tasks' updates fill the log up to its size
    for model, rows in (
        (Project, projects),
        (Milestone, milestones),
        (Task, tasks),
        (Risk, risks),
        (ChangeRequest, changes),
        (TicketLoad, loads),
    ):
        with store.write() as session:
            session.connection().execute(insert(model), rows)
    log.write(store)


def _day(start: dt.date, end: dt.date, rng: random.Random) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _done_projects(start: dt.date, today: dt.date, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for pid in range(FIRST_PROJECT, FIRST_PROJECT + HISTORY["done_projects"]):
        began = _day(start, today - dt.timedelta(days=120), rng)
        rows.append(
            {
                "id": pid,
                "key": f"P{pid:03d}",
                "name": f"Project {pid}",
                "status": rng.choice(["done", "done", "done", "cancelled"]),
                "owner_id": rng.randint(1, SIZES["people"]),
                "start": began,
                "target": min(today - dt.timedelta(days=14), began + dt.timedelta(days=rng.randint(60, 400))),
                "goal": f"Goal of project {pid}",
            }
        )
    return rows


def _done_milestones(start: dt.date, today: dt.date, rng: random.Random) -> list[dict[str, Any]]:
    """Milestones done over the five years: most on finished projects, some on the active ones."""
    rows = []
    last = today - dt.timedelta(days=10)
    for mid in range(FIRST_MILESTONE, FIRST_MILESTONE + HISTORY["done_milestones"]):
        project = (
            rng.randint(FIRST_PROJECT, FIRST_PROJECT + HISTORY["done_projects"] - 1)
            if rng.random() < 0.7
            else rng.randint(1, SIZES["projects"])
        )
        baseline = _day(start + dt.timedelta(days=30), last, rng)
        due = min(last, baseline + dt.timedelta(days=rng.choice([0, 0, 0, 7, 14, 21])))
        rows.append(
            {
                "id": mid,
                "project_id": project,
                "name": f"Milestone {mid}",
                "deliverable": "",
                "owner_id": rng.randint(1, SIZES["people"]),
                "baseline_date": baseline,
                "due_date": due,
                "done_date": min(last, due + dt.timedelta(days=rng.randint(-5, 10))),
                "buffer_days": rng.choice([0, 0, 2, 5]),
                "version": 1,
            }
        )
    return rows


def _done_tasks(milestones: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """Tasks finished over the five years, each done within a few weeks before its milestone was."""
    rows = []
    for tid in range(FIRST_TASK, FIRST_TASK + HISTORY["done_tasks"]):
        milestone = milestones[rng.randrange(len(milestones))]
        done = dt.datetime.combine(
            milestone["done_date"], dt.time(rng.randint(7, 17), rng.randint(0, 59)), tzinfo=dt.UTC
        )
        done -= dt.timedelta(days=rng.randint(0, 20))
        created = done - dt.timedelta(days=rng.randint(3, 60), hours=rng.randint(0, 8))
        estimate = float(rng.randint(2, 24))
        rows.append(
            {
                "id": tid,
                "project_id": milestone["project_id"],
                "milestone_id": milestone["id"],
                "title": f"Task {tid}",
                "description": "",
                "column": "done",
                "position": tid,
                "assignee_id": rng.randint(1, SIZES["people"]),
                "estimate": estimate,
                "remaining": 0.0,
                "priority": rng.choice(["low", "normal", "normal", "high", "urgent"]),
                "kind": rng.choice(["task", "task", "task", "test", "docs", "comms"]),
                "tags": "",
                "blocked_reason": "",
                "created_at": created,
                "updated_at": done,
                "done_at": done,
                "version": 1,
            }
        )
    return rows


def _closed_risks(start: dt.date, today: dt.date, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    last_project = FIRST_PROJECT + HISTORY["done_projects"] - 1
    first_risk = 2000 + 1  # after the large set's risks
    for rid in range(first_risk, first_risk + HISTORY["closed_risks"]):
        rows.append(
            {
                "id": rid,
                "project_id": rng.randint(1, last_project),
                "title": f"Risk {rid}",
                "likelihood": rng.randint(1, 5),
                "impact": rng.randint(1, 5),
                "status": "closed",
                "review_date": _day(start, today - dt.timedelta(days=10), rng),
                "version": 1,
            }
        )
    return rows


def _decided_changes(milestones: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for cid in range(1, HISTORY["decided_changes"] + 1):
        milestone = milestones[rng.randrange(len(milestones))]
        requested = milestone["baseline_date"] - dt.timedelta(days=rng.randint(10, 40))
        rows.append(
            {
                "id": cid,
                "project_id": milestone["project_id"],
                "title": f"Change {cid}",
                "requested_by": f"Person {rng.randint(1, SIZES['people']):03d}",
                "requested": requested,
                "schedule_days": rng.choice([0, 3, 7, 14]),
                "status": rng.choice(["approved", "approved", "approved", "rejected", "deferred"]),
                "decided_by": "Change board",
                "decided": requested + dt.timedelta(days=rng.randint(1, 7)),
                "version": 2,
            }
        )
    return rows


def _ticket_load(today: dt.date, rng: random.Random) -> list[dict[str, Any]]:
    """Weekly ticket hours of every person for the five years before the large set's 26 weeks."""
    monday = today - dt.timedelta(days=today.weekday())
    first_kept = monday - dt.timedelta(weeks=13)  # the large set holds this week on
    weeks = HISTORY["years"] * 52 - SIZES["ticket_weeks"] // 2
    return [
        {
            "person_id": p,
            "week": first_kept - dt.timedelta(weeks=w),
            "hours": float(rng.randint(2, 20)),
            "source": "bench",
            "version": 1,
        }
        for w in range(1, weeks + 1)
        for p in range(1, SIZES["people"] + 1)
    ]
