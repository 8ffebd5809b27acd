"""The dashboard's screens, in the order of their keys, and how each is built.

A screen's module is imported the first time the screen is built, so the
first screen shows before the others are loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen


def _overview() -> Screen[None]:
    from supportpm_tui.ui.screens.overview import OverviewScreen

    return OverviewScreen()


def _board() -> Screen[None]:
    from supportpm_tui.ui.screens.board import BoardScreen

    return BoardScreen()


def _timeline() -> Screen[None]:
    from supportpm_tui.ui.screens.timeline import TimelineScreen

    return TimelineScreen()


def _risks() -> Screen[None]:
    from supportpm_tui.ui.screens.risks import RisksScreen

    return RisksScreen()


def _capacity() -> Screen[None]:
    from supportpm_tui.ui.screens.capacity import CapacityScreen

    return CapacityScreen()


@dataclass(frozen=True)
class Mode:
    """One screen of the dashboard: its mode name, title, key and how to build it."""

    name: str
    title: str
    key: str
    build: Callable[[], Screen[None]]


MODES: tuple[Mode, ...] = (
    Mode("overview", "Overview", "1", _overview),
    Mode("board", "Board", "2", _board),
    Mode("timeline", "Timeline", "3", _timeline),
    Mode("risks", "Risks", "4", _risks),
    Mode("capacity", "Capacity", "5", _capacity),
)

# Where each kind of Overview entry lives.
SCREEN_OF_KIND: dict[str, str] = {
    "project": "board",
    "person": "board",
    "task": "board",
    "milestone": "timeline",
    "risk": "risks",
    "issue": "risks",
    "change": "risks",
    "change_request": "risks",
}
