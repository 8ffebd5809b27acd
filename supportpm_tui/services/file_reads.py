"""Reading a current database file without the database layer: the command line's quick reads.

A read command (``task list``, ``capacity``, ``milestone list``) on a file at
the current schema needs none of SQLAlchemy or the models: the file is checked
as :func:`~supportpm_tui.storage.database.open_store` checks it (SupportPM's, at
the current revision, every table and column there), given the day's backup,
and read with plain SQL in one transaction. Anything else (a missing file, an
older schema to upgrade, a team database) is opened the usual way. Light to
import: the standard library, the core and the file checks only.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from supportpm_tui.core.errors import UserError
from supportpm_tui.services.daily_backup import daily_backup_of, one_line
from supportpm_tui.storage.file_check import (
    BUSY_TIMEOUT_S,
    HEAD_REVISION,
    TOO_LARGE,
    database_error,
    first_line,
    inspect_file,
    refuse_bad_schema,
    schema_problems,
    sqlite_path,
)
from supportpm_tui.storage.schema_shape import HEAD_SCHEMA


@dataclass
class FileReader:
    """A current SupportPM file, read with plain SQL: each :meth:`plain` is one read transaction.

    The command line's quickest writes (:mod:`~supportpm_tui.services.quick_writes`) use :meth:`write`.
    """

    path: Path

    @property
    def shown(self) -> str:
        """Where the database is, as people read it: the file's path."""
        return str(self.path)

    def _connect(self) -> sqlite3.Connection:
        """Return a new connection to the file with the settings the database layer gives every connection."""
        try:
            conn = sqlite3.connect(sqlite_path(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        try:
            # The settings the database layer gives every connection (see storage.database).
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            conn.close()
            raise database_error(self.path, exc) from None
        return conn

    @contextlib.contextmanager
    def plain(self) -> Iterator[sqlite3.Connection]:
        """Yield a connection to the file inside one read transaction, rolled back (and closed) at the end.

        A driver error is raised as the one line the database layer gives for it.
        """
        conn = self._connect()
        try:
            conn.execute("BEGIN")
            yield conn
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            conn.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Yield a connection inside one write transaction (``BEGIN IMMEDIATE``): committed at the end, or,
        on any error, rolled back whole. Errors read as the database layer gives them."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            raise UserError(f"the change breaks a rule of the data: {first_line(exc)}") from None
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        except OverflowError:  # a number past what the database stores (an id of 20 digits)
            raise UserError(TOO_LARGE) from None
        finally:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            conn.close()

    def close(self) -> None:
        """Nothing stays open between reads: closing is harmless."""


def open_current_file(path: Path) -> tuple[FileReader, str | None] | None:
    """Return a reader of the file at ``path`` and why today's backup could not be taken (else ``None``).

    ``None`` when the file is missing or at an older schema: the database layer
    creates or upgrades it. Raises :class:`UserError` as opening it would: a file
    that is not SupportPM's, damaged, locked, or written by a newer SupportPM.
    """
    if not path.exists():
        return None
    _, revision = inspect_file(path)
    if revision != HEAD_REVISION:
        return None
    refuse_bad_schema(path, schema_problems(path, {table: set(columns) for table, columns in HEAD_SCHEMA.items()}))
    reader = FileReader(path)
    try:
        daily_backup_of(path)
    except (UserError, OSError, sqlite3.Error) as exc:  # disk full, a folder that cannot be written, a race
        return reader, one_line(exc)
    return reader, None
