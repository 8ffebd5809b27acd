"""The plan: everything the rules (R1–R7, docs/rules.md) say about a database, from plain SQL.

Light on purpose: it imports only the standard library and the rules, so the
first screen can be computed before the database layer (SQLAlchemy) loads.
The loaders take a DB-API connection to a SupportPM database, inside a read
transaction when consistency matters; the services pass the one under their
session.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from supportpm_tui.core.rules.calendar import DAY, WorkCalendar, monday_of, parse_weekdays, planning_start
from supportpm_tui.core.rules.capacity import (
    Availability,
    PersonTime,
    WorkItem,
    load_state,
    over_wip,
    spread_work,
    utilisation,
    weekly_availability,
    weekly_demand,
)
from supportpm_tui.core.rules.forecast import (
    FORECAST_LIMIT_DAYS,
    MilestoneForecast,
    MilestonePlan,
    forecast_milestones,
    forecast_person,
    work_by_person,
)
from supportpm_tui.core.rules.health import Health, project_health
from supportpm_tui.core.rules.risk import risk_band, risk_score
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, DUTY_KINDS, PRIORITY_RANK


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

    @property
    def contracted(self) -> float:
        """Return the weekly hours of a full-time person."""
        return self.hours_per_day * len([d for d in self.working_days.split(",") if d])


def read_settings(conn: sqlite3.Connection) -> TeamSettings:
    """Return the team's settings (the defaults when the row is missing)."""
    names = [f for f in TeamSettings.__dataclass_fields__]
    row = conn.execute(f"SELECT {', '.join(names)} FROM settings WHERE id = 1").fetchone()
    return TeamSettings(*row) if row is not None else TeamSettings()


class _Dates:
    """Turns stored ISO dates into dates, each distinct text once."""

    def __init__(self) -> None:
        self._seen: dict[str, dt.date] = {}

    def __call__(self, text: str | None) -> dt.date | None:
        if text is None:
            return None
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = dt.date.fromisoformat(text[:10])
        return found


@dataclass(frozen=True)
class ProjectInfo:
    """Stored facts of a project that the plan and the screens use."""

    id: int
    key: str
    name: str
    status: str
    start: dt.date | None
    target: dt.date | None
    owner_id: int | None
    rag_override: str | None
    rag_note: str


def load_calendar(conn: sqlite3.Connection, settings: TeamSettings | None = None) -> WorkCalendar:
    """Return the team's working calendar: settings' weekdays less holidays for everyone."""
    settings = settings or read_settings(conn)
    day_of = _Dates()
    holidays: set[dt.date] = set()
    for start, end, kind in conn.execute('SELECT start, "end", kind FROM commitment WHERE person_id IS NULL'):
        if kind in DUTY_KINDS:
            continue
        day, last = day_of(start), day_of(end)
        assert day is not None and last is not None
        while day <= last:
            holidays.add(day)
            day += DAY
    return WorkCalendar(parse_weekdays(settings.working_days), frozenset(holidays))


@dataclass
class MilestoneInfo:
    """Stored facts of a milestone that the plan reports beside its forecast."""

    id: int
    project_id: int
    workstream_id: int | None
    name: str
    deliverable: str
    owner_id: int | None
    baseline: dt.date
    due: dt.date
    done: dt.date | None
    buffer_days: int


