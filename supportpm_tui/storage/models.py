"""The domain nouns as SQLModel tables (SPEC section 1), with database-enforced rules."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from supportpm_tui.core.vocabulary import (
    ChangeStatus,
    Column,
    CommitmentKind,
    IssueStatus,
    Priority,
    ProjectStatus,
    Rag,
    RiskStatus,
    TaskKind,
)


def _one_of(column: str, values: type[StrEnum], nullable: bool = False) -> CheckConstraint:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    rule = f"{column} IN ({allowed})"
    if nullable:
        rule = f"{column} IS NULL OR {rule}"
    return CheckConstraint(rule, name=f"ck_{column}_allowed")


def _scale(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} BETWEEN 1 AND 5", name=f"ck_{column}_1_5")


def _not_negative(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} >= 0", name=f"ck_{column}_not_negative")


def _dates_ordered(first: str, last: str) -> CheckConstraint:
    return CheckConstraint(
        f"{first} IS NULL OR {last} IS NULL OR {last} >= {first}",
        name=f"ck_{last}_after_{first}",
    )


class Settings(SQLModel, table=True):
    """Team settings: one row (id 1)."""

    __tablename__ = "settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="ck_settings_single_row"),
        CheckConstraint("hours_per_day > 0 AND hours_per_day <= 24", name="ck_hours_per_day"),
        CheckConstraint("strain_threshold > 0 AND strain_threshold <= overload_threshold", name="ck_thresholds"),
        CheckConstraint("default_reserve_pct BETWEEN 0 AND 100", name="ck_default_reserve"),
        _not_negative("default_wip"),
        CheckConstraint("horizon_weeks >= 1", name="ck_horizon_weeks"),
        CheckConstraint("ticket_minutes > 0", name="ck_ticket_minutes"),
    )

    id: int = Field(default=1, primary_key=True)
    working_days: str = Field(default="mon,tue,wed,thu,fri")
    hours_per_day: float = 8.0
    overload_threshold: float = 100.0
    strain_threshold: float = 85.0
    default_reserve_pct: float = 40.0
    default_wip: int = 3
    column_wip: str = Field(default='{"ready": 8, "in_progress": 6, "testing": 4}')
    horizon_weeks: int = 2
    ticket_minutes: float = 30.0


class Person(SQLModel, table=True):
    """A member of the support team."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="ck_person_name"),
        _not_negative("hours"),
        CheckConstraint("hours IS NULL OR hours <= 168", name="ck_person_hours_week"),
        CheckConstraint("reserve_pct IS NULL OR reserve_pct BETWEEN 0 AND 100", name="ck_person_reserve"),
        _not_negative("wip_limit"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    role: str = ""
    hours: float | None = None
    reserve_pct: float | None = None
    wip_limit: int | None = None
    skills: str = ""
    active: bool = True


class Commitment(SQLModel, table=True):
    """Time that is not project time; ``person_id`` NULL means everyone (a holiday)."""

    __tablename__ = "commitment"
    __table_args__ = (
        _dates_ordered("start", "end"),
        _one_of("kind", CommitmentKind),
        _not_negative("hours_per_day"),
        CheckConstraint("hours_per_day IS NULL OR hours_per_day <= 24", name="ck_commitment_day"),
        Index("ix_commitment_person_dates", "person_id", "start", "end"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    start: dt.date
    end: dt.date
    kind: str = CommitmentKind.pto.value
    hours_per_day: float | None = None
    note: str = ""


class TicketLoad(SQLModel, table=True):
    """Ticket work logged for a person in an ISO week (``week`` is its Monday)."""

    __tablename__ = "ticket_load"
    __table_args__ = (
        UniqueConstraint("person_id", "week", "source", name="uq_ticket_load_week_source"),
        _not_negative("tickets"),
        _not_negative("hours"),
        CheckConstraint("tickets IS NOT NULL OR hours IS NOT NULL", name="ck_ticket_load_value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    week: dt.date
    tickets: int | None = None
    hours: float | None = None
    source: str = "manual"


class Project(SQLModel, table=True):
    """A project with its scope statement and prioritisation."""

    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint("length(trim(key)) > 0", name="ck_project_key"),
        _one_of("status", ProjectStatus),
        _dates_ordered("start", "target"),
        _scale("impact"),
        _scale("effort"),
        _scale("urgency"),
        _scale("importance"),
        _not_negative("budget"),
        _not_negative("spent"),
        _one_of("rag_override", Rag, nullable=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name: str
    status: str = ProjectStatus.active.value
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    sponsor: str = ""
    start: dt.date | None = None
    target: dt.date | None = None
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


class Workstream(SQLModel, table=True):
    """A phase, site or device group of a project."""

    __tablename__ = "workstream"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_workstream_name"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str
    position: int = 0


class Milestone(SQLModel, table=True):
    """A dated commitment of a project."""

    __tablename__ = "milestone"
    __table_args__ = (
        UniqueConstraint("project_id", "name", name="uq_milestone_name"),
        _not_negative("buffer_days"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    workstream_id: int | None = Field(default=None, foreign_key="workstream.id")
    name: str
    deliverable: str = ""
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    baseline_date: dt.date
    due_date: dt.date
    done_date: dt.date | None = None
    buffer_days: int = 0


class MilestoneLink(SQLModel, table=True):
    """``milestone_id`` follows ``predecessor_id``."""

    __tablename__ = "milestone_link"
    __table_args__ = (CheckConstraint("milestone_id <> predecessor_id", name="ck_milestone_link_self"),)

    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True)
    predecessor_id: int = Field(foreign_key="milestone.id", primary_key=True, index=True)


class Task(SQLModel, table=True):
    """A Kanban card."""

    __tablename__ = "task"
    __table_args__ = (
        _one_of("column", Column),
        _one_of("priority", Priority),
        _one_of("kind", TaskKind),
        _not_negative("estimate"),
        _not_negative("remaining"),
        _dates_ordered("start", "due"),
        Index("ix_task_column_position", "column", "position"),
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
    start: dt.date | None = None
    due: dt.date | None = None
    priority: str = Priority.normal.value
    kind: str = TaskKind.task.value
    tags: str = ""
    blocked_reason: str = ""
    created_at: dt.datetime
    updated_at: dt.datetime
    done_at: dt.datetime | None = None


class TaskBlocker(SQLModel, table=True):
    """``task_id`` waits for ``blocker_id``."""

    __tablename__ = "task_blocker"
    __table_args__ = (CheckConstraint("task_id <> blocker_id", name="ck_task_blocker_self"),)

    task_id: int = Field(foreign_key="task.id", primary_key=True)
    blocker_id: int = Field(foreign_key="task.id", primary_key=True, index=True)


class Risk(SQLModel, table=True):
    """Something that may happen and hurt the project."""

    __tablename__ = "risk"
    __table_args__ = (
        _scale("likelihood"),
        _scale("impact"),
        _one_of("status", RiskStatus),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id", index=True)
    title: str
    description: str = ""
    likelihood: int = 3
    impact: int = 3
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    mitigation: str = ""
    contingency: str = ""
    trigger: str = ""
    status: str = RiskStatus.open.value
    review_date: dt.date | None = None


class Issue(SQLModel, table=True):
    """A risk that happened, or a problem now."""

    __tablename__ = "issue"
    __table_args__ = (
        _one_of("status", IssueStatus),
        _dates_ordered("raised", "resolved"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    risk_id: int | None = Field(default=None, foreign_key="risk.id")
    title: str
    description: str = ""
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    root_cause: str = ""
    workaround: str = ""
    decision: str = ""
    status: str = IssueStatus.open.value
    raised: dt.date
    resolved: dt.date | None = None


class ChangeRequest(SQLModel, table=True):
    """A request to change the plan; approving it moves milestones."""

    __tablename__ = "change_request"
    __table_args__ = (
        _one_of("status", ChangeStatus),
        CheckConstraint("schedule_days BETWEEN -365 AND 365", name="ck_change_schedule_days"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    title: str
    description: str = ""
    requested_by: str = ""
    requested: dt.date
    schedule_days: int = 0
    cost_impact: float | None = None
    risk_note: str = ""
    status: str = ChangeStatus.proposed.value
    decided_by: str = ""
    decided: dt.date | None = None
    decision_note: str = ""


class ChangeMilestone(SQLModel, table=True):
    """A milestone affected by a change request."""

    __tablename__ = "change_milestone"

    change_id: int = Field(foreign_key="change_request.id", primary_key=True)
    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True, index=True)


class Event(SQLModel, table=True):
    """One entry of the activity log; ``batch`` groups the events of one change."""

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("action IN ('create', 'update', 'delete', 'move')", name="ck_event_action"),
        Index("ix_event_actor_batch", "actor", "batch"),
        Index("ix_event_entity", "entity", "entity_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    time: dt.datetime = Field(index=True)
    actor: str
    batch: str
    entity: str
    entity_id: int
    action: str
    changes: str = "{}"
    undo_of: str | None = Field(default=None, index=True)


ENTITY_MODELS: dict[str, type[SQLModel]] = {
    "settings": Settings,
    "person": Person,
    "commitment": Commitment,
    "ticket_load": TicketLoad,
    "project": Project,
    "workstream": Workstream,
    "milestone": Milestone,
    "task": Task,
    "risk": Risk,
    "issue": Issue,
    "change_request": ChangeRequest,
}
