"""The top line: database, today's date and week, when the data was refreshed, and the filter."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Static


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
        """Redraw with the current facts (user text drawn literally)."""
        week = today.isocalendar()[1]
        line = Text.assemble(
            ("SupportPM", "bold"),
            " │ ",
            (screen, "bold"),
            " │ ",
            database,
            (" read-only", "bold") if read_only else "",
            " │ ",
            f"{today:%a %d %b %Y}, week {week}",
        )
        if refreshed is not None:
            line.append(f" │ {live} · updated {refreshed:%H:%M:%S}")
        if filter_text:
            line.append(" │ filter: ", style="bold")
            line.append(filter_text, style="reverse")
            line.append(" (esc clears)")
        self.update(line)
