"""The activity log: what changed, when and by whom."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.changes import read_changes, well_formed
from supportpm_tui.storage.database import Store, run_sql
from supportpm_tui.storage.models import Event


def list_events(store: Store, limit: int = 30, since: dt.date | None = None) -> list[dict[str, Any]]:
    """Return Events as JSON data, newest first."""
    with store.read() as session:
        query = select(Event).limit(max(1, min(limit, 10_000)))
        if since is None:
            query = query.order_by(col(Event.id).desc())
        else:  # newest first by time, so the index on time leads straight to them
            start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
            query = query.where(col(Event.time) >= start).order_by(col(Event.time).desc(), col(Event.id).desc())
        return [
            {
                "id": e.id,
                "time": clock.from_stored(e.time).isoformat(),
                "actor": e.actor,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "action": e.action,
                "changes": {k: list(v) for k, v in read_changes(e.changes).items()},
                "undo_of": e.undo_of,
                "step": e.step,
                "origin": e.origin or None,
                "session": e.session or None,
                "version": e.version,
                "db_user": e.db_user,
            }
            for e in session.exec(query).all()
        ]


def malformed_entries(store: Store, shown: int = 20) -> list[str]:
    """Name the activity-log entries whose changes are not as SupportPM writes them (another program's doing).

    They are shown without what cannot be read, and undo refuses them.
    """
    lines: list[str] = []
    count = 0
    with store.read() as session:
        for oid, entity, entity_id, raw in session.execute(
            select(col(Event.id), col(Event.entity), col(Event.entity_id), col(Event.changes)).order_by(col(Event.id))
        ):
            if well_formed(raw):
                continue
            count += 1
            if len(lines) < shown:
                lines.append(f"the activity log's event {oid} ({entity} {entity_id}) holds changes that cannot be read")
    if count > shown:
        lines.append(f"… and {count - shown} more entries of the activity log that cannot be read")
    return lines


PERSON_OF = {"commitment": "person_id", "ticket_load": "person_id", "task": "assignee_id"}
MAX_CHANGES = 5_000


def changes_since(store: Store, after: int | None) -> tuple[int, set[tuple[str, int]]]:
    """Return the newest Event id and what the Events after ``after`` touched.

    What was touched is a set of ``(entity, id)``; a change to a task, leave,
    duty or ticket load also touches its person (``("person", id)``), old and
    new, so the Capacity screen can mark them. With ``after=None`` nothing is
    returned but the newest id (the starting point).
    """
    with store.read() as session:
        newest = run_sql(session, "SELECT COALESCE(MAX(id), 0) FROM event").scalar() or 0
        if after is None or newest <= after:
            return int(newest), set()
        rows = run_sql(
            session,
            "SELECT entity, entity_id, changes FROM event WHERE id > ? ORDER BY id DESC LIMIT ?",
            (after, MAX_CHANGES),
        ).all()
    touched: set[tuple[str, int]] = set()
    for entity, entity_id, changes in rows:
        touched.add((entity, int(entity_id)))
        field = PERSON_OF.get(entity)
        if field is None:
            continue
        try:
            values = json.loads(changes).get(field, [])
        except (ValueError, AttributeError):
            continue
        for person in values if isinstance(values, list) else []:
            if isinstance(person, int):
                touched.add(("person", person))
    return int(newest), touched


def item_events(session: Session, entity: str, entity_id: int) -> list[Event]:
    """Return the history of one item, oldest first: its Events since it was created (not a deleted namesake's)."""
    created = session.exec(
        select(col(Event.id))
        .where(
            Event.entity == entity, Event.entity_id == entity_id, Event.action == "create", col(Event.step).is_(None)
        )
        .order_by(col(Event.id).desc())
        .limit(1)
    ).first()
    query = select(Event).where(Event.entity == entity, Event.entity_id == entity_id)
    if created is not None:
        query = query.where(col(Event.id) >= created)
    return list(session.exec(query.order_by(col(Event.id))).all())


def field_moves(events: Iterable[Event], field: str) -> list[tuple[Event, Any, Any]]:
    """Return (event, old, new) for each of ``events`` (oldest first) that changed ``field`` while the item existed."""
    moves = []
    for event in events:
        changes = read_changes(event.changes)
        if event.action not in ("create", "delete") and field in changes:
            old, new = changes[field]
            moves.append((event, old, new))
    return moves
