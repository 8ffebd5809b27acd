"""A project's status update, previewed before it is sent: edit the status, record it, copy it or save it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.ui import messages
from supportpm_tui.ui.modals.dialogs import TextPromptModal
from supportpm_tui.ui.session import session_of

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store
    from supportpm_tui.services.reports import StatusReport


class StatusReportModal(ModalScreen[None]):
    """The selected project's status update: its one sentence can be rewritten before it is recorded or sent."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="report.close"),
        Binding("ctrl+s", "record", "Record as sent", id="report.record"),
        Binding("ctrl+y", "copy", "Copy", id="report.copy"),
        Binding("ctrl+o", "save", "Save to a file", id="report.save"),
    ]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.report: StatusReport | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="report", classes="dialog"):
            yield Static(f"Status update · {self.key}", classes="dialog-title", markup=False)
            yield Label("Status in one sentence", classes="field-label", markup=False)
            yield Input("", id="report-status", placeholder="worked out from the plan")
            yield Static("", id="report-error", classes="field-error", markup=False)
            with VerticalScroll(id="report-preview"):
                yield Static("Writing the update…", id="report-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record as sent", variant="primary", id="record")
                yield Button("Copy", id="copy")
                yield Button("Save…", id="save")
                yield Button("Close", id="close")
            yield Static("ctrl+s record · ctrl+y copy · ctrl+o save · esc close", classes="field-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#report-status", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="status-report", exit_on_error=False)
    def _load(self) -> None:
        from supportpm_tui.services.reports import status_report

        try:
            report = status_report(session_of(self.app).store, self.key)
        except UserError as error:
            self.app.call_from_thread(self._show_error, str(error))
            return
        self.app.call_from_thread(self._show, report)

    def _show(self, report: StatusReport) -> None:
        self.report = report
        self.query_one("#report-status", Input).value = report.status
        self._preview()

    def _show_error(self, message: str) -> None:
        self.query_one("#report-error", Static).update(message)

    @property
    def text(self) -> str:
        """Return the update as it would be sent, with the sentence as typed."""
        from supportpm_tui.services.reports import render_status

        if self.report is None:
            return ""
        return render_status(self.report, self.query_one("#report-status", Input).value.strip() or None)

    def _preview(self) -> None:
        self.query_one("#report-text", Static).update(self.text)

    @on(Input.Changed, "#report-status")
    def _status_changed(self) -> None:
        self.query_one("#report-error", Static).update("")
        self._preview()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        action = {"record": self.action_record, "copy": self.action_copy, "save": self.action_save}
        action.get(event.button.id or "", self.action_close)()

    def action_record(self) -> None:
        """Record that this update was sent today (undoable)."""
        from supportpm_tui.services.reports import record_status

        if self.report is None:
            return
        sentence = self.query_one("#report-status", Input).value.strip()
        if not sentence:
            self._show_error("Say the status in one sentence before recording it.")
            return
        text, key = self.text, self.report.project

        def record(store: Store) -> object:
            return record_status(store, key, sentence, text)

        self.app.post_message(
            messages.WriteRequested(record, done=self._recorded, success=f"{key}: status update recorded")
        )

    def _recorded(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        """Copy the update, as Markdown, to the clipboard."""
        if self.report is not None:
            self.app.copy_to_clipboard(self.text)
            self.app.notify("Status update copied", timeout=3)

    def action_save(self) -> None:
        """Ask for a file name and write the update there."""
        if self.report is None:
            return
        name = f"{self.key}-status-{clock.today().isoformat()}.md"
        self.app.push_screen(TextPromptModal("Save the update to", name, "a file name"), self._save_to)

    def _save_to(self, given: str | None) -> None:
        from supportpm_tui.services.reports import save_text

        if not given:
            return
        try:
            path = save_text(given, self.text)
        except UserError as error:
            self._show_error(str(error))
            return
        self.app.notify(f"Saved to {path}", timeout=4)

    def action_close(self) -> None:
        """Close without recording."""
        self.dismiss(None)
