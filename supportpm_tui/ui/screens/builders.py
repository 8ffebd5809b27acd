"""How each dashboard screen is built, by mode name.

A screen's module is imported the first time the screen is built, so the
first screen shows before the others are loaded.
"""

from __future__ import annotations

from collections.abc import Callable

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


def _projects() -> Screen[None]:
    from supportpm_tui.ui.screens.projects import ProjectsScreen

    return ProjectsScreen()


def _standup() -> Screen[None]:
    from supportpm_tui.ui.screens.standup import StandupScreen

    return StandupScreen()


SCREEN_BUILDERS: dict[str, Callable[[], Screen[None]]] = {
    "overview": _overview,
    "board": _board,
    "timeline": _timeline,
    "risks": _risks,
    "capacity": _capacity,
    "projects": _projects,
    "standup": _standup,
}
