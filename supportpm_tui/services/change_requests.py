"""Change requests: propose, edit and delete them; approve one (its milestones move), reject or defer it; list them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.core.vocabulary import UNDECIDED_CHANGE_STATUSES, ChangeStatus
from supportpm_tui.services import base
from supportpm_tui.services.unset import UNSET, Unset, given_fields, or_unset
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import ChangeMilestone, ChangeRequest, Milestone

LABEL = "change request"


@dataclass(frozen=True)
class ChangeRequestChanges:
    """What an edit changes of a change request: a field left ``UNSET`` stays as it is."""

    title: str | Unset = UNSET
    days: int | Unset = UNSET
    milestones: list[str] | Unset = UNSET
    description: str | Unset = UNSET
    cost: float | Unset = UNSET
    risk_note: str | Unset = UNSET
    requested_by: str | Unset = UNSET


@dataclass(frozen=True)
class MilestoneMove(base.JsonRecord):
    """One milestone a change request moves: its due date before and after (by working days)."""

    milestone_id: int
    milestone: str
    old_due: dt.date = field(metadata={"json": "from"})
    new_due: dt.date = field(metadata={"json": "to"})


@dataclass(frozen=True)
class ChangeRequestRecord(base.JsonRecord):
    """One change request with its project's key and the milestones it moves (in the order the command line prints).

    ``if_approved`` holds what approving it would move: given by :func:`show_change` while it is undecided.
    """

    id: int
    title: str
    description: str
    requested_by: str
    requested: dt.date
    schedule_days: int
    cost_impact: float | None
    risk_note: str
    status: str
    decided_by: str
    decided: dt.date | None
    decision_note: str
    project: str | None
    milestones: list[str]
    if_approved: list[MilestoneMove] | None = None

    @property
    def undecided(self) -> bool:
        """Return whether it still awaits a decision (proposed or deferred)."""
        return self.status in UNDECIDED_CHANGE_STATUSES

    def as_record(self) -> dict[str, Any]:
        """Return the fields as JSON data, in their order (``if_approved`` only when given)."""
        data = super().as_record()
        if self.if_approved is None:
            del data["if_approved"]
        return data


def _change_columns(session: Session, changes: ChangeRequestChanges, project_id: int) -> dict[str, Any]:
    """Return the columns (and milestone links) ``changes`` sets, checked."""
    values = given_fields(changes)
    out = base.checked_texts(values, ("description", "risk_note"))
    if "requested_by" in values:
        out["requested_by"] = base.optional_text(values["requested_by"], "requested by", base.MAX_NAME)
    if "days" in values:
        out["schedule_days"] = int(check_range(values["days"], "days", -365, 365))
    if "cost" in values:
        out["cost_impact"] = float(check_range(values["cost"], "cost", -1e12, 1e12))
    if "milestones" in values:
        out["milestones"] = [base.find_milestone(session, ref, project_id).id for ref in values["milestones"]]
    return out


def _refuse_when_decided(change: ChangeRequest, why: str) -> None:
    if change.status not in UNDECIDED_CHANGE_STATUSES:
        raise UserError(f"change request {change.id} is {why}")


def add_change(
    store: Store,
    project: str,
    title: str,
    days: int,
    *,
    milestones: list[str] | None = None,
    description: str = "",
    cost: float | None = None,
    risk_note: str = "",
    requested_by: str | None = None,
) -> ChangeRequest:
    """Propose a change request (requested today, by you unless ``requested_by`` is given); return it."""
    changes = ChangeRequestChanges(
        title=title,
        description=description,
        risk_note=risk_note,
        requested_by=base.current_actor() if requested_by is None else requested_by,
        days=days,
        cost=or_unset(cost),
        milestones=milestones or [],
    )

    def columns(session: Session, project_id: int) -> dict[str, Any]:
        return {**_change_columns(session, changes, project_id), "requested": clock.today()}

    return base.add_row(store, ChangeRequest, project, columns)


def edit_change(store: Store, change_id: int, changes: ChangeRequestChanges) -> ChangeRequest:
    """Change the fields ``changes`` sets of an undecided change request; return it."""

    def columns(session: Session, change: ChangeRequest) -> dict[str, Any]:
        _refuse_when_decided(change, f"{change.status}; it can no longer be edited")
        return _change_columns(session, changes, change.project_id)

    return base.edit_row(store, ChangeRequest, change_id, LABEL, columns)


def _refuse_when_approved(session: Session, change: ChangeRequest) -> None:
    if change.status == ChangeStatus.approved:
        raise UserError(f"change request {change.id} was approved and moved milestones; it stays on record")


def delete_change(store: Store, change_id: int) -> ChangeRequest:
    """Delete a change request that was not approved; return it."""
    return base.delete_row(store, ChangeRequest, change_id, LABEL, _refuse_when_approved)


def _moves(session: Session, change: ChangeRequest) -> list[tuple[Milestone, MilestoneMove]]:
    """Return each milestone ``change`` affects with its move, by milestone id."""
    from supportpm_tui.services.current_plan import load_calendar

    calendar = load_calendar(session)
    moves = []
    for mid in base.get_links(session, "change_request", change.id or 0, "milestones"):
        milestone = session.get(Milestone, mid)
        if milestone is not None:
            new_due = calendar.add_working_days(milestone.due_date, change.schedule_days)
            moves.append((milestone, MilestoneMove(mid, milestone.name, milestone.due_date, new_due)))
    return moves


def approval_preview(store: Store, change_id: int) -> list[MilestoneMove]:
    """Return, per affected milestone, its due date now and after approving the change."""
    with store.read() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, LABEL)
        return [move for _, move in _moves(session, change)]


def _record_decision(store: Store, session: Session, change: ChangeRequest, values: dict[str, Any]) -> None:
    """Write a decision on a change request: ``values`` (its status, maybe a note), by you, today."""
    base.update(store, session, change, {**values, "decided_by": base.current_actor(), "decided": clock.today()})


def approve_change(store: Store, change_id: int) -> list[MilestoneMove]:
    """Approve a change request: move each affected milestone's due date by its working
    days (baselines untouched); return the moves."""
    with store.write() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, LABEL)
        _refuse_when_decided(change, f"already {change.status}")
        moves = _moves(session, change)
        for milestone, move in moves:
            base.update(store, session, milestone, {"due_date": move.new_due})
        _record_decision(store, session, change, {"status": ChangeStatus.approved.value})
        return [move for _, move in moves]


def decide_change(store: Store, change_id: int, status: str, reason: str = "") -> ChangeRequest:
    """Reject or defer a change request, recording the reason; return it."""
    if status not in (ChangeStatus.rejected, ChangeStatus.deferred):
        raise FieldError("status", "a decision is rejected or deferred (approve moves milestones)")
    why = base.optional_text(reason, "reason", 1000)
    with store.write() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, LABEL)
        _refuse_when_decided(change, f"already {change.status}")
        _record_decision(store, session, change, {"status": status, "decision_note": why})
        return change


def change_record(
    change: ChangeRequest, names: base.DisplayNames, milestones: list[str], if_approved: list[MilestoneMove] | None
) -> ChangeRequestRecord:
    """Return a change request with its project's key, the names of its milestones and, if given, its moves."""
    return base.record_from(
        ChangeRequestRecord,
        change,
        project=names.projects.get(change.project_id),
        milestones=milestones,
        if_approved=if_approved,
    )


