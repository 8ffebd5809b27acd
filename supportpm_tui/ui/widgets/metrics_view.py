"""A project's metrics and its post-implementation review, for the Reports view.

:class:`MetricsView` shows the output metrics, each outcome metric as before → after → target with its
verdict, the ticket volume around the go-live, and a chart of one metric's readings with its baseline and
target; ``n`` shows the same readings as a table (a screen reader reads the numbers there), ``m`` chooses
the next metric. :class:`ReviewView` shows the three answers of the review.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

if TYPE_CHECKING:
    from supportpm_tui.services.metrics import OutcomeLine, ProjectMetrics
    from supportpm_tui.services.reviews import ReviewRecord


class MetricsView(Widget, can_focus=True):
    """One project's metrics; ``show(metrics)`` fills it in, ``n`` swaps the chart for a table of readings."""

    DEFAULT_CSS = """
    MetricsView {
        height: auto;
        padding: 0 1;
    }
    MetricsView .metrics-heading {
        text-style: bold;
        margin-top: 1;
    }
    MetricsView #metrics-chart {
        height: 14;
    }
    MetricsView #metrics-readings {
        height: auto;
        max-height: 14;
    }
    """
    BINDINGS = [
        Binding("n", "toggle_table", "Numbers", id="metrics.numbers"),
        Binding("m", "next_metric", "Next metric", id="metrics.next"),
    ]

    as_table: reactive[bool] = reactive(False)
    selected: reactive[int] = reactive(0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.metrics: ProjectMetrics | None = None

    def compose(self) -> ComposeResult:
        yield Static("No project chosen.", id="metrics-output", markup=False)
        yield Static("Outcomes", classes="metrics-heading", markup=False)
        yield Static("", id="metrics-outcomes", markup=False)
        yield Static("", id="metrics-tickets", markup=False)
        yield Static("", id="metrics-chart-title", classes="metrics-heading", markup=False)
        with Vertical(id="metrics-figures"):
            yield PlotextPlot(id="metrics-chart")
            table: DataTable[str] = DataTable(id="metrics-readings", cursor_type="row", zebra_stripes=True)
            table.display = False
            yield table

    # --- the API ------------------------------------------------------------------------

    def show(self, metrics: ProjectMetrics, metric_id: int | None = None) -> None:
        """Show ``metrics`` (from ``services.metrics.project_metrics``); chart ``metric_id``, else the one shown."""
        previous = self.current()
        self.metrics = metrics
        wanted = metric_id if metric_id is not None else (previous.id if previous else None)
        ids = [o.id for o in metrics.outcomes]
        self.selected = ids.index(wanted) if wanted in ids else 0
        self._fill()

    def current(self) -> OutcomeLine | None:
        """Return the outcome metric whose readings are charted, if any."""
        if self.metrics is None or not self.metrics.outcomes:
            return None
        return self.metrics.outcomes[min(self.selected, len(self.metrics.outcomes) - 1)]

    def text(self) -> str:
        """Return everything the view shows, as plain lines (what a screen reader or a copy gets)."""
        from supportpm_tui.services.metrics import render_metrics

        return render_metrics(self.metrics) if self.metrics is not None else ""

    # --- actions ------------------------------------------------------------------------

    def action_toggle_table(self) -> None:
        """Show the readings as a table of numbers instead of the chart, or the chart again."""
        self.as_table = not self.as_table

    def action_next_metric(self) -> None:
        """Chart the next outcome metric's readings."""
        if self.metrics is not None and self.metrics.outcomes:
            self.selected = (self.selected + 1) % len(self.metrics.outcomes)

    def watch_as_table(self) -> None:
        self._fill_figures()

    def watch_selected(self) -> None:
        self._fill_figures()

    # --- drawing ------------------------------------------------------------------------

    def _fill(self) -> None:
        from supportpm_tui.services.metrics import as_of, output_lines

        if self.metrics is None or not self.is_mounted:
            return
        m = self.metrics
        self.query_one("#metrics-output", Static).update(
            "\n".join([f"{m.name} ({m.project}), as of {as_of(m)}", *output_lines(m.output)])
        )
        outcomes = "\n".join(o.line for o in m.outcomes) or "No outcome metrics yet."
        self.query_one("#metrics-outcomes", Static).update(outcomes)
        self.query_one("#metrics-tickets", Static).update(m.tickets.line)
        self._fill_figures()

    def _fill_figures(self) -> None:
        if not self.is_mounted:
            return
        outcome = self.current()
        chart = self.query_one("#metrics-chart", PlotextPlot)
        table: DataTable[str] = self.query_one("#metrics-readings", DataTable)
        title = self.query_one("#metrics-chart-title", Static)
        if outcome is None:
            title.update("")
            chart.display = table.display = False
            return
        how = "chart (n: the numbers as a table" if not self.as_table else "table (n: the chart"
        count = len(self.metrics.outcomes) if self.metrics else 0
        more = f"; m: next metric, {self.selected + 1} of {count}" if count > 1 else ""
        title.update(f"Readings of {outcome.name}: {how}{more})")
        chart.display, table.display = not self.as_table, self.as_table
        self._fill_table(table, outcome)
        self._fill_chart(chart, outcome)

    @staticmethod
    def _fill_table(table: DataTable[str], outcome: OutcomeLine) -> None:
        from supportpm_tui.services.metrics import amount
        from supportpm_tui.services.reviews import long_day

        table.clear(columns=True)
        table.add_columns("Day", "Value", "Note")
        if outcome.baseline is not None:
            table.add_row("baseline", amount(outcome.baseline, outcome.unit), "")
        for reading in outcome.readings:
            table.add_row(long_day(reading.day), amount(reading.value, outcome.unit), reading.note)
        if outcome.target is not None:
            table.add_row("target", amount(outcome.target, outcome.unit), outcome.verdict)

    @staticmethod
    def _fill_chart(chart: PlotextPlot, outcome: OutcomeLine) -> None:
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(outcome.name + (f" ({outcome.unit})" if outcome.unit else ""))
        plt.date_form("Y-m-d")
        days = [reading.day for reading in outcome.readings]
        if days:
            plt.plot(days, [reading.value for reading in outcome.readings], marker="dot", label="readings")
            first, last = days[0], days[-1]
            if first == last:  # one reading: draw the lines across a day either side
                day = dt.date.fromisoformat(first)
                first = (day - dt.timedelta(days=1)).isoformat()
                last = (day + dt.timedelta(days=1)).isoformat()
            if outcome.baseline is not None:
                plt.plot([first, last], [outcome.baseline] * 2, label="baseline")
            if outcome.target is not None:
                plt.plot([first, last], [outcome.target] * 2, label="target")
            ends = sorted({first, last})
            plt.xticks(ends, [f"{dt.date.fromisoformat(d).day} {dt.date.fromisoformat(d):%b}" for d in ends])  # type: ignore[arg-type]  # dates, in the date form set above
        chart.refresh()

    def on_mount(self) -> None:
        self._fill()


class ReviewView(Widget):
    """A project's post-implementation review: what went well, what went badly, what to change next time."""

    DEFAULT_CSS = """
    ReviewView {
        height: auto;
        padding: 0 1;
    }
    ReviewView .review-heading {
        text-style: bold;
        margin-top: 1;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.review: ReviewRecord | None = None
        self.project = ""

    def compose(self) -> ComposeResult:
        from supportpm_tui.services.reviews import FIELDS, HEADINGS

        yield Static("", id="review-when", markup=False)
        for name in FIELDS:
            yield Static(HEADINGS[name], classes="review-heading", markup=False)
            yield Static("", id=f"review-{name.replace('_', '-')}", markup=False)

    def show(self, review: ReviewRecord | None, project: str = "") -> None:
        """Show ``review`` (from ``services.reviews.get_review``), or that ``project`` has none yet."""
        self.review, self.project = review, project or (review.project if review else "")
        self._fill()

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        from supportpm_tui.services.reviews import FIELDS, long_day

        if not self.is_mounted:
            return
        review = self.review
        when = (
            f"Post-implementation review of {review.name}, held on {long_day(review.day)}"
            if review
            else f"No post-implementation review of {self.project or 'this project'} yet."
        )
        self.query_one("#review-when", Static).update(when)
        for name in FIELDS:
            text = getattr(review, name).strip() if review else ""
            self.query_one(f"#review-{name.replace('_', '-')}", Static).update(text or "Nothing noted.")
