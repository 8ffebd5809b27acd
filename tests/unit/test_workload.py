"""The Capacity screen's data and the ticket-load CSV import's error report."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.filtering import parse_filter
from supportpm_tui.services import availability as time_service
from supportpm_tui.services import people, projects, tasks
from supportpm_tui.services.capacity import load_capacity, people_loads, week_entries
from supportpm_tui.services.current_plan import build_plan
from supportpm_tui.services.records import capacity_records
from supportpm_tui.services.ticket_import import import_ticket_load
from supportpm_tui.storage.database import Store

NEXT_MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def team(store: Store) -> Store:
    people.add_person(store, "Ana Silva", hours=40)
    people.add_person(store, "Ben Okafor", hours=40)
    people.add_person(store, "Cy Away", hours=0)
    projects.add_project(store, "MFA", "MFA rollout")
    projects.add_project(store, "LAP", "Laptops")
    due = NEXT_MONDAY + dt.timedelta(days=4)
    tasks.add_task(store, "Big job", "MFA", assignee="Ben Okafor", remaining=60, start=NEXT_MONDAY, due=due)
    tasks.add_task(store, "Small job", "LAP", assignee="Ana Silva", remaining=4, start=NEXT_MONDAY, due=due)
    tasks.add_task(store, "No time for it", "LAP", assignee="Cy Away", remaining=2, start=NEXT_MONDAY, due=due)
    return store


def test_rows_by_name_or_by_peak_with_a_threshold(team: Store) -> None:
    plan = build_plan(team)
    rows, hidden = people_loads(plan)
    assert [r.name for r in rows] == ["Ana Silva", "Ben Okafor", "Cy Away"] and hidden == 0
    rows, _ = people_loads(plan, sort="peak")
    assert [r.name for r in rows] == ["Cy Away", "Ben Okafor", "Ana Silva"]
    assert math.isinf(rows[0].peak)  # work but no time at all
    rows, hidden = people_loads(plan, sort="peak", threshold=100)
    assert [r.name for r in rows] == ["Cy Away", "Ben Okafor"] and hidden == 1
    with pytest.raises(FieldError, match="sort by name or peak"):
        people_loads(plan, sort="size")
    with pytest.raises(FieldError, match="from 0 to 1000"):
        people_loads(plan, threshold=-1)


def test_the_filter_keeps_people_by_name_or_by_their_project(team: Store) -> None:
    plan = build_plan(team)
    assert [r.name for r in people_loads(plan, filt=parse_filter("@ben"))[0]] == ["Ben Okafor"]
    only_lap = parse_filter("").with_project("LAP")
    assert [r.name for r in people_loads(plan, filt=only_lap)[0]] == ["Ana Silva", "Cy Away"]


def test_totals_and_the_tasks_behind_a_cell(team: Store) -> None:
    data = load_capacity(team)
    week = data.weeks.index(NEXT_MONDAY)
    ben = next(p for p in data.people if p.name == "Ben Okafor")
    assert ben.cells[week].demand == 60 and ben.cells[week].state == "overloaded"
    ((task_id, task_hours),) = ben.cells[week].tasks
    assert task_hours == 60 and data.tasks[task_id].title == "Big job" and data.tasks[task_id].project == "MFA"
    total = data.totals[week]
    assert total.available == sum(p.cells[week].available for p in data.people)
    assert total.demand == 66


def test_cli_rows_follow_the_same_order_and_threshold(team: Store) -> None:
    rows = capacity_records(team, weeks=2, sort="peak", over=100)
    assert [r["person"] for r in rows] == ["Cy Away", "Cy Away", "Ben Okafor", "Ben Okafor"]


def test_week_entries_list_leave_duty_holidays_and_ticket_load(team: Store) -> None:
    time_service.add_commitment(team, "Ana Silva", NEXT_MONDAY, NEXT_MONDAY, kind="sick")
    time_service.add_commitment(team, "all", NEXT_MONDAY + dt.timedelta(days=3), NEXT_MONDAY + dt.timedelta(days=3))
    time_service.add_commitment(
        team, "Ana Silva", NEXT_MONDAY + dt.timedelta(days=7), NEXT_MONDAY + dt.timedelta(days=8)
    )
    time_service.set_ticket_load(team, "Ana Silva", NEXT_MONDAY, tickets=4)
    labels = [e.label for e in week_entries(team, "Ana Silva", NEXT_MONDAY + dt.timedelta(days=2))]
    assert labels == [
        "sick 2026-11-23 – 2026-11-23",
        "everyone: holiday 2026-11-26 – 2026-11-26",
        "ticket load 2026-W48: 4 tickets, 2 h (manual)",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name,week,hours\nAna Silva,2026-W48,3\n", "the header must name person, week, and tickets and/or hours"),
        ("person,week\nAna Silva,2026-W48\n", "the header must name person, week, and tickets and/or hours"),
        ("person,week,hours\n", "holds no rows"),
        ("person,week,tickets\nAna Silva,2026-W48,many\n", "line 2, tickets: 'many' is not a whole number"),
        ("person,week,tickets\nAna Silva,2026-W48,2.5\n", "line 2, tickets: '2.5' is not a whole number"),
        ("person,week,hours\nAna Silva,2026-W48,-1\n", "line 2"),
        ("person,week,hours\nAna Silva,2026-W48,200\n", "line 2"),
        ("person,week,hours\nAna Silva,someday,3\n", "line 2"),
        ("person,week,tickets,hours\nAna Silva,2026-W48,,\n", "line 2, tickets: give a ticket count or hours"),
        ("person,week,hours\n" + "Nobody,2026-W48,1\n" * 12, "12 bad row(s), nothing imported"),
    ],
)
def test_csv_import_reports_bad_rows_by_line_and_imports_nothing(
    team: Store, tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "load.csv"
    path.write_text(content)
    with pytest.raises(UserError) as info:
        import_ticket_load(team, path)
    assert expected in str(info.value)
    assert time_service.list_ticket_load(team) == []


def test_csv_import_of_many_bad_rows_names_every_one_on_its_own_line(team: Store, tmp_path: Path) -> None:
    path = tmp_path / "load.csv"
    path.write_text("person,week,hours\nAna Silva,2026-W48,1\n" + "Ana Silva,someday,1\n" * 12)
    with pytest.raises(UserError) as info:
        import_ticket_load(team, path)
    head, *lines = str(info.value).splitlines()
    assert head == "load.csv: 12 bad row(s), nothing imported"
    assert [line.split(",")[0] for line in lines] == [f"line {n}" for n in range(3, 15)]


def test_csv_import_refuses_a_file_that_is_not_text(team: Store, tmp_path: Path) -> None:
    path = tmp_path / "load.csv"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(UserError, match="is not a text file"):
        import_ticket_load(team, path)
