"""The work: Kanban cards and what blocks them (SPEC 1.7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from supportpm_tui.core.vocabulary import Column, Priority, TaskKind
from supportpm_tui.storage.models.constraints import (
    KEEP_IDS,
    StoredDate,
    StoredDateRequired,
    dates_ordered,
    not_negative,
    one_of,
)


class Task(SQLModel, table=True):
    """A Kanban card."""

    __tablename__ = "task"
    __table_args__ = (
        one_of("column", Column),
        one_of("priority", Priority),
        one_of("kind", TaskKind),
        not_negative("estimate"),
        not_negative("remaining"),
        dates_ordered("start", "due"),
        Index("ix_task_column_position", "column", "position"),
        Index("ix_task_column_done", "column", "done_at"),  # the Board reads the recently done cards, counts the rest
        Index("ix_task_source", "source", "source_id"),
        KEEP_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id", index=True)
    title: str
    description: str = ""
    column: str = Column.backlog.value
    position: int = 0
    assignee_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    estimate: float = 0.0
    remaining: float = 0.0
    start: dt.date | None = Field(default=None, sa_type=StoredDate)
    due: dt.date | None = Field(default=None, sa_type=StoredDate)
    priority: str = Priority.normal.value
    kind: str = TaskKind.task.value
    tags: str = ""
    blocked_reason: str = ""
    created_at: dt.datetime
    updated_at: dt.datetime
    done_at: dt.datetime | None = None
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Added later: where an import found it ("jira", "redmine", …) and its id there; "" when typed here.
    source: str = Field(default="", sa_column_kwargs={"server_default": ""})
    source_id: str = Field(default="", sa_column_kwargs={"server_default": ""})


class TaskBlocker(SQLModel, table=True):
    """``task_id`` waits for ``blocker_id``."""

    __tablename__ = "task_blocker"
    __table_args__ = (CheckConstraint("task_id <> blocker_id", name="ck_task_blocker_self"),)

    task_id: int = Field(foreign_key="task.id", primary_key=True)
    blocker_id: int = Field(foreign_key="task.id", primary_key=True, index=True)


class TimeEntry(SQLModel, table=True):
    """Hours a person spent on a card on a day."""

    __tablename__ = "time_entry"
    __table_args__ = (
        CheckConstraint("hours > 0 AND hours <= 24", name="ck_time_entry_hours"),
        Index("ix_time_entry_person_day", "person_id", "day"),
        KEEP_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    day: dt.date = Field(sa_type=StoredDateRequired)
    hours: float
    note: str = ""
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
