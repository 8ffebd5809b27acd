"""Burndown: a project's or a milestone's remaining hours on each working day, as they were that day.

The past comes from the activity log: starting from the cards as they are now,
the card events newer than each day's end are reverted, newest first, so the
cards of each past day are rebuilt exactly (cards from before the log count
as they are; undo and redo are ordinary events). A day ends at local midnight,
as in the status update. The ideal line runs from the first point to nothing
left on the due date; the forecast is the plan's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.changes import read_changes
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.rules.calendar import WorkCalendar
from supportpm_tui.services import base
from supportpm_tui.services.current_plan import current_plan, load_calendar
from supportpm_tui.services.typed import JsonRecord
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Event, Milestone, Task

MAX_WEEKS = 520
# The fields of a card a burndown reads, as stored in its events.
_FIELDS = ("project_id", "milestone_id", "column", "remaining")

Card = dict[str, Any]


@dataclass(frozen=True)
class BurndownPoint(JsonRecord):
    """One working day: the hours remaining at its end, and the ideal line's hours that day (``None``: no due date)."""

    day: str
    remaining: float
    ideal: float | None


@dataclass(frozen=True)
class Burndown(JsonRecord):
    """A project's or a milestone's burndown: one point per working day to today, and the figures a reader needs.

    Dates are ISO text. ``behind`` is the hours remaining today over the ideal
    line's (negative: ahead of it); ``done`` the hours that went from the first
    day to today (negative when more work was added than done).
    """

    project: str
    name: str
    milestone: str | None
    today: str
    first: str
    due: str | None
    forecast: str | None
    forecast_note: str  # why there is no forecast, in plain words ("" when there is one)
    start_remaining: float
    remaining: float
    done: float
    ideal_today: float | None
    behind: float | None
    weeks: int | None = None
    points: list[BurndownPoint] = field(default_factory=list)
    finished: bool = False  # a milestone already done: ``forecast`` is the day it was done

    @property
    def title(self) -> str:
        """Return what the chart shows, in plain words: ``MFA rollout (MFA), milestone Enrolment wave 1``."""
        what = f"{self.name} ({self.project})"
        return f"{what}, milestone {self.milestone}" if self.milestone else what


def _local_day(value: dt.datetime | str) -> dt.date:
    """Return the local day of a stored (UTC) time."""
    return clock.from_stored(value).astimezone().date()


def burndown(
    store: Store,
    key: str,
    milestone: str | None = None,
    last_weeks: int | None = None,
    today: dt.date | None = None,
) -> Burndown:
    """Return the burndown of the project ``key`` (or of its ``milestone``) from its start, or the last weeks.

    The start is the project's start, else the first day the activity log
    knows one of its cards; ``last_weeks`` shows only that many weeks back
    from today (never before the start). Raises a FieldError for an unknown
    project or milestone, or weeks out of 1–520.
    """
    today = today or clock.today()
    if last_weeks is not None and not 1 <= last_weeks <= MAX_WEEKS:
        raise FieldError("weeks", f"{last_weeks} is not a number of weeks from 1 to {MAX_WEEKS}")
    with store.read() as session:
        project = base.find_project(session, key)
        pid = project.id or 0
        chosen: Milestone | None = None
        if milestone is not None:
            chosen = base.find_milestone(session, milestone, pid)
        mid = chosen.id if chosen is not None else None
        calendar = load_calendar(session)
        start = project.start or _first_logged(session, pid, mid) or today
        first = min(start, today)
        if last_weeks is not None:
            first = max(first, today - dt.timedelta(weeks=last_weeks) + dt.timedelta(days=1))
        days = calendar.working_days(first, today)
        cards: dict[int, Card] = {t.id or 0: {f: getattr(t, f) for f in _FIELDS} for t in session.exec(select(Task))}
        events = _events_since(session, first)
        remaining, values = _history(cards, events, days, today, pid, mid)
        own = list(session.exec(select(Milestone).where(Milestone.project_id == pid)))
        if chosen is not None:
            due: dt.date | None = chosen.due_date
        else:
            due = project.target or max((m.due_date for m in own), default=None)
        open_ids = [m.id or 0 for m in own if m.done_date is None and (mid is None or m.id == mid)]
        key_text, name = project.key, project.name
        milestone_name = chosen.name if chosen is not None else None
        done_date = chosen.done_date if chosen is not None else None
    forecast, note = _forecast(store, today, open_ids, done_date)
    origin = days[0] if days else today
    start_remaining = values[0] if values else remaining
    ideal_today = _ideal(calendar, origin, due, start_remaining, today) if due is not None else None
    points = [
        BurndownPoint(d.isoformat(), v, _ideal(calendar, origin, due, start_remaining, d) if due is not None else None)
        for d, v in zip(days, values, strict=True)
    ]
    return Burndown(
        project=key_text,
        name=name,
        milestone=milestone_name,
        today=today.isoformat(),
        first=(days[0] if days else today).isoformat(),
        due=due.isoformat() if due is not None else None,
        forecast=forecast.isoformat() if forecast is not None else None,
        forecast_note=note,
        finished=done_date is not None,
        start_remaining=start_remaining,
        remaining=remaining,
        done=round(start_remaining - remaining, 2),
        ideal_today=ideal_today,
        behind=round(remaining - ideal_today, 2) if ideal_today is not None else None,
        weeks=last_weeks,
        points=points,
    )


