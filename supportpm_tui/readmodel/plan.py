"""The plan: everything the rules (R1–R7, docs/rules.md) say about a database, from plain SQL.

Light on purpose: it imports only the standard library and the rules, so the
first screen can be computed before the database layer (SQLAlchemy) loads.
The loaders take a DB-API connection to a SupportPM database, inside a read
transaction when consistency matters; the services pass the one under their
session.

This module reads the plan; :mod:`supportpm_tui.readmodel.plan_rules` holds the
plan itself and applies the rules to it (:func:`compute`, re-exported here).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from supportpm_tui.core import clock
from supportpm_tui.core.rules.calendar import DAY, WorkCalendar, monday_of, parse_weekdays
from supportpm_tui.core.rules.capacity import PersonTime, WorkItem
from supportpm_tui.core.rules.forecast import FORECAST_LIMIT_DAYS
from supportpm_tui.core.rules.risk import risk_score
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, DUTY_KINDS, PLANNED_PROJECT_STATUSES, PRIORITY_RANK
from supportpm_tui.readmodel.bad_values import read_date, read_number
from supportpm_tui.readmodel.plan_rules import MilestoneInfo, Plan, ProjectInfo, compute

__all__ = [
    "MilestoneInfo",
    "Plan",
    "ProjectInfo",
    "TeamSettings",
    "compute",
    "everyone_holidays",
    "load_calendar",
    "load_plan",
    "read_settings",
]


@dataclass(frozen=True)
class TeamSettings:
    """The settings the rules read (the ``settings`` row, or its defaults)."""

    working_days: str = "mon,tue,wed,thu,fri"
    hours_per_day: float = 8.0
    overload_threshold: float = 100.0
    strain_threshold: float = 85.0
    default_reserve_pct: float = 40.0
    default_wip: int = 3
    horizon_weeks: int = 2
    ticket_minutes: float = 30.0
    holiday_region: str = ""  # public holidays of this country and subdivision ("DE-BY"); "": none

    @property
    def contracted(self) -> float:
        """Return the weekly hours of a full-time person."""
        return self.hours_per_day * len([d for d in self.working_days.split(",") if d])


def read_settings(conn: sqlite3.Connection) -> TeamSettings:
    """Return the team's settings (the defaults when the row is missing)."""
    names = [f for f in TeamSettings.__dataclass_fields__]
    row = conn.execute(f"SELECT {', '.join(names)} FROM settings WHERE id = 1").fetchone()
    if row is None:
        return TeamSettings()
    defaults = TeamSettings()
    values: list[Any] = [
        value if isinstance(value, str) else type(getattr(defaults, name))(read_number(value, getattr(defaults, name)))
        for name, value in zip(names, row, strict=True)
    ]
    return TeamSettings(*values)


def _own_weekdays(text: object) -> frozenset[int] | None:
    """Return a person's own working weekdays from their stored text; ``None`` (the team's) when empty or unreadable."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        days = parse_weekdays(text)
    except ValueError:
        return None
    return days or None


class _Dates:
    """Turns stored ISO dates into dates, each distinct text once: clamped to the window, ``None`` when unreadable."""

    def __init__(self) -> None:
        self._seen: dict[str, dt.date] = {}

    def __call__(self, text: str | None) -> dt.date | None:
        if text is None:
            return None
        found = self._seen.get(text)
        if found is None:
            found = read_date(text)
            if found is None:
                return None
            self._seen[text] = found
        return found


def everyone_holidays(conn: sqlite3.Connection) -> set[dt.date]:
    """Return the days of the holidays for everyone entered as commitments (not the public holidays)."""
    day_of = _Dates()
    holidays: set[dt.date] = set()
    for start, end, kind in conn.execute('SELECT start, "end", kind FROM commitment WHERE person_id IS NULL'):
        if kind in DUTY_KINDS:
            continue
        day, last = day_of(start), day_of(end)
        if day is None or last is None:
            continue
        while day <= last:
            holidays.add(day)
            day += DAY
    return holidays


def region_holidays(region: str, today: dt.date) -> set[dt.date]:
    """Return the public holidays of ``region`` from two years before ``today`` to past the forecast's reach."""
    if not region:
        return set()
    from supportpm_tui.readmodel.public_holidays import holidays_between

    last = today + dt.timedelta(days=FORECAST_LIMIT_DAYS)
    return set(holidays_between(region, dt.date(today.year - 2, 1, 1), dt.date(last.year, 12, 31)))


def load_calendar(
    conn: sqlite3.Connection, settings: TeamSettings | None = None, today: dt.date | None = None
) -> WorkCalendar:
    """Return the team's working calendar: settings' weekdays less holidays for everyone.

    Holidays for everyone are those entered and the public holidays of the
    team's region (around ``today``, default the clock's today).
    """
    settings = settings or read_settings(conn)
    holidays = everyone_holidays(conn)
    holidays |= region_holidays(settings.holiday_region, today or clock.today())
    return WorkCalendar(parse_weekdays(settings.working_days), frozenset(holidays))


