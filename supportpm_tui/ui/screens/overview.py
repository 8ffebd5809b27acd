"""Overview (key 1): health, slipping work, overloaded people, risks, decisions, since standup."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Static

from supportpm_tui.readmodel.overview_entries import SHOWN, Entry, OverviewData
from supportpm_tui.ui import messages
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.widgets.entry_list import EntryList

SECTIONS = [
    ("projects", "Projects — health and why"),
    ("milestones", "Milestones late, slipping or at risk"),
    ("people", "People: overloaded or strained, next week, over WIP"),
    ("risks", "Top open risks"),
    ("decisions", "Decisions needed"),
    ("changes", "Since last standup"),
]
IMPORTANCE = ["projects", "milestones", "people", "decisions", "risks", "changes"]
"""The order of the sections stacked one under another on a narrow screen: what is red comes first."""
STACKED_LINES = {"projects": 14, "milestones": 9, "people": 9, "decisions": 7, "risks": 9, "changes": 8}
"""The most lines of entries a stacked section shows before it scrolls."""
EMPTY = {
    "projects": "No active projects.",
    "milestones": "Nothing late, slipping or at risk.",
    "people": "Nobody is overloaded or strained, this week or next, or over WIP.",
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


class OverviewScreen(BaseScreen[OverviewData]):
    """Everything that needs the lead's attention, each line one enter away from its screen."""

    SCREEN_NAME = "Overview"
    DRAWN_AHEAD = True
    LEGEND = ("✖ red / late / overloaded / critical   ▲ amber / at risk / strained / high   ● green",)
    BINDINGS = [
        Binding("tab,l,right", "section(1)", "Next section", show=False, id="overview.next_section"),
        Binding("shift+tab,h,left", "section(-1)", "Previous section", show=False, id="overview.previous_section"),
        Binding("j", "cursor(1)", "Down", show=False, id="overview.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="overview.up"),
        Binding("enter", "open", "Open", show=False, id="overview.open"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(WELCOME, id="welcome", markup=False)
        with Grid(id="overview"):
            for key, title in SECTIONS:  # a section is one list: its title on its border
                section = EntryList(id=f"list-{key}", classes="section")
                section.border_title = Text(title)
                yield section

    def __init__(self) -> None:
        super().__init__()
        self.data: OverviewData | None = None

    def on_mount(self) -> None:
        if not self.session.ready:  # never an empty Overview that looks like the truth
            welcome = self.query_one("#welcome", Static)
            welcome.update(f"Opening {self.session.db_path.name}…")
            welcome.display = True
            self.query_one("#overview").display = False

    @on(messages.EarlyOverview)
    def _first_overview(self, event: messages.EarlyOverview) -> None:
        """Show an Overview computed before the database opened (kept, or computed beside start-up)."""
        if self.loaded_version < 0:
            self.last_data = event.data
            self.show_data(event.data)

    def load_data(self) -> OverviewData:
        from supportpm_tui.services.overview import dashboard_overview

        return dashboard_overview(self.session.store, self.session.filter)

    def show_data(self, data: OverviewData) -> None:
        self.data = data
        welcome = self.query_one("#welcome", Static)
        welcome.update(WELCOME)
        welcome.display = data.empty_database
        self.query_one("#overview").display = not data.empty_database
        for key, title in SECTIONS:
            entries: list[Entry] = getattr(data, key)
            total = data.total(key)
            widget = self.query_one(f"#list-{key}", EntryList)
            if total > SHOWN:
                note = f"… and {total - SHOWN} more — filter (/ or p) to narrow"
            else:
                note = "" if entries else EMPTY[key]
            widget.show(entries[:SHOWN], note, self._marked)
            label = title
            if key == "changes" and data.since:
                label = f"{title} ({data.since:%a %d %b})"
            count = f" · {total}" if entries else ""
            widget.border_title = Text(label + count)
        if not isinstance(self.focused, EntryList):
            self.query_one("#list-projects", EntryList).focus()
        self.fit_layout()

    # --- fitting the width ----------------------------------------------------------------

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (160, "-wide")]  # three rows of two show whole projects from 160

    def fit_layout(self) -> None:
        """Narrow, the sections stand one under another by importance, each as tall as its entries."""
        grid = self.query_one("#overview")
        narrow = self.has_class("-narrow")
        order = IMPORTANCE if narrow else [key for key, _ in SECTIONS]
        sections = [self.query_one(f"#list-{key}") for key in order]
        if list(grid.children) != sections:
            for section in sections:
                grid.move_child(section, after=len(grid.children) - 1)
        self.call_after_refresh(self._size_sections)

    def _size_sections(self) -> None:
        narrow = self.has_class("-narrow")
        for key, _ in SECTIONS:
            section = self.query_one(f"#list-{key}", EntryList)
            if not narrow:
                section.styles.height = "1fr"
                continue
            lines = section.virtual_size.height
            section.styles.height = max(1, min(lines, STACKED_LINES[key])) + 2  # the border, the title on it

    def _marked(self, entry: Entry) -> bool:
        """Return whether an entry's item was just changed elsewhere."""
        kind = "change_request" if entry.kind == "change" else entry.kind
        return entry.ref.isdigit() and self.is_marked(kind, int(entry.ref))

    def action_section(self, step: int) -> None:
        """Move to the next or previous section."""
        lists = list(self.query(EntryList).results(EntryList))
        current = self.focused if isinstance(self.focused, EntryList) else lists[0]
        index = (lists.index(current) + step) % len(lists) if current in lists else 0
        lists[index].focus()

    def action_cursor(self, step: int) -> None:
        """Move the highlight of the focused section."""
        widget = self.focused
        if isinstance(widget, EntryList):
            widget.action_cursor(step)

    def action_open(self) -> None:
        """Open the highlighted entry of the focused section."""
        widget = self.focused
        if isinstance(widget, EntryList):
            widget.action_choose()

    @on(EntryList.Chosen)
    def _chosen(self, event: EntryList.Chosen) -> None:
        self.open_entry(f"{event.entry.kind}:{event.entry.ref}")
