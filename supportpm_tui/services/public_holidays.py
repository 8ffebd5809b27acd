"""The holidays of a year: the public holidays of the team's (or a person's) region, and those the team entered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.vocabulary import DUTY_KINDS
from supportpm_tui.services import base
from supportpm_tui.services.people import get_settings_row
from supportpm_tui.services.typed import JsonRecord
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Commitment

PUBLIC = "public"
ENTERED = "team"


@dataclass(frozen=True)
class HolidayRecord(JsonRecord):
    """One day off for everyone: its ISO date, weekday, name, and whether it is ``public`` or the ``team``'s own."""

    date: str
    weekday: str
    name: str
    source: str
    region: str = ""  # the public holiday's region; "" for the team's own


@dataclass(frozen=True)
class HolidayYear(JsonRecord):
    """The holidays of one year for the team or one person, by date, and the region they come from."""

    year: int
    region: str  # "" when no public holidays are set
    person: str | None = None
    own_region: bool = False  # the person's own region, replacing the team's
    holidays: list[HolidayRecord] = field(default_factory=list)


def list_holidays(store: Store, year: int | None = None, person: str | None = None) -> HolidayYear:
    """Return the holidays of ``year`` (default this year) for the team, or for ``person`` under their own region.

    Public holidays come from the region; the team's own holidays are the
    holidays for everyone entered with ``supportpm leave add all``. A day
    that is both is listed once, as the team's (it counts once).
    """
    from supportpm_tui.readmodel.public_holidays import holidays_of_year

    year = year if year is not None else clock.today().year
    if not 1970 <= year <= 2200:
        raise FieldError("year", f"{year} is outside 1970–2200")
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with store.read() as session:
        region = get_settings_row(session).holiday_region or ""
        who: str | None = None
        own = False
        if person is not None:
            found = base.find_person(session, person)
            who = found.name
            if found.holiday_region:
                region, own = found.holiday_region, True
        entered = session.exec(
            select(Commitment)
            .where(col(Commitment.person_id).is_(None), col(Commitment.end) >= first, col(Commitment.start) <= last)
            .order_by(col(Commitment.start), col(Commitment.id))
        ).all()
        days: dict[dt.date, HolidayRecord] = {}
        for item in entered:
            if item.kind in DUTY_KINDS:
                continue
            day = max(item.start, first)
            while day <= min(item.end, last):
                days.setdefault(day, _record(day, item.note or item.kind, ENTERED, ""))
                day += dt.timedelta(days=1)
    for day, name in holidays_of_year(region, year).items():
        days.setdefault(day, _record(day, name, PUBLIC, region))
    return HolidayYear(year, region, who, own, [days[d] for d in sorted(days)])


def _record(day: dt.date, name: str, source: str, region: str) -> HolidayRecord:
    """Return one holiday's record."""
    return HolidayRecord(day.isoformat(), f"{day:%a}", name, source, region)
