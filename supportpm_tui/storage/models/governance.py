"""Governance: risks, issues and change requests with the milestones they move (SPEC 1.8)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from supportpm_tui.core.vocabulary import ChangeStatus, IssueStatus, RiskStatus
from supportpm_tui.storage.models.constraints import (
    KEEP_IDS,
    StoredDate,
    StoredDateRequired,
    dates_ordered,
    one_of,
    scale_1_5,
)


class Risk(SQLModel, table=True):
    """Something that may happen and hurt the project."""

    __tablename__ = "risk"
    __table_args__ = (
        scale_1_5("likelihood"),
        scale_1_5("impact"),
        one_of("status", RiskStatus),
        KEEP_IDS,
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
    review_date: dt.date | None = Field(default=None, sa_type=StoredDate)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Issue(SQLModel, table=True):
    """A risk that happened, or a problem now."""

    __tablename__ = "issue"
    __table_args__ = (
        one_of("status", IssueStatus),
        dates_ordered("raised", "resolved"),
        KEEP_IDS,
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
    raised: dt.date = Field(sa_type=StoredDateRequired)
    resolved: dt.date | None = Field(default=None, sa_type=StoredDate)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ChangeRequest(SQLModel, table=True):
    """A request to change the plan; approving it moves milestones."""

    __tablename__ = "change_request"
    __table_args__ = (
        one_of("status", ChangeStatus),
        CheckConstraint("schedule_days BETWEEN -365 AND 365", name="ck_change_schedule_days"),
        KEEP_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    title: str
    description: str = ""
    requested_by: str = ""
    requested: dt.date = Field(sa_type=StoredDateRequired)
    schedule_days: int = 0
    cost_impact: float | None = None
    risk_note: str = ""
    status: str = ChangeStatus.proposed.value
    decided_by: str = ""
    decided: dt.date | None = Field(default=None, sa_type=StoredDate)
    decision_note: str = ""
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ChangeMilestone(SQLModel, table=True):
    """A milestone affected by a change request."""

    __tablename__ = "change_milestone"

    change_id: int = Field(foreign_key="change_request.id", primary_key=True)
    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True, index=True)
