"""An activity log another program wrote into: every reader shows what it can, undo refuses, check names it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from supportpm_tui.core.changes import read_changes, well_formed
from tests.cli.conftest import Result, Runner

READERS = [("log",), ("log", "--json"), ("task", "show", "1"), ("task", "show", "1", "--json"), ("project", "list")]

# Any JSON at all, and any text: what another program might leave in an entry's changes.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
CHANGES_TEXT = st.one_of(
    JSON_VALUES.map(json.dumps),
    st.dictionaries(
        st.sampled_from(["due", "estimate", "title", "column", "assignee_id", "start", "version"]),
        st.lists(JSON_VALUES, min_size=0, max_size=3),
        max_size=3,
    ).map(json.dumps),
    st.text(max_size=40),
    st.sampled_from(['{"estimate": [1e999, 2]}', '{"due": [NaN, 1]}', '{"due": [Infinity, 1]}', "[" * 5000]),
)


def last_task_edit(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        (oid,) = conn.execute("SELECT max(id) FROM event WHERE entity = 'task' AND entity_id = 1").fetchone()
    finally:
        conn.close()
    return int(oid)


def write_changes(db: Path, oid: int, text: str) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE event SET changes = ? WHERE id = ?", (text, oid))
    conn.close()


def no_internal_error(result: Result, args: tuple[str, ...]) -> None:
    assert result.code in (0, 2), (args, result)
    assert "internal error" not in result.err and "Traceback" not in result.err, (args, result.err)


@pytest.fixture
def edited_db(cli: Runner, demo_db: Path) -> Path:
    assert cli("--db", demo_db, "task", "edit", "1", "--estimate", "7").code == 0
    return demo_db


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=CHANGES_TEXT)
@example(text="not json")
@example(text='{"due": ["9999-12-31", null]}')
@example(text='{"estimate": ["abc", 7.0]}')
def test_any_changes_text_is_read_without_an_internal_error_and_undo_refuses_or_works(
    cli: Runner, edited_db: Path, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    db = tmp_path_factory.mktemp("log") / "d.db"
    shutil.copy(edited_db, db)
    oid = last_task_edit(db)
    write_changes(db, oid, text)
    for args in READERS:
        result = cli("--db", db, *args)
        no_internal_error(result, args)
        assert result.code == 0, (args, result.err)
        if "--json" in args:
            json.loads(result.out, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    checked = cli("--db", db, "check")
    assert "internal error" not in checked.err
    assert (f"event {oid} " in checked.out) == (not well_formed(text)), checked.out
    undone = cli("--db", db, "undo")
    no_internal_error(undone, ("undo",))
    if not well_formed(text):
        assert undone.code == 2 and f"event {oid}" in undone.err


def test_an_entry_of_the_wrong_shape_is_read_as_no_changes() -> None:
    assert read_changes("not json") == {}
    assert read_changes('{"due": 5, "title": ["a", "b"]}') == {"title": ("a", "b")}
    assert read_changes('{"estimate": [1e999, 2]}') == {}
    assert not well_formed('{"due": 5}') and well_formed('{"due": [null, "2026-12-01"]}')


async def test_the_dashboard_overview_draws_over_a_log_written_elsewhere(edited_db: Path) -> None:
    from supportpm_tui.storage.database import open_store
    from supportpm_tui.ui.app import make_app
    from tests.ui.conftest import SIZE, settle

    conn = sqlite3.connect(edited_db)
    with conn:  # every entry unreadable in another way
        conn.execute(
            "UPDATE event SET changes = CASE id % 4 WHEN 0 THEN 'x' WHEN 1 THEN '[1]' "
            "WHEN 2 THEN '{\"column\": 5}' ELSE '{\"column\": [1, 2]}' END"
        )
    conn.close()
    store = open_store(edited_db)
    app = make_app(store, theme="textual-dark")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            data = app.screen.data  # type: ignore[attr-defined]
            assert data is not None and data.changes  # "Since last standup" lists the entries it can
            errors = [n for n in app._notifications if n.severity == "error"]
            assert not errors, [n.message for n in errors]
    finally:
        store.close()
