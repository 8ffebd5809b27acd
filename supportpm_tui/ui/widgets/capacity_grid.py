"""The Capacity grid: people × weeks, drawing only the rows in view; header and team totals stay put."""

from __future__ import annotations

import datetime as dt

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from supportpm_tui.core.fitting import fit_marked
from supportpm_tui.core.text import clean_line
from supportpm_tui.services.capacity import Cell, PersonLoad, WeekTotal
from supportpm_tui.ui.widgets.line_drawn import LineDrawn, fit

NAME_WIDTH = 22
NARROW_NAME_WIDTH = 16
"""The name column below :data:`NARROW` cells, so eight weeks still fit beside it at 80."""
NARROW = 100
HEADER_LINES = 1
FOOTER_LINES = 3
OVER_WIP = "▲"
STATE_GLYPH = {"overloaded": "⚠", "strained": "◐", "ok": "·"}
STATE_WORD = {"overloaded": "overloaded", "strained": "strained", "ok": "ok"}


def cell_text(cell: Cell) -> str:
    """Return a cell as the grid shows it: ``125% ⚠``, ``∞ ⚠`` (demand, no time), ``—`` (neither)."""
    if cell.percent is None:
        return f"∞ {STATE_GLYPH['overloaded']}"
    if cell.available <= 0 and cell.demand <= 0:
        return "—"
    return f"{cell.percent}% {STATE_GLYPH[cell.state]}"


def hours(value: float) -> str:
    """Return hours compactly: ``40``, ``7.5``, ``1.2k``."""
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    if value >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def name_width(width: int) -> int:
    """Return the width of the name column for a grid ``width`` cells wide."""
    return NARROW_NAME_WIDTH if width < NARROW else NAME_WIDTH


def _in_cell(text: str, cell_width: int) -> str:
    """Return ``text`` right-aligned in a cell with a space or two after it; the glyph is never what is cut."""
    if len(text) > cell_width - 1:
        text = text.replace("% ", "%")  # 1000%⚠ rather than losing the ⚠
    gap = 2 if cell_width >= 9 else 1
    return text.rjust(cell_width - gap).ljust(cell_width)[:cell_width]


