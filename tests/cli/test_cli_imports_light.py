"""The command line's reads and its help load no ORM and no Textual, and answer as the database layer does."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from supportpm_tui.services.file_reads import FileReader
from supportpm_tui.services.records import capacity_records, milestone_records, task_records
from supportpm_tui.storage.database import Store, expected_schema
from supportpm_tui.storage.schema_shape import HEAD_SCHEMA
from tests.cli.conftest import ROOT, Runner

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual")
# Runs the command line as ``python -m supportpm_tui`` does, then names every heavy package it loaded.
WRAPPER = f"""
import runpy, sys
sys.argv = ["supportpm", *sys.argv[1:]]
try:
    runpy.run_module("supportpm_tui", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r}))
print("loaded:", ",".join(loaded), file=sys.stderr)
sys.exit(code)
"""


def run_counting_imports(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run ``supportpm ARGS`` in a new process; return it and the heavy packages it loaded."""
    from tests.conftest import TODAY

    env = {**os.environ, "SUPPORTPM_TODAY": TODAY.isoformat()}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", WRAPPER, *args], capture_output=True, text=True, env=env, timeout=60)
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("loaded:"), done.stderr
    return done, [name for name in last.removeprefix("loaded:").strip().split(",") if name]


@pytest.mark.parametrize(
    "args",
    [("--help",), ("task", "list", "--json"), ("capacity", "--json"), ("milestone", "list", "--json")],
    ids=lambda args: " ".join(args),
)
def test_help_and_reads_load_no_orm_and_no_textual(demo_db: Path, args: tuple[str, ...]) -> None:
    done, loaded = run_counting_imports("--db", str(demo_db), *args)
    assert done.returncode == 0, done.stderr
    assert loaded == []
    if "--json" in args:
        assert json.loads(done.stdout)  # a whole answer, not an empty one


def test_adding_and_moving_a_card_load_no_orm_and_no_textual(demo_db: Path) -> None:
    done, loaded = run_counting_imports("--db", str(demo_db), "task", "add", "A card", "--project", "PAT")
    assert done.returncode == 0, done.stderr
    assert loaded == []
    card = done.stdout.strip()
    done, loaded = run_counting_imports("--db", str(demo_db), "task", "move", card, "in_progress")
    assert (done.returncode, done.stdout.strip(), loaded) == (0, card, []), done.stderr
    with sqlite3.connect(demo_db) as conn:
        row = conn.execute('SELECT title, "column" FROM task WHERE id = ?', (int(card),)).fetchone()
        logged = conn.execute(
            "SELECT action FROM event WHERE entity = 'task' AND entity_id = ? ORDER BY id", (int(card),)
        ).fetchall()
    assert row == ("A card", "in_progress")
    assert logged == [("create",), ("move",)]


def test_other_writes_still_load_the_database_layer(demo_db: Path) -> None:
    # The guards above would pass for a wrapper that saw no imports at all: a write shows it sees them.
    done, loaded = run_counting_imports("--db", str(demo_db), "task", "edit", "1", "--title", "Renamed")
    assert done.returncode == 0, done.stderr
    assert "sqlalchemy" in loaded


def test_a_quick_write_to_a_missing_file_makes_it_the_usual_way(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    done, loaded = run_counting_imports("--db", str(path), "task", "add", "A card", "--project", "PAT")
    assert done.returncode == 2 and "no project with key 'PAT'" in done.stderr  # a new, empty database
    assert "sqlalchemy" in loaded and path.exists()


def test_a_file_read_without_the_database_layer_gives_what_the_database_layer_gives(demo_store: Store) -> None:
    reader = FileReader(demo_store.path)
    reads = (
        lambda source: task_records(source),
        lambda source: task_records(source, project="pat"),
        lambda source: task_records(source, assignee="none"),
        lambda source: task_records(source, column="blocked"),
        lambda source: milestone_records(source),
        lambda source: capacity_records(source, 4, sort="peak"),
    )
    for read in reads:
        quick = [row if isinstance(row, dict) else row.to_json() for row in read(reader)]
        assert quick
        assert quick == [row if isinstance(row, dict) else row.to_json() for row in read(demo_store)]


def test_the_copy_of_the_schema_is_the_models(store: Store) -> None:
    assert {table: set(columns) for table, columns in HEAD_SCHEMA.items()} == expected_schema()


def test_a_read_on_a_file_with_a_damaged_schema_says_so_in_one_line(demo_db: Path, cli: Runner) -> None:
    conn = sqlite3.connect(demo_db)
    conn.execute("ALTER TABLE task DROP COLUMN tags")
    conn.commit()
    conn.close()
    result = cli("--db", demo_db, "task", "list", "--json")
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip().splitlines() == [
        f"supportpm: error: {demo_db} is a SupportPM database with a damaged schema (table task lacks tags); "
        "it was left untouched: restore a backup with 'supportpm restore FILE'"
    ]


def test_a_read_on_a_missing_file_makes_it_as_before(tmp_path: Path, cli: Runner) -> None:
    result = cli("--db", tmp_path / "new.db", "milestone", "list", "--json")
    assert result.code == 0, result.err
    assert result.json() == []
    assert (tmp_path / "new.db").exists()
