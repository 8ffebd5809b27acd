"""The dashboard's screens, in the order of their keys (the app builds them: see ``ui/app.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mode:
    """One screen of the dashboard: its mode name, title and key."""

    name: str
    title: str
    key: str


MODES: tuple[Mode, ...] = (
    Mode("overview", "Overview", "1"),
    Mode("board", "Board", "2"),
    Mode("timeline", "Timeline", "3"),
    Mode("risks", "Risks", "4"),
    Mode("capacity", "Capacity", "5"),
    Mode("projects", "Projects", "6"),
)
# The standup walk (key 0): a screen of its own, reached by its key or the palette, not listed among the screens.
STANDUP = Mode("standup", "Standup", "0")

# Where each kind of Overview entry lives.
SCREEN_OF_KIND: dict[str, str] = {
    "project": "projects",
    "person": "board",
    "task": "board",
    "milestone": "timeline",
    "risk": "risks",
    "issue": "risks",
    "change": "risks",
    "change_request": "risks",
}
