"""Milestones: dated commitments with baselines and predecessors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.core.text import name_key
from supportpm_tui.core.unset import UNSET, Unset, unset_if_none
from supportpm_tui.core.vocabulary import COLUMN_ORDER, Column
from supportpm_tui.services import base
from supportpm_tui.services.projects import find_workstream
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import ChecklistItem, Milestone, MilestoneLink, Person, Risk, Task


def _predecessor_ids(session: Session, refs: list[str], project_id: int, own_id: int | None) -> list[int]:
    preds: list[Milestone] = []
    for ref in refs:
        try:
            pred = base.find_milestone(session, ref, project_id, "after")
        except FieldError:
            pred = base.find_milestone(session, ref, None, "after")
        if own_id is not None and pred.id == own_id:
            raise FieldError("after", "a milestone cannot come after itself")
        preds.append(pred)
    if own_id is not None:
        links: dict[int, set[int]] = {}
        for row in session.exec(select(MilestoneLink)).all():
            links.setdefault(row.milestone_id, set()).add(row.predecessor_id)
        for pred in preds:
            if _reaches(links, pred.id or 0, own_id):
                raise FieldError("after", f"{pred.name!r} already comes after this milestone (a cycle)")
    return [pred.id or 0 for pred in preds]


def _reaches(links: dict[int, set[int]], start: int, target: int) -> bool:
    """Return whether ``target`` is among ``start``'s predecessors, transitively."""
    seen: set[int] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node == target:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(links.get(node, ()))
    return False


@dataclass(frozen=True)
class MilestoneValues:
    """The values given for a milestone, to add it or to change it; a field left :data:`UNSET` is not given.

    A new milestone keeps the default of a field not given, an edited one its
    value (and always its baseline). ``None`` (or the word ``none``) clears the
    owner and the workstream; ``None`` clears the deliverable; an empty
    ``after`` removes every predecessor.
    """

    name: str | Unset = UNSET
    due: dt.date | Unset = UNSET
    owner: str | Unset | None = UNSET
    deliverable: str | Unset | None = UNSET
    workstream: str | Unset | None = UNSET
    buffer: int | Unset = UNSET
    after: Sequence[str] | Unset = UNSET


def _clean_milestone(
    session: Session, changes: MilestoneValues, existing: Milestone | None, project_id: int
) -> dict[str, Any]:
    """Return the stored columns ``changes`` sets, checked; raise FieldError naming the first bad field."""
    out: dict[str, Any] = {}
    if changes.name is not UNSET:
        name = base.required_text(changes.name, "name")
        key = name_key(name)
        siblings = session.exec(select(Milestone).where(Milestone.project_id == project_id)).all()
        clash = next((m for m in siblings if name_key(m.name) == key), None)
        if clash is not None and (existing is None or clash.id != existing.id):
            raise FieldError("name", f"this project already has a milestone {name!r}")
        out["name"] = name
    if changes.deliverable is not UNSET:
        out["deliverable"] = base.optional_text(changes.deliverable, "deliverable")
    if changes.owner is not UNSET:
        out["owner_id"] = base.find_optional_person(session, changes.owner, "owner")
    if changes.workstream is not UNSET:
        out["workstream_id"] = _workstream_id(session, changes.workstream, project_id)
    if changes.due is not UNSET:
        out["due_date"] = changes.due
    if changes.buffer is not UNSET:
        out["buffer_days"] = int(check_range(changes.buffer, "buffer", 0, 100))
    if changes.after is not UNSET:
        out["predecessors"] = _predecessor_ids(
            session, list(changes.after), project_id, existing.id if existing else None
        )
    return out


def _workstream_id(session: Session, name: str | None, project_id: int) -> int | None:
    """Return the id of the project's workstream ``name``; ``None`` for no name or ``none``."""
    if not name or name.lower() == "none":
        return None
    workstream = find_workstream(session, project_id, name)
    assert workstream is not None  # find_workstream raises for a missing one
    return workstream.id


def add_milestone(
    store: Store,
    project: str,
    name: str,
    due: dt.date,
    *,
    owner: str | None = None,
    deliverable: str | None = None,
    workstream: str | None = None,
    buffer: int | None = None,
    after: Sequence[str] | None = None,
) -> Milestone:
    """Add a milestone whose baseline is its due date; return it. A field given as ``None`` keeps its default."""
    values = MilestoneValues(
        name=name,
        due=due,
        owner=owner,
        deliverable=deliverable,
        workstream=workstream,
        after=after or (),
        buffer=unset_if_none(buffer),
    )
    return add_milestone_from(store, project, values)


