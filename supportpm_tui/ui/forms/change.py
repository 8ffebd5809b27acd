"""The forms for a change request: a new one (in a project) and an edit of an undecided one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supportpm_tui.ui.forms import Write, save_with
from supportpm_tui.ui.forms.project import project_key_field
from supportpm_tui.ui.modals.form import FormField, FormModal, field_value

if TYPE_CHECKING:
    from supportpm_tui.services.change_requests import ChangeRequestRecord


def change_fields(change: ChangeRequestRecord | None = None) -> list[FormField]:
    """Return the fields of a change request, filled in from ``change``."""

    def shown(name: str) -> str:
        return field_value(getattr(change, name, None))

    days = "Schedule impact (working days, may be negative)"
    return [
        FormField("title", "Change request", shown("title"), required=True),
        FormField("days", days, shown("schedule_days"), kind="number", required=True, low=-365, high=365),
        FormField("milestones", "Affected milestones (comma separated)", shown("milestones"), aliases=("milestone",)),
        FormField("description", "Description", shown("description")),
        FormField("cost", "Cost impact", shown("cost_impact"), kind="number", low=-1e12, high=1e12),
        FormField("risk_note", "Risk note", shown("risk_note")),
    ]


def milestone_names(text: str) -> list[str]:
    """Return the milestones a comma-separated field names."""
    return [name.strip() for name in text.split(",") if name.strip()]


def new_change_form(write: Write, project: str, projects: Sequence[str]) -> FormModal:
    """Return the New change request form, in ``project`` unless changed; a valid one proposes it through ``write``."""
    from supportpm_tui.services.change_requests import add_change

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        milestones = values["milestones"]

        def add(store: Any) -> Any:
            return add_change(
                store,
                values["project"],
                values["title"],
                int(values["days"]),
                milestones=None if milestones is None else milestone_names(milestones),
                description=values["description"] or "",
                cost=values["cost"],
                risk_note=values["risk_note"] or "",
            )

        save_with(write, add, form, "change request added")

    return FormModal("New change request", [project_key_field(project, projects), *change_fields()], submit)


def edit_change_form(write: Write, change: ChangeRequestRecord) -> FormModal:
    """Return the form that edits ``change``; a valid one saves it through ``write``.

    Empty text fields and milestones clear; an empty cost keeps the one recorded.
    """
    from supportpm_tui.core.unset import unset_if_none
    from supportpm_tui.services.change_requests import edit_change

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        def save(store: Any) -> Any:
            return edit_change(
                store,
                change.id,
                title=values["title"],
                days=int(values["days"]),
                milestones=milestone_names(values["milestones"] or ""),
                description=values["description"] or "",
                cost=unset_if_none(values["cost"]),
                risk_note=values["risk_note"] or "",
            )

        save_with(write, save, form, "change request saved")

    return FormModal(f"Edit change request #{change.id}", change_fields(change), submit)
