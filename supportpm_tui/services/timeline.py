"""What the Timeline shows: milestones grouped by project and workstream, and one milestone's story."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import col

from supportpm_tui.core import clock
from supportpm_tui.core.changes import read_changes
from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.rules.risk import risk_band, risk_score
from supportpm_tui.core.text import shown_value
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, UNDECIDED_CHANGE_STATUSES
from supportpm_tui.services import base
from supportpm_tui.services.activity import field_moves, item_events
from supportpm_tui.services.current_plan import MilestoneInfo, Plan, current_plan
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import (
    ChangeMilestone,
    ChangeRequest,
    ChecklistItem,
    Event,
    Milestone,
    Person,
    Risk,
    Task,
    Workstream,
)

DEFAULT_SPAN = dt.timedelta(days=14)


@dataclass(frozen=True)
class TimelineRow:
    """One line of the Timeline: a project or workstream heading, or a milestone."""

    kind: str
    label: str
    milestone_id: int | None = None
    project: str = ""
    start: dt.date | None = None
    due: dt.date | None = None
    baseline: dt.date | None = None
    forecast: dt.date | None = None
    done: dt.date | None = None
    status: str = ""
    slip_days: int = 0
    owner: str | None = None


@dataclass
class TimelineData:
    """The Timeline's rows and the day they were computed for."""

    today: dt.date
    rows: list[TimelineRow] = field(default_factory=list)
    empty_database: bool = False
    holidays: frozenset[dt.date] = frozenset()  # days off for everyone: entered, and the team region's public ones

    def milestone_rows(self) -> list[int]:
        """Return the indexes of the rows that are milestones."""
        return [i for i, row in enumerate(self.rows) if row.kind == "milestone"]


@dataclass(frozen=True)
class StoryDriver:
    """One person's remaining hours on the milestone: what its forecast waits for."""

    person: str
    hours: float


@dataclass(frozen=True)
class StoryTask:
    """A card of the milestone."""

    id: int
    title: str
    column: str
    assignee: str | None
    remaining: float


@dataclass(frozen=True)
class StoryRisk:
    """A risk on the milestone, with its score and band."""

    id: int
    title: str
    score: int
    band: str
    status: str
    open: bool


@dataclass(frozen=True)
class DueDateMove:
    """One move of the due date: when (local time, as shown), who, from and to (ISO dates), and why."""

    when: str
    who: str
    old: str
    new: str
    why: str


@dataclass(frozen=True)
class PendingChange:
    """A change request on the milestone still waiting for a decision."""

    id: int
    title: str
    days: int
    status: str


@dataclass(frozen=True)
class TimelineStory:
    """One milestone's story: its dates, forecast and why, links, cards, risks and due-date moves."""

    id: int
    project: str | None
    name: str
    deliverable: str
    owner: str | None
    workstream: str | None
    baseline: dt.date
    due: dt.date
    done: dt.date | None
    forecast: dt.date | None  # None: open work, none of it assigned
    status: str
    slip_days: int
    buffer_days: int
    reasons: tuple[str, ...]
    drivers: tuple[StoryDriver, ...]
    unassigned_hours: float
    beyond_limit: bool
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    tasks: tuple[StoryTask, ...]
    risks: tuple[StoryRisk, ...]
    history: tuple[DueDateMove, ...]
    pending_changes: tuple[PendingChange, ...]
    version: int = 1
    gates: tuple[str, ...] = ()  # rollout checklist items not done that gate it, by title


def bar_start(plan: Plan, milestone_id: int) -> dt.date:
    """Return where a milestone's bar begins: its latest predecessor's due date, else its
    project's start, else two weeks before it is due; never after the due date."""
    m = plan.milestones[milestone_id]
    preds = [plan.milestones[p].due for p in plan.predecessors.get(milestone_id, []) if p in plan.milestones]
    if preds:
        start = max(preds)
    else:
        project = plan.projects.get(m.project_id)
        start = project.start if project is not None and project.start else m.due - DEFAULT_SPAN
    return min(start, m.due)


def load_timeline(store: Store, filt: Filter | None = None, today: dt.date | None = None) -> TimelineData:
    """Return the Timeline's rows: per project, milestones without a workstream, then each workstream."""
    filt = filt or Filter()
    plan = current_plan(store, today)
    data = TimelineData(
        plan.today, empty_database=not plan.projects and not plan.names, holidays=plan.calendar.holidays
    )
    with store.read() as session:
        streams = session.execute(
            select(col(Workstream.id), col(Workstream.project_id), col(Workstream.name), col(Workstream.position))
        ).all()
    order = {wid: (position, name) for wid, _, name, position in streams}
    by_project: dict[int, list[MilestoneInfo]] = {}
    for m in plan.milestones.values():
        owner = plan.names.get(m.owner_id) if m.owner_id else None
        key = plan.projects[m.project_id].key if m.project_id in plan.projects else "?"
        if not (filt.wants_project(key) and filt.wants_person(owner) and filt.wants_words(m.name, m.deliverable)):
            continue
        by_project.setdefault(m.project_id, []).append(m)
    for project_id in sorted(by_project, key=lambda pid: plan.projects[pid].key):
        project = plan.projects[project_id]
        data.rows.append(TimelineRow("project", f"{project.key}  {project.name}", project=project.key))
        groups: dict[int | None, list[MilestoneInfo]] = {}
        for m in by_project[project_id]:
            groups.setdefault(m.workstream_id, []).append(m)
        keys = sorted(groups, key=lambda w: (-1, "") if w is None else order.get(w, (0, "")))
        for workstream in keys:
            if workstream is not None:
                data.rows.append(TimelineRow("workstream", order.get(workstream, (0, "?"))[1], project=project.key))
            for m in sorted(groups[workstream], key=lambda m: (m.due, m.id)):
                f = plan.forecasts[m.id]
                data.rows.append(
                    TimelineRow(
                        "milestone",
                        m.name,
                        m.id,
                        project.key,
                        bar_start(plan, m.id),
                        m.due,
                        m.baseline,
                        f.shown_forecast,
                        m.done,
                        f.status,
                        f.slip_days,
                        plan.names.get(m.owner_id) if m.owner_id else None,
                    )
                )
    return data


