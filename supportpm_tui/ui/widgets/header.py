"""The top line: database, today's date and week, when the data was refreshed, and the filter."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Static

NARROW = 120
"""Below this many cells the header drops the product's name and shortens the date."""


class DashboardHeader(Static):
    """Shows where the data comes from, what day it is, and what is filtered."""

    DEFAULT_CSS = """
    DashboardHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    _facts: tuple[str, str, dt.date, str, dt.datetime | None, str, bool] | None = None
    _shown: Text | None = None

    def show(
        self,
        screen: str,
        database: str,
        today: dt.date,
        filter_text: str,
        refreshed: dt.datetime | None = None,
        live: str = "live",
        read_only: bool = False,
    ) -> None:
        """Redraw with the current facts (user text drawn literally); shorter on a narrow screen."""
        self._facts = (screen, database, today, filter_text, refreshed, live, read_only)
        week = today.isocalendar()[1]
        narrow = 0 < self.size.width < NARROW
        line = Text.assemble(
            "" if narrow else ("SupportPM │ ", "bold"),
            (screen, "bold"),
            " │ ",
            database,
            (" read-only", "bold") if read_only else "",
            " │ ",
            f"{today:%a %d %b}, W{week}" if narrow else f"{today:%a %d %b %Y}, week {week}",
        )
        if refreshed is not None:
            line.append(f" │ {live} {refreshed:%H:%M}" if narrow else f" │ {live} · updated {refreshed:%H:%M:%S}")
        if filter_text:
            line.append(" │ filter: ", style="bold")
            line.append(filter_text, style="reverse")
            line.append(" (esc)" if narrow else " (esc clears)")
        if line == self._shown:
            return  # the same line: nothing to redraw
        self._shown = line
        self.update(line, layout=False)  # one line docked on top: its size never follows its words

    def on_resize(self) -> None:
        if self._facts is not None:
            self.show(*self._facts)
