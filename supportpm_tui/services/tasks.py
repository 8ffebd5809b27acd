"""Tasks: the Kanban cards."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.vocabulary import Column, Priority, TaskKind
from supportpm_tui.services import base
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Task, TaskBlocker


def _clean_task(session: Any, values: dict[str, Any], existing: Task | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    project_id = existing.project_id if existing else None
    if "project" in values:
        project_id = base.find_project(session, values["project"]).id
        out["project_id"] = project_id
    if "title" in values:
        out["title"] = base.required_text(values["title"], "title")
    if "description" in values:
        out["description"] = base.optional_text(values["description"], "description")
    if "milestone" in values:
        ref = values["milestone"]
        if ref is None or base.clean_line(ref).lower() in ("", "none"):
            out["milestone_id"] = None
        else:
            out["milestone_id"] = base.find_milestone(session, ref, project_id).id
    elif "project_id" in out and existing and existing.milestone_id is not None:
        out["milestone_id"] = None  # the old milestone belongs to the old project
    if "assignee" in values:
        out["assignee_id"] = base.find_optional_person(session, values["assignee"], "assignee")
    for field in ("start", "due"):
        if field in values:
            out[field] = values[field]
    start = out.get("start", existing.start if existing else None)
    due = out.get("due", existing.due if existing else None)
    if start and due and due < start:
        raise FieldError("due", f"{due} is before the start {start}")
    if values.get("estimate") is not None:
        out["estimate"] = base.hours(values["estimate"], "estimate")
    if values.get("remaining") is not None:
        out["remaining"] = base.hours(values["remaining"], "remaining")
    if values.get("priority") is not None:
        out["priority"] = base.one_of(values["priority"], "priority", Priority)
    if values.get("kind") is not None:
        out["kind"] = base.one_of(values["kind"], "kind", TaskKind)
    if "tags" in values and values["tags"] is not None:
        out["tags"] = base.tags_text(values["tags"])
    if "blocked_reason" in values:
        out["blocked_reason"] = base.optional_text(values["blocked_reason"], "reason", 500)
    if values.get("blockers") is not None:
        out["blockers"] = _blocker_ids(session, list(values["blockers"]), existing.id if existing else None)
    return out


def _blocker_ids(session: Any, ids: list[int], own_id: int | None) -> list[int]:
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


def _end_of_column(session: Any, column: str) -> int:
    last = session.exec(select(func.max(Task.position)).where(Task.column == column)).one()
    return 0 if last is None else int(last) + 1


def add_task(store: Store, title: str, project: str, **values: Any) -> Task:
    """Add a card at the end of its column; return it."""
    with store.write() as session:
        cleaned = _clean_task(session, {"title": title, "project": project, **values}, None)
        column = base.one_of(values.get("column") or "backlog", "column", Column)
        if column == Column.blocked and not cleaned.get("blocked_reason"):
            raise FieldError("reason", "a blocked card needs a reason (--reason)")
        estimate = cleaned.get("estimate", 0.0)
        cleaned.setdefault("remaining", estimate)
        now = clock.now_utc()
        if column == Column.done:
            cleaned["remaining"] = 0.0
        links = {"blockers": cleaned.pop("blockers", [])}
        task = Task(
            column=column,
            position=_end_of_column(session, column),
            created_at=now,
            updated_at=now,
            done_at=now if column == Column.done else None,
            **cleaned,
        )
        return base.create(store, session, task, links)


def edit_task(store: Store, task_id: int, **values: Any) -> Task:
    """Change the given fields of a card (not its column: see :func:`move_task`); return it."""
    with store.write() as session:
        task = base.task_or_raise(session, task_id)
        cleaned = _clean_task(session, values, task)
        if cleaned:
            cleaned["updated_at"] = clock.now_utc()
        base.update(store, session, task, cleaned)
        return task


def move_task(
    store: Store,
    task_id: int,
    column: str,
    reason: str | None = None,
    remaining: float | None = None,
) -> Task:
    """Move a card to the end of another column, applying the column's rules; return it.

    To *blocked* needs a reason; to *done* zeroes the remaining hours; out of
    *done* needs the hours still remaining.
    """
    with store.write() as session:
        task = base.task_or_raise(session, task_id)
        target = base.one_of(column, "column", Column)
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
    """Delete a card (and its blocker links); return it."""
    with store.write() as session:
        task = base.task_or_raise(session, task_id)
        for link in session.exec(select(TaskBlocker).where(TaskBlocker.blocker_id == task_id)).all():
            waiting = base.task_or_raise(session, link.task_id)
            keep = [b for b in base.get_links(session, "task", link.task_id, "blockers") if b != task_id]
            base.update(store, session, waiting, {"blockers": keep})
        base.delete(store, session, task)
        return task
