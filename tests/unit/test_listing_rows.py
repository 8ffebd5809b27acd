"""The listings the command line prints come out as the records' JSON data, however they are made."""

from __future__ import annotations

import sqlite3

from supportpm_tui.services.capacity import people_loads
from supportpm_tui.services.current_plan import build_plan
from supportpm_tui.services.file_reads import FileReader
from supportpm_tui.services.records import capacity_records, show_task, task_records, task_rows
from supportpm_tui.storage.database import Store


def test_task_rows_are_the_task_records_json(demo_store: Store) -> None:
    reader = FileReader(demo_store.path)
    for filters in ({}, {"project": "pat"}, {"assignee": "none"}, {"column": "blocked"}):
        rows = task_rows(reader, **filters)
        assert rows
        assert rows == [record.to_json() for record in task_records(reader, **filters)]
        assert [list(row) for row in rows] == [list(record.to_json()) for record in task_records(reader, **filters)]
    assert any(row["tags"] for row in task_rows(reader))
    assert any(row["blocked_from"] or row["waits_for"] for row in task_rows(reader))


def test_task_rows_read_times_as_the_database_layer_does(demo_store: Store) -> None:
    with sqlite3.connect(demo_store.path) as conn:  # edited later than made, to the microsecond, with a zone
        conn.execute("UPDATE task SET updated_at = '2026-11-17 09:30:00.123456' WHERE id = 1")
        conn.execute("UPDATE task SET updated_at = '2026-11-17T09:30:00+02:00' WHERE id = 2")
    conn.close()
    rows = task_rows(FileReader(demo_store.path))
    assert {row["id"]: row["updated_at"] for row in rows if row["id"] in (1, 2)} == {
        1: "2026-11-17T09:30:00.123456+00:00",
        2: "2026-11-17T07:30:00+00:00",
    }
    for row in rows:  # the database layer's own reading of each card
        assert row == show_task(demo_store, row["id"]).to_json()


def test_capacity_by_name_lists_the_people_the_grid_lists_in_its_order(demo_store: Store) -> None:
    reader = FileReader(demo_store.path)
    plan = build_plan(reader)
    for weeks in (1, 8):
        loads, _ = people_loads(plan, weeks, "name", None)
        expected = [row for load in loads for row in plan.capacity(weeks, load.id)]
        assert expected
        assert capacity_records(reader, weeks, plan=plan) == expected
