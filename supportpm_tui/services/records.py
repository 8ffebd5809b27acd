"""Lists with the derived fields the rules give: what the CLI prints and screens draw.

Tasks and milestones come as records (:class:`~supportpm_tui.services.typed.JsonRecord`):
frozen dataclasses whose fields, in order, are the command line's JSON keys,
dates as ISO text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, TypedDict

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.parsing import read_date
from supportpm_tui.core.vocabulary import COLUMN_ORDER, Column
from supportpm_tui.services import lookups
from supportpm_tui.services.current_plan import Plan, build_plan
from supportpm_tui.services.lookups import PlainReader
from supportpm_tui.services.typed import JsonRecord

if TYPE_CHECKING:
    from supportpm_tui.storage.database import Store


@dataclass(frozen=True)
class TaskRecord(JsonRecord):
    """One card with its effective due date, overdue flag and forecast finish (dates as ISO text)."""

    id: int
    project: str | None
    milestone: str | None
    title: str
    description: str
    column: str
    position: int
    assignee: str | None
    assignee_overloaded: bool
    estimate: float
    remaining: float
    start: str | None
    due: str | None
    effective_due: str | None
    overdue: bool
    forecast_finish: str | None
    priority: str
    kind: str
    tags: list[str]
    blocked_reason: str
    blockers: list[int]
    waits_for: list[int]
    blocked_from: str | None
    created_at: str
    updated_at: str
    done_at: str | None
    version: int


@dataclass(frozen=True)
class DriverHours(JsonRecord):
    """The hours one person still has to do for a milestone."""

    person: str | None
    remaining_hours: float


@dataclass(frozen=True)
class MilestoneRecord(JsonRecord):
    """One milestone with R4's forecast and R5's status (docs/rules.md); dates as ISO text."""

    id: int
    project: str | None
    workstream: str | None
    name: str
    deliverable: str
    owner: str | None
    baseline_date: str
    due_date: str
    done_date: str | None
    buffer_days: int
    predecessors: list[str]
    forecast: str | None  # None: open work, none of it assigned (R5)
    status: str
    slip_days: int
    beyond_forecast_limit: bool
    unassigned_hours: float
    blocked_tasks: int
    drivers: list[DriverHours]
    reasons: list[str]
    version: int


# One move of a milestone's due date; a TypedDict, for its JSON key ``from`` is a Python keyword.
DueDateMove = TypedDict("DueDateMove", {"time": str, "actor": str, "from": str, "to": str})


@dataclass(frozen=True)
class MilestoneDetail(MilestoneRecord):
    """One milestone's record with its cards and every move of its due date since the baseline."""

    tasks: list[TaskRecord]
    due_history: list[DueDateMove]


def _iso(value: dt.date | None) -> str | None:
    """Return a date or time as ISO text (``None`` stays ``None``)."""
    return None if value is None else value.isoformat()


def milestone_records(
    store: PlainReader, project: str | None = None, plan: Plan | None = None
) -> list[MilestoneRecord]:
    """Return milestones with R4's forecast and R5's status (docs/rules.md), by project and due date."""
    plan = plan or build_plan(store, this_week_only=True)  # forecasts only: no week's demand is asked
    project_id = _project_id(store, project)
    keys = {pid: p.key for pid, p in plan.projects.items()}
    drivers: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for item in plan.items:
        if item.milestone_id is not None and item.assignee_id is not None:
            drivers[item.milestone_id][item.assignee_id] += item.remaining
    rows = []
    for m in sorted(plan.milestones.values(), key=lambda m: (keys.get(m.project_id, ""), m.due, m.id)):
        if project_id is not None and m.project_id != project_id:
            continue
        f = plan.forecasts[m.id]
        rows.append(
            MilestoneRecord(
                id=m.id,
                project=keys.get(m.project_id),
                workstream=plan.workstreams.get(m.workstream_id) if m.workstream_id else None,
                name=m.name,
                deliverable=m.deliverable,
                owner=plan.names.get(m.owner_id) if m.owner_id else None,
                baseline_date=m.baseline.isoformat(),
                due_date=m.due.isoformat(),
                done_date=_iso(m.done),
                buffer_days=m.buffer_days,
                predecessors=sorted(
                    plan.milestones[p].name for p in plan.predecessors.get(m.id, []) if p in plan.milestones
                ),
                forecast=_iso(f.shown_forecast),
                status=f.status,
                slip_days=f.slip_days,
                beyond_forecast_limit=f.beyond_limit,
                unassigned_hours=round(f.unassigned_hours, 2),
                blocked_tasks=f.blocked_tasks,
                drivers=[
                    DriverHours(plan.names.get(pid), round(h, 2))
                    for pid, h in sorted(drivers[m.id].items(), key=lambda kv: -kv[1])
                ],
                reasons=f.reasons,
                version=m.version,
            )
        )
    return rows


