"""An iCalendar file of public holidays or of someone's leave, read into an :class:`ImportedPlan`'s days off.

Each event is a span of days: an all-day event's ``DTEND`` is the day after its last, a timed event covers
the dates it touches in the zone asked for (an Outlook ``VTIMEZONE`` or a ``TZID`` is honoured). Without a
person the events are holidays for everyone; with one they are that person's leave (``pto``, or ``sick`` and
``training`` when the summary says so). A yearly holiday is repeated for the years the file covers and the
next two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from supportpm_tui.services.imports.plan import ImportedDaysOff, ImportedPlan, ImportFileError, RowError
from supportpm_tui.services.imports.values import checked, time_zone

YEARS_AHEAD = 2
"""How many years after the last one in the file a recurring event is repeated for."""

_LEAVE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sick", ("sick", "ill ", "illness", "krank", "malade")),
    ("training", ("training", "course", "seminar", "schulung", "conference", "workshop", "certification")),
)


@dataclass
class _Event:
    """One VEVENT, read: when it starts, how long it lasts, and how it repeats."""

    line: int
    uid: str
    summary: str
    start: dt.datetime | dt.date
    length: dt.timedelta
    rule: str = ""
    skip: frozenset[dt.date] = frozenset()


def parse(text: str, *, zone: str | None = None, person: str = "") -> ImportedPlan:
    """Return the days off an iCalendar file holds; raise ImportFileError naming every bad event and property."""
    import icalendar

    tz = time_zone(zone)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError(RowError(1, "", "the file is empty: export the calendar as an .ics file"))
    try:
        components = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as error:  # icalendar raises more than ValueError on some broken files
        raise ImportFileError(RowError(_bad_line(text), "", f"not an iCalendar file ({error})")) from None
    found = [event for component in components for event in component.walk("VEVENT")]
    starts = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip().upper() == "BEGIN:VEVENT"]
    lines = starts if len(starts) == len(found) else [0] * len(found)
    plan = ImportedPlan("ics")
    errors: list[RowError] = []
    events: list[_Event] = []
    cancelled = 0
    for line, component in zip(lines, found, strict=True):
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            cancelled += 1
            continue
        event = _read_event(component, line, tz, errors)
        if event is not None:
            events.append(event)
    if errors:
        raise ImportFileError(errors)
    if events:
        years = [e.start.year for e in events]
        first, last = dt.date(min(years), 1, 1), dt.date(min(max(years) + YEARS_AHEAD, 2200), 12, 31)
        for event in events:
            kind = _leave_kind(event.summary) if person else "holiday"
            for start in _occurrences(event, first, last, errors):
                plan.days_off.append(_days_off(event, start, tz, person, kind))
        if errors:
            raise ImportFileError(errors)
        if any(e.rule for e in events):
            plan.notes.append(f"recurring events repeated for {first.year}–{last.year}")
    if cancelled:
        plan.notes.append(f"{cancelled} cancelled event{'s' if cancelled != 1 else ''} left out")
    if not found:
        plan.notes.append("the calendar holds no events")
    plan.days_off.sort(key=lambda d: (d.start, d.end, d.source_id))
    return plan


def _bad_line(text: str) -> int:
    """Return the first line that is not a ``NAME:value`` content line (nor a folded continuation), else 1."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and line[:1] not in (" ", "\t") and ":" not in line:
            return number
    return 1


