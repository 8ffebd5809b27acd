"""Capacity (key 5): who is overloaded, this week and the next seven — the support queue included."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Unpack

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from supportpm_tui.core.errors import UserError
from supportpm_tui.services.capacity import CapacityData, Cell, PersonLoad, WeekEntry, load_capacity, week_entries
from supportpm_tui.services.people import person_to_edit
from supportpm_tui.ui import messages
from supportpm_tui.ui.forms import Write
from supportpm_tui.ui.forms.capacity_view import threshold_form
from supportpm_tui.ui.forms.person import deactivate_person, edit_person_form, new_person_form
from supportpm_tui.ui.forms.tickets import ticket_import_form
from supportpm_tui.ui.forms.week_entry import ADD_CHOICES, add_entry_form, delete_entry, edit_entry_form
from supportpm_tui.ui.modals.dialogs import ConfirmModal, PickerModal
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.widgets.capacity_breakdown import CellBreakdown
from supportpm_tui.ui.widgets.capacity_grid import OVER_WIP, STATE_GLYPH, CapacityGrid, hours

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store

EMPTY = (
    "No people yet. Add the team with a (or ctrl+p → “New person…”, or supportpm person add NAME); "
    "their leave, on-call and ticket load then show here week by week."
)


class DetailPane(VerticalScroll, can_focus=False):
    """The selected cell's breakdown; never takes the keys from the grid."""