# A card's stored fields, in the order :func:`_listed` takes them.
TASK_FIELDS = (
    "id",
    "project_id",
    "milestone_id",
    "title",
    "description",
    "column",
    "position",
    "assignee_id",
    "estimate",
    "remaining",
    "start",
    "due",
    "priority",
    "kind",
    "tags",
    "blocked_reason",
    "created_at",
    "updated_at",
    "done_at",
    "version",
)


def _stamp(value: Any) -> dt.datetime:
    """Return a stored time as the models read it: in UTC, with its zone (a file keeps ISO text without one, a
    team database a time)."""
    day = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return day.replace(tzinfo=dt.UTC) if day.utcoffset() is None else day.astimezone(dt.UTC)


_STORED_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}")
"""A time as a file keeps it (UTC, no zone, to the microsecond)."""


def _stamp_text(value: Any) -> str:
    """Return :func:`_stamp` of ``value`` as ISO text; a file's usual time straight from its text."""
    if type(value) is str and _STORED_TIME.fullmatch(value):
        dt.datetime.fromisoformat(value)  # refused as the models refuse it when it is no time at all
        if value.endswith(".000000"):  # to the second: ISO text leaves the fraction out
            return f"{value[:10]}T{value[11:19]}+00:00"
        return f"{value[:10]}T{value[11:]}+00:00"
    return _stamp(value).isoformat()


def task_records(
    store: PlainReader,
    project: str | None = None,
    assignee: str | None = None,
    column: str | None = None,
    plan: Plan | None = None,
) -> list[TaskRecord]:
    """Return cards with their effective due date, overdue flag and forecast finish,
    in board order (column, then position)."""
    return [TaskRecord(**row) for row in task_rows(store, project, assignee, column, plan)]


def task_rows(
    store: PlainReader,
    project: str | None = None,
    assignee: str | None = None,
    column: str | None = None,
    plan: Plan | None = None,
) -> list[dict[str, Any]]:
    """Return what :func:`task_records` returns as each record's JSON data (its ``to_json()``), without making
    the records: what ``task list`` prints."""
    plan = plan or build_plan(store, this_week_only=True)  # a card says whether its assignee is overloaded now
    with store.plain() as conn:
        where: list[str] = []
        params: list[Any] = []
        if project:
            where.append("project_id = ?")
            params.append(lookups.project_id_of(conn, project))
        if assignee:
            if assignee.lower() in ("none", "unassigned"):
                where.append("assignee_id IS NULL")
            else:
                where.append("assignee_id = ?")
                params.append(lookups.person_id_of(conn, assignee))
        if column:
            where.append('"column" = ?')
            params.append(lookups.one_of(column, "column", Column))
        names = ", ".join(f'"{name}"' for name in TASK_FIELDS)
        condition = f" WHERE {' AND '.join(where)}" if where else ""
        rows = conn.execute(f"SELECT {names} FROM task{condition}", params).fetchall()
        blockers = lookups.task_blockers(conn)
        waits = lookups.open_blockers(conn)
        came_from = lookups.blocked_from(conn, (row[0] for row in rows if row[5] == Column.blocked))
    order = {c.value: i for i, c in enumerate(COLUMN_ORDER)}
    rows.sort(key=lambda row: (order[row[5]], row[6], row[0]))
    overloaded = {pid for pid in plan.names if plan.active[pid] and plan.week_state(pid) == "overloaded"}
    return _listed(rows, plan, overloaded, blockers, waits, came_from)


def _listed(
    rows: list[Any],
    plan: Plan,
    overloaded: set[int],
    blockers: dict[int, list[int]],
    waits: dict[int, list[int]],
    came_from: dict[int, str],
) -> list[dict[str, Any]]:
    """Return each card of ``rows`` (its :data:`TASK_FIELDS` as stored) as its :class:`TaskRecord` fields, in order,
    by name; in the order given.

    In one pass, with no object made per card: a listing holds ten thousand.
    A stored date is read as the models read it (no date when unreadable,
    clamped to the window when out of it), a stored time in UTC with its zone.
    """
    keys = {pid: p.key for pid, p in plan.projects.items()}
    milestones, finishes, names, today = plan.milestones, plan.finishes, plan.names, plan.today
    days: dict[Any, tuple[dt.date | None, str | None]] = {}  # each stored date, read once

    def day(value: Any) -> tuple[dt.date | None, str | None]:
        found = days.get(value)
        if found is None:
            read = read_date(value)
            found = days[value] = (read, None if read is None else read.isoformat())
        return found

    done_column, blocked_column = Column.done.value, Column.blocked.value
    listed = []
    for row in rows:
        card, project_id, milestone_id, title, description, column, position, assignee_id = row[:8]
        estimate, remaining, start, due, priority, kind, tags, reason, created, updated, done, version = row[8:]
        due_day, due_text = day(due)
        milestone = milestones.get(milestone_id) if milestone_id else None
        effective = due_day or (milestone.due if milestone else None)
        is_open = column != done_column
        finish = finishes.get(card or 0) if is_open else None
        created_text = _stamp_text(created)
        listed.append(
            {
                "id": card or 0,
                "project": keys.get(project_id),
                "milestone": milestone.name if milestone else None,
                "title": title,
                "description": description,
                "column": column,
                "position": position,
                "assignee": names.get(assignee_id) if assignee_id else None,
                "assignee_overloaded": assignee_id in overloaded,
                "estimate": estimate,
                "remaining": remaining,
                "start": day(start)[1],
                "due": due_text,
                "effective_due": None if effective is None else effective.isoformat(),
                "overdue": bool(is_open and effective is not None and effective < today),
                "forecast_finish": None if finish is None else finish.isoformat(),
                "priority": priority,
                "kind": kind,
                "tags": [tag for tag in tags.split(",") if tag] if tags else [],
                "blocked_reason": reason,
                "blockers": sorted(blockers.get(card, ())),
                "waits_for": sorted(waits.get(card, ())),
                "blocked_from": came_from.get(card) if column == blocked_column else None,
                "created_at": created_text,
                "updated_at": created_text if updated == created else _stamp_text(updated),
                "done_at": None if done is None else _stamp_text(done),
                "version": version,
            }
        )
    return listed


