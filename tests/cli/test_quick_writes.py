"""The command line's quickest writes (``task add``, ``task move`` in plain SQL) do what the services do.

Each example runs the service (the reference) on one copy of a database and
the plain-SQL write on another copy, then asks for the same answer (the card's
id, or the same refusal in the same words) and the same database after: every
row of every table, the activity log included (only the ids of the change and
of the run that made it differ).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from supportpm_tui.core.errors import UserError
from supportpm_tui.services.file_reads import FileReader
from supportpm_tui.services.quick_writes import TASK_COLUMNS, add_card, move_card
from supportpm_tui.services.tasks import add_task, move_task
from supportpm_tui.storage.database import Store, open_store
from supportpm_tui.storage.schema_shape import HEAD_SCHEMA

RUN_IDS = ("batch", "session")  # new for every change and every run: the one difference allowed


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every table of the file at ``path``, the ids of changes and runs left out."""
    conn = sqlite3.connect(path)
    try:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for table in tables:
            names = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")') if row[1] not in RUN_IDS]
            quoted = ", ".join(f'"{n}"' for n in names)
            out[table] = conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid').fetchall()
        return out
    finally:
        conn.close()


def outcome(write: Callable[[], int]) -> tuple[str, Any]:
    """Return what a write answered: its id, or the refusal's kind and words."""
    try:
        return "done", write()
    except UserError as exc:
        return type(exc).__name__, str(exc)


def both_ways(
    pristine: Path, tmp: Path, service: Callable[[Store], int], quick: Callable[[FileReader], int]
) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """Run ``service`` and ``quick`` on two copies of ``pristine``; assert the databases after are the same."""
    reference, plain = tmp / "reference.db", tmp / "plain.db"
    for copy in (reference, plain):
        for suffix in ("-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(pristine, copy)
    store = open_store(reference)
    try:
        expected = outcome(lambda: service(store))
    finally:
        store.close()
    got = outcome(lambda: quick(FileReader(plain)))
    assert dump(plain) == dump(reference)
    return expected, got


@pytest.fixture
def pristine(demo_store: Store, tmp_path: Path) -> Path:
    """The demo database as one file (its log checkpointed), to copy for each example."""
    path = tmp_path / "pristine.db"
    with sqlite3.connect(demo_store.path) as conn, sqlite3.connect(path) as dest:
        conn.backup(dest)
    return path


def names(path: Path) -> dict[str, list[Any]]:
    conn = sqlite3.connect(path)
    try:
        return {
            "projects": [k for (k,) in conn.execute("SELECT key FROM project")],
            "milestones": [n for (n,) in conn.execute("SELECT name FROM milestone")],
            "places": [
                *conn.execute(
                    "SELECT project.key, milestone.name FROM milestone JOIN project ON project.id = project_id"
                ),
                *((k, None) for (k,) in conn.execute("SELECT key FROM project")),
            ],
            "people": [n for (n,) in conn.execute("SELECT name FROM person")],
            "tasks": [i for (i,) in conn.execute("SELECT id FROM task")],
            "open tasks": [
                i for (i,) in conn.execute("SELECT id FROM task WHERE \"column\" NOT IN ('done', 'blocked')")
            ],
        }
    finally:
        conn.close()


ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", " ", "none", "None", "-", "x" * 201, "a\x00b", "\u202e", "12", "99999999999999999999", "٣"]
)
ODD_HOURS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([10_000.0, 10_000.5, -1.0, 1e300])
ODD_DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2300, 1, 1))
IDS = st.integers(min_value=-2, max_value=40) | st.sampled_from([2**63, 10**20])
CHECKS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def values_with_one_odd(data: Any, fields: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]]) -> Any:
    """Draw a value for each of ``fields`` (name: what a user gives, what must be refused): at most one odd."""
    odd = data.draw(st.sampled_from([*fields, *[None] * len(fields)]))
    return {name: data.draw(bad if name == odd else good) for name, (good, bad) in fields.items()}


HOURS = (st.none() | st.floats(min_value=0, max_value=200), ODD_HOURS)
DAYS = (st.none() | st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31)), ODD_DAYS)
COLUMNS = ["backlog", "ready", "in_progress", "blocked", "testing", "done"]