def load_plan(conn: sqlite3.Connection, today: dt.date, *, settled: bool = True) -> Plan:
    """Read everything the rules need as plain data (no derived values yet).

    Without ``settled`` the milestones done by today that no open card is on
    are left out: a reader that shows only milestones still to come (the
    first Overview) is spared years of done ones. Nothing it shows differs:
    a done milestone is neither flagged nor a reason of its project's health,
    and one a milestone follows never moves its forecast (done by today, it
    is no later than the forecast of anything still open).
    """
    settings = read_settings(conn)
    entered = everyone_holidays(conn)
    team_region = settings.holiday_region
    calendar = WorkCalendar(
        parse_weekdays(settings.working_days), frozenset(entered | region_holidays(team_region, today))
    )
    day_of = _Dates()
    contracted = settings.contracted
    window_end = today + dt.timedelta(days=FORECAST_LIMIT_DAYS)
    people: dict[int, PersonTime] = {}
    names: dict[int, str] = {}
    active: dict[int, bool] = {}
    own_holidays: dict[str, frozenset[dt.date]] = {}  # per region of people's own: theirs and those entered
    for pid, name, hours, reserve, wip, is_active, days, region in conn.execute(
        "SELECT id, name, hours, reserve_pct, wip_limit, active, working_days, holiday_region FROM person"
    ):
        own_days = _own_weekdays(days)
        holidays = None
        if region and region != team_region:
            holidays = own_holidays.get(region)
            if holidays is None:
                holidays = own_holidays[region] = frozenset(entered | region_holidays(region, today))
        people[pid] = PersonTime(
            pid,
            read_number(hours, contracted) if hours is not None else contracted,
            read_number(reserve, settings.default_reserve_pct) if reserve is not None else settings.default_reserve_pct,
            wip if wip is not None else settings.default_wip,
            weekdays=own_days,
            holidays=holidays,
        )
        names[pid] = name
        active[pid] = bool(is_active)
    everyone_duty: list[tuple[dt.date, dt.date, float]] = []
    window_start = monday_of(today)
    for person_id, start_text, end_text, kind, per_day in conn.execute(
        'SELECT person_id, start, "end", kind, hours_per_day FROM commitment WHERE "end" >= ?',
        (window_start.isoformat(),),
    ):
        start, end = day_of(start_text), day_of(end_text)
        if start is None or end is None:
            continue
        per_day = None if per_day is None else read_number(per_day)
        if person_id is None:
            if kind in DUTY_KINDS:
                everyone_duty.append((start, end, per_day or 0.0))
            continue
        person = people.get(person_id)
        if person is None:
            continue
        target = person.duty if kind in DUTY_KINDS else person.absence
        amount = per_day if per_day is not None else float("inf")
        day = max(start, window_start)
        while day <= min(end, window_end):
            if person.works_on(day, calendar):
                target[day] = target.get(day, 0.0) + amount
            day += DAY
    for start, end, per_day in everyone_duty:
        for person in people.values():
            day = max(start, window_start)
            while day <= min(end, window_end):
                if person.works_on(day, calendar):
                    person.duty[day] = person.duty.get(day, 0.0) + per_day
                day += DAY
    minutes = settings.ticket_minutes
    for person_id, week_text, tickets, hours in conn.execute(
        "SELECT person_id, week, tickets, hours FROM ticket_load WHERE week >= ?", (window_start.isoformat(),)
    ):
        if person_id in people:
            week = day_of(week_text)
            if week is None:
                continue
            logged = read_number(hours) if hours is not None else read_number(tickets or 0) * minutes / 60.0
            tickets_map = people[person_id].tickets
            tickets_map[week] = tickets_map.get(week, 0.0) + logged
    rows = _open_task_rows(conn)
    on_open_cards = {row[2] for row in rows} if not settled else set()
    milestones: dict[int, MilestoneInfo] = {}
    for row in conn.execute(
        "SELECT id, project_id, workstream_id, name, deliverable, owner_id, baseline_date, due_date, done_date,"
        " buffer_days, version FROM milestone"
    ):
        mid, project_id, workstream_id, name, deliverable, owner_id = row[:6]
        baseline, due, done, buffer_days, version = row[6:]
        if not settled and done is not None and mid not in on_open_cards:
            done_day = day_of(done)
            if done_day is not None and done_day <= today:
                continue
        due_day = day_of(due) or day_of(baseline) or today
        milestones[mid] = MilestoneInfo(
            mid,
            project_id,
            workstream_id,
            name,
            deliverable,
            owner_id,
            day_of(baseline) or due_day,
            due_day,
            day_of(done),
            int(read_number(buffer_days)),
            version,
        )
    predecessors: dict[int, list[int]] = defaultdict(list)
    for mid, pred in conn.execute("SELECT milestone_id, predecessor_id FROM milestone_link"):
        predecessors[mid].append(pred)
    projects = read_projects(conn, day_of)
    open_cards = {row[0]: (row[8], row[3]) for row in rows}
    items = task_items(rows, projects, milestones, names, active, day_of)
    workstreams = dict(conn.execute("SELECT id, name FROM workstream").fetchall())
    statuses = sorted(ACTIVE_RISK_STATUSES)  # the rules weigh active risks only: the closed ones stay unread
    risks = [
        (rid, pid, mid, title, risk_score(lik, imp), status)
        for rid, pid, mid, title, lik, imp, status in conn.execute(
            "SELECT id, project_id, milestone_id, title, likelihood, impact, status FROM risk"
            f" WHERE status IN ({', '.join('?' * len(statuses))})",
            statuses,
        )
    ]
    return Plan(
        today=today,
        calendar=calendar,
        overload=settings.overload_threshold,
        strain=settings.strain_threshold,
        horizon_weeks=settings.horizon_weeks,
        people=people,
        names=names,
        active=active,
        in_progress=in_progress_counts(open_cards),
        items=items,
        milestones=milestones,
        predecessors=dict(predecessors),
        projects=projects,
        workstreams=workstreams,
        risks=risks,
        _open_cards=open_cards,
    )


