"""What identifies a SupportPM database file, and what is wrong with one that is not.

Light to import (the standard library only): the dashboard's quick start
checks a file with it before the database layer loads.
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
import sys
from pathlib import Path
from urllib.parse import quote_from_bytes

from supportpm_tui.core.errors import UserError

APPLICATION_ID = 0x53504D31  # "SPM1"
SCHEMA_REVISIONS = [
    "0001_initial",
    "0002_versions_and_sessions",
    "0003_event_database_user",
    "0004_checklists_and_time",
    "0005_status_updates",
    "0006_metrics_and_reviews",
    "0007_interop",
    "0008_log_indexes",
    "0009_done_cards_index",
]
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


def sqlite_path(path: str | os.PathLike[str]) -> str:
    """Return ``path`` as SQLite should be given it: absolute, so never an address or ``:memory:``.

    This SQLite reads a name beginning ``file:`` as an address, and ``:memory:``
    as no file at all; an absolute path is always the file itself.
    """
    return os.path.abspath(os.fspath(path))


def read_only_uri(path: str | os.PathLike[str]) -> str:
    """Return the ``file:`` address that opens ``path`` read-only, whatever characters its name holds.

    Every byte of the name that means something in an address (``?``, ``#``, ``%``,
    spaces, anything outside ASCII) is percent-encoded, so the file opened is
    exactly the one named.
    """
    return f"file:{quote_from_bytes(os.fsencode(sqlite_path(path)), safe='/')}?mode=ro"


def forgiving_text(raw: bytes) -> str:
    """Decode a stored text, showing bytes that are not UTF-8 (a damaged page) as replacement marks."""
    return raw.decode("utf-8", "replace")


def open_read_only(path: str | os.PathLike[str], timeout: float) -> sqlite3.Connection:
    """Return a read-only connection to ``path`` for checks: any text it reads back decodes, even from damage."""
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=timeout)
    conn.text_factory = forgiving_text
    return conn


def readable_error(exc: UnicodeDecodeError) -> sqlite3.DatabaseError:
    """Return the SQLite error whose message could not be decoded (it quotes damaged bytes), made readable.

    Python's sqlite3 raises ``UnicodeDecodeError`` in place of the error itself
    when SQLite's message quotes bytes that are not UTF-8, as "malformed
    database schema" does for a damaged schema.
    """
    raw = exc.object if isinstance(exc.object, bytes) else bytes(exc.object)
    return sqlite3.DatabaseError(raw.decode("utf-8", "replace"))


def first_line(exc: object) -> str:
    """Return the first line of an error's message (its type when it has none)."""
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


TOO_LARGE = "a number given is too large: the database holds whole numbers up to 9223372036854775807"
"""What a change given a number past a 64-bit integer (an id of 20 digits) is refused with."""


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


def has_sqlite_header(path: Path) -> bool:
    """Return whether the file starts as a SQLite database does (only for a file no connection can use)."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError:
        return False
    return header.startswith(_SQLITE_HEADER) and len(header) == 100


def driver_error(path: Path | str, exc: BaseException) -> UserError | None:
    """Return the one line for any error of the database driver (SQLite or SQLAlchemy); ``None`` for others."""
    if isinstance(exc, sqlite3.Error):
        return database_error(Path(path), exc)
    if isinstance(exc, UnicodeDecodeError) and _raised_by_driver(exc):  # its message quotes damaged bytes
        return database_error(Path(path), readable_error(exc))
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")  # loaded only once a database was opened through it
    if sqlalchemy_exc is None or not isinstance(exc, sqlalchemy_exc.SQLAlchemyError):
        return None
    return database_error(Path(path), exc.orig if isinstance(exc, sqlalchemy_exc.DBAPIError) else exc)


def _raised_by_driver(exc: BaseException) -> bool:
    """Whether ``exc`` came out of a database call (its innermost frame is SQLAlchemy's or our storage's)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return False
    where = tb.tb_frame.f_code.co_filename.replace(os.sep, "/")
    return "/sqlalchemy/" in where or "/supportpm_tui/storage/" in where


