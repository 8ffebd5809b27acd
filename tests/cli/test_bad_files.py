"""A damaged or foreign database file, however it is bad, is one line and exit 2, and is left as it was."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Result, Runner

READS = [("task", "list"), ("person", "list"), ("check",)]
WRITE = ("task", "add", "Probe", "--project", "MFA", "--estimate", "1")


def one_clean_line(result: Result) -> None:
    """The command refused in one line of its own words, exit 2."""
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "internal error" not in result.err and "Traceback" not in result.err


def run_all(cli: Runner, db: Path, expect_refusal: bool) -> None:
    """Run the reads and a write on ``db``: refused in one line, the file's bytes as they were."""
    before = db.read_bytes() if db.is_file() else None
    for args in [*READS, WRITE]:
        result = cli("--db", db, *args)
        if args == ("check",) and result.code == 1:  # damage only the full check finds: reported
            assert "problem:" in result.out and "internal error" not in result.err
        elif expect_refusal or result.code != 0:
            one_clean_line(result)
            if before is not None:
                assert db.read_bytes() == before, args
        elif args in READS and before is not None:
            assert db.read_bytes() == before, args


def truncate_at(fraction: float) -> Callable[[Path], None]:
    def damage(db: Path) -> None:
        data = db.read_bytes()
        db.write_bytes(data[: max(1, int(len(data) * fraction))])

    return damage


def overwrite_pages(db: Path) -> None:
    data = bytearray(db.read_bytes())
    for page in range(1, len(data) // 4096):
        data[page * 4096 + 8 : page * 4096 + 400] = b"\xa5" * 392
    db.write_bytes(bytes(data))


def sql(*statements: str) -> Callable[[Path], None]:
    def damage(db: Path) -> None:
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA foreign_keys=OFF")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()

    return damage


def schema_byte_not_utf8(db: Path) -> None:
    """A byte of a table's stored definition overwritten with one that is not UTF-8 (SQLite quotes it back)."""
    data = bytearray(db.read_bytes())
    at = data.index(b"UNIQUE")
    data[at + 5] = 0x80
    db.write_bytes(bytes(data))


def empty(db: Path) -> None:
    db.write_bytes(b"")


def folder(db: Path) -> None:
    db.unlink()
    db.mkdir()


def not_sqlite(db: Path) -> None:
    db.write_bytes(b"garbage\n" * 1000)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated to its header": truncate_at(0.0004),
    "truncated to a tenth": truncate_at(0.1),
    "truncated in half": truncate_at(0.5),
    "truncated by a page and a bit": truncate_at(0.97),
    "pages overwritten": overwrite_pages,
    "a table dropped": sql("DROP TABLE risk"),
    "a table renamed": sql("ALTER TABLE milestone RENAME TO milestone_old"),
    "a column missing": sql("ALTER TABLE person DROP COLUMN skills"),
    "its schema version dropped": sql("DROP TABLE alembic_version"),
    "an older version with a table lost": sql(
        "DROP TABLE risk", "UPDATE alembic_version SET version_num='0001_initial'"
    ),
    "another application id": sql("PRAGMA application_id=1234"),
    "a schema byte that is not UTF-8": schema_byte_not_utf8,
    "an empty file": empty,
    "a folder": folder,
    "not SQLite": not_sqlite,
}


@pytest.mark.parametrize("how", list(DAMAGES))
def test_a_bad_file_is_refused_in_one_line_and_left_as_it_was(cli: Runner, demo_db: Path, how: str) -> None:
    DAMAGES[how](demo_db)
    run_all(cli, demo_db, expect_refusal=True)


def test_a_wal_of_garbage_beside_a_sound_file_is_never_an_internal_error(cli: Runner, demo_db: Path) -> None:
    Path(f"{demo_db}-wal").write_bytes(b"\x13" * 10000)
    run_all(cli, demo_db, expect_refusal=False)


def test_an_empty_wal_beside_a_sound_file_opens(cli: Runner, demo_db: Path) -> None:
    Path(f"{demo_db}-wal").write_bytes(b"")
    assert cli("--db", demo_db, "task", "list").code == 0


def test_a_file_with_a_damaged_schema_is_not_migrated_nor_copied(cli: Runner, demo_db: Path) -> None:
    sql("DROP TABLE risk", "UPDATE alembic_version SET version_num='0001_initial'")(demo_db)
    before = sorted(p.name for p in demo_db.parent.iterdir())
    result = cli("--db", demo_db, "person", "list")
    one_clean_line(result)
    assert "damaged schema" in result.err
    assert sorted(p.name for p in demo_db.parent.iterdir()) == before  # no pre-migration copy


def test_a_damaged_file_through_a_real_process(proc: Runner, demo_db: Path) -> None:
    overwrite_pages(demo_db)
    before = demo_db.read_bytes()
    for args in [*READS, WRITE]:
        one_clean_line(proc("--db", demo_db, *args))
    assert demo_db.read_bytes() == before


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(0, 1), junk=st.binary(min_size=1, max_size=600))
def test_bytes_overwritten_anywhere_never_reach_the_user_as_an_internal_error(
    cli: Runner, demo_db: Path, tmp_path_factory: pytest.TempPathFactory, where: float, junk: bytes
) -> None:
    db = tmp_path_factory.mktemp("damaged") / "d.db"
    shutil.copy(demo_db, db)
    data = bytearray(db.read_bytes())
    at = int(where * (len(data) - 1))
    data[at : at + len(junk)] = junk[: len(data) - at]
    db.write_bytes(bytes(data))
    run_all(cli, db, expect_refusal=False)
