"""The Overview's plain data: light to import, so a warm start can show it before the database layer loads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """One navigable line of the Overview: what it is, its id, and what it says."""

    kind: str
    ref: str
    label: str
    detail: str = ""
    level: str = ""  # error, warning, success or "" for the colour


@dataclass
class OverviewData:
    """The Overview's sections."""

    today: dt.date
    week: dt.date
    projects: list[Entry] = field(default_factory=list)
    milestones: list[Entry] = field(default_factory=list)
    people: list[Entry] = field(default_factory=list)
    risks: list[Entry] = field(default_factory=list)
    decisions: list[Entry] = field(default_factory=list)
    changes: list[Entry] = field(default_factory=list)
    since: dt.date | None = None
    changes_total: int = 0  # every change since the last standup; ``changes`` holds the first of them
    empty_database: bool = False
