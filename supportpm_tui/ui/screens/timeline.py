"""Timeline (key 3): which milestones are slipping, by how much and why."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.timescale import TimeScale
from supportpm_tui.services import milestones
from supportpm_tui.services.timeline import TimelineData, TimelineRow, load_timeline, milestone_story
from supportpm_tui.ui import messages
from supportpm_tui.ui.modals.dialogs import ConfirmModal
from supportpm_tui.ui.modals.form import FormField, FormModal, field_value
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.widgets.timeline_chart import (
    BAR,
    BASELINE,
    DONE,
    DUE,
    FORECAST,
    SLIP,
    STATUS_LEVEL,
    TODAY,
    TimelineChart,
    status_words,
)

EMPTY = (
    "No milestones yet. Press n to add one — it needs a project: add one with ctrl+p → “New project…” "
    "(or supportpm project add KEY NAME)."
)


class StoryPane(VerticalScroll, can_focus=False):
    """The selected milestone's story; never takes the keys from the chart."""


class TimelineScreen(BaseScreen[TimelineData]):
    """Milestones against time: plan, baseline, forecast, slip and today."""

    SCREEN_NAME = "Timeline"
    LEGEND = (
        f"{BAR} plan (start to due)   {DUE} due   {BASELINE} baseline   {FORECAST} forecast   {SLIP} slip   "
        f"{DONE} done   {TODAY} today",
        "✖ late or slipping   ▲ at risk   ● on track   the slip is counted in working days",
    )
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Previous milestone", show=False),
        Binding("down,j", "cursor(1)", "Next milestone", show=False),
        Binding("pageup", "cursor(-10)", "Ten milestones up", show=False),
        Binding("pagedown", "cursor(10)", "Ten milestones down", show=False),
        Binding("home", "cursor_to(0)", "First milestone", show=False),
        Binding("end", "cursor_to(-1)", "Last milestone", show=False),
        Binding("left,h", "scroll_time(-1)", "Earlier", show=False),
        Binding("right,l", "scroll_time(1)", "Later", show=False),
        Binding("left_square_bracket", "scroll_time(-4)", "Scroll back", show=False),
        Binding("right_square_bracket", "scroll_time(4)", "Scroll on", show=False),
        Binding("plus,equals_sign", "zoom(1)", "Zoom in", show=False),
        Binding("minus", "zoom(-1)", "Zoom out", show=False),
        Binding("t", "today", "Today"),
        Binding("n", "new", "New"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete", show=False),
        Binding("x", "done", "Done"),
        Binding("enter", "open_tasks", "Tasks on Board"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: TimelineData | None = None
        self.pending_select: int | None = None
        self.story: dict[str, Any] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(EMPTY, id="timeline-empty", markup=False)
        yield TimelineChart(id="timeline")
        with StoryPane(id="timeline-detail"):
            yield Static("", id="timeline-story", markup=False)

    @property
    def chart(self) -> TimelineChart:
        """Return the chart widget."""
        return self.query_one(TimelineChart)

    def on_mount(self) -> None:
        self.chart.set_scale(TimeScale.around(clock.today()))
        super().on_mount()

    def load_data(self) -> TimelineData:
        return load_timeline(self.session.store, self.session.filter)

    def show_data(self, data: TimelineData) -> None:
        self.data = data
        empty = not data.milestone_rows()
        self.query_one("#timeline-empty").display = empty
        self.chart.set_rows(data.rows, data.today, keep=self.pending_select)
        self.pending_select = None
        self.load_story()

    @on(messages.ShowEntry)
    def _show_entry(self, event: messages.ShowEntry) -> None:
        self.select_milestone(event.ident)

    def select_milestone(self, milestone_id: int) -> None:
        """Select milestone ``milestone_id`` (now, or once the data has loaded) and show its dates."""
        self.pending_select = milestone_id
        if self.data is not None:
            self.show_data(self.data)
        row = next((r for r in (self.data.rows if self.data else []) if r.milestone_id == milestone_id), None)
        if row is not None and row.due is not None:
            self.chart.set_scale(TimeScale.around(min(row.due, clock.today()), self.chart.scale.level))

    # --- the selected milestone's story ---------------------------------------------

    def load_story(self) -> None:
        """Load the selected milestone's detail in a worker."""
        mid = self.chart.selected_id
        if mid is None:
            self.query_one("#timeline-story", Static).update("Select a milestone to see its forecast and why.")
            return
        self.run_worker(
            lambda: self._story_in_thread(mid), thread=True, exclusive=True, group="story", exit_on_error=False
        )

    def _story_in_thread(self, mid: int) -> None:
        try:
            story = milestone_story(self.session.store, mid)
        except UserError:
            return
        self.app.call_from_thread(self._show_story, story)

    def _show_story(self, story: dict[str, Any]) -> None:
        if story["id"] != self.chart.selected_id:
            return
        self.story = story
        self.query_one("#timeline-story", Static).update(self._story_text(story))

    def _story_text(self, s: dict[str, Any]) -> Text:
        colours = self.app.theme_variables
        level = STATUS_LEVEL.get(s["status"], "muted")
        colour = {"error": colours["error"], "warning": colours["warning"], "success": colours["success"]}.get(
            level, colours.get("text-muted", "")
        )
        row = TimelineRow("milestone", s["name"], s["id"], status=s["status"], slip_days=s["slip_days"])
        text = Text()
        text.append(f"{s['project']} · {s['name']}", style="bold")
        text.append(f"   {status_words(row)}", style=f"bold {colour}")
        if s["deliverable"]:
            text.append(f"\nDeliverable: {s['deliverable']}")
        text.append(f"\nOwner: {s['owner'] or 'nobody'}    Baseline {_day(s['baseline'])}    Due {_day(s['due'])}")
        text.append(
            f"    Forecast {_day(s['forecast'])}" + ("  (beyond the forecast limit)" if s["beyond_limit"] else "")
        )
        if s["done"]:
            text.append(f"    Done {_day(s['done'])}")
        drivers = ", ".join(f"{name} {hours:g} h" for name, hours in s["drivers"]) or "no assigned work left"
        text.append(f"\nWhy: {drivers}")
        if s["unassigned_hours"]:
            text.append(f"; {s['unassigned_hours']:g} h unassigned (cannot be scheduled)", style=colours["warning"])
        if s["reasons"]:
            text.append(f"\n     {'; '.join(s['reasons'])}")
        text.append(f"\nAfter: {', '.join(s['predecessors']) or '—'}    Before: {', '.join(s['successors']) or '—'}")
        tasks = "; ".join(f"#{t['id']} {t['title']} [{t['column'].replace('_', ' ')}]" for t in s["tasks"]) or "none"
        text.append(f"\nTasks: {tasks}")
        risks = "; ".join(f"#{r['id']} {r['title']} ({r['score']} {r['band']}, {r['status']})" for r in s["risks"])
        text.append(f"\nRisks: {risks or 'none'}")
        pending = "; ".join(
            f"#{c['id']} {c['title']} ({c['days']:+d} working days, {c['status']})" for c in s["pending_changes"]
        )
        if pending:
            text.append(f"\nDecision needed: {pending}", style=f"bold {colours['warning']}")
        history = "; ".join(f"{h['when']} {h['from']} → {h['to']} ({h['why']}, {h['who']})" for h in s["history"])
        text.append(f"\nDue date moves: {history or 'none since the baseline'}")
        return text

    # --- keys ------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Select another milestone."""
        before = self.chart.selected_id
        self.chart.move_cursor(step)
        if self.chart.selected_id != before:
            self.load_story()

    def action_cursor_to(self, end: int) -> None:
        """Select the first or last milestone."""
        self.chart.cursor_to(end)
        self.load_story()

    @on(TimelineChart.Clicked)
    def _clicked(self) -> None:
        self.load_story()

    def action_scroll_time(self, steps: int) -> None:
        """Show earlier or later weeks (or months)."""
        self.chart.set_scale(self.chart.scale.scrolled(steps))

    def action_zoom(self, change: int) -> None:
        """Zoom in (days, weeks) or out (months)."""
        anchor = self.chart.selected.due if self.chart.selected and self.chart.selected.due else clock.today()
        anchor = min(anchor, clock.today())
        self.chart.set_scale(self.chart.scale.zoomed(change, anchor))

    def action_today(self) -> None:
        """Bring today back into view."""
        self.chart.set_scale(TimeScale.around(clock.today(), self.chart.scale.level))

    def action_open_tasks(self) -> None:
        """Show the selected milestone's tasks on the Board."""
        row = self.chart.selected
        if row is None:
            return
        self.apply_filter(Filter(project=row.project).with_milestone(row.label))
        self.app.switch_mode("board")

    def action_new(self) -> None:
        """Add a milestone."""
        project = self.session.filter.project or (self.chart.selected.project if self.chart.selected else "")
        fields = [
            FormField("project", "Project (key)", project, required=True, placeholder="e.g. MFA"),
            *self._fields({}),
        ]

        def submit(form: FormModal, values: dict[str, Any]) -> None:
            key, name, due = values.pop("project"), values.pop("name"), values.pop("due")
            extra = _milestone_values(values, clearing=False)

            def add(store: Any) -> Any:
                created = milestones.add_milestone(store, key, name, due, **extra)
                self.pending_select = created.id
                return created

            self.write(add, done=form.done, failed=form.fail, success=f"milestone {name} added")

        self.app.push_screen(FormModal("New milestone", fields, submit))

    def action_edit(self) -> None:
        """Edit the selected milestone."""
        story = self.story
        if story is None or story["id"] != self.chart.selected_id:
            return
        mid = story["id"]
        fields = self._fields(story)

        def submit(form: FormModal, values: dict[str, Any]) -> None:
            kwargs = _milestone_values(values, clearing=True)
            self.pending_select = mid
            self.write(
                lambda store: milestones.edit_milestone(store, str(mid), milestones.MilestoneChanges(**kwargs)),
                done=form.done,
                failed=form.fail,
                success="milestone saved",
            )

        self.app.push_screen(FormModal(f"Edit milestone {story['name']}", fields, submit))

    def _fields(self, s: dict[str, Any]) -> list[FormField]:
        def text(key: str) -> str:
            return field_value(s.get(key))

        return [
            FormField("name", "Name", text("name"), required=True),
            FormField(
                "due",
                "Due (moves the due date; the baseline stays)",
                text("due"),
                kind="date",
                required=True,
                placeholder="2026-12-01, fri, +2w",
            ),
            FormField("owner", "Owner", text("owner"), suggestions=self.dash_people()),
            FormField("deliverable", "Deliverable", text("deliverable")),
            FormField("workstream", "Workstream", text("workstream"), placeholder="empty: none"),
            FormField("buffer", "Buffer (working days)", text("buffer_days"), kind="number", low=0, high=100),
            FormField("after", "After (predecessors, comma separated)", text("predecessors")),
        ]

    def dash_people(self) -> list[str]:
        """Return the owners already shown, for suggestions."""
        rows = self.data.rows if self.data else []
        return sorted({r.owner for r in rows if r.owner})

    def action_delete(self) -> None:
        """Delete the selected milestone after confirming."""
        row = self.chart.selected
        if row is None or row.milestone_id is None:
            return
        mid = row.milestone_id

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(
                    lambda store: milestones.delete_milestone(store, str(mid)), success=f"milestone {row.label} deleted"
                )

        self.app.push_screen(ConfirmModal(f"Delete milestone {row.project} · “{row.label}”?"), answered)

    def action_done(self) -> None:
        """Mark the selected milestone done, asking the date (default today)."""
        row = self.chart.selected
        if row is None or row.milestone_id is None:
            return
        mid = row.milestone_id
        fields = [FormField("date", "Done on", "today", kind="date", required=True)]

        def submit(form: FormModal, values: dict[str, Any]) -> None:
            self.pending_select = mid
            self.write(
                lambda store: milestones.mark_done(store, str(mid), day=values["date"]),
                done=form.done,
                failed=form.fail,
                success=f"{row.label} marked done",
            )

        self.app.push_screen(FormModal(f"Mark “{row.label}” done", fields, submit))


def _day(value: Any) -> str:
    return value.strftime("%a %d %b %Y") if isinstance(value, dt.date) else "—"


def _milestone_values(values: dict[str, Any], clearing: bool) -> dict[str, Any]:
    """Return form values as service arguments."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "after":
            if value is not None or clearing:
                out["after"] = [p.strip() for p in (value or "").split(",") if p.strip()]
        elif key == "buffer":
            if value is not None:
                out["buffer"] = int(value)
        elif value is None:
            if clearing and key in ("owner", "deliverable", "workstream"):
                out[key] = "" if key == "deliverable" else None
        else:
            out[key] = value
    return out
