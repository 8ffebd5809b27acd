"""Projects and their plan: workstreams, milestones and the links between milestones (SPEC 1.5–1.6)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from supportpm_tui.core.vocabulary import ProjectStatus, Rag
from supportpm_tui.storage.models.constraints import (
    KEEP_IDS,
    StoredDate,
    StoredDateRequired,
    dates_ordered,
    not_negative,
    one_of,
    scale_1_5,
)


class Project(SQLModel, table=True):
    """A project with its scope statement and prioritisation."""

    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint("length(trim(key)) > 0", name="ck_project_key"),
        one_of("status", ProjectStatus),
        dates_ordered("start", "target"),
        scale_1_5("impact"),
        scale_1_5("effort"),
        scale_1_5("urgency"),
        scale_1_5("importance"),
        not_negative("budget"),
        not_negative("spent"),
        not_negative("hourly_rate"),
        one_of("rag_override", Rag, nullable=True),
        KEEP_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name: str
    status: str = ProjectStatus.active.value
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    sponsor: str = ""
    start: dt.date | None = Field(default=None, sa_type=StoredDate)
    target: dt.date | None = Field(default=None, sa_type=StoredDate)
    budget: float | None = None
    spent: float | None = None
    goal: str = ""
    in_scope: str = ""
    out_of_scope: str = ""
    assumptions: str = ""
    stakeholders: str = ""
    success_criteria: str = ""
    impact: int = 3
    effort: int = 3
    urgency: int = 3
    importance: int = 3
    sla_aligned: bool = False
    rag_override: str | None = None
    rag_note: str = ""
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Added later (the migrations add columns at the end): how scope changes are approved, money per logged hour.
    approval_path: str = Field(default="", sa_column_kwargs={"server_default": ""})
    hourly_rate: float | None = None


class Workstream(SQLModel, table=True):
    """A phase, site or device group of a project."""

    __tablename__ = "workstream"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_workstream_name"), KEEP_IDS)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str
    position: int = 0
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Milestone(SQLModel, table=True):
    """A dated commitment of a project."""

    __tablename__ = "milestone"
    __table_args__ = (
        UniqueConstraint("project_id", "name", name="uq_milestone_name"),
        not_negative("buffer_days"),
        Index("ix_milestone_source", "source", "source_id"),
        KEEP_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    workstream_id: int | None = Field(default=None, foreign_key="workstream.id")
    name: str
    deliverable: str = ""
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    baseline_date: dt.date = Field(sa_type=StoredDateRequired)
    due_date: dt.date = Field(sa_type=StoredDateRequired)
    done_date: dt.date | None = Field(default=None, sa_type=StoredDate)
    buffer_days: int = 0
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Added later: the project's go-live, the day its before/after metrics turn on (one per project).
    go_live: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # Added later: where an import found it and its id there; "" when typed here.
    source: str = Field(default="", sa_column_kwargs={"server_default": ""})
    source_id: str = Field(default="", sa_column_kwargs={"server_default": ""})


class MilestoneLink(SQLModel, table=True):
    """``milestone_id`` follows ``predecessor_id``."""

    __tablename__ = "milestone_link"
    __table_args__ = (CheckConstraint("milestone_id <> predecessor_id", name="ck_milestone_link_self"),)

    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True)
    predecessor_id: int = Field(foreign_key="milestone.id", primary_key=True, index=True)


class ChecklistItem(SQLModel, table=True):
    """An item of a project's rollout checklist; ``milestone_id`` is the milestone it gates."""

    __tablename__ = "checklist_item"
    __table_args__ = (CheckConstraint("length(trim(title)) > 0", name="ck_checklist_item_title"), KEEP_IDS)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    title: str
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    due: dt.date | None = Field(default=None, sa_type=StoredDate)
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id", index=True)
    done_date: dt.date | None = Field(default=None, sa_type=StoredDate)
    note: str = ""
    position: int = 0
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class StatusUpdate(SQLModel, table=True):
    """A status update sent for a project: the day, its one-sentence status and the text sent."""

    __tablename__ = "status_update"
    __table_args__ = (KEEP_IDS,)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    day: dt.date = Field(sa_type=StoredDateRequired)
    status: str = ""
    text: str = ""
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
