"""R1 availability, R2 demand and R3 utilisation of people, week by week (docs/rules.md)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from supportpm_tui.core.rules.calendar import DAY, WorkCalendar, monday_of, planning_start

EPSILON = 1e-9


def tenths(hours: float) -> float:
    """Return ``hours`` rounded half up to a tenth of an hour: the figure every screen shows (R3).

    The rules count hours to the tenth, so a breakdown adds up as it is
    shown: 40 − 1.2 − 15.5 is 23.3, never 23.2.
    """
    if not math.isfinite(hours):
        return hours
    return math.floor(hours * 10 + 0.5 + EPSILON) / 10


def whole_percent(used: float | None) -> int | None:
    """Return a utilisation as the whole percentage shown, rounded half up (R3); ``None`` stays ``None``."""
    if used is None:
        return None
    if not math.isfinite(used):
        return None
    return math.floor(used + 0.5 + EPSILON)


@dataclass(frozen=True)
class PersonTime:
    """What R1 (docs/rules.md) needs to know about one person.

    ``absence`` maps a date to hours of leave that day (a full day or more
    makes the day absent); ``duty`` maps a date to on-call or maintenance
    hours; ``tickets`` maps an ISO week's Monday to logged ticket hours.
    """

    id: int
    contracted: float
    reserve_pct: float
    wip_limit: int = 3
    absence: dict[dt.date, float] = field(default_factory=dict)
    duty: dict[dt.date, float] = field(default_factory=dict)
    tickets: dict[dt.date, float] = field(default_factory=dict)
    weekdays: frozenset[int] | None = None  # their own working weekdays (Monday 0); None: the team's
    holidays: frozenset[dt.date] | None = None  # their own days off for everyone (own region); None: the team's

    def works_on(self, day: dt.date, calendar: WorkCalendar) -> bool:
        """Return whether ``day`` is one of this person's weekdays (a holiday for everyone still counts)."""
        return calendar.is_weekday(day) if self.weekdays is None else day.weekday() in self.weekdays


@dataclass(unsafe_hash=True)  # never changed once made; not frozen: made by the thousand, frozen is 4× slower
class Availability:
    """R1 (docs/rules.md) for one person and week, in tenths of an hour.

    ``present`` lists the counted days present; ``days_counted`` of the
    week's ``weekdays`` count (fewer in the current week: the days before
    today are gone). ``tickets_logged`` is the week's whole logged ticket
    load, ``tickets`` its share for the days counted, ``reserve`` the
    support reserve's hours; the queue is the larger of the two.
    """

    week: dt.date
    contracted: float
    leave: float
    duty: float
    queue: float
    queue_source: str
    available: float
    present: tuple[dt.date, ...]
    weekdays: int = 0
    days_counted: int = 0
    tickets_logged: float = 0.0
    tickets: float = 0.0
    reserve: float = 0.0

    def per_day(self) -> dict[dt.date, float]:
        """Return the available hours spread evenly over the days present."""
        if not self.present:
            return {}
        share = self.available / len(self.present)
        return {day: share for day in self.present}


def weekly_availability(person: PersonTime, week: dt.date, today: dt.date, calendar: WorkCalendar) -> Availability:
    """Return R1 (docs/rules.md) for ``person`` in the ISO week starting ``week`` (days before today are gone)."""
    if person.weekdays is None:
        weekdays = calendar.week_weekdays(week)
    else:  # their own days: a part-timer on Monday to Thursday has 4 days, a weekend engineer Saturday
        weekdays = [week + dt.timedelta(days=i) for i in sorted(person.weekdays)]
    counted = weekdays if not weekdays or weekdays[0] >= today else [d for d in weekdays if d >= today]
    if not weekdays or person.contracted <= 0:
        return Availability(week, 0.0, 0.0, 0.0, 0.0, "reserve", 0.0, (), len(weekdays), len(counted))
    day_hours = person.contracted / len(weekdays)
    leave = duty = 0.0
    present: list[dt.date] = []
    holidays = calendar.holidays if person.holidays is None else person.holidays
    absence, duties = person.absence, person.duty
    for day in counted:
        if day in holidays:
            leave += day_hours
            continue
        away = absence.get(day, 0.0)
        if away >= day_hours - EPSILON:
            leave += day_hours
            continue
        leave += away
        on_duty = duties.get(day, 0.0)
        duty += on_duty if on_duty < day_hours - away else day_hours - away
        present.append(day)
    contracted = tenths(day_hours * len(counted))
    leave, duty = tenths(leave), tenths(duty)
    logged = person.tickets.get(week, 0.0)
    tickets = tenths(logged * len(counted) / len(weekdays))
    base = max(0.0, tenths(contracted - leave - duty))
    reserve = tenths(person.reserve_pct / 100.0 * base)
    queue, source = (tickets, "tickets") if tickets > reserve + EPSILON else (reserve, "reserve")
    queue = min(queue, base)  # tickets beyond the hours left take them all, and no more
    available = max(0.0, tenths(base - queue))
    return Availability(
        week,
        contracted,
        leave,
        duty,
        queue,
        source,
        available,
        tuple(present),
        len(weekdays),
        len(counted),
        tenths(logged),
        tickets,
        reserve,
    )


