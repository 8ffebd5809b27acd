"""The burndown chart in a small app at 80×24: drawn in the theme, its numbers one key (n) away and back."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from supportpm_tui.services.burndown import Burndown, BurndownPoint
from supportpm_tui.ui.widgets.burndown import BurndownView

POINTS = [
    BurndownPoint("2026-11-16", 24.0, 24.0),
    BurndownPoint("2026-11-17", 20.0, 22.5),
    BurndownPoint("2026-11-18", 21.5, 21.0),
]
CHART = Burndown(
    project="BD",
    name="Billing desk move",
    milestone="Alpha",
    today="2026-11-18",
    first="2026-11-16",
    due="2026-12-01",
    forecast="2026-12-04",
    forecast_note="",
    start_remaining=24.0,
    remaining=21.5,
    done=2.5,
    ideal_today=21.0,
    behind=0.5,
    points=POINTS,
)


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BurndownView(id="burndown")


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "high-contrast"])
async def test_the_chart_then_its_numbers_then_the_chart_again(theme: str) -> None:
    from supportpm_tui.ui.themes import HIGH_CONTRAST

    app = ChartApp()
    app.register_theme(HIGH_CONTRAST)
    app.theme = theme
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(BurndownView)
        view.show(CHART)
        view.focus()
        await pilot.pause()
        title = str(app.query_one("#burndown-title", Static).render())
        assert title.startswith("Burndown: Billing desk move (BD), milestone Alpha\n")
        assert (
            "Remaining 21.5 h of 24 h on 16 Nov; ideal today 21 h: 0.5 h behind; forecast done 4 Dec, due 1 Dec."
            in title
        )
        plot = app.query_one(PlotextPlot)
        assert plot.display and plot.size.width >= 70 and plot.size.height >= 8
        drawn = plot.render().plain  # type: ignore[union-attr]
        assert "16 Nov" in drawn and "hours" in drawn
        styles = " ".join(str(span.style) for span in plot.render().spans)  # type: ignore[union-attr]
        assert Color.parse(app.theme_variables["primary"]).rich_color.name in styles

        await pilot.press("n")
        await pilot.pause()
        table = app.query_one(DataTable)
        assert view.showing_numbers and table.display and app.focused is table
        assert [str(c.label) for c in table.columns.values()] == ["Day", "Remaining", "Ideal"]
        assert [table.get_row_at(i) for i in range(table.row_count)] == [
            ["16 Nov", "24 h", "24 h"],
            ["17 Nov", "20 h", "22.5 h"],
            ["18 Nov", "21.5 h", "21 h"],
        ]

        await pilot.press("n")
        await pilot.pause()
        assert not view.showing_numbers and plot.display and app.focused is view


async def test_nothing_to_show_yet() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "No burndown to show yet." in str(app.query_one("#burndown-title", Static).render())
        await pilot.press("tab", "n")
        assert app.query_one(BurndownView).showing_numbers


async def test_a_chart_drawn_before_its_screen_grew_is_scaled_for_the_height_it_has() -> None:
    """The scale leaves room for the legend in the rows the chart has: drawn again when they change."""

    async def drawn(first: tuple[int, int], last: tuple[int, int]) -> str:
        app = ChartApp()
        async with app.run_test(size=first) as pilot:
            app.query_one(BurndownView).show(CHART)
            await pilot.pause()
            await pilot.resize_terminal(*last)
            await pilot.pause()
            await pilot.pause()
            return app.query_one(PlotextPlot).render().plain  # type: ignore[union-attr]

    tall = await drawn((80, 40), (80, 40))
    assert await drawn((80, 24), (80, 40)) == tall
    assert await drawn((80, 60), (80, 40)) == tall
    assert await drawn((80, 40), (80, 24)) != tall  # the test can tell the heights apart
