"""Capacity: the grid, the breakdown, every key, and leave, duty and ticket load from the screen."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Static

from supportpm_tui.services import availability as time_service
from supportpm_tui.services import people, projects, tasks
from supportpm_tui.settings.config import config_path
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.modals.dialogs import ConfirmModal, PickerModal
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.screens.capacity import CapacityScreen
from supportpm_tui.ui.screens.overview import OverviewScreen
from supportpm_tui.ui.widgets.capacity_grid import CapacityGrid
from supportpm_tui.ui.widgets.entry_list import EntryList
from tests.cli.conftest import Runner
from tests.cli.conftest import cli as cli  # the in-process command line
from tests.ui.conftest import SIZE, fill, settle

NEXT_MONDAY = dt.date(2026, 11, 23)  # the week after the frozen Wednesday 18 Nov 2026


async def open_capacity(pilot) -> CapacityScreen:  # type: ignore[no-untyped-def]
    await pilot.press("5")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CapacityScreen)
    return screen


def breakdown(screen: CapacityScreen) -> str:
    return str(screen.query_one("#capacity-breakdown", Static).render())


def line(grid: CapacityGrid, y: int) -> str:
    return "".join(segment.text for segment in grid.render_line(y))


def names(screen: CapacityScreen) -> list[str]:
    return [p.name for p in screen.grid.people]


async def select(pilot, screen: CapacityScreen, name: str, column: int) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("home")
    for _ in range(names(screen).index(name)):
        await pilot.press("j")
    for _ in range(column - screen.grid.column):
        await pilot.press("l")
    for _ in range(screen.grid.column - column):
        await pilot.press("h")
    await settle(pilot)


@pytest.fixture
def ada(store: Store) -> Store:
    """A full-time person (40 h, 40 % reserve): two days' leave, three days' on-call at 2 h, 10 ticket hours."""
    people.add_person(store, "Ada Byrne", hours=40, reserve_pct=40)
    people.add_person(store, "Bo Lind", hours=40)
    projects.add_project(store, "MFA", "MFA rollout")
    time_service.add_commitment(store, "Ada Byrne", NEXT_MONDAY, NEXT_MONDAY + dt.timedelta(days=1), kind="pto")
    time_service.add_commitment(
        store,
        "Ada Byrne",
        NEXT_MONDAY + dt.timedelta(days=2),
        NEXT_MONDAY + dt.timedelta(days=4),
        kind="on_call",
        hours_per_day=2,
    )
    time_service.set_ticket_load(store, "Ada Byrne", NEXT_MONDAY, hours=10)
    tasks.add_task(
        store,
        "Enrol pilot users",
        "MFA",
        assignee="Ada Byrne",
        remaining=6,
        start=NEXT_MONDAY,
        due=NEXT_MONDAY + dt.timedelta(days=4),
    )
    return store


async def test_the_grid_shows_people_by_weeks_with_states_and_totals(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        grid = screen.grid
        assert len(grid.weeks) == 8 and grid.weeks[0] == dt.date(2026, 11, 16)
        header = line(grid, 0)
        assert "W47 16 Nov" in header and "W01" in header
        assert names(screen) == sorted(names(screen), key=str.lower)
        rows = {line(grid, 1 + i).strip(" ▲").split("  ")[0]: line(grid, 1 + i) for i in range(len(names(screen)))}
        assert "250% ⚠" in rows["Aisha Khan"]  # overloaded: by colour and by glyph
        assert "◐" in rows["Aisha Khan"]  # strained this week
        assert line(grid, 1 + names(screen).index("Lena Fischer")).startswith(" ▲")  # over her WIP limit
        height = grid.size.height
        assert "Team available h (8)" in line(grid, height - 3)
        assert "Team demand h" in line(grid, height - 2)
        assert "Team utilisation" in line(grid, height - 1) and "%" in line(grid, height - 1)


async def test_the_breakdown_reads_40_16_6_10_8_and_the_cli_agrees(ada: Store, cli: Runner) -> None:
    app = make_app(ada, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_capacity(pilot)
        await select(pilot, screen, "Ada Byrne", 1)
        text = breakdown(screen)
        assert "Week 48 · 23 Nov – 29 Nov 2026" in text
        for label, value in (
            ("Contracted", "40 h"),
            ("− Leave", "16 h"),
            ("− Duty", "6 h"),
            ("− Queue", "10 h"),
            ("= Available", "8 h"),
            ("Demand", "6 h"),
        ):
            row = next(r for r in text.splitlines() if r.strip().startswith(label.strip()))
            assert row.split()[-2:] == value.split() or value in row, row
        assert "10 ticket hours logged (reserve 7.2 h)" in text  # the queue says why it is 10 h
        assert "75 %" in text and "· ok" in text
        assert "6 ÷ 8 h" in text
        assert "#1 Enrol pilot users" in text
    result = cli("--db", str(ada.path), "capacity", "--person", "Ada Byrne", "--json")
    week = next(r for r in json.loads(result.out) if r["week"] == NEXT_MONDAY.isoformat())
    assert (week["contracted"], week["leave"], week["duty"], week["queue"], week["available"]) == (40, 16, 6, 10, 8)
    assert week["queue_source"] == "tickets"


async def test_moving_through_the_grid(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        grid = screen.grid
        first = names(screen)[0]
        assert first in breakdown(screen)
        await pilot.press("j", "l", "l")
        assert (grid.row, grid.column) == (1, 2)
        assert names(screen)[1] in breakdown(screen) and "Week 49" in breakdown(screen)
        await pilot.press("down", "right", "up", "left", "k", "h")
        assert (grid.row, grid.column) == (0, 1)
        await pilot.press("end")
        assert grid.row == len(names(screen)) - 1
        await pilot.press("home")
        assert grid.row == 0
        await pilot.press("pagedown")
        assert grid.row == len(names(screen)) - 1  # ten down, stopped at the last
        await pilot.press("pageup")
        assert grid.row == 0
        await pilot.press("l", "l", "l", "l", "l", "l", "l", "l", "l")
        assert grid.column == 7


async def test_sort_by_peak_and_show_only_people_over_a_threshold(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        everyone = names(screen)
        await pilot.press("s")
        await settle(pilot)
        by_peak = names(screen)
        assert by_peak[0] == "Aisha Khan" and sorted(by_peak) == sorted(everyone)
        peaks = [p.peak for p in screen.grid.people]
        assert peaks == sorted(peaks, reverse=True)
        assert "Sorted by peak utilisation" in breakdown(screen)
        await pilot.press("o")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        fill(form, over="abc")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "number" in str(form.query_one("#error-over", Static).render())
        fill(form, over="100")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert all(p.peak >= 100 for p in screen.grid.people) and len(names(screen)) == 2
        assert "only peaks ≥ 100 % (6 hidden)" in breakdown(screen)
        await pilot.press("o")
        await settle(pilot)
        fill(app.screen, over="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert names(screen) == everyone


async def test_enter_opens_a_task_of_the_cell_on_the_board(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        await select(pilot, screen, "Aisha Khan", 0)
        cell = screen.grid.selected_cell
        assert cell is not None and len(cell.tasks) == 1
        await pilot.press("enter")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen) and board.card is not None and board.card.id == cell.tasks[0][0]
        await pilot.press("5")
        await settle(pilot)
        busy = next(p for p in screen.grid.people for c in p.cells if len(c.tasks) > 1)
        column = next(i for i, c in enumerate(busy.cells) if len(c.tasks) > 1)
        await select(pilot, screen, busy.name, column)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickerModal)
        await pilot.press("down", "enter")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen) and board.card is not None
        assert board.card.id == busy.cells[column].tasks[1][0]


async def test_add_leave_duty_and_ticket_load_with_validation(ada: Store) -> None:
    app = make_app(ada, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_capacity(pilot)
        await select(pilot, screen, "Bo Lind", 2)
        # Leave: the end before the start is refused next to the field; nothing is saved.
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")  # the first choice: leave
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.raw("start") == "2026-11-30" and form.raw("kind") == "pto"
        fill(form, start="2026-12-02", end="2026-12-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "before the start" in str(form.query_one("#error-end", Static).render())
        assert time_service.list_commitments(ada, "Bo Lind") == []
        fill(form, end="2026-12-03", start="2026-12-01")
        fill(form, kind="training")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = time_service.list_commitments(ada, "Bo Lind")
        assert [(c.kind, c.start, c.end) for c in saved] == [("training", "2026-12-01", "2026-12-03")]
        assert "− Leave" in breakdown(screen) and "24 h" in breakdown(screen)
        # Duty needs hours a day.
        await pilot.press("n", "down", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.raw("kind") == "on_call"
        fill(form, hours_per_day="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs hours per day" in str(form.query_one("#error-hours_per_day", Static).render())
        fill(form, hours_per_day="30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "at most 24" in str(form.query_one("#error-hours_per_day", Static).render())
        fill(form, hours_per_day="1.5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(c.kind == "on_call" and c.hours_per_day == 1.5 for c in time_service.list_commitments(ada))
        # Ticket load: a count or hours is needed.
        await pilot.press("n", "down", "down", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.raw("week") == "2026-11-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "ticket count or hours" in str(form.query_one("#error-tickets", Static).render())
        fill(form, tickets="2.5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "whole number" in str(form.query_one("#error-tickets", Static).render())
        assert time_service.list_ticket_load(ada, "Bo Lind") == []
        fill(form, tickets="24")
        await pilot.press("ctrl+s")
        await settle(pilot)
        loads = time_service.list_ticket_load(ada, "Bo Lind")
        assert [(r.week, r.tickets, r.hours) for r in loads] == [("2026-11-30", 24, 12)]


async def test_edit_and_delete_an_entry_of_the_cell(ada: Store) -> None:
    app = make_app(ada, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_capacity(pilot)
        await select(pilot, screen, "Ada Byrne", 1)
        await pilot.press("e")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerModal)
        labels = [label for _, label in picker.options]
        assert labels[0].startswith("pto 2026-11-23 – 2026-11-24") and "on-call" in labels[1]
        assert labels[2].startswith("ticket load 2026-W48: 10 h")
        await pilot.press("down", "down", "enter")  # the ticket load
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.raw("hours") == "10"
        fill(form, hours="20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert time_service.list_ticket_load(ada, "Ada Byrne")[0].hours == 20
        # 20 ticket hours against the 18 h left after leave and duty: they take them all, and say so.
        assert "20 ticket hours logged (reserve 7.2 h), more than the hours left" in " ".join(breakdown(screen).split())
        await pilot.press("e", "down", "enter")  # the on-call entry
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.raw("hours_per_day") == "2" and form.raw("kind") == "on_call"
        fill(form, hours_per_day="3", note="[bold]pager[/]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        duty = next(c for c in time_service.list_commitments(ada, "Ada Byrne") if c.kind == "on_call")
        assert duty.hours_per_day == 3 and duty.note == "[bold]pager[/]"
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")  # the leave
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        await pilot.press("n")  # no: nothing deleted
        await settle(pilot)
        assert len(time_service.list_commitments(ada, "Ada Byrne")) == 2
        await pilot.press("d", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [c.kind for c in time_service.list_commitments(ada, "Ada Byrne")] == ["on_call"]
        await select(pilot, screen, "Bo Lind", 5)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CapacityScreen)  # nothing to edit: a note, no dialog


async def test_import_ticket_load_from_a_csv_file(ada: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("person,week,tickets,hours\nBo Lind,2026-W49,10,\nNobody,2026-W49,3,\n")
    good = tmp_path / "good.csv"
    good.write_text("person,week,hours\nBo Lind,2026-W49,12\nAda Byrne,2026-12-07,4\n")
    app = make_app(ada, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_capacity(pilot)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        fill(form, file=str(bad))
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = str(form.query_one("#form-error", Static).render())
        assert "1 bad row(s), nothing imported" in message and "line 3" in message
        assert len(time_service.list_ticket_load(ada)) == 1
        fill(form, file=str(tmp_path / "missing.csv"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "does not exist" in str(form.query_one("#form-error", Static).render())
        fill(form, file=str(good))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        sources = {(r.person, r.week, r.source) for r in time_service.list_ticket_load(ada)}
        assert ("Bo Lind", "2026-11-30", "good.csv") in sources and ("Ada Byrne", "2026-12-07", "good.csv") in sources


async def test_an_empty_database_says_what_to_do(empty_store: Store) -> None:
    app = make_app(empty_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_capacity(pilot)
        empty = screen.query_one("#capacity-empty", Static)
        assert empty.display and "No people yet" in str(empty.render())
        await pilot.press("n", "e", "enter", "s")
        await settle(pilot)
        assert isinstance(app.screen, CapacityScreen)


async def test_the_filter_keeps_the_people_it_names(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        app.set_filter(app.session.filter.with_text("@tom"))
        await settle(pilot)
        assert names(screen) == ["Tom Becker"]
        app.set_filter(app.session.filter.with_text(""))
        await settle(pilot)
        assert len(names(screen)) == 8


def test_every_key_of_capacity_and_the_overview_has_an_id_and_a_description() -> None:
    for owner in (CapacityScreen, CapacityGrid, OverviewScreen, EntryList):
        for binding in vars(owner).get("BINDINGS", []):  # declared here; inherited ones are not active
            assert isinstance(binding, Binding) and binding.id and binding.description, (owner, binding)
            assert binding.id.split(".")[0] in ("capacity", "overview", "section")


async def test_a_user_keymap_remaps_capacity_keys_by_id(demo_store: Store) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(json.dumps({"keymap": {"capacity.sort": "S", "overview.next_section": "f6"}}))
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        assert app.focused is app.screen.query_one("#list-milestones")
        screen = await open_capacity(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert screen.sort == "name"  # s sorts no more
        await pilot.press("S")
        await settle(pilot)
        assert screen.sort == "peak"
        assert not [n.message for n in app._notifications if "keymap" in n.message]
