"""Adding and moving a card on a current file in plain SQL: the command line's quickest writes.

``supportpm task add`` and ``task move`` are what scripts and shell aliases
call most. On a file at the current schema (see
:mod:`~supportpm_tui.services.file_reads`) they write without loading the
database layer: the same checks in the same order (shared with the services
through :mod:`~supportpm_tui.services.checks` and
:mod:`~supportpm_tui.services.lookups`), the same row, the same activity-log
entry, in one ``BEGIN IMMEDIATE`` transaction that commits whole or not at
all. :func:`~supportpm_tui.services.tasks.add_task` and
:func:`~supportpm_tui.services.tasks.move_task` stay the reference: a test
runs both on copies of one database and asks for the same rows, the same log
and the same refusals. Light to import: the standard library, the core and
the plain-SQL services only.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Sequence
from typing import Any

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, NotFound
from supportpm_tui.core.text import clean_line
from supportpm_tui.core.vocabulary import Column, Priority, TaskKind
from supportpm_tui.services.checks import check_values, current_actor, hours, optional_text, required_text, tags_text
from supportpm_tui.services.checks import to_json as json_value
from supportpm_tui.services.file_reads import FileReader
from supportpm_tui.services.lookups import milestone_id_of, missing_text, one_of, person_id_of, project_id_of

TASK_COLUMNS: dict[str, Any] = {
    "project_id": None,
    "milestone_id": None,
    "title": "",
    "description": "",
    "column": Column.backlog.value,
    "position": 0,
    "assignee_id": None,
    "estimate": 0.0,
    "remaining": 0.0,
    "start": None,
    "due": None,
    "priority": Priority.normal.value,
    "kind": TaskKind.task.value,
    "tags": "",
    "blocked_reason": "",
    "created_at": None,
    "updated_at": None,
    "done_at": None,
    "version": 1,
    "source": "",
    "source_id": "",
}
"""Every stored column of a card but its id, in the table's order, with what a new card holds when not given."""

TIMES = ("created_at", "updated_at", "done_at")


def add_card(
    file: FileReader,
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
) -> int:
    """Add a card at the end of ``column`` (default: the backlog), as ``add_task`` does; return its id."""
    with file.write() as conn:
        card = dict(TASK_COLUMNS)
        card["project_id"] = project_id_of(conn, project)
        card["title"] = required_text(title, "title")
        card["description"] = optional_text(description, "description")
        if milestone is not None and clean_line(milestone).lower() not in ("", "none"):
            card["milestone_id"] = milestone_id_of(conn, milestone, card["project_id"])
        if assignee is not None and clean_line(assignee).lower() not in ("", "none", "-"):
            card["assignee_id"] = person_id_of(conn, assignee, "assignee")
        if start and due and due < start:
            raise FieldError("due", f"{due} is before the start {start}")
        card["start"], card["due"] = start, due
        if estimate is not None:
            card["estimate"] = hours(estimate, "estimate")
        card["remaining"] = hours(remaining, "remaining") if remaining is not None else card["estimate"]
        for name, value, allowed in (("priority", priority, Priority), ("kind", kind, TaskKind)):
            if value is not None:
                card[name] = one_of(value, name, allowed)
        if tags is not None:
            card["tags"] = tags_text(list(tags))
        if blocked_reason is not None:
            card["blocked_reason"] = optional_text(blocked_reason, "reason", 500)
        links = sorted(set(blockers or ()))
        for blocker in blockers or ():
            if conn.execute("SELECT 1 FROM task WHERE id = ?", (blocker,)).fetchone() is None:
                raise NotFound(missing_text(conn, "task", blocker, "task"))
        target = one_of(column or Column.backlog.value, "column", Column)
        if target == Column.blocked and not card["blocked_reason"]:
            raise FieldError("reason", "a blocked card needs a reason (--reason)")
        now = clock.now_utc()
        card.update(column=target, position=_end_of_column(conn, target), created_at=now, updated_at=now)
        if target == Column.done:
            card.update(remaining=0.0, done_at=now)
        check_values(card)
        names = list(card)
        task_id = conn.execute(
            f"INSERT INTO task ({', '.join(_quoted(n) for n in names)}) VALUES ({', '.join('?' for _ in names)})",
            [_stored(card[n]) for n in names],
        ).lastrowid
        assert task_id is not None
        conn.executemany("INSERT INTO task_blocker (task_id, blocker_id) VALUES (?, ?)", [(task_id, b) for b in links])
        created = {"id": task_id, **card, "blockers": links}
        _log(conn, task_id, "create", {k: [None, json_value(v)] for k, v in created.items()}, 1)
        return task_id


