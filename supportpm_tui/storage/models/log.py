"""The activity log (SPEC 1.9)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel


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
