"""the database user of every Event (team mode: who wrote it, as the server knows them)

Revision ID: 0003_event_database_user
Revises: 0002_versions_and_sessions
Create Date: 2026-12-01 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_event_database_user"
down_revision = "0002_versions_and_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``event.db_user``: empty for what was written before, and for a file (it has no users)."""
    op.add_column("event", sa.Column("db_user", sa.String(), nullable=True))


def downgrade() -> None:
    """Drop ``event.db_user``."""
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_column("db_user")
