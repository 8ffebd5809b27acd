"""Undo and redo: revert one change (every Event of its transaction), never someone else's by accident.

A dashboard undoes its own changes only, newest first, again and again, and
redoes what it undid; the command line undoes the last change its user made
from the command line, or a given event's change. A change is reverted only
while nobody has changed the same fields since; otherwise the refusal names
the field and who changed it. Undo and redo are logged as such (``step``),
each pointing at the change it reverted (``undo_of``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String
from sqlmodel import Session, SQLModel, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.changes import read_changes, well_formed
from supportpm_tui.core.errors import NotFound, UserError
from supportpm_tui.core.text import shown_value
from supportpm_tui.services import base
from supportpm_tui.services.usage import items_using
from supportpm_tui.storage.database import Store, run_sql
from supportpm_tui.storage.models import ENTITY_MODELS, Event

UNDO = "undo"
REDO = "redo"


class CannotRevert(UserError):
    """A change cannot be reverted: someone changed the same fields since, or the item is gone or back."""


@dataclass(frozen=True)
class Undone:
    """What an undo or redo reverted: the change (its batch) and what it did, in words."""

    batch: str
    summary: str
    step: str = UNDO


def _python_type(kind: Any) -> type | None:
    """Return the Python type a column of SQL type ``kind`` holds (``None`` when not one of ours)."""
    impl = getattr(kind, "impl", kind)  # a decorated type (a stored date, text): what it stores as
    kinds = {type(kind), impl if isinstance(impl, type) else type(impl)}
    for sql, python in (
        (DateTime, dt.datetime),
        (Date, dt.date),
        (Boolean, bool),
        (Integer, int),
        (Float, float),
        (String, str),
    ):
        if any(issubclass(k, sql) for k in kinds):
            return python
    return None


def _value(model: type[SQLModel], field: str, raw: Any, event: Event) -> Any:
    """Return a logged value as its column holds it; refuse one the column cannot hold (written elsewhere)."""
    if raw is None:
        return None
    column = model.__table__.columns.get(field)  # type: ignore[attr-defined]
    if column is None:
        return raw
    wanted = _python_type(column.type)
    if wanted is None:
        return raw
    if wanted in (dt.datetime, dt.date) and isinstance(raw, str):
        try:
            return wanted.fromisoformat(raw)
        except ValueError:
            pass
    elif wanted is float and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw)
    elif isinstance(raw, wanted) and (wanted is bool or not isinstance(raw, bool)):
        return raw
    raise CannotRevert(
        f"cannot undo: the activity log (event {event.id}) holds {shown_value(raw)} "
        f"for the {base.field_label(field)}, which it cannot be"
    )


def stacks(session: Session, session_id: str) -> tuple[list[str], list[str]]:
    """Return a session's changes that can be undone and its undos that can be redone (both oldest first)."""
    rows = run_sql(
        session,
        "SELECT batch, MIN(id) AS first, MAX(step), MAX(undo_of) FROM event WHERE session = ? "
        "GROUP BY batch ORDER BY first",
        (session_id,),
    )
    done: list[str] = []
    undone: list[str] = []
    for batch, _first, step, undo_of in rows:
        if step is None:
            done.append(batch)
            undone.clear()
        elif step == UNDO:
            if undo_of in done:
                done.remove(undo_of)
            undone.append(batch)
        elif step == REDO:
            if undo_of in undone:
                undone.remove(undo_of)
            done.append(batch)
    return _not_undone_elsewhere(session, done), undone


def _not_undone_elsewhere(session: Session, batches: list[str]) -> list[str]:
    """Return ``batches`` but those undone since, from anywhere (``supportpm undo EVENT`` by a colleague …)."""
    if not batches:
        return batches
    marks = ", ".join("?" * len(batches))
    reverted = {
        row[0]
        for row in run_sql(
            session,
            f"SELECT u.undo_of FROM event u WHERE u.step = 'undo' AND u.undo_of IN ({marks}) "
            "AND NOT EXISTS (SELECT 1 FROM event r WHERE r.step = 'redo' AND r.undo_of = u.batch)",
            tuple(batches),
        )
    }
    return [b for b in batches if b not in reverted]


def undo_session(store: Store) -> Undone:
    """Undo the newest change this store's session (one dashboard) made and has not undone.

    A change that can no longer be undone (someone changed the same fields
    since) is said once and then passed over, so the next undo reaches the
    change before it.
    """
    skipped: set[str] = store.cache.setdefault("undo-skipped", set())
    try:
        with store.write() as session:
            done, _ = stacks(session, store.session_id)
            done = [b for b in done if b not in skipped]
            if not done:
                raise UserError("nothing to undo: no change made here is left to undo")
            batch = done[-1]
            return _revert_batch(store, session, batch, UNDO)
    except CannotRevert as exc:
        skipped.add(batch)
        more = "; undo again for the change before it" if len(done) > 1 else ""
        raise UserError(f"{exc}{more}") from None


