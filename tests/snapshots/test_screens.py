"""SVG snapshots of every screen on demo data, with the clock frozen, in dark and light themes (a few in more).

Update after a deliberate change with ``pytest tests/snapshots --snapshot-update``
and look at the pictures before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import make_app
from tests.ui.conftest import SIZE, settle

# The screens as a user sees them: prepared in the background, then shown.
pytestmark = pytest.mark.prepared

SCREENS = {"overview": "1", "board": "2", "timeline": "3", "risks": "4", "capacity": "5", "projects": "6"}


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_snapshot(snap_compare: Any, demo_store: Store, screen: str, theme: str) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(SCREENS[screen])
        await settle(pilot)

    app = make_app(demo_store, theme=theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_projects_in_high_contrast(snap_compare: Any, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="high-contrast"), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("look", ["high-contrast", "no-color"])
@pytest.mark.parametrize("screen", ["board", "capacity"])
def test_board_and_capacity_in_high_contrast_and_without_colour(
    snap_compare: Any, demo_store: Store, monkeypatch: pytest.MonkeyPatch, screen: str, look: str
) -> None:
    """The light theme's are above; ``NO_COLOR`` is shown on the dark theme, the one a new user starts in."""
    if look == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(SCREENS[screen])
        await settle(pilot)

    app = make_app(demo_store, theme="high-contrast" if look == "high-contrast" else "textual-dark")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_a_status_update_previewed(snap_compare: Any, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("6", "j")  # MFA
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="textual-dark"), terminal_size=SIZE, run_before=run_before)


def test_the_leadership_summary_previewed(snap_compare: Any, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="textual-dark"), terminal_size=SIZE, run_before=run_before)


def test_a_projects_burndown(snap_compare: Any, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("6", "j")  # MFA
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="textual-dark"), terminal_size=SIZE, run_before=run_before)


def test_a_projects_metrics(snap_compare: Any, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("6", "j")  # MFA
        await settle(pilot)
        await pilot.press("g", "right_square_bracket")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="textual-light"), terminal_size=SIZE, run_before=run_before)


def test_board_with_a_filter_and_the_help(snap_compare: Any, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        pilot.app.set_filter(pilot.app.session.filter.with_text("key:MFA"))  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="textual-dark"), terminal_size=SIZE, run_before=run_before)


def test_timeline_on_the_month_scale(snap_compare: Any, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("minus", "j", "j")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="textual-dark"), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("tab", ["issues", "changes"])
def test_risks_other_tabs(snap_compare: Any, demo_store: Store, tab: str) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press(*(["g"] if tab == "issues" else ["g", "g"]))
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="textual-dark"), terminal_size=SIZE, run_before=run_before)


def test_a_cards_edit_form_with_a_list_narrowed_by_typing(snap_compare: Any, demo_store: Store) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("2", "e")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "a")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="textual-dark"), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_standup_headline(snap_compare: Any, demo_store: Store, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)

    assert snap_compare(make_app(demo_store, theme="textual-dark"), terminal_size=size, run_before=run_before)
