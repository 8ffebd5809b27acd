"""The dashboard on a team database: live through LISTEN/NOTIFY, read-only for a viewer, back after a dropped line."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from supportpm_tui.services import tasks
from supportpm_tui.services.demo import generate
from supportpm_tui.storage.server import parse_address
from supportpm_tui.storage.team import open_server_store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.widgets.header import DashboardHeader
from tests.ui.conftest import SIZE, settle


def header_text(app: Any) -> str:
    return str(app.screen.query_one(DashboardHeader).render())


async def wait_until(pilot: Any, check: Any, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        await pilot.pause(0.05)
        if check():
            return True
    return False


def cards(app: Any) -> list[str]:
    board = app.screen
    assert isinstance(board, BoardScreen)
    return [card.title for column in board.columns() for card in column.cards]


async def test_a_card_another_connection_adds_shows_on_the_board(pg_url: str, today: dt.date) -> None:
    address = parse_address(pg_url, "--db")
    mine, theirs = open_server_store(address), open_server_store(address)
    generate(mine)
    app = make_app(mine, theme="textual-dark")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            assert "@local" in header_text(app) and "live" in header_text(app)
            tasks.add_task(theirs, "Added on another machine", "MFA", estimate=2)
            assert await wait_until(pilot, lambda: "Added on another machine" in cards(app))
            # and a move made here reaches the other connection's reads at once
            await pilot.press("greater_than_sign")
            await settle(pilot)
            errors = [n.message for n in app._notifications if n.severity == "error"]
            assert not errors, errors
    finally:
        mine.close()
        theirs.close()


async def test_a_dropped_connection_says_so_in_the_header_and_comes_back(
    pg_url: str, pg_server: Any, today: dt.date
) -> None:
    address = parse_address(pg_url, "--db")
    store, other = open_server_store(address), open_server_store(address)
    generate(store)
    app = make_app(store, theme="textual-dark")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            assert await wait_until(pilot, lambda: store._listen is not None)
            name = address.database
            killed = pg_server.psql(  # every connection to the database dropped, as by a network cut
                f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{name}' "
                "AND pid <> pg_backend_pid();"
            )
            assert int(killed.split()[2]) >= 1, killed
            tasks.add_task(other, "Added while the line was down", "MFA", estimate=1)
            assert await wait_until(pilot, lambda: "Added while the line was down" in cards(app), seconds=8)
            assert await wait_until(pilot, lambda: "reconnected" in header_text(app), seconds=3), header_text(app)
            said = [n.message for n in app._notifications if n.title == "Database"]
            assert any("paused" in m for m in said) and any("back" in m for m in said), said
    finally:
        store.close()
        other.close()


async def test_a_viewer_sees_read_only_and_a_write_key_is_answered(
    pg_url: str, pg_server: Any, today: dt.date, tmp_path: Path
) -> None:
    address = parse_address(pg_url, "--db")
    owner = open_server_store(address)
    generate(owner)
    owner.close()
    pg_server.psql(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'standup') THEN "
        "CREATE ROLE standup LOGIN; END IF; END $$;"
    )
    pg_server.psql(f"\\c {address.database}\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO standup;")
    viewer = open_server_store(parse_address(pg_url.replace("postgres@", "standup@"), "--db"))
    assert viewer.read_only
    app = make_app(viewer, theme="textual-dark")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "read-only" in header_text(app)
            await pilot.press("2")
            await settle(pilot)
            before = cards(app)
            for key in ("n", "greater_than_sign", "d", "u"):
                await pilot.press(key)
                await settle(pilot)
                assert isinstance(app.screen, BoardScreen), key  # no form opened
            assert cards(app) == before
            said = [n.message for n in app._notifications if n.title == "Read-only"]
            assert said and "standup" in said[0]
    finally:
        viewer.close()


def test_the_first_overview_read_from_the_server_is_the_one_the_dashboard_computes(pg_url: str, today: dt.date) -> None:
    from supportpm_tui.services.overview import load_overview
    from supportpm_tui.startup import first_overview

    address = parse_address(pg_url, "--db")
    store = open_server_store(address)
    try:
        generate(store)
        tasks.add_task(store, "Renew the VPN certificate", "MFA", assignee="Aisha Khan", estimate=20)
        for fork in (True, False):
            assert first_overview.FirstOverview.start(address, fork=fork).result() == load_overview(store).first_ones()
    finally:
        store.close()
