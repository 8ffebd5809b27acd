"""The form for a project: key, name, owner, start and target dates; and the field that names a project."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from supportpm_tui.ui.forms import Write, save_with
from supportpm_tui.ui.modals.form import FormField, FormModal, in_order


def project_fields() -> list[FormField]:
    """Return the fields of a new project."""
    return [
        FormField("key", "Key (2–10 letters or digits)", required=True, placeholder="MFA"),
        FormField("name", "Name", required=True),
        FormField("owner", "Owner", kind="choice", source="person"),
        FormField("start", "Start", kind="date"),
        FormField("target", "Target", kind="date"),
    ]


def project_key_field(project: str, projects: Sequence[str]) -> FormField:
    """Return the field naming the project an item belongs to, filled in with ``project``, suggesting ``projects``."""
    return FormField("project", "Project", project, kind="choice", required=True, choices=projects, source="project")


def new_project_form(write: Write) -> FormModal:
    """Return the New project form; a valid one adds the project through ``write``."""
    from supportpm_tui.services import projects

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        key, name, owner, start, target = (values[f] for f in ("key", "name", "owner", "start", "target"))
        save_with(
            write,
            lambda store: projects.add_project(store, key, name, owner=owner, start=start, target=target),
            form,
            f"project {key} added",
        )

    return FormModal("New project", project_fields(), submit, rules=[in_order("start", "target")])