def _first_logged(session: Session, pid: int, mid: int | None) -> dt.date | None:
    """Return the first day the activity log knows a card of the project (or milestone), if any."""
    wanted_field, wanted = ("milestone_id", mid) if mid is not None else ("project_id", pid)
    for event in session.exec(select(Event).where(Event.entity == "task").order_by(col(Event.id))):
        pair = read_changes(event.changes).get(wanted_field)
        if pair is not None and wanted in pair:
            return _local_day(event.time)
    return None


def _events_since(session: Session, first: dt.date) -> list[Event]:
    """Return the card events that may fall after the start of ``first`` (local), the last written first."""
    # A day before, in UTC: whatever the local time zone, no event of the first day is missed.
    since = dt.datetime.combine(first - dt.timedelta(days=1), dt.time(0, 0), tzinfo=dt.UTC)
    query = select(Event).where(Event.entity == "task", col(Event.time) >= since).order_by(col(Event.id).desc())
    return list(session.exec(query))


def _revert(cards: dict[int, Card], event: Event) -> None:
    """Put the card of ``event`` back as it was before it."""
    changes = read_changes(event.changes)
    oid = event.entity_id
    if event.action == "create":
        cards.pop(oid, None)
    elif event.action == "delete":
        cards[oid] = {f: changes[f][0] for f in _FIELDS if f in changes}
    elif oid in cards:
        for f in _FIELDS:
            if f in changes:
                cards[oid][f] = changes[f][0]


def _sum(cards: Iterable[Card], pid: int, mid: int | None) -> float:
    """Return the hours remaining on the cards of the project (or milestone); done cards hold none."""
    total = 0.0
    for card in cards:
        if card.get("project_id") != pid or (mid is not None and card.get("milestone_id") != mid):
            continue
        if card.get("column") != "done":
            total += float(card.get("remaining") or 0.0)
    return round(total, 2)


def _history(
    cards: dict[int, Card], events: list[Event], days: list[dt.date], today: dt.date, pid: int, mid: int | None
) -> tuple[float, list[float]]:
    """Return the hours remaining at the end of today and at the end of each of ``days`` (oldest first)."""
    at = 0

    def back_to(day: dt.date) -> None:
        nonlocal at
        while at < len(events) and _local_day(events[at].time) > day:
            _revert(cards, events[at])
            at += 1

    back_to(today)
    now = _sum(cards.values(), pid, mid)
    values: list[float] = []
    for day in reversed(days):
        back_to(day)
        values.append(_sum(cards.values(), pid, mid))
    values.reverse()
    return now, values


def _ideal(calendar: WorkCalendar, origin: dt.date, due: dt.date, start: float, day: dt.date) -> float:
    """Return the ideal line's hours on ``day``: ``start`` on ``origin``, falling by working days to none on ``due``."""
    if day >= due:
        return 0.0
    if day <= origin:
        return start
    span = calendar.count_working_days(origin, due) - 1
    if span <= 0:
        return 0.0
    gone = calendar.count_working_days(origin, day) - 1
    return round(max(0.0, start * (1 - gone / span)), 2)