@dataclass(unsafe_hash=True)  # never changed once made; not frozen: made by the thousand, frozen is 4× slower
class WorkItem:
    """An open piece of work as the planning rules see it (``due`` is the effective due date)."""

    id: int
    assignee_id: int | None
    remaining: float
    start: dt.date | None = None
    due: dt.date | None = None
    priority_rank: int = 1
    project_id: int = 0
    milestone_id: int | None = None
    blocked: bool = False
    held_by: str = ""  # the inactive person it is assigned to: planned as unassigned (R2)


def spread_work(item: WorkItem, today: dt.date, calendar: WorkCalendar, horizon_weeks: int) -> dict[dt.date, float]:
    """Return R2's hours (docs/rules.md) of ``item`` per ISO week (keyed by Monday); they sum to its remaining.

    Hours spread evenly over the working days from max(today, start) to the
    due date; overdue work falls in the current week; undated work spreads
    over the planning horizon.
    """
    if item.remaining <= 0:
        return {}
    if item.due is not None and item.due < today:
        return {monday_of(planning_start(today, calendar)): item.remaining}
    first = max(today, item.start) if item.start else today
    last = item.due if item.due is not None else today + dt.timedelta(weeks=horizon_weeks) - DAY
    shares = calendar.week_shares(first, last)
    if not shares:
        return {monday_of(calendar.next_working_day(first)): item.remaining}
    remaining = item.remaining
    return {week: remaining * share for week, share in shares}


def spread_in_weeks(
    item: WorkItem, today: dt.date, calendar: WorkCalendar, horizon_weeks: int, weeks: tuple[dt.date, ...]
) -> dict[dt.date, float]:
    """Return :func:`spread_work`'s hours of ``item`` in ``weeks`` (Mondays, ascending) only: the same figures.

    For a screen that shows a few weeks: the other weeks are not worked out.
    """
    if item.remaining <= 0:
        return {}
    if item.due is not None and item.due < today:
        week = monday_of(planning_start(today, calendar))
        return {week: item.remaining} if week in weeks else {}
    first = max(today, item.start) if item.start else today
    last = item.due if item.due is not None else today + dt.timedelta(weeks=horizon_weeks) - DAY
    shares = calendar.week_shares_in(first, last, weeks)
    if shares is None:
        week = monday_of(calendar.next_working_day(first))
        return {week: item.remaining} if week in weeks else {}
    remaining = item.remaining
    return {week: remaining * share for week, share in shares}


def weekly_demand(
    items: list[WorkItem],
    today: dt.date,
    calendar: WorkCalendar,
    horizon_weeks: int,
    spread: Callable[[WorkItem], dict[dt.date, float]] | None = None,
) -> dict[tuple[int, dt.date], dict[int, float]]:
    """Return, per (person id, week Monday), the hours of each assigned item that week.

    ``spread`` may stand in for :func:`spread_work` (for example to reuse
    earlier results); it must return the same hours.
    """
    demand: dict[tuple[int, dt.date], dict[int, float]] = defaultdict(dict)
    for item in items:
        person, task = item.assignee_id, item.id
        if person is None:
            continue
        weeks = spread(item) if spread is not None else spread_work(item, today, calendar, horizon_weeks)
        for week, hours in weeks.items():
            demand[(person, week)][task] = hours
    return dict(demand)


def shown_shares(hours: dict[int, float]) -> dict[int, float]:
    """Return each part of a total to the tenth, adding up to the total to the tenth (largest remainders first).

    A week's demand lists its tasks: 1.14 h and 1.25 h show as 1.1 h and 1.3 h
    beside a demand of 2.4 h, never 1.1 h and 1.2 h.
    """
    total = round(tenths(sum(hours.values())) * 10)
    floors = {key: math.floor(value * 10 + EPSILON) for key, value in hours.items()}
    left = total - sum(floors.values())
    order = sorted(hours, key=lambda key: (-(hours[key] * 10 - floors[key]), key))
    for key in order[: max(0, left)]:
        floors[key] += 1
    return {key: tenth / 10 for key, tenth in floors.items()}


def utilisation(demand: float, available: float) -> float | None:
    """Return R3's demand ÷ availability in % (docs/rules.md), or ``None`` when demand meets no availability.

    Both are taken as shown, to the tenth of an hour, so the percentage can be
    worked out again from the figures on the screen.
    """
    demand, available = tenths(demand), tenths(available)
    if available <= EPSILON:
        return None if demand > EPSILON else 0.0
    return demand / available * 100.0


def load_state(demand: float, available: float, overload: float, strain: float) -> str:
    """Return ``overloaded``, ``strained`` or ``ok`` for a week, decided on the whole percentage shown (R3)."""
    shown = whole_percent(utilisation(demand, available))
    if shown is None or shown >= overload - EPSILON:
        return "overloaded"
    if shown >= strain - EPSILON:
        return "strained"
    return "ok"


def over_wip(in_progress: int, limit: int | None) -> bool:
    """Return whether a person or column holds more cards than its WIP limit."""
    return limit is not None and in_progress > limit
