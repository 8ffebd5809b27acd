"""Pilot fixtures: the dashboard on a demo (or empty) database with the clock frozen."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from textual.pilot import Pilot

from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app

SIZE = (160, 48)


@pytest.fixture
def app(demo_store: Store) -> SupportPMApp:
    """The dashboard on the demo database, dark theme."""
    return make_app(demo_store, theme="textual-dark")


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and the screen has redrawn.

    A load replaced by a newer one ends cancelled; that is not a failure.
    """
    from textual.worker import WorkerCancelled

    for _ in range(3):
        await pilot.pause()
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def fill(form: Any, **values: str) -> None:
    """Type ``values`` into a form's text fields (by field name)."""
    from textual.widgets import Input

    for name, value in values.items():
        form.query_one(f"#field-{name}", Input).value = value


async def screens_ready(pilot: Pilot[None]) -> bool:
    """Wait up to 5 s for every screen behind the one in view to be built, loaded and drawn; return whether they are."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause(0.05)
        if app.screens_ready():  # type: ignore[attr-defined]
            return True
    return bool(app.screens_ready())  # type: ignore[attr-defined]
