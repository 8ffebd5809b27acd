"""rollout checklists, time logged on cards, a project's approval path and hourly rate, a person's working days

Revision ID: 0004_checklists_and_time
Revises: 0003_event_database_user
Create Date: 2026-12-01 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0004_checklists_and_time"
down_revision = "0003_event_database_user"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the ``checklist_item`` and ``time_entry`` tables and two columns of ``project``."""
    text = sqlmodel.sql.sqltypes.AutoString
    with op.batch_alter_table("person") as batch_op:
        batch_op.add_column(sa.Column("working_days", text(), server_default="", nullable=False))
    # On a file the table is rebuilt for its new CHECK; it keeps never handing out an id twice.
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "project",
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True} if sqlite else {},
    ) as batch_op:
        batch_op.add_column(sa.Column("approval_path", text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("hourly_rate", sa.Float(), nullable=True))
        batch_op.create_check_constraint("ck_hourly_rate_not_negative", '"hourly_rate" IS NULL OR "hourly_rate" >= 0')
    op.create_table(
        "checklist_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("done_date", sa.Date(), nullable=True),
        sa.Column("note", text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("length(trim(title)) > 0", name="ck_checklist_item_title"),
        sa.ForeignKeyConstraint(["milestone_id"], ["milestone.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_checklist_item_project_id", "checklist_item", ["project_id"])
    op.create_index("ix_checklist_item_milestone_id", "checklist_item", ["milestone_id"])
    op.create_table(
        "time_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("note", text(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("hours > 0 AND hours <= 24", name="ck_time_entry_hours"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_time_entry_task_id", "time_entry", ["task_id"])
    op.create_index("ix_time_entry_person_day", "time_entry", ["person_id", "day"])


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    op.drop_table("time_entry")
    op.drop_table("checklist_item")
    with op.batch_alter_table("project") as batch_op:
        batch_op.drop_constraint("ck_hourly_rate_not_negative", type_="check")
        batch_op.drop_column("hourly_rate")
        batch_op.drop_column("approval_path")
    with op.batch_alter_table("person") as batch_op:
        batch_op.drop_column("working_days")
