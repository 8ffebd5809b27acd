"""Plain SQL written once for both databases: SQLite's ``?`` placeholders, read by psycopg too.

The read model (the plan, the Overview) runs the same statements on a file
and on a team server; on PostgreSQL its connection is wrapped in
:class:`PlainSQL`, which turns each ``?`` into psycopg's ``%s``.
"""

from __future__ import annotations

from typing import Any


class PlainSQL:
    """A psycopg connection that takes SQL written with SQLite's ``?`` placeholders (the read model's)."""

    dialect = "postgresql"

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> Any:
        """Run ``sql`` (``?`` for each parameter) and return its cursor."""
        return self.conn.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(params) or None)
