"""What this dashboard's own commits changed, row by row, so the screens reload only that after a change.

Each SQLite connection of a store gets TEMP triggers (seen by that connection
only, never stored in the file) that note the table and rowid of every row
inserted, updated or deleted, the activity log left out: it is only ever
appended to. A write reads and clears the notes just before it commits, and
the store keeps them by commit with the database's ``data_version`` before and
after and the newest activity-log entry. A reader holding data of an older
change token asks :meth:`Journal.changes_between`: the rows changed since, or
``None`` when it cannot be sure (another connection committed, a commit was
not noted, a team database), and then reads everything again.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

NOTES = "supportpm_touched"
UNNOTED = frozenset({"event", "alembic_version"})
"""Tables whose rows are not noted: the activity log (appended to only) and the schema's version."""
KEPT = 64
"""How many commits the journal remembers; a reader further behind reads everything again."""

Changes = dict[str, frozenset[int]]
"""Rowids changed, by table."""


def install(conn: sqlite3.Connection) -> frozenset[str]:
    """Add the notes table and triggers on ``conn`` (idempotent); return the tables noted."""
    conn.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {NOTES}(tbl TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (tbl, row))"
        " WITHOUT ROWID"
    )
    noted = []
    for name, sql in conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'table'").fetchall():
        if name.startswith("sqlite_") or name in UNNOTED or "WITHOUT ROWID" in (sql or "").upper():
            continue
        quoted = name.replace("'", "''")
        for action, rows in (
            ("INSERT", "NEW.rowid"),
            ("UPDATE", "OLD.rowid), ('{t}', NEW.rowid"),
            ("DELETE", "OLD.rowid"),
        ):
            values = rows.format(t=quoted)
            conn.execute(
                f'CREATE TEMP TRIGGER IF NOT EXISTS "{NOTES}_{action.lower()}_{name}" AFTER {action} ON main."{name}"'
                f" BEGIN INSERT OR IGNORE INTO {NOTES} VALUES ('{quoted}', {values}); END"
            )
        noted.append(name)
    return frozenset(noted)


def tables(conn: sqlite3.Connection) -> frozenset[str]:
    """Return the tables of the database whose rows the journal notes."""
    return frozenset(
        name
        for (name,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_") and name not in UNNOTED
    )


def take_notes(conn: sqlite3.Connection, noted: frozenset[str]) -> Changes | None:
    """Return the rows this transaction changed, and clear the notes; ``None`` when some table is not noted."""
    try:
        rows = conn.execute(f"SELECT tbl, row FROM temp.{NOTES}").fetchall()
    except sqlite3.OperationalError:  # no notes table on this connection
        return None
    conn.execute(f"DELETE FROM temp.{NOTES}")
    if not tables(conn) <= noted:
        return None
    found: dict[str, set[int]] = {}
    for table, row in rows:
        found.setdefault(table, set()).add(row)
    return {table: frozenset(ids) for table, ids in found.items()}


def newest_event(conn: sqlite3.Connection) -> int:
    """Return the id of the newest activity-log entry (0 for none)."""
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM event").fetchone()[0])


@dataclass(frozen=True)
class Commit:
    """One commit of this store: the rows it changed (``None``: not known), and the database around it."""

    changes: Changes | None
    version_before: int
    version_after: int
    newest_event: int


@dataclass
class Journal:
    """The last :data:`KEPT` commits of a store, by the generation each one made."""

    commits: dict[int, Commit] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, generation: int, commit: Commit) -> None:
        """Remember the commit that made ``generation``."""
        with self._lock:
            self.commits[generation] = commit
            for old in [g for g in self.commits if g <= generation - KEPT]:
                del self.commits[old]

    def changes_between(
        self, before: tuple[int, int], after: tuple[int, int], conn: sqlite3.Connection
    ) -> Changes | None:
        """Return the rows changed from change token ``before`` to ``after``, as ``conn`` reads the database now.

        ``None`` unless every commit in between was this store's, noted in
        full, with no other connection's commit before, between or after them
        (the activity log in ``conn`` has no newer entry than the last one's).
        """
        (first, version), (last, final) = before, after
        if last < first:
            return None
        merged: dict[str, set[int]] = {}
        with self._lock:
            commits = [self.commits.get(g) for g in range(first + 1, last + 1)]
        newest = None
        for commit in commits:
            if commit is None or commit.changes is None or commit.version_before != version:
                return None
            version, newest = commit.version_after, commit.newest_event
            for table, ids in commit.changes.items():
                merged.setdefault(table, set()).update(ids)
        if version != final or (newest is not None and newest_event(conn) != newest):
            return None
        return {table: frozenset(ids) for table, ids in merged.items()}


def touched_tables(changes: Changes) -> set[str]:
    """Return the tables ``changes`` has rows of."""
    return {table for table, ids in changes.items() if ids}


def only_rows_of(changes: Changes | None, table: str, reads: Iterable[str]) -> frozenset[int] | None:
    """Return the rows of ``table`` that ``changes`` holds, when no other table of ``reads`` changed; else ``None``."""
    if changes is None or (touched_tables(changes) & set(reads)) - {table}:
        return None
    return changes.get(table, frozenset())
