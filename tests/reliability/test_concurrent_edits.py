"""Three processes and a dashboard edit different fields of the same 50 cards at once.

Each writer reads a card's version, then writes one field from that version,
as a form does. Afterwards every acknowledged change is present, no field
was put back to an older value without a conflict being reported, and the
log holds every change in order. The run lasts 4 seconds in the suite; set
``SUPPORTPM_LONG_RUNS=1`` for the full minute. Each writer makes at least
``WRITES`` changes however slow the machine is, and the dashboard goes on
editing until every writer has finished, so the edits always overlap.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from supportpm_tui.core.errors import EditConflict
from supportpm_tui.services import tasks
from supportpm_tui.storage.database import open_store
from supportpm_tui.storage.models import Event, Task
from supportpm_tui.ui.app import make_app
from tests.ui.conftest import SIZE, settle

SECONDS = 60.0 if os.environ.get("SUPPORTPM_LONG_RUNS") else 4.0
WRITES = 25
ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import json, random, sys, time
from pathlib import Path
from supportpm_tui.core.errors import EditConflict, UserError
from supportpm_tui.services import tasks
from supportpm_tui.storage.database import open_store
from supportpm_tui.storage.models import Task

db, field, seconds, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
ids, writes = json.loads(sys.argv[5]), int(sys.argv[6])
store = open_store(Path(db))
rnd = random.Random(seed)
acked, conflicts, errors = [], [], []
end = time.monotonic() + seconds
n = 0
while n < writes or time.monotonic() < end:
    n += 1
    tid = rnd.choice(ids)
    with store.read() as session:
        version = session.get(Task, tid).version
    value = f"{field}-{seed}-{n}" if field != "estimate" else n + 0.5
    try:
        tasks.edit_task(store, tid, tasks.TaskValues(**{field: value}), if_version=version)
    except EditConflict as exc:
        conflicts.append([tid, value, str(exc)])
    except UserError as exc:
        errors.append([tid, value, str(exc)])
    else:
        acked.append([tid, value])
store.close()
print(json.dumps({"acked": acked, "conflicts": conflicts, "errors": errors}))
"""


def _cards(db: Path, count: int) -> list[int]:
    store = open_store(db)
    try:
        return [
            tasks.add_task(store, f"Shared card {i}", "MFA", estimate=1.0).id or 0  # type: ignore[misc]
            for i in range(count)
        ]
    finally:
        store.close()


def _history(db: Path, field: str) -> dict[int, list[object]]:
    """Return, per card, the new values the log holds for ``field``, oldest first."""
    store = open_store(db)
    try:
        with store.read() as session:
            events = session.query(Event).filter(Event.entity == "task").order_by(Event.id).all()
        out: dict[int, list[object]] = {}
        for event in events:
            changes = json.loads(event.changes)
            if event.action == "update" and field in changes:
                out.setdefault(event.entity_id, []).append(changes[field][1])
        return out
    finally:
        store.close()


async def test_three_writers_and_a_dashboard_lose_nothing(today: object, tmp_path: Path) -> None:
    from supportpm_tui.services.demo import generate

    db = tmp_path / "shared.db"
    seed_store = open_store(db)
    generate(seed_store)
    seed_store.close()
    ids = _cards(db, 50)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    fields = ["title", "estimate", "description"]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), field, str(SECONDS), str(seed), json.dumps(ids), str(WRITES)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for seed, field in enumerate(fields, start=1)
    ]
    store = open_store(db)
    app = make_app(store, theme="textual-dark")
    mine: list[tuple[int, str]] = []
    mine_conflicts: list[str] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            end = time.monotonic() + SECONDS
            n = 0
            while time.monotonic() < end or any(w.poll() is None for w in writers):
                n += 1
                tid = ids[n % len(ids)]
                tags = [f"d{n}"]
                with store.read() as session:
                    row = session.get(Task, tid)
                    assert row is not None
                    version = row.version
                try:
                    tasks.edit_task(store, tid, tasks.TaskValues(tags=tags), if_version=version)
                    mine.append((tid, f"d{n}"))
                except EditConflict as exc:
                    mine_conflicts.append(str(exc))
                await asyncio.sleep(0.05)
            results = []
            for writer in writers:
                out, err = writer.communicate(timeout=120)
                assert writer.returncode == 0, err
                results.append(json.loads(out))
            await settle(pilot)
    finally:
        store.close()
    # Different fields never conflict, and nothing failed.
    assert mine_conflicts == []
    for result in results:
        assert result["conflicts"] == [] and result["errors"] == []
        assert len(result["acked"]) >= WRITES
    check = open_store(db)
    try:
        with check.read() as session:
            final = {t.id: t for t in session.query(Task).filter(Task.id.in_(ids)).all()}  # type: ignore[attr-defined]
    finally:
        check.close()
    for field, result in zip(fields, results, strict=True):
        acked: dict[int, list[object]] = {}
        for tid, value in result["acked"]:
            acked.setdefault(tid, []).append(value)
        history = _history(db, field)
        for tid, values in acked.items():
            # Every acknowledged change is present: the last one is the value now...
            assert getattr(final[tid], field) == values[-1], (field, tid)
            # ...and the log holds each of them, in order.
            assert history.get(tid, []) == values, (field, tid)
    last_tags: dict[int, str] = {}
    for tid, tag in mine:
        last_tags[tid] = tag
    for tid, tag in last_tags.items():
        assert final[tid].tags == tag
