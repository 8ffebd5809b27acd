"""The dashboard on a damaged file, or a database error under a worker: a clear message, never the driver's."""

from __future__ import annotations

import sqlite3

import pytest

from supportpm_tui.startup.first_overview import ReadyOverview
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import make_app
from tests.ui.conftest import SIZE
from tests.ui.test_warm_start import keep


async def test_a_file_with_a_table_lost_closes_the_dashboard_with_one_line(demo_store: Store) -> None:
    kept = keep(demo_store)
    demo_store.close()
    conn = sqlite3.connect(demo_store.path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DROP TABLE risk")
    conn.commit()
    conn.close()
    before = demo_store.path.read_bytes()
    app = make_app(db_path=demo_store.path, first=ReadyOverview(kept), theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if app.failure:
                break
            await pilot.pause(0.05)
    assert app.failure is not None and "damaged schema" in app.failure and "\n" not in app.failure
    assert demo_store.path.read_bytes() == before


@pytest.mark.prepared
async def test_a_database_error_in_a_worker_is_said_in_words(demo_store: Store) -> None:
    app = make_app(store=demo_store, theme="textual-dark")
    shown: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **_: shown.append(str(message))  # type: ignore[method-assign,assignment]

        def fails(store: Store) -> None:
            raise sqlite3.DatabaseError("database disk image is malformed")

        app.write(fails)
        for _ in range(100):
            if shown:
                break
            await pilot.pause(0.05)
        for _ in range(200):  # the screens prepared out of sight are done before the dashboard closes
            if app.screens_ready():
                break
            await pilot.pause(0.05)
    assert shown and "is damaged" in shown[0] and "DatabaseError" not in shown[0], shown
