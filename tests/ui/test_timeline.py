"""Timeline: every key, the milestone form, the story, and the 200-hour slip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, Static

from supportpm_tui.services import milestones, people, projects, tasks
from supportpm_tui.services.records import milestone_records
from supportpm_tui.storage.database import Store, open_store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.modals.dialogs import ConfirmModal, HelpModal
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.screens.timeline import TimelineScreen
from supportpm_tui.ui.widgets.key_bar import KeyBar
from supportpm_tui.ui.widgets.timeline_chart import TimelineChart
from tests.ui.conftest import SIZE, fill, settle


async def open_timeline(pilot) -> TimelineScreen:  # type: ignore[no-untyped-def]
    await pilot.press("3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


def story_text(screen: TimelineScreen) -> str:
    return str(screen.query_one("#timeline-story", Static).render())


def line(chart: TimelineChart, y: int) -> str:
    return "".join(segment.text for segment in chart.render_line(y))


async def test_rows_are_grouped_by_project_then_workstream(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        kinds = [(r.kind, r.label) for r in screen.chart.rows]
        assert kinds[0] == ("project", "LAP  Laptop refresh 2027")
        assert ("workstream", "Pilot") in kinds and ("workstream", "Servers") in kinds
        lap_pilot = kinds.index(("workstream", "Pilot"))
        assert kinds[lap_pilot + 1] == ("milestone", "Pilot devices imaged")
        statuses = {r.label: r.status for r in screen.chart.rows if r.kind == "milestone"}
        assert statuses["Pilot devices imaged"] == "late"
        assert statuses["Enrolment wave 1"] == "slipping"
        assert statuses["Wave 2 servers patched"] == "at_risk"


async def test_j_k_and_arrows_select_milestones_and_the_story_follows(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        chart = screen.chart
        first = chart.selected
        assert first is not None and first.kind == "milestone"
        await pilot.press("j")
        await settle(pilot)
        second = chart.selected
        assert second is not None and second.kind == "milestone" and second.milestone_id != first.milestone_id
        assert second.label in story_text(screen)
        await pilot.press("down", "up", "k")
        await settle(pilot)
        assert chart.selected == first
        await pilot.press("end")
        await settle(pilot)
        assert chart.cursor == max(i for i, r in enumerate(chart.rows) if r.kind == "milestone")
        await pilot.press("home", "pagedown")
        await settle(pilot)
        assert chart.selected is not None and chart.selected.kind == "milestone"
        await pilot.press("pageup")
        assert chart.selected == first


async def test_the_story_says_why(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        row = next(i for i, r in enumerate(screen.chart.rows) if r.label == "Enrolment wave 1")
        screen.chart.cursor = row
        screen.load_story()
        await settle(pilot)
        text = story_text(screen)
        assert "slipping +" in text and "Why: Aisha Khan 60 h" in text
        assert "Before: Enrolment wave 2" in text and "#10 Enrol service desk and IT staff [ready]" in text
        assert "Decision needed: #2 Extend enrolment wave 1 by a week (+5 working days, proposed)" in text
        wave = next(i for i, r in enumerate(screen.chart.rows) if r.label == "Wave 1 deployed")
        screen.chart.cursor = wave
        screen.load_story()
        await settle(pilot)
        text = story_text(screen)
        assert "approved change request" in text and "Supplier delivers laptops late" in text
        assert "After: Fleet order placed, Pilot devices imaged" in text


async def test_scroll_zoom_and_today(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        chart = screen.chart
        origin = chart.scale.origin
        await pilot.press("right_square_bracket")
        assert chart.scale.origin == origin + dt.timedelta(weeks=4)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert chart.scale.origin == origin - dt.timedelta(weeks=4)
        await pilot.press("l", "right", "h")
        assert chart.scale.origin == origin - dt.timedelta(weeks=3)
        await pilot.press("t")
        assert chart.scale.origin == origin
        assert "W47" in line(chart, 1)
        project_row = line(chart, 2)[47:]  # the chart, right of the labels
        assert project_row[chart.scale.x(dt.date(2026, 11, 18))] == "│"  # the today line
        await pilot.press("minus")
        assert chart.scale.name == "months"
        assert "Nov" in line(chart, 0) and "2026" in line(chart, 1)
        await pilot.press("minus")
        assert chart.scale.name == "months"
        await pilot.press("plus", "equals_sign")
        assert chart.scale.name == "days"
        await pilot.press("plus")
        assert chart.scale.name == "days"


async def test_rows_draw_plan_baseline_forecast_and_slip(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        chart = screen.chart
        index = next(i for i, r in enumerate(chart.rows) if r.label == "Enrolment wave 1")
        drawn = line(chart, index + 2)
        assert "slipping +" in drawn and "◆" in drawn and "┅" in drawn and "●" in drawn and "━" in drawn
        wave = next(i for i, r in enumerate(chart.rows) if r.label == "Wave 1 deployed")
        assert "◇" in line(chart, wave + 2)  # the baseline, before the approved change moved it


async def test_enter_opens_the_milestones_tasks_on_the_board(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        screen.chart.cursor = next(i for i, r in enumerate(screen.chart.rows) if r.label == "Wave 1 deployed")
        await pilot.press("enter")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        titles = {c.title for col in board.columns() for c in col.cards}
        assert titles == {"Build wave 1 image", "Deploy wave 1 laptops", "Rollback plan for wave 1"}
        assert app.session.filter.milestone == "Wave 1 deployed"


async def test_new_milestone_form_validates(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)

        fill(form, project="", name="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "required" in str(form.query_one("#error-name", Static).render())
        assert "required" in str(form.query_one("#error-due", Static).render())
        fill(form, project="MFA", name="Go live", due="next month", buffer="-1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a date" in str(form.query_one("#error-due", Static).render())
        assert "at least 0" in str(form.query_one("#error-buffer", Static).render())
        fill(form, due="+6w", buffer="2", owner="Nobody", after="Enrolment wave 2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        owner_error = str(form.query_one("#error-owner", Static).render())
        assert "no person named" in owner_error and "(see Capacity, key 5)" in owner_error
        fill(form, owner="Aisha Khan", name="Enrolment wave 1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already has a milestone" in str(form.query_one("#error-name", Static).render())
        fill(form, name="Go live")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert screen.chart.selected is not None and screen.chart.selected.label == "Go live"
        rows = {r.name: r for r in milestone_records(app.session.store)}
        assert rows["Go live"].predecessors == ["Enrolment wave 2"]


async def test_edit_moves_the_due_date_keeps_the_baseline_and_refuses_cycles(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        baseline = next(r for r in milestone_records(app.session.store) if r.name == "Enrolment wave 1").baseline_date
        screen.chart.cursor = next(i for i, r in enumerate(screen.chart.rows) if r.label == "Enrolment wave 1")
        screen.load_story()
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-name", Input).value == "Enrolment wave 1"
        form.query_one("#field-after", Input).value = "Enrolment wave 2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "cycle" in str(form.query_one("#error-after", Static).render())
        form.query_one("#field-after", Input).value = ""
        form.query_one("#field-due", Input).value = "2026-12-18"
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = next(r for r in milestone_records(app.session.store) if r.name == "Enrolment wave 1")
        assert row.due_date == "2026-12-18" and row.baseline_date == baseline
        assert "edited" in story_text(screen)


async def test_d_deletes_after_confirming_and_refuses_when_in_use(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        milestones.add_milestone(app.session.store, "ONB", "Lonely", dt.date(2026, 12, 30))
        app.data_changed()
        await settle(pilot)
        screen.chart.cursor = next(i for i, r in enumerate(screen.chart.rows) if r.label == "Lonely")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert "Lonely" not in [r.name for r in milestone_records(app.session.store)]
        screen.chart.cursor = next(i for i, r in enumerate(screen.chart.rows) if r.label == "Wave 1 deployed")
        await pilot.press("d", "y")
        await settle(pilot)
        assert any("still has" in str(n.message) for n in app._notifications)
        assert "Wave 1 deployed" in [r.name for r in milestone_records(app.session.store)]


async def test_x_marks_done_with_today_by_default(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        screen.chart.cursor = next(i for i, r in enumerate(screen.chart.rows) if r.label == "Fleet order placed")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)  # two of its tasks are still open
        await pilot.press("y")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-date", Input).value == "today"
        form.query_one("#field-date", Input).value = "+5d"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "future" in str(form.query_one("#error-date", Static).render())
        form.query_one("#field-date", Input).value = "today"
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = next(r for r in milestone_records(app.session.store) if r.name == "Fleet order placed")
        assert row.status == "done" and row.done_date == "2026-11-18"
        assert screen.chart.selected is not None and screen.chart.selected.status == "done"


def _two_hundred_hours(path: Path, today: dt.date) -> Store:
    store = open_store(path)
    people.add_person(store, "Sam Lee", hours=40)
    projects.add_project(store, "BIG", "Big job")
    friday = today + dt.timedelta(days=(4 - today.weekday()) % 7 + 7)
    milestones.add_milestone(store, "BIG", "Cut-over", friday)
    tasks.add_task(store, "All of it", "BIG", milestone="Cut-over", assignee="Sam Lee", estimate=200)
    return store


async def test_a_200_hour_task_shows_its_milestone_slipping(tmp_path: Path, today: dt.date) -> None:
    store = _two_hundred_hours(tmp_path / "big.db", today)
    record = milestone_records(store)[0]
    app = make_app(store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        row = screen.chart.selected
        assert row is not None and row.status == "slipping"
        assert row.forecast is not None and row.forecast.isoformat() == record.forecast
        assert row.slip_days == record.slip_days > 0
        assert f"slipping +{record.slip_days}d" in line(screen.chart, 3)
    store.close()


async def test_an_empty_database_says_what_to_do(empty_store: Store) -> None:
    app = make_app(empty_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert app.screen.query_one("#timeline-empty").display


async def test_a_thousand_milestones_draw_only_what_is_in_view(tmp_path: Path, today: dt.date) -> None:
    from bench.generate import generate_large

    store = generate_large(tmp_path / "large.db")
    app = make_app(store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        chart = screen.chart
        assert sum(1 for r in chart.rows if r.kind == "milestone") == 1000
        await pilot.press("end")
        await settle(pilot)
        assert chart.scroll_offset.y > 900
        assert chart.selected is not None and chart.selected.kind == "milestone"
    store.close()


async def test_edit_keeps_the_workstream_it_does_not_touch(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        screen.chart.cursor = next(i for i, r in enumerate(screen.chart.rows) if r.label == "Wave 1 deployed")
        screen.load_story()
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-workstream", Input).value == "Wave 1"
        form.query_one("#field-deliverable", Input).value = "60 laptops swapped and checked"
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = next(r for r in milestone_records(app.session.store) if r.name == "Wave 1 deployed")
        assert row.workstream == "Wave 1" and row.deliverable == "60 laptops swapped and checked"


def select(screen: TimelineScreen, label: str) -> None:
    screen.chart.cursor = next(i for i, r in enumerate(screen.chart.rows) if r.label == label)
    screen.load_story()


def done_date(app: SupportPMApp, name: str) -> str | None:
    return next(r for r in milestone_records(app.session.store) if r.name == name).done_date


async def test_x_with_open_tasks_lists_them_and_asks_first(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        select(screen, "Fleet order placed")
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal)
        assert "2 open tasks" in dialog.question and "anyway" in dialog.question
        listed = str(dialog.query_one("#confirm-details", Static).render())
        assert "#5  Approve laptop order · ready · Priya Shah" in listed
        assert "#4  Collect asset list · in progress · Jamal Reed" in listed
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and done_date(app, "Fleet order placed") is None
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert done_date(app, "Fleet order placed") == "2026-11-18"


async def test_more_than_ten_open_tasks_are_cut_short(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        store = app.session.store
        milestones.add_milestone(store, "ONB", "Busy", dt.date(2026, 12, 30))
        made = [tasks.add_task(store, f"Step {n}", "ONB", milestone="Busy").id for n in range(12)]
        app.data_changed()
        await settle(pilot)
        select(screen, "Busy")
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal) and "12 open tasks" in dialog.question
        listed = str(dialog.query_one("#confirm-details", Static).render()).splitlines()
        assert [line for line in listed if line.startswith("#")] == [
            f"#{tid}  Step {n} · backlog · unassigned" for n, tid in enumerate(made[:10])
        ]
        assert "… and 2 more" in listed


async def test_a_milestone_without_open_tasks_asks_only_the_date(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        milestones.add_milestone(app.session.store, "ONB", "Lonely", dt.date(2026, 12, 30))
        app.data_changed()
        await settle(pilot)
        select(screen, "Lonely")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert done_date(app, "Lonely") == "2026-11-18"


async def test_a_done_milestone_is_selectable_shown_done_and_x_reopens_it(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot)
        milestones.mark_done(app.session.store, "Fleet order placed", day=dt.date(2026, 11, 16))
        app.data_changed()
        await settle(pilot)
        chart = screen.chart
        done_row = next(i for i, r in enumerate(chart.rows) if r.label == "Fleet order placed")
        await pilot.press("home")
        while chart.cursor != done_row:  # the arrows and j stop on it like on any other
            before = chart.cursor
            await pilot.press("j")
            await settle(pilot)
            assert chart.cursor > before
        assert chart.selected is not None and chart.selected.status == "done"
        assert "Fleet order placed" in story_text(screen)
        drawn = line(chart, done_row - int(chart.scroll_offset.y) + 2)
        assert "✔" in drawn and "done 16 Nov" in drawn
        bar = str(screen.query_one(KeyBar).render())
        assert "Reopen" in bar and " Done " not in bar
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal) and "16 Nov 2026" in dialog.question
        await pilot.press("n")
        await settle(pilot)
        assert done_date(app, "Fleet order placed") == "2026-11-16"
        await pilot.press("x", "y")
        await settle(pilot)
        assert done_date(app, "Fleet order placed") is None
        assert chart.selected is not None and chart.selected.label == "Fleet order placed"
        assert chart.selected.status != "done"
        bar = str(screen.query_one(KeyBar).render())
        assert " Done " in bar and "Reopen" not in bar


async def test_help_lists_done_and_reopen(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, HelpModal)
        rows = {binding_id: (key, does) for key, does, binding_id in modal.keys}
        assert rows["timeline.done"] == ("x", "Done") and rows["timeline.reopen"] == ("x", "Reopen")
