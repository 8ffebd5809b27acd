"""The one seam for time: every "today" and "now" in SupportPM comes from here.

Tests freeze the clock with :func:`freeze`; the command line honours the
``SUPPORTPM_TODAY`` environment variable (an ISO date) for reproducible runs.
"""

from __future__ import annotations

import datetime as dt
import os

_frozen: dt.date | None = None


def freeze(day: dt.date | None) -> None:
    """Pin :func:`today` to ``day`` (``None`` releases it)."""
    global _frozen
    _frozen = day


def frozen() -> dt.date | None:
    """Return the day the clock is pinned to by :func:`freeze`, if any (to pin it back after a while)."""
    return _frozen


def today() -> dt.date:
    """Return the local calendar date, honouring a frozen clock."""
    if _frozen is not None:
        return _frozen
    pinned = os.environ.get("SUPPORTPM_TODAY")
    if pinned:
        return _pinned(pinned)
    # The operating system's local date and time zone, as every other program on the machine sees them.
    return dt.date.today()


def _pinned(text: str) -> dt.date:
    """Return the day ``SUPPORTPM_TODAY`` names; raise a UserError naming it when it is no date in 1970–2200."""
    from supportpm_tui.core.errors import UserError

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is None or not dt.date(1970, 1, 1) <= day <= dt.date(2200, 12, 31):
        shown = "".join(c if c.isprintable() else "?" for c in text)[:40]
        raise UserError(f"SUPPORTPM_TODAY={shown!r} is not a date from 1970-01-01 to 2200-12-31 (use YYYY-MM-DD)")
    return day


def now_utc() -> dt.datetime:
    """Return the current time in UTC (aware, to the second); 09:00 UTC of a frozen day."""
    if _frozen is not None or os.environ.get("SUPPORTPM_TODAY"):
        return dt.datetime.combine(today(), dt.time(9, 0), tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def now_local() -> dt.datetime:
    """Return the local wall-clock time (naive, to the second); 09:00 of a frozen day."""
    if _frozen is not None or os.environ.get("SUPPORTPM_TODAY"):
        return dt.datetime.combine(today(), dt.time(9, 0))
    return dt.datetime.now().replace(microsecond=0)


def from_stored(value: dt.datetime | str) -> dt.datetime:
    """Return a time read from the database (stored in UTC, without its zone) as an aware UTC datetime."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
