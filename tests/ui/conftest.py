"""Pilot fixtures: the dashboard on a demo (or empty) database with the clock frozen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from supportpm_tui.db import Store, open_store
from supportpm_tui.services.demo import generate
from supportpm_tui.ui.app import SupportPMApp, make_app

SIZE = (160, 48)


@pytest.fixture
def demo_store(tmp_path: Path, today: dt.date) -> Iterator[Store]:
    """A demo database generated for the frozen day."""
    store = open_store(tmp_path / "demo.db")
    generate(store)
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path: Path, today: dt.date) -> Iterator[Store]:
    """A new, empty database."""
    store = open_store(tmp_path / "empty.db")
    yield store
    store.close()


@pytest.fixture
def app(demo_store: Store) -> SupportPMApp:
    """The dashboard on the demo database, dark theme."""
    return make_app(demo_store, theme="textual-dark")


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and the screen has redrawn."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
