"""Projects (key 6): every project's health, progress, budget and readiness; the selected one's page and checklist.

The table lists the projects; below it, the selected project's page (health
and why, the scope statement with its READINESS line, budget, progress,
milestones and their open gates, open registers, workstreams) beside its
rollout checklist. ``tab`` moves between the table and the checklist; the
checklist's keys work while it has the focus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.filtering import Filter
from supportpm_tui.services.checklists import ChecklistRecord
from supportpm_tui.services.project_page import ProjectPage, ProjectSummary, project_page, project_summaries
from supportpm_tui.ui.forms.checklist import edit_item_form, new_item_form
from supportpm_tui.ui.forms.project import edit_project_form, new_project_form, scope_form
from supportpm_tui.ui.forms.workstream import move_workstream_form, new_workstream_form, rename_workstream_form
from supportpm_tui.ui.modals.dialogs import ConfirmModal, PickerModal
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.themes import text_colours
from supportpm_tui.ui.widgets.lists import Table
from supportpm_tui.ui.widgets.project_page import (
    CHECKLIST_COLUMNS,
    COLUMNS,
    ChecklistTable,
    checklist_cells,
    page_text,
    project_cells,
)

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store

SORTS = ("key", "rag", "target", "quadrant")
SORT_WORDS = {
    "key": "key",
    "rag": "RAG (red first)",
    "target": "target date",
    "quadrant": "quadrant (quick wins first)",
}
EMPTY = "No projects yet. Press n to add one (or supportpm project add KEY NAME)."
NOTHING_SELECTED = "Select a project to see its page."


@dataclass(frozen=True)
class ProjectsData:
    """The projects the filter lets through, in the chosen order, and the selected one's page."""

    rows: list[ProjectSummary]
    page: ProjectPage | None
    empty_database: bool


class PagePane(VerticalScroll, can_focus=False):
    """The selected project's page; never takes the keys from the table."""


