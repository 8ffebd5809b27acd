"""The values import files hold, read into ours: dates in a tracker's shapes, times in a zone, hours, priorities.

Each reader raises :class:`ValueError` with a message for a person; the parsers turn it into a
:class:`~supportpm_tui.services.imports.plan.RowError` naming the line and the field.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from supportpm_tui.core.parsing import DATE_MAX, DATE_MIN, NUMBER_MAX
from supportpm_tui.services.imports.plan import ImportFileError, RowError, word_for

_MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}
# 12/Mar/24 9:41 AM, 12/Mar/2024, 12/Mar/24 21:41 (Jira's date shapes)
_JIRA_DATE = re.compile(
    r"^(\d{1,2})/([A-Za-z]{3})[a-z]*/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
# 05.11.2024, 05/11/2024, 5.11.24, optionally followed by a time (Redmine's European shapes)
_DMY_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
# 20241105T120000Z (Taskwarrior, iCalendar)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$")
# PT16H0M0S, P2DT4H, PT0.5H
_DURATION = re.compile(
    r"^P(?:(?P<w>\d+(?:\.\d+)?)W)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_CLOCK_HOURS = re.compile(r"^(\d{1,6}):([0-5]\d)$")
WORKDAY_HOURS = 8.0
"""The hours of one day of work, for durations given in days (``P2D``) or weeks."""

PRIORITY_WORDS: dict[str, str] = {
    # Jira (current and older schemes), Redmine, Taskwarrior, our own words.
    "highest": "urgent", "blocker": "urgent", "critical": "urgent", "immediate": "urgent", "urgent": "urgent",
    "high": "high", "major": "high", "h": "high",
    "medium": "normal", "normal": "normal", "m": "normal",
    "low": "low", "lowest": "low", "minor": "low", "trivial": "low", "l": "low",
}  # fmt: skip


def priority_for(word: str, notes: list[str] | None = None) -> str:
    """Return our priority for a tracker's priority word; an unknown word is Normal, said once in ``notes``."""
    return word_for(PRIORITY_WORDS, word, "normal", "priority", notes)


