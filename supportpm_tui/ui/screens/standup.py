"""Standup (key 0, ``supportpm standup``): a full-screen walk for screen-sharing, one page per step.

The headline (red and amber projects and why, late and slipping milestones,
who is overloaded this week and next), then one page per person (done since
the last standup, in progress, blocked and why, their load this week), then
the decisions needed. Large, spaced text; one discreet line of keys; live
like every screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from supportpm_tui.readmodel.overview_entries import Entry
from supportpm_tui.readmodel.standup import Card, Load, PersonPage, StandupData
from supportpm_tui.ui.screens.base import BaseScreen

KEYS = "space / → next   ← / backspace back   home / end first / last   esc leave"
MARK = {"error": "✖", "warning": "▲", "success": "●", "": "·"}
STATE_MARK = {"overloaded": "⚠ overloaded", "strained": "▲ strained", "ok": "● ok"}


def _heading(text: Text, title: str) -> None:
    text.append(f"{title.upper()}\n", style="bold underline")
    text.append("\n")


def _entry(text: Text, entry: Entry, level_styles: dict[str, str]) -> None:
    style = level_styles.get(entry.level, "")
    text.append(f"  {MARK.get(entry.level, '·')} ", style=style)
    text.append(entry.label, style="bold")
    text.append("\n")
    if entry.detail:
        text.append(f"      {entry.detail}\n")
    text.append("\n")


class StandupScreen(BaseScreen[StandupData]):
    """The standup, page by page."""

    SCREEN_NAME = "Standup"
    LEGEND = ("✖ red / late / overloaded   ▲ amber / strained   ⚠ overloaded   ⊘ blocked",)
    BINDINGS = [
        Binding("space,right,l,pagedown,enter", "page(1)", "Next page", show=False, id="standup.next"),
        Binding("left,backspace,h,pageup", "page(-1)", "Previous page", show=False, id="standup.previous"),
        Binding("home", "first", "First page", show=False, id="standup.first"),
        Binding("end", "last", "Last page", show=False, id="standup.last"),
        Binding("escape", "leave", "Leave standup", show=False, id="standup.leave"),
    ]
    DEFAULT_CSS = """
    StandupScreen #standup-top { height: 1; padding: 0 2; color: $text-muted; }
    StandupScreen #standup-page { height: 1fr; padding: 1 4; }
    StandupScreen #standup-title { text-style: bold; color: $primary; height: auto; margin: 0 0 1 0; }
    StandupScreen #standup-body { height: auto; }
    StandupScreen #standup-keys { dock: bottom; height: 1; padding: 0 2; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.page = 0
        self.pages: list[tuple[str, Text]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="standup-top", markup=False)
        with VerticalScroll(id="standup-page", can_focus=False):
            yield Static("", id="standup-title", markup=False)
            yield Static("Opening…", id="standup-body", markup=False)
        yield Static(KEYS, id="standup-keys", markup=False)

    def refresh_header(self) -> None:
        """The standup's own top line: which page of how many, and the day."""
        from supportpm_tui.core import clock

        count = len(self.pages)
        where = f"page {self.page + 1} of {count}" if count else "loading"
        filt = self.session.filter.describe()
        line = f"Standup · {clock.today():%a %d %b} · {where}" + (f" · filter: {filt}" if filt else "")
        self.query_one("#standup-top", Static).update(line)

    def load_data(self) -> StandupData:
        from supportpm_tui.services.standup import load_standup

        return load_standup(self.session.store, self.session.filter)

    def show_data(self, data: StandupData) -> None:
        titles_before = [t for t, _ in self.pages]
        current = titles_before[self.page] if self.page < len(titles_before) else None
        self.pages = self._pages(data)
        titles = [t for t, _ in self.pages]
        if current in titles:  # a change elsewhere keeps the page in view, even if pages came or went
            self.page = titles.index(current)
        self.page = min(self.page, len(self.pages) - 1)
        self._draw()

    def _draw(self) -> None:
        title, body = self.pages[self.page] if self.pages else ("Standup", Text("Opening…"))
        self.query_one("#standup-title", Static).update(Text(title.upper(), style="bold"))
        self.query_one("#standup-body", Static).update(body)
        self.query_one("#standup-page", VerticalScroll).scroll_home(animate=False)
        self.refresh_header()

    def action_page(self, step: int) -> None:
        """Show the next or the previous page."""
        if self.pages:
            self.page = max(0, min(len(self.pages) - 1, self.page + step))
            self._draw()

    def action_first(self) -> None:
        """Show the headline again."""
        self.page = 0
        if self.pages:
            self._draw()

    def action_last(self) -> None:
        """Show the last page (the decisions needed)."""
        if self.pages:
            self.page = len(self.pages) - 1
            self._draw()

    def action_leave(self) -> None:
        """Leave the standup for the screen it was opened from."""
        back = getattr(self.app, "standup_return", None) or "overview"
        self.app.switch_mode(back)

    # --- the pages -------------------------------------------------------------------------------------

    def _pages(self, data: StandupData) -> list[tuple[str, Text]]:
        colours = self.app.get_css_variables()  # the theme's, so light and high contrast read as well
        levels = {
            "error": f"bold {colours.get('error', 'red')}",
            "warning": f"bold {colours.get('warning', 'yellow')}",
            "success": colours.get("success", "green"),
        }
        pages = self._headline(data, levels)
        for person in data.people:
            pages.append((person.name, self._person(person, levels)))
        pages.append(("Decisions needed", self._decisions(data, levels)))
        return pages

    def _headline(self, data: StandupData, levels: dict[str, str]) -> list[tuple[str, Text]]:
        """Return the headline's three pages: projects, milestones, people overloaded."""
        projects = Text()
        if not data.projects:
            projects.append("  ● Every active project is green.\n", style=levels["success"])
        for entry in data.projects:
            rag, _, why = entry.detail.partition(" · ")
            projects.append(f"  {MARK.get(entry.level, '·')} {rag} ", style=levels.get(entry.level, ""))
            projects.append(entry.label.replace("  ", " · ", 1), style="bold")
            projects.append(f"\n      {why}\n\n")
        milestones = Text()
        if not data.milestones:
            milestones.append("  ● Nothing late or slipping.\n", style=levels["success"])
        for entry in data.milestones:
            _entry(milestones, entry, levels)
        people = Text()
        if not data.overloaded:
            people.append("  ● Nobody is overloaded this week or next.\n\n", style=levels["success"])
        for entry in data.overloaded:
            people.append("  ⚠ overloaded ", style=levels["error"])
            people.append(entry.label, style="bold")
            people.append(f"\n      {entry.detail}\n\n")
        if data.since is not None:
            people.append(f"{data.news_total} changes since {data.since:%a %d %b}: the Overview (1) lists them.\n")
        return [
            ("Headline: projects red or amber", projects),
            ("Headline: milestones late or slipping", milestones),
            ("Headline: overloaded this week and next", people),
        ]

    def _person(self, person: PersonPage, levels: dict[str, str]) -> Text:
        text = Text()
        if person.this_week is not None:
            self._load(text, "This week", person.this_week, levels)
        if person.next_week is not None and person.next_week.state == "overloaded":
            self._load(text, "Next week", person.next_week, levels)
        if person.over_wip:
            text.append(f"  ▲ over WIP: {person.over_wip}\n", style=levels["warning"])
        text.append("\n")
        self._cards(text, "Done since last standup", person.done, "✔", "")
        self._cards(text, "In progress", person.in_progress, "▶", "")
        self._cards(text, "Blocked", person.blocked, "⊘", levels["error"])
        return text

    def _load(self, text: Text, when: str, load: Load, levels: dict[str, str]) -> None:
        style = {"overloaded": levels["error"], "strained": levels["warning"]}.get(load.state, levels["success"])
        text.append(f"  {when}: ", style="bold")
        text.append(STATE_MARK.get(load.state, load.state), style=style)
        text.append(f"  {load.shown} · {load.demand} h asked of {load.available} h available\n")

    def _cards(self, text: Text, title: str, cards: list[Card], mark: str, style: str) -> None:
        _heading(text, title)
        if not cards:
            text.append("  nothing\n\n", style="dim")
            return
        for card in cards:
            text.append(f"  {mark} ", style=style)
            text.append(card.title, style="bold")
            text.append(f"  {card.project}\n" if card.project else "\n")
            if card.reason:
                text.append(f"      blocked: {card.reason}\n", style=style)
            text.append("\n")

    def _decisions(self, data: StandupData, levels: dict[str, str]) -> Text:
        text = Text()
        if not data.decisions:
            text.append("  ● No decisions waiting.\n", style=levels["success"])
        for entry in data.decisions:
            _entry(text, entry, levels)
        text.append("\nThat is the standup. esc goes back to the dashboard.\n", style="dim")
        return text
