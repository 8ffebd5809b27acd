"""Backups, restore and checks of the database file; opening it with the day's automatic backup."""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Any

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.settings import paths
from supportpm_tui.storage.database import (
    HEAD_REVISION,
    Store,
    copy_database,
    file_mode,
    inspect_file,
    integrity_problems,
    open_store,
    replace_database,
)


def backup(store: Store, dest: Path | None = None) -> Path:
    """Write a consistent copy of the database (default: the backups folder); return its path."""
    if dest is None:
        folder = paths.backup_dir(store.path)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        dest = folder / f"{store.path.stem}-{clock.now_utc():%Y%m%dT%H%M%SZ}.db"
        n = 1
        while dest.exists():
            n += 1
            dest = folder / f"{store.path.stem}-{clock.now_utc():%Y%m%dT%H%M%SZ}-{n}.db"
    copy_database(store.path, dest)
    return dest


def check(path: Path) -> dict[str, Any]:
    """Return the integrity, schema version and permissions of the database at ``path``."""
    _, revision = inspect_file(path)
    problems = integrity_problems(path)
    mode = file_mode(path)
    if mode & 0o077:
        problems.append(f"{path} is readable by others (mode {mode:o}); run: chmod 600 {path}")
    return {
        "path": str(path),
        "schema": revision,
        "schema_current": revision == HEAD_REVISION,
        "mode": f"{mode:o}",
        "ok": not problems,
        "problems": problems,
    }


def restore(store_path: Path, source: Path) -> Path | None:
    """Replace the database with ``source`` after checking it; return where the old one went."""
    if not source.exists():
        raise UserError(f"{source} does not exist")
    _, revision = inspect_file(source)
    if revision != HEAD_REVISION:
        raise UserError(f"{source} has schema {revision}; open it with 'supportpm --db' to upgrade it first")
    problems = integrity_problems(source)
    if problems:
        raise UserError(f"{source} fails its integrity check: {problems[0]}")
    if not store_path.exists():
        copy_database(source, store_path)
        return None
    kept = store_path.with_name(f"{store_path.stem}-replaced-{clock.now_utc():%Y%m%dT%H%M%SZ}.db")
    copy_database(store_path, kept)
    replace_database(store_path, source)
    return kept


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


def daily_backup(store: Store, keep: int | None = None) -> Path | None:
    """Take today's automatic backup if there is none yet; keep the newest ``keep``; return the new file.

    The copy is written under a temporary name and renamed when complete,
    so a backup interrupted half-way is never mistaken for today's.
    """
    keep = daily_backups_to_keep() if keep is None else keep
    if keep <= 0:
        return None
    folder = paths.backup_dir(store.path)
    stem = f"{store.path.stem}-daily-"
    dest = folder / f"{stem}{clock.today():%Y-%m-%d}.db"
    if dest.exists():
        return None
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for stale in folder.glob(f".{glob.escape(stem)}*.tmp"):  # left by a backup that was interrupted
        stale.unlink(missing_ok=True)
    tmp = folder / f".{dest.name}.{os.getpid()}.tmp"
    try:
        copy_database(store.path, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    for old in sorted(folder.glob(f"{glob.escape(stem)}*.db"))[:-keep]:
        old.unlink(missing_ok=True)
    return dest


def open_with_daily_backup(path: Path, create: bool = False) -> tuple[Store, str | None]:
    """Return the database at ``path`` opened, and why today's automatic backup could not be taken (else ``None``).

    With ``create`` a missing file is made, and a file made just now has
    nothing to keep yet, so it gets no backup. A backup that fails is only
    reported: the database is open all the same. Raises :class:`UserError`
    when the file cannot be opened (missing, damaged, locked, not ours).
    """
    made_now = create and not path.exists()
    store = open_store(path, create=create)
    if made_now:
        return store, None
    try:
        daily_backup(store)
    except (UserError, OSError) as exc:
        return store, str(exc)
    except BaseException:
        store.close()
        raise
    return store, None