def inspect_file(path: Path, timeout: float = BUSY_TIMEOUT_S, pages: bool = True) -> tuple[int, str | None]:
    """Return (application_id, schema revision) of an existing file; raise if not ours.

    ``timeout`` is how long to wait for a writer's lock; ``pages``: check
    every page of a small file too (see :func:`check_pages`).
    """
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a SupportPM database")
    # The file is read through SQLite only: closing a file this process opened itself would drop
    # the locks (POSIX) that its open connections hold on it, and another process closing last
    # could then delete the WAL under them, and the writes they make after.
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    if not os.access(path, os.R_OK):
        raise UserError(f"cannot read {path}: permission denied")
    if size == 0:
        raise UserError(f"{path} is an empty file, not a SupportPM database")
    if size < 100:
        raise UserError(f"{path} is not a SQLite database")
    try:
        conn = open_read_only(path, timeout)
        try:
            # Read through SQLite: page 1 may still live in the WAL of a writer.
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise UserError(f"{path} is a SQLite database but not a SupportPM one")
            if pages:
                _check_pages(path, conn)
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has_version else None
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            exc = readable_error(exc)
        if not has_sqlite_header(path):  # unusable anyway: now its first bytes may be read
            raise UserError(f"{path} is not a SQLite database") from None
        raise database_error(path, exc) from None
    return app_id, (row[0] if row else None)


QUICK_CHECK_LIMIT = 32 * 1024 * 1024
"""Files up to this size have every page checked at open (about 1 ms a megabyte)."""


def check_pages(path: Path, timeout: float = BUSY_TIMEOUT_S) -> None:
    """Raise :class:`UserError` when SQLite's ``quick_check`` finds damage in the file (a small one only)."""
    try:
        conn = open_read_only(path, timeout)
        try:
            _check_pages(path, conn)
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise UserError(f"{path} is damaged: {exc}") from None


def _check_pages(path: Path, conn: sqlite3.Connection) -> None:
    """Raise when SQLite's ``quick_check`` finds damage; only on files small enough to check quickly.

    Larger files get the schema check at open and the full check in ``supportpm check``.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size > QUICK_CHECK_LIMIT:
        return
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if [r[0] for r in rows] != ["ok"]:
        raise UserError(f"{path} is damaged; restore a backup with 'supportpm restore FILE'")


def schema_problems(path: Path, expected: dict[str, set[str]], timeout: float = BUSY_TIMEOUT_S) -> list[str]:
    """Return what ``path`` lacks of the tables and columns in ``expected`` (read-only; empty when all there)."""
    problems: list[str] = []
    try:
        conn = open_read_only(path, timeout)
        try:
            for table, columns in sorted(expected.items()):
                have = {row[1] for row in conn.execute(f"PRAGMA table_info('{table}')")}
                if not have:
                    problems.append(f"table {table} is missing")
                    continue
                missing = sorted(columns - have)
                if missing:
                    problems.append(f"table {table} lacks {', '.join(missing)}")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise database_error(path, exc) from None
    except UnicodeDecodeError as exc:
        raise database_error(path, readable_error(exc)) from None
    return problems


def refuse_bad_schema(path: Path, problems: list[str]) -> None:
    """Raise the one line for a SupportPM file whose tables are not what SupportPM wrote."""
    if problems:
        raise UserError(
            f"{path} is a SupportPM database with a damaged schema ({problems[0]}); "
            "it was left untouched: restore a backup with 'supportpm restore FILE'"
        )


def copy_database(source: Path, dest: Path) -> None:
    """Write a consistent copy of ``source`` to ``dest`` (mode 0600) with SQLite's backup API.

    Raises :class:`UserError` for anything that stops the copy (a full disk, a
    folder that cannot be written, a damaged source); what was written of
    ``dest`` and its journal is removed first.
    """
    if dest.exists():
        raise UserError(f"{dest} already exists; choose another name")
    if not dest.parent.is_dir():
        raise UserError(f"cannot write {dest}: the folder {dest.parent} does not exist")
    try:
        fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise UserError(f"{dest} already exists; choose another name") from None
    except OSError as exc:
        raise UserError(f"cannot write {dest}: {exc.strerror}") from None
    os.close(fd)
    try:
        src = sqlite3.connect(sqlite_path(source), timeout=BUSY_TIMEOUT_S)
        try:
            dst = sqlite3.connect(sqlite_path(dest))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except BaseException as exc:
        remove_database_files(dest)
        if isinstance(exc, sqlite3.Error | OSError):
            raise UserError(f"cannot copy {source} to {dest}: {reason_of(exc)}") from None
        raise


def reason_of(exc: BaseException) -> str:
    """Return why an operation on a file failed, in a few words: the system's reason, or the error's first line."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return first_line(exc)


def remove_database_files(path: Path) -> None:
    """Delete ``path`` and its journal, WAL and shared-memory companions, as far as they exist."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