def move_card(
    file: FileReader, task_id: int, column: str, reason: str | None = None, remaining: float | None = None
) -> int:
    """Move a card to the end of another column, applying the column's rules as ``move_task`` does; return its id."""
    with file.write() as conn:
        names = ("column", "position", "updated_at", "blocked_reason", "remaining", "done_at", "version")
        row = conn.execute(
            f"SELECT {', '.join(_quoted(n) for n in names)} FROM task WHERE id = ?", (task_id,)
        ).fetchone()
        if row is None:
            raise NotFound(missing_text(conn, "task", task_id, "task"))
        card = dict(zip(names, row, strict=True))
        for name in TIMES[1:]:
            card[name] = clock.from_stored(card[name]) if card[name] is not None else None
        target = one_of(column, "column", Column)
        if target == card["column"]:
            return task_id
        now = clock.now_utc()
        values: dict[str, Any] = {"column": target, "position": _end_of_column(conn, target), "updated_at": now}
        if target == Column.blocked:
            why = optional_text(reason, "reason", 500)
            if not why:
                raise FieldError("reason", "say why the card is blocked")
            values["blocked_reason"] = why
        elif card["column"] == Column.blocked:
            values["blocked_reason"] = ""
        if target == Column.done:
            values.update(remaining=0.0, done_at=now)
        elif card["column"] == Column.done:
            if remaining is None:
                raise FieldError("remaining", "the card was done: say how many hours remain")
            values.update(remaining=hours(remaining, "remaining"), done_at=None)
        elif remaining is not None:
            values["remaining"] = hours(remaining, "remaining")
        check_values(values)
        diff = {k: [json_value(card[k]), json_value(v)] for k, v in values.items() if card[k] != v}
        if diff:
            version = int(card["version"] or 0) + 1
            changed = {k: values[k] for k in diff} | {"version": version}
            conn.execute(
                f"UPDATE task SET {', '.join(f'{_quoted(k)} = ?' for k in changed)} WHERE id = ?",
                [*(_stored(v) for v in changed.values()), task_id],
            )
            _log(conn, task_id, "move", diff, version)
        return task_id


def _end_of_column(conn: sqlite3.Connection, column: str) -> int:
    last = conn.execute('SELECT MAX(position) FROM task WHERE "column" = ?', (column,)).fetchone()[0]
    return 0 if last is None else int(last) + 1


def _quoted(name: str) -> str:
    return f'"{name}"'


def _stored(value: Any) -> Any:
    """Return ``value`` as the database layer stores it: times in UTC without their zone, dates as ISO text."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _log(conn: sqlite3.Connection, entity_id: int, action: str, changes: dict[str, Any], version: int) -> None:
    """Write the card's activity-log entry, as one command-line run's change (its own session and batch)."""
    conn.execute(
        "INSERT INTO event (time, actor, batch, entity, entity_id, action, changes, undo_of, session, origin, step,"
        " version, db_user) VALUES (?, ?, ?, 'task', ?, ?, ?, NULL, ?, 'cli', NULL, ?, NULL)",
        (
            _stored(clock.now_utc()),
            current_actor(),
            uuid.uuid4().hex[:12],
            entity_id,
            action,
            json.dumps(changes, sort_keys=True),
            uuid.uuid4().hex[:12],
            version,
        ),
    )
