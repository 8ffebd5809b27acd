"""A project's reports (g on the Projects screen): the burndown, its milestones and span; the metrics added,
read, edited, deleted and the go-live chosen; the review written; each tab copied as Markdown; numbers one key
away. What the screen says is what the command line's JSON says for the same day."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TextArea

from supportpm_tui.services import metrics, reviews
from supportpm_tui.services.burndown import burndown, figures_line
from supportpm_tui.ui.app import SupportPMApp
from supportpm_tui.ui.modals.dialogs import ConfirmModal
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.project_reports import ProjectReportsScreen
from supportpm_tui.ui.screens.projects import ProjectsScreen
from supportpm_tui.ui.widgets.burndown import BurndownView
from tests.ui.conftest import SIZE, fill, settle
from tests.ui.test_projects_screen import open_projects, select_project


def text_of(screen: ProjectReportsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_reports(pilot, key: str = "MFA") -> ProjectReportsScreen:  # type: ignore[no-untyped-def]
    screen = await open_projects(pilot)
    await select_project(pilot, screen, key)
    await pilot.press("g")
    await settle(pilot)
    reports = pilot.app.screen
    assert isinstance(reports, ProjectReportsScreen) and reports.key == key
    return reports


async def save(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_the_burndown_by_milestone_and_span_with_its_numbers(app: SupportPMApp) -> None:
    store = app.session.store
    async with app.run_test(size=SIZE) as pilot:
        reports = await open_reports(pilot)
        assert reports.tab == "burndown"
        expected = burndown(store, "MFA")
        assert figures_line(expected) in text_of(reports, "#burndown-title")
        assert "whole project, from the start" in text_of(reports, "#reports-title")
        await pilot.press("m")
        await settle(pilot)
        first = reports.milestone
        assert first is not None and f"milestone {first}" in text_of(reports, "#reports-title")
        assert figures_line(burndown(store, "MFA", first)) in text_of(reports, "#burndown-title")
        await pilot.press("f")
        await settle(pilot)
        recent = burndown(store, "MFA", first, 4)
        assert "last 4 weeks" in text_of(reports, "#reports-title")
        await pilot.press("n")
        await settle(pilot)
        view = reports.query_one(BurndownView)
        assert view.showing_numbers
        table = reports.query_one("#burndown-numbers", DataTable)
        assert table.row_count == len(recent.points)
        await pilot.press("ctrl+y")
        assert app.clipboard.startswith(f"## Burndown: MFA rollout (MFA), milestone {first}, last 4 weeks")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)


async def test_metrics_added_read_edited_and_deleted_and_the_go_live_chosen(app: SupportPMApp) -> None:
    store = app.session.store
    async with app.run_test(size=SIZE) as pilot:
        reports = await open_reports(pilot, "LAP")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert reports.tab == "metrics"
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        fill(form, name="Laptop tickets per week", unit="tickets", baseline="40", target="25")
        await save(pilot)
        (metric,) = metrics.list_metrics(store, "LAP")
        assert (metric.name, metric.baseline, metric.target, metric.direction) == (
            "Laptop tickets per week",
            40.0,
            25.0,
            "lower",
        )
        await pilot.press("v")
        await settle(pilot)
        fill(app.screen, value="abc")
        await save(pilot)
        assert isinstance(app.screen, FormModal)  # a bad value stays in the form, said beside the field
        fill(app.screen, value="30", day="2026-11-16")
        await save(pilot)
        assert metrics.get_metric(store, metric.id).latest == 30.0
        assert "Laptop tickets per week 40 tickets → 30 tickets, target 25 tickets: not met yet" in text_of(
            reports, "#metrics-outcomes"
        )
        await pilot.press("e")
        await settle(pilot)
        fill(app.screen, target="30")
        await save(pilot)
        assert "target 30 tickets: met" in text_of(reports, "#metrics-outcomes")
        await pilot.press("G")
        await settle(pilot)
        fill(app.screen, milestone="Pilot devices imaged")
        await save(pilot)
        shown = metrics.project_metrics(store, "LAP")
        assert shown.tickets.go_live == "Pilot devices imaged"
        assert shown.tickets.line in text_of(reports, "#metrics-tickets")
        await pilot.press("ctrl+y")
        assert app.clipboard == metrics.render_metrics(shown)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert metrics.list_metrics(store, "LAP") == []
        await pilot.press("u")
        await settle(pilot)
        assert [m.latest for m in metrics.list_metrics(store, "LAP")] == [30.0]


async def test_the_review_written_in_the_review_tab(app: SupportPMApp) -> None:
    store = app.session.store
    async with app.run_test(size=SIZE) as pilot:
        reports = await open_reports(pilot, "ONB")
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert reports.tab == "review"
        assert "No post-implementation review of ONB yet." in text_of(reports, "#review-when")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-went_well", TextArea).text = "HR and IT met weekly\nThe checklist was short"
        await save(pilot)
        review = reviews.get_review(store, "ONB")
        assert review is not None and review.went_well == "HR and IT met weekly\nThe checklist was short"
        assert "The checklist was short" in text_of(reports, "#review-went-well")
        await pilot.press("ctrl+y")
        assert app.clipboard == reviews.render_review(review)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert reviews.get_review(store, "ONB") is None
        assert "No post-implementation review of ONB yet." in text_of(reports, "#review-when")
