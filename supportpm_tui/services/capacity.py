"""What the Capacity screen shows: people × weeks with R1–R3 (docs/rules.md), as plain data computed in a worker."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.rules.capacity import (
    Availability,
    load_state,
    over_wip,
    shown_shares,
    tenths,
    utilisation,
    whole_percent,
)
from supportpm_tui.services.current_plan import Plan, current_plan
from supportpm_tui.services.lookups import split_tags

if TYPE_CHECKING:  # the database layer loads when a screen reads it, not for the command line's capacity
    from supportpm_tui.services.availability import CommitmentRecord, TicketLoadRecord
    from supportpm_tui.services.timelog import TimeRecord
    from supportpm_tui.storage.database import Store

SORTS = ("name", "peak")
DEMAND_AND_FORECAST = (
    "Demand is what the due dates ask of each week: each task's hours spread evenly up to its due date."
    " Forecast is when the work gets done: as early as possible, in due-date order, within the hours available."
)
WEEKS = 8


@dataclass(frozen=True)
class Cell:
    """One person's week: R1's breakdown, R2's demand (and the tasks behind it), R3's state (docs/rules.md)."""

    week: dt.date
    contracted: float
    leave: float
    duty: float
    queue: float
    queue_source: str  # "reserve" or "tickets": whichever was larger
    available: float
    demand: float
    utilisation: float | None  # None: demand meets no availability
    state: str
    tasks: tuple[tuple[int, float], ...] = ()  # (task id, hours that week), most hours first
    percent: int | None = None  # the whole % shown, on which the state is decided (R3)
    scheduled: float = 0.0  # the hours the forecast (R4) schedules that week
    weekdays: int = 5
    days_counted: int = 5  # fewer in the current week: the days before today are gone
    tickets_logged: float = 0.0  # the week's whole logged ticket load
    tickets: float = 0.0  # its share for the days counted
    reserve: float = 0.0  # the support reserve's hours


@dataclass(frozen=True)
class PersonLoad:
    """One row of the grid."""

    id: int
    name: str
    cells: tuple[Cell, ...]
    in_progress: int
    wip_limit: int
    over_wip: bool
    peak: float  # highest utilisation of the weeks shown (inf when demand meets no availability)
    reserve_pct: float = 0.0
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class WeekTotal:
    """The team's week: the sums over the people shown."""

    week: dt.date
    available: float
    demand: float
    utilisation: float | None
    state: str
    percent: int | None = None


@dataclass(frozen=True)
class TaskInfo:
    """What the breakdown names about a task."""

    title: str
    column: str
    project: str


@dataclass
class CapacityData:
    """The grid, its totals, and what the breakdown needs."""

    today: dt.date
    weeks: list[dt.date]
    people: list[PersonLoad]
    totals: list[WeekTotal]
    tasks: dict[int, TaskInfo]
    sort: str = "name"
    threshold: float | None = None
    hidden: int = 0  # people left out by the threshold
    empty_database: bool = False
    logged: dict[tuple[str, dt.date], list[TimeRecord]] = field(default_factory=dict)  # (person, Monday): entries


def peak_of(cells: tuple[Cell, ...]) -> float:
    """Return the highest utilisation shown in ``cells``, a whole % (infinite when demand meets no availability)."""
    return max((math.inf if c.percent is None else float(c.percent) for c in cells), default=0.0)


def _cell(plan: Plan, person_id: int, week: dt.date) -> Cell:
    avail: Availability = plan.availability(person_id, week)
    hours = plan.demand.get((person_id, week), {})
    demand = plan.week_demand(person_id, week)
    used = utilisation(demand, avail.available)
    return Cell(
        week,
        avail.contracted,
        avail.leave,
        avail.duty,
        avail.queue,
        avail.queue_source,
        avail.available,
        demand,
        used,
        load_state(demand, avail.available, plan.overload, plan.strain),
        tuple(sorted(shown_shares(hours).items(), key=lambda kv: (-kv[1], kv[0]))),
        whole_percent(used),
        plan.scheduled_hours(person_id, week),
        avail.weekdays,
        avail.days_counted,
        avail.tickets_logged,
        avail.tickets,
        avail.reserve,
    )


@dataclass(frozen=True)
class Line:
    """One line of a week's breakdown: ``− Queue   6 h`` and, below it, why (``note``)."""

    sign: str  # "", "−" or "="
    label: str
    value: str
    note: str = ""


def hours_text(value: float) -> str:
    """Return hours as shown, to the tenth without a trailing zero: ``24``, ``5.8``."""
    return f"{tenths(value):.1f}".rstrip("0").rstrip(".")


