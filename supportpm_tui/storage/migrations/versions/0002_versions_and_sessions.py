"""versions on every item, ids never reused, the session of every Event

Revision ID: 0002_versions_and_sessions
Revises: 0001_initial
Create Date: 2026-11-30 23:59:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0002_versions_and_sessions"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

# Every table whose rows have a history in the Event log, in the order they refer to each other.
ITEMS = [
    "person",
    "commitment",
    "ticket_load",
    "project",
    "workstream",
    "milestone",
    "task",
    "risk",
    "issue",
    "change_request",
]


def _keep_ids(table: str, bind: sa.Connection) -> None:
    """Start ``table``'s ids after every id it ever handed out, the deleted ones' (seen in the log) included."""
    highest = bind.exec_driver_sql(
        f"SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM {table} "
        "UNION ALL SELECT MAX(entity_id) FROM event WHERE entity = ?)",
        (table,),
    ).scalar()
    if not highest:
        return
    bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, int(highest)))


def upgrade() -> None:
    bind = op.get_bind()
    for table in ITEMS:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("settings") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("event", recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.add_column(sa.Column("session", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("step", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=True))
        batch_op.create_check_constraint("ck_event_step", "step IS NULL OR step IN ('undo', 'redo')")
        batch_op.create_index("ix_event_session", ["session"], unique=False)
    for table in ITEMS:
        _keep_ids(table, bind)


def downgrade() -> None:
    raise NotImplementedError("SupportPM's migrations go forward only; restore the pre-migration backup instead")
