"""The team's calendar as an iCalendar file: milestones on their due dates, leave, duty and holidays.

Every event is a whole day (or days): ``DTSTART`` the first day, ``DTEND`` the
day after the last (iCalendar's end is exclusive). A milestone's description
says its status and forecast. Each event's UID is stable — the item's id and
the database's own tag (see :func:`database_tag`) — so a calendar that imports
the file again updates its events instead of adding them twice.

With a project, the calendar holds that project's milestones, the leave and
duty of the people who work on it (:func:`~supportpm_tui.services.project_people.people_on_project`)
and the holidays for everyone. Public holidays of the settings' region are
not in it: they are in every calendar already.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from supportpm_tui.core import clock
from supportpm_tui.core.text import clean_line, clean_text

if TYPE_CHECKING:
    from supportpm_tui.services.availability import CommitmentRecord
    from supportpm_tui.services.records import MilestoneRecord
    from supportpm_tui.storage.database import Store

DAY = dt.timedelta(days=1)
UID_DOMAIN = "supportpm"
KIND_WORDS = {
    "pto": "leave",
    "sick": "sick",
    "training": "training",
    "holiday": "holiday",
    "on_call": "on call",
    "maintenance": "maintenance",
    "other": "away",
}


@dataclass(frozen=True)
class CalendarExport:
    """The calendar as iCalendar text, and how many events it holds."""

    text: str
    count: int
    tag: str


def database_tag(store: Store) -> str:
    """Return this database's own tag for UIDs: 12 hex digits from its first activity-log entry.

    The first entry never changes, so the tag stays the same from one export to
    the next, and a copy or a backup of the database keeps it; two databases
    (a demo and the team's) get different ones. A database with nothing logged
    yet is ``new``.
    """
    from sqlmodel import col, select

    from supportpm_tui.storage.models import Event

    with store.read() as session:
        first = session.exec(select(Event).order_by(col(Event.id)).limit(1)).first()
        if first is None:
            return "new"
        seed = f"{first.id}|{clock.from_stored(first.time).isoformat()}|{first.session}|{first.actor}"
    return hashlib.sha256(seed.encode()).hexdigest()[:12]


def milestone_uid(milestone_id: int, tag: str) -> str:
    """Return the UID of a milestone's event."""
    return f"milestone-{milestone_id}@{tag}.{UID_DOMAIN}"


def leave_uid(commitment_id: int, tag: str) -> str:
    """Return the UID of a leave, duty or holiday entry's event."""
    return f"leave-{commitment_id}@{tag}.{UID_DOMAIN}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def milestone_description(m: MilestoneRecord) -> str:
    """Return what a milestone's event says: its status and forecast, owner, deliverable and why."""
    from supportpm_tui.services.reports import STATUS_WORDS

    status = STATUS_WORDS.get(m.status, m.status.replace("_", " "))
    if m.status == "done":
        lines = [f"Status: done{f' on {m.done_date}' if m.done_date else ''}."]
    else:
        if m.forecast is None:
            forecast = "none (its open work has no one assigned)"
        elif m.slip_days > 0:
            forecast = f"{m.forecast} ({_plural(m.slip_days, 'working day')} late)"
        else:
            forecast = f"{m.forecast} (on time)"
        lines = [f"Status: {status}. Forecast: {forecast}"]
    if m.owner:
        lines.append(f"Owner: {clean_line(m.owner)}")
    if m.deliverable:
        lines.append(f"Deliverable: {clean_text(m.deliverable)}")
    if m.baseline_date != m.due_date:
        lines.append(f"Baseline: {m.baseline_date}")
    if m.reasons and m.status != "done":
        lines.append("Why: " + "; ".join(clean_line(r) for r in m.reasons))
    return "\n".join(lines)


def _summary(c: CommitmentRecord) -> str:
    """Return a leave or duty entry's title: whose and what (a holiday's own name)."""
    kind = KIND_WORDS.get(c.kind, c.kind.replace("_", " "))
    if c.person == "all":
        return f"Holiday: {clean_line(c.note)}" if c.note else "Holiday for everyone"
    return f"{clean_line(c.person)}: {kind}"


def _leave_description(c: CommitmentRecord) -> str:
    lines = [f"Kind: {c.kind.replace('_', ' ')}", f"Who: {'everyone' if c.person == 'all' else clean_line(c.person)}"]
    if c.hours_per_day is not None:
        lines.append(f"Hours a day: {c.hours_per_day:g}")
    if c.note:
        lines.append(f"Note: {clean_text(c.note)}")
    return "\n".join(lines)


def _event(uid: str, summary: str, first: dt.date, last: dt.date, description: str, stamp: dt.datetime) -> Any:
    """Return an all-day event from ``first`` to ``last`` (both included), free time in the importer's calendar."""
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", first)
    event.add("dtend", last + DAY)  # exclusive: the day after the last
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_ics(store: Store, project: str | None = None) -> CalendarExport:
    """Return the calendar as iCalendar text: milestones, then leave, duty and holidays (of ``project``'s people)."""
    from icalendar import Calendar

    from supportpm_tui import __version__
    from supportpm_tui.services.availability import list_commitments
    from supportpm_tui.services.project_people import people_on_project
    from supportpm_tui.services.records import milestone_records

    milestones = milestone_records(store, project)
    commitments = list_commitments(store)
    name = "SupportPM"
    if project:
        key = project.strip().upper()
        people = people_on_project(store, key)
        commitments = [c for c in commitments if c.person == "all" or c.person in people]
        name = f"SupportPM · {key}"
    tag = database_tag(store)
    stamp = clock.now_utc()

    calendar = Calendar()
    calendar.add("prodid", f"-//SupportPM//SupportPM {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for m in milestones:
        due = dt.date.fromisoformat(m.due_date)
        summary = f"{m.project}: {clean_line(m.name)}" if m.project else clean_line(m.name)
        event = _event(milestone_uid(m.id, tag), summary, due, due, milestone_description(m), stamp)
        event.add("categories", ["Milestone"])
        event.add("sequence", max(0, m.version - 1))
        calendar.add_component(event)
    for c in commitments:
        first, last = dt.date.fromisoformat(c.start), dt.date.fromisoformat(c.end)
        event = _event(leave_uid(c.id, tag), _summary(c), first, last, _leave_description(c), stamp)
        event.add("categories", [KIND_WORDS.get(c.kind, c.kind).capitalize()])
        event.add("sequence", max(0, c.version - 1))
        calendar.add_component(event)
    return CalendarExport(calendar.to_ical().decode("utf-8"), len(milestones) + len(commitments), tag)
