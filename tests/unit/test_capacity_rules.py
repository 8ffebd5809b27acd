"""R1 availability, R2 demand and R3 utilisation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportpm_tui.core.rules.calendar import WorkCalendar, monday_of, planning_start
from supportpm_tui.core.rules.capacity import (
    PersonTime,
    WorkItem,
    load_state,
    over_wip,
    spread_work,
    utilisation,
    weekly_availability,
    weekly_demand,
)

MON = dt.date(2026, 11, 23)  # ISO week 48
CAL = WorkCalendar()


def days(first: dt.date, count: int, hours: float = float("inf")) -> dict[dt.date, float]:
    return {first + dt.timedelta(days=i): hours for i in range(count)}


def test_worked_example_of_the_spec() -> None:
    person = PersonTime(
        1, 40, 40, absence=days(MON, 2), duty=days(MON + dt.timedelta(days=2), 3, 2.0), tickets={MON: 10}
    )
    a = weekly_availability(person, MON, MON, CAL)
    assert (a.contracted, a.leave, a.duty, a.queue, a.available) == (40, 16, 6, 10, 8)
    assert a.queue_source == "tickets"
    assert len(a.present) == 3


def test_ticket_load_under_the_reserve_keeps_the_reserve() -> None:
    a = weekly_availability(PersonTime(1, 40, 40, tickets={MON: 5}), MON, MON, CAL)
    assert a.queue == pytest.approx(16)
    assert a.queue_source == "reserve"
    assert a.available == pytest.approx(24)


def test_ticket_load_over_the_reserve_eats_project_time() -> None:
    a = weekly_availability(PersonTime(1, 40, 40, tickets={MON: 30}), MON, MON, CAL)
    assert a.queue == 30
    assert a.available == pytest.approx(10)


def test_leave_crossing_a_week_boundary_splits_between_weeks() -> None:
    # Thursday of week 48 to Tuesday of week 49.
    leave = days(MON + dt.timedelta(days=3), 6)
    person = PersonTime(1, 40, 0, absence=leave)
    first = weekly_availability(person, MON, MON, CAL)
    second = weekly_availability(person, MON + dt.timedelta(weeks=1), MON, CAL)
    assert first.leave == 16 and first.available == 24
    assert second.leave == 16 and second.available == 24


def test_a_public_holiday_for_everyone_counts_as_leave() -> None:
    cal = WorkCalendar(holidays=frozenset({MON + dt.timedelta(days=2)}))
    a = weekly_availability(PersonTime(1, 40, 0), MON, MON, cal)
    assert a.leave == 8
    assert a.available == 32
    assert MON + dt.timedelta(days=2) not in a.present


def test_part_time_hours_scale_every_part() -> None:
    a = weekly_availability(PersonTime(1, 24, 50, absence=days(MON, 1)), MON, MON, CAL)
    assert a.contracted == 24
    assert a.leave == pytest.approx(4.8)
    assert a.queue == pytest.approx(9.6)
    assert a.available == pytest.approx(9.6)


def test_partial_day_leave_keeps_the_day_present() -> None:
    a = weekly_availability(PersonTime(1, 40, 0, absence={MON: 4.0}), MON, MON, CAL)
    assert a.leave == 4
    assert MON in a.present


def test_only_days_from_today_count_in_the_current_week() -> None:
    thursday = MON + dt.timedelta(days=3)
    a = weekly_availability(PersonTime(1, 40, 40, tickets={MON: 10}), MON, thursday, CAL)
    assert a.contracted == 16
    assert a.queue == pytest.approx(6.4)  # reserve 40 % of 16 beats 10 × 2/5 = 4 ticket hours
    assert a.available == pytest.approx(9.6)


def test_whole_week_of_leave_gives_zero_and_never_negative() -> None:
    a = weekly_availability(PersonTime(1, 40, 40, duty=days(MON, 5, 9.0), tickets={MON: 80}), MON, MON, CAL)
    assert a.available == 0
    b = weekly_availability(PersonTime(1, 40, 40, absence=days(MON, 5)), MON, MON, CAL)
    assert b.available == 0 and b.leave == 40


@given(
    contracted=st.floats(0, 80),
    reserve=st.floats(0, 100),
    leave_days=st.integers(0, 5),
    duty=st.floats(0, 24),
    tickets=st.floats(0, 200),
    offset=st.integers(0, 6),
)
def test_availability_is_never_negative(
    contracted: float, reserve: float, leave_days: int, duty: float, tickets: float, offset: int
) -> None:
    person = PersonTime(
        1, contracted, reserve, absence=days(MON, leave_days), duty=days(MON, 5, duty), tickets={MON: tickets}
    )
    a = weekly_availability(person, MON, MON + dt.timedelta(days=offset), CAL)
    assert a.available >= 0
    assert a.leave >= 0 and a.duty >= 0 and a.queue >= 0


# --- R2 -----------------------------------------------------------------------------


def test_demand_spreads_evenly_over_working_days_to_the_due_date() -> None:
    item = WorkItem(1, 1, 20.0, due=MON + dt.timedelta(days=8))  # Tuesday of week 49
    spread = spread_work(item, MON, CAL, 2)
    assert spread == {MON: pytest.approx(20 * 5 / 7), MON + dt.timedelta(weeks=1): pytest.approx(20 * 2 / 7)}


def test_demand_starts_at_the_start_date() -> None:
    item = WorkItem(1, 1, 10.0, start=MON + dt.timedelta(weeks=1), due=MON + dt.timedelta(days=11))
    assert spread_work(item, MON, CAL, 2) == {MON + dt.timedelta(weeks=1): pytest.approx(10)}


def test_overdue_work_falls_entirely_in_the_current_week() -> None:
    item = WorkItem(1, 1, 12.0, due=MON - dt.timedelta(days=10))
    assert spread_work(item, MON + dt.timedelta(days=2), CAL, 2) == {MON: 12.0}


def test_undated_work_spreads_over_the_planning_horizon() -> None:
    spread = spread_work(WorkItem(1, 1, 30.0), MON, CAL, 3)
    assert sorted(spread) == [MON, MON + dt.timedelta(weeks=1), MON + dt.timedelta(weeks=2)]
    assert sum(spread.values()) == pytest.approx(30)


def test_holidays_for_everyone_take_no_demand() -> None:
    cal = WorkCalendar(holidays=frozenset({MON + dt.timedelta(days=4)}))
    spread = spread_work(WorkItem(1, 1, 8.0, due=MON + dt.timedelta(days=4)), MON, cal, 2)
    assert spread == {MON: pytest.approx(8)}


def test_on_a_weekend_this_week_is_the_coming_one() -> None:
    saturday = MON - dt.timedelta(days=2)
    assert planning_start(saturday, CAL) == MON
    overdue = WorkItem(1, 1, 5.0, due=saturday - dt.timedelta(days=3))
    assert spread_work(overdue, saturday, CAL, 2) == {MON: 5.0}


def test_unassigned_work_has_no_personal_demand() -> None:
    demand = weekly_demand([WorkItem(1, None, 10.0, due=MON)], MON, CAL, 2)
    assert demand == {}


@given(
    remaining=st.floats(0.1, 500),
    start=st.integers(-30, 60),
    due=st.one_of(st.none(), st.integers(-30, 120)),
    today=st.integers(0, 6),
    horizon=st.integers(1, 8),
)
def test_demand_is_conserved(remaining: float, start: int, due: int | None, today: int, horizon: int) -> None:
    base = MON + dt.timedelta(days=today)
    item = WorkItem(
        1,
        1,
        remaining,
        start=base + dt.timedelta(days=start),
        due=None if due is None else base + dt.timedelta(days=due),
    )
    spread = spread_work(item, base, CAL, horizon)
    assert sum(spread.values()) == pytest.approx(remaining)
    assert all(monday_of(w) == w and w >= monday_of(base) for w in spread)


# --- R3 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("demand", "available", "state"),
    [
        (0, 0, "ok"),
        (5, 0, "overloaded"),
        (20, 20, "overloaded"),
        (17, 20, "strained"),
        (16.9, 20, "strained"),  # 84.5 % is shown as 85 %: the state follows the shown figure
        (16.8, 20, "ok"),  # 84 %
        (30, 20, "overloaded"),
    ],
)
def test_load_states(demand: float, available: float, state: str) -> None:
    assert load_state(demand, available, 100, 85) == state


def test_utilisation_with_zero_availability() -> None:
    assert utilisation(3, 0) is None
    assert utilisation(0, 0) == 0
    assert utilisation(10, 40) == 25


def test_over_wip_is_strictly_more_than_the_limit() -> None:
    assert not over_wip(3, 3)
    assert over_wip(4, 3)
    assert not over_wip(10, None)


def test_a_person_on_their_own_working_days() -> None:
    """32 h over Monday to Thursday is 8 h a day; a day of leave on Friday is no leave (not their day), on
    Tuesday it is 8 h. Seen on Wednesday, 2 of their 4 days are left: 16 h."""
    own = frozenset({0, 1, 2, 3})
    friday, tuesday = MON + dt.timedelta(days=4), MON + dt.timedelta(days=1)
    a = weekly_availability(PersonTime(1, 32, 0, absence={friday: 8.0}, weekdays=own), MON, MON, CAL)
    assert (a.contracted, a.leave, a.available, a.weekdays, len(a.present)) == (32, 0, 32, 4, 4)
    a = weekly_availability(PersonTime(1, 32, 0, absence={tuesday: 8.0}, weekdays=own), MON, MON, CAL)
    assert (a.leave, a.available) == (8, 24)
    a = weekly_availability(PersonTime(1, 32, 0, weekdays=own), MON, MON + dt.timedelta(days=2), CAL)
    assert (a.contracted, a.days_counted) == (16, 2)
    weekend = weekly_availability(PersonTime(1, 16, 0, weekdays=frozenset({5, 6})), MON, MON, CAL)
    assert weekend.present == (MON + dt.timedelta(days=5), MON + dt.timedelta(days=6))
