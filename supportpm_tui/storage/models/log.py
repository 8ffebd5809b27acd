"""The activity log (SPEC 1.9)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field, SQLModel

from supportpm_tui.storage.models.constraints import KEEP_IDS


class Event(SQLModel, table=True):
    """One entry of the activity log; ``batch`` groups the events of one change.

    ``session`` is the dashboard, command-line run or import that made it
    (``origin`` says which kind), so undo reaches only one's own changes;
    ``step`` marks the events of an undo or a redo, ``undo_of`` the batch they
    reverted; ``version`` is the item's version after the change.
    """

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("action IN ('create', 'update', 'delete', 'move')", name="ck_event_action"),
        Index("ix_event_actor", "actor"),  # newest first within an actor: a command-line undo reads back from now
        Index("ix_event_batch", "batch"),  # the entries of one change, to undo it
        Index("ix_event_entity", "entity", "entity_id"),
        Index("ix_event_entity_time", "entity", "time"),  # a kind of item's entries since a day: the burndown
        Index("ix_event_session", "session"),
        # The undos and redos only (a few among a million entries): what was undone, what redone.
        Index(
            "ix_event_step",
            "step",
            "undo_of",
            sqlite_where=text("step IS NOT NULL"),
            postgresql_where=text("step IS NOT NULL"),
        ),
        CheckConstraint("step IS NULL OR step IN ('undo', 'redo')", name="ck_event_step"),
        KEEP_IDS,
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
    session: str = Field(default="", sa_column_kwargs={"server_default": ""})
    origin: str = Field(default="", sa_column_kwargs={"server_default": ""})
    step: str | None = None
    version: int | None = None
    db_user: str | None = None  # team mode: the database user that wrote it (None in a file)
