"""The day's automatic backup of a database file, taken when a command or the dashboard opens it.

Light to import (the standard library and the settings): a read on the command
line takes the backup before, or without, loading the database layer.
"""

from __future__ import annotations

import contextlib
import glob
import os
import time
from pathlib import Path

from supportpm_tui.core import clock
from supportpm_tui.settings import paths
from supportpm_tui.storage.file_check import copy_database, remove_database_files

DAILY_KEEP = 7


def daily_backups_to_keep() -> int:
    """Return how many daily backups to keep: ``SUPPORTPM_DAILY_BACKUPS``, else the config file, else 7.

    Zero turns the daily backup off.
    """
    from supportpm_tui.settings.config import load_config

    raw = os.environ.get("SUPPORTPM_DAILY_BACKUPS", load_config().get("daily_backups", DAILY_KEEP))
    try:
        return max(0, int(raw))
    except (TypeError, ValueError):
        return DAILY_KEEP


STALE_SECONDS = 3600  # a temporary copy this old was left by a backup that was interrupted


def daily_backup_of(path: Path, keep: int | None = None) -> Path | None:
    """Take today's backup of the file at ``path`` if there is none yet; keep the newest ``keep``; return the new file.

    The copy is written under a temporary name of this process's own and
    renamed when complete, so a backup interrupted half-way is never
    mistaken for today's, and processes that start together never touch
    each other's copies: they may both copy, and one file for the day
    remains. Temporary copies are cleaned up only when an hour old.
    Raises :class:`UserError` or :class:`OSError` when the copy cannot be made.
    """
    keep = daily_backups_to_keep() if keep is None else keep
    if keep <= 0:
        return None
    folder = paths.backup_dir(path)
    stem = f"{path.stem}-daily-"
    dest = folder / f"{stem}{clock.today():%Y-%m-%d}.db"
    if dest.exists():
        return None
    import secrets  # only here: it loads OpenSSL, and a read that finds today's backup needs none

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _sweep_interrupted(folder, f".{stem}")
    tmp = folder / f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    copy_database(path, tmp)  # on failure it leaves nothing behind
    try:
        if dest.exists():  # another process finished first
            return None
        os.replace(tmp, dest)
    finally:
        remove_database_files(tmp)
    for old in sorted(folder.glob(f"{glob.escape(stem)}*.db"))[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink(missing_ok=True)
    return dest


def _sweep_interrupted(folder: Path, prefix: str) -> None:
    """Delete temporary copies (and their journals) that an interrupted backup left over an hour ago."""
    now = time.time()
    for left in folder.glob(f"{glob.escape(prefix)}*.tmp*"):
        with contextlib.suppress(OSError):
            if now - left.stat().st_mtime > STALE_SECONDS:
                left.unlink()


def one_line(exc: BaseException) -> str:
    """Return why a backup failed, in one line: the system's reason (and the file), or the error's first line."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
