"""Lists with the derived fields the rules give: what the CLI prints and screens draw.

Tasks and milestones come as records (:class:`~supportpm_tui.services.typed.JsonRecord`):
frozen dataclasses whose fields, in order, are the command line's JSON keys,
dates as ISO text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

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


# A card's stored fields, in the order :class:`StoredTask` takes them.
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


class StoredTask(NamedTuple):
    """A card as stored, read with plain SQL: dates and times as the database layer reads them (a named tuple:
    ten thousand are made for one listing)."""

    id: int
    project_id: int
    milestone_id: int | None
    title: str
    description: str
    column: str
    position: int
    assignee_id: int | None
    estimate: float
    remaining: float
    start: dt.date | None
    due: dt.date | None
    priority: str
    kind: str
    tags: str
    blocked_reason: str
    created_at: dt.datetime
    updated_at: dt.datetime
    done_at: dt.datetime | None
    version: int

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> StoredTask:
        """Return the card a row of :data:`TASK_FIELDS` holds (a date unreadable or out of range as the models read
        it: no date, or clamped to the window)."""
        values = list(row)
        values[10], values[11] = read_date(values[10]), read_date(values[11])
        created = _stamp(values[16])  # a card never edited was updated when it was created: read that time once
        values[16], values[17] = created, created if values[17] == values[16] else _stamp(values[17])
        values[18] = None if values[18] is None else _stamp(values[18])
        return cls(*values)


def _stamp(value: Any) -> dt.datetime:
    """Return a stored time as the models read it: in UTC, with its zone (a file keeps ISO text without one, a
    team database a time)."""
    day = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return day.replace(tzinfo=dt.UTC) if day.utcoffset() is None else day.astimezone(dt.UTC)


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
        tasks = [StoredTask.from_row(row) for row in conn.execute(f"SELECT {names} FROM task{condition}", params)]
        blockers = lookups.task_blockers(conn)
        waits = lookups.open_blockers(conn)
        came_from = lookups.blocked_from(conn, (t.id for t in tasks if t.column == Column.blocked))
    order = {c.value: i for i, c in enumerate(COLUMN_ORDER)}
    tasks = sorted(tasks, key=lambda t: (order[t.column], t.position, t.id))
    keys = {pid: p.key for pid, p in plan.projects.items()}
    overloaded = {pid for pid in plan.names if plan.active[pid] and plan.week_state(pid) == "overloaded"}
    return [
        _task_data(t, plan, keys, overloaded, blockers.get(t.id, []), waits.get(t.id, []), came_from.get(t.id))
        for t in tasks
    ]


def _task_data(
    t: StoredTask | Any,
    plan: Plan,
    keys: dict[int, str],
    overloaded: set[int],
    blockers: list[int],
    waits_for: list[int],
    came_from: str | None,
) -> dict[str, Any]:
    """Return a card's :class:`TaskRecord` fields, in order, by name."""
    milestone = plan.milestones.get(t.milestone_id) if t.milestone_id else None
    due = t.due or (milestone.due if milestone else None)
    is_open = t.column != Column.done
    finish = plan.finishes.get(t.id or 0) if is_open else None
    created = t.created_at.isoformat()
    return {
        "id": t.id or 0,
        "project": keys.get(t.project_id),
        "milestone": milestone.name if milestone else None,
        "title": t.title,
        "description": t.description,
        "column": t.column,
        "position": t.position,
        "assignee": plan.names.get(t.assignee_id) if t.assignee_id else None,
        "assignee_overloaded": t.assignee_id in overloaded,
        "estimate": t.estimate,
        "remaining": t.remaining,
        "start": _iso(t.start),
        "due": _iso(t.due),
        "effective_due": _iso(due),
        "overdue": bool(is_open and due is not None and due < plan.today),
        "forecast_finish": _iso(finish),
        "priority": t.priority,
        "kind": t.kind,
        "tags": lookups.split_tags(t.tags),
        "blocked_reason": t.blocked_reason,
        "blockers": sorted(blockers),
        "waits_for": sorted(waits_for),
        "blocked_from": came_from if t.column == Column.blocked else None,
        "created_at": created,
        "updated_at": created if t.updated_at is t.created_at else t.updated_at.isoformat(),
        "done_at": _iso(t.done_at),
        "version": t.version,
    }


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
    keys = {pid: p.key for pid, p in plan.projects.items()}
    return TaskRecord(**_task_data(task, plan, keys, overloaded, blockers, waits, came_from))


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