class ProjectsScreen(BaseScreen[ProjectsData]):
    """Projects, their health, scope and readiness, budget, progress, workstreams and rollout checklist."""

    SCREEN_NAME = "Projects"
    LEGEND = (
        "RAG: RED · AMBER · GREEN (* set by hand); progress: milestones done/all · hours left on open cards; "
        "budget: spent (entered + logged hours × rate) as % of the budget",
        "ready: the scope states its goal, in and out of scope, stakeholders, success criteria and approval path; "
        "a checklist item gates its milestone until done",
    )
    BINDINGS = [
        Binding("s", "sort", "Sort", id="projects.sort"),
        Binding("n", "new", "New project", id="projects.new"),
        Binding("e", "edit", "Edit project", id="projects.edit"),
        Binding("c", "scope", "Scope", id="projects.scope"),
        Binding("a", "add_item", "Add item", id="projects.checklist_add"),
        Binding("o", "registers", "Registers", id="projects.registers"),
        Binding("r", "report", "Status update", id="projects.report"),
        Binding("g", "reports", "Burndown & metrics", id="projects.reports"),
        Binding("w", "add_workstream", "Add workstream", show=False, id="projects.workstream_add"),
        Binding("W", "rename_workstream", "Rename workstream", show=False, id="projects.workstream_rename"),
        Binding("m", "move_workstream", "Move workstream", show=False, id="projects.workstream_move"),
        Binding("D", "delete_workstream", "Delete workstream", show=False, id="projects.workstream_delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: ProjectsData | None = None
        self.sort = "key"
        self.selected_key: str | None = None
        self.page: ProjectPage | None = None
        self.pending_item: int | None = None  # the checklist item to select once the page shows
        self._table_shows: list[tuple[str, tuple[Text, ...]]] | None = None  # the rows the table holds
        self._checklist_shows: list[tuple[str, tuple[Text, ...]]] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="projects-sort", markup=False)
        yield Static(EMPTY, id="projects-empty", markup=False)
        yield Table(id="projects-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="projects-lower"):
            with PagePane(id="projects-page"):
                yield Static(NOTHING_SELECTED, id="project-page", markup=False)
            with Vertical(id="projects-side"):
                yield Static("Rollout checklist", id="checklist-title", markup=False)
                yield ChecklistTable(id="checklist-table", cursor_type="row")
                yield Static("", id="checklist-detail", markup=False)

    def on_mount(self) -> None:
        self.table.add_columns(*COLUMNS)
        self.checklist.add_columns(*CHECKLIST_COLUMNS)
        self.query_one("#projects-empty").display = False
        self._say_sort()

    @property
    def table(self) -> DataTable[Any]:
        """Return the table of projects."""
        return self.query_one("#projects-table", DataTable)

    @property
    def checklist(self) -> ChecklistTable:
        """Return the selected project's checklist."""
        return self.query_one(ChecklistTable)

    # --- loading ---------------------------------------------------------------------------

    def load_data(self) -> ProjectsData:
        store = self.session.store
        every = project_summaries(store, self.sort)
        wanted = self.session.filter
        rows = [row for row in every if _passes(wanted, row)]
        keys = [row.project.key for row in rows]
        key = self.selected_key if self.selected_key in keys else (keys[0] if keys else None)
        summary = next((row for row in rows if row.project.key == key), None)
        page = self._read_page(store, key, summary)
        return ProjectsData(rows, page, not every)

    @staticmethod
    def _read_page(store: Store, key: str | None, summary: ProjectSummary | None = None) -> ProjectPage | None:
        if key is None:
            return None
        try:
            return project_page(store, key, summary)
        except UserError:  # deleted meanwhile
            return None

    def show_data(self, data: ProjectsData) -> None:
        self.data = data
        self.query_one("#projects-empty").display = data.empty_database
        colours = text_colours(self.app)
        marks = self.session.marks
        accent = f"bold {colours.get('accent', '')}"
        table = self.table
        keys = [row.project.key for row in data.rows]
        keep = data.page.summary.project.key if data.page is not None else None
        rows: list[tuple[str, tuple[Text, ...]]] = []
        for row in data.rows:
            cells = project_cells(row, colours)
            if marks.is_marked("project", row.project.id):
                cells = [Text.assemble(("✱ ", accent), cells[0]), *cells[1:]]
            rows.append((row.project.key, tuple(cells)))
        if rows != self._table_shows:  # rows as shown keep the lines the table drew of them
            self._table_shows = rows
            table.clear()
            for key, shown in rows:
                table.add_row(*shown, key=key)
        if keep in keys:
            table.move_cursor(row=keys.index(keep))
        self.selected_key = keep
        self.show_page(data.page)

    def show_page(self, page: ProjectPage | None) -> None:
        """Show a project's page and checklist (keeping the selected item), or ask for a project."""
        self.page = page
        registers = self.app.get_key_display(Binding("o", "registers"))
        text: Text | str = NOTHING_SELECTED if page is None else page_text(page, text_colours(self.app), registers)
        self.query_one("#project-page", Static).update(text)
        checklist = self.checklist
        keep = self.pending_item
        if keep is None:
            keep = self._selected_item_id()
        self.pending_item = None
        items = page.checklist if page is not None else []
        colours = text_colours(self.app)
        rows = [(str(item.id), tuple(checklist_cells(item, colours))) for item in items]
        if rows != self._checklist_shows:
            self._checklist_shows = rows
            checklist.clear()
            for key, cells in rows:
                checklist.add_row(*cells, key=key)
        ids = [item.id for item in items]
        if keep in ids:
            checklist.move_cursor(row=ids.index(keep))
        title = "Rollout checklist"
        if page is not None:
            done = sum(1 for item in items if item.done)
            title = f"Rollout checklist · {page.summary.project.key} · {done}/{len(items)} done"
        self.query_one("#checklist-title", Static).update(title)
        self._show_item_detail()

    def _say_sort(self) -> None:
        order = " → ".join(SORTS)
        self.query_one("#projects-sort", Static).update(f"Sorted by {SORT_WORDS[self.sort]}   (s: {order})")

    # --- selection ------------------------------------------------------------------------

    def selected_row(self) -> ProjectSummary | None:
        """Return the selected project's row, if any."""
        table = self.table
        if self.data is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((row for row in self.data.rows if row.project.key == key), None)

    def selected_item(self) -> ChecklistRecord | None:
        """Return the selected checklist item, if any."""
        ident = self._selected_item_id()
        items = self.page.checklist if self.page is not None else []
        return next((item for item in items if item.id == ident), None)

    def _selected_item_id(self) -> int | None:
        checklist = self.checklist
        if not checklist.row_count:
            return None
        key = checklist.coordinate_to_cell_key(Coordinate(checklist.cursor_row, 0)).row_key.value
        return int(key) if key else None

    @on(DataTable.RowHighlighted, "#projects-table")
    def _project_highlighted(self) -> None:
        row = self.selected_row()
        if row is None or row.project.key == self.selected_key:
            return
        self.selected_key = row.project.key
        self.load_page(row.project.key)

    @on(DataTable.RowHighlighted, "#checklist-table")
    def _item_highlighted(self) -> None:
        self._show_item_detail()

    def _show_item_detail(self) -> None:
        item = self.selected_item()
        detail = ""
        if item is not None:
            parts = [item.title]
            if item.done and item.done_date:
                parts.append(f"done {item.done_date}")
            if item.milestone:
                parts.append(f"gates {item.milestone}")
            if item.note:
                parts.append(item.note)
            detail = " · ".join(parts)
        self.query_one("#checklist-detail", Static).update(detail)

    def load_page(self, key: str) -> None:
        """Load project ``key``'s page in a worker, then show it."""
        self.run_worker(
            lambda: self._page_in_thread(key), thread=True, exclusive=True, group="project-page", exit_on_error=False
        )

    def _page_in_thread(self, key: str) -> None:
        page = self._read_page(self.session.store, key)
        self.app.call_from_thread(self._page_loaded, key, page)

    def _page_loaded(self, key: str, page: ProjectPage | None) -> None:
        if key == self.selected_key:
            self.show_page(page)

    # --- the table's keys -------------------------------------------------------------------

    def action_sort(self) -> None:
        """Sort by key, then RAG, then target date, then quadrant (each press the next)."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._say_sort()
        self.reload()

    def action_new(self) -> None:
        """Add a project."""
        self.app.push_screen(new_project_form(self.write))

    def _project(self) -> ProjectSummary | None:
        page = self.page
        if page is None:
            self.notify("No project selected. Press n to add one.", timeout=3)
            return None
        return page.summary

    def action_edit(self) -> None:
        """Edit the selected project: name, status, owner, sponsor, dates, budget, rate, priorities, RAG override."""
        row = self._project()
        if row is not None:
            self.app.push_screen(edit_project_form(self.write, row.project))

    def action_scope(self) -> None:
        """Edit the selected project's scope statement (several lines each; ctrl+s saves)."""
        row = self._project()
        if row is not None:
            self.app.push_screen(scope_form(self.write, row.project))

    def action_report(self) -> None:
        """Preview the selected project's status update: rewrite its status, record it, copy or save it."""
        from supportpm_tui.ui.modals.report import StatusReportModal

        row = self._project()
        if row is not None:
            self.app.push_screen(StatusReportModal(row.project.key))

    def action_reports(self) -> None:
        """Show the selected project's burndown, metrics and post-implementation review."""
        from supportpm_tui.ui.screens.project_reports import ProjectReportsScreen

        row = self._project()
        if row is not None:
            self.app.push_screen(ProjectReportsScreen(row.project.key))

    def action_registers(self) -> None:
        """Show the selected project's risks, issues and change requests on the Risks screen."""
        row = self._project()
        if row is not None:
            self.apply_filter(Filter(project=row.project.key), show="risks")

    # --- workstreams ----------------------------------------------------------------------

    def action_add_workstream(self) -> None:
        """Add a workstream (a phase, site or device group) to the selected project."""
        row = self._project()
        if row is not None:
            self.app.push_screen(new_workstream_form(self.write, row.project.key))

    def _pick_workstream(self, purpose: str, then: Any) -> None:
        row = self._project()
        if row is None:
            return
        names = row.project.workstreams
        if not names:
            self.notify(f"{row.project.key} has no workstreams. Press w to add one.", timeout=3)
            return

        def picked(name: str | None) -> None:
            if name is not None:
                then(row.project.key, names, name)

        options = [(name, f"{i}. {name}") for i, name in enumerate(names, 1)]
        self.app.push_screen(PickerModal(f"{purpose} which workstream of {row.project.key}?", options), picked)

    def action_rename_workstream(self) -> None:
        """Rename one of the selected project's workstreams."""
        self._pick_workstream(
            "Rename", lambda key, _names, name: self.app.push_screen(rename_workstream_form(self.write, key, name))
        )

    def action_move_workstream(self) -> None:
        """Move one of the selected project's workstreams to another place in their order."""
        self._pick_workstream(
            "Move", lambda key, names, name: self.app.push_screen(move_workstream_form(self.write, key, names, name))
        )

    def action_delete_workstream(self) -> None:
        """Delete one of the selected project's workstreams (asks to confirm; refused while milestones are in it)."""
        from supportpm_tui.services.projects import delete_workstream

        def confirm(key: str, _names: list[str], name: str) -> None:
            def answered(yes: bool | None) -> None:
                if yes:
                    self.write(lambda store: delete_workstream(store, key, name), success=f"workstream {name} deleted")

            self.app.push_screen(ConfirmModal(f"Delete workstream {name} of {key}?"), answered)

        self._pick_workstream("Delete", confirm)

    # --- the checklist ----------------------------------------------------------------------

    def _will_select_item(self, item_id: int) -> None:
        self.pending_item = item_id

    def action_add_item(self) -> None:
        """Add an item at the end of the selected project's rollout checklist."""
        row = self._project()
        if row is not None:
            self.app.push_screen(new_item_form(self.write, row.project.key, self._will_select_item))

    def _item(self) -> ChecklistRecord | None:
        item = self.selected_item()
        if item is None:
            self.notify("No checklist item selected. Press a to add one.", timeout=3)
        return item

    def action_edit_item(self) -> None:
        """Edit the selected checklist item: title, owner, due date, the milestone it gates, note."""
        item, page = self._item(), self.page
        if item is not None and page is not None:
            self.app.push_screen(edit_item_form(self.write, page.summary.project.key, item))

    def action_toggle_item(self) -> None:
        """Mark the selected checklist item done (today), or not done."""
        from supportpm_tui.services.checklists import set_done

        item = self._item()
        if item is None:
            return
        self.pending_item = item.id
        said = "not done" if item.done else "done"
        self.write(lambda store: set_done(store, item.id, not item.done), success=f"“{item.title}” {said}")

    def action_move_item(self, steps: int) -> None:
        """Move the selected checklist item up or down its list."""
        from supportpm_tui.services.checklists import move_item

        item = self._item()
        if item is None:
            return
        self.pending_item = item.id
        self.write(lambda store: move_item(store, item.id, steps))

    def action_delete_item(self) -> None:
        """Delete the selected checklist item (asks to confirm)."""
        from supportpm_tui.services.checklists import delete_item

        item = self._item()
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda store: delete_item(store, item.id), success=f"checklist item “{item.title}” deleted")

        self.app.push_screen(ConfirmModal(f"Delete checklist item “{item.title}”?"), answered)

    def help_keys(self) -> list[tuple[str, str, str]]:
        """Return the screen's keys and the checklist's, whichever has the focus now."""
        keys = super().help_keys()
        listed = {binding_id for _, _, binding_id in keys}
        for item in ChecklistTable.BINDINGS:
            if isinstance(item, Binding) and item.id and item.id not in listed:
                listed.add(item.id)
                shown = " / ".join(self.app.get_key_display(Binding(k, item.action)) for k in item.key.split(","))
                keys.append((shown, f"{item.description} (checklist)", item.id))
        return keys


def _passes(wanted: Filter, row: ProjectSummary) -> bool:
    """Return whether a project passes the filter: its key, owner and words (a project has no tags)."""
    p = row.project
    return (
        wanted.wants_project(p.key)
        and wanted.wants_person(p.owner)
        and wanted.wants_words(p.key, p.name, p.owner, p.sponsor, p.status, p.goal)
    )
