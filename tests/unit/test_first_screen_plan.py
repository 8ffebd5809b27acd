"""The first screen's short cuts give exactly the figures of the full rules.

The first Overview works out R2's demand for the two weeks it shows only,
and the forecast takes a person's hours in a plain week (no holiday, leave,
duty or logged tickets) from one week worked out for them. Both must give the
very same figures as the full rules, whatever the calendar and the person.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportpm_tui.core.rules.calendar import WorkCalendar, monday_of
from supportpm_tui.core.rules.capacity import PersonTime, WorkItem, spread_in_weeks, spread_work
from supportpm_tui.readmodel.overview import overview_weeks
from supportpm_tui.readmodel.plan import load_plan
from supportpm_tui.readmodel.plan_rules import Plan, compute
from supportpm_tui.services.overview import load_overview
from supportpm_tui.startup import first_overview
from supportpm_tui.storage.database import Store

MON = dt.date(2026, 11, 23)

weekdays = st.frozensets(st.integers(0, 6), min_size=1, max_size=7)
offsets = st.integers(-20, 150)


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    holidays = draw(st.frozensets(offsets, max_size=12))
    return WorkCalendar(draw(weekdays), frozenset(MON + dt.timedelta(days=d) for d in holidays))


@st.composite
def items(draw: st.DrawFn, item_id: int = 1) -> WorkItem:
    start = draw(st.one_of(st.none(), offsets))
    due = draw(st.one_of(st.none(), offsets))
    return WorkItem(
        item_id,
        draw(st.integers(1, 3)),
        draw(st.one_of(st.just(0.0), st.floats(0.1, 400))),
        None if start is None else MON + dt.timedelta(days=start),
        None if due is None else MON + dt.timedelta(days=due),
    )


@given(
    item=items(),
    calendar=calendars(),
    today=st.integers(0, 13),
    horizon=st.integers(1, 12),
    weeks=st.sets(st.integers(-2, 20), max_size=4),
)
def test_the_demand_of_some_weeks_is_the_full_spread_of_those_weeks(
    item: WorkItem, calendar: WorkCalendar, today: int, horizon: int, weeks: set[int]
) -> None:
    day = MON + dt.timedelta(days=today)
    mondays = tuple(sorted(MON + dt.timedelta(weeks=w) for w in weeks))
    full = spread_work(item, day, calendar, horizon)
    assert spread_in_weeks(item, day, calendar, horizon, mondays) == {w: h for w, h in full.items() if w in mondays}


def plan_of(people: dict[int, PersonTime], active: dict[int, bool], calendar: WorkCalendar, today: dt.date) -> Plan:
    return Plan(
        today=today,
        calendar=calendar,
        overload=1.0,
        strain=0.85,
        horizon_weeks=8,
        people=people,
        names={pid: f"Person {pid}" for pid in people},
        active=active,
        in_progress={},
        items=[],
        milestones={},
        predecessors={},
        projects={},
        workstreams={},
        risks=[],
    )


def day_hours(days: st.SearchStrategy[int], hours: st.SearchStrategy[float]) -> st.SearchStrategy[dict[dt.date, float]]:
    return st.dictionaries(days.map(lambda d: MON + dt.timedelta(days=d)), hours, max_size=6)


@st.composite
def people(draw: st.DrawFn) -> PersonTime:
    own_holidays = draw(st.one_of(st.none(), st.frozensets(offsets, max_size=6)))
    return PersonTime(
        1,
        draw(st.sampled_from([0.0, 12.5, 32.0, 37.5, 40.0])),
        draw(st.sampled_from([0.0, 10.0, 20.0, 35.0])),
        absence=draw(day_hours(offsets, st.sampled_from([2.0, 4.0, float("inf")]))),
        duty=draw(day_hours(offsets, st.sampled_from([1.0, 3.5, 8.0]))),
        tickets={
            monday_of(day): hours
            for day, hours in draw(day_hours(offsets, st.sampled_from([0.0, 3.0, 12.0, 50.0]))).items()
        },
        weekdays=draw(st.one_of(st.none(), weekdays)),
        holidays=None if own_holidays is None else frozenset(MON + dt.timedelta(days=d) for d in own_holidays),
    )


@settings(max_examples=150)
@given(person=people(), active=st.booleans(), calendar=calendars(), today=st.integers(0, 13))
def test_a_plain_week_gives_the_hours_the_week_by_week_rules_give(
    person: PersonTime, active: bool, calendar: WorkCalendar, today: int
) -> None:
    day = MON + dt.timedelta(days=today)
    quick = plan_of({1: person}, {1: active}, calendar, day)
    by_week = plan_of({1: person}, {1: active}, calendar, day)
    for offset in range(-3, 160):
        when = day + dt.timedelta(days=offset)
        expected = by_week.availability(1, monday_of(when)).per_day().get(when, 0.0)
        assert quick.day_capacity(1, when) == expected, when


def test_a_plan_worked_out_for_some_weeks_refuses_the_others() -> None:
    person = PersonTime(1, 40.0, 20.0)
    plan = plan_of({1: person}, {1: True}, WorkCalendar(), MON)
    plan.items = [WorkItem(1, 1, 30.0, due=MON + dt.timedelta(days=25))]
    full = plan_of({1: person}, {1: True}, WorkCalendar(), MON)
    full.items = list(plan.items)
    compute(plan, weeks=[MON + dt.timedelta(weeks=1), MON])
    compute(full)
    for week in (MON, MON + dt.timedelta(weeks=1)):
        assert plan.week_demand(1, week) == full.week_demand(1, week) > 0
        assert plan.person_week(1, week) == full.person_week(1, week)
    assert plan.finishes == full.finishes
    with pytest.raises(ValueError, match="not worked out"):
        plan.week_demand(1, MON + dt.timedelta(weeks=2))
    with pytest.raises(ValueError, match="not worked out"):
        plan.capacity(3)


def test_a_plan_for_some_weeks_is_never_reused_for_all() -> None:
    person = PersonTime(1, 40.0, 20.0)
    first = plan_of({1: person}, {1: True}, WorkCalendar(), MON)
    first.items = [WorkItem(1, 1, 30.0, due=MON + dt.timedelta(days=25))]
    compute(first, weeks=[MON])
    after = plan_of({1: person}, {1: True}, WorkCalendar(), MON)
    after.items = list(first.items)
    compute(after, previous=first)
    assert after.demand_weeks is None
    assert after.week_demand(1, MON + dt.timedelta(weeks=2)) > 0


def test_the_first_overview_leaves_out_done_milestones_and_shows_the_same(demo_store: Store, today: dt.date) -> None:
    """Milestones done by today with no open card are not read for the first Overview: it is the same Overview,
    and every milestone still read has the forecast, status and reasons the whole plan gives it."""
    with sqlite3.connect(demo_store.path) as conn:
        conn.execute("""UPDATE task SET "column" = 'done' WHERE milestone_id IN (1, 5, 8)""")
        for mid, done in ((1, today - dt.timedelta(days=40)), (5, today), (8, today - dt.timedelta(days=1))):
            conn.execute("UPDATE milestone SET done_date = ? WHERE id = ?", (done.isoformat(), mid))
        conn.execute("UPDATE milestone SET done_date = ? WHERE id = 2", (today.isoformat(),))  # open cards still on it
        conn.execute("UPDATE milestone SET done_date = ? WHERE id = 10", ((today + dt.timedelta(days=3)).isoformat(),))
        conn.execute("UPDATE milestone SET done_date = 'soon' WHERE id = 4")  # unreadable: as the whole plan reads it
        conn.execute(  # slipping, after two it follows (one done, one not)
            "UPDATE task SET remaining = remaining + 400, assignee_id = 1"
            " WHERE id = (SELECT MIN(id) FROM task WHERE milestone_id = 3 AND \"column\" != 'done')"
        )
        conn.execute("UPDATE milestone SET due_date = ? WHERE id = 9", ((today - dt.timedelta(days=2)).isoformat(),))
    with first_overview._snapshot(demo_store.path) as conn:
        whole = load_plan(conn, today)
        first = load_plan(conn, today, settled=False)
    assert set(whole.milestones) - set(first.milestones) == {1, 5, 8}
    compute(whole)
    compute(first, weeks=overview_weeks(first))
    for mid in first.milestones:
        assert first.forecasts[mid] == whole.forecasts[mid], mid
    assert {whole.forecasts[3].status, whole.forecasts[9].status} == {"slipping", "late"}
    for pid in whole.projects:
        assert first.health(pid) == whole.health(pid), pid
    assert first_overview.compute(demo_store.path) == load_overview(demo_store)
