"""Import… from the palette: pick a format and a file, see what would be created and updated, then import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.ui import messages
from supportpm_tui.ui.session import session_of

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store
    from supportpm_tui.services.imports.apply import ImportSummary
    from supportpm_tui.services.imports.plan import ImportedPlan

FORMAT_CHOICES = [
    ("Jira CSV (issue navigator export)", "jira"),
    ("Redmine CSV", "redmine"),
    ("Taskwarrior JSON (task export)", "taskwarrior"),
    ("MS Project XML (MSPDI)", "mspdi"),
    ("Calendar (.ics): holidays or leave", "ics"),
]
SUFFIX_FORMAT = {".json": "taskwarrior", ".xml": "mspdi", ".ics": "ics"}


class ImportModal(ModalScreen[None]):
    """The import form: its preview is worked out as the fields change; nothing is written before Import."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    """Below 30 lines (a shared half screen, 80×24) the form closes up so its preview and buttons stay in view."""
    BINDINGS = [
        Binding("escape", "close", "Cancel", id="import.close"),
        Binding("ctrl+s", "import", "Import", id="import.run"),
    ]

    def __init__(self, project: str = "") -> None:
        super().__init__()
        self.project = project
        self.plan: ImportedPlan | None = None
        self.summary: ImportSummary | None = None
        self._asked = 0  # the preview last asked for: answers to earlier ones are dropped

    def compose(self) -> ComposeResult:
        with Vertical(id="import", classes="dialog"):
            yield Static("Import a plan", classes="dialog-title", markup=False)
            with Horizontal(classes="import-row"):
                yield Label("Format", classes="import-label")
                yield Select(FORMAT_CHOICES, value="jira", allow_blank=False, id="import-format", compact=True)
            with Horizontal(classes="import-row"):
                yield Label("File", classes="import-label")
                yield Input(placeholder="path of the exported file", id="import-file", compact=True)
            yield Static("", id="import-file-error", classes="field-error", markup=False)
            with Horizontal(classes="import-row"):
                yield Label("Project", classes="import-label")
                yield Input(self.project, placeholder="its key, e.g. LAP", id="import-project", compact=True)
            yield Static("", id="import-project-error", classes="field-error", markup=False)
            with Horizontal(classes="import-row"):
                yield Label("Person", classes="import-label")
                yield Input(
                    placeholder="whose leave a calendar holds (empty: everyone's holidays)",
                    id="import-person",
                    compact=True,
                )
            yield Static("", id="import-person-error", classes="field-error", markup=False)
            yield Checkbox("Add people the team does not have yet", id="import-create-people", compact=True)
            with VerticalScroll(id="import-preview"):
                yield Static("Give a file to see what it holds.", id="import-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", variant="primary", id="import-run", disabled=True)
                yield Button("Cancel", id="import-close")
            yield Static("ctrl+s import · esc cancel", classes="field-hint", markup=False)

    def on_mount(self) -> None:
        for ident in ("file", "project", "person"):
            self._field_error(ident, "")
        self.query_one("#import-file", Input).focus()

    # --- the preview ------------------------------------------------------------------------------

    def _value(self, ident: str) -> str:
        return self.query_one(f"#{ident}", Input).value.strip()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        if isinstance(event, Input.Changed) and event.input.id == "import-file":
            suffix = Path(event.value.strip()).suffix.lower()
            if suffix in SUFFIX_FORMAT:
                self.query_one("#import-format", Select).value = SUFFIX_FORMAT[suffix]
        self._preview()

    def _preview(self) -> None:
        for ident in ("file", "project", "person"):
            self._field_error(ident, "")
        self.query_one("#import-run", Button).disabled = True
        self.summary = None
        if not self._value("import-file"):
            self.query_one("#import-text", Static).update("Give a file to see what it holds.")
            return
        self.query_one("#import-text", Static).update("Reading the file…")
        self._asked += 1
        self._work_out(
            self._asked,
            str(self.query_one("#import-format", Select).value),
            self._value("import-file"),
            self._value("import-project"),
            self._value("import-person"),
            self.query_one("#import-create-people", Checkbox).value,
        )

    @work(thread=True, exclusive=True, group="import-preview", exit_on_error=False)
    def _work_out(self, asked: int, format: str, file: str, project: str, person: str, create_people: bool) -> None:
        from supportpm_tui.services.imports import load_plan
        from supportpm_tui.services.imports.apply import preview_plan
        from supportpm_tui.services.imports.plan import ImportFileError

        try:
            plan = load_plan(format, Path(file).expanduser(), person=person)
        except ImportFileError as error:
            self.app.call_from_thread(self._answer, asked, self._show_rows, [str(row) for row in error.errors])
            return
        except UserError as error:
            self.app.call_from_thread(self._answer, asked, self._show_field_error, "file", str(error))
            return
        try:
            summary = preview_plan(session_of(self.app).store, plan, project or None, create_people=create_people)
        except ImportFileError as error:
            self.app.call_from_thread(self._answer, asked, self._show_rows, [str(row) for row in error.errors])
            return
        except FieldError as error:
            where = error.field if error.field in ("project", "person") else "file"
            self.app.call_from_thread(self._answer, asked, self._show_field_error, where, error.message)
            return
        except UserError as error:
            self.app.call_from_thread(self._answer, asked, self._show_field_error, "file", str(error))
            return
        self.app.call_from_thread(self._answer, asked, self._show_summary, plan, summary, create_people)

    def _field_error(self, field: str, message: str) -> None:
        """Say ``message`` under the field (a field without one takes no line)."""
        shown = self.query_one(f"#import-{field}-error", Static)
        shown.update(message)
        shown.display = bool(message)

    def _answer(self, asked: int, show: Any, *args: Any) -> None:
        """Show a preview's answer unless the fields changed since it was asked (a later one is on its way)."""
        if asked == self._asked:
            show(*args)

    def _show_field_error(self, field: str, message: str) -> None:
        self._field_error(field, message)
        self.query_one("#import-text", Static).update("Nothing can be imported until this is put right.")

    def _show_rows(self, rows: list[str]) -> None:
        text = "The file cannot be imported (nothing will be written):\n" + "\n".join(f"  {r}" for r in rows)
        self.query_one("#import-text", Static).update(text)

    def _show_summary(self, plan: ImportedPlan, summary: ImportSummary, create_people: bool) -> None:
        self.plan, self.summary = plan, summary
        lines = [f"What {Path(self._value('import-file')).name} would do:", *(f"  {line}" for line in summary.lines())]
        blocked = bool(summary.unknown) and not create_people
        if blocked:
            lines.append("Tick “Add people” to add them, or put the names right in the file.")
        self.query_one("#import-text", Static).update("\n".join(lines))
        self.query_one("#import-run", Button).disabled = blocked

    # --- importing --------------------------------------------------------------------------------

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "import-run":
            self.action_import()
        else:
            self.action_close()

    def action_import(self) -> None:
        """Import what the preview shows, all or nothing."""
        if self.plan is None or self.summary is None or self.query_one("#import-run", Button).disabled:
            return
        from supportpm_tui.services.imports.apply import import_plan

        plan, project = self.plan, self.summary.project or None
        create_people = self.query_one("#import-create-people", Checkbox).value
        name = Path(self._value("import-file")).name

        def write(store: Store) -> object:
            return import_plan(store, plan, project, create_people=create_people)

        self.app.post_message(
            messages.WriteRequested(write, done=self._imported, failed=self._failed, success=f"Imported {name}")
        )

    def _imported(self) -> None:
        self.dismiss(None)

    def _failed(self, error: UserError) -> None:
        from supportpm_tui.services.imports.plan import ImportFileError

        rows = [str(row) for row in error.errors] if isinstance(error, ImportFileError) else [str(error)]
        self._show_rows(rows)
        self.query_one("#import-run", Button).disabled = True

    def action_close(self) -> None:
        """Close without importing."""
        self.dismiss(None)