def explain(cell: Cell, reserve_pct: float) -> list[Line]:
    """Return R1–R3's sum for one person's week, each figure as shown and the reason it is what it is.

    The sum adds up as shown: every figure is to the tenth of an hour, and
    available is contracted − leave − duty − queue of those figures.
    """
    partial = cell.days_counted < cell.weekdays
    left = f"{cell.days_counted} of {cell.weekdays} days left" if partial else ""
    if cell.contracted <= 0:
        left = "no contracted hours" + (f" ({left})" if partial else "")
    if cell.queue_source == "tickets":
        queue = f"{hours_text(cell.tickets_logged)} ticket hours logged"
        queue += f", {left}" if partial else ""
        queue += f" (reserve {hours_text(cell.reserve)} h)"
        if cell.tickets > cell.queue:
            queue += ", more than the hours left"
    else:
        queue = f"{reserve_pct:g} % support reserve"
        if cell.tickets_logged > 0:
            logged = f"{hours_text(cell.tickets_logged)} ticket hours logged"
            logged += f", {hours_text(cell.tickets)} h for the {left}" if partial else ""
            queue += f" ({logged})"
        else:
            queue += " (no tickets logged)"
    percent = "∞" if cell.percent is None else f"{cell.percent} %"
    ratio = f"{hours_text(cell.demand)} ÷ {hours_text(cell.available)} h"
    return [
        Line("", "Contracted", f"{hours_text(cell.contracted)} h", left),
        Line("−", "Leave", f"{hours_text(cell.leave)} h", "leave and holidays" if cell.leave else ""),
        Line("−", "Duty", f"{hours_text(cell.duty)} h", "on-call and maintenance" if cell.duty else ""),
        Line("−", "Queue", f"{hours_text(cell.queue)} h", queue),
        Line("=", "Available", f"{hours_text(cell.available)} h"),
        Line("", "Demand", f"{hours_text(cell.demand)} h", "spread evenly up to the due dates"),
        Line("", "Utilisation", percent, ratio),
        Line("", "Forecast", f"{hours_text(cell.scheduled)} h", "the hours the forecast schedules"),
    ]


def cell_of_row(row: dict[str, Any]) -> Cell:
    """Return the cell of one ``supportpm capacity --json`` row (its tasks left out)."""
    return Cell(
        dt.date.fromisoformat(row["week"]),
        row["contracted"],
        row["leave"],
        row["duty"],
        row["queue"],
        row["queue_source"],
        row["available"],
        row["demand"],
        row["utilisation"],
        row["state"],
        (),
        row["utilisation_pct"],
        row["scheduled"],
        row["weekdays"],
        row["days_counted"],
        row["tickets_logged"],
        row["tickets_counted"],
        row["reserve"],
    )


def check_view(sort: str, threshold: float | None) -> None:
    """Raise a field error for an unknown sort or a threshold out of range."""
    if sort not in SORTS:
        raise FieldError("sort", f"sort by {' or '.join(SORTS)} (got {sort!r})")
    if threshold is not None and not 0 <= threshold <= 1000:
        raise FieldError("over", f"the threshold is a utilisation % from 0 to 1000 (got {threshold:g})")


def people_loads(
    plan: Plan,
    weeks: int = WEEKS,
    sort: str = "name",
    threshold: float | None = None,
    filt: Filter | None = None,
) -> tuple[list[PersonLoad], int]:
    """Return active people's weeks in ``sort`` order, and how many the threshold left out."""
    check_view(sort, threshold)
    filt = filt or Filter()
    first = plan.this_week
    mondays = [first + dt.timedelta(weeks=w) for w in range(weeks)]
    in_project: set[int] | None = None
    if filt.project:
        wanted = {pid for pid, p in plan.projects.items() if p.key.upper() == filt.project}
        in_project = {i.assignee_id for i in plan.items if i.project_id in wanted and i.assignee_id is not None}
    rows: list[PersonLoad] = []
    for pid, name in plan.names.items():
        if not plan.active.get(pid, True):
            continue
        if in_project is not None and pid not in in_project:
            continue
        if not (filt.wants_person(name) and filt.wants_words(name)):
            continue
        cells = tuple(_cell(plan, pid, week) for week in mondays)
        person = plan.people[pid]
        count = plan.in_progress.get(pid, 0)
        rows.append(
            PersonLoad(
                pid,
                name,
                cells,
                count,
                person.wip_limit,
                over_wip(count, person.wip_limit),
                peak_of(cells),
                person.reserve_pct,
            )
        )
    shown = [r for r in rows if threshold is None or r.peak >= threshold]
    if sort == "peak":
        shown.sort(key=lambda r: (-r.peak, r.name.lower()))
    else:
        shown.sort(key=lambda r: r.name.lower())
    return shown, len(rows) - len(shown)


