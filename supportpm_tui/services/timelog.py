"""Time logged on cards: who spent how many hours on which card and day; spent against estimate."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Person, Project, Task, TimeEntry

DAY_LIMIT = 24.0


@dataclass(frozen=True)
class TimeRecord(JsonRecord):
    """One entry of logged time, with names for ids; the day in ISO form."""

    id: int
    day: str
    person: str | None
    task: int
    title: str
    project: str | None
    hours: float
    note: str
    version: int


@dataclass(frozen=True)
class SpentRecord(JsonRecord):
    """Hours logged against the estimate of a card, a milestone or a project."""

    what: str  # task, milestone or project
    ref: str
    name: str
    estimate: float
    logged: float
    remaining: float


def log_time(
    store: Store,
    task_id: int,
    hours: float,
    *,
    person: str | None = None,
    day: dt.date | None = None,
    note: str = "",
    reduce_remaining: bool = False,
) -> TimeEntry:
    """Log ``hours`` on a card for ``person`` (default its assignee) on ``day`` (default today); return the entry.

    The card's remaining hours go down by as much only with ``reduce_remaining``
    (never below 0). A person's hours on one day add up to at most 24.
    """
    when = day or clock.today()
    if when > clock.today():
        raise FieldError("date", "time cannot be logged for a day still to come")
    amount = float(check_range(hours, "hours", 0.01, DAY_LIMIT))
    with store.write() as session:
        task = base.task_or_raise(session, task_id)
        if person:
            person_id = base.find_person(session, person).id or 0
        elif task.assignee_id is not None:
            person_id = task.assignee_id
        else:
            raise FieldError("person", f"card {task_id} has no assignee: say whose time it is")
        that_day = session.exec(
            select(func.coalesce(func.sum(TimeEntry.hours), 0.0)).where(
                TimeEntry.person_id == person_id, TimeEntry.day == when
            )
        ).one()
        if float(that_day) + amount > DAY_LIMIT + 1e-9:
            raise FieldError(
                "hours", f"{float(that_day):g} h are already logged on {when.isoformat()}: at most 24 h a day"
            )
        entry = TimeEntry(
            task_id=task_id,
            person_id=person_id,
            day=when,
            hours=amount,
            note=base.optional_text(note, "note"),
        )
        created: TimeEntry = base.create(store, session, entry)
        if reduce_remaining and task.remaining > 0:
            base.update(store, session, task, {"remaining": max(0.0, round(task.remaining - amount, 2))})
        return created


def delete_time(store: Store, entry_id: int) -> TimeEntry:
    """Delete an entry of logged time; return it."""
    return base.delete_row(store, TimeEntry, entry_id, "time entry")


def list_time(
    store: Store,
    person: str | None = None,
    week: dt.date | None = None,
    task: int | None = None,
    project: str | None = None,
) -> list[TimeRecord]:
    """Return logged time, newest day first: a person's, a week's (any day of it), a card's or a project's."""
    with store.read() as session:
        query = (
            select(TimeEntry, Task.title, Task.project_id, Person.name)
            .join(Task, col(Task.id) == col(TimeEntry.task_id))
            .join(Person, col(Person.id) == col(TimeEntry.person_id))
            .order_by(col(TimeEntry.day).desc(), col(TimeEntry.id).desc())
        )
        if person:
            query = query.where(TimeEntry.person_id == base.find_person(session, person).id)
        if week is not None:
            monday = week - dt.timedelta(days=week.weekday())
            query = query.where(TimeEntry.day >= monday, TimeEntry.day <= monday + dt.timedelta(days=6))
        if task is not None:
            base.task_or_raise(session, task)
            query = query.where(TimeEntry.task_id == task)
        if project:
            query = query.where(Task.project_id == base.find_project(session, project).id)
        keys = dict(session.exec(select(Project.id, Project.key)).all())
        return [
            TimeRecord(
                entry.id or 0,
                entry.day.isoformat(),
                name,
                entry.task_id,
                title,
                keys.get(project_id),
                entry.hours,
                entry.note,
                entry.version,
            )
            for entry, title, project_id, name in session.exec(query).all()
        ]


def logged_by_task(store: Store, project: str | None = None) -> dict[int, float]:
    """Return the hours logged on each card (of one project, when given)."""
    with store.read() as session:
        query = (
            select(TimeEntry.task_id, func.sum(TimeEntry.hours))
            .join(Task, col(Task.id) == col(TimeEntry.task_id))
            .group_by(col(TimeEntry.task_id))
        )
        if project:
            query = query.where(Task.project_id == base.find_project(session, project).id)
        return {tid: float(hours or 0) for tid, hours in session.exec(query).all()}


def spent_against_estimate(store: Store, project: str) -> list[SpentRecord]:
    """Return, for a project, logged hours against the estimate: the project, each milestone, each card."""
    logged = logged_by_task(store, project)
    with store.read() as session:
        found = base.find_project(session, project)
        names = base.display_names(session)
        tasks = session.exec(select(Task).where(Task.project_id == found.id).order_by(col(Task.id))).all()
    by_milestone: dict[int | None, list[Task]] = defaultdict(list)
    for task in tasks:
        by_milestone[task.milestone_id].append(task)

    def summed(what: str, ref: str, name: str, cards: list[Task]) -> SpentRecord:
        return SpentRecord(
            what,
            ref,
            name,
            round(sum(t.estimate for t in cards), 2),
            round(sum(logged.get(t.id or 0, 0.0) for t in cards), 2),
            round(sum(t.remaining for t in cards), 2),
        )

    rows = [summed("project", found.key, found.name, list(tasks))]
    for mid, cards in sorted(by_milestone.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        if mid is not None:
            rows.append(summed("milestone", str(mid), names.milestones.get(mid, "?"), cards))
    rows.extend(summed("task", str(t.id), t.title, [t]) for t in tasks)
    return rows
