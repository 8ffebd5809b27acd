"""Change requests: propose, edit and delete them; approve one (its milestones move), reject or defer it; list them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import WINDOW, check_range, in_window
from supportpm_tui.core.unset import Unset, unset_if_none
from supportpm_tui.core.vocabulary import UNDECIDED_CHANGE_STATUSES, ChangeStatus
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import ChangeMilestone, ChangeRequest, Milestone

LABEL = "change request"


class ChangeRequestEdit(TypedDict, total=False):
    """What an edit of a change request may change: a field not given (or ``UNSET``) stays as it is."""

    title: str | Unset
    days: int | Unset
    milestones: list[str] | Unset
    description: str | Unset
    cost: float | Unset
    risk_note: str | Unset
    requested_by: str | Unset


@dataclass(frozen=True)
class MilestoneMove(JsonRecord):
    """One milestone a change request moves: its due date before and after (by working days), in ISO form."""

    milestone_id: int
    milestone: str
    old_due: str
    new_due: str

    def to_json(self) -> dict[str, Any]:
        """Return the move as JSON data: its due dates under ``from`` and ``to``."""
        moved = {"from": self.old_due, "to": self.new_due}
        return {"milestone_id": self.milestone_id, "milestone": self.milestone, **moved}


@dataclass(frozen=True)
class ChangeRequestRecord(JsonRecord):
    """One change request with its project's key and the milestones it moves; dates in ISO form.

    ``if_approved`` holds what approving it would move: given by :func:`show_change` while it is undecided.
    """

    id: int
    title: str
    description: str
    requested_by: str
    requested: str
    schedule_days: int
    cost_impact: float | None
    risk_note: str
    status: str
    decided_by: str
    decided: str | None
    decision_note: str
    project: str | None
    milestones: list[str]
    version: int
    if_approved: list[MilestoneMove] | None = None

    @property
    def undecided(self) -> bool:
        """Return whether it still awaits a decision (proposed or deferred)."""
        return self.status in UNDECIDED_CHANGE_STATUSES

    def to_json(self) -> dict[str, Any]:
        """Return the change request as JSON data (``if_approved`` only when given)."""
        data = super().to_json()
        if self.if_approved is None:
            del data["if_approved"]
        else:
            data["if_approved"] = [move.to_json() for move in self.if_approved]
        return data


def _change_columns(session: Session, values: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Return the columns (and milestone links) ``values`` set, checked."""
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


def refuse_if_decided(change: ChangeRequest | ChangeRequestRecord, then: str = "a decision stands") -> None:
    """Raise :class:`UserError` when ``change`` was approved or rejected: a decision stands.

    A deferred request comes back for decision, so it may still be approved,
    rejected or deferred again. The message says when and by whom it was decided.
    """
    if change.status in UNDECIDED_CHANGE_STATUSES:
        return
    when = f" on {change.decided}" if change.decided else ""
    who = f" by {change.decided_by}" if change.decided_by else ""
    raise UserError(f"change request {change.id} was already {change.status}{when}{who}; {then}")


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
    values = given_fields(
        title=title,
        description=description,
        risk_note=risk_note,
        requested_by=base.current_actor() if requested_by is None else requested_by,
        days=days,
        cost=unset_if_none(cost),
        milestones=milestones or [],
    )

    def columns(session: Session, project_id: int) -> dict[str, Any]:
        return {**_change_columns(session, values, project_id), "requested": clock.today()}

    return base.add_row(store, ChangeRequest, project, columns)


def edit_change(
    store: Store, change_id: int, if_version: int | None = None, **changes: Unpack[ChangeRequestEdit]
) -> ChangeRequest:
    """Change the given fields of an undecided change request (``milestones`` replaces them all); return it."""
    values = given_fields(**changes)

    def columns(session: Session, change: ChangeRequest) -> dict[str, Any]:
        refuse_if_decided(change, "it can no longer be edited")
        return _change_columns(session, values, change.project_id)

    return base.edit_row(store, ChangeRequest, change_id, LABEL, columns, if_version)


def _refuse_when_approved(session: Session, change: ChangeRequest) -> None:
    if change.status == ChangeStatus.approved:
        raise UserError(f"change request {change.id} was approved and moved milestones; it stays on record")


def delete_change(store: Store, change_id: int) -> ChangeRequest:
    """Delete a change request that was not approved; return it."""
    return base.delete_row(store, ChangeRequest, change_id, LABEL, _refuse_when_approved)


def _moves(session: Session, change: ChangeRequest) -> list[tuple[Milestone, dt.date]]:
    """Return each milestone ``change`` affects with its due date once moved, by milestone id."""
    from supportpm_tui.services.current_plan import load_calendar

    calendar = load_calendar(session)
    moves = []
    for mid in base.get_links(session, "change_request", change.id or 0, "milestones"):
        milestone = session.get(Milestone, mid)
        if milestone is not None:
            new_due = calendar.add_working_days(milestone.due_date, change.schedule_days)
            if not in_window(new_due):
                raise FieldError(
                    "days", f"{milestone.name!r} would move to {new_due}, out of range ({WINDOW}); not approved"
                )
            moves.append((milestone, new_due))
    return moves


def approval_preview(store: Store, change_id: int) -> list[MilestoneMove]:
    """Return, per affected milestone, its due date now and after approving the change (refused once decided)."""
    with store.read() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, LABEL)
        refuse_if_decided(change)
        return [_move(milestone, due) for milestone, due in _moves(session, change)]


def _move(milestone: Milestone, new_due: dt.date) -> MilestoneMove:
    return MilestoneMove(milestone.id or 0, milestone.name, milestone.due_date.isoformat(), new_due.isoformat())


def _record_decision(store: Store, session: Session, change: ChangeRequest, values: dict[str, Any]) -> None:
    """Write a decision on a change request: ``values`` (its status, maybe a note), by you, today."""
    base.update(store, session, change, {**values, "decided_by": base.current_actor(), "decided": clock.today()})


def approve_change(store: Store, change_id: int) -> list[MilestoneMove]:
    """Approve a change request: move each affected milestone's due date by its working
    days (baselines untouched); return the moves."""
    with store.write() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, LABEL)
        refuse_if_decided(change)
        planned = _moves(session, change)
        moves = [_move(milestone, due) for milestone, due in planned]  # before the due dates change
        for milestone, due in planned:
            base.update(store, session, milestone, {"due_date": due})
        _record_decision(store, session, change, {"status": ChangeStatus.approved.value})
        return moves


def decide_change(store: Store, change_id: int, status: str, reason: str = "") -> ChangeRequest:
    """Reject or defer a change request, recording the reason; return it."""
    if status not in (ChangeStatus.rejected, ChangeStatus.deferred):
        raise FieldError("status", "a decision is rejected or deferred (approve moves milestones)")
    why = base.optional_text(reason, "reason", 1000)
    with store.write() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, LABEL)
        refuse_if_decided(change)
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
        moves = [_move(milestone, due) for milestone, due in _moves(session, change)] if undecided else None
        return change_record(change, names, milestones, moves)
