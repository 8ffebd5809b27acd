"""The Overview's plain data: light to import, so a warm start can show it before the database layer loads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

SECTIONS = ("projects", "milestones", "people", "risks", "decisions", "changes")
SHOWN = 25
"""Entries a section of the Overview shows; the rest is one filter away."""


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
    totals: dict[str, int] = field(default_factory=dict)  # entries in all of a section cut to its first ones

    def total(self, section: str) -> int:
        """Return how many entries ``section`` has in all (its list may hold only the first of them)."""
        known = self.changes_total if section == "changes" else self.totals.get(section, 0)
        return max(known, len(getattr(self, section)))

    def first_ones(self, limit: int = SHOWN) -> OverviewData:
        """Return a copy holding the first ``limit`` entries of each section, and how many each has in all.

        What the first screen shows: handed from the helper that computed it,
        and kept for the next start, without the thousands of lines of a long
        history that no screen shows unfiltered.
        """
        totals = {name: self.total(name) for name in SECTIONS if name != "changes"}
        cut = dataclasses.replace(self, totals=totals, changes_total=self.total("changes"))
        for name in SECTIONS:
            setattr(cut, name, getattr(self, name)[:limit])
        return cut
