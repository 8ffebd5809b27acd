"""The change requests tab: undecided first; approve one after seeing what it moves, or reject or defer it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.vocabulary import ChangeStatus
from supportpm_tui.services.change_requests import (
    ChangeRequestRecord,
    MilestoneMove,
    approve_change,
    decide_change,
    delete_change,
    refuse_if_decided,
)
from supportpm_tui.ui.forms.change import edit_change_form, new_change_form
from supportpm_tui.ui.modals.dialogs import ConfirmModal, TextPromptModal
from supportpm_tui.ui.widgets.register_pane import RegisterPane, pane_bindings
from supportpm_tui.ui.wording import error_text, key_displays

if TYPE_CHECKING:
    from supportpm_tui.services.registers import RegisterData


class ChangeRequests(RegisterPane[ChangeRequestRecord]):
    """Every change request, undecided first; approving one moves its milestones' due dates."""

    NAME = "changes"
    ENTITY = "change_request"
    ALIASES = ("change",)
    COLUMNS = ("#", "Change request", "Project", "Days", "Milestones", "Status", "Requested", "Decided")
    BINDINGS = [
        *pane_bindings("changes"),
        Binding("a", "approve", "Approve", id="changes.approve"),
        Binding("r", "reject", "Reject", id="changes.reject"),
        Binding("f", "defer", "Defer", id="changes.defer"),
    ]

    @dataclass
    class ApprovalAsked(Message):
        """The user would approve ``change``: the screen finds what it moves, then :meth:`confirm_approval` asks."""

        change: ChangeRequestRecord

    def __init__(self) -> None:
        super().__init__("Change requests", new_form=new_change_form, edit_form=edit_change_form, delete=delete_change)

    def rows_of(self, data: RegisterData) -> list[ChangeRequestRecord]:
        return data.changes

    def cells(self, row: ChangeRequestRecord) -> list[Text]:
        return [
            Text(str(row.id)),
            Text(row.title),
            Text(row.project or ""),
            Text(f"{row.schedule_days:+d}"),
            Text(", ".join(row.milestones) or "—"),
            Text(row.status, style=f"bold {self.level('high')}" if row.undecided else ""),
            Text(row.requested),
            Text(row.decided or "—"),
        ]

    def detail(self, row: ChangeRequestRecord) -> str:
        cost = "—" if row.cost_impact is None else f"{row.cost_impact:,.0f}"
        decision = f" · decision: {row.decision_note}" if row.decision_note else ""
        return (
            f"#{row.id} {row.title} — {row.description or 'no description'} · requested by "
            f"{row.requested_by or '—'} · cost {cost}{decision}"
        )

    # --- keys ------------------------------------------------------------------------------

    def action_approve(self) -> None:
        """Show which milestones move, then approve the selected change request."""
        change = self.selected()
        if change is not None and self._open_for_decision(change):
            self.post_message(self.ApprovalAsked(change))

    def _open_for_decision(self, change: ChangeRequestRecord) -> bool:
        """Return whether ``change`` may still be decided; if not, say when and by whom it was."""
        try:
            refuse_if_decided(change)
        except UserError as exc:
            self.app.notify(error_text(exc, key_displays(self.app)), title="Not saved", severity="error", timeout=8)
            return False
        return True

    def confirm_approval(self, change: ChangeRequestRecord, moves: list[MilestoneMove]) -> None:
        """Ask whether to approve ``change``, showing each of its ``moves``; approve it if so."""
        lines = [f"  {m.milestone}: due {m.old_due} → {m.new_due}" for m in moves] or ["  no milestones move"]
        question = (
            f"Approve change request #{change.id} “{change.title}”?\n"
            f"It moves these due dates by {change.schedule_days:+d} working days "
            f"(baselines stay):\n" + "\n".join(lines)
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.pending = change.id
                self.write(
                    lambda store: approve_change(store, change.id), success=f"change request #{change.id} approved"
                )

        self.app.push_screen(ConfirmModal(question, confirm_label="Approve"), answered)

    def action_reject(self) -> None:
        """Reject the selected change request, asking why."""
        self._decide(ChangeStatus.rejected)

    def action_defer(self) -> None:
        """Defer the selected change request, asking why."""
        self._decide(ChangeStatus.deferred)

    def _decide(self, status: ChangeStatus) -> None:
        change = self.selected()
        if change is None or not self._open_for_decision(change):
            return

        def answered(reason: str | None) -> None:
            if reason:
                self.pending = change.id
                self.write(
                    lambda store: decide_change(store, change.id, status.value, reason),
                    success=f"change request #{change.id} {status.value}",
                )

        question = f"Why is change request #{change.id} {status.value}?"
        self.app.push_screen(TextPromptModal(question, required=True), answered)
