"""People from Capacity, time logged from the Board, and the prioritisation matrices."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Static

from supportpm_tui.services import people, projects, tasks, timelog
from supportpm_tui.services.choices import matching_skills, rank_by_skill, words_of
from supportpm_tui.services.records import show_task, task_records
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.modals.dialogs import ConfirmModal
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.widgets.choice import ChoiceInput
from tests.ui.conftest import SIZE, fill, settle
from tests.ui.test_board import card_text, open_board
from tests.ui.test_capacity import breakdown, line, names, open_capacity, select

TODAY = dt.date(2026, 11, 18)


# --- ranking people by skill ---------------------------------------------------------------


def test_words_and_matching_skills() -> None:
    assert words_of("Intune: enrol laptops", "mfa,wave-1") == {"intune", "enrol", "laptops", "mfa", "wave", "1"}
    assert matching_skills(["intune", "azure ad", "mfa"], {"intune", "mfa"}) == ["intune", "mfa"]
    assert matching_skills(["azure ad"], {"azure", "ad"}) == ["azure ad"]
    assert matching_skills(["azure ad"], {"azure"}) == []


def test_rank_by_skill_puts_the_most_matches_first_and_keeps_the_order_otherwise() -> None:
    skills = {"Ann": ["windows"], "Bo": ["intune", "mfa"], "Cy": ["mfa"], "Di": []}
    ranked = rank_by_skill(["Ann", "Bo", "Cy", "Di"], skills, {"mfa", "intune", "rollout"})
    assert ranked == ["Bo", "Cy", "Ann", "Di"]
    assert rank_by_skill(["Di", "Ann"], skills, set()) == ["Di", "Ann"]


# --- people ------------------------------------------------------------------------------


async def test_a_adds_a_person_who_shows_in_the_grid_with_their_skills(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.form_title == "New person"
        fill(form, name="Noor Haddad", role="Identity engineer", hours="32", skills="MFA, intune", wip_limit="x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "number" in str(form.query_one("#error-wip_limit", Static).render())  # next to the field
        fill(form, wip_limit="2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        added = people.show_person(app.session.store, "Noor Haddad")
        assert (added.hours, added.wip_limit, added.skills) == (32, 2, ["mfa", "intune"])
        assert "Noor Haddad" in names(screen)
        await select(pilot, screen, "Noor Haddad", 0)
        assert "Noor Haddad · mfa, intune" in breakdown(screen)


async def test_shift_e_edits_the_selected_person_and_the_grid_follows(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        await select(pilot, screen, "Aisha Khan", 0)
        assert "Aisha Khan · identity, engineer" in breakdown(screen)
        before = next(p for p in screen.grid.people if p.name == "Aisha Khan").cells[1].contracted
        await pilot.press("E")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-hours", Input).value == "40"
        assert form.query_one("#field-skills", Input).value == "identity, engineer"
        fill(form, hours="20", skills="mfa, entra")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        aisha = next(p for p in screen.grid.people if p.name == "Aisha Khan")
        assert before == 40 and aisha.cells[1].contracted == 20
        assert screen.grid.selected is not None and screen.grid.selected.name == "Aisha Khan"
        assert "Aisha Khan · mfa, entra" in breakdown(screen)
        # undo brings the hours back
        await pilot.press("u")
        await settle(pilot)
        assert people.show_person(app.session.store, "Aisha Khan").hours == 40


async def test_an_edit_that_meets_someone_elses_change_shows_the_conflict(app: SupportPMApp) -> None:
    from supportpm_tui.ui.modals.conflict import ConflictModal

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        await select(pilot, screen, "Tom Becker", 0)
        await pilot.press("E")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        people.edit_person(app.session.store, "Tom Becker", hours=30)  # someone else, meanwhile
        fill(form, hours="36")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictModal)


async def test_x_deactivates_after_asking_and_they_leave_the_grid(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        await select(pilot, screen, "Jamal Reed", 0)
        await pilot.press("x")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmModal)
        assert "Deactivate Jamal Reed?" in str(question.query_one(".dialog-title", Static).render())
        assert "unassigned work in the plan" in str(question.query_one("#confirm-details", Static).render())
        await pilot.press("n")
        await settle(pilot)
        assert "Jamal Reed" in names(screen)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Jamal Reed" not in names(screen)
        assert people.show_person(app.session.store, "Jamal Reed").active is False
        await pilot.press("u")
        await settle(pilot)
        assert "Jamal Reed" in names(screen)


async def test_the_card_form_lists_people_skilled_in_its_tags_or_title_first(app: SupportPMApp) -> None:
    people.edit_person(app.session.store, "Marek Nowak", skills=["intune"])
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        choice = form.query_one("#choice-assignee", ChoiceInput)
        first = next(label for label, value in choice.choices if value)
        assert first == "Aisha Khan"  # by name while nothing is said
        fill(form, title="Enrol laptops in Intune")
        await settle(pilot)
        listed = [label for label, value in choice.choices if value]
        assert listed[0] == "Marek Nowak · intune"
        fill(form, title="Token orders", tags="identity")
        await settle(pilot)
        listed = [label for label, value in choice.choices if value]
        assert listed[0] == "Aisha Khan · identity"


# --- time ------------------------------------------------------------------------------------


async def _log_form(pilot, board: BoardScreen, card_id: int) -> FormModal:  # type: ignore[no-untyped-def]
    board.select_card(card_id)
    await settle(pilot)
    assert board.card is not None and board.card.id == card_id
    await pilot.press("t")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormModal)
    return form


def _in_progress(store: Store) -> int:
    """Return a card in progress with an assignee, an estimate and no time logged yet."""
    logged = timelog.logged_by_task(store)
    return next(
        t.id
        for t in task_records(store)
        if t.column == "in_progress" and t.assignee and t.estimate and t.id not in logged
    )


async def test_t_logs_time_on_the_card_leaving_the_remaining_hours_unless_asked(app: SupportPMApp) -> None:
    store = app.session.store
    card_id = _in_progress(store)
    card = show_task(store, card_id)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        form = await _log_form(pilot, board, card_id)
        assert form.query_one("#field-day", Input).value == TODAY.isoformat()
        assert form.query_one("#field-person", Input).value == card.assignee
        assert form.query_one("#field-reduce", Input).value == "no"
        fill(form, hours="30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "24" in str(form.query_one("#error-hours", Static).render())  # next to the field
        fill(form, hours="3", note="pilot clinic")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is board
        (entry,) = timelog.list_time(store, task=card_id)
        assert (entry.hours, entry.day, entry.person, entry.note) == (
            3,
            TODAY.isoformat(),
            card.assignee,
            "pilot clinic",
        )
        assert show_task(store, card_id).remaining == card.remaining
        column = board.query_one(f"#column-{card.column}")
        assert f"3/{card.estimate:g} h" in card_text(column, card_id)[0]  # type: ignore[arg-type]
        # asked to, the remaining hours go down by as much
        form = await _log_form(pilot, board, card_id)
        fill(form, hours="2", reduce="yes", day="2026-11-17")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert show_task(store, card_id).remaining == card.remaining - 2
        assert f"5/{card.estimate:g} h" in card_text(column, card_id)[0]  # type: ignore[arg-type]
        # and undo takes the last entry back with its remaining hours
        await pilot.press("u")
        await settle(pilot)
        assert show_task(store, card_id).remaining == card.remaining
        assert [e.hours for e in timelog.list_time(store, task=card_id)] == [3]


async def test_a_day_still_to_come_is_refused_next_to_the_day(app: SupportPMApp) -> None:
    store = app.session.store
    card_id = _in_progress(store)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        form = await _log_form(pilot, board, card_id)
        fill(form, hours="1", day="2026-11-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "to come" in str(form.query_one("#error-day", Static).render())
        assert timelog.list_time(store, task=card_id) == []


async def test_the_breakdown_shows_the_time_logged_that_week(store: Store) -> None:
    people.add_person(store, "Ada Byrne", hours=40)
    projects.add_project(store, "MFA", "MFA rollout")
    first = tasks.add_task(store, "Enrol pilot users", "MFA", assignee="Ada Byrne", estimate=8).id or 0
    second = tasks.add_task(store, "Write the guide", "MFA", assignee="Ada Byrne", estimate=4).id or 0
    timelog.log_time(store, first, 2, day=dt.date(2026, 11, 16))
    timelog.log_time(store, first, 1.5, day=TODAY)
    timelog.log_time(store, second, 1, day=TODAY)
    timelog.log_time(store, second, 4, day=dt.date(2026, 11, 13))  # the week before: not shown
    app = make_app(store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_capacity(pilot)
        await select(pilot, screen, "Ada Byrne", 0)
        text = breakdown(screen)
        assert "Time logged that week  4.5 h" in text
        rows = text.split("Time logged that week")[1].splitlines()
        assert "3.5 h  #1 Enrol pilot users" in rows[1] and "1 h  #2 Write the guide" in rows[2]
        await pilot.press("l")
        await settle(pilot)
        assert "Time logged that week\n  none" in breakdown(screen)
        assert line(screen.grid, 1)


# --- prioritisation -------------------------------------------------------------------------


def test_a_move_crosses_the_line_between_2_and_3() -> None:
    from supportpm_tui.ui.modals.priorities import moved_score

    assert [moved_score(s, higher=True) for s in (1, 2)] == [3, 4]
    assert [moved_score(s, higher=False) for s in (3, 4, 5)] == [1, 2, 2]


def scores(store: Store, key: str) -> tuple[int, int, int, int]:
    found = next(p for p in projects.list_projects(store) if p.key == key)
    return found.impact, found.effort, found.urgency, found.importance


async def test_the_priorities_place_the_demo_projects_and_a_move_edits_the_scores(app: SupportPMApp) -> None:
    from supportpm_tui.ui.modals.priorities import PrioritiesModal

    store = app.session.store
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PrioritiesModal)
        assert modal.cell_keys("major_project") == ["LAP", "MFA"] and modal.cell_keys("quick_win") == ["ONB", "PAT"]
        assert modal.cell_keys("fill_in") == [] and modal.cell_keys("thankless") == []
        cell = str(modal.query_one("#cell-01", Static).render())
        assert cell.startswith("Quick wins  2") and "ONB" in cell and "PAT" in cell
        assert "shift+→" in str(modal.query_one("#priorities-keys", Static).render())
        # ONB is selected first (reading order); more effort makes it a major project
        assert modal.selected is not None and modal.selected.key == "ONB"
        await pilot.press("shift+right")
        await settle(pilot)
        assert scores(store, "ONB") == (3, 4, 2, 3)
        assert modal.cell_keys("major_project") == ["LAP", "MFA", "ONB"]
        assert modal.selected is not None and modal.selected.key == "ONB"
        await pilot.press("L")  # high already: nothing changes
        await settle(pilot)
        assert scores(store, "ONB") == (3, 4, 2, 3)
        # the other matrix: ONB is to schedule; less important, it drops
        await pilot.press("tab")
        await settle(pilot)
        assert modal.cell_keys("do_now") == ["LAP", "MFA", "PAT"] and modal.cell_keys("schedule") == ["ONB"]
        assert modal.selected is not None and modal.selected.key == "ONB"
        await pilot.press("J")
        await settle(pilot)
        assert scores(store, "ONB") == (3, 4, 2, 1) and modal.cell_keys("drop") == ["ONB"]
        # each move is one change: u undoes them one by one, and the matrix follows
        await pilot.press("u")
        await settle(pilot)
        assert scores(store, "ONB") == (3, 4, 2, 3) and modal.cell_keys("schedule") == ["ONB"]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PrioritiesModal)
        await pilot.press("u")
        await settle(pilot)
        assert scores(store, "ONB") == (3, 2, 2, 3)


async def test_the_palette_opens_the_priorities_on_a_project(app: SupportPMApp) -> None:
    from supportpm_tui.ui.modals.priorities import PrioritiesModal

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Prioritise projects")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PrioritiesModal)
        await pilot.press("escape")
        app.push_screen(PrioritiesModal("pat", matrix="urgency_importance"))
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PrioritiesModal)
        assert modal.selected is not None and modal.selected.key == "PAT"
        assert "Urgency × importance" in str(modal.query_one("#priorities-title", Static).render())
