"""Milestones: dated commitments with baselines and predecessors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.services import base
from supportpm_tui.services.projects import find_workstream
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Milestone, MilestoneLink, Risk, Task


def _predecessor_ids(session: Any, refs: list[str], project_id: int, own_id: int | None) -> list[int]:
    ids: list[int] = []
    for ref in refs:
        try:
            pred = base.find_milestone(session, ref, project_id, "after")
        except FieldError:
            pred = base.find_milestone(session, ref, None, "after")
        if own_id is not None and pred.id == own_id:
            raise FieldError("after", "a milestone cannot come after itself")
        ids.append(pred.id or 0)
    if own_id is not None:
        links: dict[int, set[int]] = {}
        for row in session.exec(select(MilestoneLink)).all():
            links.setdefault(row.milestone_id, set()).add(row.predecessor_id)
        for pred_id in ids:
            if _reaches(links, pred_id, own_id):
                name = session.get(Milestone, pred_id).name
                raise FieldError("after", f"{name!r} already comes after this milestone (a cycle)")
    return ids


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


def _clean_milestone(
    session: Any, values: dict[str, Any], existing: Milestone | None, project_id: int
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in values:
        name = base.required_text(values["name"], "name")
        clash = session.exec(
            select(Milestone).where(Milestone.project_id == project_id, func.lower(Milestone.name) == name.lower())
        ).first()
        if clash is not None and (existing is None or clash.id != existing.id):
            raise FieldError("name", f"this project already has a milestone {name!r}")
        out["name"] = name
    if "deliverable" in values:
        out["deliverable"] = base.optional_text(values["deliverable"], "deliverable")
    if "owner" in values:
        out["owner_id"] = base.find_optional_person(session, values["owner"], "owner")
    if "workstream" in values:
        ws = values["workstream"]
        out["workstream_id"] = (
            None if not ws or ws.lower() == "none" else find_workstream(session, project_id, ws).id  # type: ignore[union-attr]
        )
    if values.get("due") is not None:
        out["due_date"] = values["due"]
    if values.get("buffer") is not None:
        out["buffer_days"] = int(check_range(values["buffer"], "buffer", 0, 100))
    if "after" in values and values["after"] is not None:
        out["predecessors"] = _predecessor_ids(
            session, list(values["after"]), project_id, existing.id if existing else None
        )
    return out


def add_milestone(store: Store, project: str, name: str, due: dt.date, **values: Any) -> Milestone:
    """Add a milestone whose baseline is its due date; return it."""
    with store.write() as session:
        proj = base.find_project(session, project)
        cleaned = _clean_milestone(session, {"name": name, "due": due, **values}, None, proj.id or 0)
        links = {"predecessors": cleaned.pop("predecessors", [])}
        milestone = Milestone(project_id=proj.id or 0, baseline_date=cleaned["due_date"], **cleaned)
        return base.create(store, session, milestone, links)


def edit_milestone(store: Store, ref: str, project: str | None = None, **values: Any) -> Milestone:
    """Change the given fields of a milestone (the baseline stays); return it."""
    with store.write() as session:
        milestone = _find(session, ref, project)
        cleaned = _clean_milestone(session, values, milestone, milestone.project_id)
        base.update(store, session, milestone, cleaned)
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
        held = [
            f"{n} {label}"
            for n, label in ((tasks, "task(s)"), (risks, "risk(s)"), (followers, "milestone(s) after it"))
            if n
        ]
        if held:
            raise UserError(f"milestone {milestone.name} still has {', '.join(held)}; move or unlink them first")
        from supportpm_tui.storage.models import ChangeMilestone

        for link in session.exec(select(ChangeMilestone).where(ChangeMilestone.milestone_id == milestone.id)).all():
            raise UserError(f"milestone {milestone.name} is named by change request {link.change_id}; edit that first")
        base.delete(store, session, milestone)
        return milestone


def _find(session: Any, ref: str, project: str | None) -> Milestone:
    project_id = base.find_project(session, project).id if project else None
    return base.find_milestone(session, ref, project_id)


def find(store: Store, ref: str, project: str | None = None) -> Milestone:
    """Return the milestone ``ref`` names."""
    with store.read() as session:
        return _find(session, ref, project)
