"""What identifies a SupportPM database file, and what is wrong with one that is not.

Light to import (the standard library only): the dashboard's quick start
checks a file with it before the database layer loads.
"""

from __future__ import annotations

import math
import os
import sqlite3
import sys
from pathlib import Path

from supportpm_tui.core.errors import UserError

APPLICATION_ID = 0x53504D31  # "SPM1"
SCHEMA_REVISIONS = ["0001_initial", "0002_versions_and_sessions"]
HEAD_REVISION = SCHEMA_REVISIONS[-1]


def _busy_timeout() -> float:
    """Return ``SUPPORTPM_BUSY_TIMEOUT`` in seconds (0–3600); a warning and the default of 10 when it is not one."""
    raw = os.environ.get("SUPPORTPM_BUSY_TIMEOUT", "10")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= 3600:
        shown = "".join(c if c.isprintable() else "?" for c in raw)[:40]
        print(f"supportpm: warning: SUPPORTPM_BUSY_TIMEOUT={shown!r} is not 0–3600 seconds; using 10", file=sys.stderr)
        return 10.0
    return value


BUSY_TIMEOUT_S = _busy_timeout()
_SQLITE_HEADER = b"SQLite format 3\x00"


def first_line(exc: object) -> str:
    """Return the first line of an error's message (its type when it has none)."""
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def database_error(path: Path, exc: BaseException | None) -> UserError:
    """Return the one-line message for a low-level SQLite failure on ``path``."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return UserError(
            f"{path} is busy: another program held it locked for over "
            f"{BUSY_TIMEOUT_S:g} s; nothing was changed, try again"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return UserError(f"cannot write to {path}: the file or its folder is read-only")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return UserError(f"{path} is damaged; restore a backup with 'supportpm restore FILE'")
    if "disk" in text and "full" in text:
        return UserError(f"the disk holding {path} is full; nothing was changed")
    return UserError(f"database error on {path}: {first_line(exc)}")


def inspect_file(path: Path, timeout: float = BUSY_TIMEOUT_S) -> tuple[int, str | None]:
    """Return (application_id, schema revision) of an existing file; raise if not ours.

    ``timeout`` is how long to wait for a writer's lock.
    """
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a SupportPM database")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except PermissionError:
        raise UserError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    if not header:
        raise UserError(f"{path} is an empty file, not a SupportPM database")
    if not header.startswith(_SQLITE_HEADER) or len(header) < 100:
        raise UserError(f"{path} is not a SQLite database")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)
        try:
            # Read through SQLite: page 1 may still live in the WAL of a writer.
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise UserError(f"{path} is a SQLite database but not a SupportPM one")
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has_version else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise database_error(path, exc) from None
    return app_id, (row[0] if row else None)
