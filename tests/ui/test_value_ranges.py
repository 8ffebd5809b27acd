"""A database holding values out of range (written by another program) opens on every screen and names them."""

from __future__ import annotations

import sqlite3

from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.screens.board import BoardScreen
from tests.ui.conftest import SIZE, settle

BAD = (
    "UPDATE task SET due = '9999-12-31' WHERE id = 3",
    "UPDATE task SET start = 'abc' WHERE id = 6",
    "UPDATE milestone SET due_date = '0001-01-01' WHERE id = 2",
    "UPDATE milestone SET baseline_date = 'garbage' WHERE id = 3",
    "UPDATE commitment SET \"end\" = '9999-12-31' WHERE id = 1",
    "UPDATE risk SET review_date = 'abc' WHERE id = 1",
    "UPDATE task SET estimate = 1e308, remaining = 1e308 WHERE id = 4",
    "UPDATE project SET start = NULL, target = '2026-02-30' WHERE id = 1",
    "UPDATE issue SET raised = '99999-01-01' WHERE id = 1",
    "UPDATE change_request SET requested = '' WHERE id = 1",
)


async def test_every_screen_opens_and_the_bad_items_are_named(demo_store: Store) -> None:
    with sqlite3.connect(demo_store.path) as conn:
        for sql in BAD:
            conn.execute(sql)
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("1", "2", "3", "enter", "escape", "4", "enter", "escape", "5"):
            await pilot.press(key)
            await settle(pilot)
            if isinstance(app.screen, BoardScreen):
                assert "No cards yet" not in app.export_screenshot()
        messages = "\\n".join(n.message for n in app._notifications)
        assert "task 3: due '9999-12-31' is out of range" in messages
        assert "milestone 2" in messages
    assert app.return_code in (None, 0)