def redo_session(store: Store) -> Undone:
    """Redo the newest undo of this store's session, unless a new change was made since."""
    with store.write() as session:
        _, undone = stacks(session, store.session_id)
        if not undone:
            raise UserError("nothing to redo: nothing undone here since the last change")
        return _revert_batch(store, session, undone[-1], REDO)


def _latest_command_line_batch(session: Session, actor: str, skip: str) -> tuple[str, str | None] | None:
    """Return (batch, step) of ``actor``'s newest command-line change that is not a ``skip`` and not ``skip``-ped."""
    reverted = select(Event.undo_of).where(Event.step == skip)
    row = session.exec(
        select(Event.batch, Event.step)
        .where(
            Event.actor == actor,
            col(Event.origin).in_(("cli", "import")),
            col(Event.step).is_distinct_from(skip),
            col(Event.batch).not_in(reverted),
        )
        .order_by(col(Event.id).desc())
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


def undo_last(store: Store) -> Undone:
    """Undo the current user's last change made from the command line (an import counts as one change)."""
    actor = base.current_actor()
    with store.write() as session:
        found = _latest_command_line_batch(session, actor, UNDO)
        if found is None:
            raise UserError(f"nothing to undo: {actor} has made no change from the command line that is not undone")
        return _revert_batch(store, session, found[0], UNDO)


def redo_last(store: Store) -> Undone:
    """Redo the current user's last command-line undo, unless they made a command-line change since."""
    actor = base.current_actor()
    with store.write() as session:
        found = _latest_command_line_batch(session, actor, REDO)
        if found is None or found[1] != UNDO:
            raise UserError(f"nothing to redo: {actor}'s last command-line change is not an undo")
        return _revert_batch(store, session, found[0], REDO)


def undo_event(store: Store, event_id: int) -> Undone:
    """Undo the change that event ``event_id`` belongs to (all of its transaction), whoever made it."""
    with store.write() as session:
        event = session.get(Event, event_id)
        if event is None:
            raise NotFound(f"no event with id {event_id}")
        redone = select(Event.undo_of).where(Event.step == REDO)
        undoing = session.exec(
            select(Event)
            .where(Event.undo_of == event.batch, Event.step == UNDO, col(Event.batch).not_in(redone))
            .limit(1)
        ).first()
        if undoing is not None:
            when = clock.from_stored(undoing.time).astimezone().strftime("%d %b %H:%M")
            raise UserError(f"event {event_id} was already undone by {undoing.actor} ({when}, event {undoing.id})")
        return _revert_batch(store, session, event.batch, UNDO)


def revert_batch(store: Store, batch: str) -> Undone:
    """Undo the change ``batch`` at once (a change cut short that must not stay half made), logged as an undo."""
    with store.write() as session:
        return _revert_batch(store, session, batch, UNDO)


def _revert_batch(store: Store, session: Session, batch: str, step: str) -> Undone:
    events = session.exec(select(Event).where(Event.batch == batch).order_by(col(Event.id).desc())).all()
    parts = []
    for event in events:
        _revert(store, session, event, step)
        parts.append(described(event))
    shown = list(dict.fromkeys(reversed(parts)))
    summary = "; ".join(shown[:SHOWN_PARTS])
    if len(shown) > SHOWN_PARTS:  # a whole import: the first few, then how many more
        summary += f"; and {len(shown) - SHOWN_PARTS:,} more"
    return Undone(batch, summary, step)


SHOWN_PARTS = 12
"""How many items an undo names before it says how many more it took back."""


NOUNS = {
    "task": "card",
    "ticket_load": "ticket load",
    "change_request": "change request",
    "commitment": "leave or duty",
}
VERBS = {"create": "added", "delete": "deleted", "update": "changed", "move": "moved"}


def described(event: Event) -> str:
    """Return what an Event did, in words: ``card #5 changed (title, estimate)``."""
    what = f"{NOUNS.get(event.entity, event.entity.replace('_', ' '))} #{event.entity_id}"
    text = f"{what} {VERBS.get(event.action, event.action)}"
    if event.action == "update":
        fields = [base.field_label(f) for f in read_changes(event.changes) if f not in base.BOOKKEEPING]
        text += f" ({', '.join(fields)})" if fields else ""
    return text


def _changed_since(session: Session, event: Event, field: str) -> str:
    """Return who last changed ``field`` of the event's item after it, and when, in words."""
    later = session.exec(
        select(Event)
        .where(Event.entity == event.entity, Event.entity_id == event.entity_id, col(Event.id) > (event.id or 0))
        .order_by(col(Event.id).desc())
    ).all()
    for other in later:
        if field in read_changes(other.changes):
            when = clock.from_stored(other.time).astimezone().strftime("%d %b %H:%M")
            return f" by {other.actor} ({when})"
    return ""


def _refuse_if_changed(session: Session, event: Event, current: dict[str, Any], expected: dict[str, Any]) -> None:
    label = f"{event.entity.replace('_', ' ')} {event.entity_id}"
    for field, value in expected.items():
        if field.startswith("_") or field in base.BOOKKEEPING:
            continue
        if current.get(field) != value:
            who = _changed_since(session, event, field)
            raise CannotRevert(f"cannot undo: the {base.field_label(field)} of {label} was changed since{who}")


def _last_event(session: Session, entity: str, oid: int, after: int) -> Event | None:
    """Return the newest Event on item ``oid`` after Event id ``after``."""
    return session.exec(
        select(Event)
        .where(Event.entity == entity, Event.entity_id == oid, col(Event.id) > after)
        .order_by(col(Event.id).desc())
    ).first()


def _by(event: Event) -> str:
    when = clock.from_stored(event.time).astimezone().strftime("%d %b %H:%M")
    return f"by {event.actor} ({when})"


def _refuse_if_touched_or_used(session: Session, event: Event, step: str) -> None:
    """Refuse to take back an item's creation once someone else changed it or anything refers to it."""
    label = f"{event.entity.replace('_', ' ')} {event.entity_id}"
    later = session.exec(
        select(Event).where(
            Event.entity == event.entity,
            Event.entity_id == event.entity_id,
            col(Event.id) > (event.id or 0),
            Event.actor != event.actor,
        )
    ).all()
    if later:
        raise CannotRevert(f"cannot {step}: {label} was changed since {_by(later[-1])}")
    for entity, oid in items_using(session, event.entity, event.entity_id):
        user = f"{entity.replace('_', ' ')} {oid}"
        last = _last_event(session, entity, oid, event.id or 0)
        who = f", {'added' if last.action == 'create' else 'changed'} {_by(last)}," if last else ""
        raise CannotRevert(f"cannot {step}: {user}{who} uses {label}")


def _revert(store: Store, session: Session, event: Event, step: str) -> None:
    model = ENTITY_MODELS[event.entity]
    if not well_formed(event.changes):
        raise CannotRevert(
            f"cannot {step}: its entry in the activity log (event {event.id}) is not one SupportPM wrote; "
            "'supportpm check' lists such entries"
        )
    changes = read_changes(event.changes)
    links = base.LINKS.get(event.entity, {})
    obj = session.get(model, event.entity_id)
    label = f"{event.entity.replace('_', ' ')} {event.entity_id}"
    logged: dict[str, Any] = {"undo_of": event.batch, "step": step}
    if event.action == "create":
        if obj is None:
            raise CannotRevert(f"cannot {step}: {label} no longer exists")
        before = base.snapshot(session, obj)
        _refuse_if_changed(session, event, before, {k: new for k, (_, new) in changes.items()})
        _refuse_if_touched_or_used(session, event, step)
        for field in links:
            base.set_links(session, event.entity, event.entity_id, field, [])
        session.delete(obj)
        session.flush()
        version = int(before.get("version") or 0) + 1
        base.record(
            store,
            session,
            event.entity,
            event.entity_id,
            "delete",
            {k: [v, None] for k, v in before.items()},
            version=version,
            **logged,
        )
        return
    if event.action == "delete":
        if obj is not None:
            raise CannotRevert(f"cannot {step}: {label} exists again")
        kept = {k: _value(model, k, old, event) for k, (old, _) in changes.items() if k not in links}
        base.check_values(kept)
        if "version" in model.__table__.columns:  # type: ignore[attr-defined]
            kept["version"] = int(event.version or 1) + 1
        restored = model(**kept)
        session.add(restored)
        session.flush()
        for field in links:
            if field in changes:
                base.set_links(session, event.entity, event.entity_id, field, changes[field][0] or [])
        after = base.snapshot(session, restored)
        base.record(
            store,
            session,
            event.entity,
            event.entity_id,
            "create",
            {k: [None, v] for k, v in after.items()},
            version=kept.get("version"),
            **logged,
        )
        return
    if obj is None:
        raise CannotRevert(f"cannot {step}: {base.missing(session, event.entity, event.entity_id, label)}")
    current = base.snapshot(session, obj)
    _refuse_if_changed(session, event, current, {k: new for k, (_, new) in changes.items()})
    values: dict[str, Any] = {
        field: old if field in links else _value(model, field, old, event)
        for field, (old, _) in changes.items()
        if not field.startswith("_")
    }
    base.update(store, session, obj, values, action=event.action, **logged)
