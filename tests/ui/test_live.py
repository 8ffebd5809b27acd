"""Live: commits from other connections show without a key press, marked for a moment; the day turns."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from supportpm_tui.core import clock
from supportpm_tui.services import availability as time_service
from supportpm_tui.services import milestones, tasks
from supportpm_tui.services.records import show_task
from supportpm_tui.services.risks import add_risk
from supportpm_tui.storage import database
from supportpm_tui.storage.database import Store, open_store
from supportpm_tui.ui import session as session_module
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.screens.capacity import CapacityScreen
from supportpm_tui.ui.screens.risks import RisksScreen
from supportpm_tui.ui.screens.timeline import TimelineScreen
from supportpm_tui.ui.widgets.board_column import BoardColumn
from supportpm_tui.ui.widgets.header import DashboardHeader
from tests.ui.conftest import SIZE, settle

pytestmark = pytest.mark.prepared  # changes reach the screens behind as they do for a user


async def until(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 5.0) -> None:
    """Let the app run, without pressing anything, until ``done()`` holds."""
    for _ in range(int(seconds / 0.05)):
        if done():
            return
        await pilot.pause(0.05)
    assert done(), "the dashboard never showed the change"


def other_process(store: Store) -> Store:
    """Another connection to the same file, as another terminal or the CLI would have."""
    return open_store(store.path)


def board_text(board: BoardScreen) -> str:
    lines = []
    for column in board.query(BoardColumn).results(BoardColumn):
        lines += ["".join(s.text for s in column.render_line(y)) for y in range(column.size.height)]
    return "\n".join(lines)


async def test_a_card_added_elsewhere_appears_marked_then_the_mark_fades(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_module, "MARK_SECONDS", 1.0)
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        elsewhere = other_process(demo_store)
        card = tasks.add_task(
            elsewhere, "Added from another terminal", "MFA", assignee="Priya Shah", estimate=80, column="ready"
        )

        def shown() -> bool:
            return any(c.id == card.id for c in board.columns()[1].cards)

        await until(pilot, shown)
        new = next(c for c in board.columns()[1].cards if c.id == card.id)
        assert new.assignee_overloaded  # the overload the change caused shows too
        assert app.session.marks.is_marked("task", card.id)
        assert "✱ #" in board_text(board)
        await until(pilot, lambda: not app.session.marks.is_marked("task", card.id), seconds=3)
        await settle(pilot)
        assert "✱" not in board_text(board)


async def test_changes_elsewhere_reach_every_screen(demo_store: Store) -> None:
    app = make_app(demo_store, theme="textual-dark")
    elsewhere = other_process(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen) and timeline.data is not None
        first = next(r for r in timeline.data.rows if r.milestone_id is not None)
        milestones.edit_milestone(
            elsewhere, str(first.milestone_id), milestones.MilestoneValues(name="Renamed elsewhere")
        )
        await until(pilot, lambda: any(r.label == "Renamed elsewhere" for r in timeline.data.rows))  # type: ignore[union-attr]
        assert app.session.marks.is_marked("milestone", first.milestone_id)
        await pilot.press("4")
        await settle(pilot)
        risks = app.screen
        assert isinstance(risks, RisksScreen)
        risk = add_risk(elsewhere, "MFA", "Raised elsewhere", 5, 5)
        await until(pilot, lambda: any(r.id == risk.id for r in risks.data.risks))  # type: ignore[union-attr]
        await settle(pilot)
        table = risks.table("risks")
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[2]) == "Raised elsewhere")
        assert str(table.get_row_at(row)[0]).startswith("✱")
        await pilot.press("5")
        await settle(pilot)
        capacity = app.screen
        assert isinstance(capacity, CapacityScreen)
        before = next(p for p in capacity.grid.people if p.name == "Priya Shah").cells[1].leave
        monday = capacity.grid.weeks[1]
        time_service.add_commitment(elsewhere, "Priya Shah", monday, monday, kind="sick")

        def leave_shown() -> bool:
            return next(p for p in capacity.grid.people if p.name == "Priya Shah").cells[1].leave > before

        await until(pilot, leave_shown)
        row_of_priya = next(i for i, p in enumerate(capacity.grid.people) if p.name == "Priya Shah")
        line = "".join(s.text for s in capacity.grid.render_line(1 + row_of_priya))
        assert "Priya Shah ✱" in line


async def test_the_header_says_when_the_data_was_refreshed(demo_store: Store) -> None:
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one(DashboardHeader).render())
        assert "live · updated 09:00:00" in text  # the frozen clock's time


async def test_the_day_turns_without_a_restart(demo_store: Store, today: dt.date) -> None:
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen) and board.data is not None
        version = app.session.data_version
        assert board.data.today == today
        clock.freeze(today + dt.timedelta(days=1))
        await until(pilot, lambda: board.data is not None and board.data.today == today + dt.timedelta(days=1))
        assert app.session.data_version > version
        assert "Thu 19 Nov 2026" in str(board.query_one(DashboardHeader).render())


async def test_a_write_that_cannot_get_the_lock_says_so_and_changes_nothing(
    tmp_path: Path, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supportpm_tui.services.demo import generate

    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.3)
    store = open_store(tmp_path / "team.db")
    generate(store)
    app = make_app(store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        card = board.card
        assert card is not None and card.column == "backlog"
        holder = sqlite3.connect(store.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            await pilot.press("greater_than_sign")
            await until(pilot, lambda: any("busy" in n.message for n in app._notifications), seconds=5)
            await settle(pilot)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        note = next(n for n in app._notifications if "busy" in n.message)
        assert note.title == "Not saved" and "nothing was changed" in note.message
        assert any(c.id == card.id for c in board.columns()[0].cards)  # back where it was
        assert show_task(store, card.id).column == "backlog"


async def test_late_timers_and_changes_after_quitting_are_harmless(demo_store: Store) -> None:
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.session.marks.until[("task", 1)] = 0.0  # a mark whose time is up
    # The app has closed its screens; a timer or a sync arriving now must not fail.
    app._expire_marks()
    app.data_changed()
    app.preparation.prepare_next()
    assert ("task", 1) not in app.session.marks.until
