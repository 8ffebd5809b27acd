"""The Timeline chart: milestone rows against a time scale, drawing only the rows and days in view."""

from __future__ import annotations

import datetime as dt

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from supportpm_tui.core.text import clean_line
from supportpm_tui.core.timescale import TimeScale, place_labels
from supportpm_tui.services.timeline import TimelineRow
from supportpm_tui.ui.widgets.line_drawn import LineDrawn, fit

LABEL_WIDTH = 46
HEADER_LINES = 2
BAR, DUE, BASELINE, FORECAST, SLIP, DONE, TODAY, HOLIDAY = "━", "◆", "◇", "●", "┅", "✔", "│", "┊"
STATUS_GLYPH = {
    "late": "✖",
    "slipping": "✖",
    "at_risk": "▲",
    "on_track": "●",
    "done": "✔",
    "on_hold": "‖",
    "cancelled": "⊘",
    "closed": "■",
}
STATUS_LEVEL = {
    "late": "error",
    "slipping": "error",
    "at_risk": "warning",
    "on_track": "success",
    "done": "muted",
    "on_hold": "muted",
    "cancelled": "muted",
    "closed": "muted",
}


def status_words(row: TimelineRow) -> str:
    """Return the status in words, with the slip: ``slipping +8d``, ``late 3d``, ``on track``, ``done 16 Nov``."""
    if row.status == "done" and row.done is not None:
        return f"done {row.done.day} {row.done:%b}"
    if row.status == "slipping":
        return f"slipping +{row.slip_days}d"
    if row.status == "late":
        return f"late {row.slip_days}d" if row.slip_days else "late"
    return row.status.replace("_", " ")


