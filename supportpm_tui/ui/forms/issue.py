"""The forms for an issue: a new one (in a project) and an edit (with its status, root cause and decision)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supportpm_tui.core.vocabulary import IssueStatus
from supportpm_tui.ui.forms import Write, save_with
from supportpm_tui.ui.forms.project import project_key_field
from supportpm_tui.ui.modals.form import FormField, FormModal, field_value

if TYPE_CHECKING:
    from supportpm_tui.services.issues import IssueRecord


def issue_fields(issue: IssueRecord | None = None) -> list[FormField]:
    """Return the fields of an issue, filled in from ``issue``; only an edit has status, root cause and decision."""

    def shown(name: str) -> str:
        return field_value(getattr(issue, name, None))

    fields = [FormField("title", "Issue", shown("title"), required=True), FormField("owner", "Owner", shown("owner"))]
    if issue is not None:
        choices = [s.value for s in IssueStatus]
        fields += [
            FormField("status", "Status", issue.status, kind="choice", required=True, choices=choices),
            FormField("root_cause", "Root cause", shown("root_cause")),
            FormField("decision", "Decision", shown("decision")),
        ]
    return [
        *fields,
        FormField("workaround", "Workaround", shown("workaround")),
        FormField("description", "Description", shown("description")),
    ]


def new_issue_form(write: Write, project: str, projects: Sequence[str]) -> FormModal:
    """Return the New issue form, in ``project`` unless changed; a valid one logs the issue through ``write``."""
    from supportpm_tui.services.issues import add_issue

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        def add(store: Any) -> Any:
            return add_issue(
                store,
                values["project"],
                values["title"],
                owner=values["owner"],
                workaround=values["workaround"] or "",
                description=values["description"] or "",
            )

        save_with(write, add, form, "issue logged")

    return FormModal("New issue", [project_key_field(project, projects), *issue_fields()], submit)


def edit_issue_form(write: Write, issue: IssueRecord) -> FormModal:
    """Return the form that edits ``issue``; a valid one saves every field through ``write`` (empty ones clear)."""
    from supportpm_tui.services.issues import edit_issue

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        def save(store: Any) -> Any:
            return edit_issue(
                store,
                issue.id,
                title=values["title"],
                owner=values["owner"],
                status=values["status"],
                root_cause=values["root_cause"] or "",
                decision=values["decision"] or "",
                workaround=values["workaround"] or "",
                description=values["description"] or "",
            )

        save_with(write, save, form, "issue saved")

    return FormModal(f"Edit issue #{issue.id}", issue_fields(issue), submit)
