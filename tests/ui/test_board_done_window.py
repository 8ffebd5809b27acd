"""The Board's Done column on screen: the recent cards, then a last line counting the older ones."""

from __future__ import annotations

import datetime as dt
import sqlite3

from supportpm_tui.services import tasks
from supportpm_tui.services.board import done_since
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.widgets.board_column import BoardColumn, LaneTitle
from tests.ui.conftest import SIZE, settle


def column_text(column: BoardColumn) -> list[str]:
    """Return the lines the column draws, as text."""
    return [line.text.strip() for line in (column.render_line(y) for y in range(column.size.height))]


def finish_long_ago(store: Store, *ids: int) -> None:
    for tid in ids:
        tasks.move_task(store, tid, "done")
    conn = sqlite3.connect(store.path)
    with conn:
        conn.executemany("UPDATE task SET done_at = '2025-03-04 10:00:00.000000' WHERE id = ?", [(t,) for t in ids])
    conn.close()


async def test_the_done_column_ends_with_the_count_of_older_cards(demo_store: Store, today: dt.date) -> None:
    finish_long_ago(demo_store, 7, 8)
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        done = board.query_one("#column-done", BoardColumn)
        assert [c.id for c in done.cards] == [1]
        lines = column_text(done)
        note = " ".join(line for line in lines[4:] if line)
        first = done_since(today)
        assert note == f"+ 2 done before {first:%d %b}: press / to search them too"
        assert "1 of 3" in str(board.query_one("#title-done", LaneTitle).rest)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"rollback", "enter")
        await settle(pilot)
        assert [c.id for c in done.cards] == [8]  # "Rollback plan for wave 1", done long ago: a search finds it
        assert not any("done before" in line for line in column_text(done))
