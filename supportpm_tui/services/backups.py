"""Backups, restore and checks of the database file; opening it with the day's automatic backup."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.services.daily_backup import daily_backup_of, one_line
from supportpm_tui.settings import paths
from supportpm_tui.storage.database import (
    HEAD_REVISION,
    SCHEMA_REVISIONS,
    Store,
    copy_database,
    damage_of,
    file_mode,
    first_line,
    inspect_file,
    integrity_problems,
    open_store,
    remove_database_files,
    set_aside,
    write_into,
)


def backup(store: Store, dest: Path | None = None) -> Path:
    """Write a consistent copy of the database (default: the backups folder); return its path."""
    if dest is None:
        folder = paths.backup_dir(store.path)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot make the backups folder {folder}: {exc.strerror or exc}") from None
        dest = _free_name(folder, f"{store.path.stem}-{clock.now_utc():%Y%m%dT%H%M%SZ}", ".db")
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


@dataclass(frozen=True)
class Restored:
    """What a restore did with the database it replaced."""

    kept: Path | None  # a copy of the database it replaced (None: there was none)
    damaged: str | None = None  # why the file it replaced could not be used (it was moved to ``kept``)


class DamagedDatabase(UserError):
    """The file a restore would replace is damaged or not a SupportPM database: replace it only when asked."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} cannot be opened as a SupportPM database ({reason})")
        self.path = path
        self.reason = reason


def restore(store_path: Path, source: Path, replace_damaged: bool = False) -> Restored:
    """Make the database at ``store_path`` hold what the backup ``source`` holds, after checking it.

    A database in use is never swapped: the backup is written into it
    through SQLite (see :func:`write_into`), so a dashboard or a command that
    holds it open goes on, sees the restored data and saves into it. A copy
    of the database it replaces is kept beside it. A backup of an older
    schema is upgraded on a private copy first (``source`` is not touched).
    A current file that is damaged, or not SQLite at all, is replaced only
    with ``replace_damaged`` (else :class:`DamagedDatabase`); it is moved
    aside as it is.
    """
    if not source.exists():
        raise UserError(f"{source} does not exist")
    trouble = damage_of(source)
    if trouble is not None:
        raise UserError(f"{source} cannot be restored: {trouble}")
    folder = store_path.parent
    try:
        workdir = tempfile.mkdtemp(prefix=f".{store_path.name}.restore-", dir=folder)
    except OSError as exc:
        raise UserError(f"cannot restore into {folder}: {exc.strerror or exc}") from None
    try:
        prepared = Path(workdir) / "restore.db"
        _prepare(source, prepared)
        if not store_path.exists():
            copy_database(prepared, store_path)
            return Restored(kept=None)
        damaged = damage_of(store_path)
        if damaged is not None:
            if not replace_damaged:
                raise DamagedDatabase(store_path, damaged)
            aside = set_aside(store_path, "damaged")
            copy_database(prepared, store_path)
            return Restored(kept=aside, damaged=damaged)
        kept = _free_name(folder, f"{store_path.stem}-replaced-{clock.now_utc():%Y%m%dT%H%M%SZ}", ".db")
        copy_database(store_path, kept)
        try:
            write_into(store_path, prepared)
        except BaseException:  # nothing was replaced: nothing to keep
            remove_database_files(kept)
            raise
        return Restored(kept=kept)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _prepare(source: Path, prepared: Path) -> None:
    """Copy ``source`` to ``prepared``, check it, and bring it to the current schema."""
    copy_database(source, prepared)
    _, revision = inspect_file(prepared)
    if revision is not None and revision not in SCHEMA_REVISIONS:
        raise UserError(f"{source} was written by a newer SupportPM (schema {revision}); upgrade SupportPM")
    problems = integrity_problems(prepared)
    if problems:
        raise UserError(f"{source} fails its integrity check: {problems[0]}")
    if revision != HEAD_REVISION:
        try:
            open_store(prepared, create=False).close()  # upgrades the copy
        except UserError:
            raise
        except Exception as exc:  # the upgrade of someone else's file failed: say why, in one line
            raise UserError(
                f"{source} could not be brought up to this version of SupportPM: {first_line(exc)}"
            ) from None


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    dest = folder / f"{stem}{suffix}"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"{stem}-{n}{suffix}"
    return dest


def daily_backup(store: Store, keep: int | None = None) -> Path | None:
    """Take today's automatic backup of ``store``'s file if there is none yet; return the new file (see
    :func:`~supportpm_tui.services.daily_backup.daily_backup_of`)."""
    return daily_backup_of(store.path, keep)


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
    except (UserError, OSError, sqlite3.Error) as exc:  # disk full, a folder that cannot be written, a race
        return store, one_line(exc)
    except BaseException:
        store.close()
        raise
    return store, None
