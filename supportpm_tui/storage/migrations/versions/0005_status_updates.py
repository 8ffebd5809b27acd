"""status updates recorded for a project

Revision ID: 0005_status_updates
Revises: 0004_checklists_and_time
Create Date: 2026-12-01 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0005_status_updates"
down_revision = "0004_checklists_and_time"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the ``status_update`` table."""
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "status_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", text(), nullable=False),
        sa.Column("text", text(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_status_update_project_id", "status_update", ["project_id"])


def downgrade() -> None:
    """Drop the ``status_update`` table."""
    op.drop_table("status_update")
