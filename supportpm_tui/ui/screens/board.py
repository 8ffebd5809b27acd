"""Board (key 2): the six Kanban columns with counts, WIP limits and every card action."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.text import clean_line
from supportpm_tui.core.vocabulary import COLUMN_ORDER
from supportpm_tui.services import blocking, tasks
from supportpm_tui.services.board import BoardData, CardView, load_board
from supportpm_tui.services.records import TaskRecord, show_task
from supportpm_tui.ui import messages
from supportpm_tui.ui.forms.task import block_reason_prompt, edit_task_form, new_task_form, remaining_hours_form
from supportpm_tui.ui.forms.timelog import log_time_form
from supportpm_tui.ui.modals.dialogs import ConfirmModal
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.widgets.board_column import BLOCKED, OVER_WIP, OVERLOADED, BoardColumn, LaneTitle

COLUMNS = [c.value for c in COLUMN_ORDER]
TITLES = {
    "backlog": "Backlog",
    "ready": "Ready",
    "in_progress": "In progress",
    "blocked": "Blocked",
    "testing": "Testing",
    "done": "Done",
}
WIDE = 120
"""From this many cells wide every column is shown; narrower, one column per :data:`LANE_WIDTH`."""
LANE_WIDTH = 26
ROOMY_HEIGHT = 30
"""From this many lines tall, cards take two lines for a long title and show their tags."""
EMPTY_BOARD = (
    "No cards yet. Press n to add the first one — it needs a project: add one with "
    "ctrl+p → “New project…” (or supportpm project add KEY NAME)."
)


class BoardScreen(BaseScreen[BoardData]):
    """The Kanban board; draws only the cards in view, so thousands stay fast."""

    SCREEN_NAME = "Board"
    DRAWN_AHEAD = True
    LEGEND = (
        f"{OVERLOADED} assignee overloaded this week   {OVER_WIP} assignee over their WIP limit   "
        f"{BLOCKED} blocked, waits for   ! overdue   ‼/↑/↓ priority   a red column header is over its WIP limit",
    )
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Previous card", show=False, id="board.cursor_up"),
        Binding("down,j", "cursor(1)", "Next card", show=False, id="board.cursor_down"),
        Binding("pageup", "cursor(-5)", "Five cards up", show=False, id="board.page_up"),
        Binding("pagedown", "cursor(5)", "Five cards down", show=False, id="board.page_down"),
        Binding("home", "cursor_to(0)", "First card", show=False, id="board.first_card"),
        Binding("end", "cursor_to(-1)", "Last card", show=False, id="board.last_card"),
        Binding("left,h", "column(-1)", "Previous column", show=False, id="board.column_left"),
        Binding("right,l", "column(1)", "Next column", show=False, id="board.column_right"),
        Binding("greater_than_sign,shift+right", "move(1)", "Move right", id="board.move_right"),
        Binding("less_than_sign,shift+left", "move(-1)", "Move left", id="board.move_left"),
        Binding("J,shift+down", "shift(1)", "Move down", show=False, id="board.move_down"),
        Binding("K,shift+up", "shift(-1)", "Move up", show=False, id="board.move_up"),
        Binding("n", "new", "New", id="board.new"),
        Binding("e,enter", "edit", "Edit", id="board.edit"),
        Binding("d", "delete", "Delete", id="board.delete"),
        Binding("b", "block", "Block", id="board.block"),
        Binding("t", "log_time", "Log time", id="board.log_time"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: BoardData | None = None
        self.active_column = 0
        self.pending_select: int | None = None
        self._recolours = False  # the lanes are coloured again when the theme changes

    def compose_body(self) -> ComposeResult:
        yield Static(EMPTY_BOARD, id="board-empty", markup=False)
        yield Static("", id="board-switcher", markup=False)
        with Horizontal(id="board"):
            for name in COLUMNS:
                with Vertical(classes="board-lane", id=f"lane-{name}"):
                    yield LaneTitle(TITLES[name], classes="lane-title", id=f"title-{name}")
                    yield BoardColumn(name, id=f"column-{name}")

    def columns(self) -> list[BoardColumn]:
        """Return the six column widgets, in order."""
        return [self.query_one(f"#column-{name}", BoardColumn) for name in COLUMNS]

    def load_data(self) -> BoardData:
        return load_board(self.session.store, self.session.filter, previous=self.last_data)

    def show_data(self, data: BoardData) -> None:
        self.data = data
        self.query_one("#board-empty").display = data.empty_database or not any(data.counts.values())
        found = False
        for widget in self.columns():
            cards = data.columns[widget.column]
            keep = self.pending_select if not found and self._holds(widget, cards) else None
            widget.set_cards(cards, data.today, keep=keep, note=self._note(widget.column))
            if keep is not None:
                self.active_column = COLUMNS.index(widget.column)
                found = True
            self._update_title(widget.column)
        if found:  # data loaded before the card was saved must not forget which card to select
            self.pending_select = None
        self._mark_active()

    def _holds(self, widget: BoardColumn, cards: list[CardView]) -> bool:
        """Return whether ``cards``, about to show in ``widget``, hold the card waiting to be selected.

        Cards the column already shows are looked up by id; new ones are
        searched from the end, where a moved or added card goes.
        """
        wanted = self.pending_select
        if wanted is None:
            return False
        if cards is widget.cards:
            return widget.holds(wanted)
        return any(card.id == wanted for card in reversed(cards))

    def _note(self, column: str) -> str:
        """Return the last line of ``column``: for Done, the cards done earlier that it leaves out."""
        return self.data.older_note() if self.data is not None and column == "done" else ""

    def redraw_marks(self) -> None:
        """Redraw every column: the cards whose marks have just aged are not known any more."""
        for column in self.columns():
            column.refresh()

    def _update_title(self, column: str) -> None:
        data = self.data
        assert data is not None
        shown = len(data.columns[column])
        total = data.counts[column]
        limit = data.limits.get(column)
        count = f"{shown}" if shown == total else f"{shown} of {total}"
        text = Text(f"  {count}", style="bold")
        if limit is not None:
            text.append(f"/{limit}")
        over = data.over_limit(column)
        if over:
            text.append(f" {OVER_WIP} over", style="bold")
        self.query_one(f"#title-{column}", LaneTitle).show(TITLES[column], text, over)
        self._show_switcher()

    # --- fitting the width ------------------------------------------------------------

    def fit_layout(self) -> None:
        self._fit_columns()

    def shown_columns(self) -> int:
        """Return how many columns fit side by side: all six from 120 cells, else one per 26."""
        width = self.size.width
        return len(COLUMNS) if width >= WIDE or width <= 0 else max(1, min(len(COLUMNS), width // LANE_WIDTH))

    def visible_range(self) -> range:
        """Return the columns on screen: a window of :meth:`shown_columns` around the selected one."""
        count = self.shown_columns()
        start = max(0, min(self.active_column - count // 2, len(COLUMNS) - count))
        return range(start, start + count)

    def _fit_columns(self) -> None:
        """Show the columns that fit around the selected one; roomy cards on a tall Board."""
        shown = self.visible_range()
        roomy = self.size.height >= ROOMY_HEIGHT
        for index, name in enumerate(COLUMNS):
            lane = self.query_one(f"#lane-{name}")
            visible = index in shown
            if lane.display != visible:
                lane.display = visible
            self.query_one(f"#column-{name}", BoardColumn).set_roomy(roomy)
        self._show_switcher()

    def _show_switcher(self) -> None:
        """Say which columns are off screen, and their counts, when not all six fit."""
        switcher = self.query_one("#board-switcher", Static)
        shown = self.visible_range()
        switcher.display = len(shown) < len(COLUMNS)
        if not switcher.display:
            return
        counts = self.data.counts if self.data is not None else {}

        def named(index: int) -> str:
            return f"{TITLES[COLUMNS[index]]} {counts.get(COLUMNS[index], 0)}"

        before = [named(i) for i in range(shown.start)]
        after = [named(i) for i in range(shown.stop, len(COLUMNS))]
        line = Text(no_wrap=True, overflow="ellipsis")
        if before:
            line.append("← " + " · ".join(before), style="bold")
            line.append("  │  ")
        line.append(f"columns {shown.start + 1}–{shown.stop} of {len(COLUMNS)} (←/→)", style="dim")
        if after:
            line.append("  │  ")
            line.append(" · ".join(after) + " →", style="bold")
        switcher.update(line)

    # --- selection ------------------------------------------------------------------

    @property
    def current(self) -> BoardColumn:
        """Return the focused column."""
        return self.columns()[self.active_column]

    @property
    def card(self) -> CardView | None:
        """Return the selected card."""
        return self.current.selected

    def _mark_active(self) -> None:
        self._fit_columns()
        if not self._recolours:
            self._recolours = True
            self.app.theme_changed_signal.subscribe(self, lambda _theme: self._colour_lanes())
        for index, widget in enumerate(self.columns()):
            active = index == self.active_column
            if widget.active != active:
                widget.active = active
        self._colour_lanes()

    def _colour_lanes(self) -> None:
        """Draw the selected column's border in the theme's accent, the others' in its panel colour.

        Set on each lane itself rather than through a CSS class: a class
        change restyles everything inside the lane, its column's scrollbars
        too, and Textual then lays out the whole screen; a border's colour
        alone only repaints the lane.
        """
        colours = self.app.theme_variables
        for index, name in enumerate(COLUMNS):
            key = "primary" if index == self.active_column else "panel-lighten-2"
            border: tuple[Literal["round"], Color] = (
                "round",
                Color.parse(colours.get(key) or colours.get("primary") or "white"),
            )
            lane = self.query_one(f"#lane-{name}")
            if lane.styles.border_top != border:
                lane.styles.border = border

    @on(BoardColumn.Clicked)
    def _clicked(self, event: BoardColumn.Clicked) -> None:
        self.active_column = COLUMNS.index(event.column.column)
        self._mark_active()

    def action_column(self, step: int) -> None:
        """Select the previous or next column."""
        self.active_column = (self.active_column + step) % len(COLUMNS)
        self._mark_active()

    def action_cursor(self, step: int) -> None:
        """Move the selection up or down by ``step`` cards."""
        self.current.action_cursor(step)

    def action_cursor_to(self, index: int) -> None:
        """Select the first (0) or last (-1) card of the column."""
        self.current.action_cursor_to(index)

    @on(messages.ShowEntry)
    def _show_entry(self, event: messages.ShowEntry) -> None:
        self.select_card(event.ident)

    def select_card(self, task_id: int) -> None:
        """Select the card ``task_id`` once the data has loaded."""
        self.pending_select = task_id
        if self.data is not None:
            self.show_data(self.data)

    # --- actions ----------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Move the selected card to the next or previous column; a blocked one back to where it was blocked from."""
        card = self.card
        if card is None:
            return
        if card.column == "blocked":
            self._ask_unblock(card)
            return
        index = COLUMNS.index(card.column) + step
        if not 0 <= index < len(COLUMNS):
            return
        target = COLUMNS[index]
        if target == "blocked":
            self._ask_reason(card, target)
        elif card.column == "done":
            self._ask_remaining(card, target)
        else:
            self._move(card, target)

    def _move(self, card: CardView, target: str, reason: str | None = None, remaining: float | None = None) -> None:
        self.pending_select = card.id
        seen_in = card.column  # a card someone else moved meanwhile stays where they put it
        self.write(  # asked first, so saving starts while the card is drawn in its new column
            lambda store: tasks.move_task(store, card.id, target, reason, remaining, from_column=seen_in),
            failed=self._move_failed,
        )
        self._show_moved(card, target, reason)

    def _ask_unblock(self, card: CardView) -> None:
        """Ask to take blocked ``card`` back to the column it was blocked from, clearing its reason."""
        target = card.blocked_from or blocking.FALLBACK
        question = f"Unblock #{card.id} and move it back to {TITLES[target]}?"
        if card.blocked_reason:
            question += f" The reason “{clean_line(card.blocked_reason)}” will be cleared."

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.pending_select = card.id
            self._show_moved(card, target)
            self.write(
                lambda store: blocking.unblock_task(store, card.id),
                failed=self._move_failed,
                success=f"#{card.id} back in {TITLES[target]}",
            )

        self.app.push_screen(ConfirmModal(question, "Unblock"), answered)

    def _show_moved(self, card: CardView, target: str, reason: str | None = None) -> None:
        """Draw the card in its new column at once; the reload after the write confirms it."""
        data = self.data
        if data is None:
            return
        # At the end of the column, as it is saved: when nothing else changed, the saved card is the one drawn.
        end = max((c.position for c in data.columns[target]), default=-1) + 1
        if target == "blocked":
            why = reason or card.blocked_reason
            moved = replace(card, column=target, position=end, blocked_reason=why, blocked_from=card.column)
        elif card.column == "blocked":
            moved = replace(card, column=target, position=end, blocked_reason="", blocked_from=None)
        else:
            moved = replace(card, column=target, position=end)
        columns, counts = dict(data.columns), dict(data.counts)  # the data as loaded stays as it was
        columns[card.column] = [c for c in columns[card.column] if c.id != card.id]
        columns[target] = [*columns[target], moved]
        counts[card.column] -= 1
        counts[target] += 1
        data = self.data = replace(data, columns=columns, counts=counts)
        self.active_column = COLUMNS.index(target)
        for name in (card.column, target):
            column = self.query_one(f"#column-{name}", BoardColumn)
            column.set_cards(data.columns[name], data.today, keep=card.id, note=self._note(name))
            self._update_title(name)
        self._mark_active()

    def _move_failed(self, error: UserError) -> None:
        self.report(error, "Not saved")
        self.reload()

    def _ask_reason(self, card: CardView, target: str) -> None:
        def answered(reason: str | None) -> None:
            if reason:
                self._move(card, target, reason=reason)

        self.app.push_screen(block_reason_prompt(card.id), answered)

    def _ask_remaining(self, card: CardView, target: str) -> None:
        self.app.push_screen(remaining_hours_form(self.write, card.id, target, TITLES[target], self._will_select))

    def _will_select(self, task_id: int) -> None:
        """Select card ``task_id`` once the data saved with it has loaded."""
        self.pending_select = task_id

    def action_shift(self, step: int) -> None:
        """Move the selected card down or up within its column."""
        card = self.card
        if card is None:
            return
        self.pending_select = card.id
        self.write(lambda store: tasks.shift_task(store, card.id, step))

    def action_block(self) -> None:
        """Block the selected card, asking the reason."""
        card = self.card
        if card is not None and card.column != "blocked":
            self._ask_reason(card, "blocked")

    def action_delete(self) -> None:
        """Delete the selected card after confirming."""
        card = self.card
        if card is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda store: tasks.delete_task(store, card.id), success=f"#{card.id} deleted")

        self.app.push_screen(ConfirmModal(f"Delete card #{card.id} “{card.title}”?"), answered)

    def action_log_time(self) -> None:
        """Log time on the selected card: hours, day, whose time, a note, and whether its remaining hours go down."""
        card = self.card
        if card is None:
            self.notify("No card selected.", timeout=3)
            return
        self.app.push_screen(log_time_form(self.write, card, self._will_select))

    def action_new(self) -> None:
        """Add a card in the focused column (pressed while the Board loads: once it has)."""
        data = self.data
        if data is None:
            self.when_loaded(self.action_new)
            return
        column = COLUMNS[self.active_column]
        project = self.session.filter.project or (data.projects[0] if len(data.projects) == 1 else "")
        self.app.push_screen(
            new_task_form(self.write, column, TITLES[column], project, data.projects, data.people, self._will_select)
        )

    def action_edit(self) -> None:
        """Edit the selected card."""
        card = self.card
        if card is None or self.data is None:
            return
        self.run_worker(lambda: self._open_edit(card.id), thread=True, group="edit", exit_on_error=False)

    def _open_edit(self, task_id: int) -> None:
        try:
            record = show_task(self.session.store, task_id)
        except UserError as exc:
            self.app.call_from_thread(self.report, exc)
            return
        self.app.call_from_thread(self._edit_form, record)

    def _edit_form(self, record: TaskRecord) -> None:
        data = self.data
        assert data is not None
        self.app.push_screen(edit_task_form(self.write, record, data.projects, data.people, self._will_select))
