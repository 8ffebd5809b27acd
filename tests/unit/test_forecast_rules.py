"""R4 milestone forecast and R5 milestone status."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportpm_tui.core.rules.calendar import WorkCalendar
from supportpm_tui.core.rules.capacity import WorkItem
from supportpm_tui.core.rules.forecast import (
    EPSILON,
    FORECAST_LIMIT_DAYS,
    MilestonePlan,
    booked_by_week,
    forecast_finishes,
    forecast_milestones,
    forecast_person,
    schedule_order,
)

MON = dt.date(2026, 11, 23)
CAL = WorkCalendar()


def eight_hours(_person: int, day: dt.date) -> float:
    return 8.0 if CAL.is_working_day(day) else 0.0


def d(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


def test_tasks_are_scheduled_in_due_date_then_priority_then_id_order() -> None:
    items = [
        WorkItem(3, 1, 8, due=d(10), priority_rank=1),
        WorkItem(2, 1, 8, due=d(10), priority_rank=3),
        WorkItem(1, 1, 8, due=d(4)),
        WorkItem(4, 1, 8, due=None),
    ]
    assert [i.id for i in sorted(items, key=schedule_order)] == [1, 2, 3, 4]
    finishes = forecast_finishes(items, eight_hours, MON)
    assert finishes == {1: d(0), 2: d(1), 3: d(2), 4: d(3)}


def test_a_task_waits_for_its_start_date_and_others_fill_the_gap() -> None:
    items = [WorkItem(1, 1, 8, start=d(7), due=d(7)), WorkItem(2, 1, 16, due=d(9))]
    assert forecast_finishes(items, eight_hours, MON) == {1: d(7), 2: d(1)}


def test_work_spans_weekends() -> None:
    finishes = forecast_finishes([WorkItem(1, 1, 48, due=d(4))], eight_hours, MON)
    assert finishes[1] == d(7)  # six working days: Monday to the next Monday


def test_no_availability_means_no_finish_within_the_limit() -> None:
    finishes = forecast_finishes([WorkItem(1, 1, 5, due=d(4))], lambda _p, _d: 0.0, MON)
    assert finishes[1] is None


def test_a_200_hour_task_for_one_full_time_person_slips() -> None:
    # 40 h a week less a 40 % reserve leaves 24 h: 200 h take over eight weeks.
    def cap(_p: int, day: dt.date) -> float:
        return 24 / 5 if CAL.is_working_day(day) else 0.0

    items = [WorkItem(1, 1, 200, due=d(4), milestone_id=10)]
    finishes = forecast_finishes(items, cap, MON)
    result = forecast_milestones([MilestonePlan(10, d(4))], items, finishes, MON, CAL)[10]
    assert result.status == "slipping"
    assert result.forecast > d(7 * 8)
    assert result.slip_days == CAL.count_working_days(d(5), result.forecast)


def plan(*milestones: MilestonePlan, items: list[WorkItem] | None = None, today: dt.date = MON):  # type: ignore[no-untyped-def]
    work = items or []
    finishes = forecast_finishes(work, eight_hours, today)
    return forecast_milestones(list(milestones), work, finishes, today, CAL)


def test_predecessors_push_a_forecast() -> None:
    items = [WorkItem(1, 1, 40, milestone_id=1, due=d(20)), WorkItem(2, 2, 8, milestone_id=2, due=d(20))]
    result = plan(MilestonePlan(1, d(20)), MilestonePlan(2, d(20), predecessors=(1,)), items=items)
    assert result[1].forecast == d(4)
    assert result[2].forecast == d(4)
    assert result[2].driver_predecessor == 1


def test_no_open_work_forecasts_today() -> None:
    assert plan(MilestonePlan(1, d(10)))[1].forecast == MON


def test_unassigned_work_makes_a_milestone_at_risk() -> None:
    result = plan(MilestonePlan(1, d(20)), items=[WorkItem(1, None, 6, milestone_id=1)])[1]
    assert result.status == "at_risk"
    assert result.unassigned_hours == 6
    assert any("unassigned" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("milestone", "items", "status"),
    [
        (MilestonePlan(1, d(-3), done=d(-4)), [], "done"),
        (MilestonePlan(1, d(-1)), [], "late"),
        (MilestonePlan(1, d(2)), [WorkItem(1, 1, 40, milestone_id=1)], "slipping"),
        (MilestonePlan(1, d(4)), [WorkItem(1, 1, 40, milestone_id=1)], "at_risk"),  # no slack left
        (MilestonePlan(1, d(9), buffer_days=3), [WorkItem(1, 1, 40, milestone_id=1)], "at_risk"),
        (MilestonePlan(1, d(9)), [WorkItem(1, 1, 8, milestone_id=1, blocked=True)], "at_risk"),
        (MilestonePlan(1, d(9), critical_risk=True), [], "at_risk"),
        (MilestonePlan(1, d(9), buffer_days=2), [WorkItem(1, 1, 16, milestone_id=1)], "on_track"),
    ],
)
def test_every_status_of_r5(milestone: MilestonePlan, items: list[WorkItem], status: str) -> None:
    assert plan(milestone, items=items)[1].status == status


def test_late_wins_over_slipping_and_reports_the_slip() -> None:
    result = plan(MilestonePlan(1, d(-2)), items=[WorkItem(1, 1, 16, milestone_id=1)])[1]
    assert result.status == "late"
    assert result.slip_days == CAL.count_working_days(d(-1), MON + dt.timedelta(days=1))


def test_cycles_in_stored_links_do_not_hang() -> None:
    result = plan(MilestonePlan(1, d(9), predecessors=(2,)), MilestonePlan(2, d(9), predecessors=(1,)))
    assert result[1].forecast == MON


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 3),
            st.floats(0, 60),
            st.one_of(st.none(), st.integers(-10, 40)),
            st.one_of(st.none(), st.integers(-10, 40)),
            st.integers(1, 4),
        ),
        max_size=12,
    ),
    st.integers(0, 6),
)
def test_forecasts_never_before_today_nor_a_predecessor(rows, offset: int) -> None:  # type: ignore[no-untyped-def]
    today = MON + dt.timedelta(days=offset)
    items = [
        WorkItem(
            i,
            person,
            hours,
            start=None if start is None else today + dt.timedelta(days=start),
            due=None if due is None else today + dt.timedelta(days=due),
            milestone_id=m,
        )
        for i, (person, hours, start, due, m) in enumerate(rows)
    ]
    milestones = [
        MilestonePlan(1, today + dt.timedelta(days=5)),
        MilestonePlan(2, today + dt.timedelta(days=9), predecessors=(1,)),
        MilestonePlan(3, today + dt.timedelta(days=9), predecessors=(2,)),
        MilestonePlan(4, today + dt.timedelta(days=3), predecessors=(1, 3)),
    ]
    finishes = forecast_finishes(items, eight_hours, today)
    assert all(f is None or f >= today for f in finishes.values())
    result = forecast_milestones(milestones, items, finishes, today, CAL)
    for m in milestones:
        assert result[m.id].forecast >= today
        for pred in m.predecessors:
            assert result[m.id].forecast >= result[pred].forecast


@given(
    st.dictionaries(
        st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)), st.floats(0, 24, allow_nan=False), max_size=40
    ),
    st.data(),
)
def test_booked_hours_by_week_are_the_same_with_the_mondays_known(
    booked: dict[dt.date, float], data: st.DataObject
) -> None:
    known = data.draw(st.sets(st.sampled_from(sorted(booked)))) if booked else set()
    mondays = {day: day - dt.timedelta(days=day.weekday()) for day in known}
    weeks = booked_by_week(booked)
    assert booked_by_week(booked, mondays) == weeks
    assert all(week.weekday() == 0 for week in weeks)
    assert sum(weeks.values()) == pytest.approx(sum(booked.values()))


def _walked_day_by_day(
    work: list[WorkItem], capacity: object, today: dt.date
) -> tuple[dict[int, dt.date | None], dict[dt.date, float]]:
    """R4 as docs/rules.md words it, one date after another: the reference the quicker walk must equal."""
    limit = today + dt.timedelta(days=FORECAST_LIMIT_DAYS)
    finishes: dict[int, dt.date | None] = {}
    used: dict[dt.date, float] = {}
    first_free = today
    for item in sorted(work, key=schedule_order):
        begin = max(today, item.start) if item.start else today
        if item.remaining <= EPSILON:
            finishes[item.id] = begin
            continue
        day, left, finish = max(begin, first_free), item.remaining, None
        while day <= limit:
            taken = used.get(day, 0.0)
            free = capacity(1, day) - taken  # type: ignore[operator]
            if free > EPSILON:
                take = min(free, left)
                used[day] = taken + take
                free -= take
                left -= take
                if left <= EPSILON:
                    finish = day
                    break
            if day == first_free and free <= EPSILON:
                first_free = day + dt.timedelta(days=1)
            day += dt.timedelta(days=1)
        finishes[item.id] = finish
    return finishes, used


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0.0, 0.5, 1.0, 2.5, 6.4, 8.0, 19.2, 40.0, 300.0, 5000.0]),
            st.one_of(st.none(), st.integers(-20, 60)),
            st.one_of(st.none(), st.integers(-20, 90)),
            st.integers(0, 3),
        ),
        max_size=12,
    ),
    st.dictionaries(st.integers(0, 120), st.sampled_from([0.0, 1.5, 3.2, 6.4, 8.0]), max_size=30),
    st.sampled_from([0.0, 6.4, 8.0]),
    st.integers(0, 6),
)
def test_the_forecast_walk_gives_what_a_day_by_day_walk_gives(
    shapes: list[tuple[float, int | None, int | None, int]],
    odd_days: dict[int, float],
    usual: float,
    weekday: int,
) -> None:
    """Finish dates and the hours booked on each day (and in each week) are those of the plain date-by-date walk,
    whatever the work, the starts, the due dates and the odd days (leave, duty, holidays) are."""
    today = MON + dt.timedelta(days=weekday)

    def capacity(_person: int, day: dt.date) -> float:
        if day.weekday() >= 5:
            return 0.0
        return odd_days.get((day - MON).days, usual)

    work = [
        WorkItem(
            n + 1,
            1,
            remaining,
            start=None if start is None else today + dt.timedelta(days=start),
            due=None if due is None else today + dt.timedelta(days=due),
            priority_rank=rank,
        )
        for n, (remaining, start, due, rank) in enumerate(shapes)
    ]
    expected, expected_used = _walked_day_by_day(work, capacity, today)
    booked: dict[dt.date, float] = {}
    weeks: dict[dt.date, float] = {}
    assert forecast_person(1, work, capacity, today, booked, None, weeks) == expected
    assert booked == expected_used
    assert list(booked) == list(expected_used)  # in the order first booked: sums by week add up the same way
    assert weeks == booked_by_week(expected_used)
