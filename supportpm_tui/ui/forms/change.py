"""The forms for a change request: a new one (in a project) and an edit of an undecided one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supportpm_tui.core.unset import unset_if_none
from supportpm_tui.services import change_requests
from supportpm_tui.ui.forms import KeepSelected, Write, changes_only, save_with, shown_values
from supportpm_tui.ui.forms.project import project_key_field
from supportpm_tui.ui.modals.form import FormField, FormModal

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store


def change_fields(change: change_requests.ChangeRequestRecord | None = None) -> list[FormField]:
    """Return the fields of a change request, filled in from ``change``."""
    shown = shown_values(change) if change is not None else {}

    def text(name: str) -> str:
        return shown.get(name, "")

    days = "Schedule impact (working days, may be negative)"
    return [
        FormField("title", "Change request", text("title"), required=True),
        FormField("days", days, text("schedule_days"), kind="number", required=True, low=-365, high=365),
        FormField(
            "milestones",
            "Affected milestones",
            text("milestones"),
            kind="choices",
            source="milestone",
            follows="" if change is not None else "project",
            scope=(change.project or "") if change is not None else "",
            placeholder="type to choose; several, comma separated",
            aliases=("milestone",),
        ),
        FormField("description", "Description", text("description")),
        FormField("cost", "Cost impact", text("cost_impact"), kind="number", low=-1e12, high=1e12),
        FormField("risk_note", "Risk note", text("risk_note")),
    ]


def new_change_form(write: Write, project: str, projects: Sequence[str], select: KeepSelected) -> FormModal:
    """Return the New change request form, in ``project`` unless changed; a valid one proposes it, then selects it."""

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        key, title, days, cost = values["project"], values["title"], values["days"], values["cost"]
        milestones = values["milestones"]
        description, risk_note = values["description"] or "", values["risk_note"] or ""

        def add(store: Store) -> object:
            change = change_requests.add_change(
                store,
                key,
                title,
                int(days),
                milestones=milestones,
                description=description,
                cost=cost,
                risk_note=risk_note,
            )
            select(change.id or 0)
            return change

        save_with(write, add, form, "change request added")

    return FormModal("New change request", [project_key_field(project, projects), *change_fields()], submit)


def edit_change_form(write: Write, change: change_requests.ChangeRequestRecord, select: KeepSelected) -> FormModal:
    """Return the form that edits ``change``; a valid one saves it.

    Empty text fields and milestones clear; an empty cost keeps the one recorded.
    """

    def edited(values: dict[str, Any]) -> dict[str, Any]:
        return {
            "title": values["title"],
            "days": int(values["days"]),
            "milestones": values["milestones"] or [],
            "description": values["description"] or "",
            "cost": unset_if_none(values["cost"]),
            "risk_note": values["risk_note"] or "",
        }

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes, version = changes_only(form, edited, values), form.version

        def save(store: Store) -> object:
            saved = change_requests.edit_change(store, change.id, version, **changes)
            select(change.id)
            return saved

        save_with(write, save, form, "change request saved")

    return FormModal(
        f"Edit change request #{change.id}",
        change_fields(change),
        submit,
        version=change.version,
        what=f"Change request #{change.id}",
    )
