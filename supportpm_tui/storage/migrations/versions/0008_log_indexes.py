"""indexes that let the activity log's readers seek to recent entries

Revision ID: 0008_log_indexes
Revises: 0007_interop
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_log_indexes"
down_revision = "0007_interop"
branch_labels = None
depends_on = None

STEP_ONLY = "step IS NOT NULL"


def upgrade() -> None:
    """Index the log by actor (newest first), by change, by kind of item and time, and its undos and redos.

    The actor-and-change index gives way to the actor's own: read backwards, it
    finds an actor's newest command-line change without sorting all of theirs.
    """
    op.drop_index("ix_event_actor_batch", "event")
    op.create_index("ix_event_actor", "event", ["actor"])
    op.create_index("ix_event_batch", "event", ["batch"])
    op.create_index("ix_event_entity_time", "event", ["entity", "time"])
    op.create_index(
        "ix_event_step",
        "event",
        ["step", "undo_of"],
        sqlite_where=sa.text(STEP_ONLY),
        postgresql_where=sa.text(STEP_ONLY),
    )


def downgrade() -> None:
    """Drop what :func:`upgrade` added and bring back the actor-and-change index."""
    for name in ("ix_event_step", "ix_event_entity_time", "ix_event_batch", "ix_event_actor"):
        op.drop_index(name, "event")
    op.create_index("ix_event_actor_batch", "event", ["actor", "batch"])