@CHECKS
@given(data=st.data())
def test_task_add_in_plain_sql_is_the_services_add(pristine: Path, tmp_path_factory: Any, data: Any) -> None:
    known = names(pristine)
    words = st.text(alphabet="abc XYZ-é#,", min_size=1, max_size=20)
    values = values_with_one_odd(
        data,
        {
            "title": (words, ODD_TEXT),
            "place": (  # a project and one of its milestones
                st.sampled_from(known["places"]),
                st.tuples(
                    st.sampled_from(known["projects"]) | ODD_TEXT, st.sampled_from(known["milestones"]) | ODD_TEXT
                ),
            ),
            "column": (st.none() | st.sampled_from([*COLUMNS, "In Progress"]), ODD_TEXT),
            "assignee": (st.none() | st.sampled_from(known["people"]), ODD_TEXT),
            "start": DAYS,
            "due": DAYS,
            "estimate": HOURS,
            "remaining": HOURS,
            "priority": (st.none() | st.sampled_from(["low", "normal", "high", "urgent", "HIGH"]), ODD_TEXT),
            "kind": (st.none() | st.sampled_from(["task", "test", "rollback", "Docs"]), ODD_TEXT),
            "tags": (st.none() | st.lists(words, max_size=3), st.lists(ODD_TEXT, max_size=3)),
            "description": (st.none() | words, ODD_TEXT),
            "blocked_reason": (st.none() | st.just("waiting for the vendor"), ODD_TEXT),
            "blockers": (st.none() | st.lists(st.sampled_from(known["tasks"]), max_size=3), st.lists(IDS, max_size=3)),
        },
    )
    title, (project, values["milestone"]) = values.pop("title"), values.pop("place")
    expected, got = both_ways(
        pristine,
        tmp_path_factory.mktemp("add"),
        lambda store: add_task(store, title, project, **values).id,  # type: ignore[arg-type]
        lambda file: add_card(file, title, project, **values),  # type: ignore[arg-type]
    )
    event(expected[0] if expected[0] == "done" else expected[1][:40])
    assert got == expected


@CHECKS
@given(data=st.data())
def test_task_move_in_plain_sql_is_the_services_move(pristine: Path, tmp_path_factory: Any, data: Any) -> None:
    known = names(pristine)
    move = values_with_one_odd(
        data,
        {
            "task_id": (st.sampled_from(known["tasks"]), IDS),
            "column": (st.sampled_from(COLUMNS), ODD_TEXT),
            "reason": (st.none() | st.just("waiting for the vendor"), ODD_TEXT),
            "remaining": HOURS,
        },
    )
    task_id, column, reason, remaining = move["task_id"], move["column"], move["reason"], move["remaining"]
    expected, got = both_ways(
        pristine,
        tmp_path_factory.mktemp("move"),
        lambda store: move_task(store, task_id, column, reason, remaining).id,
        lambda file: move_card(file, task_id, column, reason, remaining),
    )
    event(expected[0] if expected[0] == "done" else expected[1][:40])
    assert got == expected


@pytest.mark.parametrize(
    "moves",
    [
        [("done", None, None), ("ready", None, 4.0)],  # out of done: the hours left come back
        [("blocked", "waiting for the vendor", None), ("review", None, None)],  # out of blocked: the reason goes
        [("blocked", "", None)],  # refused: no reason
        [("done", None, None), ("backlog", None, None)],  # refused: no hours left given
        [("ready", None, None), ("ready", None, None)],  # to where it is: nothing written
    ],
)
def test_moves_one_after_another_match_the_services(pristine: Path, tmp_path: Path, moves: list[Any]) -> None:
    card = names(pristine)["open tasks"][0]

    def run_service(store: Store) -> int:
        for column, reason, remaining in moves:
            move_task(store, card, column, reason, remaining)
        return card

    def run_quick(file: FileReader) -> int:
        for column, reason, remaining in moves:
            move_card(file, card, column, reason, remaining)
        return card

    expected, got = both_ways(pristine, tmp_path, run_service, run_quick)
    assert got == expected


def test_the_plain_writer_knows_every_column_of_a_card() -> None:
    # A column added to the table must be added here too, or a quick add would leave it to SQLite's default.
    assert set(TASK_COLUMNS) | {"id"} == set(HEAD_SCHEMA["task"])
