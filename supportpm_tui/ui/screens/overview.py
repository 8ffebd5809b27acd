"""Overview (key 1): health, slipping work, overloaded people, risks, decisions, since standup."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from supportpm_tui.overview_data import Entry, OverviewData
from supportpm_tui.ui.screens.base import BaseScreen

SECTIONS = [
    ("projects", "Projects — health and why"),
    ("milestones", "Milestones late, slipping or at risk"),
    ("people", "People overloaded or strained this week"),
    ("risks", "Top open risks"),
    ("decisions", "Decisions needed"),
    ("changes", "Since last standup"),
]
SHOWN = 25  # lines per section; the rest is one filter away
GLYPH = {"error": "✖", "warning": "▲", "success": "●", "": "·"}
EMPTY = {
    "projects": "No active projects.",
    "milestones": "Nothing late, slipping or at risk.",
    "people": "Nobody is overloaded or strained this week.",
    "risks": "No open risks.",
    "decisions": "No decisions waiting.",
    "changes": "No changes since the last standup.",
}
WELCOME = (
    "Welcome to SupportPM. This database is empty.\n\n"
    "Start with ctrl+p → “New person…” and “New project…”, then add cards on the Board (2, then n).\n"
    "From a shell: supportpm person add NAME · supportpm project add KEY NAME\n"
    "Or look around a living example first: supportpm --demo"
)


class OverviewScreen(BaseScreen):
    """Everything that needs the lead's attention, each line one enter away from its screen."""

    SCREEN_NAME = "Overview"
    LEGEND = ("✖ red / late / overloaded / critical   ▲ amber / at risk / strained / high   ● green",)
    BINDINGS = [
        Binding("tab,l,right", "section(1)", "Next section", show=False),
        Binding("shift+tab,h,left", "section(-1)", "Previous section", show=False),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("enter", "open", "Open", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(WELCOME, id="welcome", markup=False)
        with Grid(id="overview"):
            for key, title in SECTIONS:
                with Vertical(classes="section", id=f"section-{key}"):
                    yield Static(title, classes="section-title", markup=False)
                    yield OptionList(id=f"list-{key}", classes="section-list")

    def __init__(self) -> None:
        super().__init__()
        self.data: OverviewData | None = None

    def on_mount(self) -> None:
        warm = self.dash.warm
        if warm is not None:  # the Overview kept from last time, while the database opens
            self.show_kept(warm)
        elif not self.dash.store_ready:  # never an empty Overview that looks like the truth
            welcome = self.query_one("#welcome", Static)
            welcome.update(f"Opening {self.dash.db_path.name}…")
            welcome.display = True
            self.query_one("#overview").display = False
        super().on_mount()

    def show_kept(self, data: OverviewData) -> None:
        """Show an Overview computed before the database opened (kept, or computed beside start-up)."""
        self.last_data = data
        self.show_data(data)

    def load_data(self) -> OverviewData:
        from supportpm_tui.services.dashboard import load_overview
        from supportpm_tui.ui import warm

        store, filt = self.dash.store, self.dash.filter
        before = None if filt.active else warm.fingerprint(store.path)
        data = load_overview(store, filt)
        if before is not None and warm.fingerprint(store.path) == before:
            warm.save(store.path, before, data)  # nothing changed meanwhile: keep it for a warm start
        return data

    def show_data(self, data: Any) -> None:
        assert isinstance(data, OverviewData)
        self.data = data
        welcome = self.query_one("#welcome", Static)
        welcome.update(WELCOME)
        welcome.display = data.empty_database
        self.query_one("#overview").display = not data.empty_database
        for key, title in SECTIONS:
            entries: list[Entry] = getattr(data, key)
            widget = self.query_one(f"#list-{key}", OptionList)
            highlighted = widget.highlighted
            widget.clear_options()
            if entries:
                shown = entries[:SHOWN]
                options = [self._option(e) for e in shown]
                if len(entries) > SHOWN:
                    more = f"… and {len(entries) - SHOWN} more — filter (/ or p) to narrow"
                    options.append(Option(Text(more, style="dim"), disabled=True))
                widget.add_options(options)
                widget.highlighted = min(highlighted or 0, len(shown) - 1)
            else:
                widget.add_option(Option(Text(EMPTY[key], style="dim"), disabled=True))
            label = title
            if key == "changes" and data.since:
                label = f"{title} ({data.since:%a %d %b})"
            count = f" · {len(entries)}" if entries else ""
            self.query_one(f"#section-{key} .section-title", Static).update(label + count)
        focused = self.focused
        if not isinstance(focused, OptionList):
            self.query_one("#list-projects", OptionList).focus()

    def _option(self, entry: Entry) -> Option:
        colours = self.app.theme_variables
        style = f"bold {colours[entry.level]}" if entry.level in ("error", "warning", "success") else ""
        line = Text.assemble((GLYPH[entry.level] + " ", style), (entry.label, "bold"))
        kind = "change_request" if entry.kind == "change" else entry.kind
        if entry.ref.isdigit() and self.dash.is_marked(kind, int(entry.ref)):
            line.append(" ✱ changed", style=f"bold {colours['accent']}")
        if entry.detail:
            line.append("\n  ")
            line.append(entry.detail, style="dim")
        return Option(line, id=f"{entry.kind}:{entry.ref}")

    def action_section(self, step: int) -> None:
        """Move to the next or previous section."""
        lists = list(self.query(OptionList).results(OptionList))
        current = self.focused if isinstance(self.focused, OptionList) else lists[0]
        index = (lists.index(current) + step) % len(lists) if current in lists else 0
        lists[index].focus()

    def action_cursor(self, step: int) -> None:
        """Move the highlight of the focused section."""
        widget = self.focused
        if isinstance(widget, OptionList):
            if step > 0:
                widget.action_cursor_down()
            else:
                widget.action_cursor_up()

    def action_open(self) -> None:
        """Open the highlighted entry of the focused section."""
        widget = self.focused
        if isinstance(widget, OptionList) and widget.highlighted is not None:
            option = widget.get_option_at_index(widget.highlighted)
            if option.id:
                self.dash.open_entry(option.id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dash.open_entry(event.option.id)
