"""The forms for a project: new, edit, its scope statement; and the field that names a project."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supportpm_tui.ui.forms import Write, changes_only, save_with, shown_values
from supportpm_tui.ui.modals.form import FormField, FormModal, in_order

if TYPE_CHECKING:
    from supportpm_tui.services.projects import ProjectRecord


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


STATUSES = ("proposed", "active", "on_hold", "done", "cancelled")
RAG_CHOICES = ("auto", "green", "amber", "red")
SCOPE_LABELS = {
    "goal": "Goal",
    "in_scope": "In scope",
    "out_of_scope": "Out of scope",
    "assumptions": "Assumptions",
    "stakeholders": "Stakeholders",
    "success_criteria": "Success criteria",
    "approval_path": "Approval path (who signs off, in order)",
}
EDITED = (
    "name", "status", "owner", "sponsor", "start", "target", "budget", "spent", "hourly_rate",
    "impact", "effort", "urgency", "importance", "rag_override", "rag_note",
)  # fmt: skip


def edit_project_fields(project: ProjectRecord) -> list[FormField]:
    """Return the fields of a project's edit form (all but its scope statement), filled in from ``project``."""
    shown = shown_values(project)
    shown["rag_override"] = project.rag_override or "auto"

    def scale(name: str, label: str) -> FormField:
        return FormField(name, f"{label} (1–5)", shown[name], kind="integer", required=True, low=1, high=5)

    return [
        FormField("name", "Name", shown["name"], required=True),
        FormField("status", "Status", shown["status"], kind="choice", required=True, choices=STATUSES),
        FormField("owner", "Owner", shown["owner"], kind="choice", source="person"),
        FormField("sponsor", "Sponsor", shown["sponsor"]),
        FormField("start", "Start", shown["start"], kind="date"),
        FormField("target", "Target", shown["target"], kind="date"),
        FormField("budget", "Budget", shown["budget"], kind="number", low=0, help="money; empty: no budget"),
        FormField("spent", "Spent (entered; logged time adds hours × rate)", shown["spent"], kind="number", low=0),
        FormField("hourly_rate", "Hourly rate", shown["hourly_rate"], kind="number", low=0, aliases=("hourly rate",)),
        scale("impact", "Impact"),
        scale("effort", "Effort"),
        scale("urgency", "Urgency"),
        scale("importance", "Importance"),
        FormField(
            "rag_override", "RAG override", shown["rag_override"], kind="choice", required=True, choices=RAG_CHOICES,
            aliases=("rag",),
        ),
        FormField("rag_note", "RAG note (why the override)", shown["rag_note"]),
    ]  # fmt: skip


def _edit_values(values: dict[str, Any]) -> dict[str, Any]:
    """Return an edit form's values as the keyword arguments of ``edit_project``."""
    out = {name: values[name] for name in EDITED}
    out["sponsor"] = out["sponsor"] or ""
    out["rag_note"] = out["rag_note"] or ""
    if out["rag_override"] == "auto":
        out["rag_override"] = None
    return out


def edit_project_form(write: Write, project: ProjectRecord) -> FormModal:
    """Return the Edit project form; a valid one saves the fields the user changed through ``write``."""
    from supportpm_tui.services import projects

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes = changes_only(form, _edit_values, values)
        save_with(
            write,
            lambda store: projects.edit_project(store, project.key, **changes),
            form,
            f"project {project.key} saved",
        )

    return FormModal(
        f"Edit project {project.key}",
        edit_project_fields(project),
        submit,
        rules=[in_order("start", "target")],
        what=f"project {project.key}",
    )


def scope_form(write: Write, project: ProjectRecord) -> FormModal:
    """Return the scope statement's form: several lines each (enter starts a new line, ctrl+s saves)."""
    from supportpm_tui.services import projects

    shown = shown_values(project)
    fields = [
        FormField(name, label, shown[name], kind="lines", aliases=(name.replace("_", " "),))
        for name, label in SCOPE_LABELS.items()
    ]

    def build(values: dict[str, Any]) -> dict[str, Any]:
        return {name: values[name] or "" for name in SCOPE_LABELS}

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes = changes_only(form, build, values)
        save_with(
            write,
            lambda store: projects.edit_project(store, project.key, **changes),
            form,
            f"scope of {project.key} saved",
        )

    return FormModal(f"Scope of {project.key} · enter: new line · ctrl+s: save", fields, submit, what="the scope")