def show_task(store: Store, task_id: int) -> TaskRecord:
    """Return one card's record."""
    from supportpm_tui.services import base
    from supportpm_tui.services.blocking import blocked_from, open_blockers

    plan = build_plan(store)
    with store.read() as session:
        task = base.task_or_raise(session, task_id)
        blockers = base.get_links(session, "task", task_id, "blockers")
        waits = open_blockers(session, [task_id]).get(task_id, [])
        came_from = blocked_from(session, [task_id])[task_id] if task.column == Column.blocked else None
    overloaded = {task.assignee_id} if task.assignee_id and plan.week_state(task.assignee_id) == "overloaded" else set()
    row = [getattr(task, name) for name in TASK_FIELDS]
    (data,) = _listed(
        [row], plan, overloaded, {task_id: blockers}, {task_id: waits}, {task_id: came_from} if came_from else {}
    )
    return TaskRecord(**data)


def project_health_records(store: Store, plan: Plan | None = None) -> list[dict[str, Any]]:
    """Return projects with R7's RAG and reasons and R8's quadrants (docs/rules.md)."""
    from supportpm_tui.services.projects import project_records

    plan = plan or build_plan(store)
    with store.read() as session:
        rows = [p.to_json() for p in project_records(session)]
    for row in rows:
        health = plan.health(row["id"])
        row["rag"] = health.rag
        row["rag_reasons"] = list(health.reasons)
        row["rag_overridden"] = health.overridden
    return rows


def capacity_records(
    store: PlainReader,
    weeks: int = 8,
    person: str | None = None,
    plan: Plan | None = None,
    sort: str = "name",
    over: float | None = None,
) -> list[dict[str, Any]]:
    """Return R1–R3 (docs/rules.md) per person and week from this week.

    People come by name, or by peak utilisation over the weeks (``sort="peak"``);
    ``over`` keeps only people whose peak reaches that utilisation %.
    """
    from supportpm_tui.services.capacity import check_view, people_loads

    if not 1 <= weeks <= 52:
        raise FieldError("weeks", f"must be between 1 and 52 (got {weeks})")
    check_view(sort, over)
    plan = plan or build_plan(store)
    if person:
        with store.plain() as conn:
            person_id = lookups.person_id_of(conn, person)
        return plan.capacity(weeks, person_id)
    if sort == "name" and over is None:  # every active person, by name, as the grid lists them: no peaks needed
        return plan.capacity(weeks)
    loads, _ = people_loads(plan, weeks, sort, over)
    return [row for load in loads for row in plan.capacity(weeks, load.id)]


def _project_id(store: PlainReader, project: str | None) -> int | None:
    if not project:
        return None
    with store.plain() as conn:
        return lookups.project_id_of(conn, project)


def milestone_detail(store: Store, ref: str, project: str | None = None) -> MilestoneDetail:
    """Return one milestone with its forecast, tasks and due-date history."""
    from supportpm_tui.services import base
    from supportpm_tui.services.activity import field_moves, item_events

    plan = build_plan(store)
    with store.read() as session:
        pid = base.find_project(session, project).id if project else None
        m = base.find_milestone(session, ref, pid)
        events = item_events(session, "milestone", m.id or 0)
    record = next(r for r in milestone_records(store, plan=plan) if r.id == m.id)
    moves: list[DueDateMove] = [
        {"time": clock.from_stored(e.time).isoformat(), "actor": e.actor, "from": old, "to": new}
        for e, old, new in field_moves(events, "due_date")
    ]
    return MilestoneDetail(
        **{f.name: getattr(record, f.name) for f in fields(MilestoneRecord)},
        tasks=[t for t in task_records(store, plan=plan) if t.milestone == m.name and t.project == record.project],
        due_history=moves,
    )
