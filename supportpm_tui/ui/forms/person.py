"""The form for a person: name, role, contracted hours, support reserve, WIP limit."""

from __future__ import annotations

from typing import Any

from supportpm_tui.ui.forms import Write, save_with
from supportpm_tui.ui.modals.form import FormField, FormModal


def person_fields() -> list[FormField]:
    """Return the fields of a new person."""
    return [
        FormField("name", "Name", required=True),
        FormField("role", "Role"),
        FormField("hours", "Contracted hours a week", kind="number", low=0, high=168, placeholder="40"),
        FormField(
            "reserve_pct", "Support reserve %", kind="number", low=0, high=100, placeholder="40", aliases=("reserve",)
        ),
        FormField("wip_limit", "WIP limit", kind="number", low=0, high=99, placeholder="3", aliases=("wip",)),
    ]


def new_person_form(write: Write) -> FormModal:
    """Return the New person form; a valid one adds the person through ``write``."""
    from supportpm_tui.services import people

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        name, role, hours = values["name"], values["role"] or "", values["hours"] or None  # empty or 0: the default
        reserve, wip = values["reserve_pct"] or None, int(values["wip_limit"]) if values["wip_limit"] else None
        save_with(
            write,
            lambda store: people.add_person(store, name, role=role, hours=hours, reserve_pct=reserve, wip_limit=wip),
            form,
            f"{name} added",
        )

    return FormModal("New person", person_fields(), submit)
