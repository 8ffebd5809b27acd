"""where imported items came from, public holidays by country and subdivision

Revision ID: 0007_interop
Revises: 0006_metrics_and_reviews
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0007_interop"
down_revision = "0006_metrics_and_reviews"
branch_labels = None
depends_on = None

SOURCED = ("task", "milestone", "person", "commitment")


def upgrade() -> None:
    """Add ``source`` and ``source_id`` to tasks, milestones, people and leave (what an import made, so a
    second import of the same file updates it), and the public-holiday region of the team and of a person."""
    text = sqlmodel.sql.sqltypes.AutoString
    # Plain ADD COLUMNs: no table is rebuilt, so each keeps never handing out an id twice.
    for table in SOURCED:
        op.add_column(table, sa.Column("source", text(), server_default="", nullable=False))
        op.add_column(table, sa.Column("source_id", text(), server_default="", nullable=False))
        op.create_index(f"ix_{table}_source", table, ["source", "source_id"])
    op.add_column("settings", sa.Column("holiday_region", text(), server_default="", nullable=False))
    op.add_column("person", sa.Column("holiday_region", text(), server_default="", nullable=False))


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    for table in SOURCED:
        op.drop_index(f"ix_{table}_source", table)
    with op.batch_alter_table("settings") as batch_op:
        batch_op.drop_column("holiday_region")
    for table in SOURCED:
        with op.batch_alter_table(table) as batch_op:
            if table == "person":
                batch_op.drop_column("holiday_region")
            batch_op.drop_column("source_id")
            batch_op.drop_column("source")
