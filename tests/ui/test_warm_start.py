"""A warm start: the Overview kept from last time shows at once, only while it is still the truth."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Static

from supportpm_tui.core import clock
from supportpm_tui.core.filtering import Filter
from supportpm_tui.readmodel.overview_entries import SECTIONS, SHOWN, Entry, OverviewData
from supportpm_tui.services import tasks
from supportpm_tui.services.overview import dashboard_overview, load_overview
from supportpm_tui.startup import kept_overview
from supportpm_tui.startup.first_overview import ReadyOverview
from supportpm_tui.storage.database import Store, copy_database
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.screens.overview import OverviewScreen
from supportpm_tui.ui.widgets.entry_list import EntryList
from tests.ui.conftest import SIZE, settle


def keep(store: Store) -> OverviewData:
    key = kept_overview.fingerprint(store.path)
    assert key is not None
    data = load_overview(store)
    kept_overview.save(store.path, key, data)
    return data


def test_the_kept_overview_comes_back_only_while_nothing_changed(demo_store: Store, today: dt.date) -> None:
    data = keep(demo_store)
    assert kept_overview.load(demo_store.path) == data.first_ones()  # what the screen shows, and every total
    tasks.add_task(demo_store, "A change", "MFA")
    assert kept_overview.load(demo_store.path) is None  # a write since: not the truth any more
    keep(demo_store)
    clock.freeze(today + dt.timedelta(days=1))
    assert kept_overview.load(demo_store.path) is None  # another day: late and overdue have moved on


def test_the_dashboards_unfiltered_overview_is_kept_and_a_filtered_one_is_not(demo_store: Store) -> None:
    filtered = dashboard_overview(demo_store, Filter(project="MFA"))
    assert kept_overview.load(demo_store.path) is None
    shown = dashboard_overview(demo_store, Filter())
    assert kept_overview.load(demo_store.path) == shown.first_ones() != filtered.first_ones()


def test_a_replaced_file_or_a_damaged_record_is_never_used(demo_store: Store) -> None:
    keep(demo_store)
    copy = demo_store.path.with_name("copy.db")
    shutil.copy(demo_store.path, copy)
    os.replace(copy, demo_store.path)  # same content, another file (as restore does)
    assert kept_overview.load(demo_store.path) is None
    keep(demo_store)
    kept_overview.cache_path(demo_store.path).write_text("{not json")
    assert kept_overview.load(demo_store.path) is None
    kept_overview.cache_path(demo_store.path).write_text('{"key": 1, "today": "2026-11-18", "data": {"today": 5}}')
    assert kept_overview.load(demo_store.path) is None


def test_the_kept_file_is_private(demo_store: Store) -> None:
    keep(demo_store)
    assert kept_overview.cache_path(demo_store.path).stat().st_mode & 0o777 == 0o600


async def test_the_dashboard_shows_the_kept_overview_then_opens_the_database(demo_store: Store) -> None:
    kept = keep(demo_store)
    demo_store.close()
    app = make_app(db_path=demo_store.path, first=ReadyOverview(kept), theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen) and screen.data == kept  # on screen before the database opens
        for _ in range(100):
            if app.session.ready and screen.loaded_version == app.session.data_version:
                break
            await pilot.pause(0.05)
        assert app.session.ready and screen.loaded_version == app.session.data_version
        await settle(pilot)
        assert screen.data is not None and screen.data.projects == kept.projects  # the truth, as kept
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.last_data is not None  # type: ignore[attr-defined]


async def test_a_write_before_the_database_is_open_says_so(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = keep(demo_store)
    monkeypatch.setattr(SupportPMApp, "_open_database", lambda self: None)  # still opening, as long as it takes
    app = make_app(db_path=demo_store.path, first=ReadyOverview(kept), theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.session.ready
        failures: list[str] = []
        app.write(lambda store: None, failed=lambda error: failures.append(str(error)))
        assert failures == ["the database is still opening; try again in a moment"]
        await pilot.press("2", "p")  # other screens wait for the database instead of failing
        await pilot.pause()
        assert app.screen.last_data is None  # type: ignore[attr-defined]


def test_only_a_current_supportpm_database_takes_the_quick_way(demo_store: Store, tmp_path: Path) -> None:
    assert kept_overview.ready_to_open(demo_store.path)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    text = tmp_path / "notes.db"
    text.write_text("notes\n" * 40)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.db"
    copy_database(demo_store.path, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    for path in (empty, text, other, newer, tmp_path / "missing.db", tmp_path):
        assert not kept_overview.ready_to_open(path), path


async def test_a_cold_start_says_it_is_opening_then_shows_the_truth(demo_store: Store) -> None:
    app = make_app(db_path=demo_store.path, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        if not app.session.ready:  # never an empty Overview that looks like the truth
            assert "Opening demo.db…" in str(screen.query_one("#welcome", Static).render())
        for _ in range(100):
            if screen.last_data is not None and screen.loaded_version == app.session.data_version:
                break
            await pilot.pause(0.05)
        assert screen.last_data is not None and screen.last_data.projects
        assert not screen.query_one("#welcome", Static).display


def _overview_of(sizes: list[int], changes_total: int) -> OverviewData:
    data = OverviewData(dt.date(2026, 11, 30), dt.date(2026, 11, 30), since=dt.date(2026, 11, 27))
    for name, size in zip(SECTIONS, sizes, strict=True):
        setattr(data, name, [Entry("task", str(i), f"{name} {i}", "detail", "warning") for i in range(size)])
    data.changes_total = max(changes_total, len(data.changes))
    return data


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 70), min_size=len(SECTIONS), max_size=len(SECTIONS)), st.integers(0, 500))
def test_the_first_ones_hold_what_the_screen_shows_and_every_total(sizes: list[int], changes_total: int) -> None:
    data = _overview_of(sizes, changes_total)
    cut = data.first_ones()
    for name in SECTIONS:
        assert getattr(cut, name) == getattr(data, name)[:SHOWN]
        assert cut.total(name) == data.total(name) >= len(getattr(data, name))
    assert cut.first_ones() == cut
    assert kept_overview.decode(kept_overview.encode(cut)) == cut  # kept for the next start, totals too


async def test_an_overview_cut_to_its_first_ones_says_how_many_there_are(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _overview_of([3, 40, 2, 1, 0, 30], 115).first_ones()
    monkeypatch.setattr(SupportPMApp, "_open_database", lambda self: None)  # still opening: the cut one shows
    app = make_app(db_path=demo_store.path, first=ReadyOverview(data), theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen) and screen.data == data
        title = str(screen.query_one("#list-milestones", EntryList).border_title)
        assert title.endswith("· 40")
        assert screen.query_one("#list-milestones", EntryList).note.startswith("… and 15 more")
        assert screen.query_one("#list-changes", EntryList).note.startswith("… and 90 more")
