"""The issue log tab: open issues first, each with the risk it came from; new, edit and delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from supportpm_tui.services.issues import IssueRecord, delete_issue
from supportpm_tui.ui.forms.issue import edit_issue_form, new_issue_form
from supportpm_tui.ui.widgets.register_pane import RegisterPane, pane_bindings

if TYPE_CHECKING:
    from supportpm_tui.services.registers import RegisterData


class IssueLog(RegisterPane[IssueRecord]):
    """Every issue: open, then in progress, then resolved."""

    NAME = "issues"
    ENTITY = "issue"
    COLUMNS = ("#", "Issue", "Project", "Owner", "Status", "Raised", "From risk", "Workaround")
    BINDINGS = [*pane_bindings("issues")]

    def __init__(self) -> None:
        super().__init__("Issue log", new_form=new_issue_form, edit_form=edit_issue_form, delete=delete_issue)

    def rows_of(self, data: RegisterData) -> list[IssueRecord]:
        return data.issues

    def cells(self, row: IssueRecord) -> list[Text]:
        return [
            Text(str(row.id)),
            Text(row.title),
            Text(row.project or ""),
            Text(row.owner or "no owner"),
            Text(row.status.replace("_", " ")),
            Text(row.raised),
            Text(str(row.risk_id) if row.risk_id else "—"),
            Text(row.workaround[:40]),
        ]

    def detail(self, row: IssueRecord) -> str:
        return (
            f"#{row.id} {row.title} — root cause: {row.root_cause or '—'} · decision: {row.decision or '—'} · "
            f"resolved: {row.resolved or '—'}"
        )