class CapacityScreen(BaseScreen[CapacityData]):
    """People × ISO weeks: utilisation, its breakdown, and the time that is not project time."""

    SCREEN_NAME = "Capacity"
    DRAWN_AHEAD = True
    LEGEND = (
        f"{STATE_GLYPH['overloaded']} overloaded   {STATE_GLYPH['strained']} strained   {STATE_GLYPH['ok']} ok   "
        f"∞ work but no time   — no time and no work   {OVER_WIP} over their WIP limit",
        "utilisation = demand ÷ available; available = contracted − leave − duty − queue; "
        "queue = the support reserve or the logged ticket load, whichever is larger",
    )
    BINDINGS = [
        Binding("up,k", "move(-1, 0)", "Previous person", show=False, id="capacity.previous_person"),
        Binding("down,j", "move(1, 0)", "Next person", show=False, id="capacity.next_person"),
        Binding("left,h", "move(0, -1)", "Previous week", show=False, id="capacity.previous_week"),
        Binding("right,l", "move(0, 1)", "Next week", show=False, id="capacity.next_week"),
        Binding("pageup", "move(-10, 0)", "Ten people up", show=False, id="capacity.page_up"),
        Binding("pagedown", "move(10, 0)", "Ten people down", show=False, id="capacity.page_down"),
        Binding("home", "move_to(0)", "First person", show=False, id="capacity.first_person"),
        Binding("end", "move_to(-1)", "Last person", show=False, id="capacity.last_person"),
        Binding("enter", "open_task", "Open a task", show=False, id="capacity.open_task"),
        Binding("n", "new", "New", id="capacity.new"),
        Binding("e", "edit", "Edit", id="capacity.edit"),
        Binding("d", "delete", "Delete", show=False, id="capacity.delete"),
        Binding("i", "import_tickets", "Import tickets", id="capacity.import_tickets"),
        Binding("a", "add_person", "Add person", id="capacity.add_person"),
        Binding("E", "edit_person", "Edit person", id="capacity.edit_person"),
        Binding("x", "deactivate_person", "Deactivate person", show=False, id="capacity.deactivate_person"),
        Binding("s", "sort", "Sort", id="capacity.sort"),
        Binding("o", "threshold", "Only over %", id="capacity.only_over"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: CapacityData | None = None
        self.sort = "name"
        self.threshold: float | None = None
        self.pending_select: int | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(EMPTY, id="capacity-empty", markup=False)
        with Horizontal(id="capacity"):
            yield CapacityGrid(id="capacity-grid")
            with DetailPane(id="capacity-detail"):
                yield CellBreakdown(id="capacity-breakdown")

    @property
    def grid(self) -> CapacityGrid:
        """Return the grid widget."""
        return self.query_one(CapacityGrid)

    def load_data(self) -> CapacityData:
        return load_capacity(self.session.store, self.session.filter, self.sort, self.threshold)

    def show_data(self, data: CapacityData) -> None:
        self.data = data
        self.query_one("#capacity-empty").display = data.empty_database
        self.grid.set_data(data.people, data.totals, data.weeks, data.today, keep=self.pending_select)
        self.pending_select = None
        self.fit_layout()
        self.show_breakdown()

    # --- fitting the width ----------------------------------------------------------------

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]  # the grid and its breakdown side by side need 130

    def fit_layout(self) -> None:
        """Below 130 cells the breakdown goes under the grid, which is as tall as its people (up to half the screen)."""
        grid = self.grid
        if self.has_class("-narrow"):
            rows = len(self.data.people) if self.data is not None else 8
            grid.styles.height = max(6, min(rows + 4, (self.size.height - 3) // 2 + 2))
        else:
            grid.styles.height = "1fr"

    # --- the selected cell ------------------------------------------------------------

    def show_breakdown(self) -> None:
        """Write the selected cell's breakdown and the tasks behind its demand."""
        self.query_one(CellBreakdown).show(self.data, self.grid.selected, self.grid.selected_cell)

    # --- keys ----------------------------------------------------------------------------

    def action_move(self, rows: int, columns: int) -> None:
        """Move the selection."""
        self.grid.move(rows, columns)
        self.show_breakdown()

    def action_move_to(self, row: int) -> None:
        """Select the first or the last person."""
        self.grid.move_to(row)
        self.show_breakdown()

    @on(CapacityGrid.Clicked)
    def _clicked(self) -> None:
        self.show_breakdown()

    def action_sort(self) -> None:
        """Sort by name, or by peak utilisation (highest first)."""
        self.sort = "peak" if self.sort == "name" else "name"
        self.notify(f"Sorted by {'peak utilisation' if self.sort == 'peak' else 'name'}", timeout=2)
        self.reload()

    def action_threshold(self) -> None:
        """Show only people whose peak utilisation reaches a threshold (empty shows everyone)."""
        self.app.push_screen(threshold_form(self.threshold, self._set_threshold))

    def _set_threshold(self, threshold: float | None) -> None:
        self.threshold = threshold
        self.reload()

    def action_open_task(self) -> None:
        """Open one of the selected cell's tasks on the Board (asks which when there are several)."""
        cell, data = self.grid.selected_cell, self.data
        if cell is None or data is None or not cell.tasks:
            self.notify("No tasks in this week.", timeout=3)
            return
        if len(cell.tasks) == 1:
            self.open_entry(f"task:{cell.tasks[0][0]}")
            return
        options = []
        for tid, task_hours in cell.tasks:
            info = data.tasks.get(tid)
            options.append((str(tid), f"{hours(task_hours):>5} h  #{tid} {info.title if info else '?'}"))

        def picked(tid: str | None) -> None:
            if tid is not None:
                self.open_entry(f"task:{tid}")

        self.app.push_screen(PickerModal("Open which task on the Board?", options), picked)

    # --- leave, duty and ticket load ------------------------------------------------------

    def _selection(self, action: Callable[[], None]) -> tuple[PersonLoad, Cell] | None:
        """Return the selected person and week; ``None`` when there is none (``action`` then runs once the grid has
        loaded, when it has not yet)."""
        if self.last_data is None:
            self.when_loaded(action)
            return None
        person, cell = self.grid.selected, self.grid.selected_cell
        if person is None or cell is None:
            self.notify("Add people first: ctrl+p → “New person…”.", timeout=4)
            return None
        return person, cell

    def _write_keeping(self, person: PersonLoad) -> Write:
        """Return a ``write`` that keeps ``person`` selected once the grid reloads."""

        def write(action: Callable[[Store], object], **options: Unpack[messages.WriteOptions]) -> None:
            self.pending_select = person.id
            self.write(action, **options)

        return write

    def action_new(self) -> None:
        """Add leave, duty or ticket load for the selected person and week."""
        selection = self._selection(self.action_new)
        if selection is None:
            return
        person, cell = selection

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.app.push_screen(add_entry_form(self._write_keeping(person), person.name, cell.week, choice))

        title = f"Add for {person.name}, week {cell.week.isocalendar()[1]}"
        self.app.push_screen(PickerModal(title, ADD_CHOICES), picked)

    def action_edit(self) -> None:
        """Edit one of the leave, duty or ticket-load entries of the selected cell."""
        self._pick_entry("edit")

    def action_delete(self) -> None:
        """Delete one of the leave, duty or ticket-load entries of the selected cell (asks to confirm)."""
        self._pick_entry("delete")

    @work(thread=True, group="entries", exclusive=True, exit_on_error=False)
    def _pick_entry(self, purpose: str) -> None:
        person, cell = self.grid.selected, self.grid.selected_cell
        if person is None or cell is None:
            return
        try:
            entries = week_entries(self.session.store, person.name, cell.week)
        except UserError as exc:
            self.app.call_from_thread(self.report, exc)
            return
        self.app.call_from_thread(self._choose_entry, purpose, person, cell, entries)

    def _choose_entry(self, purpose: str, person: PersonLoad, cell: Cell, entries: list[WeekEntry]) -> None:
        if not entries:
            self.notify(f"No leave, duty or ticket load for {person.name} that week. Press n to add some.", timeout=4)
            return
        by_key = {e.key: e for e in entries}

        def picked(key: str | None) -> None:
            entry = by_key.get(key or "")
            if entry is None:
                return
            if purpose == "delete":
                self._confirm_delete(entry)
            else:
                self.app.push_screen(edit_entry_form(self._write_keeping(person), person.name, cell.week, entry))

        title = f"{purpose.title()} which entry? ({person.name}, week {cell.week.isocalendar()[1]})"
        self.app.push_screen(PickerModal(title, [(k, e.label) for k, e in by_key.items()]), picked)

    def _confirm_delete(self, entry: WeekEntry) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                delete_entry(self.write, entry)

        self.app.push_screen(ConfirmModal(f"Delete {entry.label}?"), answered)

    # --- people ---------------------------------------------------------------------------

    def action_add_person(self) -> None:
        """Add a person to the team: name, role, hours, support reserve, WIP limit and skills."""
        self.app.push_screen(new_person_form(self.write))

    def action_edit_person(self) -> None:
        """Edit the selected person (their name, role, hours, reserve, WIP limit, skills, or whether active)."""
        selection = self._selection(self.action_edit_person)
        if selection is not None:
            self._open_person(selection[0])

    @work(thread=True, group="person", exclusive=True, exit_on_error=False)
    def _open_person(self, person: PersonLoad) -> None:
        try:
            record, version = person_to_edit(self.session.store, person.name)
        except UserError as exc:
            self.app.call_from_thread(self.report, exc)
            return
        form = edit_person_form(self._write_keeping(person), record, version)
        self.app.call_from_thread(self.app.push_screen, form)

    def action_deactivate_person(self) -> None:
        """Mark the selected person inactive (asks first): they leave the grid, their open cards become unassigned."""
        selection = self._selection(self.action_deactivate_person)
        if selection is None:
            return
        name = selection[0].name

        def answered(yes: bool | None) -> None:
            if yes:
                deactivate_person(self.write, name)

        details = [
            "They leave Capacity and come last in the pickers, marked inactive.",
            "Their open cards stay theirs on the Board but count as unassigned work in the plan.",
            "u undoes it; Edit person (E) or supportpm person edit makes them active again.",
        ]
        modal = ConfirmModal(f"Deactivate {name}?", "Deactivate", details, variant="warning")
        self.app.push_screen(modal, answered)

    def action_import_tickets(self) -> None:
        """Import ticket load from a CSV file (person, week, tickets and/or hours)."""
        self.app.push_screen(ticket_import_form(self.write, self._report_import))

    def _report_import(self, message: str) -> None:
        """Say what an import brought in (called from the worker that imported it)."""
        self.app.call_from_thread(self.notify, message, timeout=4)
