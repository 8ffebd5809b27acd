"""The plan as plain data, and the rules (R1–R7, docs/rules.md) applied to it.

:func:`compute` applies R2, R4 and R5 to a plan that
:func:`supportpm_tui.readmodel.plan.load_plan` read; the plan works out R1, R3
and R7 when asked, and keeps what it worked out. Standard library and the
rules only, like the rest of the read model.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from supportpm_tui.core.rules.calendar import WorkCalendar, monday_of, planning_start, short_date
from supportpm_tui.core.rules.capacity import (
    Availability,
    PersonTime,
    WorkItem,
    load_state,
    over_wip,
    shown_shares,
    spread_in_weeks,
    spread_work,
    tenths,
    utilisation,
    weekly_availability,
    weekly_demand,
    whole_percent,
)
from supportpm_tui.core.rules.forecast import (
    MilestoneForecast,
    MilestonePlan,
    forecast_milestones,
    forecast_person,
    work_by_person,
)
from supportpm_tui.core.rules.health import Health, PersonWeek, project_health
from supportpm_tui.core.rules.risk import risk_band
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, PLANNED_PROJECT_STATUSES

_NO_HOURS = (0.0,) * 7  # a week of no one on the team


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
    budget: float | None = None
    spent: float | None = None


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
    risks: list[tuple[int, int, int | None, str, int, str]]  # the active risks (open, mitigating) only
    finishes: dict[int, dt.date | None] = field(default_factory=dict)
    forecasts: dict[int, MilestoneForecast] = field(default_factory=dict)
    demand: dict[tuple[int, dt.date], dict[int, float]] = field(default_factory=dict)
    scheduled: dict[int, dict[dt.date, float]] = field(default_factory=dict)  # R4's hours per person and week
    demand_weeks: tuple[dt.date, ...] | None = None  # the only weeks whose demand was worked out; None: all
    _availability: dict[tuple[int, dt.date], Availability] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)
    _open_cards: dict[int, tuple[str, int | None]] = field(default_factory=dict)  # (column, assignee) of each

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
        return self.week_hours(person_id, monday_of(day))[day.weekday()]

    def week_hours(self, person_id: int, week: dt.date) -> tuple[float, ...]:
        """Return a person's available project hours on each of the seven days of the week starting ``week``.

        A plain week (see :meth:`_plain_week`) gives the same hours on each of
        their weekdays, worked out once; any other week spreads R1's hours over
        the days present (docs/rules.md). The forecast walks them a week at a time.
        """
        if person_id not in self.people:
            return _NO_HOURS
        share, offsets, busy = self._plain_week(person_id)
        if week > self.today and week not in busy:
            plain: dict[int, tuple[float, ...]] = self._cache.setdefault("plain_hours", {})
            found = plain.get(person_id)
            if found is None:
                found = plain[person_id] = tuple(share if share and i in offsets else 0.0 for i in range(7))
            return found
        days = self.availability(person_id, week).per_day()
        return tuple(days.get(day, 0.0) for day in self._week_days(week))

    def _plain_week(self, person_id: int) -> tuple[float | None, tuple[int, ...], set[dt.date]]:
        """Return a person's hours a day in a plain week, their weekdays (Monday 0), and the weeks not plain.

        A plain week starts after today and has no holiday, leave, duty or
        logged tickets: R1 gives each such week the same hours on each of the
        person's weekdays, worked out here once (``None`` when there are none).
        The weeks not plain are given by their Mondays (cached).
        """
        plain: dict[int, tuple[float | None, tuple[int, ...], set[dt.date]]] = self._cache.setdefault("plain", {})
        found = plain.get(person_id)
        if found is None:
            person = self.people[person_id]
            if not self.active.get(person_id, True):
                person = PersonTime(person.id, 0.0, 0.0)
            bare = PersonTime(person.id, person.contracted, person.reserve_pct, weekdays=person.weekdays)
            week = monday_of(self.today) + dt.timedelta(weeks=1)
            avail = weekly_availability(bare, week, self.today, WorkCalendar(self.calendar.weekdays))
            share = avail.available / len(avail.present) if avail.present else None
            offsets = tuple(sorted(self.calendar.weekdays if person.weekdays is None else person.weekdays))
            holidays = self.calendar.holidays if person.holidays is None else person.holidays
            busy = set(self._holiday_weeks(holidays))
            busy.update(monday_of(day) for day in (*person.absence, *person.duty, *person.tickets))
            found = plain[person_id] = (share, offsets, busy)
        return found

    def _holiday_weeks(self, holidays: frozenset[dt.date]) -> set[dt.date]:
        """Return the Mondays of the weeks holding any of ``holidays`` (cached per set of holidays)."""
        weeks: dict[frozenset[dt.date], set[dt.date]] = self._cache.setdefault("holiday_weeks", {})
        found = weeks.get(holidays)
        if found is None:
            found = weeks[holidays] = {monday_of(day) for day in holidays}
        return found

    def _week_days(self, week: dt.date) -> tuple[dt.date, ...]:
        """Return the seven days of the week starting ``week`` (cached: every person's forecast walks them)."""
        weeks: dict[dt.date, tuple[dt.date, ...]] = self._cache.setdefault("week_days", {})
        found = weeks.get(week)
        if found is None:
            found = weeks[week] = tuple(week + dt.timedelta(days=offset) for offset in range(7))
        return found

    def scheduled_hours(self, person_id: int, week: dt.date) -> float:
        """Return the hours the forecast (R4) schedules for a person in a week, to the tenth."""
        return tenths(self.scheduled.get(person_id, {}).get(week, 0.0))

    def week_demand(self, person_id: int, week: dt.date) -> float:
        """Return a person's demand (R2) in a week, to the tenth of an hour as shown."""
        return tenths(sum(self._week_tasks(person_id, week).values()))

    def _week_tasks(self, person_id: int, week: dt.date) -> dict[int, float]:
        """Return the hours of each of a person's tasks in a week (R2); only a week worked out may be asked."""
        if self.demand_weeks is not None and week not in self.demand_weeks:
            raise ValueError(f"the demand of the week of {week} was not worked out in this plan")
        return self.demand.get((person_id, week), {})

    def capacity_row(self, person_id: int, week: dt.date) -> dict[str, Any]:
        """Return R1–R3 (docs/rules.md) for one person and week as JSON data.

        Hours are to the tenth, as the screens show them; ``utilisation`` is
        the exact demand ÷ available of those figures, ``utilisation_pct`` the
        whole percentage shown, on which ``state`` is decided.
        """
        avail = self.availability(person_id, week)
        tasks = self._week_tasks(person_id, week)
        demand = self.week_demand(person_id, week)
        used = utilisation(demand, avail.available)
        return {
            "person": self.names[person_id],
            "week": week.isoformat(),
            "iso_week": f"{week.isocalendar()[0]}-W{week.isocalendar()[1]:02d}",
            "weekdays": avail.weekdays,
            "days_counted": avail.days_counted,
            "contracted": avail.contracted,
            "leave": avail.leave,
            "duty": avail.duty,
            "queue": avail.queue,
            "queue_source": avail.queue_source,
            "tickets_logged": avail.tickets_logged,
            "tickets_counted": avail.tickets,
            "reserve": avail.reserve,
            "reserve_pct": self.people[person_id].reserve_pct,
            "available": avail.available,
            "demand": demand,
            "scheduled": self.scheduled_hours(person_id, week),
            "utilisation": used,
            "utilisation_pct": whole_percent(used),
            "state": load_state(demand, avail.available, self.overload, self.strain),
            "over_wip": over_wip(self.in_progress.get(person_id, 0), self.people[person_id].wip_limit),
            "tasks": {str(k): v for k, v in sorted(shown_shares(tasks).items())},
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
            available = self.availability(person_id, week).available
            found = states[key] = load_state(self.week_demand(person_id, week), available, self.overload, self.strain)
        return found

    def _project_people(self) -> dict[int, dict[int, float]]:
        """Return, per project, each person's hours of its work this week (R2 demand; cached)."""
        cached = self._cache.get("project_people")
        if cached is None:
            project_of = {i.id: i.project_id for i in self.items}
            found: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
            week = self.this_week
            self._week_tasks(0, week)  # worked out in this plan
            for (pid, w), tasks in self.demand.items():
                if w == week:
                    for task_id, hours in tasks.items():
                        found[project_of[task_id]][pid] += hours
            cached = {project: dict(hours) for project, hours in found.items()}
            self._cache["project_people"] = cached
        return cached

    def half_day(self, person_id: int) -> float:
        """Return half of a person's daily contracted hours: the share of a week's work that counts for R7."""
        person = self.people[person_id]
        weekdays = len(person.weekdays) if person.weekdays else (len(self.calendar.weekdays) or 5)
        return person.contracted / weekdays / 2

    def person_week(self, person_id: int, week: dt.date | None = None) -> PersonWeek:
        """Return a person's load in a week (default this week) as R7 and the screens name it (cached)."""
        week = week or self.this_week
        weeks: dict[tuple[int, dt.date], PersonWeek] = self._cache.setdefault("person_weeks", {})
        found = weeks.get((person_id, week))
        if found is None:
            demand = self.week_demand(person_id, week)
            available = self.availability(person_id, week).available
            found = weeks[(person_id, week)] = PersonWeek(
                self.names[person_id],
                self.week_state(person_id, week),
                whole_percent(utilisation(demand, available)),
                demand,
                available,
            )
        return found

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
        """Return R7 (docs/rules.md) for a project (cached: the plan does not change)."""
        healths: dict[int, Health] = self._cache.setdefault("health", {})
        found = healths.get(project_id)
        if found is None:
            found = healths[project_id] = self._health(project_id)
        return found

    def _health(self, project_id: int) -> Health:
        project = self.projects[project_id]
        milestones, risks = self._by_project()
        statuses = [
            (m.name, self.forecasts[m.id].status, self._milestone_why(m)) for m in milestones.get(project_id, ())
        ]
        bands = [(title, risk_band(score), score) for title, score in risks.get(project_id, ())]
        people = [
            (self.person_week(pid), tenths(hours), self.half_day(pid))
            for pid, hours in sorted(self._project_people().get(project_id, {}).items())
            if pid in self.names
        ]
        return project_health(
            statuses, bands, people, project.rag_override, project.rag_note, project.budget, project.spent
        )

    def _milestone_why(self, m: MilestoneInfo) -> str:
        """Return the figure behind a milestone's status for R7's reason: the slip, or its first reason."""
        f = self.forecasts[m.id]
        if f.status == "slipping":
            shown = f.shown_forecast
            return f"+{f.slip_days} working days" + (f", forecast {short_date(shown, self.today)}" if shown else "")
        if f.status == "late":
            return f"due {short_date(m.due, self.today)}, {f.slip_days} working days late"
        if f.status == "at_risk" and f.reasons:
            return f.reasons[0]
        return ""


def compute(
    plan: Plan,
    previous: Plan | None = None,
    changed_cards: Collection[int] | None = None,
    weeks: Collection[dt.date] | None = None,
) -> None:
    """Apply R2, R4 and R5 (docs/rules.md) to a loaded plan.

    With ``weeks`` (Mondays), R2's demand is worked out for those weeks only,
    for a screen that shows no other (the first Overview): the plan then
    refuses to say the demand of any other week.

    With ``previous`` (the plan before a change, for the same day and
    calendar), the results for work and people the change did not touch are
    reused: each rule depends only on the person's time and their items, so
    equal inputs give equal results. ``changed_cards``, when given, are the
    only cards whose work items may differ from ``previous``'s (the plan was
    read again from it for those cards): the milestones are then compared only
    where those cards, or the people whose forecast is worked out again, have work.
    """
    same_basis = (
        previous is not None
        and previous.today == plan.today
        and previous.calendar == plan.calendar
        and previous.horizon_weeks == plan.horizon_weeks
        and previous.demand_weeks is None
        and weeks is None
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
    if weeks is not None:
        shown = plan.demand_weeks = tuple(sorted(set(weeks)))

        def spread_shown(item: WorkItem) -> dict[dt.date, float]:
            return spread_in_weeks(item, plan.today, plan.calendar, plan.horizon_weeks, shown)

        demand.update(weekly_demand(changed, plan.today, plan.calendar, plan.horizon_weeks, spread_shown))
    else:
        demand.update(weekly_demand(changed, plan.today, plan.calendar, plan.horizon_weeks, spread))
    plan.demand = demand
    for derived in ("states", "person_weeks", "health", "project_people"):  # they follow demand
        plan._cache.pop(derived, None)
    plan._cache["spreads"] = spreads  # shared with the plan before: only ever added to, for the same day
    # R4: and, with the same time available too, the same finish dates.
    scheduled: dict[int, dict[dt.date, float]] = {}
    forecast_again: set[int] = set()  # the people whose finish dates are worked out again
    finishes: dict[int, dt.date | None] = dict(old.finishes) if old is not None else {}
    for pid, work in old_groups.items():  # the finish dates kept are those of the people kept
        if not (pid in groups and pid in unchanged and pid in same_work):
            for item in work:
                finishes.pop(item.id, None)
    for pid, work in groups.items():
        if old is not None and pid in unchanged and pid in same_work:
            scheduled[pid] = old.scheduled.get(pid, {})
        else:
            forecast_again.add(pid)
            booked: dict[dt.date, float] = {}
            finishes.update(forecast_person(pid, work, plan.day_capacity, plan.today, None, plan.week_hours, booked))
            scheduled[pid] = booked
    plan.scheduled = scheduled
    plan._cache["work"] = groups
    plan.finishes = finishes
    plans = _milestone_plans(plan, old)
    if old is not None and changed_cards is not None and plans is old._cache.get("milestone_plan_list"):
        forecast_again.update(pid for pid in old_groups if pid not in groups)
        known = _still_known_after(plan, old, set(changed_cards), forecast_again)
    else:
        known = _still_known(plan, old, plans)
    plan.forecasts = forecast_milestones(
        plans, plan.items, plan.finishes, plan.today, plan.calendar, known, plan._cache["milestone_work"]
    )


def _milestone_plans(plan: Plan, old: Plan | None) -> list[MilestonePlan]:
    """Return what R4 and R5 need of each milestone: ``old``'s very list when none of it can differ.

    It depends on the milestones, their links, the risks and the projects'
    statuses only; a plan read again for some cards shares the first three with
    the plan it was read from.
    """
    if (
        old is not None
        and plan.milestones is old.milestones
        and plan.predecessors is old.predecessors
        and plan.risks is old.risks
        and "milestone_plan_list" in old._cache
        and _statuses(plan) == _statuses(old)
    ):
        plans: list[MilestonePlan] = old._cache["milestone_plan_list"]
        plan._cache["milestone_plans"] = old._cache["milestone_plans"]
    else:
        critical = {
            mid
            for _, _, mid, _, score, status in plan.risks
            if mid is not None and status in ACTIVE_RISK_STATUSES and risk_band(score) == "critical"
        }
        plans = [
            MilestonePlan(
                m.id,
                m.due,
                m.done,
                m.buffer_days,
                tuple(plan.predecessors.get(m.id, ())),
                m.id in critical,
                m.name,
                _paused(plan.projects.get(m.project_id)),
            )
            for m in plan.milestones.values()
        ]
        plan._cache["milestone_plans"] = {m.id: m for m in plans}
    plan._cache["milestone_plan_list"] = plans
    return plans


def _statuses(plan: Plan) -> dict[int, str]:
    """Return each project's status (a milestone's plan follows it: paused or not)."""
    return {pid: project.status for pid, project in plan.projects.items()}


def _still_known(plan: Plan, old: Plan | None, plans: list[MilestonePlan]) -> dict[int, MilestoneForecast]:
    """Return the forecasts of ``old`` that still hold in ``plan`` (same day and calendar).

    A milestone's forecast holds when it, its work and that work's finish
    dates are as they were, and so are those of every milestone it follows.
    """
    work: dict[int, list[WorkItem]] = defaultdict(list)
    for item in plan.items:
        if item.milestone_id is not None:
            work[item.milestone_id].append(item)
    plan._cache["milestone_work"] = work
    if old is None:
        return {}
    old_plans: dict[int, MilestonePlan] = old._cache.get("milestone_plans", {})
    old_work: dict[int, list[WorkItem]] = old._cache.get("milestone_work", {})
    changed = {
        m.id
        for m in plans
        if old_plans.get(m.id) != m
        or m.id not in old.forecasts
        or old_work.get(m.id, []) != work.get(m.id, [])
        or any(old.finishes.get(item.id) != plan.finishes.get(item.id) for item in work.get(m.id, ()))
    }
    return _keep_unchanged(plan, old, changed)


def _still_known_after(
    plan: Plan, old: Plan, changed_cards: set[int], forecast_again: set[int]
) -> dict[int, MilestoneForecast]:
    """Return the forecasts of ``old`` that still hold when only ``changed_cards`` may differ (same milestones).

    A milestone's work can differ only where a changed card is or was; its
    work's finish dates only where someone in ``forecast_again`` has work. The
    other milestones are not compared at all.
    """
    old_work: dict[int, list[WorkItem]] = old._cache["milestone_work"]
    old_items = _items_of(old.items, changed_cards)
    new_items = _items_of(plan.items, changed_cards)
    regrouped = {item.milestone_id for item in (*old_items, *new_items) if item.milestone_id is not None}
    work = dict(old_work)
    for mid in regrouped:
        kept = [item for item in old_work.get(mid, ()) if item.id not in changed_cards]
        kept += [item for item in new_items if item.milestone_id == mid]
        kept.sort(key=lambda item: item.id)
        if kept:
            work[mid] = kept
        else:
            work.pop(mid, None)
    plan._cache["milestone_work"] = work
    old_groups: dict[int, list[WorkItem]] = old._cache.get("work", {})
    new_groups: dict[int, list[WorkItem]] = plan._cache["work"]
    touched = set(regrouped)
    for pid in forecast_again:
        for group in (old_groups.get(pid, ()), new_groups.get(pid, ())):
            touched.update(item.milestone_id for item in group if item.milestone_id is not None)
    plans: dict[int, MilestonePlan] = plan._cache["milestone_plans"]
    changed = {
        mid
        for mid in touched
        if mid in plans
        and (
            mid not in old.forecasts
            or old_work.get(mid, []) != work.get(mid, [])
            or any(old.finishes.get(item.id) != plan.finishes.get(item.id) for item in work.get(mid, ()))
        )
    }
    return _keep_unchanged(plan, old, changed)


def _items_of(items: list[WorkItem], ids: Collection[int]) -> list[WorkItem]:
    """Return the items of ``ids`` among ``items`` (in id order, as a plan keeps them), found by bisection."""
    found = []
    for tid in sorted(ids):
        at = bisect_left(items, tid, key=_item_id)
        if at < len(items) and items[at].id == tid:
            found.append(items[at])
    return found


def _item_id(item: WorkItem) -> int:
    return item.id


def _keep_unchanged(plan: Plan, old: Plan, changed: set[int]) -> dict[int, MilestoneForecast]:
    """Return ``old``'s forecasts of the milestones not ``changed`` and following none that did."""
    plans: dict[int, MilestonePlan] = plan._cache["milestone_plans"]
    followers: dict[int, list[int]] | None = (
        old._cache.get("followers") if plans is old._cache.get("milestone_plans") else None
    )
    if followers is None:
        followers = defaultdict(list)
        for m in plans.values():
            for pred in m.predecessors:
                followers[pred].append(m.id)
    plan._cache["followers"] = followers
    stack = list(changed)
    while stack:
        for follower in followers.get(stack.pop(), ()):
            if follower not in changed:
                changed.add(follower)
                stack.append(follower)
    return {mid: old.forecasts[mid] for mid in plans if mid not in changed}


def _paused(project: ProjectInfo | None) -> str:
    """Return the project's status when its work is not planned (on hold, done, cancelled), else ``""``."""
    if project is None or project.status in PLANNED_PROJECT_STATUSES:
        return ""
    return project.status
