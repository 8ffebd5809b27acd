"""Nothing the user types is lost to timing: a slow save, a key pressed while the Board loads, a load overtaken."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Button, Input

from supportpm_tui.core.errors import UserError
from supportpm_tui.services import tasks
from supportpm_tui.services.records import task_records
from supportpm_tui.ui.app import SupportPMApp
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.board import BoardScreen
from tests.ui.conftest import SIZE, fill, settle

WAIT = 10.0


def held(monkeypatch: pytest.MonkeyPatch, fails: bool = False) -> threading.Event:
    """Make adding a card wait until the returned event is set (then fail, when ``fails``)."""
    gate = threading.Event()
    real = tasks.add_task_from

    def add(store: Any, new: Any, target: str) -> Any:
        assert gate.wait(WAIT)
        if fails:
            raise UserError("the database is locked by another program; try again in a moment")
        return real(store, new, target)

    monkeypatch.setattr(tasks, "add_task_from", add)
    return gate


def loads_held(monkeypatch: pytest.MonkeyPatch, screen: Any) -> threading.Event:
    """Make ``screen``'s loads wait until the returned event is set."""
    gate = threading.Event()
    real = screen.load_data

    def load(self: Any) -> Any:
        assert gate.wait(WAIT)
        return real(self)

    monkeypatch.setattr(screen, "load_data", load)
    return gate


async def new_card_form(pilot: Any) -> FormModal:
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormModal)
    fill(form, title="Swap tokens", project="MFA")
    form.query_one("#field-title", Input).focus()
    await pilot.press("end")  # the cursor after the title, as after typing it
    return form


async def test_a_form_being_saved_takes_no_typing_and_closes_with_what_was_saved(
    app: SupportPMApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = held(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_card_form(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form and form.busy
        assert str(form.query_one("#save", Button).label) == "Saving…"
        title = form.query_one("#field-title", Input)
        assert title.is_disabled and form.focused is None
        await pilot.press(*"n more", "ctrl+s")  # typed while saving: not taken into a form that is closing
        await pilot.pause()
        assert title.value == "Swap tokens"
        gate.set()
        await settle(pilot)
        assert not isinstance(pilot.app.screen, FormModal)
        titles = [t.title for t in task_records(app.session.store)]
        assert titles.count("Swap tokens") == 1 and not [t for t in titles if "more" in t]


async def test_a_form_whose_save_failed_can_be_typed_in_and_saved_again(
    app: SupportPMApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = held(monkeypatch, fails=True)
    gate.set()
    async with app.run_test(size=SIZE) as pilot:
        form = await new_card_form(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form and not form.busy
        assert "locked by another program" in str(form.query_one("#form-error").render())
        assert str(form.query_one("#save", Button).label) == "Save"
        title = form.query_one("#field-title", Input)
        assert not title.is_disabled and form.focused is title  # the cursor is back where it was
        await pilot.press(*" now")
        assert title.value == "Swap tokens now"


async def test_a_key_pressed_while_the_board_loads_acts_once_it_has(
    app: SupportPMApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = loads_held(monkeypatch, BoardScreen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        board = pilot.app.screen
        assert isinstance(board, BoardScreen) and board.data is None
        await pilot.press("n", "n")
        await pilot.pause()
        assert pilot.app.screen is board  # nothing to show yet: the key waits
        gate.set()
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FormModal) and form.form_title == "New card in Backlog"
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is board  # pressed twice: one form


async def test_a_key_pressed_while_capacity_loads_acts_once_it_has(
    app: SupportPMApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supportpm_tui.ui.modals.dialogs import PickerModal
    from supportpm_tui.ui.screens.capacity import CapacityScreen

    gate = loads_held(monkeypatch, CapacityScreen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        capacity = pilot.app.screen
        assert isinstance(capacity, CapacityScreen) and capacity.last_data is None
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is capacity and not pilot.app._notifications  # not "add people first"
        gate.set()
        await settle(pilot)
        assert isinstance(pilot.app.screen, PickerModal)  # leave, duty or ticket load for the selected week


async def test_a_load_overtaken_by_a_newer_one_does_not_show_its_older_data(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        on_its_way, gate = threading.Event(), threading.Event()
        hand_over = pilot.app.call_from_thread

        def held_once(callback: Any, *args: Any) -> Any:  # the first load's data, read and checked, then held
            if getattr(callback, "__self__", None) is board and not on_its_way.is_set():
                on_its_way.set()
                assert gate.wait(WAIT)
            return hand_over(callback, *args)

        pilot.app.call_from_thread = held_once  # type: ignore[method-assign]
        board.reload()
        for _ in range(250):
            await pilot.pause(0.02)
            if on_its_way.is_set():
                break
        assert on_its_way.is_set()
        tasks.add_task(app.session.store, "Written meanwhile", project="MFA")  # live: the Board loads again

        def shown() -> bool:
            data = board.data
            return data is not None and "Written meanwhile" in [card.title for card in data.columns["backlog"]]

        for _ in range(250):
            await pilot.pause(0.02)
            if shown():
                break
        assert shown()
        gate.set()  # the older data arrives last
        await settle(pilot)
        await pilot.pause(0.3)  # nothing changes after it: what shows stays
        assert shown()
