"""The forms for a rollout checklist item: new and edit (title, owner, due date, the milestone it gates, note)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supportpm_tui.ui.forms import KeepSelected, Write, changes_only, save_with, shown_values
from supportpm_tui.ui.modals.form import FormField, FormModal

if TYPE_CHECKING:
    from supportpm_tui.services.checklists import ChecklistRecord
    from supportpm_tui.services.connection import Store


def checklist_fields(project: str, item: ChecklistRecord | None = None) -> list[FormField]:
    """Return the fields of a checklist item of ``project``, filled in from ``item`` to edit it."""
    shown = shown_values(item) if item is not None else {}

    def text(name: str) -> str:
        return shown.get(name, "")

    return [
        FormField("title", "Title", text("title"), required=True),
        FormField("owner", "Owner", text("owner"), kind="choice", source="person"),
        FormField("due", "Due", text("due"), kind="date", placeholder="2026-12-01, fri, +2w", ask_if_past=True),
        FormField(
            "milestone",
            "Gates milestone (it should be done first)",
            text("milestone"),
            kind="choice",
            source="milestone",
            scope=project,
        ),
        FormField("note", "Note", text("note")),
    ]


def _values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": values["title"],
        "owner": values["owner"],
        "due": values["due"],
        "milestone": values["milestone"],
        "note": values["note"] or "",
    }


def new_item_form(write: Write, project: str, select: KeepSelected) -> FormModal:
    """Return the New checklist item form for ``project``; a valid one adds the item at the end of its list."""
    from supportpm_tui.services import checklists

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        fields = _values(values)

        def add(store: Store) -> object:
            item = checklists.add_item(store, project, **fields)
            select(item.id or 0)
            return item

        save_with(write, add, form, f"checklist item added to {project}")

    return FormModal(f"New checklist item · {project}", checklist_fields(project), submit)


def edit_item_form(write: Write, project: str, item: ChecklistRecord) -> FormModal:
    """Return the Edit checklist item form; a valid one saves the fields the user changed."""
    from supportpm_tui.services import checklists

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes = changes_only(form, _values, values)
        save_with(
            write,
            lambda store: checklists.edit_item(store, item.id, if_version=form.version, **changes),
            form,
            "checklist item saved",
        )

    return FormModal(
        f"Edit checklist item · {project}",
        checklist_fields(project, item),
        submit,
        version=item.version,
        what=f"checklist item “{item.title}”",
    )
