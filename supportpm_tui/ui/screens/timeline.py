"""Timeline (key 3): which milestones are slipping, by how much and why."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.timescale import TimeScale
from supportpm_tui.services import checklists, milestones
from supportpm_tui.services.checklists import ChecklistRecord
from supportpm_tui.services.milestones import OpenTask
from supportpm_tui.services.timeline import (
    TimelineData,
    TimelineRow,
    TimelineStory,
    load_timeline,
    milestone_story,
)
from supportpm_tui.ui import messages
from supportpm_tui.ui.forms.milestone import edit_milestone_form, milestone_done_form, new_milestone_form
from supportpm_tui.ui.modals.dialogs import ConfirmModal
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.widgets.milestone_story import StoryPane
from supportpm_tui.ui.widgets.timeline_chart import (
    BAR,
    BASELINE,
    DONE,
    DUE,
    FORECAST,
    HOLIDAY,
    SLIP,
    TODAY,
    TimelineChart,
)

SHOWN_TASKS = 10  # the open tasks listed when marking a milestone done; then "and N more"
EMPTY = (
    "No milestones yet. Press n to add one — it needs a project: add one with ctrl+p → “New project…” "
    "(or supportpm project add KEY NAME)."
)


class TimelineScreen(BaseScreen[TimelineData]):
    """Milestones against time: plan, baseline, forecast, slip and today."""

    SCREEN_NAME = "Timeline"
    DRAWN_AHEAD = True
    LEGEND = (
        f"{BAR} plan (start to due)   {DUE} due   {BASELINE} baseline   {FORECAST} forecast   {SLIP} slip   "
        f"{DONE} done   {TODAY} today   {HOLIDAY} holiday for everyone",
        "✖ late or slipping   ▲ at risk   ● on track   ‖ on hold   ⊘ cancelled   ■ closed   "
        "the slip is counted in working days",
    )
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Previous milestone", show=False, id="timeline.cursor_up"),
        Binding("down,j", "cursor(1)", "Next milestone", show=False, id="timeline.cursor_down"),
        Binding("pageup", "cursor(-10)", "Ten milestones up", show=False, id="timeline.page_up"),
        Binding("pagedown", "cursor(10)", "Ten milestones down", show=False, id="timeline.page_down"),
        Binding("home", "cursor_to(0)", "First milestone", show=False, id="timeline.first_milestone"),
        Binding("end", "cursor_to(-1)", "Last milestone", show=False, id="timeline.last_milestone"),
        Binding("left,h", "scroll_time(-1)", "Earlier", show=False, id="timeline.earlier"),
        Binding("right,l", "scroll_time(1)", "Later", show=False, id="timeline.later"),
        Binding("left_square_bracket", "scroll_time(-4)", "Scroll back", show=False, id="timeline.scroll_back"),
        Binding("right_square_bracket", "scroll_time(4)", "Scroll on", show=False, id="timeline.scroll_on"),
        Binding("plus,equals_sign", "zoom(1)", "Zoom in", show=False, id="timeline.zoom_in"),
        Binding("minus", "zoom(-1)", "Zoom out", show=False, id="timeline.zoom_out"),
        Binding("t", "today", "Today", id="timeline.today"),
        Binding("n", "new", "New", id="timeline.new"),
        Binding("e", "edit", "Edit", id="timeline.edit"),
        Binding("d", "delete", "Delete", show=False, id="timeline.delete"),
        Binding("x", "done", "Done", id="timeline.done"),
        Binding("x", "reopen", "Reopen", id="timeline.reopen"),
        Binding("enter", "open_tasks", "Tasks on Board", id="timeline.open_tasks"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: TimelineData | None = None
        self.pending_select: int | None = None
        self.story: TimelineStory | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(EMPTY, id="timeline-empty", markup=False)
        yield TimelineChart(id="timeline")
        yield StoryPane(id="timeline-detail")

    @property
    def chart(self) -> TimelineChart:
        """Return the chart widget."""
        return self.query_one(TimelineChart)

    def on_mount(self) -> None:
        self.chart.set_scale(TimeScale.around(clock.today()))

    def load_data(self) -> TimelineData:
        return load_timeline(self.session.store, self.session.filter)

    def show_data(self, data: TimelineData) -> None:
        self.data = data
        empty = not data.milestone_rows()
        self.query_one("#timeline-empty").display = empty
        self.chart.set_rows(data.rows, data.today, keep=self.pending_select, holidays=data.holidays)
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
        """Load the selected milestone's detail in a worker (and offer done or reopen, as it is)."""
        self.refresh_bindings()
        mid = self.chart.selected_id
        if mid is None:
            self.query_one(StoryPane).show(None)
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

    def _show_story(self, story: TimelineStory) -> None:
        if story.id != self.chart.selected_id:
            return
        self.story = story
        self.query_one(StoryPane).show(story)

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
        self.apply_filter(Filter(project=row.project).with_milestone(row.label), show="board")

    def action_new(self) -> None:
        """Add a milestone."""
        project = self.session.filter.project or (self.chart.selected.project if self.chart.selected else "")
        self.app.push_screen(new_milestone_form(self.write, project, self.team_names(), self._will_select))

    def action_edit(self) -> None:
        """Edit the selected milestone."""
        story = self.story
        if story is None or story.id != self.chart.selected_id:
            return
        self.app.push_screen(edit_milestone_form(self.write, story, self.team_names(), self._will_select))

    def _will_select(self, milestone_id: int) -> None:
        """Select milestone ``milestone_id`` once the data saved with it has loaded."""
        self.pending_select = milestone_id

    def team_names(self) -> list[str]:
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer ``x`` as done on an open milestone and as reopen on a done one."""
        if action in ("done", "reopen"):
            charts = self.query(TimelineChart)
            row = charts.first().selected if charts else None
            return (row is not None and row.done is not None) == (action == "reopen")
        return True

    def help_keys(self) -> list[tuple[str, str, str]]:
        """Return the screen's keys; done and reopen both, whichever the selected milestone offers now."""
        keys = super().help_keys()
        listed = {binding_id for _, _, binding_id in keys}
        for _, binding in self._bindings:
            if binding.id in ("timeline.done", "timeline.reopen") and binding.id not in listed:
                listed.add(binding.id)
                keys.append((self.app.get_key_display(binding), binding.description, binding.id))
        return keys

    def action_done(self) -> None:
        """Mark the selected milestone done, asking the date (default today); first, ask if tasks are still open."""
        row = self.chart.selected
        if row is None or row.milestone_id is None or row.done is not None:
            return
        self.run_worker(
            lambda: self._open_tasks_in_thread(row), thread=True, exclusive=True, group="done", exit_on_error=False
        )

    def _open_tasks_in_thread(self, row: TimelineRow) -> None:
        try:
            left = milestones.open_tasks(self.session.store, str(row.milestone_id))
            gates = checklists.open_gates(self.session.store, str(row.milestone_id), row.project)
        except UserError as exc:
            self.app.call_from_thread(self.report, exc)
            return
        self.app.call_from_thread(self._ask_done, row, left, gates)

    def _ask_done(self, row: TimelineRow, left: list[OpenTask], gates: list[ChecklistRecord] | None = None) -> None:
        """Ask the done date; when tasks are ``left`` open or checklist items ``gates`` it, list them and ask first."""
        assert row.milestone_id is not None
        mid = row.milestone_id

        def ask_date(yes: bool | None = True) -> None:
            if yes:
                self.app.push_screen(milestone_done_form(self.write, mid, row.label, self._will_select))

        gates = gates or []
        if not left and not gates:
            ask_date()
            return
        lines = [
            f"#{task.id}  {task.title} · {task.column.replace('_', ' ')} · {task.assignee or 'unassigned'}"
            for task in left[:SHOWN_TASKS]
        ]
        if len(left) > SHOWN_TASKS:
            lines.append(f"… and {len(left) - SHOWN_TASKS} more")
        if left:
            lines += ["", "They stay on the Board as they are."]
        if gates:
            if left:
                lines.append("")
            lines.append("Rollout checklist items not done that gate it:")
            lines += [f"[ ] {gate_line(item)}" for item in gates[:SHOWN_TASKS]]
            if len(gates) > SHOWN_TASKS:
                lines.append(f"… and {len(gates) - SHOWN_TASKS} more")
        held = []
        if left:
            held.append("an open task" if len(left) == 1 else f"{len(left)} open tasks")
        if gates:
            held.append("an open checklist gate" if len(gates) == 1 else f"{len(gates)} open checklist gates")
        question = f"“{row.label}” still has {' and '.join(held)}. Mark it done anyway?"
        self.app.push_screen(ConfirmModal(question, "Mark done", lines, variant="warning"), ask_date)

    def action_reopen(self) -> None:
        """Reopen the selected done milestone (its done date is cleared), after confirming."""
        row = self.chart.selected
        if row is None or row.milestone_id is None or row.done is None:
            return
        mid = row.milestone_id

        def answered(yes: bool | None) -> None:
            if yes:
                self.pending_select = mid
                self.write(lambda store: milestones.reopen(store, str(mid)), success=f"{row.label} reopened")

        done = f"{row.done.day} {row.done:%b %Y}"
        question = f"Reopen “{row.label}”? It was marked done on {done}; that date is cleared."
        self.app.push_screen(ConfirmModal(question, "Reopen", variant="primary"), answered)


def gate_line(item: ChecklistRecord) -> str:
    """Return a gating checklist item in a line: title, owner, due (overdue said)."""
    parts = [item.title, item.owner or "no owner"]
    if item.due:
        parts.append(f"due {item.due}" + (" (overdue)" if item.overdue else ""))
    return " · ".join(parts)
