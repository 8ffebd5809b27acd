"""Typed service results and arguments: records print as the JSON of old, and an edit tells "not given" from None."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from supportpm_tui.core.unset import UNSET, unset_if_none
from supportpm_tui.services import availability, people, projects
from supportpm_tui.storage.database import Store

MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def team(store: Store) -> Store:
    people.add_person(store, "Ana Silva", role="Engineer", hours=32, skills=["network", "Windows"])
    projects.add_project(store, "MFA", "MFA rollout", owner="Ana Silva", start=MONDAY, impact=5, effort=2)
    projects.add_workstream(store, "MFA", "Pilot")
    availability.add_commitment(store, "Ana Silva", MONDAY, MONDAY, kind="on_call", hours_per_day=2, note="pager")
    availability.set_ticket_load(store, "Ana Silva", MONDAY, tickets=6)
    return store


def test_records_are_their_json_in_the_order_the_command_line_prints(team: Store) -> None:
    person = people.show_person(team, "Ana Silva")
    assert person.to_json() == {
        "id": 1,
        "name": "Ana Silva",
        "role": "Engineer",
        "hours": 32.0,
        "reserve_pct": 40.0,
        "wip_limit": 3,
        "skills": ["network", "windows"],
        "active": True,
        "in_progress": 0,
        "over_wip": False,
        "working_days": "",
        "holiday_region": "",
    }
    assert list(person.to_json()) == [f.name for f in dataclasses.fields(person)]
    (project,) = projects.list_projects(team)
    data = project.to_json()
    assert list(data)[:4] == ["id", "key", "name", "status"]
    assert list(data)[-6:] == [
        "owner",
        "workstreams",
        "impact_effort",
        "urgency_importance",
        "approval_path",
        "hourly_rate",
    ]
    assert (data["start"], data["target"], data["owner"], data["workstreams"]) == (
        "2026-11-23",
        None,
        "Ana Silva",
        ["Pilot"],
    )
    assert data["impact_effort"] == "quick_win"
    (entry,) = availability.list_commitments(team)
    assert entry.to_json() == {
        "id": 1,
        "person": "Ana Silva",
        "start": "2026-11-23",
        "end": "2026-11-23",
        "kind": "on_call",
        "hours_per_day": 2.0,
        "note": "pager",
        "version": 1,
    }
    (load,) = availability.list_ticket_load(team)
    assert list(load.to_json()) == ["id", "person", "week", "iso_week", "tickets", "hours", "source"]
    assert (load.iso_week, load.tickets, load.hours) == ("2026-W48", 6, 3.0)
    settings = people.show_settings(team).to_json()
    assert list(settings)[:2] == ["working_days", "hours_per_day"] and settings["working_days"][0] == "mon"
    assert projects.list_workstreams(team)[0].to_json() == {"id": 1, "project": "MFA", "name": "Pilot", "position": 0}


def test_a_person_and_a_project_can_be_renamed(team: Store) -> None:
    people.edit_person(team, "Ana Silva", name="Ana Souza")
    assert [p.name for p in people.list_people(team)] == ["Ana Souza"]
    projects.edit_project(team, "MFA", key="MFA2", name="MFA for all")
    (project,) = projects.list_projects(team)
    assert (project.key, project.name, project.owner) == ("MFA2", "MFA for all", "Ana Souza")


def test_an_edit_leaves_what_is_not_given_and_clears_what_is_none(team: Store) -> None:
    people.edit_person(team, "Ana Silva", role="Lead")
    assert (people.show_person(team, "Ana Silva").hours, people.show_person(team, "Ana Silva").role) == (32, "Lead")
    people.edit_person(team, "Ana Silva", hours=None)  # back to the team's default
    assert people.show_person(team, "Ana Silva").hours == 40
    projects.edit_project(team, "MFA", owner=None, start=UNSET)
    (project,) = projects.list_projects(team)
    assert (project.owner, project.start) == (None, "2026-11-23")
    availability.edit_commitment(team, 1, kind="training", hours_per_day=None)
    assert availability.show_commitment(team, 1).hours_per_day is None
    availability.edit_commitment(team, 1, note=unset_if_none(None))  # an option that was not given
    assert availability.show_commitment(team, 1).note == "pager"


def test_task_rows_from_a_plan_of_this_week_equal_those_of_the_full_plan(demo_store: Store) -> None:
    from supportpm_tui.services.current_plan import build_plan
    from supportpm_tui.services.records import task_rows

    rows = task_rows(demo_store)
    assert rows == task_rows(demo_store, plan=build_plan(demo_store))
    assert any(r["assignee_overloaded"] for r in rows) and any(r["forecast_finish"] for r in rows)


def test_each_listed_card_is_the_card_shown_alone(demo_store: Store) -> None:
    """A listing reads stored text in one pass; showing a card reads it through the models: the same record."""
    from supportpm_tui.services import tasks
    from supportpm_tui.services.records import show_task, task_rows

    tasks.move_task(demo_store, 1, "done")
    tasks.move_task(demo_store, 2, "blocked", reason="waiting for the vendor")
    rows = task_rows(demo_store)
    assert {row["column"] for row in rows} >= {"done", "blocked", "in_progress", "backlog"}
    assert any(row["effective_due"] and not row["due"] for row in rows)  # a milestone's due date
    for row in rows:
        assert show_task(demo_store, row["id"]).to_json() == row, row["id"]


@given(st.datetimes(dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30)), st.sampled_from(["", "+02:00", "Z", "-"]))
@example(dt.datetime(2026, 12, 3, 7, 11, 4), "")  # to the second, as most cards are stored
@example(dt.datetime(2026, 12, 3, 7, 11, 4, 120000), "")
def test_a_stored_time_reads_the_same_from_its_text(when: dt.datetime, zone: str) -> None:
    from supportpm_tui.services.records import _stamp, _stamp_text

    text = when.isoformat(sep=" " if zone != "-" else "T", timespec="microseconds") + zone.strip("-")
    assert _stamp_text(text) == _stamp(text).isoformat()
    assert _stamp_text(when) == _stamp(when).isoformat()