class TimelineChart(LineDrawn, can_focus=False, inherit_bindings=False):
    """Rows of milestones; the selected one is highlighted; the header keeps months and weeks."""

    DEFAULT_CSS = """
    TimelineChart > .timeline--header {
        background: $panel;
        color: $foreground;
        text-style: bold;
    }

    TimelineChart > .timeline--project {
        color: $primary;
        text-style: bold;
    }

    TimelineChart > .timeline--workstream {
        color: $secondary;
        text-style: italic;
    }

    TimelineChart > .timeline--label {
        color: $foreground;
    }

    TimelineChart > .timeline--cursor {
        background: $primary 20%;
    }

    TimelineChart > .timeline--today {
        color: $accent;
        text-style: bold;
    }

    TimelineChart > .timeline--error {
        color: $error;
    }

    TimelineChart > .timeline--warning {
        color: $warning;
    }

    TimelineChart > .timeline--success {
        color: $success;
    }

    TimelineChart > .timeline--muted {
        color: $text-muted;
    }

    /* NO_COLOR: a warning marked by emphasis, in the text's own colour, never fainter than it. */
    TimelineChart:nocolor > .timeline--error {
        color: $foreground;
        text-style: bold reverse;
    }

    TimelineChart:nocolor > .timeline--warning {
        color: $foreground;
        text-style: bold underline;
    }

    TimelineChart:nocolor > .timeline--success,
    TimelineChart:nocolor > .timeline--today {
        color: $foreground;
    }

    TimelineChart:nocolor > .timeline--cursor {
        background: $foreground 25%;
    }
    """
    """Its own styles and those of its component classes: loaded with it, not before the first screen."""
    COMPONENT_CLASSES = {
        "timeline--header",
        "timeline--project",
        "timeline--workstream",
        "timeline--label",
        "timeline--cursor",
        "timeline--today",
        "timeline--error",
        "timeline--warning",
        "timeline--success",
        "timeline--muted",
    }
    COMPONENT_PREFIX = "timeline--"

    cursor: reactive[int] = reactive(-1)

    class Clicked(Message):
        """A row was clicked."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.rows: list[TimelineRow] = []
        self.today = dt.date.today()
        self.scale = TimeScale.around(self.today)
        self.holidays: frozenset[dt.date] = frozenset()
        self._holiday_columns: tuple[tuple[TimeScale, int, frozenset[dt.date]], list[int]] | None = None

    # --- state ---------------------------------------------------------------------

    def set_rows(
        self,
        rows: list[TimelineRow],
        today: dt.date,
        keep: int | None = None,
        holidays: frozenset[dt.date] = frozenset(),
    ) -> None:
        """Show ``rows``, marking ``holidays`` (days off for everyone); keep milestone ``keep`` (or the current one)."""
        current = keep if keep is not None else self.selected_id
        self.rows = rows
        self.today = today
        self.holidays = holidays
        self.virtual_size = Size(self.size.width, len(rows) + HEADER_LINES)
        index = next((i for i, r in enumerate(rows) if r.milestone_id is not None and r.milestone_id == current), None)
        if index is None:
            milestones = [i for i, r in enumerate(rows) if r.kind == "milestone"]
            index = min(milestones, key=lambda i: abs(i - self.cursor)) if milestones else -1
        self.cursor = index
        self.refresh()

    @property
    def selected(self) -> TimelineRow | None:
        """Return the selected milestone row."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    @property
    def selected_id(self) -> int | None:
        """Return the selected milestone's id."""
        row = self.selected
        return row.milestone_id if row is not None else None

    def move_cursor(self, step: int) -> None:
        """Select the milestone ``step`` milestones down (or up)."""
        milestones = [i for i, r in enumerate(self.rows) if r.kind == "milestone"]
        if not milestones:
            return
        if self.cursor not in milestones:
            self.cursor = milestones[0]
            return
        position = milestones.index(self.cursor)
        self.cursor = milestones[max(0, min(len(milestones) - 1, position + step))]

    def cursor_to(self, end: int) -> None:
        """Select the first (0) or the last (-1) milestone."""
        milestones = [i for i, r in enumerate(self.rows) if r.kind == "milestone"]
        if milestones:
            self.cursor = milestones[end]

    def set_scale(self, scale: TimeScale) -> None:
        """Show another stretch of time or zoom level."""
        self.scale = scale
        self.refresh()

    def watch_cursor(self) -> None:
        visible = max(1, self.size.height - HEADER_LINES)
        top = int(self.scroll_offset.y)
        if self.cursor >= 0:
            if self.cursor < top:  # scrolling up: show the headings above too
                self.scroll_to(y=max(0, self.cursor - 2), animate=False, force=True)
            elif self.cursor >= top + visible:
                self.scroll_to(y=self.cursor - visible + 1, animate=False, force=True)
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) + HEADER_LINES)

    def on_click(self, event: events.Click) -> None:
        if event.y >= HEADER_LINES:
            index = int(self.scroll_offset.y) + event.y - HEADER_LINES
            if 0 <= index < len(self.rows) and self.rows[index].kind == "milestone":
                self.cursor = index
                self.post_message(self.Clicked(index))

    # --- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Draw line ``y``: two header lines, then only the rows in view."""
        base, width = self._pass or self.line_basis()
        label_width = self.label_width(width)
        chart = max(0, width - label_width - 1)
        if y < HEADER_LINES:
            return self._header(y, width, chart, base)
        index = int(self.scroll_offset.y) + y - HEADER_LINES
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        line_style = base + self._style("cursor") if index == self.cursor else base
        segments = self._label(row, line_style, label_width)
        segments.append(Segment("│", line_style + self._fg("muted")))
        segments.extend(self._chart(row, chart, line_style))
        return Strip(segments, width).crop(0, width)

    @staticmethod
    def label_width(width: int) -> int:
        """Return the width of the names column: 46 cells from 123 wide, narrower (down to 28) below."""
        return max(28, min(LABEL_WIDTH, width * 3 // 8))

    def _header(self, y: int, width: int, chart: int, base: Style) -> Strip:
        label_width = width - chart - 1
        upper, lower = self.scale.headers(chart)
        header = base + self._style("header")
        if y == 0:
            left = fit(f" Milestones · {self.scale.name} scale", label_width)
            months = place_labels(upper, chart)
            return Strip([Segment(left, header), Segment("│", header), Segment(months, header)], width).crop(0, width)
        keys = " +/- zoom · [ ] scroll · t today" if label_width >= 34 else " +/- zoom  [ ] scroll  t today"
        left = fit(keys, label_width)
        weeks = place_labels(lower, chart)
        for column in self.holiday_columns(chart):  # where the weeks' labels leave room
            if weeks[column] == " ":
                weeks = weeks[:column] + HOLIDAY + weeks[column + 1 :]
        segments = [Segment(left, header), Segment("│", header)]
        x = self.scale.x(self.today)
        if 0 <= x < chart:
            mark = "▼" if weeks[x] == " " else weeks[x]  # never hide a week's label
            segments += [
                Segment(weeks[:x], header),
                Segment(mark, header + self._fg("today")),
                Segment(weeks[x + 1 :], header),
            ]
        else:
            segments.append(Segment(weeks, header))
        return Strip(segments, width).crop(0, width)

    def holiday_columns(self, width: int) -> list[int]:
        """Return the chart's columns showing a holiday for everyone (none on the months scale: too coarse)."""
        if self.scale.per_day < 1 or not self.holidays:
            return []
        key = (self.scale, width, self.holidays)
        if self._holiday_columns is not None and self._holiday_columns[0] == key:
            return self._holiday_columns[1]
        first, last = self.scale.day_at(0), self.scale.day_at(width)
        columns = sorted(self.scale.x(day) for day in self.holidays if first <= day <= last)
        found = [x for x in columns if 0 <= x < width]
        self._holiday_columns = (key, found)
        return found

    def _label(self, row: TimelineRow, style: Style, label_width: int = LABEL_WIDTH) -> list[Segment]:
        if row.kind == "project":
            return [Segment(fit(" " + clean_line(row.label), label_width), style + self._fg("project"))]
        if row.kind == "workstream":
            return [Segment(fit("   ▸ " + clean_line(row.label), label_width), style + self._fg("workstream"))]
        words = status_words(row)
        level = self._fg(STATUS_LEVEL.get(row.status, "muted"))
        glyph = STATUS_GLYPH.get(row.status, "·")
        name_width = max(1, label_width - len(words) - 7)
        changed = self.marked()("milestone", row.milestone_id)
        return [
            Segment(("✱ " if changed else "  ") + glyph + " ", style + level),
            Segment(fit(clean_line(row.label), name_width), style + self._fg("muted" if row.done else "label")),
            Segment(" " + words + " ", style + level),
            Segment(" " * max(0, label_width - 4 - name_width - len(words) - 2), style),
        ]

    def _chart(self, row: TimelineRow, width: int, style: Style) -> list[Segment]:
        cells: list[tuple[str, Style]] = [(" ", style)] * width
        today_x = self.scale.x(self.today)
        if row.kind == "milestone" and row.due is not None:
            level = self._fg(STATUS_LEVEL.get(row.status, "muted"))
            if row.start is not None:
                span = self.scale.span(row.start, row.due, width)
                if span:
                    for x in range(*span):
                        cells[x] = (BAR, style + level)
            if row.done is None and row.forecast is not None and row.forecast > row.due:
                span = self.scale.span(row.due + dt.timedelta(days=1), row.forecast, width)
                if span:
                    for x in range(*span):
                        cells[x] = (SLIP, style + self._fg("error"))
        if 0 <= today_x < width and cells[today_x][0] == " ":
            cells[today_x] = (TODAY, style + self._fg("today"))
        for x in self.holiday_columns(width):
            if cells[x][0] == " ":
                cells[x] = (HOLIDAY, style + self._fg("muted"))
        if row.kind == "milestone" and row.due is not None:
            marks: list[tuple[dt.date, str, Style]] = []
            if row.baseline is not None and row.baseline != row.due:
                marks.append((row.baseline, BASELINE, self._fg("muted")))
            marks.append((row.due, DUE, self._fg(STATUS_LEVEL.get(row.status, "muted"))))
            if row.done is not None:
                marks.append((row.done, DONE, self._fg("success")))
            elif row.forecast is not None and row.forecast != row.due:
                tone = "error" if row.forecast > row.due else "success"
                marks.append((row.forecast, FORECAST, self._fg(tone)))
            for day, glyph, mark_style in marks:
                x = self.scale.x(day)
                if 0 <= x < width:
                    cells[x] = (glyph, style + mark_style + Style(bold=True))
        return _merge(cells)


def _merge(cells: list[tuple[str, Style]]) -> list[Segment]:
    """Return cells as segments, joining neighbours of the same style."""
    segments: list[Segment] = []
    text = ""
    current: Style | None = None
    for char, style in cells:
        if style is current or style == current:
            text += char
            continue
        if text and current is not None:
            segments.append(Segment(text, current))
        text, current = char, style
    if text and current is not None:
        segments.append(Segment(text, current))
    return segments
