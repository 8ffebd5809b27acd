"""Reports previewed before they are sent: a project's status update (its sentence can be rewritten) and the
leadership summary (for a chosen month); each can be recorded as sent, copied or saved to a file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    from supportpm_tui.services.summary import SummaryReport


class _ReportModal(ModalScreen[None]):
    """A report previewed in Markdown above its buttons, with one field that changes it."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="report.close"),
        Binding("ctrl+s", "record", "Record as sent", id="report.record"),
        Binding("ctrl+y", "copy", "Copy", id="report.copy"),
        Binding("ctrl+o", "save", "Save to a file", id="report.save"),
    ]
    TITLE = ""
    FIELD_LABEL = ""
    FIELD_HINT = ""
    WHAT = "report"  # as the notices name it

    def __init__(self) -> None:
        super().__init__()
        self.report: Any = None

    def compose(self) -> ComposeResult:
        with Vertical(id="report", classes="dialog"):
            yield Static(self.title_text(), classes="dialog-title", markup=False)
            yield Label(self.FIELD_LABEL, classes="field-label", markup=False)
            yield Input(self.first_value(), id="report-field", placeholder=self.FIELD_HINT)
            yield Static("", id="report-error", classes="field-error", markup=False)
            with VerticalScroll(id="report-preview"):
                yield Static(f"Writing the {self.WHAT}…", id="report-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record as sent", variant="primary", id="record")
                yield Button("Copy", id="copy")
                yield Button("Save…", id="save")
                yield Button("Close", id="close")
            yield Static("ctrl+s record · ctrl+y copy · ctrl+o save · esc close", classes="field-hint", markup=False)

    def first_value(self) -> str:
        """Return what the field holds when the preview opens."""
        return ""

    def title_text(self) -> str:
        """Return the dialog's title."""
        return self.TITLE

    def on_mount(self) -> None:
        self.query_one("#report-field", Input).focus()
        self._load()

    @property
    def field_value(self) -> str:
        """Return what the field holds, stripped."""
        return self.query_one("#report-field", Input).value.strip()

    @work(thread=True, exclusive=True, group="report-preview", exit_on_error=False)
    def _load(self) -> None:
        try:
            report = self.build(session_of(self.app).store)
        except UserError as error:
            self.app.call_from_thread(self._show_error, str(error))
            return
        self.app.call_from_thread(self._show, report)

    def build(self, store: Store) -> Any:
        """Return the report (in a worker thread)."""
        raise NotImplementedError

    def render_text(self) -> str:
        """Return the report's Markdown as it would be sent."""
        raise NotImplementedError

    def _show(self, report: Any) -> None:
        self.report = report
        self.shown(report)
        self._preview()

    def shown(self, report: Any) -> None:
        """Fill the field from a report just written."""

    def _show_error(self, message: str) -> None:
        self.query_one("#report-error", Static).update(message)

    @property
    def text(self) -> str:
        """Return the report as it would be sent."""
        return "" if self.report is None else self.render_text()

    def _preview(self) -> None:
        self.query_one("#report-text", Static).update(self.text)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        action = {"record": self.action_record, "copy": self.action_copy, "save": self.action_save}
        action.get(event.button.id or "", self.action_close)()

    def action_record(self) -> None:
        """Record that this report was sent today (undoable)."""

    def _recorded(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        """Copy the report, as Markdown, to the clipboard."""
        if self.report is not None:
            self.app.copy_to_clipboard(self.text)
            self.app.notify(f"{self.WHAT.capitalize()} copied", timeout=3)

    def file_name(self) -> str:
        """Return the file name offered when saving."""
        return f"{self.WHAT.replace(' ', '-')}-{clock.today().isoformat()}.md"

    def action_save(self) -> None:
        """Ask for a file name and write the report there."""
        if self.report is None:
            return
        self.app.push_screen(
            TextPromptModal(f"Save the {self.WHAT} to", self.file_name(), "a file name"), self._save_to
        )

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


class StatusReportModal(_ReportModal):
    """The selected project's status update: its one sentence can be rewritten before it is recorded or sent."""

    FIELD_LABEL = "Status in one sentence"
    FIELD_HINT = "worked out from the plan"
    WHAT = "status update"

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.report: StatusReport | None = None

    def title_text(self) -> str:
        return f"Status update · {self.key}"

    def build(self, store: Store) -> StatusReport:
        from supportpm_tui.services.reports import status_report

        return status_report(store, self.key)

    def shown(self, report: StatusReport) -> None:
        self.query_one("#report-field", Input).value = report.status

    def render_text(self) -> str:
        from supportpm_tui.services.reports import render_status

        assert self.report is not None
        return render_status(self.report, self.field_value or None)

    @on(Input.Changed, "#report-field")
    def _status_changed(self) -> None:
        self.query_one("#report-error", Static).update("")
        self._preview()

    def file_name(self) -> str:
        return f"{self.key}-status-{clock.today().isoformat()}.md"

    def action_record(self) -> None:
        """Record that this update was sent today (undoable)."""
        from supportpm_tui.services.reports import record_status

        if self.report is None:
            return
        sentence = self.field_value
        if not sentence:
            self._show_error("Say the status in one sentence before recording it.")
            return
        text, key = self.text, self.report.project

        def record(store: Store) -> object:
            return record_status(store, key, sentence, text)

        self.app.post_message(
            messages.WriteRequested(record, done=self._recorded, success=f"{key}: status update recorded")
        )


class SummaryReportModal(_ReportModal):
    """The leadership summary of a month (default this one), recorded so the next one shows the trends."""

    TITLE = "Leadership summary"
    FIELD_LABEL = "Month (YYYY-MM; enter writes it)"
    FIELD_HINT = "this month"
    WHAT = "leadership summary"

    def __init__(self) -> None:
        super().__init__()
        self.report: SummaryReport | None = None

    def first_value(self) -> str:
        return f"{clock.today():%Y-%m}"

    def build(self, store: Store) -> SummaryReport:
        from supportpm_tui.services.summary import leadership_summary

        return leadership_summary(store, self.field_value or None)

    def render_text(self) -> str:
        from supportpm_tui.services.summary import render_summary

        assert self.report is not None
        return render_summary(self.report)

    @on(Input.Submitted, "#report-field")
    def _month_given(self) -> None:
        self.query_one("#report-error", Static).update("")
        self._load()

    @on(Input.Changed, "#report-field")
    def _month_changed(self) -> None:
        """A month typed but not yet written: nothing is recorded, copied or saved until enter writes it."""
        if self.report is not None and self.field_value != self.report.month:
            self.report = None
            self.query_one("#report-text", Static).update(f"Press enter to write the summary of {self.field_value}.")

    def _show_error(self, message: str) -> None:
        super()._show_error(message)
        self.report = None
        self.query_one("#report-text", Static).update("")

    def file_name(self) -> str:
        month = self.report.month if self.report is not None else f"{clock.today():%Y-%m}"
        return f"leadership-summary-{month}.md"

    def action_record(self) -> None:
        """Record that this summary was sent today (undoable): the next one's trends start from it."""
        from supportpm_tui.services.summary import record_summary

        report = self.report
        if report is None:
            return
        text = self.text

        def record(store: Store) -> object:
            return record_summary(store, report, text)

        self.app.post_message(
            messages.WriteRequested(record, done=self._recorded, success="Leadership summary recorded")
        )
