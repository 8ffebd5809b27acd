"""Tasks: the Kanban cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.unset import UNSET, Unset, unset_if_none
from supportpm_tui.core.vocabulary import Column, Priority, TaskKind
from supportpm_tui.services import base
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Event, Task, TaskBlocker, TimeEntry


@dataclass(frozen=True)
class TaskValues:
    """The values given for a card, to add it or to change it; a field left :data:`UNSET` is not given.

    A new card keeps the default of a field not given, an edited one its value.
    ``None`` (or the word ``none``) clears the milestone and the assignee;
    ``None`` clears the start and due dates, the description and the blocked reason.
    """

    title: str | Unset = UNSET
    project: str | Unset = UNSET
    milestone: str | Unset | None = UNSET
    assignee: str | Unset | None = UNSET
    start: dt.date | Unset | None = UNSET
    due: dt.date | Unset | None = UNSET
    estimate: float | Unset = UNSET
    remaining: float | Unset = UNSET
    priority: str | Unset = UNSET
    kind: str | Unset = UNSET
    tags: Sequence[str] | Unset = UNSET
    description: str | Unset | None = UNSET
    blocked_reason: str | Unset | None = UNSET
    blockers: Sequence[int] | Unset = UNSET


def _clean_task(session: Session, changes: TaskValues, existing: Task | None) -> dict[str, Any]:
    """Return the stored columns ``changes`` sets, checked; raise FieldError naming the first bad field."""
    out: dict[str, Any] = {}
    project_id = existing.project_id if existing else None
    if changes.project is not UNSET:
        project_id = base.find_project(session, changes.project).id
        out["project_id"] = project_id
    if changes.title is not UNSET:
        out["title"] = base.required_text(changes.title, "title")
    if changes.description is not UNSET:
        out["description"] = base.optional_text(changes.description, "description")
    if changes.milestone is not UNSET:
        out["milestone_id"] = _milestone_id(session, changes.milestone, project_id)
    elif "project_id" in out and existing and existing.milestone_id is not None:
        out["milestone_id"] = None  # the old milestone belongs to the old project
    if changes.assignee is not UNSET:
        out["assignee_id"] = base.find_optional_person(session, changes.assignee, "assignee")
    out.update(_dates(changes, existing))
    if changes.estimate is not UNSET:
        out["estimate"] = base.hours(changes.estimate, "estimate")
    if changes.remaining is not UNSET:
        out["remaining"] = base.hours(changes.remaining, "remaining")
    if changes.priority is not UNSET:
        out["priority"] = base.one_of(changes.priority, "priority", Priority)
    if changes.kind is not UNSET:
        out["kind"] = base.one_of(changes.kind, "kind", TaskKind)
    if changes.tags is not UNSET:
        out["tags"] = base.tags_text(list(changes.tags))
    if changes.blocked_reason is not UNSET:
        out["blocked_reason"] = base.optional_text(changes.blocked_reason, "reason", 500)
        if existing is not None and existing.column == Column.blocked and not out["blocked_reason"]:
            raise FieldError("reason", "a blocked card needs a reason (to take it out of blocked, unblock it)")
    if changes.blockers is not UNSET:
        out["blockers"] = _blocker_ids(session, list(changes.blockers), existing.id if existing else None)
    return out


def _milestone_id(session: Session, ref: str | None, project_id: int | None) -> int | None:
    """Return the id of the milestone ``ref`` names; ``None`` for no name or ``none``."""
    if ref is None or base.clean_line(ref).lower() in ("", "none"):
        return None
    return base.find_milestone(session, ref, project_id).id


def _dates(changes: TaskValues, existing: Task | None) -> dict[str, dt.date | None]:
    """Return the start and due dates ``changes`` set; raise when the card would be due before it starts."""
    dates: dict[str, dt.date | None] = {}
    start = existing.start if existing else None
    due = existing.due if existing else None
    if changes.start is not UNSET:
        start = dates["start"] = changes.start
    if changes.due is not UNSET:
        due = dates["due"] = changes.due
    if start and due and due < start:
        raise FieldError("due", f"{due} is before the start {start}")
    return dates


def _blocker_ids(session: Session, ids: list[int], own_id: int | None) -> list[int]:
    for bid in ids:
        if own_id is not None and bid == own_id:
            raise FieldError("blocked by", "a task cannot block itself")
        base.task_or_raise(session, bid)
    if own_id is not None:
        links: dict[int, set[int]] = {}
        for row in session.exec(select(TaskBlocker)).all():
            links.setdefault(row.task_id, set()).add(row.blocker_id)
        for bid in ids:
            stack, seen = [bid], set()
            while stack:
                node = stack.pop()
                if node == own_id:
                    raise FieldError("blocked by", f"task {bid} already waits for this one (a cycle)")
                if node not in seen:
                    seen.add(node)
                    stack.extend(links.get(node, ()))
    return ids


def _end_of_column(session: Session, column: str) -> int:
    last = session.exec(select(func.max(Task.position)).where(Task.column == column)).one()
    return 0 if last is None else int(last) + 1


def add_task(
    store: Store,
    title: str,
    project: str,
    *,
    column: str | None = None,
    milestone: str | None = None,
    assignee: str | None = None,
    start: dt.date | None = None,
    due: dt.date | None = None,
    estimate: float | None = None,
    remaining: float | None = None,
    priority: str | None = None,
    kind: str | None = None,
    tags: Sequence[str] | None = None,
    description: str | None = None,
    blocked_reason: str | None = None,
    blockers: Sequence[int] | None = None,
) -> Task:
    """Add a card at the end of ``column`` (default: the backlog); return it.

    A field given as ``None`` keeps its default; the remaining hours default to the estimate.
    """
    values = TaskValues(
        title=title,
        project=project,
        milestone=milestone,
        assignee=assignee,
        start=start,
        due=due,
        estimate=unset_if_none(estimate),
        remaining=unset_if_none(remaining),
        priority=unset_if_none(priority),
        kind=unset_if_none(kind),
        tags=unset_if_none(tags),
        description=description,
        blocked_reason=unset_if_none(blocked_reason),
        blockers=unset_if_none(blockers),
    )
    return add_task_from(store, values, column)


def add_task_from(store: Store, values: TaskValues, column: str | None = None) -> Task:
    """Add a card with ``values`` (a title and a project at least) at the end of ``column``; return it."""
    with store.write() as session:
        cleaned = _clean_task(session, values, None)
        for needed, stored in (("title", "title"), ("project", "project_id")):
            if stored not in cleaned:
                raise FieldError(needed, "is required")
        target = base.one_of(column or "backlog", "column", Column)
        if target == Column.blocked and not cleaned.get("blocked_reason"):
            raise FieldError("reason", "a blocked card needs a reason (--reason)")
        cleaned.setdefault("remaining", cleaned.get("estimate", 0.0))
        now = clock.now_utc()
        if target == Column.done:
            cleaned["remaining"] = 0.0
        links = {"blockers": cleaned.pop("blockers", [])}
        task = Task(
            column=target,
            position=_end_of_column(session, target),
            created_at=now,
            updated_at=now,
            done_at=now if target == Column.done else None,
            **cleaned,
        )
        created: Task = base.create(store, session, task, links)
        return created


def edit_task(store: Store, task_id: int, changes: TaskValues, if_version: int | None = None) -> Task:
    """Set the values ``changes`` gives on a card (not its column: see :func:`move_task`); return it."""
    with store.write() as session:
        task = base.task_or_raise(session, task_id)
        cleaned = _clean_task(session, changes, task)
        if cleaned:
            cleaned["updated_at"] = clock.now_utc()
        base.update(store, session, task, cleaned, if_version=if_version)
        return task


def move_task(
    store: Store,
    task_id: int,
    column: str,
    reason: str | None = None,
    remaining: float | None = None,
    from_column: str | None = None,
) -> Task:
    """Move a card to the end of another column, applying the column's rules; return it.

    To *blocked* needs a reason; to *done* zeroes the remaining hours; out of
    *done* needs the hours still remaining. With ``from_column`` (the column
    the mover saw the card in), a card someone else has moved since is left
    where they put it, and the refusal says so.
    """
    with store.write() as session:
        task = base.task_or_raise(session, task_id)
        target = base.one_of(column, "column", Column)
        if from_column is not None and task.column != from_column:
            raise UserError(moved_meanwhile(session, task))
        if target == task.column:
            return task
        values: dict[str, Any] = {
            "column": target,
            "position": _end_of_column(session, target),
            "updated_at": clock.now_utc(),
        }
        if target == Column.blocked:
            why = base.optional_text(reason, "reason", 500)
            if not why:
                raise FieldError("reason", "say why the card is blocked")
            values["blocked_reason"] = why
        elif task.column == Column.blocked:
            values["blocked_reason"] = ""
        if target == Column.done:
            values["remaining"] = 0.0
            values["done_at"] = clock.now_utc()
        elif task.column == Column.done:
            if remaining is None:
                raise FieldError("remaining", "the card was done: say how many hours remain")
            values["remaining"] = base.hours(remaining, "remaining")
            values["done_at"] = None
        elif remaining is not None:
            values["remaining"] = base.hours(remaining, "remaining")
        base.update(store, session, task, values, action="move")
        return task


def moved_meanwhile(session: Session, task: Task) -> str:
    """Return that card ``task`` was moved by someone else to its column now (by whom, when)."""
    last = session.exec(
        select(Event)
        .where(Event.entity == "task", Event.entity_id == task.id, Event.action == "move")
        .order_by(col(Event.id).desc())
        .limit(1)
    ).first()
    where = task.column.replace("_", " ")
    if last is None:
        return f"#{task.id} is in {where} now; nothing moved"
    when = clock.from_stored(last.time).astimezone().strftime("%H:%M")
    return f"#{task.id} was moved to {where} by {last.actor} at {when} meanwhile; it stays there"


def shift_task(store: Store, task_id: int, steps: int) -> Task:
    """Move a card up (negative) or down (positive) within its column; return it."""
    with store.write() as session:
        task = base.task_or_raise(session, task_id)
        ordered = session.exec(
            select(Task).where(Task.column == task.column).order_by(col(Task.position), col(Task.id))
        ).all()
        index = next(i for i, t in enumerate(ordered) if t.id == task.id)
        target = max(0, min(len(ordered) - 1, index + steps))
        if target == index:
            return task
        moved = list(ordered)
        moved.insert(target, moved.pop(index))
        for pos, card in enumerate(moved):
            if card.position != pos:
                base.update(store, session, card, {"position": pos}, action="move")
        return task


def delete_task(store: Store, task_id: int) -> Task:
    """Delete a card (and its blocker links); return it. A card with time logged on it is kept."""
    with store.write() as session:
        task = base.task_or_raise(session, task_id)
        logged = session.exec(select(TimeEntry.id).where(TimeEntry.task_id == task_id)).all()
        if logged:
            ids = ", ".join(str(i) for i in logged[:5]) + (", …" if len(logged) > 5 else "")
            raise UserError(
                f"card {task_id} has time logged on it (entries {ids}): it counts in the project's spent;"
                " move it to done, or delete those entries first ('supportpm time delete ID')"
            )
        for link in session.exec(select(TaskBlocker).where(TaskBlocker.blocker_id == task_id)).all():
            waiting = base.task_or_raise(session, link.task_id)
            keep = [b for b in base.get_links(session, "task", link.task_id, "blockers") if b != task_id]
            base.update(store, session, waiting, {"blockers": keep})
        base.delete(store, session, task)
        return task
