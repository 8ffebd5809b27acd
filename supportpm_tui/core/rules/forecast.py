"""R4 milestone forecast and R5 milestone status (docs/rules.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from supportpm_tui.core.rules.calendar import DAY, WorkCalendar, short_date
from supportpm_tui.core.rules.capacity import EPSILON, WorkItem

FORECAST_LIMIT_DAYS = 3 * 365

DayCapacity = Callable[[int, dt.date], float]
WeekHours = Callable[[int, dt.date], Sequence[float]]
"""A person's hours on each of the seven days of the week starting a Monday."""


def schedule_order(item: WorkItem) -> tuple[bool, dt.date, int, int]:
    """Return R4's order (docs/rules.md): effective due date (undated last), then priority, then id."""
    return (item.due is None, item.due or dt.date.max, -item.priority_rank, item.id)


def forecast_finishes(items: list[WorkItem], capacity: DayCapacity, today: dt.date) -> dict[int, dt.date | None]:
    """Return each assigned item's forecast finish date (``None`` beyond the forecast limit).

    Per assignee, items are scheduled in :func:`schedule_order` against the
    person's day-by-day availability from today, each not before its start.
    """
    finishes: dict[int, dt.date | None] = {}
    for person, work in work_by_person(items).items():
        finishes.update(forecast_person(person, work, capacity, today))
    return finishes


def work_by_person(items: list[WorkItem]) -> dict[int, list[WorkItem]]:
    """Return the assigned items of each person, in the order given."""
    by_person: dict[int, list[WorkItem]] = defaultdict(list)
    for item in items:
        if item.assignee_id is not None:
            by_person[item.assignee_id].append(item)
    return dict(by_person)


