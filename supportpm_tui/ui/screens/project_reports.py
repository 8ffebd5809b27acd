"""A project's reports, reached with ``g`` from the Projects screen: its burndown, its metrics and its review.

Each tab's chart has its numbers one key (``n``) away. The burndown covers the
project or one of its milestones (``m`` goes through them), from the start or
the last four weeks (``f``). Metrics are added, edited, read and deleted here,
and the go-live that turns on the ticket volume before and after is chosen
here. ``ctrl+y`` copies the tab as Markdown, as the reports put it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from supportpm_tui.core.errors import UserError
from supportpm_tui.ui.modals.dialogs import ConfirmModal
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.widgets.burndown import BurndownView
from supportpm_tui.ui.widgets.metrics_view import MetricsView, ReviewView

if TYPE_CHECKING:
    from supportpm_tui.services.burndown import Burndown
    from supportpm_tui.services.metrics import MetricRecord, ProjectMetrics
    from supportpm_tui.services.reviews import ReviewRecord

TABS = ("burndown", "metrics", "review")
RECENT_WEEKS = 4
# The keys of each tab; the others are hidden from the key bar while it shows.
TAB_ACTIONS = {
    "burndown": {"scope", "span"},
    "metrics": {"add_metric", "edit", "read", "go_live", "delete"},
    "review": {"edit", "delete"},
}


@dataclass(frozen=True)
class ReportsData:
    """What the screen shows of one project."""

    burndown: Burndown | None
    burndown_error: str
    metrics: ProjectMetrics | None
    metric_records: list[MetricRecord]
    review: ReviewRecord | None
    milestones: list[str]
    go_live: str | None
    error: str


class ProjectReportsScreen(BaseScreen[ReportsData]):
    """One project's burndown, metrics and post-implementation review, live like the other screens."""

    SCREEN_NAME = "Reports"
    DEFAULT_CSS = """
    #reports-title { height: 1; padding: 0 1; color: $text-muted; }
    #reports-tabs { height: 1fr; }
    """
    LEGEND = (
        "burndown: hours remaining at the end of each working day, from the activity log; "
        "ideal: a straight line to the due date; forecast: the plan's",
        "metrics: before → after → target, with the verdict; tickets per week: the team's, four weeks before and "
        "after the go-live",
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="reports.back"),
        Binding("right_square_bracket", "next_tab", "Next tab", id="reports.next_tab"),
        Binding("left_square_bracket", "previous_tab", "Previous tab", show=False, id="reports.previous_tab"),
        Binding("m", "scope", "Milestone", id="reports.scope"),
        Binding("f", "span", "4 weeks / all", id="reports.span"),
        Binding("a", "add_metric", "Add metric", id="reports.metric_add"),
        Binding("e", "edit", "Edit", id="reports.edit"),
        Binding("v", "read", "Add reading", id="reports.reading_add"),
        Binding("G", "go_live", "Go-live", id="reports.go_live"),
        Binding("d", "delete", "Delete", id="reports.delete"),
        Binding("ctrl+y", "copy", "Copy", id="reports.copy"),
    ]

    def __init__(self, key: str, tab: str = "burndown") -> None:
        super().__init__()
        self.key = key
        self.first_tab = tab if tab in TABS else "burndown"
        self.milestone: str | None = None
        self.recent = False

    def compose_body(self) -> ComposeResult:
        yield Static("", id="reports-title", markup=False)
        with TabbedContent(initial=self.first_tab, id="reports-tabs"):
            with TabPane("Burndown", id="burndown"):
                yield BurndownView(id="reports-burndown")
            with TabPane("Metrics", id="metrics"), VerticalScroll():
                yield MetricsView(id="reports-metrics")
            with TabPane("Review", id="review"), VerticalScroll():
                yield ReviewView(id="reports-review")

    def on_mount(self) -> None:
        self._focus_tab()

    @property
    def tab(self) -> str:
        """Return the id of the tab shown."""
        return self.query_one(TabbedContent).active or self.first_tab

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tabbed = set().union(*TAB_ACTIONS.values())
        return action not in tabbed or action in TAB_ACTIONS.get(self.tab, set())

    def _retitle(self) -> None:
        """Say which project this is and, on the burndown, what it covers."""
        data = self.last_data
        title = self.query_one("#reports-title", Static)
        if data is not None and data.error:
            title.update(f"{self.key}: {data.error}")
            return
        what = ""
        if self.tab == "burndown":
            span = f"last {RECENT_WEEKS} weeks" if self.recent else "from the start"
            scope = f"milestone {self.milestone}" if self.milestone else "the whole project"
            what = f" · burndown of {scope}, {span}"
        title.update(f"{self.key}{what} · ] next tab · esc back to Projects")

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self._retitle()
        self.refresh_bindings()
        self._focus_tab()

    def _focus_tab(self) -> None:
        target = {"burndown": "#reports-burndown", "metrics": "#reports-metrics"}.get(self.tab)
        if target is not None:
            self.query_one(target).focus()

    # --- loading ----------------------------------------------------------------------------

    def load_data(self) -> ReportsData:
        from supportpm_tui.services.burndown import burndown
        from supportpm_tui.services.metrics import list_metrics, project_metrics
        from supportpm_tui.services.records import milestone_records
        from supportpm_tui.services.reviews import get_review

        store = self.session.store
        try:
            milestones = milestone_records(store, self.key)
            metrics = project_metrics(store, self.key)
            records = list_metrics(store, self.key)
            review = get_review(store, self.key)
        except UserError as error:  # the project was deleted or renamed elsewhere
            return ReportsData(None, "", None, [], None, [], None, str(error))
        names = [m.name for m in milestones]
        if self.milestone not in names:
            self.milestone = None
        chart, problem = None, ""
        try:
            chart = burndown(store, self.key, self.milestone, RECENT_WEEKS if self.recent else None)
        except UserError as error:
            problem = str(error)
        go_live = metrics.tickets.go_live
        return ReportsData(chart, problem, metrics, records, review, names, go_live, "")

    def show_data(self, data: ReportsData) -> None:
        self._retitle()
        if data.error:
            return
        if data.burndown is not None:
            self.query_one(BurndownView).show(data.burndown)
        elif data.burndown_error:
            self.query_one("#burndown-title", Static).update(f"No burndown: {data.burndown_error}")
        if data.metrics is not None:
            self.query_one(MetricsView).show(data.metrics)
        self.query_one(ReviewView).show(data.review, self.key)

    # --- keys ---------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Go back to the Projects screen."""
        self.dismiss(None)

    def _switch(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(self.tab) + step) % len(TABS)]

    def action_next_tab(self) -> None:
        """Show the next tab."""
        self._switch(1)

    def action_previous_tab(self) -> None:
        """Show the previous tab."""
        self._switch(-1)

    def action_scope(self) -> None:
        """Show the burndown of the next milestone (after the last, the whole project again)."""
        data = self.last_data
        if data is None or not data.milestones:
            return
        order: list[str | None] = [None, *data.milestones]
        self.milestone = order[(order.index(self.milestone) + 1) % len(order)]
        self.reload()

    def action_span(self) -> None:
        """Show the burndown from the start, or only the last four weeks."""
        self.recent = not self.recent
        self.reload()

    def _metric(self) -> MetricRecord | None:
        shown = self.query_one(MetricsView).current()
        data = self.last_data
        if shown is None or data is None:
            self.notify("No metric yet: a adds one.", timeout=4)
            return None
        return next((m for m in data.metric_records if m.id == shown.id), None)

    def action_add_metric(self) -> None:
        """Add an outcome metric to the project."""
        from supportpm_tui.ui.forms.metric import new_metric_form

        self.app.push_screen(new_metric_form(self.write, self.key))

    def action_edit(self) -> None:
        """Edit the metric shown (Metrics), or the review (Review)."""
        from supportpm_tui.ui.forms.metric import edit_metric_form, review_form

        if self.tab == "review":
            data = self.last_data
            self.app.push_screen(review_form(self.write, self.key, data.review if data else None))
            return
        metric = self._metric()
        if metric is not None:
            self.app.push_screen(edit_metric_form(self.write, metric))

    def action_read(self) -> None:
        """Add a reading of the metric shown."""
        from supportpm_tui.ui.forms.metric import new_reading_form

        metric = self._metric()
        if metric is not None:
            self.app.push_screen(new_reading_form(self.write, metric))

    def action_go_live(self) -> None:
        """Choose the project's go-live milestone (empty: none)."""
        from supportpm_tui.ui.forms.metric import go_live_form

        data = self.last_data
        self.app.push_screen(go_live_form(self.write, self.key, data.go_live if data else None))

    def action_delete(self) -> None:
        """Delete the metric shown and its readings (Metrics), or the review (Review); asks, undoable."""
        if self.tab == "review":
            self._delete_review()
            return
        from supportpm_tui.services.metrics import delete_metric

        metric = self._metric()
        if metric is None:
            return
        metric_id, name = metric.id, metric.name

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda store: delete_metric(store, metric_id), success=f"metric {name} deleted")

        details = [f"Its {metric.readings} reading(s) go with it; u undoes."] if metric.readings else []
        self.app.push_screen(ConfirmModal(f"Delete the metric {name}?", details=details), answered)

    def _delete_review(self) -> None:
        from supportpm_tui.services.reviews import delete_review

        data, key = self.last_data, self.key
        if data is None or data.review is None:
            self.notify(f"{key} has no review yet: e writes one.", timeout=4)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda store: delete_review(store, key), success=f"review of {key} deleted")

        self.app.push_screen(ConfirmModal(f"Delete the review of {key}?", details=["u undoes."]), answered)

    def action_copy(self) -> None:
        """Copy the tab shown as Markdown, as the reports put it."""
        text = self.markdown()
        if text:
            self.app.copy_to_clipboard(text)
            self.notify(f"{self.tab.capitalize()} copied as Markdown", timeout=3)
        else:
            self.notify(f"Nothing to copy yet on {self.tab.capitalize()}.", timeout=4)

    def markdown(self) -> str:
        """Return the tab shown as Markdown."""
        from supportpm_tui.services.burndown import burndown_markdown
        from supportpm_tui.services.metrics import render_metrics
        from supportpm_tui.services.reviews import render_review

        data = self.last_data
        if data is None:
            return ""
        if self.tab == "burndown":
            return burndown_markdown(data.burndown) if data.burndown is not None else ""
        if self.tab == "metrics":
            return render_metrics(data.metrics) if data.metrics is not None else ""
        return render_review(data.review) if data.review is not None else ""
