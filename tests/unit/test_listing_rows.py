"""The listings the command line prints come out as the records' JSON data, however they are made."""

from __future__ import annotations

from supportpm_tui.services.capacity import people_loads
from supportpm_tui.services.current_plan import build_plan
from supportpm_tui.services.file_reads import FileReader
from supportpm_tui.services.records import capacity_records, task_records, task_rows
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


def test_capacity_by_name_lists_the_people_the_grid_lists_in_its_order(demo_store: Store) -> None:
    reader = FileReader(demo_store.path)
    plan = build_plan(reader)
    for weeks in (1, 8):
        loads, _ = people_loads(plan, weeks, "name", None)
        expected = [row for load in loads for row in plan.capacity(weeks, load.id)]
        assert expected
        assert capacity_records(reader, weeks, plan=plan) == expected
