"""R4 milestone forecast and R5 milestone status (docs/rules.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from supportpm_tui.core.rules.calendar import DAY, WorkCalendar
from supportpm_tui.core.rules.capacity import EPSILON, WorkItem

FORECAST_LIMIT_DAYS = 3 * 365

DayCapacity = Callable[[int, dt.date], float]


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
    person: int, work: list[WorkItem], capacity: DayCapacity, today: dt.date
) -> dict[int, dt.date | None]:
    """Return R4's finish date (docs/rules.md) of each of one person's items (see :func:`forecast_finishes`)."""
    limit = today + dt.timedelta(days=FORECAST_LIMIT_DAYS)
    finishes: dict[int, dt.date | None] = {}
    used: dict[dt.date, float] = {}  # hours given to earlier items, by day
    first_free = today
    for item in sorted(work, key=schedule_order):
        begin = max(today, item.start) if item.start else today
        if item.remaining <= EPSILON:
            finishes[item.id] = begin
            continue
        day = max(begin, first_free)
        left = item.remaining
        finish: dt.date | None = None
        while day <= limit:
            taken = used.get(day, 0.0)
            free = capacity(person, day) - taken
            if free > EPSILON:
                take = free if free < left else left
                used[day] = taken + take
                free -= take
                left -= take
                if left <= EPSILON:
                    finish = day
                    break
            if day == first_free and free <= EPSILON:
                first_free = day + DAY
            day += DAY
        finishes[item.id] = finish
    return finishes


@dataclass(frozen=True)
class MilestonePlan:
    """What R4 and R5 (docs/rules.md) need to know about one milestone."""

    id: int
    due: dt.date
    done: dt.date | None = None
    buffer_days: int = 0
    predecessors: tuple[int, ...] = ()
    critical_risk: bool = False


@dataclass
class MilestoneForecast:
    """R4's forecast and R5's status (docs/rules.md) of one milestone, with the reasons behind them."""

    id: int
    forecast: dt.date
    status: str = "on_track"
    slip_days: int = 0
    beyond_limit: bool = False
    unassigned_hours: float = 0.0
    blocked_tasks: int = 0
    driver_task: int | None = None
    driver_predecessor: int | None = None
    reasons: list[str] = field(default_factory=list)


def forecast_milestones(
    milestones: list[MilestonePlan],
    items: list[WorkItem],
    finishes: dict[int, dt.date | None],
    today: dt.date,
    calendar: WorkCalendar,
) -> dict[int, MilestoneForecast]:
    """Return R4's forecast and R5's status (docs/rules.md) for every milestone."""
    limit = today + dt.timedelta(days=FORECAST_LIMIT_DAYS)
    own: dict[int, MilestoneForecast] = {}
    for m in milestones:
        own[m.id] = MilestoneForecast(m.id, m.done if m.done else today)
    for item in items:
        if item.milestone_id is None or item.milestone_id not in own:
            continue
        result = own[item.milestone_id]
        if item.blocked:
            result.blocked_tasks += 1
        if item.assignee_id is None:
            result.unassigned_hours += max(0.0, item.remaining)
            continue
        finish = finishes.get(item.id)
        if finish is None:
            finish, result.beyond_limit = limit, True
        if finish > result.forecast or (finish == result.forecast and result.driver_task is None):
            result.forecast, result.driver_task = finish, item.id
    by_id = {m.id: m for m in milestones}
    settled: dict[int, dt.date] = {}

    def settle(mid: int, trail: frozenset[int]) -> dt.date:
        if mid in settled:
            return settled[mid]
        result = own[mid]
        for pred in by_id[mid].predecessors:
            if pred in trail or pred not in by_id:
                continue
            pred_forecast = settle(pred, trail | {mid})
            if by_id[mid].done is None and pred_forecast > result.forecast:
                result.forecast, result.driver_predecessor = pred_forecast, pred
                result.driver_task = None
        settled[mid] = result.forecast
        return result.forecast

    for m in milestones:
        settle(m.id, frozenset({m.id}))
        _status(m, own[m.id], today, calendar)
    return own


def _status(m: MilestonePlan, r: MilestoneForecast, today: dt.date, cal: WorkCalendar) -> None:
    """Apply R5 (docs/rules.md): done, late, slipping, at risk, on track (first that applies)."""
    if m.done is not None:
        r.status = "done"
        return
    if today > m.due:
        r.status = "late"
        r.slip_days = cal.count_working_days(m.due + DAY, max(today, r.forecast))
        r.reasons.append(f"due {m.due.isoformat()} has passed")
        return
    if r.forecast > m.due:
        r.status = "slipping"
        r.slip_days = cal.count_working_days(m.due + DAY, r.forecast)
        r.reasons.append(f"forecast {r.forecast.isoformat()} is after due {m.due.isoformat()}")
        return
    slack = cal.count_working_days(r.forecast + DAY, m.due)
    if slack <= m.buffer_days:
        r.reasons.append(f"only {slack} working days of slack (buffer {m.buffer_days})")
    if r.blocked_tasks:
        r.reasons.append(f"{r.blocked_tasks} blocked task(s)")
    if r.unassigned_hours > EPSILON:
        r.reasons.append(f"{r.unassigned_hours:g} h of unassigned work")
    if m.critical_risk:
        r.reasons.append("an open critical risk")
    r.status = "at_risk" if r.reasons else "on_track"