def list_changes(store: Store, project: str | None = None, status: str | None = None) -> list[ChangeRequestRecord]:
    """Return change requests: undecided first, then newest."""
    with store.read() as session:
        names = base.display_names(session)
        links: dict[int, list[str]] = {}
        for link in session.exec(select(ChangeMilestone)).all():
            links.setdefault(link.change_id, []).append(names.milestones.get(link.milestone_id, "?"))
        query = select(ChangeRequest).order_by(col(ChangeRequest.requested).desc(), col(ChangeRequest.id).desc())
        if project:
            query = query.where(ChangeRequest.project_id == base.find_project(session, project).id)
        if status:
            query = query.where(ChangeRequest.status == base.one_of(status, "status", ChangeStatus))
        rows = [change_record(c, names, sorted(links.get(c.id or 0, [])), None) for c in session.exec(query).all()]
    rows.sort(key=lambda r: not r.undecided)
    return rows


def show_change(store: Store, change_id: int) -> ChangeRequestRecord:
    """Return one change request, with what approving it would move while it is undecided."""
    with store.read() as session:
        names = base.display_names(session)
        change = base.get_or_raise(session, ChangeRequest, change_id, LABEL)
        ids = base.get_links(session, "change_request", change_id, "milestones")
        milestones = sorted(names.milestones.get(i, "?") for i in ids)
        undecided = change.status in UNDECIDED_CHANGE_STATUSES
        moves = [move for _, move in _moves(session, change)] if undecided else None
        return change_record(change, names, milestones, moves)
