"""The forms for a person: name, role, hours, support reserve, WIP limit, skills, days, holidays, whether active."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supportpm_tui.ui.forms import Write, changes_only, save_with
from supportpm_tui.ui.modals.form import FormField, FormModal, field_value

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store
    from supportpm_tui.services.people import PersonRecord

ACTIVE = ["yes", "no"]


def person_fields(person: PersonRecord | None = None) -> list[FormField]:
    """Return the fields of a person: filled in from ``person`` to edit them, else empty (the team's defaults)."""

    def text(name: str) -> str:
        return field_value(getattr(person, name)) if person is not None else ""

    fields = [
        FormField("name", "Name", text("name"), required=True),
        FormField("role", "Role", text("role")),
        FormField("hours", "Contracted hours a week", text("hours"), kind="number", low=0, high=168, placeholder="40"),
        FormField(
            "reserve_pct",
            "Support reserve %",
            text("reserve_pct"),
            kind="number",
            low=0,
            high=100,
            placeholder="40",
            aliases=("reserve",),
        ),
        FormField(
            "wip_limit",
            "WIP limit",
            text("wip_limit"),
            kind="number",
            low=0,
            high=99,
            placeholder="3",
            aliases=("wip",),
        ),
        FormField(
            "skills", "Skills", text("skills"), placeholder="comma separated, e.g. mfa, intune", aliases=("tag",)
        ),
        FormField(
            "working_days",
            "Working days",
            text("working_days"),
            placeholder="the team's; or e.g. mon,tue,wed,thu",
            aliases=("working days",),
            help="Their contracted hours are shared over these days; other days they are not in.",
        ),
        FormField(
            "holiday_region",
            "Public holidays",
            text("holiday_region"),
            placeholder="the team's; or e.g. DE-BE, US-CA",
            aliases=("holidays",),
            help="Their own country and subdivision: its public holidays replace the team's for them.",
        ),
    ]
    if person is not None:
        shown = "yes" if person.active else "no"
        fields.append(FormField("active", "Active", shown, kind="choice", required=True, choices=ACTIVE))
    return fields


def person_values(values: dict[str, Any]) -> dict[str, Any]:
    """Return what a person's form holds as the service's keyword arguments (empty numbers: the team's default)."""
    wip = values["wip_limit"]
    out: dict[str, Any] = {
        "name": values["name"],
        "role": values["role"] or "",
        "hours": values["hours"] or None,  # empty or 0: the default
        "reserve_pct": values["reserve_pct"],
        "wip_limit": int(wip) if wip is not None else None,
        "skills": [s.strip() for s in (values["skills"] or "").split(",") if s.strip()],
        "working_days": values["working_days"] or None,
        "holiday_region": values["holiday_region"] or "",
    }
    if "active" in values:
        out["active"] = values["active"] == "yes"
    return out


def new_person_form(write: Write) -> FormModal:
    """Return the New person form; a valid one adds the person through ``write``."""
    from supportpm_tui.services import people

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        given = person_values(values)
        name = given.pop("name")
        save_with(write, lambda store: people.add_person(store, name, **given), form, f"{name} added")

    return FormModal("New person", person_fields(), submit)


def edit_person_form(write: Write, person: PersonRecord, version: int) -> FormModal:
    """Return the form editing ``person`` (at ``version``); only the fields changed are saved."""
    from supportpm_tui.services import people

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes, since = changes_only(form, person_values, values), form.version

        def save(store: Store) -> object:
            return people.edit_person(store, person.name, **changes, if_version=since)

        save_with(write, save, form, f"{values['name']} saved")

    return FormModal(
        f"Edit {person.name}", person_fields(person), submit, version=version, what=f"Person {person.name}"
    )


def deactivate_person(write: Write, name: str) -> None:
    """Have ``write`` mark ``name`` inactive (undoable)."""
    from supportpm_tui.services import people

    write(lambda store: people.edit_person(store, name, active=False), success=f"{name} is inactive")