TASK_COLUMNS = 'id, project_id, milestone_id, assignee_id, remaining, start, due, priority, "column"'
"""The columns of a card the plan reads, in the order :func:`task_items` takes them."""


def _open_task_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Return the plan's columns of every card not done, by id."""
    return conn.execute(f"SELECT {TASK_COLUMNS} FROM task WHERE \"column\" != 'done' ORDER BY id").fetchall()


def in_progress_counts(open_cards: dict[int, tuple[str, int | None]]) -> dict[int, int]:
    """Return how many cards each person has in progress, from each open card's (column, assignee)."""
    counts: dict[int, int] = defaultdict(int)
    for column, assignee in open_cards.values():
        if column == "in_progress" and assignee is not None:
            counts[assignee] += 1
    return dict(counts)


def read_projects(conn: sqlite3.Connection, day_of: Any = None) -> dict[int, ProjectInfo]:
    """Return every project's stored facts, its spent with the hours logged on its cards."""
    day_of = day_of or _Dates()
    return {
        row[0]: ProjectInfo(
            row[0],
            row[1],
            row[2],
            row[3],
            day_of(row[4]),
            day_of(row[5]),
            row[6],
            row[7],
            row[8],
            None if row[9] is None else read_number(row[9]),
            None if row[11] else read_number(row[10]),  # spent: entered, plus logged hours × the hourly rate
        )
        for row in conn.execute(
            "SELECT id, key, name, status, start, target, owner_id, rag_override, rag_note, budget,"
            " COALESCE(spent, 0) + COALESCE(hourly_rate, 0) * COALESCE((SELECT SUM(t.hours) FROM time_entry t"
            " JOIN task k ON k.id = t.task_id WHERE k.project_id = project.id), 0),"
            " spent IS NULL AND hourly_rate IS NULL"
            " FROM project"
        )
    }


def task_items(
    rows: Iterable[tuple[Any, ...]],
    projects: dict[int, ProjectInfo],
    milestones: dict[int, MilestoneInfo],
    names: dict[int, str],
    active: dict[int, bool],
    day_of: Any = None,
) -> list[WorkItem]:
    """Return the work items (R2) of open cards' ``rows`` (:data:`TASK_COLUMNS`), in their order."""
    day_of = day_of or _Dates()
    items: list[WorkItem] = []
    for tid, pid, mid, assignee, remaining, start_text, due_text, priority, column in rows:
        project = projects.get(pid)
        if project is not None and project.status not in PLANNED_PROJECT_STATUSES:
            continue  # R2: a project on hold, done or cancelled makes no demand and is not forecast
        held_by = ""
        if assignee is not None and not active.get(assignee, False):
            held_by, assignee = names.get(assignee, f"#{assignee}"), None  # R2: counted as unassigned
        due = day_of(due_text)
        effective_due = due if due is not None else (milestones[mid].due if mid in milestones else None)
        items.append(
            WorkItem(
                tid,
                assignee,
                read_number(remaining),
                day_of(start_text),
                effective_due,
                PRIORITY_RANK.get(priority, 1),
                pid,
                mid,
                column == "blocked",
                held_by,
            )
        )
    return items