def forecast_person(
    person: int,
    work: list[WorkItem],
    capacity: DayCapacity,
    today: dt.date,
    booked: dict[dt.date, float] | None = None,
    week_hours: WeekHours | None = None,
    booked_weeks: dict[dt.date, float] | None = None,
) -> dict[int, dt.date | None]:
    """Return R4's finish date (docs/rules.md) of each of one person's items (see :func:`forecast_finishes`).

    ``booked``, when given, receives the hours the forecast schedules on each
    day, in the order the days are first booked; ``booked_weeks`` the same
    hours summed by week (keyed by Monday, as :func:`booked_by_week` sums
    them). ``week_hours``, when given, says a whole week of ``capacity`` at
    once (the same hours, far fewer calls).

    The days are walked as places in two lists (the hours available and the
    hours given to earlier items, from the Monday of today's week), filled a
    week at a time as the walk reaches them: a walk of a few hundred days per
    person, each step an index rather than a date.
    """
    weekly: WeekHours = week_hours or (lambda who, week: [capacity(who, week + dt.timedelta(days=i)) for i in range(7)])
    monday = today - dt.timedelta(days=today.weekday())
    start = today.weekday()  # today's place: the days before it are never walked
    last = start + FORECAST_LIMIT_DAYS
    hours: list[float] = []  # available on each day, by place from Monday
    used: list[float] = []  # given to earlier items, by place
    filled = 0  # the places known so far
    first_booked: list[int] = []  # the places booked, in the order first booked
    finishes: dict[int, dt.date | None] = {}
    first_free = start
    eps = EPSILON
    for item in sorted(work, key=schedule_order):
        begin = start + (item.start - today).days if item.start and item.start > today else start
        if item.remaining <= eps:
            finishes[item.id] = monday + dt.timedelta(days=begin)
            continue
        at = begin if begin > first_free else first_free
        left = item.remaining
        finish: dt.date | None = None
        while at <= last:
            while at >= filled:
                hours.extend(weekly(person, monday + dt.timedelta(days=filled)))
                used.extend(_IDLE_WEEK)
                filled = len(hours)
            taken = used[at]
            free = hours[at] - taken
            if free > eps:
                if not taken:
                    first_booked.append(at)
                if free < left:  # the whole day's free hours: the item goes on
                    used[at] = taken + free
                    left -= free
                    if left <= eps:
                        finish = monday + dt.timedelta(days=at)
                        break
                    if at == first_free:
                        first_free = at + 1
                else:  # the rest of the item, done that day
                    used[at] = taken + left
                    finish = monday + dt.timedelta(days=at)
                    break
            elif at == first_free:
                first_free = at + 1
            at += 1
        finishes[item.id] = finish
    if booked is not None:
        booked.update((monday + dt.timedelta(days=at), used[at]) for at in first_booked)
    if booked_weeks is not None:
        mondays = [monday + dt.timedelta(weeks=week) for week in range(len(hours) // 7)]
        for at in first_booked:
            week_of = mondays[at // 7]
            booked_weeks[week_of] = booked_weeks.get(week_of, 0.0) + used[at]
    return finishes


_IDLE_WEEK = (0.0,) * 7


def booked_by_week(
    booked: dict[dt.date, float], mondays: Mapping[dt.date, dt.date] | None = None
) -> dict[dt.date, float]:
    """Return the hours of ``booked`` (hours by day) per ISO week, keyed by Monday.

    ``mondays`` may give the Monday of days already known (the forecast walks the same days for everyone).
    """
    weeks: dict[dt.date, float] = defaultdict(float)
    known = mondays if mondays is not None else {}
    for day, hours in booked.items():
        weeks[known.get(day) or day - dt.timedelta(days=day.weekday())] += hours
    return dict(weeks)


@dataclass(unsafe_hash=True)  # never changed once made; not frozen: made by the thousand, frozen is 4× slower
class MilestonePlan:
    """What R4 and R5 (docs/rules.md) need to know about one milestone."""

    id: int
    due: dt.date
    done: dt.date | None = None
    buffer_days: int = 0
    predecessors: tuple[int, ...] = ()
    critical_risk: bool = False
    name: str = ""
    paused: str = ""  # the project's status when it is on hold, done or cancelled: no demand, no forecast


@dataclass
class MilestoneForecast:
    """R4's forecast and R5's status (docs/rules.md) of one milestone, with the reasons behind them."""

    id: int
    forecast: dt.date
    status: str = "on_track"
    slip_days: int = 0
    beyond_limit: bool = False
    unassigned_hours: float = 0.0  # all work nobody can do: unassigned, or assigned to an inactive person
    blocked_tasks: int = 0
    driver_task: int | None = None
    driver_predecessor: int | None = None
    reasons: list[str] = field(default_factory=list)
    no_forecast: bool = False  # paused, or open work none of which is assigned: no date can be forecast
    inactive: dict[str, float] = field(default_factory=dict)  # hours held by each inactive person
    assigned_work: bool = False
    unassigned_only: bool = False  # open work, none of it assigned
    unforecast_predecessors: list[int] = field(default_factory=list)

    @property
    def shown_forecast(self) -> dt.date | None:
        """Return the forecast a screen shows: ``None`` when the milestone has no forecast."""
        return None if self.no_forecast else self.forecast


PAUSED_STATUS = {"on_hold": "on_hold", "cancelled": "cancelled", "done": "closed"}
"""A milestone's status when its project is on hold, cancelled or done (and the milestone is not)."""


def forecast_milestones(
    milestones: list[MilestonePlan],
    items: list[WorkItem],
    finishes: dict[int, dt.date | None],
    today: dt.date,
    calendar: WorkCalendar,
    known: dict[int, MilestoneForecast] | None = None,
    work: dict[int, list[WorkItem]] | None = None,
) -> dict[int, MilestoneForecast]:
    """Return R4's forecast and R5's status (docs/rules.md) for every milestone.

    ``known`` holds forecasts worked out before that still hold (their
    milestone, its work and every milestone it follows are as they were):
    they are kept as they are, and only the others are worked out.
    ``work``, when given, holds ``items`` by milestone (in the same order):
    then only the work of the milestones worked out is gone through.
    """
    known = known or {}
    limit = today + dt.timedelta(days=FORECAST_LIMIT_DAYS)
    todo = [m for m in milestones if m.id not in known]
    own: dict[int, MilestoneForecast] = {m.id: known[m.id] for m in milestones if m.id in known}
    for m in todo:
        own[m.id] = MilestoneForecast(m.id, m.done if m.done else today)
    if work is not None:
        items = [item for m in todo for item in work.get(m.id, ())]
    for item in items:
        if item.milestone_id is None or item.milestone_id not in own or item.milestone_id in known:
            continue
        result = own[item.milestone_id]
        if item.blocked:
            result.blocked_tasks += 1
        if item.assignee_id is None:
            result.unassigned_hours += max(0.0, item.remaining)
            if item.held_by and item.remaining > 0:
                result.inactive[item.held_by] = result.inactive.get(item.held_by, 0.0) + item.remaining
            continue
        result.assigned_work = True
        finish = finishes.get(item.id)
        if finish is None:
            finish, result.beyond_limit = limit, True
        if finish > result.forecast or (finish == result.forecast and result.driver_task is None):
            result.forecast, result.driver_task = finish, item.id
    for m in todo:
        r = own[m.id]
        r.unassigned_only = m.done is None and not r.assigned_work and r.unassigned_hours > EPSILON
        r.no_forecast = m.done is None and (bool(m.paused) or r.unassigned_only)
    by_id = {m.id: m for m in milestones}
    settled: dict[int, dt.date] = {mid: own[mid].forecast for mid in known if mid in own}

    def settle(mid: int, trail: frozenset[int]) -> dt.date:
        if mid in settled:
            return settled[mid]
        result = own[mid]
        for pred in by_id[mid].predecessors:
            if pred in trail or pred not in by_id:
                continue
            pred_forecast = settle(pred, trail | {mid})
            if by_id[mid].done is not None or by_id[mid].paused:
                continue
            if own[pred].no_forecast:
                result.unforecast_predecessors.append(pred)
                result.no_forecast = True  # it cannot be forecast before what it follows is
            if pred_forecast > result.forecast:
                result.forecast, result.driver_predecessor = pred_forecast, pred
                result.driver_task = None
        settled[mid] = result.forecast
        return result.forecast

    for m in todo:
        settle(m.id, frozenset({m.id}))
    for m in todo:
        _status(m, own[m.id], today, calendar, by_id, own)
    return own


def _status(
    m: MilestonePlan,
    r: MilestoneForecast,
    today: dt.date,
    cal: WorkCalendar,
    by_id: dict[int, MilestonePlan],
    own: dict[int, MilestoneForecast],
) -> None:
    """Apply R5 (docs/rules.md): done, late, slipping, at risk, on track (first that applies), with reasons."""
    if m.done is not None:
        r.status = "done"
        return
    if m.paused:
        r.status = PAUSED_STATUS.get(m.paused, "on_hold")
        r.reasons.append(f"the project is {m.paused.replace('_', ' ')}")
        return

    def day(value: dt.date) -> str:
        return short_date(value, today)

    def unforecast(pred: int) -> str:
        paused = by_id[pred].paused
        return f"which is {PAUSED_STATUS.get(paused, paused).replace('_', ' ')}" if paused else "which has no forecast"

    follows: list[str] = []
    if r.driver_predecessor is not None:
        pred = r.driver_predecessor
        when = unforecast(pred) if own[pred].no_forecast else f"forecast {day(own[pred].forecast)}"
        follows.append(f"follows {by_id[pred].name or f'milestone #{pred}'}, {when}")
    for pred in r.unforecast_predecessors:
        if pred != r.driver_predecessor:
            follows.append(f"follows {by_id[pred].name or f'milestone #{pred}'}, {unforecast(pred)}")
    if today > m.due:
        r.status = "late"
        r.slip_days = cal.count_working_days(m.due + DAY, max(today, r.forecast))
        r.reasons.append(f"due {day(m.due)} has passed")
        r.reasons.extend(follows)
        r.reasons.extend(_unscheduled(r))
        return
    if r.forecast > m.due:
        r.status = "slipping"
        r.slip_days = cal.count_working_days(m.due + DAY, r.forecast)
        r.reasons.extend(follows)
        if r.no_forecast:
            r.reasons.append(f"cannot finish before {day(r.forecast)}, after due {day(m.due)}")
        elif r.beyond_limit:
            r.reasons.append("cannot be scheduled within three years: its assignees have no hours for it")
        else:
            r.reasons.append(f"forecast {day(r.forecast)} is after due {day(m.due)}")
        r.reasons.extend(_unscheduled(r))
        return
    reasons: list[str] = []
    if not r.no_forecast and (r.assigned_work or r.driver_predecessor is not None):
        slack = cal.count_working_days(r.forecast + DAY, m.due)
        if slack == 0:
            buffer = "no buffer" if m.buffer_days == 0 else f"buffer {m.buffer_days} working days"
            reasons.append(f"finishes on its due date, {buffer}")
        elif slack <= m.buffer_days:
            reasons.append(f"only {slack} working day{'s' if slack != 1 else ''} of slack (buffer {m.buffer_days})")
    if r.blocked_tasks:
        reasons.append(f"{r.blocked_tasks} blocked task(s)")
    reasons.extend(_unscheduled(r))
    if m.critical_risk:
        reasons.append("an open critical risk")
    if reasons or r.unforecast_predecessors:
        reasons.extend(follows)
    r.reasons.extend(reasons)
    r.status = "at_risk" if r.reasons else "on_track"


def _unscheduled(r: MilestoneForecast) -> list[str]:
    """Return the reasons for work nobody can do: unassigned, or held by an inactive person."""
    reasons: list[str] = []
    held = sum(r.inactive.values())
    unassigned = r.unassigned_hours - held
    if unassigned > EPSILON:
        reasons.append(f"{unassigned:.1f}".rstrip("0").rstrip(".") + " h of unassigned work")
    for name, hours in sorted(r.inactive.items()):
        reasons.append(f"{hours:.1f}".rstrip("0").rstrip(".") + f" h assigned to {name}, who is inactive")
    if r.unassigned_only:
        reasons.append("no forecast until the work is assigned")
    return reasons
