"""Copy a whole database between a file and a team server (either way, or file to file), checked row for row.

The copy is one transaction on the target: every table is emptied and filled
in the order their links need, ids kept (and the ids ever handed out, so none
is reused), then each table's rows are counted on both sides before it commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, text
from sqlmodel import Session, SQLModel

from supportpm_tui.core.errors import UserError
from supportpm_tui.services.connection import ServerAddress, open_target
from supportpm_tui.storage.database import Store

CHUNK = 2000


@dataclass(frozen=True)
class Copied:
    """What a copy wrote: rows per table, and where from and to."""

    source: str
    target: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        """All rows copied."""
        return sum(self.rows.values())


def _tables() -> list[Table]:
    import supportpm_tui.storage.models  # noqa: F401  (registers the tables)

    return list(SQLModel.metadata.sorted_tables)


def counts(session: Session) -> dict[str, int]:
    """Return each table's number of rows."""
    return {t.name: int(session.execute(select(func.count()).select_from(t)).scalar() or 0) for t in _tables()}


def holds_data(session: Session) -> int:
    """Return how many rows the database holds beyond its settings (0 for a new one)."""
    return sum(n for name, n in counts(session).items() if name != "settings")


def copy_database(source: Path | ServerAddress, target: Path | ServerAddress, replace: bool = False) -> Copied:
    """Copy everything ``source`` holds into ``target``; return what was copied.

    Refuses (:class:`UserError`) a target that already holds data unless
    ``replace``, a source that is the target, and a source that cannot be opened.
    """
    same_file = isinstance(target, Path) and isinstance(source, Path) and target.exists() and source.exists()
    if source == target or (same_file and target.resolve() == source.resolve()):  # type: ignore[union-attr]
        raise UserError("the source and the target are the same database")
    src, _ = open_target(source, create=False)
    try:
        dst, _ = open_target(target, create=True)
        try:
            return copy_between(src, dst, replace)
        finally:
            dst.close()
    finally:
        src.close()


def copy_between(src: Store, dst: Store, replace: bool = False) -> Copied:
    """Copy everything ``src`` holds into ``dst`` in one transaction on ``dst``; return what was copied."""
    tables = _tables()
    with src.read() as reading:
        expected = counts(reading)
        marks = {t.name: _high_water(src, reading, t.name) for t in tables}
        with dst.write() as writing:
            present = holds_data(writing)
            if present and not replace:
                raise UserError(
                    f"{dst.shown} already holds data ({present} rows); add --replace to overwrite it with {src.shown}"
                )
            for table in reversed(tables):
                writing.execute(delete(table))
            for table in tables:
                _copy_rows(reading, writing, table)
                _set_high_water(dst, writing, table.name, marks[table.name])
            got = counts(writing)
            wrong = [f"{name} ({got[name]} of {n})" for name, n in expected.items() if got.get(name) != n]
            if wrong:
                raise UserError(f"the copy did not count the same and was not saved: {', '.join(wrong)}")
    return Copied(src.shown, dst.shown, expected)


def _copy_rows(reading: Session, writing: Session, table: Table) -> None:
    order = [c for c in table.primary_key.columns]
    result = reading.execute(select(table).order_by(*order))
    while True:
        rows = result.fetchmany(CHUNK)
        if not rows:
            break
        writing.execute(insert(table), [dict(row._mapping) for row in rows])


def _high_water(store: Store, session: Session, table: str) -> int | None:
    """Return the highest id ``table`` ever handed out (deleted items' ids included), if it hands out ids."""
    if "id" not in SQLModel.metadata.tables[table].columns:
        return None  # a table of links: no ids of its own
    if store.address is not None:
        sequence = session.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar()
        if sequence is None:
            return None
        row = session.execute(text(f"SELECT last_value, is_called FROM {sequence}")).one()
        return int(row[0]) if row[1] else 0
    found = session.execute(text("SELECT seq FROM sqlite_sequence WHERE name = :t"), {"t": table}).first()
    return int(found[0]) if found else None


def _set_high_water(store: Store, session: Session, table: str, mark: int | None) -> None:
    """Make ``table`` hand out ids above ``mark`` and above every id it holds, as the source would."""
    if "id" not in SQLModel.metadata.tables[table].columns:
        return  # a table of links: no ids of its own
    highest = int(session.execute(text(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')).scalar() or 0)
    top = max(highest, mark or 0)
    if store.address is not None:
        sequence = session.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar()
        if sequence is not None:
            session.execute(
                text("SELECT setval(:s, :v, :called)"), {"s": sequence, "v": max(top, 1), "called": top > 0}
            )
        return
    has_sequence = session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")).first()
    if has_sequence is None or (mark is None and not _autoincrement(session, table)):
        return
    session.execute(text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table})
    session.execute(text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :v)"), {"t": table, "v": top})


def _autoincrement(session: Session, table: str) -> bool:
    sql: Any = session.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table})
    row = sql.first()
    return bool(row and "AUTOINCREMENT" in (row[0] or "").upper())


def check_team(store: Store) -> dict[str, Any]:
    """Return what ``supportpm check`` reports of a team database: schema, user, rights, rows, problems."""
    from supportpm_tui.storage.file_check import HEAD_REVISION

    problems: list[str] = []
    with store.read() as session:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        rows = counts(session)
        orphans = session.execute(
            text("SELECT count(*) FROM task WHERE project_id NOT IN (SELECT id FROM project)")
        ).scalar()
    if orphans:
        problems.append(f"foreign key: {orphans} cards point at a missing project")
    return {
        "database": store.shown,
        "schema": revision,
        "schema_current": revision == HEAD_REVISION,
        "user": store.role,
        "read_only": store.read_only,
        "rows": sum(rows.values()),
        "ok": not problems,
        "problems": problems,
    }


def backup_team(store: Store, dest: Path | None = None) -> Path:
    """Write the team database into a new SupportPM file (default: the backups folder); return its path.

    The file is a whole database: open it with ``--db``, or give it to
    ``supportpm restore`` to bring the team database back to it.
    """
    from supportpm_tui.core import clock
    from supportpm_tui.settings import paths
    from supportpm_tui.storage.database import open_store, remove_database_files

    if dest is None:
        folder = paths.data_dir() / "team-backups"
        paths.make_private_folder(folder)
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in store.path.name)
        base = f"{stem}-{clock.now_utc():%Y%m%dT%H%M%SZ}"
        dest = folder / f"{base}.db"
        n = 1
        while dest.exists():
            n += 1
            dest = folder / f"{base}-{n}.db"
    if dest.exists():
        raise UserError(f"{dest} already exists; give a new file name")
    try:
        copy = open_store(dest, create=True)
    except UserError:
        raise
    try:
        copy_between(store, copy)
    except BaseException:
        copy.close()
        remove_database_files(dest)
        raise
    copy.close()
    return dest


def restore_team(store: Store, source: Path) -> tuple[Copied, Path]:
    """Make the team database hold what the SupportPM file ``source`` holds (one transaction on the server).

    The file is checked first; then what the database held is kept in a file
    of its own (returned with what was copied).
    """
    from supportpm_tui.storage.database import damage_of, open_store

    if not source.is_file():
        raise UserError(f"{source} cannot be restored: it does not exist")
    damage = damage_of(source)
    if damage is not None:
        raise UserError(f"{source} cannot be restored: {damage}")
    backup_file = open_store(source, create=False)
    try:
        kept = backup_team(store)
        return copy_between(backup_file, store, replace=True), kept
    finally:
        backup_file.close()