def week_totals(plan: Plan, people: list[PersonLoad]) -> list[WeekTotal]:
    """Return the team's available hours, demand and utilisation per week (the people shown)."""
    if not people:
        return []
    totals = []
    for i, week in enumerate(c.week for c in people[0].cells):
        available = tenths(sum(p.cells[i].available for p in people))
        demand = tenths(sum(p.cells[i].demand for p in people))
        used = utilisation(demand, available)
        totals.append(
            WeekTotal(
                week,
                available,
                demand,
                used,
                load_state(demand, available, plan.overload, plan.strain),
                whole_percent(used),
            )
        )
    return totals


def load_capacity(
    store: Store,
    filt: Filter | None = None,
    sort: str = "name",
    threshold: float | None = None,
    today: dt.date | None = None,
) -> CapacityData:
    """Return the Capacity screen's data: people × this week and the next seven."""
    from sqlalchemy import select
    from sqlmodel import col

    from supportpm_tui.services.timelog import list_time
    from supportpm_tui.storage.models import Person, Project, Task

    today = today or clock.today()
    plan = current_plan(store, today)
    people, hidden = people_loads(plan, WEEKS, sort, threshold, filt)
    wanted = {tid for p in people for c in p.cells for tid, _ in c.tasks}
    tasks: dict[int, TaskInfo] = {}
    if wanted:
        with store.read() as session:
            rows = session.connection().execute(
                select(col(Task.id), col(Task.title), col(Task.column), col(Project.key))
                .join(Project, col(Project.id) == col(Task.project_id))
                .where(col(Task.column) != "done")
            )
            tasks = {tid: TaskInfo(title, column, key) for tid, title, column, key in rows if tid in wanted}
    first = plan.this_week
    mondays = [first + dt.timedelta(weeks=w) for w in range(WEEKS)]
    with store.read() as session:
        skills = {
            pid: split_tags(text)
            for pid, text in session.connection().execute(select(col(Person.id), col(Person.skills)))
        }
    people = [replace(p, skills=tuple(skills.get(p.id, ()))) for p in people]
    logged: dict[tuple[str, dt.date], list[TimeRecord]] = {}
    for monday in mondays:
        for entry in list_time(store, week=monday):
            logged.setdefault((entry.person or "", monday), []).append(entry)
    return CapacityData(
        today,
        mondays,
        people,
        week_totals(plan, people),
        tasks,
        sort,
        threshold,
        hidden,
        empty_database=not plan.names,
        logged=logged,
    )


@dataclass(frozen=True)
class WeekEntry:
    """What takes a person's time in a week: a leave or duty entry, or a ticket load; ``label`` says it."""

    label: str
    item: CommitmentRecord | TicketLoadRecord

    @property
    def key(self) -> str:
        """Return what names the entry among a week's: ``commitment:ID`` or ``tickets:ID``."""
        from supportpm_tui.services.availability import TicketLoadRecord

        kind = "tickets" if isinstance(self.item, TicketLoadRecord) else "commitment"
        return f"{kind}:{self.item.id}"


def week_entries(store: Store, person: str, week: dt.date) -> list[WeekEntry]:
    """Return what takes a person's time in the ISO week of ``week``: leave and duty, then ticket load.

    Holidays for everyone are included.
    """
    from supportpm_tui.services.availability import list_commitments, list_ticket_load

    monday = week - dt.timedelta(days=week.weekday())
    sunday = monday + dt.timedelta(days=6)
    entries: list[WeekEntry] = []
    for who in (person, "all"):
        for item in list_commitments(store, who, since=monday):
            if dt.date.fromisoformat(item.start) > sunday:
                continue
            per_day = f", {item.hours_per_day:g} h/day" if item.hours_per_day else ""
            whom = "everyone: " if who == "all" else ""
            entries.append(WeekEntry(f"{whom}{item.kind.replace('_', '-')} {item.start} – {item.end}{per_day}", item))
    for load in list_ticket_load(store, person):
        if load.week == monday.isoformat():
            count = f"{load.tickets} tickets, " if load.tickets is not None else ""
            entries.append(WeekEntry(f"ticket load {load.iso_week}: {count}{load.hours:g} h ({load.source})", load))
    return entries
