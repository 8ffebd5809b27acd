"""Parsing of what people type: dates, ISO weeks and numbers.

Dates accept ISO (``2026-12-01``, also ``2026-12-1``), an ISO week
(``2026-W50``: its Monday) and short forms: ``today``, ``tomorrow``,
``yesterday``, a weekday (``fri``, ``friday``: the next one, today included;
the last one, today included, where a date in the past is asked for, as
``log --since``), ``next fri`` (after today), ``last fri`` (before today), and
offsets (``+3d``, ``+2w``, ``-1d``). Weeks accept any date in the week or
``2026-W48``. Every failure raises :class:`FieldError` with a clear message.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.vocabulary import WEEKDAY_NAMES

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_OFFSET = re.compile(r"^([+-])(\d{1,30})([dw])$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NEXT_LAST = re.compile(r"^(next|last)\s+([a-z]+)$")
_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)

DATE_HINT = "use YYYY-MM-DD, today, tomorrow, fri, next fri, last fri, 2026-W50, or +3d / +2w"

# The dates SupportPM plans with: every date it stores lies in this window.
DATE_MIN = dt.date(1970, 1, 1)
DATE_MAX = dt.date(2200, 12, 31)
WINDOW = f"{DATE_MIN.year}–{DATE_MAX.year}"
# The largest hours, amounts and counts SupportPM stores.
NUMBER_MAX = 1e12


def in_window(day: dt.date) -> bool:
    """Return whether ``day`` lies in the window SupportPM plans with."""
    return DATE_MIN <= day <= DATE_MAX


def check_date(day: dt.date, field: str = "date") -> dt.date:
    """Return ``day`` when it lies in the window (1970–2200); else raise."""
    day_only = day.date() if isinstance(day, dt.datetime) else day
    if not in_window(day_only):
        raise FieldError(field, f"{day_only.isoformat()} is out of range (use a date from {DATE_MIN} to {DATE_MAX})")
    return day


def read_date(text: object) -> dt.date | None:
    """Return the stored date ``text`` as a date in the window: clamped when outside, ``None`` when unreadable."""
    if isinstance(text, dt.date):
        day = text if not isinstance(text, dt.datetime) else text.date()
    elif isinstance(text, str):
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    else:
        return None
    return day if in_window(day) else min(max(day, DATE_MIN), DATE_MAX)


def read_number(value: object, default: float = 0.0) -> float:
    """Return a stored number the rules can use: ``default`` when it is not a finite number, clamped to the bounds."""
    if type(value) is float and -NUMBER_MAX <= value <= NUMBER_MAX:  # the usual case, at once (never NaN or ∞)
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    if isinstance(value, float) and not math.isfinite(value):
        return default
    return float(min(max(value, -NUMBER_MAX), NUMBER_MAX))


def parse_date(text: str, field: str = "date", today: dt.date | None = None, *, past: bool = False) -> dt.date:
    """Return the calendar date ``text`` names, relative to ``today``, within the window.

    With ``past`` (a date asked for looks back, as ``log --since``) a bare
    weekday is the last one, today included, rather than the next.
    """
    return check_date(_parse_date(text, field, today, past), field)


def _weekday_index(word: str) -> int | None:
    for names in (WEEKDAY_NAMES, _WEEKDAY_NAMES):
        if word in names:
            return names.index(word)
    return None


def _parse_date(text: str, field: str, today: dt.date | None, past: bool = False) -> dt.date:
    base = today or clock.today()
    value = text.strip().lower()
    if not value:
        raise FieldError(field, f"is empty; {DATE_HINT}")
    if value == "today":
        return base
    if value == "tomorrow":
        return base + dt.timedelta(days=1)
    if value == "yesterday":
        return base - dt.timedelta(days=1)
    weekday = _weekday_index(value)
    if weekday is not None:
        if past:
            return base - dt.timedelta(days=(base.weekday() - weekday) % 7)
        return base + dt.timedelta(days=(weekday - base.weekday()) % 7)
    relative = _NEXT_LAST.match(value)
    if relative:
        weekday = _weekday_index(relative.group(2))
        if weekday is None:
            raise FieldError(field, f"{text.strip()!r} is not a date: {relative.group(2)!r} is not a weekday")
        if relative.group(1) == "next":
            return base + dt.timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)
        return base - dt.timedelta(days=(base.weekday() - weekday - 1) % 7 + 1)
    week = _ISO_WEEK.match(value)
    if week:
        try:
            return dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        except ValueError:
            raise FieldError(field, f"{text.strip()!r} is not a real ISO week") from None
    offset = _OFFSET.match(value)
    if offset:
        sign = 1 if offset.group(1) == "+" else -1
        days = int(offset.group(2)) * (7 if offset.group(3) == "w" else 1)
        try:
            return base + dt.timedelta(days=sign * days)
        except OverflowError:
            raise FieldError(
                field, f"{text.strip()!r} is out of range (use a date from {DATE_MIN} to {DATE_MAX})"
            ) from None
    iso = _ISO_DATE.match(value)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            raise FieldError(field, f"{text.strip()!r} is not a real date") from None
    raise FieldError(field, f"{text.strip()!r} is not a date; {DATE_HINT}")


def parse_optional_date(
    text: str | None, field: str, today: dt.date | None = None, *, past: bool = False
) -> dt.date | None:
    """Return the date ``text`` names, or ``None`` for ``None``, empty or ``none``."""
    if text is None or text.strip().lower() in ("", "none", "-"):
        return None
    return parse_date(text, field, today, past=past)


def parse_week(text: str, field: str = "week", today: dt.date | None = None) -> dt.date:
    """Return the Monday of the ISO week ``text`` names (``2026-W48`` or any date in it)."""
    iso = _ISO_WEEK.match(text.strip())
    if iso:
        year, week = int(iso.group(1)), int(iso.group(2))
        try:
            return check_date(dt.date.fromisocalendar(year, week, 1), field)
        except ValueError:
            raise FieldError(field, f"{text.strip()!r} is not a real ISO week") from None
    day = parse_date(text, field, today)
    return check_date(day - dt.timedelta(days=day.weekday()), field)


def check_range(value: float, field: str, low: float | None = None, high: float | None = None) -> float:
    """Return ``value`` when it is a finite number within [low, high]; else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(field, f"{value!r} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise FieldError(field, "must be a finite number")
    if abs(value) > NUMBER_MAX:
        raise FieldError(field, f"{_fmt(value)} is out of range (at most {_fmt(NUMBER_MAX)})")
    if low is not None and value < low:
        raise FieldError(field, f"must be at least {_fmt(low)} (got {_fmt(value)})")
    if high is not None and value > high:
        raise FieldError(field, f"must be at most {_fmt(high)} (got {_fmt(value)})")
    return value


def parse_number(text: str, field: str, low: float | None = None, high: float | None = None) -> float:
    """Return the number ``text`` holds, checked against the range; else raise."""
    try:
        value = float(text.strip())
    except (ValueError, OverflowError):
        raise FieldError(field, f"{text.strip()!r} is not a number") from None
    return check_range(value, field, low, high)


def parse_hours(text: str, field: str = "hours", high: float = 24) -> float:
    """Return the hours ``text`` holds: ``2``, ``1.5``, ``2h``, ``2.5 h``, ``90m`` or ``1h30m``; else raise."""
    clean = text.strip().lower().replace(" ", "")
    plain = re.fullmatch(r"\d+(?:\.\d+)?", clean)
    match = re.fullmatch(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?", clean)
    if plain is not None:
        hours = float(clean)
    elif clean and match is not None and (match.group(1) or match.group(2)):
        hours = float(match.group(1) or 0) + float(match.group(2) or 0) / 60
    else:
        raise FieldError(field, f"{text.strip()!r} is not a number of hours (e.g. 2, 1.5, 2h, 90m)")
    return check_range(round(hours, 4), field, 0.01, high)


def parse_int(text: str, field: str, low: int | None = None, high: int | None = None) -> int:
    """Return the whole number ``text`` holds, checked against the range; else raise."""
    try:
        value = int(text.strip())
    except (ValueError, OverflowError):
        raise FieldError(field, f"{text.strip()!r} is not a whole number") from None
    check_range(value, field, low, high)
    return value


def _fmt(value: float) -> str:
    return f"{value:g}"


def parse_task_ids(text: str, field: str = "blocked by") -> list[int]:
    """Return the card ids ``text`` lists (``12, 14``, ``#12 #14``); ``none`` or nothing gives none; else raise."""
    words = [w.removeprefix("#") for w in re.split(r"[\s,;]+", text.strip()) if w]
    if [w.lower() for w in words] in ([], ["none"]):
        return []
    ids: list[int] = []
    for word in words:
        if not word.isdigit() or int(word) == 0:
            raise FieldError(field, f"{word!r} is not a card id (give ids like 12, 14 — or none)")
        if int(word) not in ids:
            ids.append(int(word))
    return ids
