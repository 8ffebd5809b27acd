"""Every screen at 80×24, 120×35 and 160×48 in the dark theme: the layout changes, the warnings stay whole.

Update after a deliberate change with ``pytest tests/snapshots/test_sizes.py --snapshot-update``
and look at the pictures before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from tests.ui.conftest import settle

# The screens as a user sees them: prepared in the background, then shown.
pytestmark = pytest.mark.prepared

SCREENS = {"overview": "1", "board": "2", "timeline": "3", "risks": "4", "capacity": "5", "projects": "6"}
SIZES = {"80x24": (80, 24), "120x35": (120, 35), "160x48": (160, 48)}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_screen_at_every_size(snap_compare: Any, demo_store: Store, screen: str, size: str) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(SCREENS[screen])
        await settle(pilot)

    app = make_app(demo_store, theme="textual-dark")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def screen_text(app: SupportPMApp) -> str:
    """Return what the terminal shows, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def show(pilot: Pilot[None], *keys: str) -> str:
    await pilot.press(*keys)
    await settle(pilot)
    return screen_text(pilot.app)  # type: ignore[arg-type]


# What each screen of the demo warns of, as it must read at 80×24: the marker whole, after its (shortened) name.
WARNINGS = {
    "overview": ["✖ LAP  Laptop refresh 2027", "RED · milestone Pilot devices imaged is late", "✖ PAT", "✖ MFA"],
    "board": ["In progress  7/6 ▲ over", "Ready  4/8", "Backlog  10", "⚠ ! 3d late", "↑ high", "‼ urgent", "▲"],
    "timeline": ["late 9d", "slipping +8d"],
    "risks": ["critical", "high"],
    "capacity": ["208% ⚠", "250% ⚠", "92% ◐", "▲ Lena Fischer"],
    "projects": ["RED", "GREEN"],
}


async def test_the_warnings_of_every_screen_are_whole_at_80_by_24(demo_store: Store) -> None:
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for screen, key in SCREENS.items():
            text = await show(pilot, key)
            for warning in WARNINGS[screen]:
                assert warning in text, f"{screen}: {warning!r} is not on screen whole"
            lines = text.splitlines()
            assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
            assert "? Help" in text and "^p palette" in text, f"{screen}: the key bar is cut"
            assert "u Undo" in text and "q Quit" in text, f"{screen}: the key bar is cut"
        # The Board shows three columns at a time; its switcher names the others with their counts.
        text = await show(pilot, "2")
        assert "Blocked 1 · Testing 1 · Done 1 →" in text
        text = await show(pilot, "right", "right", "right")
        assert "⊘ blocked" in text and "Blocked  1" in text and "← Backlog 10 · Ready 4" in text
        # Capacity: the breakdown stands below the grid, never beside it on the same line.
        text = await show(pilot, "5")
        header = next(line for line in text.splitlines() if "W47" in line)
        assert "Sorted by" not in header
        assert "Sorted by name" in text
        # Help lists the screen's own keys, with j and k, and its whole legend.
        text = await show(pilot, "2", "question_mark")
        assert "On Board" in text and "↓ / j" in text and "↑ / k" in text
        assert "over its WIP limit" in text and "escape closes" in text
