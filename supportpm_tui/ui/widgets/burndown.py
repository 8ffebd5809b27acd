"""A burndown chart: remaining hours per working day, the ideal line, the forecast and the due date.

``n`` swaps the chart for a table of its numbers (day, remaining, ideal) and
back: the numbers are one key away for a screen reader.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Static
from textual_plotext import PlotextPlot

if TYPE_CHECKING:
    from supportpm_tui.services.burndown import Burndown

CHART, NUMBERS = "burndown-chart", "burndown-numbers"
NOTHING_YET = "No burndown to show yet."


def _day(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%b}"


def _hours(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f} h" if abs(value - round(value)) < 0.05 else f"{value:.1f} h"


class BurndownPlot(PlotextPlot):
    """The chart itself; says when its height changes, as its scale leaves room for the legend in the rows it has."""

    class Resized(Message):
        """The chart's height changed: its scale must be worked out again."""

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized())


class BurndownView(Widget, can_focus=True):
    """A title line of figures over a chart of the burndown; ``n`` shows its numbers instead."""

    DEFAULT_CSS = """
    BurndownView { height: 1fr; min-height: 10; }
    BurndownView > #burndown-title { height: auto; padding: 0 1; }
    BurndownView > ContentSwitcher { height: 1fr; }
    BurndownView #burndown-chart { height: 1fr; min-height: 8; }
    BurndownView #burndown-numbers { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "toggle_numbers", "Numbers", id="burndown.numbers"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.burndown: Burndown | None = None
        self._drawn_rows = -1  # the rows the chart's scale was worked out for

    def compose(self) -> ComposeResult:
        yield Static(NOTHING_YET, id="burndown-title", markup=False)
        with ContentSwitcher(initial=CHART):
            yield BurndownPlot(id=CHART)
            yield DataTable(id=NUMBERS, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw())

    def on_burndown_plot_resized(self, event: BurndownPlot.Resized) -> None:
        """Draw the chart again for its new height (a chart drawn before its final layout would keep a wrong scale)."""
        event.stop()
        if self.query_one(f"#{CHART}", BurndownPlot).size.height != self._drawn_rows:
            self._draw()

    @property
    def showing_numbers(self) -> bool:
        """Return whether the table of numbers is shown instead of the chart."""
        return self.query_one(ContentSwitcher).current == NUMBERS

    def show(self, burndown: Burndown) -> None:
        """Draw ``burndown``: its figures, its chart and its table of numbers."""
        from supportpm_tui.services.burndown import figures_line

        self.burndown = burndown
        self.query_one("#burndown-title", Static).update(f"Burndown: {burndown.title}\n{figures_line(burndown)}")
        table = self.query_one(f"#{NUMBERS}", DataTable)
        table.clear(columns=True)
        table.add_columns("Day", "Remaining", "Ideal")
        for p in burndown.points:
            table.add_row(_day(p.day), _hours(p.remaining), _hours(p.ideal), key=p.day)
        self._draw()

    def action_toggle_numbers(self) -> None:
        """Swap the chart for the table of its numbers, and back."""
        switcher = self.query_one(ContentSwitcher)
        if switcher.current == CHART:
            switcher.current = NUMBERS
            self.query_one(f"#{NUMBERS}", DataTable).focus()
        else:
            switcher.current = CHART
            self.focus()

    def _colour(self, name: str, fallback: str) -> tuple[int, int, int]:
        """Return the theme's colour ``name`` as RGB, for the chart."""
        value = self.app.theme_variables.get(name) or fallback
        try:
            return Color.parse(value).rgb
        except Exception:  # a variable that is no colour: the fallback
            return Color.parse(fallback).rgb

    def _draw(self) -> None:
        """Draw the chart of the burndown shown, in the theme's colours."""
        plot = self.query_one(f"#{CHART}", BurndownPlot)
        self._drawn_rows = plot.size.height
        plt = plot.plt
        plt.clear_figure()
        b = self.burndown
        if b is None or not b.points:
            plt.title(NOTHING_YET)
            plot.refresh()
            return
        first = dt.date.fromisoformat(b.points[0].day)

        def x(iso: str) -> int:
            return (dt.date.fromisoformat(iso) - first).days

        xs = [x(p.day) for p in b.points]
        ideal = [(x(p.day), p.ideal) for p in b.points if p.ideal is not None]
        last = max(xs)
        marks: dict[int, str] = {0: _day(b.points[0].day), xs[-1]: _day(b.points[-1].day)}
        if b.due is not None and ideal:
            ideal.append((x(b.due), 0.0))
            last = max(last, x(b.due))
        if ideal:
            plt.plot(
                [i for i, _ in ideal],
                [v for _, v in ideal],
                color=self._colour("text-muted", "#888888"),
                marker="dot",
                label="ideal",
            )
        plt.plot(
            xs,
            [p.remaining for p in b.points],
            color=self._colour("primary", "#0178D4"),
            marker="hd",
            label="remaining",
        )
        top = max([p.remaining for p in b.points] + [p.ideal or 0.0 for p in b.points] + [1.0])
        for when, word, colour in (
            (b.due, "due", ("error", "#BA3C5B")),
            (b.forecast, "forecast", ("warning", "#FFA62B")),
        ):
            if when is not None:  # a vertical line, named in the legend
                at = x(when)
                last = max(last, at)
                plt.plot([at, at], [0, top], color=self._colour(*colour), marker="│", label=f"{word} {_day(when)}")
        plt.xlim(0, last + 1)
        # Room above the lines for the legend (one row a line, and one to spare) in the rows the plot has.
        rows = max(10, plot.size.height - 3)
        legend = 2 + (b.due is not None) + (b.forecast is not None) + 1
        plt.ylim(0, top * rows / max(1, rows - legend))
        plt.xticks(sorted(marks), [marks[k] for k in sorted(marks)])
        plt.ylabel("hours")
        plot.refresh()
