"""The first Overview, computed beside the interface's start-up: the truth, and nothing left behind."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from supportpm_tui.core.errors import UserError
from supportpm_tui.readmodel.overview_entries import OverviewData
from supportpm_tui.services import tasks
from supportpm_tui.services.overview import load_overview
from supportpm_tui.startup import first_overview, kept_overview
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.file_check import check_pages
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.screens.overview import OverviewScreen
from tests.ui.conftest import SIZE, settle


@pytest.mark.parametrize("fork", [True, False])
def test_the_first_overview_is_the_one_the_dashboard_computes(demo_store: Store, fork: bool) -> None:
    tasks.add_task(demo_store, "Renew the VPN certificate", "MFA", assignee="Aisha Khan", estimate=20)
    assert kept_overview.load(demo_store.path) is None  # nothing kept: computed from the database
    pending = first_overview.FirstOverview.start(demo_store.path, fork=fork)
    data = pending.result()
    assert data is not None and data.changes  # the changes since the last standup too
    assert data == load_overview(demo_store).first_ones()  # what the screen shows, and every total


def test_an_overview_that_came_before_it_was_awaited_holds_the_changes_too(demo_store: Store) -> None:
    tasks.add_task(demo_store, "Renew the VPN certificate", "MFA", assignee="Aisha Khan", estimate=20)
    pending = first_overview.FirstOverview.start(demo_store.path)
    for _ in range(250):  # the helper keeps the Overview once it has handed it over
        if kept_overview.load(demo_store.path) is not None:
            break
        time.sleep(0.02)
    data = pending.result()
    assert data is not None and data.changes
    assert data == load_overview(demo_store).first_ones()  # what the screen shows, and every total


def _leave_changes_then_stop(conn: object, since_known: Any = None) -> OverviewData:
    if since_known is not None:
        since_known(dt.date(2026, 11, 30))  # the changes are left to the dashboard: then the helper dies
    os._exit(1)


def test_a_helper_that_stops_after_leaving_the_changes_gives_no_overview(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_overview, "_fresh", _leave_changes_then_stop)
    assert first_overview.FirstOverview.start(demo_store.path).result() is None


def test_the_kept_overview_is_handed_over_when_nothing_changed(demo_store: Store) -> None:
    data = load_overview(demo_store)
    key = kept_overview.fingerprint(demo_store.path)
    assert key is not None
    data.projects = data.projects[:1]  # so that it can be told apart from a fresh one
    kept_overview.save(demo_store.path, key, data)
    assert first_overview.FirstOverview.start(demo_store.path).result() == data.first_ones()


def test_a_file_that_cannot_be_read_gives_no_overview(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    for fork in (True, False):
        assert first_overview.FirstOverview.start(broken, fork=fork).result() is None


def test_a_damaged_file_takes_the_quick_way_and_its_pages_are_checked_beside_start_up(demo_store: Store) -> None:
    demo_store.close()
    data = bytearray(demo_store.path.read_bytes())
    for page in range(len(data) // 4096 - 3, len(data) // 4096):  # the last pages: the schema is whole
        data[page * 4096 + 8 : page * 4096 + 400] = b"\xa5" * 392
    demo_store.path.write_bytes(bytes(data))
    assert kept_overview.ready_to_open(demo_store.path)  # a quick look only
    with pytest.raises(UserError, match="is damaged"):
        check_pages(demo_store.path)


def _damaged(path: Path, timeout: float = 0) -> None:
    raise UserError(f"{path} is damaged")


@pytest.mark.parametrize("fork", [True, False])
def test_pages_found_damaged_give_no_overview_not_even_a_kept_one(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    data = load_overview(demo_store)
    key = kept_overview.fingerprint(demo_store.path)
    assert key is not None
    kept_overview.save(demo_store.path, key, data)
    assert first_overview.FirstOverview.start(demo_store.path, fork=fork).result() == data.first_ones()
    monkeypatch.setattr(first_overview, "check_pages", _damaged)
    assert first_overview.FirstOverview.start(demo_store.path, fork=fork).result() is None


def _slow(*_: object, **__: object) -> OverviewData:
    time.sleep(60)
    raise AssertionError("never reached")


def test_closing_before_the_overview_came_stops_the_helper(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_overview, "_fresh", _slow)
    pending = first_overview.FirstOverview.start(demo_store.path)
    pid = pending._pid
    assert pid is not None
    pending.cancel()
    with pytest.raises(ChildProcessError):  # stopped and reaped: no process, no zombie
        os.waitpid(pid, os.WNOHANG)
    assert pending.result() is None


def test_a_helper_that_never_answers_is_given_up(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_overview, "_fresh", _slow)
    pending = first_overview.FirstOverview.start(demo_store.path)
    pid = pending._pid
    assert pid is not None
    assert pending.result(timeout=0.2) is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_helper_that_dies_gives_no_overview(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_overview, "_fresh", _slow)
    pending = first_overview.FirstOverview.start(demo_store.path)
    assert pending._pid is not None
    os.kill(pending._pid, signal.SIGKILL)
    assert pending.result() is None


def _late(conn: object, since_known: Any = None) -> OverviewData:
    time.sleep(0.6)
    return _FRESH(conn, since_known=since_known)


_FRESH = first_overview._fresh


@pytest.mark.parametrize("fork", [True, False])
def test_an_overview_not_there_yet_is_not_given_up(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    monkeypatch.setattr(first_overview, "_fresh", _late)
    pending = first_overview.FirstOverview.start(demo_store.path, fork=fork)
    assert pending.at_hand(0.05) is None  # not yet: nothing asked, nothing stopped
    assert pending.at_hand(0.05) is None
    assert pending.result() == load_overview(demo_store).first_ones()


@pytest.mark.parametrize("fork", [True, False])
def test_an_overview_there_already_is_at_hand(demo_store: Store, fork: bool) -> None:
    tasks.add_task(demo_store, "Renew the VPN certificate", "MFA", assignee="Aisha Khan", estimate=20)
    pending = first_overview.FirstOverview.start(demo_store.path, fork=fork)
    data = pending.at_hand(15)
    assert data is not None and data.changes
    assert data == load_overview(demo_store).first_ones()
    assert pending.result() == data  # asked again: the same


async def test_an_overview_there_already_is_shown_without_waiting_in_a_thread(demo_store: Store) -> None:
    fresh = load_overview(demo_store)
    expected = fresh.first_ones()
    demo_store.close()
    pending = first_overview.FirstOverview.start(demo_store.path)
    assert pending.at_hand(15) == expected
    app = make_app(db_path=demo_store.path, first=pending, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        assert app.first is None  # taken as the app was mounted
        assert not [worker for worker in app.workers if worker.group == "first"]
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.data in (expected, fresh)  # the first one, or already the one read once the database opened


async def test_the_dashboard_says_it_is_opening_then_shows_the_first_overview(demo_store: Store) -> None:
    expected = load_overview(demo_store)
    demo_store.close()
    pending = first_overview.FirstOverview.start(demo_store.path)
    app = make_app(db_path=demo_store.path, first=pending, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        if screen.data is None:  # never an empty Overview that looks like the truth
            assert "Opening demo.db…" in str(screen.query_one("#welcome", Static).render())
        for _ in range(200):
            if app.session.ready and screen.loaded_version == app.session.data_version:
                break
            await pilot.pause(0.05)
        assert app.session.ready and app.first is None
        await settle(pilot)
        assert screen.data == expected
        assert not screen.query_one("#welcome", Static).display


async def test_a_database_that_opens_after_the_dashboard_closed_starts_no_watcher(demo_store: Store) -> None:
    app = make_app(store=demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    watcher = app.session.watcher
    assert watcher is not None and app.unmounted
    app._database_opened(None)  # the opening behind the first screen, done just after the dashboard closed
    assert app.session.watcher is watcher  # none started: nothing left polling the file


async def test_without_a_first_overview_the_database_opens_the_usual_way(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_overview, "_fresh", _slow)
    pending = first_overview.FirstOverview.start(demo_store.path)
    assert pending._pid is not None
    os.kill(pending._pid, signal.SIGKILL)  # the helper is gone: the dashboard must not wait for it
    app = make_app(db_path=demo_store.path, first=pending, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if app.session.ready and app.screen.last_data is not None:  # type: ignore[attr-defined]
                break
            await pilot.pause(0.05)
        assert app.session.ready and app.screen.last_data is not None  # type: ignore[attr-defined]


def test_changes_since_standup_show_local_time(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Times are stored in UTC; the Overview says them in the lead's own time zone."""
    tasks.add_task(demo_store, "Patch the print server", "MFA")
    stored = demo_store.path
    with demo_store.read() as session:
        from supportpm_tui.storage.database import dbapi

        (text,) = dbapi(session).execute("SELECT time FROM event ORDER BY id DESC LIMIT 1").fetchone()
    utc = dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # UTC+9, no summer time
    time.tzset()
    try:
        data = load_overview(demo_store)
        line = next(e for e in data.changes if e.label == "tester added *Patch the print server* to Backlog")
        tokyo = utc + dt.timedelta(hours=9)
        assert line.detail.endswith(tokyo.strftime("%a %H:%M")), line.detail
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert stored.exists()


