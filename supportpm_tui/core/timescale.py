"""The Timeline's layout maths: dates to character columns, scales, clipping, headers.

Pure functions over dates and integers, so the drawing code stays simple
and every edge case is unit-tested without a terminal.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from supportpm_tui.core.rules.calendar import monday_of

# Zoom levels, coarsest first: (name, characters per day).
LEVELS: tuple[tuple[str, float], ...] = (("months", 0.25), ("weeks", 1.0), ("days", 2.0))
DEFAULT_LEVEL = 1


def first_of_month(day: dt.date) -> dt.date:
    """Return the first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class TimeScale:
    """Maps dates to columns: ``origin`` is the date at column 0 of the chart."""

    origin: dt.date
    level: int = DEFAULT_LEVEL

    @property
    def name(self) -> str:
        """Return ``months``, ``weeks`` or ``days``."""
        return LEVELS[self.level][0]

    @property
    def per_day(self) -> float:
        """Return how many characters one day takes."""
        return LEVELS[self.level][1]

    def x(self, day: dt.date) -> int:
        """Return the column of ``day`` (negative or beyond the width when out of view)."""
        return math.floor((day - self.origin).days * self.per_day)

    def day_at(self, column: int) -> dt.date:
        """Return the first date drawn in ``column``."""
        return self.origin + dt.timedelta(days=math.ceil(column / self.per_day))

    def span(self, first: dt.date, last: dt.date, width: int) -> tuple[int, int] | None:
        """Return the columns [start, end) covering ``first``..``last`` clipped to the width.

        A span always covers at least one column when any part is in view;
        ``None`` when it lies wholly outside.
        """
        if last < first:
            first, last = last, first
        start = self.x(first)
        end = max(self.x(last + dt.timedelta(days=1)), start + 1)
        if end <= 0 or start >= width:
            return None
        return max(0, start), min(width, end)

    def visible(self, day: dt.date, width: int) -> bool:
        """Return whether ``day`` falls inside the chart."""
        return 0 <= self.x(day) < width

    def step(self) -> int:
        """Return the days one scroll step moves: a month, a week, or a week when zoomed in."""
        return 30 if self.name == "months" else 7

    def scrolled(self, steps: int) -> TimeScale:
        """Return this scale moved by ``steps`` units (negative goes back in time)."""
        if self.name == "months":
            return TimeScale(add_months(self.origin, steps), self.level)
        return TimeScale(self.origin + dt.timedelta(days=7 * steps), self.level)

    def zoomed(self, change: int, anchor: dt.date) -> TimeScale:
        """Return the scale one level finer (+1) or coarser (-1), keeping ``anchor`` near the left."""
        level = max(0, min(len(LEVELS) - 1, self.level + change))
        return TimeScale.around(anchor, level)

    @staticmethod
    def around(day: dt.date, level: int = DEFAULT_LEVEL) -> TimeScale:
        """Return a scale whose view starts a little before ``day`` (aligned to weeks or months)."""
        if LEVELS[level][0] == "months":
            return TimeScale(add_months(first_of_month(day), -1), level)
        return TimeScale(monday_of(day) - dt.timedelta(days=7), level)

    def headers(self, width: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """Return (upper, lower) header labels as (column, text): months above, weeks below.

        On the month scale the lower row shows the year at each January.
        """
        upper: list[tuple[int, str]] = []
        lower: list[tuple[int, str]] = []
        month = first_of_month(self.origin)
        while self.x(month) < width:
            col = self.x(month)
            if col >= 0 or self.x(add_months(month, 1)) > 0:
                label = month.strftime("%b") if self.name == "months" else month.strftime("%b %Y")
                upper.append((max(0, col), label))
                if self.name == "months" and (month.month == 1 or not lower):
                    lower.append((max(0, col), str(month.year)))
            month = add_months(month, 1)
        if self.name != "months":
            week = monday_of(self.origin)
            while self.x(week) < width:
                col = self.x(week)
                if col >= 0:
                    lower.append((col, f"W{week.isocalendar()[1]:02d}"))
                week += dt.timedelta(days=7)
        return upper, lower


def place_labels(labels: list[tuple[int, str]], width: int) -> str:
    """Return one line of ``width`` characters with the labels placed, none overlapping."""
    line = [" "] * width
    free = 0
    for col, text in labels:
        start = max(col, free)
        if start >= width:
            break
        piece = text[: width - start]
        line[start : start + len(piece)] = piece
        free = start + len(piece) + 1
    return "".join(line)
