"""The plan as plain data, and the rules (R1–R7, docs/rules.md) applied to it.

:func:`compute` applies R2, R4 and R5 to a plan that
:func:`supportpm_tui.readmodel.plan.load_plan` read; the plan works out R1, R3
and R7 when asked, and keeps what it worked out. Standard library and the
rules only, like the rest of the read model.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from supportpm_tui.core.rules.calendar import WorkCalendar, monday_of, planning_start
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
    MilestoneForecast,
    MilestonePlan,
    forecast_milestones,
    forecast_person,
    work_by_person,
)
from supportpm_tui.core.rules.health import Health, project_health
from supportpm_tui.core.rules.risk import risk_band
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES


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
    version: int = 1


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