@dataclass
class Plan:
    """Everything the rules say about the database on ``today``."""

    today: dt.date
    calendar: WorkCalendar
    overload: float
    strain: float
    horizon_weeks: int
    people: dict[int, PersonTime]
    names: dict[int, str]
    active: dict[int, bool]
    in_progress: dict[int, int]
    items: list[WorkItem]
    milestones: dict[int, MilestoneInfo]
    predecessors: dict[int, list[int]]
    projects: dict[int, ProjectInfo]
    workstreams: dict[int, str]
    risks: list[tuple[int, int, int | None, str, int, str]]
    finishes: dict[int, dt.date | None] = field(default_factory=dict)
    forecasts: dict[int, MilestoneForecast] = field(default_factory=dict)
    demand: dict[tuple[int, dt.date], dict[int, float]] = field(default_factory=dict)
    _availability: dict[tuple[int, dt.date], Availability] = field(default_factory=dict)
    _day_hours: dict[int, dict[dt.date, float]] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def this_week(self) -> dt.date:
        """Return the Monday of "this week": the week of the next working day."""
        found: dt.date | None = self._cache.get("this_week")
        if found is None:
            found = self._cache["this_week"] = monday_of(planning_start(self.today, self.calendar))
        return found

    def availability(self, person_id: int, week: dt.date) -> Availability:
        """Return R1 (docs/rules.md) for a person and week (cached)."""
        key = (person_id, week)
        found = self._availability.get(key)
        if found is None:
            person = self.people[person_id]
            if not self.active.get(person_id, True):
                person = PersonTime(person.id, 0.0, 0.0)
            found = weekly_availability(person, week, self.today, self.calendar)
            self._availability[key] = found
        return found

    def day_capacity(self, person_id: int, day: dt.date) -> float:
        """Return a person's available project hours on ``day`` (R1 spread over days present, docs/rules.md)."""
        days = self._day_hours.get(person_id)
        if days is None:
            days = self._day_hours[person_id] = {}
        hours = days.get(day)
        if hours is None:  # the whole week at once: the forecast walks day by day
            week = monday_of(day)
            spread = self.availability(person_id, week).per_day() if person_id in self.people else {}
            for offset in range(7):
                one = week + dt.timedelta(days=offset)
                days[one] = spread.get(one, 0.0)
            hours = days[day]
        return hours

    def capacity_row(self, person_id: int, week: dt.date) -> dict[str, Any]:
        """Return R1–R3 (docs/rules.md) for one person and week as JSON data."""
        avail = self.availability(person_id, week)
        tasks = self.demand.get((person_id, week), {})
        demand = sum(tasks.values())
        used = utilisation(demand, avail.available)
        return {
            "person": self.names[person_id],
            "week": week.isoformat(),
            "iso_week": f"{week.isocalendar()[0]}-W{week.isocalendar()[1]:02d}",
            "contracted": round(avail.contracted, 2),
            "leave": round(avail.leave, 2),
            "duty": round(avail.duty, 2),
            "queue": round(avail.queue, 2),
            "queue_source": avail.queue_source,
            "available": round(avail.available, 2),
            "demand": round(demand, 2),
            "utilisation": None if used is None else round(used, 1),
            "state": load_state(demand, avail.available, self.overload, self.strain),
            "over_wip": over_wip(self.in_progress.get(person_id, 0), self.people[person_id].wip_limit),
            "tasks": {str(k): round(v, 2) for k, v in sorted(tasks.items())},
        }

    def capacity(self, weeks: int = 8, person_id: int | None = None) -> list[dict[str, Any]]:
        """Return capacity rows for active people and ``weeks`` weeks from this week."""
        first = self.this_week
        ids = (
            [person_id]
            if person_id is not None
            else [pid for pid in sorted(self.names, key=lambda p: self.names[p].lower()) if self.active[pid]]
        )
        return [self.capacity_row(pid, first + dt.timedelta(weeks=w)) for pid in ids for w in range(weeks)]

    def week_state(self, person_id: int, week: dt.date | None = None) -> str:
        """Return ok, strained or overloaded for a person in a week (default this week)."""
        week = week or self.this_week
        states: dict[tuple[int, dt.date], str] = self._cache.setdefault("states", {})
        key = (person_id, week)
        found = states.get(key)
        if found is None:
            demand = sum(self.demand.get(key, {}).values())
            available = self.availability(person_id, week).available
            found = states[key] = load_state(demand, available, self.overload, self.strain)
        return found

    def _project_people(self) -> dict[int, list[int]]:
        """Return, per project, the people with demand from its tasks this week (cached)."""
        cached = self._cache.get("project_people")
        if cached is None:
            project_of = {i.id: i.project_id for i in self.items}
            found: dict[int, set[int]] = defaultdict(set)
            week = self.this_week
            for (pid, w), tasks in self.demand.items():
                if w == week:
                    for task_id in tasks:
                        found[project_of[task_id]].add(pid)
            cached = {project: sorted(ids) for project, ids in found.items()}
            self._cache["project_people"] = cached
        return cached

    def _by_project(self) -> tuple[dict[int, list[MilestoneInfo]], dict[int, list[tuple[str, int]]]]:
        """Return each project's milestones and its active risks' (title, score), in stored order (cached)."""
        cached = self._cache.get("by_project")
        if cached is None:
            milestones: dict[int, list[MilestoneInfo]] = defaultdict(list)
            for m in self.milestones.values():
                milestones[m.project_id].append(m)
            risks: dict[int, list[tuple[str, int]]] = defaultdict(list)
            for _, pid, _, title, score, status in self.risks:
                if status in ACTIVE_RISK_STATUSES:
                    risks[pid].append((title, score))
            cached = self._cache["by_project"] = (dict(milestones), dict(risks))
        return cached

    def health(self, project_id: int) -> Health:
        """Return R7 (docs/rules.md) for a project."""
        project = self.projects[project_id]
        milestones, risks = self._by_project()
        statuses = [(m.name, self.forecasts[m.id].status) for m in milestones.get(project_id, ())]
        bands = [(title, risk_band(score)) for title, score in risks.get(project_id, ())]
        people = [(self.names[pid], self.week_state(pid)) for pid in self._project_people().get(project_id, ())]
        return project_health(statuses, bands, people, project.rag_override, project.rag_note)


