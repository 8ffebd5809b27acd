"""The forms for an issue: a new one (in a project) and an edit (with its status, root cause and decision)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supportpm_tui.core.vocabulary import IssueStatus
from supportpm_tui.services import issues
from supportpm_tui.ui.forms import KeepSelected, Write, changes_only, save_with, shown_values
from supportpm_tui.ui.forms.project import project_key_field
from supportpm_tui.ui.modals.form import FormField, FormModal

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store


def issue_fields(issue: issues.IssueRecord | None = None) -> list[FormField]:
    """Return the fields of an issue, filled in from ``issue``; only an edit has status, root cause and decision."""
    shown = shown_values(issue) if issue is not None else {}

    def text(name: str) -> str:
        return shown.get(name, "")

    fields = [
        FormField("title", "Issue", text("title"), required=True),
        FormField("owner", "Owner", text("owner"), kind="choice", source="person"),
    ]
    if issue is not None:
        choices = [s.value for s in IssueStatus]
        fields += [
            FormField("status", "Status", issue.status, kind="choice", required=True, choices=choices),
            FormField("root_cause", "Root cause", text("root_cause")),
            FormField("decision", "Decision", text("decision")),
        ]
    return [
        *fields,
        FormField("workaround", "Workaround", text("workaround")),
        FormField("description", "Description", text("description")),
    ]


def new_issue_form(write: Write, project: str, projects: Sequence[str], select: KeepSelected) -> FormModal:
    """Return the New issue form, in ``project`` unless changed; a valid one logs the issue, then selects it."""

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        key, title, owner = values["project"], values["title"], values["owner"]
        workaround, description = values["workaround"] or "", values["description"] or ""

        def add(store: Store) -> object:
            issue = issues.add_issue(store, key, title, owner=owner, workaround=workaround, description=description)
            select(issue.id or 0)
            return issue

        save_with(write, add, form, "issue logged")

    return FormModal("New issue", [project_key_field(project, projects), *issue_fields()], submit)


def edit_issue_form(write: Write, issue: issues.IssueRecord, select: KeepSelected) -> FormModal:
    """Return the form that edits ``issue``; a valid one saves every field (an emptied one clears)."""

    def edited(values: dict[str, Any]) -> dict[str, Any]:
        texts = {name: values[name] or "" for name in ("root_cause", "decision", "workaround", "description")}
        return {"title": values["title"], "owner": values["owner"], "status": values["status"], **texts}

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes, version = changes_only(form, edited, values), form.version

        def save(store: Store) -> object:
            saved = issues.edit_issue(store, issue.id, version, **changes)
            select(issue.id)
            return saved

        save_with(write, save, form, "issue saved")

    return FormModal(
        f"Edit issue #{issue.id}", issue_fields(issue), submit, version=issue.version, what=f"Issue #{issue.id}"
    )
