"""What the three tabs of the Risks screen share: a table of one register, a line of detail, and the keys on them.

Each tab (:class:`~supportpm_tui.ui.widgets.risk_register.RiskRegister`,
:class:`~supportpm_tui.ui.widgets.issue_log.IssueLog`,
:class:`~supportpm_tui.ui.widgets.change_requests.ChangeRequests`) is a tab
pane with its own bindings and actions, so its keys work while it shows. It
never reads the database: the screen hands it its part of the loaded
registers, and it posts its writes to the app as messages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, Unpack

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Static, TabPane

from supportpm_tui.ui import messages
from supportpm_tui.ui.forms import KeepSelected, Write
from supportpm_tui.ui.modals.dialogs import ConfirmModal
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.session import session_of
from supportpm_tui.ui.themes import text_colours
from supportpm_tui.ui.widgets.heat_map import BAND_LEVEL
from supportpm_tui.ui.widgets.lists import Table

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store
    from supportpm_tui.services.registers import RegisterData


class Entry(Protocol):
    """A row of a register: a risk, an issue or a change request."""

    @property
    def id(self) -> int: ...

    @property
    def title(self) -> str: ...


RowT = TypeVar("RowT", bound=Entry)


FILL_STEP = 1000
"""Rows added to a table at once: a register of years of history (thousands of closed risks) fills in steps."""


def pane_bindings(prefix: str) -> list[Binding]:
    """Return the keys every tab has, their ids under ``prefix`` (``g`` is the screen's, the same on every tab)."""
    return [
        Binding("g", "next_tab", "Next tab", id="risks.next_tab"),
        Binding("n", "new", "New", id=f"{prefix}.new"),
        Binding("e,enter", "edit", "Edit", id=f"{prefix}.edit"),
        Binding("d", "delete", "Delete", id=f"{prefix}.delete"),
    ]


class RegisterPane(TabPane, Generic[RowT]):
    """One tab of the Risks screen: the table of a register with the selected row's detail below it."""

    NAME: ClassVar[str]
    """The register, as in its widgets' ids: ``risks`` has ``#risks-table`` and ``#risks-detail``."""
    ENTITY: ClassVar[str]
    """What a row is: the kind of entry (``risk:3``) shown on this tab, and the entity of its marks."""
    ALIASES: ClassVar[tuple[str, ...]] = ()
    """Other kinds of entry shown on this tab."""
    COLUMNS: ClassVar[tuple[str, ...]]

    @dataclass
    class NextTab(Message):
        """The user asked for the next tab."""

    def __init__(
        self,
        title: str,
        *,
        new_form: Callable[[Write, str, Sequence[str], KeepSelected], FormModal],
        edit_form: Callable[[Write, RowT, KeepSelected], FormModal],
        delete: Callable[[Store, int], object],
    ) -> None:
        """Make the tab called ``title``: ``new_form`` and ``edit_form`` make its forms, ``delete`` deletes a row."""
        super().__init__(title, id=f"tab-{self.NAME}")
        self.new_form = new_form
        self.edit_form = edit_form
        self.delete = delete
        self.rows: list[RowT] = []
        self.projects: list[str] = []
        self.loaded = False
        self.pending: int | None = None  # the row to select when the table is next filled

    def compose(self) -> ComposeResult:
        yield Table(id=f"{self.NAME}-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id=f"{self.NAME}-detail", classes="register-detail", markup=False)

    def on_mount(self) -> None:
        # The table is gone when the dashboard closes while this tab is still being mounted.
        for table in self.query(f"#{self.NAME}-table").results(DataTable):
            table.add_columns(*self.COLUMNS)

    @property
    def table(self) -> DataTable[Any]:
        """Return the register's table."""
        return self.query_one(f"#{self.NAME}-table", DataTable)

    # --- what the tab shows ----------------------------------------------------------------

    def rows_of(self, data: RegisterData) -> list[RowT]:
        """Return this tab's rows of ``data``."""
        raise NotImplementedError

    def cells(self, row: RowT) -> list[Text]:
        """Return the table's cells for ``row``."""
        raise NotImplementedError

    def detail(self, row: RowT) -> str:
        """Return the line of detail for the selected ``row``."""
        raise NotImplementedError

    def visible_rows(self) -> list[RowT]:
        """Return the rows the table shows, in order."""
        return self.rows

    def show(self, data: RegisterData) -> None:
        """Show this tab's part of freshly loaded ``data``, selecting the row asked for, if any."""
        self.rows = self.rows_of(data)
        self.projects = data.projects
        self.loaded = True
        self.redraw()
        self.pending = None

    def redraw(self) -> None:
        """Fill the table, keeping the selected row (or moving to the one asked for); show its detail."""
        table = self.table
        keep = self.pending
        if keep is None and table.row_count and table.cursor_row < table.row_count:
            keep = int(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value or 0)
        rows = self.visible_rows()
        ids = [row.id for row in rows]
        marks = session_of(self.app).marks
        colours = text_colours(self.app)
        drawn = [(row, marks.is_marked(self.ENTITY, row.id)) for row in rows]  # marked: changed a moment ago
        at = ids.index(keep) if keep is not None and keep in ids else None
        self._filling += 1  # a fill still going on stops
        if self._changed_in_place(table, drawn, colours):
            self._drawn, self._drawn_in = drawn, colours
            if at is not None:
                table.move_cursor(row=at)
            self.show_detail()
            return
        table.clear()
        self._drawn = None
        self._fill(drawn, colours, 0, self._filling, at)

    def _fill(
        self, drawn: list[tuple[Any, bool]], colours: dict[str, str], start: int, filling: int, at: int | None
    ) -> None:
        """Add the rows of ``drawn`` from ``start`` on, :data:`FILL_STEP` of them now and the rest in later steps."""
        if filling != self._filling or not self.is_attached:
            return  # drawn again since: that fill goes on instead
        table = self.table
        end = min(len(drawn), start + FILL_STEP)
        for row, marked in drawn[start:end]:
            table.add_row(*self._cells_marked(row, marked, colours), key=str(row.id))
        if at is not None and start <= at < end:
            table.move_cursor(row=at)
        if start == 0 or (at is not None and start <= at < end):
            self.show_detail()
        if end < len(drawn):
            if start == 0:
                self.run_worker(self._fill_on(drawn, colours, end, filling, at), exit_on_error=False)
            return
        self._drawn, self._drawn_in = drawn, colours
        self.show_detail()

    async def _fill_on(
        self, drawn: list[tuple[Any, bool]], colours: dict[str, str], start: int, filling: int, at: int | None
    ) -> None:
        """Add the rest of the rows a step at a time, the dashboard answering keys and drawing between the steps."""
        for step in range(start, len(drawn), FILL_STEP):
            await asyncio.sleep(0)
            if filling != self._filling:
                return
            self._fill(drawn, colours, step, filling, at)

    _filling = 0
    """How many times the table was drawn: a fill in steps stops once it is drawn again."""

    _drawn: list[tuple[Any, bool]] | None = None
    """The rows the table shows, in order, each with whether it is marked (see :meth:`_changed_in_place`)."""
    _drawn_in: dict[str, str] | None = None
    """The theme's colours the table was drawn in."""

    def _cells_marked(self, row: RowT, marked: bool, colours: dict[str, str]) -> list[Text]:
        cells = self.cells(row)
        if marked:
            cells = [Text.assemble(("✱ ", f"bold {colours.get('accent', '')}"), cells[0]), *cells[1:]]
        return cells

    def _changed_in_place(self, table: DataTable[Any], drawn: list[tuple[Any, bool]], colours: dict[str, str]) -> bool:
        """Redraw only the rows that changed, when the table shows the same rows in the same order; else ``False``.

        A register keeps every closed risk: on years of history the table holds
        ten thousand rows and more, and filling it again measures every cell
        (seconds, all on the interface's thread). After a change elsewhere, most
        times none of its rows has changed.
        """
        before = self._drawn
        if before is None or colours is not self._drawn_in or not len(before) == len(drawn) == table.row_count:
            return False
        if any(old[0].id != new[0].id for old, new in zip(before, drawn, strict=True)):
            return False
        columns = [column.key for column in table.ordered_columns]
        for (row, marked), old in zip(drawn, before, strict=True):
            if (row, marked) != old:
                for column, cell in zip(columns, self._cells_marked(row, marked, colours), strict=True):
                    table.update_cell(str(row.id), column, cell, update_width=True)
        return True

    def level(self, band: str) -> str:
        """Return the theme's colour for a risk band (``low`` … ``critical``)."""
        return text_colours(self.app).get(BAND_LEVEL.get(band, ""), "")

    def selected(self) -> RowT | None:
        """Return the selected row, if any."""
        table = self.table
        if not self.loaded or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((row for row in self.rows if str(row.id) == key), None)

    def select(self, ident: int) -> None:
        """Select row ``ident``: now, if the tab shows data, else once it does."""
        self.pending = ident
        if self.loaded:
            self.redraw()
            self.pending = None

    def select_when_shown(self, ident: int) -> None:
        """Select row ``ident`` once the tab next shows fresh data (a row just written)."""
        self.pending = ident

    def focus_table(self) -> None:
        """Put the keyboard focus on the table."""
        self.table.focus()

    def show_detail(self) -> None:
        """Show the selected row's detail below the table."""
        row = self.selected()
        self.query_one(f"#{self.NAME}-detail", Static).update("" if row is None else self.detail(row))

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self.show_detail()

    # --- what the tab asks of the app ------------------------------------------------------

    def write(self, action: Callable[[Store], Any], **options: Unpack[messages.WriteOptions]) -> None:
        """Have the app run ``action`` (a service write) off the UI thread, then refresh or report."""
        self.post_message(messages.WriteRequested(action, **options))

    # --- the keys every tab has -------------------------------------------------------------

    def action_next_tab(self) -> None:
        """Show the next tab."""
        self.post_message(self.NextTab())

    def action_new(self) -> None:
        """Add a row, in the project the filter shows (if one)."""
        project = session_of(self.app).filter.project or ""
        self.app.push_screen(self.new_form(self.write, project, self.projects, self.select_when_shown))

    def action_edit(self) -> None:
        """Edit the selected row."""
        row = self.selected()
        if row is not None:
            self.app.push_screen(self.edit_form(self.write, row, self.select_when_shown))

    def action_delete(self) -> None:
        """Delete the selected row after confirming."""
        row = self.selected()
        if row is None:
            return

        noun = self.ENTITY.replace("_", " ")

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda store: self.delete(store, row.id), success=f"{noun} #{row.id} deleted")

        self.app.push_screen(ConfirmModal(f"Delete {noun} #{row.id} “{row.title}”?"), answered)

    def shows(self, kind: str) -> bool:
        """Return whether entries of ``kind`` (``risk``, ``change`` …) are rows of this tab."""
        return kind in (self.ENTITY, *self.ALIASES)

    def runs(self, action: str) -> bool:
        """Return whether one of this tab's keys runs ``action``."""
        return any(isinstance(b, Binding) and b.action == action for b in self.BINDINGS)