def milestone_story(store: Store, milestone_id: int, today: dt.date | None = None) -> TimelineStory:
    """Return one milestone's detail: dates, forecast and why, links, tasks, risks and due-date history."""
    plan = current_plan(store, today or clock.today())
    m = plan.milestones.get(milestone_id)
    if m is None:
        raise base.NotFound(f"no milestone with id {milestone_id}")
    f = plan.forecasts[milestone_id]
    with store.read() as session:
        names = dict(session.execute(select(col(Person.id), col(Person.name))).all())
        tasks = session.execute(
            select(col(Task.id), col(Task.title), col(Task.column), col(Task.assignee_id), col(Task.remaining))
            .where(col(Task.milestone_id) == milestone_id)
            .order_by(col(Task.column), col(Task.position))
        ).all()
        risks = session.execute(
            select(col(Risk.id), col(Risk.title), col(Risk.likelihood), col(Risk.impact), col(Risk.status)).where(
                col(Risk.milestone_id) == milestone_id
            )
        ).all()
        events = item_events(session, "milestone", milestone_id)
        change_batches = {
            e.batch
            for e in session.execute(
                select(Event).where(col(Event.entity) == "change_request", col(Event.action) == "update")
            )
            .scalars()
            .all()
            if read_changes(e.changes).get("status", (None, None))[1] == "approved"
        }
        pending_changes = tuple(
            PendingChange(cid, title, days, status)
            for cid, title, days, status in session.execute(
                select(
                    col(ChangeRequest.id),
                    col(ChangeRequest.title),
                    col(ChangeRequest.schedule_days),
                    col(ChangeRequest.status),
                )
                .join(ChangeMilestone, col(ChangeMilestone.change_id) == col(ChangeRequest.id))
                .where(
                    col(ChangeMilestone.milestone_id) == milestone_id,
                    col(ChangeRequest.status).in_(sorted(UNDECIDED_CHANGE_STATUSES)),
                )
            ).all()
        )
        successors = [
            row.name
            for row in session.execute(select(Milestone)).scalars().all()
            if milestone_id in plan.predecessors.get(row.id or 0, [])
        ]
        workstream = session.get(Workstream, m.workstream_id) if m.workstream_id else None
        gates = tuple(
            title
            for (title,) in session.execute(
                select(col(ChecklistItem.title))
                .where(col(ChecklistItem.milestone_id) == milestone_id, col(ChecklistItem.done_date).is_(None))
                .order_by(col(ChecklistItem.position), col(ChecklistItem.id))
            ).all()
        )
    drivers: dict[str, float] = {}
    for item in plan.items:
        if item.milestone_id == milestone_id and item.assignee_id is not None:
            name = plan.names.get(item.assignee_id, "?")
            drivers[name] = drivers.get(name, 0.0) + item.remaining
    history: list[DueDateMove] = []
    for e, old, new in field_moves(events, "due_date"):
        why = "approved change request" if e.batch in change_batches else (e.step or "edited")
        when = clock.from_stored(e.time).astimezone().strftime("%d %b %Y %H:%M")
        history.append(DueDateMove(when, e.actor, shown_value(old), shown_value(new), why))
    project = plan.projects.get(m.project_id)
    return TimelineStory(
        id=m.id,
        project=project.key if project else None,
        name=m.name,
        deliverable=m.deliverable,
        owner=names.get(m.owner_id) if m.owner_id else None,
        workstream=workstream.name if workstream is not None else None,
        baseline=m.baseline,
        due=m.due,
        done=m.done,
        forecast=f.shown_forecast,
        status=f.status,
        slip_days=f.slip_days,
        buffer_days=m.buffer_days,
        reasons=tuple(f.reasons),
        drivers=tuple(StoryDriver(name, hours) for name, hours in sorted(drivers.items(), key=lambda kv: -kv[1])),
        unassigned_hours=f.unassigned_hours,
        beyond_limit=f.beyond_limit,
        predecessors=tuple(
            sorted(plan.milestones[p].name for p in plan.predecessors.get(m.id, []) if p in plan.milestones)
        ),
        successors=tuple(sorted(successors)),
        gates=gates,
        tasks=tuple(
            StoryTask(tid, title, column, names.get(a) if a else None, left) for tid, title, column, a, left in tasks
        ),
        risks=tuple(
            StoryRisk(
                rid,
                title,
                risk_score(lik, imp),
                risk_band(risk_score(lik, imp)),
                status,
                status in ACTIVE_RISK_STATUSES,
            )
            for rid, title, lik, imp, status in risks
        ),
        history=tuple(history),
        pending_changes=pending_changes,
        version=m.version,
    )
