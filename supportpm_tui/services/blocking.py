"""Blocked cards: the column a card was blocked from, what it still waits for, and taking it back."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from supportpm_tui.core.changes import read_changes
from supportpm_tui.core.errors import UserError
from supportpm_tui.core.vocabulary import COLUMN_ORDER, Column
from supportpm_tui.services import base
from supportpm_tui.services.tasks import move_task
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Event, Task, TaskBlocker

COLUMNS = [c.value for c in COLUMN_ORDER]
# A card the activity log never saw moving into blocked (added there, or logged before) goes back to the column
# before blocked.
FALLBACK = COLUMNS[COLUMNS.index(Column.blocked.value) - 1]
CHUNK = 500  # ids per query: SQLite takes a bounded number of parameters


def blocked_from(session: Session, task_ids: Iterable[int]) -> dict[int, str]:
    """Return, for each of the cards, the column its last move into blocked came from.

    The activity log says it: the last ``move`` Event of the card whose
    ``column`` went to blocked. A card with no such move gets :data:`FALLBACK`.
    """
    ids = sorted(set(task_ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.exec(
            select(Event.entity_id, Event.changes)
            .where(
                Event.entity == "task",
                col(Event.entity_id).in_(ids[start : start + CHUNK]),
                Event.action == "move",
                col(Event.changes).contains('"column"'),
            )
            .order_by(col(Event.id))
        ).all()
        for task_id, changes in rows:
            old, new = _column_change(changes)
            if new == Column.blocked and old in COLUMNS and old != Column.blocked:
                found[task_id] = old
    return {task_id: found.get(task_id, FALLBACK) for task_id in ids}


def _column_change(changes: str) -> tuple[object, object]:
    """Return the old and new column an Event's changes record (``None``, ``None`` when they record none)."""
    return read_changes(changes).get("column", (None, None))


def open_blockers(session: Session, task_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Return the cards each card still waits for (its blockers not yet done), by card id; all cards when ``None``."""
    query = (
        select(TaskBlocker.task_id, TaskBlocker.blocker_id)
        .join(Task, col(Task.id) == col(TaskBlocker.blocker_id))
        .where(Task.column != Column.done)
        .order_by(col(TaskBlocker.task_id), col(TaskBlocker.blocker_id))
    )
    wanted = None if task_ids is None else set(task_ids)
    waits: dict[int, list[int]] = {}
    for task_id, blocker_id in session.exec(query).all():
        if wanted is None or task_id in wanted:
            waits.setdefault(task_id, []).append(blocker_id)
    return waits


def unblock_task(store: Store, task_id: int) -> Task:
    """Move blocked card ``task_id`` back to the column it was blocked from, clearing its reason; return it."""
    with store.write() as session:
        task = base.task_or_raise(session, task_id)
        _check_blocked(task)
        target = blocked_from(session, [task_id])[task_id]
        return move_task(store, task_id, target)  # joins this transaction: one change, undone as one


def _check_blocked(task: Task) -> None:
    if task.column != Column.blocked:
        raise UserError(f"#{task.id} is not blocked (its column is {task.column})")
