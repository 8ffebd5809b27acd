"""The team and its time: settings, people, their commitments and ticket load (SPEC 1.1–1.4)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from supportpm_tui.core.vocabulary import CommitmentKind
from supportpm_tui.storage.models.constraints import (
    KEEP_IDS,
    StoredDateRequired,
    dates_ordered,
    not_negative,
    one_of,
)


class Settings(SQLModel, table=True):
    """Team settings: one row (id 1)."""

    __tablename__ = "settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="ck_settings_single_row"),
        CheckConstraint("hours_per_day > 0 AND hours_per_day <= 24", name="ck_hours_per_day"),
        CheckConstraint("strain_threshold > 0 AND strain_threshold <= overload_threshold", name="ck_thresholds"),
        CheckConstraint("default_reserve_pct BETWEEN 0 AND 100", name="ck_default_reserve"),
        not_negative("default_wip"),
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
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Added later: public holidays of this country and subdivision ("DE-BY"); "" for none.
    holiday_region: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Person(SQLModel, table=True):
    """A member of the support team."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="ck_person_name"),
        not_negative("hours"),
        CheckConstraint("hours IS NULL OR hours <= 168", name="ck_person_hours_week"),
        CheckConstraint("reserve_pct IS NULL OR reserve_pct BETWEEN 0 AND 100", name="ck_person_reserve"),
        not_negative("wip_limit"),
        Index("ix_person_source", "source", "source_id"),
        KEEP_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    role: str = ""
    hours: float | None = None
    reserve_pct: float | None = None
    wip_limit: int | None = None
    skills: str = ""
    active: bool = True
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    working_days: str = Field(default="", sa_column_kwargs={"server_default": ""})  # "": the team's
    source: str = Field(default="", sa_column_kwargs={"server_default": ""})  # where an import found them
    source_id: str = Field(default="", sa_column_kwargs={"server_default": ""})
    holiday_region: str = Field(default="", sa_column_kwargs={"server_default": ""})  # "": the team's


class Commitment(SQLModel, table=True):
    """Time that is not project time; ``person_id`` NULL means everyone (a holiday)."""

    __tablename__ = "commitment"
    __table_args__ = (
        dates_ordered("start", "end"),
        one_of("kind", CommitmentKind),
        not_negative("hours_per_day"),
        CheckConstraint("hours_per_day IS NULL OR hours_per_day <= 24", name="ck_commitment_day"),
        Index("ix_commitment_person_dates", "person_id", "start", "end"),
        Index("ix_commitment_source", "source", "source_id"),
        KEEP_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    start: dt.date = Field(sa_type=StoredDateRequired)
    end: dt.date = Field(sa_type=StoredDateRequired)
    kind: str = CommitmentKind.pto.value
    hours_per_day: float | None = None
    note: str = ""
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    source: str = Field(default="", sa_column_kwargs={"server_default": ""})  # where an import found it
    source_id: str = Field(default="", sa_column_kwargs={"server_default": ""})


class TicketLoad(SQLModel, table=True):
    """Ticket work logged for a person in an ISO week (``week`` is its Monday)."""

    __tablename__ = "ticket_load"
    __table_args__ = (
        UniqueConstraint("person_id", "week", "source", name="uq_ticket_load_week_source"),
        not_negative("tickets"),
        not_negative("hours"),
        CheckConstraint("tickets IS NOT NULL OR hours IS NOT NULL", name="ck_ticket_load_value"),
        KEEP_IDS,
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    week: dt.date = Field(sa_type=StoredDateRequired)
    tickets: int | None = None
    hours: float | None = None
    source: str = "manual"
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