def _forecast(
    store: Store, today: dt.date, open_ids: list[int], done_date: dt.date | None
) -> tuple[dt.date | None, str]:
    """Return the plan's forecast finish of the open milestones (the latest), or why there is none."""
    if done_date is not None:
        return done_date, ""
    if not open_ids:
        return None, "no open milestone to forecast"
    plan = current_plan(store, today)
    found = [f for m in open_ids if (f := plan.forecasts.get(m)) is not None]
    if any(f.unassigned_only for f in found):
        return None, "no forecast: open work is not assigned to anyone"
    known = [f.shown_forecast for f in found]
    if not found or None in known:
        return None, "no forecast"
    return max(d for d in known if d is not None), ""


# --- the text chart ---------------------------------------------------------------------


def hours_text(value: float) -> str:
    """Return hours as a person reads them: ``48 h``, ``7.5 h``."""
    return f"{value:.0f} h" if abs(value - round(value)) < 0.05 else f"{value:.1f} h"


def _day_text(iso: str, today: dt.date) -> str:
    day = dt.date.fromisoformat(iso)
    shown = f"{day.day} {day:%b}"
    return shown if day.year == today.year else f"{shown} {day.year}"


def figures_line(b: Burndown) -> str:
    """Return the figures of a burndown in one plain line."""
    today = dt.date.fromisoformat(b.today)
    parts = [f"Remaining {hours_text(b.remaining)} of {hours_text(b.start_remaining)} on {_day_text(b.first, today)}"]
    if b.ideal_today is not None and b.behind is not None:
        if abs(b.behind) < 0.05:
            gap = "on the ideal line"
        else:
            gap = f"{hours_text(abs(b.behind))} {'behind' if b.behind > 0 else 'ahead'}"
        parts.append(f"ideal today {hours_text(b.ideal_today)}: {gap}")
    done = "done" if b.finished else "forecast done"
    forecast = f"{done} {_day_text(b.forecast, today)}" if b.forecast else b.forecast_note or "no forecast"
    due = f"due {_day_text(b.due, today)}" if b.due else "no due date"
    parts.append(f"{forecast}, {due}")
    return "; ".join(parts) + "."


def burndown_text(b: Burndown, width: int = 40, height: int = 8) -> str:
    """Return a small text chart of the burndown for a Markdown report, then one line of its figures.

    The chart is a fenced code block: a bar of ``█`` per working day for the
    hours remaining, the ideal line as ``·`` above the bars and ``▒`` within
    them, the hours on the left and the first and last days below.
    """
    today = dt.date.fromisoformat(b.today)
    points = b.points
    if not points:
        return f"```\nno working day to show yet\n```\n\n{figures_line(b)}\n"
    width = max(2, width)
    height = max(2, height)
    if len(points) > width:
        shown = [points[round(i * (len(points) - 1) / (width - 1))] for i in range(width)]
    else:
        shown = list(points)
    top = max([p.remaining for p in shown] + [p.ideal or 0.0 for p in shown] + [1.0])
    labels = (hours_text(top), "0 h")
    pad = max(len(t) for t in labels)

    def level(value: float) -> int:
        """Return how many rows a value fills (0 to ``height``)."""
        return round(value / top * height)

    rows: list[str] = []
    for row in range(height, 0, -1):
        cells = []
        for p in shown:
            ideal = p.ideal is not None and max(1, level(p.ideal)) == row
            if level(p.remaining) >= row:
                cells.append("▒" if ideal else "█")
            else:
                cells.append("·" if ideal else " ")
        label, tick = (labels[0], "┤") if row == height else ("", "│")
        rows.append(f"{label:>{pad}} {tick}{''.join(cells)}".rstrip())
    rows.append(f"{labels[1]:>{pad}} └{'─' * len(shown)}")
    left, right = _day_text(points[0].day, today), _day_text(points[-1].day, today)
    gap = max(1, len(shown) - len(left) - len(right))
    rows.append(" " * (pad + 2) + (left + " " * gap + right if len(points) > 1 else left))
    rows.append(" " * (pad + 2) + "█ hours remaining  ▒ · ideal line")
    return "```\n" + "\n".join(rows) + "\n```\n\n" + figures_line(b) + "\n"


def burndown_markdown(b: Burndown, width: int = 40, height: int = 8) -> str:
    """Return the burndown as a Markdown section: a heading naming it, the text chart and its figures."""
    today = dt.date.fromisoformat(b.today)
    since = f"last {b.weeks} weeks" if b.weeks else "from the start"
    heading = f"## Burndown: {b.title}, {since} to {_day_text(b.today, today)} {today.year}"
    return f"{heading}\n\n{burndown_text(b, width, height)}"
