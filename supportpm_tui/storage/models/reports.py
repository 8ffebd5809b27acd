"""What the reports keep (SPEC 5): a project's outcome metrics and their readings, its post-implementation
review, and the leadership summaries sent, with the state they reported so the next one shows the trend."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from supportpm_tui.core.vocabulary import MetricDirection
from supportpm_tui.storage.models.constraints import KEEP_IDS, StoredDateRequired, one_of


class Metric(SQLModel, table=True):
    """An outcome metric of a project: what is measured, in which unit, from which baseline to which target."""

    __tablename__ = "metric"
    __table_args__ = (
        UniqueConstraint("project_id", "name", name="uq_metric_name"),
        CheckConstraint("length(trim(name)) > 0", name="ck_metric_name"),
        one_of("direction", MetricDirection),
        KEEP_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    direction: str = MetricDirection.lower_better.value
    position: int = 0
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class MetricReading(SQLModel, table=True):
    """A metric's value as read on a day (one a day)."""

    __tablename__ = "metric_reading"
    __table_args__ = (UniqueConstraint("metric_id", "day", name="uq_metric_reading_day"), KEEP_IDS)

    id: int | None = Field(default=None, primary_key=True)
    metric_id: int = Field(foreign_key="metric.id", index=True)
    day: dt.date = Field(sa_type=StoredDateRequired)
    value: float
    note: str = ""
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ProjectReview(SQLModel, table=True):
    """A project's post-implementation review: what went well, what failed, what to change next time."""

    __tablename__ = "project_review"
    __table_args__ = (UniqueConstraint("project_id", name="uq_project_review_project"), KEEP_IDS)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    went_well: str = ""
    went_badly: str = ""
    change_next: str = ""
    day: dt.date = Field(sa_type=StoredDateRequired)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class LeadershipSummary(SQLModel, table=True):
    """A leadership summary recorded as sent: its day, the month it covers, its text and, as JSON, each
    project's RAG and each milestone's forecast it reported (the next summary's trends start there)."""

    __tablename__ = "leadership_summary"
    __table_args__ = (KEEP_IDS,)

    id: int | None = Field(default=None, primary_key=True)
    day: dt.date = Field(sa_type=StoredDateRequired)
    month: str
    text: str = ""
    state: str = "{}"
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