class CapacityGrid(LineDrawn, can_focus=False, inherit_bindings=False):
    """One row per person, one column per ISO week; the selected cell is highlighted."""

    DEFAULT_CSS = """
    CapacityGrid > .capacity--header {
        background: $panel;
        color: $foreground;
        text-style: bold;
    }

    CapacityGrid > .capacity--total {
        background: $panel;
        color: $foreground;
    }

    CapacityGrid > .capacity--name {
        color: $foreground;
    }

    CapacityGrid > .capacity--row {
        background: $boost;
    }

    CapacityGrid > .capacity--cursor {
        background: $primary 25%;
        text-style: bold;
    }

    CapacityGrid > .capacity--ok {
        color: $success;
    }

    CapacityGrid > .capacity--strained {
        color: $warning;
        background: $warning 15%;
    }

    CapacityGrid > .capacity--overloaded {
        color: $error;
        background: $error 20%;
        text-style: bold;
    }

    CapacityGrid > .capacity--muted {
        color: $text-muted;
    }

    /* NO_COLOR: a warning marked by emphasis, in the text's own colour, never fainter than it. */
    CapacityGrid:nocolor > .capacity--overloaded {
        color: $foreground;
        text-style: bold reverse;
    }

    CapacityGrid:nocolor > .capacity--strained {
        color: $foreground;
        text-style: bold underline;
    }

    CapacityGrid:nocolor > .capacity--ok {
        color: $foreground;
    }

    CapacityGrid:nocolor > .capacity--cursor {
        background: $foreground 25%;
    }
    """
    """Its own styles and those of its component classes: loaded with it, not before the first screen."""
    COMPONENT_CLASSES = {
        "capacity--header",
        "capacity--total",
        "capacity--name",
        "capacity--cursor",
        "capacity--row",
        "capacity--ok",
        "capacity--strained",
        "capacity--overloaded",
        "capacity--muted",
    }
    COMPONENT_PREFIX = "capacity--"

    row: reactive[int] = reactive(0)
    column: reactive[int] = reactive(0)

    class Clicked(Message):
        """A cell was clicked."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.people: list[PersonLoad] = []
        self.totals: list[WeekTotal] = []
        self.weeks: list[dt.date] = []
        self.today = dt.date.today()

    # --- state ---------------------------------------------------------------------

    def set_data(
        self,
        people: list[PersonLoad],
        totals: list[WeekTotal],
        weeks: list[dt.date],
        today: dt.date,
        keep: int | None = None,
    ) -> None:
        """Show ``people``; keep person ``keep`` (or the selected one) selected."""
        current = keep if keep is not None else (self.selected.id if self.selected else None)
        self.people, self.totals, self.weeks, self.today = people, totals, weeks, today
        self._size_rows()
        index = next((i for i, p in enumerate(people) if p.id == current), None)
        self.row = index if index is not None else min(self.row, max(0, len(people) - 1))
        self.column = min(self.column, max(0, len(weeks) - 1))
        self._scroll_to_row()
        self.refresh()

    @property
    def selected(self) -> PersonLoad | None:
        """Return the selected person's row."""
        return self.people[self.row] if 0 <= self.row < len(self.people) else None

    @property
    def selected_cell(self) -> Cell | None:
        """Return the selected cell."""
        person = self.selected
        return person.cells[self.column] if person is not None and self.column < len(person.cells) else None

    def move(self, rows: int = 0, columns: int = 0) -> None:
        """Move the selection by ``rows`` people and ``columns`` weeks."""
        if self.people:
            self.row = max(0, min(len(self.people) - 1, self.row + rows))
        if self.weeks:
            self.column = max(0, min(len(self.weeks) - 1, self.column + columns))

    def move_to(self, row: int) -> None:
        """Select the first (0) or last (-1) person."""
        if self.people:
            self.row = row % len(self.people)

    def watch_row(self) -> None:
        self._scroll_to_row()
        self.refresh()

    def watch_column(self) -> None:
        self.refresh()

    def _visible_rows(self) -> int:
        return max(1, self.size.height - HEADER_LINES - FOOTER_LINES)

    def _scroll_to_row(self) -> None:
        top = int(self.scroll_offset.y)
        visible = self._visible_rows()
        if self.row < top:
            self.scroll_to(y=self.row, animate=False, force=True)
        elif self.row >= top + visible:
            self.scroll_to(y=self.row - visible + 1, animate=False, force=True)

    def on_resize(self) -> None:
        self._size_rows()

    def _size_rows(self) -> None:
        # The header and the totals take lines that the rows cannot use.
        self.virtual_size = Size(self.size.width, len(self.people) + HEADER_LINES + FOOTER_LINES)

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y - HEADER_LINES
        if HEADER_LINES <= event.y < self.size.height - FOOTER_LINES and 0 <= index < len(self.people):
            self.row = index
            width = self.scrollable_content_region.width
            column = (event.x - name_width(width)) // self._cell_width(width)
            if 0 <= column < len(self.weeks):
                self.column = column
            self.post_message(self.Clicked())

    # --- drawing ---------------------------------------------------------------------

    def _cell_width(self, width: int) -> int:
        return max(7, min(13, (width - name_width(width)) // max(1, len(self.weeks) or 8)))

    def render_line(self, y: int) -> Strip:
        """Draw line ``y``: the week header, the people in view, then the team totals."""
        base, width = self._pass or self.line_basis()
        cell_width = self._cell_width(width)
        height = self.size.height
        if y < HEADER_LINES:
            return self._header(width, cell_width, base)
        if y >= height - FOOTER_LINES:
            return self._footer(y - (height - FOOTER_LINES), width, cell_width, base)
        index = int(self.scroll_offset.y) + y - HEADER_LINES
        if index >= len(self.people):
            return Strip.blank(width, base)
        return self._person(index, width, cell_width, base)

    def _header(self, width: int, cell_width: int, base: Style) -> Strip:
        style = base + self._style("header")
        segments = [Segment(" Person".ljust(name_width(width)), style)]
        for week in self.weeks:
            label = (
                f"W{week.isocalendar()[1]:02d} {week:%d %b}" if cell_width >= 11 else f"W{week.isocalendar()[1]:02d}"
            )
            segments.append(Segment(label.center(cell_width)[:cell_width], style))
        return Strip(segments, width).extend_cell_length(width, style).crop(0, width)

    def _person(self, index: int, width: int, cell_width: int, base: Style) -> Strip:
        person = self.people[index]
        selected_row = index == self.row
        row_style = base + self._style("row") if selected_row else base
        marker = f"{OVER_WIP} " if person.over_wip else "  "
        changed = self._changed(person)
        name = fit_marked(clean_line(person.name), "✱" if changed else "", name_width(width) - 3)
        segments = [
            Segment(" ", row_style),
            Segment(marker, row_style + self._style("overloaded") if person.over_wip else row_style),
            Segment(name, row_style + self._style("name")),
        ]
        for column, cell in enumerate(person.cells):
            style = row_style + self._style(cell.state if cell.demand > 0 else "muted")
            if cell.utilisation is None:
                style = row_style + self._style("overloaded")
            if selected_row and column == self.column:
                style = style + self._style("cursor")
            segments.append(Segment(_in_cell(cell_text(cell), cell_width), style))
        return Strip(segments, width).extend_cell_length(width, row_style).crop(0, width)

    def _changed(self, person: PersonLoad) -> bool:
        """Return whether the person, or work of theirs in view, changed a moment ago."""
        marked = self.marked()
        return marked("person", person.id) or any(marked("task", t) for c in person.cells for t, _ in c.tasks)

    def _footer(self, line: int, width: int, cell_width: int, base: Style) -> Strip:
        style = base + self._style("total")
        if name_width(width) < NAME_WIDTH:
            label = (f" Available ({len(self.people)})", " Demand h", " Utilisation")[line]
        else:
            label = (f" Team available h ({len(self.people)})", " Team demand h", " Team utilisation")[line]
        segments = [Segment(fit(label, name_width(width)), style)]
        for total in self.totals:
            if line == 0:
                text, cell_style = hours(total.available), style
            elif line == 1:
                text, cell_style = hours(total.demand), style
            else:
                used = total.percent
                text = "∞" if used is None else f"{used}% {STATE_GLYPH[total.state]}"
                cell_style = style + self._style(total.state)
            segments.append(Segment(_in_cell(text, cell_width), cell_style))
        return Strip(segments, width).extend_cell_length(width, style).crop(0, width)
