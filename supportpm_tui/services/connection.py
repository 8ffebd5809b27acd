"""The database as an interface holds it: open it (with the day's backup), and see what changed since last time.

The dashboard reaches the storage layer only through the services; this is
the handle it keeps and passes to every service call.
"""

from __future__ import annotations

from pathlib import Path

from supportpm_tui.services.activity import changes_since
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.file_check import driver_error

__all__ = ["Store", "changes_since", "driver_error", "open_database"]


def open_database(path: Path) -> tuple[Store, str | None]:
    """Return the existing database at ``path`` opened, with a warning when today's backup could not be taken.

    Raises :class:`UserError` when the file cannot be opened (missing, damaged, locked, not ours).
    """
    from supportpm_tui.services.backups import open_with_daily_backup

    store, no_backup = open_with_daily_backup(path)
    return store, None if no_backup is None else f"No daily backup today: {no_backup}"
