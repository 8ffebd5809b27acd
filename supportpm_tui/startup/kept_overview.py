"""A warm start: the Overview as it was when the database last changed, shown before anything heavy loads.

Loading SQLAlchemy and computing every rule takes most of a second; a user
opening the dashboard again wants their Overview at once. After each fresh
Overview the dashboard stores it beside a fingerprint of the database: the
file's identity, its schema revision, the newest activity-log entry and the
number of entries, and the day. Every write adds an activity-log entry, so
when the fingerprint still matches at start-up nothing has changed and the
stored Overview is the truth; the dashboard shows it, then opens the database
properly behind it and refreshes as usual. Only light modules are imported
here (the standard library and the Overview's plain data).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from supportpm_tui.core import clock
from supportpm_tui.readmodel.overview_entries import SECTIONS, Entry, OverviewData
from supportpm_tui.settings import paths
from supportpm_tui.storage.file_check import read_only_uri

VERSION = 1


def cache_path(db_path: Path) -> Path:
    """Return where the Overview of ``db_path`` is kept between sessions."""
    digest = hashlib.sha256(os.fsencode(db_path.resolve())).hexdigest()[:24]
    return paths.cache_dir() / "overview" / f"{digest}.json"


def fingerprint(db_path: Path) -> list[Any] | None:
    """Return what identifies the database's current content, or ``None`` when it cannot be read."""
    try:
        stat = db_path.stat()
        conn = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=0.2)
    except (OSError, sqlite3.Error):
        return None
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        # The newest entry of the log and when it was written: two lookups, however long the log.
        newest = conn.execute("SELECT COALESCE(MAX(id), 0) FROM event").fetchone()[0]
        written = conn.execute("SELECT time, batch FROM event WHERE id = ?", (newest,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return [VERSION, stat.st_dev, stat.st_ino, revision[0] if revision else None, newest, *(written or ())]


def ready_to_open(db_path: Path) -> bool:
    """Return whether ``db_path`` looks like a current SupportPM database that opens without help.

    A quick look (waiting at most 0.2 s for a lock): anything unusual (not a
    database, another program's, an older or newer schema, locked) says no,
    and the usual start-up handles it with its own clear message. The pages
    are checked beside the interface's start-up, by the helper computing the
    first Overview (:mod:`supportpm_tui.startup.first_overview`): damage found
    there leaves the opening behind the first screen to say what is wrong.
    """
    from supportpm_tui.core.errors import UserError
    from supportpm_tui.storage.file_check import HEAD_REVISION, inspect_file

    try:
        _, revision = inspect_file(db_path, timeout=0.2, pages=False)
    except UserError:
        return False
    return revision == HEAD_REVISION


_kept: dict[Path, tuple[list[Any], str, tuple[int, int, int]]] = {}  # what this process kept last, by database


def _identity(path: Path) -> tuple[int, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0, 0)
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def save(db_path: Path, key: list[Any], data: OverviewData) -> None:
    """Keep ``data`` (an unfiltered, fresh Overview) for the next start; failures are ignored."""
    today = clock.today().isoformat()
    target = cache_path(db_path)
    if _kept.get(db_path) == (key, today, _identity(target)):
        return  # kept already, and the kept file is as this process wrote it
    record = {"key": key, "today": today, "data": encode(data.first_ones())}
    with contextlib.suppress(OSError):
        paths.make_private_folder(target.parent)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh)
        os.replace(tmp, target)
        _kept[db_path] = (key, today, _identity(target))


def load(db_path: Path) -> OverviewData | None:
    """Return the kept Overview when the database has not changed since, and it is still that day."""
    try:
        record = json.loads(cache_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("today") != clock.today().isoformat():
        return None
    key = fingerprint(db_path)
    if key is None or record.get("key") != key:
        return None
    try:
        return decode(record["data"])
    except (KeyError, TypeError, ValueError):
        return None


def encode(data: OverviewData) -> dict[str, Any]:
    """Return ``data`` as JSON data."""
    out: dict[str, Any] = {name: [vars(entry) for entry in getattr(data, name)] for name in SECTIONS}
    for name in ("today", "week", "since"):
        value = getattr(data, name)
        out[name] = value.isoformat() if isinstance(value, dt.date) else None
    out["empty_database"] = data.empty_database
    out["changes_total"] = data.changes_total
    out["totals"] = dict(data.totals)
    return out


def decode(raw: dict[str, Any]) -> OverviewData:
    """Return the Overview that :func:`encode` gave ``raw`` for (ValueError, KeyError or TypeError if none)."""

    def day(value: Any) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    today, week = day(raw["today"]), day(raw["week"])
    if today is None or week is None:
        raise ValueError("an Overview needs its day and week")
    data = OverviewData(today, week, since=day(raw.get("since")), empty_database=bool(raw.get("empty_database")))
    for name in SECTIONS:
        setattr(data, name, [Entry(**entry) for entry in raw.get(name, [])])
    data.changes_total = max(int(raw.get("changes_total") or 0), len(data.changes))
    totals = raw.get("totals") or {}
    if not isinstance(totals, dict):
        raise TypeError("an Overview's totals are by section")
    data.totals = {name: int(totals[name]) for name in SECTIONS if name in totals}
    return data
