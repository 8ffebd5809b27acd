"""The metrics view and the review view on the demo: lines in words, the chart or its numbers, the forms."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, Static, TextArea
from textual_plotext import PlotextPlot

from supportpm_tui.core.errors import UserError
from supportpm_tui.services import metrics, reviews
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.forms.metric import (
    edit_metric_form,
    go_live_form,
    new_metric_form,
    new_reading_form,
    review_form,
)
from tests.ui.conftest import fill

SIZE = (120, 60)


class MetricsApp(App[None]):
    """A tiny app holding the two views of one project, writing straight to the store."""

    def __init__(self, store: Store, project: str = "MFA") -> None:
        super().__init__()
        self.session = SimpleNamespace(store=store)  # what the forms' lists of choices read
        self.store = store
        self.project = project

    def compose(self) -> ComposeResult:
        from supportpm_tui.ui.widgets.metrics_view import MetricsView, ReviewView

        yield MetricsView(id="metrics")
        yield ReviewView(id="review")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        from supportpm_tui.ui.widgets.metrics_view import MetricsView, ReviewView

        self.query_one(MetricsView).show(metrics.project_metrics(self.store, self.project))
        self.query_one(ReviewView).show(reviews.get_review(self.store, self.project), self.project)

    def write(
        self,
        action: Callable[[Store], Any],
        done: Callable[[], None] | None = None,
        failed: Callable[[UserError], None] | None = None,
        success: str | None = None,
    ) -> None:
        try:
            action(self.store)
        except UserError as error:
            if failed is not None:
                failed(error)
            return
        if done is not None:
            done()
        self.reload()


def _text(app: App[None], selector: str) -> str:
    return str(app.query_one(selector, Static).render())


async def test_the_view_shows_outputs_outcomes_and_ticket_volume(demo_store: Store) -> None:
    app = MetricsApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Tasks done: 1 of 9" in _text(app, "#metrics-output")
        outcomes = _text(app, "#metrics-outcomes")
        assert "MFA tickets per week 28 tickets → 19 tickets, target 20 tickets: met" in outcomes
        assert "Staff enrolled 0 % → 35 %, target 100 %: not met yet: 65 % to go" in outcomes
        assert "Enrolment wave 1, is still to come" in _text(app, "#metrics-tickets")
        assert "No post-implementation review of MFA yet." in _text(app, "#review-when")


async def test_n_shows_the_readings_as_numbers_and_m_the_next_metric(demo_store: Store) -> None:
    app = MetricsApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("#metrics")
        view.focus()
        await pilot.pause()
        chart, table = app.query_one(PlotextPlot), app.query_one(DataTable)
        assert chart.display and not table.display
        assert "Readings of MFA tickets per week" in _text(app, "#metrics-chart-title")
        await pilot.press("n")
        await pilot.pause()
        assert table.display and not chart.display
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0] == ["baseline", "28 tickets", ""]
        assert [r[1] for r in rows[1:4]] == ["31 tickets", "26 tickets", "19 tickets"]
        assert rows[-1] == ["target", "20 tickets", "met"]
        await pilot.press("m")
        await pilot.pause()
        assert "Readings of Staff enrolled" in _text(app, "#metrics-chart-title")
        assert [str(c) for c in table.get_row_at(3)][1] == "35 %"
        await pilot.press("n")
        await pilot.pause()
        assert chart.display and not table.display


async def test_the_metric_and_reading_forms_write_and_refuse_bad_values(demo_store: Store) -> None:
    app = MetricsApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = new_metric_form(app.write, "MFA")
        await app.push_screen(form)
        await pilot.pause()
        fill(form, name="Staff ENROLLED", baseline="abc")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is not a number" in form.errors.get("baseline", "")
        fill(form, baseline="70", target="95")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already has a metric named" in form.errors.get("name", "")  # the service's word, at its field
        fill(form, name="SLA", unit="%")
        form.query_one("#field-direction", Input).value = "higher"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        [sla] = [m for m in metrics.list_metrics(demo_store, "MFA") if m.name == "SLA"]
        assert (sla.baseline, sla.target, sla.direction, sla.unit) == (70, 95, "higher", "%")

        reading = new_reading_form(app.write, sla)
        await app.push_screen(reading)
        await pilot.pause()
        fill(reading, value="nan")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert reading.errors.get("value")
        fill(reading, value="96", day="+3d")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "future" in reading.errors.get("day", "")
        fill(reading, value="96", day="")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not reading
        assert "SLA 70 % → 96 %, target 95 %: met" in _text(app, "#metrics-outcomes")

        [sla] = [m for m in metrics.list_metrics(demo_store, "MFA") if m.name == "SLA"]
        edit = edit_metric_form(app.write, sla)
        await app.push_screen(edit)
        await pilot.pause()
        fill(edit, target="99")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not edit
        assert "SLA 70 % → 96 %, target 99 %: not met yet: 3 % to go" in _text(app, "#metrics-outcomes")


async def test_the_go_live_form_chooses_a_milestone_of_the_project(demo_store: Store) -> None:
    app = MetricsApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = go_live_form(app.write, "MFA", "Enrolment wave 1")
        await app.push_screen(form)
        await pilot.pause()
        form.query_one("#field-milestone", Input).value = "Wave 2 servers patched"  # PAT's, not MFA's
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.errors.get("milestone")
        form.query_one("#field-milestone", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        assert "no go-live milestone set" in _text(app, "#metrics-tickets")


async def test_the_review_form_writes_several_lines(demo_store: Store) -> None:
    app = MetricsApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        form = review_form(app.write, "MFA")
        await app.push_screen(form)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "say what went well" in form.errors.get("went_well", "")
        form.query_one("#field-went_well", TextArea).load_text("Clinics were full\nGood comms")
        form.query_one("#field-change_next", TextArea).load_text("Book rooms earlier")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        assert _text(app, "#review-went-well") == "Clinics were full\nGood comms"
        assert _text(app, "#review-went-badly") == "Nothing noted."
        review = reviews.get_review(demo_store, "MFA")
        assert review is not None and review.change_next == "Book rooms earlier"

        edit = review_form(app.write, "MFA", review)
        await app.push_screen(edit)
        await pilot.pause()
        edit.query_one("#field-went_badly", TextArea).load_text("Tokens arrived late")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not edit
        assert _text(app, "#review-went-badly") == "Tokens arrived late"
        assert _text(app, "#review-went-well") == "Clinics were full\nGood comms"