def time_zone(zone: str | None) -> dt.tzinfo:
    """Return the IANA zone ``zone`` names, or the computer's own zone when it is None."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if zone is None:
        return local_zone()
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ImportFileError(
            RowError(0, "zone", f"{zone!r} is not a known time zone (use a name like Europe/Berlin)")
        ) from None


def local_zone() -> dt.tzinfo:
    """Return the computer's time zone: ``TZ``, else ``/etc/localtime``, else today's offset from UTC."""
    import os
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    try:
        with open("/etc/localtime", "rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (OSError, ValueError):
        pass
    return dt.datetime.now().astimezone().tzinfo or dt.UTC


def day_in(moment: dt.datetime | dt.date, zone: dt.tzinfo) -> dt.date:
    """Return the calendar date of ``moment`` in ``zone`` (a time without a zone is already read in it)."""
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(zone)
        return checked(moment.date())
    return checked(moment)


def checked(day: dt.date) -> dt.date:
    """Return ``day`` when SupportPM can plan with it (1970–2200); else raise ValueError."""
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValueError(f"{day.isoformat()} is out of range (dates from {DATE_MIN} to {DATE_MAX})")
    return day


def read_moment(text: str, *, day_first: bool = True) -> dt.datetime | dt.date:
    """Return the date or time ``text`` holds, in any shape the trackers write; raise ValueError when unreadable.

    Shapes: ISO (``2024-03-12``, ``2024-03-12T09:41:00+01:00``, ``2024-03-12 09:41``), Jira's ``12/Mar/24 9:41 AM``,
    European ``05.11.2024`` and ``05/11/2024`` (day first), and the compact ``20241105T120000Z``. A time is
    returned as a datetime (aware when the text names its zone), a bare date as a date.
    """
    value = " ".join(text.split())
    if match := _JIRA_DATE.match(value):
        day, month_name, year, hour, minute, second, half = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is None:
            raise ValueError(f"{text.strip()!r} is not a date (month {month_name!r} is not known)")
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        date = _date(full_year, month, int(day), text)
        if hour is None:
            return date
        return _time(date, int(hour), int(minute), int(second or 0), half, text)
    if match := _DMY_DATE.match(value):
        first, middle, year, hour, minute, seconds = match.groups()
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        day_number, month_number = (int(first), int(middle)) if day_first else (int(middle), int(first))
        date = _date(full_year, month_number, day_number, text)
        if hour is None:
            return date
        return _time(date, int(hour), int(minute), int(seconds or 0), None, text)
    if match := _COMPACT.match(value):
        year, month_text, day, hour, minute, second, utc = match.groups()
        date = _date(int(year), int(month_text), int(day), text)
        if hour is None:
            return date
        moment = _time(date, int(hour), int(minute), int(second), None, text)
        return moment.replace(tzinfo=dt.UTC) if utc else moment
    iso = value.replace(" ", "T", 1)
    if len(iso) >= 10 and iso[4:5] == "-" and iso[7:8] == "-":
        if len(iso) == 10:
            try:
                return checked(dt.date.fromisoformat(iso))
            except ValueError:
                pass
        else:
            try:
                moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                pass
            else:
                checked(moment.date())
                return moment
    raise ValueError(f"{text.strip()!r} is not a date (use 2024-03-12, 12/Mar/24 9:41 AM or 12.03.2024)")


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date (no such day)") from None
    return checked(date)


def _time(date: dt.date, hour: int, minute: int, second: int, half: str | None, text: str) -> dt.datetime:
    if half is not None:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text.strip()!r} is not a time (hour {hour} with {half.upper()})")
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    try:
        return dt.datetime.combine(date, dt.time(hour, minute, second))
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a time") from None


def read_day(text: str, zone: dt.tzinfo, *, day_first: bool = True) -> dt.date:
    """Return the calendar date ``text`` names, a time with a zone read as its date in ``zone``."""
    return day_in(read_moment(text, day_first=day_first), zone)


def read_number(text: str) -> float:
    """Return the finite number ``text`` holds: ``2.5``, or with a decimal comma ``2,5`` and ``1.234,5``."""
    value = text.strip().replace("\u00a0", "").replace(" ", "").replace("_", "")
    if "," in value and "." in value:
        if value.rfind(",") > value.rfind("."):
            value = value.replace(".", "").replace(",", ".")  # 1.234,5
        else:
            value = value.replace(",", "")  # 1,234.5
    else:
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if not math.isfinite(number) or abs(number) > NUMBER_MAX:
        raise ValueError(f"{text.strip()!r} is not a usable number")
    return number


def read_hours(text: str) -> float:
    """Return hours that may not be negative: a number of hours (``2.5``, ``2,5 h``), ``2:30``, or ``PT4H``."""
    value = text.strip().removesuffix("h").strip()
    if value.startswith("-"):
        raise ValueError(f"{text.strip()!r} is negative: hours are 0 or more")
    if match := _CLOCK_HOURS.match(value):
        hours = int(match[1]) + int(match[2]) / 60
    elif value[:1].upper() == "P":
        hours = duration_hours(value)
    else:
        hours = read_number(value)
    if hours < 0:
        raise ValueError(f"{value!r} is negative: hours are 0 or more")
    return hours


def duration_hours(text: str) -> float:
    """Return the hours of an ISO 8601 duration (``PT16H0M0S``, ``P2DT4H``; a day is a working day of 8 hours)."""
    value = text.strip().upper()
    match = _DURATION.match(value)
    if match is None or value in ("P", "PT") or value.endswith("T"):
        raise ValueError(f"{text.strip()!r} is not a duration (use PT16H0M0S or PT4H)")
    part = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    hours = (part["w"] * 5 + part["d"]) * WORKDAY_HOURS + part["h"] + part["m"] / 60 + part["s"] / 3600
    if hours > NUMBER_MAX:
        raise ValueError(f"{text.strip()!r} is too long a duration")
    return round(hours, 4)


def seconds_to_hours(text: str) -> float:
    """Return the hours in a count of seconds (Jira's estimates); raise ValueError when negative or not a number."""
    seconds = read_number(text)
    if seconds < 0:
        raise ValueError(f"{text.strip()!r} is negative: an estimate is 0 hours or more")
    return round(seconds / 3600, 4)
