"""an index that lets the Board read only the cards done recently

Revision ID: 0009_done_cards_index
Revises: 0008_log_indexes
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0009_done_cards_index"
down_revision = "0008_log_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index cards by column and when they were done: the Board seeks to the recent ones, counts the older ones."""
    op.create_index("ix_task_column_done", "task", ["column", "done_at"])


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    op.drop_index("ix_task_column_done", "task")
