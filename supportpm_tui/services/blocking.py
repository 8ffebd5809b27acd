"""Blocked cards: the column a card was blocked from, what it still waits for, and taking it back."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.vocabulary import Column
from supportpm_tui.services import base, lookups
from supportpm_tui.services.lookups import COLUMNS, FALLBACK
from supportpm_tui.services.tasks import move_task
from supportpm_tui.storage.database import Store, dbapi
from supportpm_tui.storage.models import Task

__all__ = ["COLUMNS", "FALLBACK", "blocked_from", "open_blockers", "unblock_task"]


def blocked_from(session: Session, task_ids: Iterable[int]) -> dict[int, str]:
    """Return, for each of the cards, the column its last move into blocked came from (see
    :func:`~supportpm_tui.services.lookups.blocked_from`)."""
    return lookups.blocked_from(dbapi(session), task_ids)


def open_blockers(session: Session, task_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Return the cards each card still waits for (its blockers not yet done), by card id; all cards when ``None``."""
    return lookups.open_blockers(dbapi(session), task_ids)


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
