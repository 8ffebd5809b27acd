"""The database as an interface holds it: open it (with the day's backup), and see what changed since last time.

The dashboard reaches the storage layer only through the services; this is
the handle it keeps and passes to every service call.
"""

from __future__ import annotations

from pathlib import Path

from supportpm_tui.core.errors import UserError
from supportpm_tui.services.activity import changes_since
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.file_check import driver_error as file_driver_error
from supportpm_tui.storage.server import ServerAddress

__all__ = ["ServerAddress", "Store", "changes_since", "driver_error", "open_database", "open_target"]


def driver_error(target: Path | str | ServerAddress, exc: BaseException) -> UserError | None:
    """Return the one line for any error of the database driver (SQLite, psycopg or SQLAlchemy); ``None`` for others."""
    if isinstance(target, ServerAddress):
        import sys

        from supportpm_tui.storage.server import is_server_failure, server_error

        sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
        wrapped = sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.SQLAlchemyError)
        return server_error(target, exc) if is_server_failure(exc) or wrapped else None
    return file_driver_error(target, exc)


def open_database(target: Path | ServerAddress) -> tuple[Store, str | None]:
    """Return the existing database at ``target`` opened, with a warning when today's backup could not be taken.

    Raises :class:`UserError` when it cannot be opened (missing, damaged, locked, not ours, unreachable).
    """
    store, no_backup = open_target(target, create=isinstance(target, ServerAddress))  # a team's first use builds it
    return store, None if no_backup is None else f"No daily backup today: {no_backup}"


def open_target(target: Path | ServerAddress, create: bool = False) -> tuple[Store, str | None]:
    """Open a file (with the day's backup: the second value says why it could not be taken) or a team database.

    A team database on PostgreSQL is the organisation's to back up; ``supportpm backup`` copies it on demand.
    """
    if isinstance(target, ServerAddress):
        from supportpm_tui.storage.team import open_server_store

        return open_server_store(target, create=create), None
    from supportpm_tui.services.backups import open_with_daily_backup

    return open_with_daily_backup(target, create=create)