@pytest.mark.parametrize("fork", [True, False])
def test_a_fresh_first_overview_is_kept_for_the_next_start(demo_store: Store, fork: bool) -> None:
    assert kept_overview.load(demo_store.path) is None
    data = first_overview.FirstOverview.start(demo_store.path, fork=fork).result()
    assert data is not None
    for _ in range(100):  # kept by the helper just after the hand-over
        if kept_overview.load(demo_store.path) is not None:
            break
        time.sleep(0.02)
    assert kept_overview.load(demo_store.path) == data


def _single_threaded() -> list[str]:
    """Wait for the threads earlier tests left (a helper keeping its Overview, a dashboard's last worker) to end.

    Return the names of those still running after 15 s.
    """
    deadline = time.monotonic() + 15
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    return [thread.name for thread in threading.enumerate() if thread is not threading.main_thread()]


def test_a_helper_started_before_the_database_was_chosen_computes_the_same_overview(demo_store: Store) -> None:
    from supportpm_tui.services.overview import load_overview
    from supportpm_tui.startup import primed

    left = _single_threaded()  # a helper is forked only while this process runs a single thread
    helper = primed.prime()
    assert helper is not None, left
    pending = first_overview.FirstOverview.from_primed(demo_store.path, helper)
    data = pending.result()
    assert data is not None
    assert data == load_overview(demo_store).first_ones()  # what the screen shows, and every total


def test_a_helper_not_given_a_database_leaves_without_a_trace() -> None:
    from supportpm_tui.startup import primed

    left = _single_threaded()
    helper = primed.prime()  # forks only while this process runs a single thread
    assert helper is not None, left
    helper.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(helper.pid, os.WNOHANG)  # reaped already


def test_only_a_plain_start_forks_a_helper_early(monkeypatch: pytest.MonkeyPatch) -> None:
    from supportpm_tui.cli import dashboard
    from supportpm_tui.startup import primed

    forked: list[bool] = []
    monkeypatch.setattr(primed, "prime", lambda: forked.append(True))
    for args in (["task", "list"], ["--help"], ["--db"], ["--demo"], ["--db", "x.db", "task", "list"]):
        assert not dashboard.quick_start(args)
    assert not forked
    assert dashboard._may_be_quick([]) and dashboard._may_be_quick(["--db", "x.db", "--theme=nord"])