def add_milestone_from(store: Store, project: str, values: MilestoneValues) -> Milestone:
    """Add a milestone with ``values`` (a name and a due date at least) to ``project``; return it.

    Its baseline is its due date.
    """
    with store.write() as session:
        proj = base.find_project(session, project)
        cleaned = _clean_milestone(session, values, None, proj.id or 0)
        for needed, stored in (("name", "name"), ("due", "due_date")):
            if stored not in cleaned:
                raise FieldError(needed, "is required")
        links = {"predecessors": cleaned.pop("predecessors", [])}
        milestone = Milestone(project_id=proj.id or 0, baseline_date=cleaned["due_date"], **cleaned)
        created: Milestone = base.create(store, session, milestone, links)
        return created


def edit_milestone(
    store: Store, ref: str, changes: MilestoneValues, project: str | None = None, if_version: int | None = None
) -> Milestone:
    """Set the values ``changes`` gives on a milestone (the baseline stays); return it."""
    with store.write() as session:
        milestone = _find(session, ref, project)
        cleaned = _clean_milestone(session, changes, milestone, milestone.project_id)
        base.update(store, session, milestone, cleaned, if_version=if_version)
        return milestone


def mark_done(store: Store, ref: str, project: str | None = None, day: dt.date | None = None) -> Milestone:
    """Record a milestone as done on ``day`` (default today); return it."""
    with store.write() as session:
        milestone = _find(session, ref, project)
        done = day or clock.today()
        if done > clock.today():
            raise FieldError("date", "a milestone cannot be done in the future")
        base.update(store, session, milestone, {"done_date": done})
        return milestone


@dataclass(frozen=True)
class OpenTask:
    """A card of a milestone that is not done yet: what marking the milestone done would leave behind."""

    id: int
    title: str
    column: str
    assignee: str | None


def open_tasks(store: Store, ref: str, project: str | None = None) -> list[OpenTask]:
    """Return the milestone's tasks not in the done column, in board order (column, then place in it)."""
    with store.read() as session:
        milestone = _find(session, ref, project)
        rows = session.execute(
            sa_select(col(Task.id), col(Task.title), col(Task.column), col(Task.position), col(Person.name))
            .outerjoin(Person, col(Task.assignee_id) == col(Person.id))
            .where(col(Task.milestone_id) == milestone.id, col(Task.column) != Column.done.value)
        ).all()
    rank = {column.value: i for i, column in enumerate(COLUMN_ORDER)}
    ordered = sorted(rows, key=lambda r: (rank.get(r[2], len(rank)), r[3], r[0] or 0))
    return [OpenTask(tid or 0, title, column, name) for tid, title, column, _, name in ordered]


def reopen(store: Store, ref: str, project: str | None = None) -> Milestone:
    """Clear a milestone's done date; return it."""
    with store.write() as session:
        milestone = _find(session, ref, project)
        base.update(store, session, milestone, {"done_date": None})
        return milestone


def delete_milestone(store: Store, ref: str, project: str | None = None) -> Milestone:
    """Delete a milestone that no task or risk refers to; return it."""
    with store.write() as session:
        milestone = _find(session, ref, project)
        tasks = session.exec(select(func.count()).select_from(Task).where(Task.milestone_id == milestone.id)).one()
        risks = session.exec(select(func.count()).select_from(Risk).where(Risk.milestone_id == milestone.id)).one()
        followers = session.exec(
            select(func.count()).select_from(MilestoneLink).where(MilestoneLink.predecessor_id == milestone.id)
        ).one()
        gates = session.exec(
            select(func.count()).select_from(ChecklistItem).where(ChecklistItem.milestone_id == milestone.id)
        ).one()
        held = [
            f"{n} {label}"
            for n, label in (
                (tasks, "task(s)"),
                (risks, "risk(s)"),
                (followers, "milestone(s) after it"),
                (gates, "checklist item(s) gating it"),
            )
            if n
        ]
        if held:
            raise UserError(f"milestone {milestone.name} still has {', '.join(held)}; move or unlink them first")
        from supportpm_tui.storage.models import ChangeMilestone

        for link in session.exec(select(ChangeMilestone).where(ChangeMilestone.milestone_id == milestone.id)).all():
            raise UserError(f"milestone {milestone.name} is named by change request {link.change_id}; edit that first")
        base.delete(store, session, milestone)
        return milestone


def _find(session: Session, ref: str, project: str | None) -> Milestone:
    project_id = base.find_project(session, project).id if project else None
    return base.find_milestone(session, ref, project_id)


def find(store: Store, ref: str, project: str | None = None) -> Milestone:
    """Return the milestone ``ref`` names."""
    with store.read() as session:
        return _find(session, ref, project)
