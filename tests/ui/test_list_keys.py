"""``j`` and ``k`` move in every list and table of the dashboard as the down and up arrows do, never while typing."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from supportpm_tui.services import issues
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.modals.dialogs import PickerModal, TextPromptModal
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.screens.capacity import CapacityScreen
from supportpm_tui.ui.screens.overview import OverviewScreen
from supportpm_tui.ui.screens.risks import RisksScreen
from supportpm_tui.ui.screens.timeline import TimelineScreen
from supportpm_tui.ui.widgets.entry_list import EntryList
from supportpm_tui.ui.widgets.lists import Choices, Table
from tests.ui.conftest import SIZE, settle


async def moves_like_the_arrows(pilot: Pilot[None], state: Callable[[], Hashable]) -> None:
    """Check that ``j``/``k`` change ``state`` exactly as down/up do, and that they change it."""
    start = state()
    await pilot.press("down")
    await settle(pilot)
    down = state()
    assert down != start, "down did not move: nothing to compare j with"
    await pilot.press("up")
    await settle(pilot)
    assert state() == start
    await pilot.press("j")
    await settle(pilot)
    assert state() == down
    await pilot.press("k")
    await settle(pilot)
    assert state() == start


async def show(pilot: Pilot[None], key: str) -> object:
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen


async def test_overview_sections(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, "1")
        assert isinstance(screen, OverviewScreen)
        for _ in range(3):  # the first sections, each in turn
            focused = screen.focused
            assert isinstance(focused, EntryList)
            if len(focused.entries) > 1:
                await moves_like_the_arrows(pilot, lambda: (id(screen.focused), screen.focused.highlighted))  # type: ignore[union-attr]
            await pilot.press("tab")
            await settle(pilot)


async def test_board_columns(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await show(pilot, "2")
        assert isinstance(board, BoardScreen)
        await moves_like_the_arrows(pilot, lambda: (board.current.column, board.current.cursor))
        await pilot.press("l")  # another column
        await moves_like_the_arrows(pilot, lambda: (board.current.column, board.current.cursor))


async def test_timeline(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, "3")
        assert isinstance(screen, TimelineScreen)
        await moves_like_the_arrows(pilot, lambda: screen.chart.cursor)


@pytest.mark.parametrize(("tabs", "name"), [(0, "risks"), (1, "issues"), (2, "changes")])
async def test_risks_screen_tables(app: SupportPMApp, tabs: int, name: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        issues.add_issue(app.session.store, "MFA", "Second issue, so the log has rows to move through")
        app.data_changed()
        screen = await show(pilot, "4")
        assert isinstance(screen, RisksScreen)
        for _ in range(tabs):
            await pilot.press("g")
            await settle(pilot)
        table = screen.table(name)
        assert isinstance(table, Table) and screen.focused is table
        before = screen.selected(name)
        await moves_like_the_arrows(pilot, lambda: table.cursor_row)
        assert screen.selected(name) == before


async def test_capacity_grid(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, "5")
        assert isinstance(screen, CapacityScreen)
        await moves_like_the_arrows(pilot, lambda: (screen.grid.row, screen.grid.column))


async def test_the_project_picker(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "2")
        picker = await show(pilot, "p")
        assert isinstance(picker, PickerModal)
        options = picker.query_one(Choices)
        await moves_like_the_arrows(pilot, lambda: options.highlighted)


async def test_j_and_k_are_typed_into_inputs(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await show(pilot, "2")
        assert isinstance(board, BoardScreen)
        where = (board.current.column, board.current.cursor)
        prompt = await show(pilot, "slash")
        assert isinstance(prompt, TextPromptModal)
        await pilot.press("j", "k", "j")
        assert prompt.query_one(Input).value == "jkj"
        await pilot.press("escape")
        await settle(pilot)
        assert (board.current.column, board.current.cursor) == where
        form = await show(pilot, "n")
        assert isinstance(form, FormModal)
        await pilot.press("k", "j")
        assert isinstance(form.focused, Input) and form.focused.value == "kj"
        await pilot.press("escape")
        await settle(pilot)
        assert (board.current.column, board.current.cursor) == where


@pytest.mark.prepared
async def test_the_list_keys_follow_the_keymap(demo_store: Store) -> None:
    from tests.ui.test_keymap import write_config

    write_config({"keymap": {"list.down": "ctrl+n", "list.up": "ctrl+b", "timeline.reopen": "o"}})
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await settle(pilot)
            if app.screens_ready():
                break
        assert not [n.message for n in app._notifications if "keymap" in n.message]
        screen = await show(pilot, "4")
        assert isinstance(screen, RisksScreen)
        table = screen.table("risks")
        await pilot.press("j")
        await settle(pilot)
        assert table.cursor_row == 0
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+b")
        await settle(pilot)
        assert table.cursor_row == 1
