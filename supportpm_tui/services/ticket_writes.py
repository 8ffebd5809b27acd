"""Writing an import's ticket load: short transactions under one change in the log, taken back if one fails.

Each chunk holds the write lock briefly, so another writer (the dashboard, a colleague's command) gets its
turn between two; all chunks share one batch, so ``supportpm undo`` takes the whole import back.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.services import base
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Event, TicketLoad

IMPORT_CHUNK = 5000
"""Loads an import writes in one transaction: another writer waits for one chunk at most, not the whole file."""

CHUNK_PAUSE_S = 0.12
"""The pause between two chunks: longer than SQLite's longest wait between tries for a lock (0.1 s)."""


@dataclass(frozen=True)
class LoadWrite:
    """What an import writes for one person and week: this source's load, and the loads it replaces."""

    person_id: int
    week: dt.date
    tickets: int | None
    hours: float | None
    update: int | None
    """The id of this source's load for the week, when it has one."""
    delete: tuple[int, ...] = ()


def write_loads(store: Store, plan: list[LoadWrite], source: str) -> None:
    """Write an import's loads in short transactions under one change in the log; take them back if one fails."""
    batch, written = store.new_batch(), 0
    try:
        for start in range(0, len(plan), IMPORT_CHUNK):
            if written:
                time.sleep(CHUNK_PAUSE_S)  # another writer, waiting for the lock, gets its turn
            with store.write(batch=batch) as session:
                _write_chunk(store, session, plan[start : start + IMPORT_CHUNK], source)
            written += 1
    except UserError as exc:
        if written:
            _take_back(store, batch, exc)
        raise


def _write_chunk(store: Store, session: Session, chunk: list[LoadWrite], source: str) -> None:
    """Store one chunk of an import: update or replace the loads weeks hold, insert the others."""
    template = TicketLoad(person_id=0, week=dt.date(2000, 1, 3), source=source)  # the columns' defaults
    columns = [c.key for c in TicketLoad.__table__.columns if c.key != "id"]  # type: ignore[attr-defined]
    touched = [oid for w in chunk for oid in ((w.update,) if w.update else ()) + w.delete]
    loads = {load.id: load for load in session.exec(select(TicketLoad).where(col(TicketLoad.id).in_(touched))).all()}
    added: list[dict[str, Any]] = []
    for w in chunk:
        for oid in w.delete:
            base.delete(store, session, loads[oid])
        if w.update is not None:
            base.update(store, session, loads[w.update], {"tickets": w.tickets, "hours": w.hours})
        else:
            values = {k: getattr(template, k) for k in columns}
            values.update(person_id=w.person_id, week=w.week, tickets=w.tickets, hours=w.hours)
            added.append(values)
    _insert_new_loads(store, session, added, source)


def _take_back(store: Store, batch: str, exc: UserError) -> None:
    """Revert the chunks of an import already written, after a later chunk failed; say so in ``exc``."""
    from supportpm_tui.services.undo import CannotRevert, revert_batch

    try:
        revert_batch(store, batch)
    except (CannotRevert, UserError) as failed:
        exc.args = (f"{exc.args[0]}; the rows written before it were kept: {failed}",)
    else:
        exc.args = (f"{exc.args[0]}; the rows written before it were taken back, nothing imported",)


def _insert_new_loads(store: Store, session: Session, values: list[dict[str, Any]], source: str) -> None:
    """Insert new ticket loads and their create Events in two statements (an import may hold many)."""
    if not values:
        return
    before = session.execute(select(func.max(TicketLoad.id))).scalar() or 0  # ids only grow (AUTOINCREMENT)
    session.execute(insert(TicketLoad.__table__), values)  # type: ignore[attr-defined]
    ids = {
        (person_id, week): oid
        for oid, person_id, week in session.execute(
            select(col(TicketLoad.id), col(TicketLoad.person_id), col(TicketLoad.week)).where(
                TicketLoad.source == source, col(TicketLoad.id) > before
            )
        ).all()
    }
    now, actor = clock.now_utc(), base.current_actor()
    events = []
    for row in values:
        oid = ids[(row["person_id"], row["week"])]
        after = {k: base.to_json(v) for k, v in {"id": oid, **row}.items()}
        events.append(
            {
                "time": now,
                "actor": actor,
                "batch": store.batch,
                "entity": "ticket_load",
                "entity_id": oid,
                "action": "create",
                "changes": json.dumps({k: [None, v] for k, v in after.items()}, sort_keys=True),
                "undo_of": None,
                "session": store.session_id,
                "origin": store.origin,
                "step": None,
                "version": 1,
                "db_user": store.role,
            }
        )
    session.execute(insert(Event.__table__), events)  # type: ignore[attr-defined]