def load_plan(conn: sqlite3.Connection, today: dt.date) -> Plan:
    """Read everything the rules need as plain data (no derived values yet)."""
    settings = read_settings(conn)
    calendar = load_calendar(conn, settings)
    day_of = _Dates()
    contracted = settings.contracted
    window_end = today + dt.timedelta(days=FORECAST_LIMIT_DAYS)
    people: dict[int, PersonTime] = {}
    names: dict[int, str] = {}
    active: dict[int, bool] = {}
    for pid, name, hours, reserve, wip, is_active in conn.execute(
        "SELECT id, name, hours, reserve_pct, wip_limit, active FROM person"
    ):
        people[pid] = PersonTime(
            pid,
            hours if hours is not None else contracted,
            reserve if reserve is not None else settings.default_reserve_pct,
            wip if wip is not None else settings.default_wip,
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
        assert start is not None and end is not None
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
            if calendar.is_weekday(day):
                target[day] = target.get(day, 0.0) + amount
            day += DAY
    for start, end, per_day in everyone_duty:
        for person in people.values():
            day = max(start, window_start)
            while day <= min(end, window_end):
                if calendar.is_weekday(day):
                    person.duty[day] = person.duty.get(day, 0.0) + per_day
                day += DAY
    minutes = settings.ticket_minutes
    for person_id, week_text, tickets, hours in conn.execute(
        "SELECT person_id, week, tickets, hours FROM ticket_load WHERE week >= ?", (window_start.isoformat(),)
    ):
        if person_id in people:
            week = day_of(week_text)
            assert week is not None
            logged = hours if hours is not None else (tickets or 0) * minutes / 60.0
            tickets_map = people[person_id].tickets
            tickets_map[week] = tickets_map.get(week, 0.0) + logged
    milestones: dict[int, MilestoneInfo] = {}
    for mid, project_id, workstream_id, name, deliverable, owner_id, baseline, due, done, buffer_days in conn.execute(
        "SELECT id, project_id, workstream_id, name, deliverable, owner_id, baseline_date, due_date, done_date,"
        " buffer_days FROM milestone"
    ):
        milestones[mid] = MilestoneInfo(
            mid,
            project_id,
            workstream_id,
            name,
            deliverable,
            owner_id,
            day_of(baseline),  # type: ignore[arg-type]
            day_of(due),  # type: ignore[arg-type]
            day_of(done),
            buffer_days,
        )
    predecessors: dict[int, list[int]] = defaultdict(list)
    for mid, pred in conn.execute("SELECT milestone_id, predecessor_id FROM milestone_link"):
        predecessors[mid].append(pred)
    in_progress: dict[int, int] = defaultdict(int)
    items: list[WorkItem] = []
    for tid, pid, mid, assignee, remaining, start_text, due_text, priority, column in conn.execute(
        'SELECT id, project_id, milestone_id, assignee_id, remaining, start, due, priority, "column" FROM task'
        " WHERE \"column\" != 'done'"
    ):
        if column == "in_progress" and assignee is not None:
            in_progress[assignee] += 1
        due = day_of(due_text)
        effective_due = due if due is not None else (milestones[mid].due if mid in milestones else None)
        items.append(
            WorkItem(
                tid,
                assignee,
                remaining,
                day_of(start_text),
                effective_due,
                PRIORITY_RANK.get(priority, 1),
                pid,
                mid,
                column == "blocked",
            )
        )
    projects = {
        row[0]: ProjectInfo(row[0], row[1], row[2], row[3], day_of(row[4]), day_of(row[5]), *row[6:])
        for row in conn.execute(
            "SELECT id, key, name, status, start, target, owner_id, rag_override, rag_note FROM project"
        )
    }
    workstreams = dict(conn.execute("SELECT id, name FROM workstream").fetchall())
    risks = [
        (rid, pid, mid, title, risk_score(lik, imp), status)
        for rid, pid, mid, title, lik, imp, status in conn.execute(
            "SELECT id, project_id, milestone_id, title, likelihood, impact, status FROM risk"
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
        in_progress=dict(in_progress),
        items=items,
        milestones=milestones,
        predecessors=dict(predecessors),
        projects=projects,
        workstreams=workstreams,
        risks=risks,
    )


def compute(plan: Plan, previous: Plan | None = None) -> None:
    """Apply R2, R4 and R5 (docs/rules.md) to a loaded plan.

    With ``previous`` (the plan before a change, for the same day and
    calendar), the results for work and people the change did not touch are
    reused: each rule depends only on the person's time and their items, so
    equal inputs give equal results.
    """
    same_basis = (
        previous is not None
        and previous.today == plan.today
        and previous.calendar == plan.calendar
        and previous.horizon_weeks == plan.horizon_weeks
    )
    old = previous if same_basis else None
    unchanged: set[int] = set()
    if old is not None:
        unchanged = {
            pid
            for pid, person in plan.people.items()
            if old.people.get(pid) == person and old.active.get(pid) == plan.active.get(pid)
        }
        plan._availability.update((k, v) for k, v in old._availability.items() if k[0] in unchanged)
        plan._day_hours.update((k, v) for k, v in old._day_hours.items() if k in unchanged)
    groups = work_by_person(plan.items)
    old_groups: dict[int, list[WorkItem]] = old._cache.get("work", {}) if old else {}
    same_work = {pid for pid, work in groups.items() if old is not None and old_groups.get(pid) == work}
    # R2: a person whose work is exactly as before has exactly the same demand.
    demand = {k: v for k, v in old.demand.items() if k[0] in same_work} if old is not None else {}
    spreads: dict[WorkItem, dict[dt.date, float]] = old._cache.get("spreads", {}) if old is not None else {}

    def spread(item: WorkItem) -> dict[dt.date, float]:
        found = spreads.get(item)
        if found is None:
            found = spread_work(item, plan.today, plan.calendar, plan.horizon_weeks)
            spreads[item] = found
        return found

    changed = [item for pid, work in groups.items() if pid not in same_work for item in work]
    demand.update(weekly_demand(changed, plan.today, plan.calendar, plan.horizon_weeks, spread))
    plan.demand = demand
    plan._cache.pop("states", None)  # load states follow demand
    plan._cache["spreads"] = spreads  # shared with the plan before: only ever added to, for the same day
    # R4: and, with the same time available too, the same finish dates.
    finishes: dict[int, dt.date | None] = {}
    for pid, work in groups.items():
        if old is not None and pid in unchanged and pid in same_work:
            finishes.update((item.id, old.finishes[item.id]) for item in work)
        else:
            finishes.update(forecast_person(pid, work, plan.day_capacity, plan.today))
    plan._cache["work"] = groups
    plan.finishes = finishes
    critical = {
        mid
        for _, _, mid, _, score, status in plan.risks
        if mid is not None and status in ACTIVE_RISK_STATUSES and risk_band(score) == "critical"
    }
    plans = [
        MilestonePlan(m.id, m.due, m.done, m.buffer_days, tuple(plan.predecessors.get(m.id, ())), m.id in critical)
        for m in plan.milestones.values()
    ]
    plan.forecasts = forecast_milestones(plans, plan.items, plan.finishes, plan.today, plan.calendar)
