"""A plan computed after a change, reusing the one before, equals a plan computed from scratch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from supportpm_tui.services import availability as time_service
from supportpm_tui.services import people, tasks
from supportpm_tui.services.current_plan import Plan, build_plan, current_plan
from supportpm_tui.storage.database import Store


def same_results(a: Plan, b: Plan) -> None:
    assert a.finishes == b.finishes
    assert a.demand == b.demand
    assert a.forecasts == b.forecasts
    assert a.capacity(8) == b.capacity(8)
    assert {p: a.health(p) for p in a.projects} == {p: b.health(p) for p in b.projects}


CHANGES: dict[str, Callable[[Store], object]] = {
    "move a card": lambda s: tasks.move_task(s, 3, "in_progress"),
    "finish a card": lambda s: tasks.move_task(s, 2, "done"),
    "more hours": lambda s: tasks.edit_task(s, 4, tasks.TaskValues(remaining=60)),
    "reassign": lambda s: tasks.edit_task(s, 5, tasks.TaskValues(assignee="Jamal Reed")),
    "new card": lambda s: tasks.add_task(s, "Extra work", project="MFA", assignee="Aisha Khan", remaining=30),
    "leave": lambda s: time_service.add_commitment(
        s, "Daniel Osei", dt.date(2026, 11, 23), dt.date(2026, 11, 27), kind="pto"
    ),
    "ticket load": lambda s: time_service.set_ticket_load(s, "Aisha Khan", dt.date(2026, 11, 30), hours=30),
    "fewer hours": lambda s: people.edit_person(s, "Jamal Reed", hours=20),
    "delete a card": lambda s: tasks.delete_task(s, 4),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_reused_plan_equals_a_fresh_one(demo_store: Store, change: str) -> None:
    before = build_plan(demo_store)
    CHANGES[change](demo_store)
    reused = build_plan(demo_store, previous=before)
    fresh = build_plan(demo_store)
    same_results(reused, fresh)


def test_a_chain_of_changes_through_the_shared_plan(demo_store: Store) -> None:
    current_plan(demo_store)
    for change in CHANGES.values():
        change(demo_store)
        same_results(current_plan(demo_store), build_plan(demo_store))


def test_a_new_day_recomputes_everything(demo_store: Store, today: dt.date) -> None:
    before = build_plan(demo_store)
    tomorrow = today + dt.timedelta(days=1)
    same_results(build_plan(demo_store, tomorrow, previous=before), build_plan(demo_store, tomorrow))
