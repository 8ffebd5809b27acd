"""Storage: file creation, pragmas, refusing foreign files, migrations, concurrency."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from supportpm_tui.core.errors import UserError
from supportpm_tui.services import people
from supportpm_tui.storage.database import APPLICATION_ID, HEAD_REVISION, Store, file_mode, open_store


def test_new_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    store = open_store(path)
    people.add_person(store, "Ana")
    assert file_mode(path) == 0o600
    assert file_mode(Path(f"{path}-wal")) == 0o600
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
    store.close()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        open_store(tmp_path / "nowhere" / "x.db")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"hello, I am a text file\n" * 10, "not a SQLite database")],
)
def test_files_that_are_not_databases_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        open_store(path)
    assert path.read_bytes() == content


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="not a SupportPM one"):
        open_store(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="newer SupportPM"):
        open_store(path)


def _empty_supportpm_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()


def test_a_database_behind_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _empty_supportpm_file(path)
    store = open_store(path)
    backups = list(tmp_path.glob("old.db.pre-migration-*.bak"))
    assert len(backups) == 1
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD_REVISION
    people.add_person(store, "Ana")
    store.close()


def test_the_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    path = tmp_path / "migrated.db"
    _empty_supportpm_file(path)
    open_store(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        migrated = _schema(conn)
    engine.dispose()
    created = tmp_path / "created.db"
    open_store(created).close()
    engine = create_engine(f"sqlite:///{created}")
    with engine.connect() as conn:
        assert _schema(conn) == migrated
    engine.dispose()


def _schema(conn) -> dict[str, list[tuple[str, str, int]]]:  # type: ignore[no-untyped-def]
    tables = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))]
    return {t: [(r[1], r[2], r[3]) for r in conn.execute(text(f'PRAGMA table_info("{t}")'))] for t in tables}


def test_opening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "current.db"
    open_store(path).close()
    code = (
        "import sys; from pathlib import Path; from supportpm_tui.storage.database import open_store; "
        f"s = open_store(Path({str(path)!r})); s.close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    open_store(path).close()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        store: Store = open_store(path)
        try:
            for i in range(15):
                people.add_person(store, f"Writer {n}-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = open_store(path)
    assert len(people.list_people(store)) == 60
    store.close()


def test_a_read_then_write_transaction_begins_immediate(store: Store) -> None:
    """A second connection cannot write while a write transaction is open."""
    with store.write() as session:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        other = sqlite3.connect(store.path, timeout=0.1)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_every_item_table_keeps_its_ids_after_the_migrations(tmp_path: Path) -> None:
    """A file migrated from the first schema never hands out a deleted item's id again, in any table."""
    path = tmp_path / "migrated.db"
    _empty_supportpm_file(path)
    open_store(path).close()
    conn = sqlite3.connect(path)
    try:
        for table in ("project", "person", "checklist_item", "time_entry", "task", "milestone"):
            (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
            assert "AUTOINCREMENT" in sql, table
    finally:
        conn.close()