def _read_event(component: Any, line: int, tz: dt.tzinfo, errors: list[RowError]) -> _Event | None:
    """Return one VEVENT read, or None after adding its errors to ``errors``."""
    count = len(errors)

    def one(name: str) -> Any:
        prop = component.get(name)
        if isinstance(prop, list):
            errors.append(RowError(line, name, "appears more than once in the event"))
            return None
        return prop

    def moment(name: str) -> dt.datetime | dt.date | None:
        prop = one(name)
        if prop is None:
            return None
        try:
            value = prop.dt
        except (ValueError, TypeError, AttributeError):
            errors.append(RowError(line, name, f"{_shown(prop)!r} is not a date or time"))
            return None
        if not isinstance(value, dt.date):
            errors.append(RowError(line, name, "is not a date or time"))
            return None
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=tz)  # a floating time is read in the zone asked for
        try:
            checked(value.date() if isinstance(value, dt.datetime) else value)
        except ValueError as error:
            errors.append(RowError(line, name, str(error)))
            return None
        return value

    if component.get("DTSTART") is None:
        errors.append(RowError(line, "DTSTART", "missing: every event needs its start"))
        return None
    start = moment("DTSTART")
    end = moment("DTEND")
    length = dt.timedelta(0)
    if start is not None and end is not None:
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            errors.append(RowError(line, "DTEND", "mixes a date and a time with DTSTART"))
        elif end < start:
            errors.append(RowError(line, "DTEND", "is before DTSTART"))
        else:
            length = end - start
    elif start is not None and (duration := one("DURATION")) is not None:
        try:
            length = duration.dt
        except (ValueError, TypeError, AttributeError):
            errors.append(RowError(line, "DURATION", f"{_shown(duration)!r} is not a duration"))
        if not isinstance(length, dt.timedelta):
            errors.append(RowError(line, "DURATION", "is not a duration"))
            length = dt.timedelta(0)
        elif length < dt.timedelta(0):
            errors.append(RowError(line, "DURATION", "is negative"))
    elif isinstance(start, dt.date) and not isinstance(start, dt.datetime):
        length = dt.timedelta(days=1)
    if start is None or len(errors) > count:
        return None
    summary = " ".join(str(component.get("SUMMARY", "")).split())
    uid = str(component.get("UID", "")).strip() or f"{start.isoformat()} {summary}".strip()
    rule = component.get("RRULE")
    if isinstance(rule, list):
        rule = rule[0] if rule else None
    return _Event(
        line=line,
        uid=uid,
        summary=summary,
        start=start,
        length=length,
        rule=rule.to_ical().decode() if rule is not None else "",
        skip=_excluded(component, tz),
    )


def _shown(prop: Any) -> str:
    """Return a property's value as the file wrote it, as far as it can be told."""
    try:
        return str(prop.to_ical().decode(errors="replace"))
    except (ValueError, TypeError, AttributeError):
        return str(prop)


def _excluded(component: Any, tz: dt.tzinfo) -> frozenset[dt.date]:
    """Return the dates an ``EXDATE`` takes out of a recurring event."""
    values = component.get("EXDATE")
    if values is None:
        return frozenset()
    days: set[dt.date] = set()
    for group in values if isinstance(values, list) else [values]:
        for item in getattr(group, "dts", ()):
            value = getattr(item, "dt", None)
            if isinstance(value, dt.datetime):
                days.add(value.astimezone(tz).date() if value.tzinfo else value.date())
            elif isinstance(value, dt.date):
                days.add(value)
    return frozenset(days)


def _occurrences(event: _Event, first: dt.date, last: dt.date, errors: list[RowError]) -> list[dt.datetime | dt.date]:
    """Return when the event happens: once, or each repetition from ``first`` to ``last``."""
    if not event.rule:
        return [event.start]
    from dateutil.rrule import rrulestr

    all_day = not isinstance(event.start, dt.datetime)
    anchor = dt.datetime.combine(event.start, dt.time(0)) if all_day else event.start
    assert isinstance(anchor, dt.datetime)
    low = dt.datetime.combine(first, dt.time(0), tzinfo=anchor.tzinfo)
    high = dt.datetime.combine(last, dt.time(23, 59, 59), tzinfo=anchor.tzinfo)
    try:
        rule = rrulestr(event.rule, dtstart=anchor)
        times = rule.between(low, high, inc=True)
    except (ValueError, TypeError, OverflowError) as error:
        errors.append(RowError(event.line, "RRULE", f"{event.rule!r} cannot be repeated ({error})"))
        return []
    found: list[dt.datetime | dt.date] = [t.date() if all_day else t for t in times]
    return [t for t in found if _date_of(t) not in event.skip]


def _date_of(moment: dt.datetime | dt.date) -> dt.date:
    """Return the calendar date of a moment as the file says it."""
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _days_off(event: _Event, start: dt.datetime | dt.date, tz: dt.tzinfo, person: str, kind: str) -> ImportedDaysOff:
    """Return the days one occurrence covers: all-day ends the day before its end, a timed one where it ends."""
    if isinstance(start, dt.datetime):
        begin = start.astimezone(tz)
        finish = begin + event.length if event.length else begin
        first = begin.date()
        last = (finish - dt.timedelta(microseconds=1)).date() if finish > begin else first
    else:
        first = start
        last = start + max(event.length - dt.timedelta(days=1), dt.timedelta(0))
    source_id = f"{event.uid}/{first.isoformat()}" if event.rule else event.uid
    return ImportedDaysOff(
        source_id=source_id,
        start=first,
        end=max(first, last),
        line=event.line,
        person=person,
        note=event.summary,
        kind=kind,
    )


def _leave_kind(summary: str) -> str:
    """Return the kind of leave an event's summary names: ``sick``, ``training``, else ``pto``."""
    words = f" {summary.lower()} "
    for kind, hints in _LEAVE_WORDS:
        if any(hint in words for hint in hints):
            return kind
    return "pto"
