"""The export dialog: what to export (the calendar, or a list), in which format, for which project, to which file.

It writes through the same service as ``supportpm export``; a file that cannot
be written is said next to the file's field, and nothing is left behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.widgets import Button, Input

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.services.exports import ALL_FORMATS, CALENDAR, KINDS, check_export, default_export_path
from supportpm_tui.ui.modals.form import FormField, FormModal
from supportpm_tui.ui.session import session_of

if TYPE_CHECKING:
    from pathlib import Path

    from supportpm_tui.services.exports import Export


def export_fields(project: str | None = None, file: str = "") -> list[FormField]:
    """Return the export dialog's fields: what, format, project, since (the log only) and the file."""
    return [
        FormField(
            "what", "What", CALENDAR, kind="choice", required=True, choices=(CALENDAR, *KINDS), aliases=("kind",)
        ),
        FormField(
            "format",
            "Format",
            "ics",
            kind="choice",
            required=True,
            choices=ALL_FORMATS,
            help="ics for the calendar; csv, json or md (Markdown) for a list",
        ),
        FormField("project", "Project (empty: all)", project or "", kind="choice", source="project"),
        FormField("since", "Since (the log only)", kind="date", placeholder="2026-12-01, fri, last fri"),
        FormField("file", "File", file, required=True, aliases=("out",)),
    ]


def fits(values: dict[str, Any]) -> None:
    """Check that what, format, project and since go together; raise FieldError naming the field to change."""
    check_export(values.get("format") or "", values.get("what"), values.get("project"), values.get("since"))


class ExportModal(FormModal):
    """Export the calendar or a list to a file: the same files as ``supportpm export``."""

    def __init__(self, project: str | None = None) -> None:
        self.offered = str(default_export_path(CALENDAR, "ics"))
        super().__init__("Export", export_fields(project, self.offered), self._submit, rules=[fits], what="export")

    def on_mount(self) -> None:
        self.query_one("#save", Button).label = "Export"

    @on(Input.Changed, "#field-what, #field-format")
    def _choice_changed(self) -> None:
        """Offer a file named after what and the format chosen, unless a file name was typed."""
        file = self.query_one("#field-file", Input)
        if file.value != self.offered:
            return
        what = self.raw("what").strip() or CALENDAR
        fmt = self.raw("format").strip() or "ics"
        if what in (CALENDAR, *KINDS) and fmt in ALL_FORMATS:
            self.offered = str(default_export_path(what, fmt))
            file.value = self.offered

    def _submit(self, form: FormModal, values: dict[str, Any]) -> None:
        self._export(values)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, values: dict[str, Any]) -> None:
        from supportpm_tui.services.exports import export_text, write_export

        try:
            result = export_text(
                session_of(self.app).store, values["format"], values["what"], values["project"], values["since"]
            )
        except UserError as error:
            self.app.call_from_thread(self.fail, error)
            return
        try:
            path = write_export(values["file"], result, "file")
        except UserError as error:
            message = str(error).removeprefix("file: ")
            self.app.call_from_thread(self.fail, FieldError("file", message))
            return
        self.app.call_from_thread(self._written, result, path)

    def _written(self, result: Export, path: Path) -> None:
        what = "events" if result.kind == CALENDAR else "rows"
        self.app.notify(f"Exported {result.count} {what} to {path}", title="Export", timeout=6)
        self.done()
