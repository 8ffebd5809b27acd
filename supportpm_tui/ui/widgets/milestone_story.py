"""The selected milestone's story under the Timeline: dates, forecast and why, links, cards, risks, due-date moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from supportpm_tui.services.timeline import TimelineRow, TimelineStory
from supportpm_tui.ui.themes import text_colours
from supportpm_tui.ui.widgets.timeline_chart import STATUS_LEVEL, status_words

NOTHING_SELECTED = "Select a milestone to see its forecast and why."


class StoryPane(VerticalScroll, can_focus=False):
    """The selected milestone's story; never takes the keys from the chart."""

    def compose(self) -> ComposeResult:
        yield Static("", id="timeline-story", markup=False)

    def show(self, story: TimelineStory | None) -> None:
        """Tell ``story``, or ask for a milestone to be selected."""
        text = NOTHING_SELECTED if story is None else story_text(story, text_colours(self.app))
        self.query_one("#timeline-story", Static).update(text)


def story_text(s: TimelineStory, colours: Mapping[str, str]) -> Text:
    """Return the story of a milestone, its status in the theme's colour for it."""
    level = STATUS_LEVEL.get(s.status, "muted")
    colour = {"error": colours["error"], "warning": colours["warning"], "success": colours["success"]}.get(
        level, colours.get("text-muted", "")
    )
    row = TimelineRow("milestone", s.name, s.id, status=s.status, slip_days=s.slip_days)
    text = Text()
    text.append(f"{s.project} · {s.name}", style="bold")
    text.append(f"   {status_words(row)}", style=f"bold {colour}")
    if s.deliverable:
        text.append(f"\nDeliverable: {s.deliverable}")
    text.append(f"\nOwner: {s.owner or 'nobody'}    Baseline {_day(s.baseline)}    Due {_day(s.due)}")
    forecast = "none (see why below)" if s.forecast is None else _day(s.forecast)
    text.append(f"    Forecast {forecast}" + ("  (beyond the forecast limit)" if s.beyond_limit else ""))
    if s.done:
        text.append(f"    Done {_day(s.done)}")
    drivers = ", ".join(f"{d.person} {d.hours:g} h" for d in s.drivers) or "no assigned work left"
    text.append(f"\nWhy: {drivers}")
    if s.unassigned_hours:
        text.append(f"; {s.unassigned_hours:g} h unassigned (cannot be scheduled)", style=colours["warning"])
    if s.reasons:
        text.append(f"\n     {'; '.join(s.reasons)}")
    text.append(f"\nAfter: {', '.join(s.predecessors) or '—'}    Before: {', '.join(s.successors) or '—'}")
    tasks = "; ".join(f"#{t.id} {t.title} [{t.column.replace('_', ' ')}]" for t in s.tasks) or "none"
    text.append(f"\nTasks: {tasks}")
    if s.gates:
        text.append(f"\nGated by (checklist, not done): {'; '.join(s.gates)}", style=colours["warning"])
    risks = "; ".join(f"#{r.id} {r.title} ({r.score} {r.band}, {r.status})" for r in s.risks)
    text.append(f"\nRisks: {risks or 'none'}")
    pending = "; ".join(f"#{c.id} {c.title} ({c.days:+d} working days, {c.status})" for c in s.pending_changes)
    if pending:
        text.append(f"\nDecision needed: {pending}", style=f"bold {colours['warning']}")
    history = "; ".join(f"{h.when} {h.old} → {h.new} ({h.why}, {h.who})" for h in s.history)
    text.append(f"\nDue date moves: {history or 'none since the baseline'}")
    return text


def _day(value: dt.date | None) -> str:
    return value.strftime("%a %d %b %Y") if isinstance(value, dt.date) else "—"
