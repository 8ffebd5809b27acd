"""Working days: the team's weekdays less holidays for everyone."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from supportpm_tui.core.vocabulary import WEEKDAY_NAMES

DAY = dt.timedelta(days=1)


def monday_of(day: dt.date) -> dt.date:
    """Return the Monday of the ISO week holding ``day``."""
    return day - dt.timedelta(days=day.weekday())


def short_date(day: dt.date, today: dt.date) -> str:
    """Return ``day`` as ``04 Jan``, with the year when it is not this year's (``04 Jan 2028``)."""
    return f"{day:%d %b}" if day.year == today.year else f"{day:%d %b %Y}"


def parse_weekdays(text: str) -> frozenset[int]:
    """Return weekday numbers (Monday 0) for a setting like ``mon,tue,wed``."""
    days = frozenset(WEEKDAY_NAMES.index(p.strip()) for p in text.split(",") if p.strip())
    return days


@dataclass(frozen=True)
class WorkCalendar:
    """The team's working weekdays (Monday is 0) and its holidays for everyone."""

    weekdays: frozenset[int] = frozenset(range(5))
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def is_weekday(self, day: dt.date) -> bool:
        """Return whether ``day`` is one of the team's working weekdays."""
        return day.weekday() in self.weekdays

    def is_working_day(self, day: dt.date) -> bool:
        """Return whether ``day`` is a working weekday that is not a holiday for everyone."""
        return day.weekday() in self.weekdays and day not in self.holidays

    def working_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Return the working days from ``first`` to ``last``, both included."""
        days: list[dt.date] = []
        if last < first:
            return days
        day = first
        while day <= last:
            if self.is_working_day(day):
                days.append(day)
            day += DAY
        return days

    def count_working_days(self, first: dt.date, last: dt.date) -> int:
        """Return how many working days lie from ``first`` to ``last``, both included."""
        if last < first:
            return 0
        span = (last - first).days + 1
        weeks, rest = divmod(span, 7)
        count = weeks * len(self.weekdays)
        start_wd = first.weekday()
        count += sum(1 for i in range(rest) if (start_wd + i) % 7 in self.weekdays)
        if self.holidays:
            days = self._sorted_holidays()
            lo, hi = bisect.bisect_left(days, first), bisect.bisect_right(days, last)
            count -= sum(1 for h in days[lo:hi] if self.is_weekday(h))
        return count

    def _sorted_holidays(self) -> list[dt.date]:
        cached: list[dt.date] | None = self.__dict__.get("_holiday_list")
        if cached is None:
            cached = sorted(self.holidays)
            object.__setattr__(self, "_holiday_list", cached)
        return cached

    def week_shares(self, first: dt.date, last: dt.date) -> tuple[tuple[dt.date, float], ...]:
        """Return (week Monday, share of the working days from ``first`` to ``last``) pairs.

        The shares sum to 1 when the span holds a working day; the result is
        empty when it holds none.
        """
        key = (first, last)
        cache: dict[tuple[dt.date, dt.date], tuple[tuple[dt.date, float], ...]] = self.__dict__.setdefault(
            "_share_cache", {}
        )
        found = cache.get(key)
        if found is not None:
            return found
        counts: list[tuple[dt.date, int]] = []
        monday = monday_of(first)
        while monday <= last:
            n = self.count_working_days(max(first, monday), min(last, monday + dt.timedelta(days=6)))
            if n:
                counts.append((monday, n))
            monday += dt.timedelta(days=7)
        total = sum(n for _, n in counts)
        result = tuple((week, n / total) for week, n in counts) if total else ()
        cache[key] = result
        return result

    def week_shares_in(
        self, first: dt.date, last: dt.date, weeks: tuple[dt.date, ...]
    ) -> tuple[tuple[dt.date, float], ...] | None:
        """Return :meth:`week_shares`'s pairs for the Mondays in ``weeks`` (ascending) only: the same shares.

        Only those weeks' working days are counted, with the span's: each
        week's count is the same whole number, so its share is the same
        figure. ``None`` when the span holds no working day.
        """
        key = (first, last, weeks)
        cache: dict[tuple[dt.date, dt.date, tuple[dt.date, ...]], tuple[tuple[dt.date, float], ...] | None]
        cache = self.__dict__.setdefault("_shares_in_cache", {})
        if key in cache:
            return cache[key]
        total = self.count_working_days(first, last)
        counts: list[tuple[dt.date, int]] = []
        for monday in weeks:
            if monday <= last and monday + dt.timedelta(days=6) >= first:
                n = self.count_working_days(max(first, monday), min(last, monday + dt.timedelta(days=6)))
                if n:
                    counts.append((monday, n))
        result = tuple((week, n / total) for week, n in counts) if total else None
        cache[key] = result
        return result

    def next_working_day(self, day: dt.date) -> dt.date:
        """Return the first working day on or after ``day``."""
        for _ in range(3700):
            if self.is_working_day(day):
                return day
            day += DAY
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """Return the date ``count`` working days after (or before, if negative) ``day``.

        It stops at the calendar's first or last day rather than run past it (the
        callers refuse a date outside their window).
        """
        step = DAY if count >= 0 else -DAY
        remaining = abs(count)
        while remaining:
            if day in (dt.date.min, dt.date.max):
                return day
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def week_weekdays(self, monday: dt.date) -> list[dt.date]:
        """Return the team's weekdays (holidays included) of the week starting ``monday`` (do not change it)."""
        cache: dict[dt.date, list[dt.date]] = self.__dict__.setdefault("_week_cache", {})
        found = cache.get(monday)
        if found is None:
            found = cache[monday] = [monday + dt.timedelta(days=i) for i in sorted(self.weekdays)]
        return found


def planning_start(today: dt.date, calendar: WorkCalendar) -> dt.date:
    """Return the first working day on or after ``today``: where "this week" begins.

    On a weekend or a public holiday that ends the week, "this week" is the
    next working week, so the lead sees the week ahead rather than an empty one.
    """
    return calendar.next_working_day(today)
