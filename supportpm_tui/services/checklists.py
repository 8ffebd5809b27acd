"""A project's rollout checklist: items with an owner, a due date, the milestone they gate, done or not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.unset import Unset
from supportpm_tui.core.vocabulary import STANDARD_CHECKLIST
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import ChecklistItem, Milestone, Project


class ChecklistEdit(TypedDict, total=False):
    """What an edit of a checklist item may change; ``None`` clears the owner, due date or milestone."""

    title: str | Unset
    owner: str | Unset | None
    due: dt.date | Unset | None
    milestone: str | Unset | None
    note: str | Unset


@dataclass(frozen=True)
class ChecklistRecord(JsonRecord):
    """One checklist item with names for ids; dates in ISO form."""

    id: int
    project: str | None
    position: int
    title: str
    owner: str | None
    due: str | None
    milestone: str | None
    done: bool
    done_date: str | None
    overdue: bool
    note: str
    version: int


def _columns(session: Session, values: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Return the columns ``values`` set, checked; raise FieldError naming the first field that is wrong."""
    out: dict[str, Any] = {}
    if "title" in values:
        out["title"] = base.required_text(values["title"], "title")
    if "note" in values:
        out["note"] = base.optional_text(values["note"], "note")
    if "owner" in values:
        out["owner_id"] = base.find_optional_person(session, values["owner"], "owner")
    if "due" in values:
        out["due"] = values["due"]
    if "milestone" in values:
        ref = values["milestone"]
        out["milestone_id"] = (
            None if ref is None or ref.lower() in ("", "none") else base.find_milestone(session, ref, project_id).id
        )
    return out


def seed_standard(store: Store, session: Session, project_id: int) -> None:
    """Give a new project the standard rollout items, in order (logged with the project's creation)."""
    for position, title in enumerate(STANDARD_CHECKLIST):
        base.create(store, session, ChecklistItem(project_id=project_id, title=title, position=position))


def _next_position(session: Session, project_id: int) -> int:
    items = session.exec(select(ChecklistItem.position).where(ChecklistItem.project_id == project_id)).all()
    return max(items, default=-1) + 1


def add_item(
    store: Store,
    project: str,
    title: str,
    *,
    owner: str | None = None,
    due: dt.date | None = None,
    milestone: str | None = None,
    note: str = "",
) -> ChecklistItem:
    """Add an item at the end of a project's checklist; return it."""
    values = given_fields(title=title, owner=owner, due=due, milestone=milestone, note=note)

    def columns(session: Session, project_id: int) -> dict[str, Any]:
        return {**_columns(session, values, project_id), "position": _next_position(session, project_id)}

    return base.add_row(store, ChecklistItem, project, columns)


def edit_item(
    store: Store, item_id: int, if_version: int | None = None, **changes: Unpack[ChecklistEdit]
) -> ChecklistItem:
    """Change the given fields of a checklist item; return it."""
    values = given_fields(**changes)
    return base.edit_row(
        store,
        ChecklistItem,
        item_id,
        "checklist item",
        lambda session, item: _columns(session, values, item.project_id),
        if_version,
    )


def set_done(store: Store, item_id: int, done: bool = True, day: dt.date | None = None) -> ChecklistItem:
    """Mark a checklist item done on ``day`` (default today), or not done; return it."""
    when = day or clock.today()
    if done and when > clock.today():
        raise FieldError("date", "an item cannot be done in the future")
    return base.edit_row(
        store, ChecklistItem, item_id, "checklist item", lambda _s, _i: {"done_date": when if done else None}
    )


def delete_item(store: Store, item_id: int) -> ChecklistItem:
    """Delete a checklist item; return it."""
    return base.delete_row(store, ChecklistItem, item_id, "checklist item")


def move_item(store: Store, item_id: int, steps: int) -> ChecklistItem:
    """Move an item ``steps`` places up (negative) or down its checklist; return it."""
    with store.write() as session:
        item: ChecklistItem = base.get_or_raise(session, ChecklistItem, item_id, "checklist item")
        items = list(
            session.exec(
                select(ChecklistItem)
                .where(ChecklistItem.project_id == item.project_id)
                .order_by(col(ChecklistItem.position), col(ChecklistItem.id))
            ).all()
        )
        at = next(i for i, other in enumerate(items) if other.id == item.id)
        to = max(0, min(len(items) - 1, at + steps))
        if to == at:
            return item
        items.insert(to, items.pop(at))
        for position, other in enumerate(items):
            if other.position != position:
                base.update(store, session, other, {"position": position})
        return item


def delete_all_of(store: Store, session: Session, project_id: int) -> None:
    """Delete a project's checklist (when the project itself is deleted), logged item by item."""
    for item in session.exec(select(ChecklistItem).where(ChecklistItem.project_id == project_id)).all():
        base.delete(store, session, item)


def item_record(item: ChecklistItem, names: base.DisplayNames, today: dt.date) -> ChecklistRecord:
    """Return an item with names for its ids, as of ``today``."""
    return base.record_from(
        ChecklistRecord,
        item,
        project=names.projects.get(item.project_id),
        owner=names.people.get(item.owner_id) if item.owner_id else None,
        milestone=names.milestones.get(item.milestone_id) if item.milestone_id else None,
        done=item.done_date is not None,
        overdue=item.done_date is None and item.due is not None and item.due < today,
    )


def list_items(store: Store, project: str | None = None) -> list[ChecklistRecord]:
    """Return checklist items by project, in their order."""
    today = clock.today()
    with store.read() as session:
        names = base.display_names(session)
        query = select(ChecklistItem).order_by(
            col(ChecklistItem.project_id), col(ChecklistItem.position), col(ChecklistItem.id)
        )
        if project:
            query = query.where(ChecklistItem.project_id == base.find_project(session, project).id)
        return [item_record(item, names, today) for item in session.exec(query).all()]


def open_gates(store: Store, ref: str, project: str | None = None) -> list[ChecklistRecord]:
    """Return the checklist items not done yet that gate a milestone: what marking it done would skip."""
    today = clock.today()
    with store.read() as session:
        project_id = base.find_project(session, project).id if project else None
        milestone = base.find_milestone(session, ref, project_id)
        names = base.display_names(session)
        rows = session.exec(
            select(ChecklistItem)
            .where(ChecklistItem.milestone_id == milestone.id, col(ChecklistItem.done_date).is_(None))
            .order_by(col(ChecklistItem.position), col(ChecklistItem.id))
        ).all()
        return [item_record(item, names, today) for item in rows]


def refuse_gated_milestone(session: Session, milestone: Milestone) -> None:
    """Raise when a checklist item gates ``milestone`` (for deleting it: the item must be moved first)."""
    held = session.exec(select(ChecklistItem).where(ChecklistItem.milestone_id == milestone.id)).all()
    if held:
        project = session.get(Project, milestone.project_id)
        ids = ", ".join(str(i.id) for i in held)
        raise UserError(
            f"checklist item(s) {ids} of {project.key if project else '?'} gate milestone {milestone.name};"
            " change their milestone first"
        )
