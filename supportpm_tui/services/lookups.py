"""Look-ups in plain SQL, shared by the services and the command line's quick reads.

Each takes a DB-API connection (a file's ``sqlite3`` connection, or the one
under a session, see :meth:`~supportpm_tui.storage.database.Store.plain`) and
writes SQLite's ``?`` placeholders, which a team database reads too. Light to
import: the standard library and the core only.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from supportpm_tui.core import clock
from supportpm_tui.core.changes import read_changes
from supportpm_tui.core.errors import FieldError, Hint
from supportpm_tui.core.text import clean_line, name_key
from supportpm_tui.core.vocabulary import COLUMN_ORDER, Column

COLUMNS = [c.value for c in COLUMN_ORDER]
# A card the activity log never saw moving into blocked (added there, or logged before) goes back to the column
# before blocked.
FALLBACK = COLUMNS[COLUMNS.index(Column.blocked.value) - 1]
CHUNK = 500  # ids per query: SQLite takes a bounded number of parameters


class PlainReader(Protocol):
    """What reads in plain SQL: an open database (:class:`~supportpm_tui.storage.database.Store`) or a file
    read without the database layer (:class:`~supportpm_tui.services.file_reads.FileReader`)."""

    def plain(self) -> AbstractContextManager[Any]:
        """Return a context that yields a DB-API connection inside one read transaction."""
        ...


def one_of(value: str, field: str, allowed: type[Any]) -> str:
    """Return ``value`` when it names a member of the enum ``allowed``; else raise."""
    text = clean_line(value).lower().replace("-", "_").replace(" ", "_")
    names = [m.value for m in allowed]
    if text not in names:
        raise FieldError(field, f"{value!r} is not one of {', '.join(names)}")
    return text


def split_tags(text: str) -> list[str]:
    """Return stored tags as a list."""
    return [t for t in text.split(",") if t]


def project_id_of(conn: Any, key: str, field: str = "project") -> int:
    """Return the id of the project with ``key`` (case-insensitive); raise when there is none."""
    wanted = clean_line(key).upper()
    row = conn.execute("SELECT id FROM project WHERE key = ? LIMIT 1", (wanted,)).fetchone()
    if row is None:
        raise FieldError(field, f"no project with key {wanted!r}", Hint("project"))
    return int(row[0])


def person_id_of(conn: Any, name: str, field: str = "person") -> int:
    """Return the id of the person called ``name`` (case-insensitive, in every script); raise when there is none."""
    wanted = clean_line(name)
    key = name_key(wanted)
    for pid, stored in conn.execute("SELECT id, name FROM person ORDER BY id").fetchall():
        if name_key(stored) == key:
            return int(pid)
    raise FieldError(field, f"no person named {wanted!r}", Hint("person"))


def milestone_id_of(conn: Any, ref: str, project_id: int | None = None, field: str = "milestone") -> int:
    """Return the id of the milestone named ``ref`` (within the project, if given) or with id ``ref``; else raise."""
    text = clean_line(ref)
    key = name_key(text)
    where, params = ("WHERE project_id = ? ", (project_id,)) if project_id is not None else ("", ())
    rows = conn.execute(f"SELECT id, name FROM milestone {where}ORDER BY id", params).fetchall()
    found = [int(mid) for mid, name in rows if name_key(name) == key]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise FieldError(field, f"{text!r} names milestones in several projects; give --project")
    number = text.isascii() and text.isdigit()
    if number:
        row = conn.execute("SELECT project_id FROM milestone WHERE id = ?", (int(text),)).fetchone()
        if row is not None and (project_id is None or row[0] == project_id):
            return int(text)
    if number and project_id is None:  # an id: say so when it was deleted
        raise FieldError(field, missing_text(conn, "milestone", int(text), "milestone"), Hint("milestone"))
    in_project = " in that project" if project_id is not None else ""
    raise FieldError(field, f"no milestone {text!r}{in_project}", Hint("milestone"))


def missing_text(conn: Any, entity: str, oid: int, label: str) -> str:
    """Return why there is no ``label`` ``oid``: deleted (by whom, when), or never there."""
    gone = conn.execute(
        "SELECT actor, time FROM event WHERE entity = ? AND entity_id = ? AND action = 'delete' "
        "ORDER BY id DESC LIMIT 1",
        (entity, oid),
    ).fetchone()
    if gone is None:
        return f"no {label} with id {oid}"
    when = clock.from_stored(gone[1]).astimezone().strftime("%d %b %H:%M")
    return f"{label} {oid} was deleted by {gone[0]} ({when})"


def task_blockers(conn: Any) -> dict[int, list[int]]:
    """Return every card's blockers (done or not), by card id."""
    found: dict[int, list[int]] = {}
    for task_id, blocker_id in conn.execute("SELECT task_id, blocker_id FROM task_blocker").fetchall():
        found.setdefault(task_id, []).append(blocker_id)
    return found


def open_blockers(conn: Any, task_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Return the cards each card still waits for (its blockers not yet done), by card id; all cards when ``None``."""
    rows = conn.execute(
        "SELECT task_blocker.task_id, task_blocker.blocker_id FROM task_blocker "
        'JOIN task ON task.id = task_blocker.blocker_id WHERE task."column" != ? '
        "ORDER BY task_blocker.task_id, task_blocker.blocker_id",
        (Column.done.value,),
    ).fetchall()
    wanted = None if task_ids is None else set(task_ids)
    waits: dict[int, list[int]] = {}
    for task_id, blocker_id in rows:
        if wanted is None or task_id in wanted:
            waits.setdefault(task_id, []).append(blocker_id)
    return waits


def blocked_from(conn: Any, task_ids: Iterable[int]) -> dict[int, str]:
    """Return, for each of the cards, the column its last move into blocked came from.

    The activity log says it: the last ``move`` Event of the card whose
    ``column`` went to blocked. A card with no such move gets :data:`FALLBACK`.
    """
    ids = sorted(set(task_ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = conn.execute(
            "SELECT entity_id, changes FROM event WHERE entity = 'task' "
            f"AND entity_id IN ({', '.join('?' for _ in chunk)}) AND action = 'move' AND changes LIKE ? "
            "ORDER BY id",
            (*chunk, '%"column"%'),
        ).fetchall()
        for task_id, changes in rows:
            old, new = read_changes(changes).get("column", (None, None))
            if new == Column.blocked and old in COLUMNS and old != Column.blocked:
                found[task_id] = old
    return {task_id: found.get(task_id, FALLBACK) for task_id in ids}
