"""Undo: revert the actor's last change (all Events of its transaction)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, DateTime
from sqlmodel import Session, SQLModel, select

from supportpm_tui.core.errors import UserError
from supportpm_tui.services import base
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import ENTITY_MODELS, Event


@dataclass(frozen=True)
class Undone:
    """What an undo reverted: the actions and entities of one change."""

    batch: str
    summary: str


def _value(model: type[SQLModel], field: str, raw: Any) -> Any:
    if raw is None:
        return None
    column = model.__table__.columns.get(field)  # type: ignore[attr-defined]
    if column is None:
        return raw
    if isinstance(column.type, DateTime) or getattr(column.type, "impl", None).__class__ is DateTime:
        return dt.datetime.fromisoformat(raw)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(raw)
    return raw


def last_undoable(session: Session, actor: str) -> str | None:
    """Return the batch id of the actor's latest change not yet undone (``None`` if none)."""
    undone = select(Event.undo_of).where(Event.undo_of != None)  # noqa: E711
    row = session.exec(
        select(Event.batch)
        .where(Event.actor == actor, Event.undo_of == None, Event.batch.not_in(undone))  # type: ignore[attr-defined]  # noqa: E711
        .order_by(Event.id.desc())  # type: ignore[union-attr]
        .limit(1)
    ).first()
    return row


def undo_last(store: Store) -> Undone:
    """Revert the current actor's last change; raise when there is none or it conflicts."""
    actor = base.current_actor()
    with store.write() as session:
        batch = last_undoable(session, actor)
        if batch is None:
            raise UserError(f"nothing to undo: {actor} has made no change that is not undone")
        events = session.exec(select(Event).where(Event.batch == batch).order_by(Event.id.desc())).all()  # type: ignore[union-attr]
        parts = []
        for event in events:
            _revert(store, session, event)
            parts.append(f"{event.action} {event.entity.replace('_', ' ')} {event.entity_id}")
        summary = "; ".join(dict.fromkeys(reversed(parts)))
        return Undone(batch, summary)


def _revert(store: Store, session: Session, event: Event) -> None:
    model = ENTITY_MODELS[event.entity]
    changes: dict[str, list[Any]] = json.loads(event.changes)
    links = base.LINKS.get(event.entity, {})
    obj = session.get(model, event.entity_id)
    label = f"{event.entity.replace('_', ' ')} {event.entity_id}"
    if event.action == "create":
        if obj is None:
            raise UserError(f"cannot undo: {label} no longer exists")
        before = base.snapshot(session, obj)
        for field in links:
            base.set_links(session, event.entity, event.entity_id, field, [])
        session.delete(obj)
        session.flush()
        base.record(
            store,
            session,
            event.entity,
            event.entity_id,
            "delete",
            {k: [v, None] for k, v in before.items()},
            undo_of=event.batch,
        )
        return
    if event.action == "delete":
        if obj is not None:
            raise UserError(f"cannot undo: {label} exists again")
        restored = model(**{k: _value(model, k, old) for k, (old, _) in changes.items() if k not in links})
        session.add(restored)
        session.flush()
        for field in links:
            if field in changes:
                base.set_links(session, event.entity, event.entity_id, field, changes[field][0] or [])
        base.record(
            store,
            session,
            event.entity,
            event.entity_id,
            "create",
            {k: [None, old] for k, (old, _) in changes.items()},
            undo_of=event.batch,
        )
        return
    if obj is None:
        raise UserError(f"cannot undo: {label} no longer exists")
    current = base.snapshot(session, obj)
    values: dict[str, Any] = {}
    for field, (old, new) in changes.items():
        if field.startswith("_"):
            continue
        if current.get(field) != new:
            raise UserError(f"cannot undo: {label} has changed since ({field.replace('_', ' ')})")
        values[field] = old if field in links else _value(model, field, old)
    diff: dict[str, list[Any]] = {}
    for field, value in values.items():
        if field in links:
            base.set_links(session, event.entity, event.entity_id, field, value)
        else:
            setattr(obj, field, value)
        diff[field] = [changes[field][1], changes[field][0]]
    session.add(obj)
    session.flush()
    base.record(store, session, event.entity, event.entity_id, event.action, diff, undo_of=event.batch)
