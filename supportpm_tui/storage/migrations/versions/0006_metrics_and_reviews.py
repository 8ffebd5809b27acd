"""outcome metrics and their readings, post-implementation reviews, leadership summaries, a project's go-live

Revision ID: 0006_metrics_and_reviews
Revises: 0005_status_updates
Create Date: 2026-12-01 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0006_metrics_and_reviews"
down_revision = "0005_status_updates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the ``metric``, ``metric_reading``, ``project_review`` and ``leadership_summary`` tables and
    ``milestone.go_live``."""
    text = sqlmodel.sql.sqltypes.AutoString
    # A plain ADD COLUMN: the table is not rebuilt, so it keeps never handing out an id twice.
    op.add_column("milestone", sa.Column("go_live", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "metric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", text(), nullable=False),
        sa.Column("unit", text(), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("direction", text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name="ck_metric_name"),
        sa.CheckConstraint("\"direction\" IN ('higher', 'lower')", name="ck_direction_allowed"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "name", name="uq_metric_name"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_metric_project_id", "metric", ["project_id"])
    op.create_table(
        "metric_reading",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", text(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["metric_id"], ["metric.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("metric_id", "day", name="uq_metric_reading_day"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_metric_reading_metric_id", "metric_reading", ["metric_id"])
    op.create_table(
        "project_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("went_well", text(), nullable=False),
        sa.Column("went_badly", text(), nullable=False),
        sa.Column("change_next", text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", name="uq_project_review_project"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_project_review_project_id", "project_review", ["project_id"])
    op.create_table(
        "leadership_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("month", text(), nullable=False),
        sa.Column("text", text(), nullable=False),
        sa.Column("state", text(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    op.drop_table("leadership_summary")
    op.drop_table("project_review")
    op.drop_table("metric_reading")
    op.drop_table("metric")
    with op.batch_alter_table("milestone") as batch_op:
        batch_op.drop_column("go_live")
