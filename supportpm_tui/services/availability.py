"""Time that is not project time: leave, duty, holidays and ticket load."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, col, select

from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.core.unset import UNSET, Unset
from supportpm_tui.core.vocabulary import DUTY_KINDS, CommitmentKind
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Commitment, Person, TicketLoad

EVERYONE = ("all", "everyone")
MAX_SPAN_DAYS = 3 * 366
RowT = TypeVar("RowT", bound=SQLModel)


def _clean_commitment(session: Session, values: dict[str, Any], existing: Commitment | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "person" in values:
        who = base.clean_line(values["person"] or "")
        out["person_id"] = None if who.lower() in EVERYONE else base.find_person(session, who).id
    if values.get("kind") is not None:
        out["kind"] = base.one_of(values["kind"], "kind", CommitmentKind)
    for field in ("start", "end"):
        if values.get(field) is not None:
            out[field] = values[field]
    start = out.get("start", existing.start if existing else None)
    end = out.get("end", existing.end if existing else None)
    if start and end:
        if end < start:
            raise FieldError("end", f"{end} is before the start {start}")
        if (end - start).days > MAX_SPAN_DAYS:
            raise FieldError("end", "a single entry may span at most three years")
    if "hours_per_day" in values:
        h = values["hours_per_day"]
        out["hours_per_day"] = None if h is None else base.hours(h, "hours per day", 24)
    kind = out.get("kind", existing.kind if existing else CommitmentKind.pto.value)
    per_day = out.get("hours_per_day", existing.hours_per_day if existing else None)
    if kind in DUTY_KINDS and not per_day:
        raise FieldError("hours per day", f"{kind.replace('_', '-')} needs hours per day, e.g. 2")
    if "note" in values:
        out["note"] = base.optional_text(values["note"], "note", 500)
    return out


def add_commitment(
    store: Store,
    person: str,
    start: dt.date,
    end: dt.date,
    *,
    kind: str | None = None,
    hours_per_day: float | None = None,
    note: str = "",
) -> Commitment:
    """Add leave, duty or (for ``all``) a holiday for everyone; return it.

    ``kind`` defaults to a holiday for everyone and to pto for a person.
    """
    if kind is None and base.clean_line(person).lower() in EVERYONE:
        kind = CommitmentKind.holiday.value
    values = {"person": person, "start": start, "end": end, "kind": kind, "hours_per_day": hours_per_day, "note": note}
    with store.write() as session:
        return base.create(store, session, Commitment(**_clean_commitment(session, values, None)))


def edit_commitment(
    store: Store,
    cid: int,
    *,
    person: str | Unset = UNSET,
    start: dt.date | Unset = UNSET,
    end: dt.date | Unset = UNSET,
    kind: str | Unset = UNSET,
    hours_per_day: float | Unset | None = UNSET,
    note: str | Unset = UNSET,
    if_version: int | None = None,
) -> Commitment:
    """Change the given fields of a leave or duty entry (``hours_per_day=None``: the whole day); return it."""
    values = given_fields(person=person, start=start, end=end, kind=kind, hours_per_day=hours_per_day, note=note)
    with store.write() as session:
        item = base.get_or_raise(session, Commitment, cid, "leave or duty entry")
        base.update(store, session, item, _clean_commitment(session, values, item), if_version=if_version)
        return item


def delete_commitment(store: Store, cid: int) -> Commitment:
    """Delete a leave or duty entry; return it."""
    return _delete(store, Commitment, cid, "leave or duty entry")


def _delete(store: Store, model: type[RowT], ident: int, label: str) -> RowT:
    """Delete the row of ``model`` with id ``ident`` (NotFound naming ``label``); return it."""
    with store.write() as session:
        item: RowT = base.get_or_raise(session, model, ident, label)
        base.delete(store, session, item)
        return item


def _names(session: Session) -> dict[int, str]:
    """Return every person's name by id."""
    return dict(session.exec(select(Person.id, Person.name)).all())  # type: ignore[arg-type]


@dataclass(frozen=True)
class CommitmentRecord(JsonRecord):
    """A leave or duty entry, or a holiday for everyone (``person`` is ``all``); dates in ISO form."""

    id: int
    person: str
    start: str
    end: str
    kind: str
    hours_per_day: float | None
    note: str
    version: int = 1

    @classmethod
    def of(cls, item: Commitment, names: dict[int, str]) -> CommitmentRecord:
        """Return the record of a stored entry; ``names`` gives each person's name by id."""
        person = names.get(item.person_id, "?") if item.person_id is not None else "all"
        return cls(
            item.id or 0,
            person,
            item.start.isoformat(),
            item.end.isoformat(),
            item.kind,
            item.hours_per_day,
            item.note,
            item.version,
        )


def list_commitments(store: Store, person: str | None = None, since: dt.date | None = None) -> list[CommitmentRecord]:
    """Return leave, duty and holidays (those ending on or after ``since``), by start date."""
    with store.read() as session:
        names = _names(session)
        query = select(Commitment).order_by(col(Commitment.start), col(Commitment.id))
        if person:
            who = base.clean_line(person)
            if who.lower() in EVERYONE:
                query = query.where(Commitment.person_id == None)  # noqa: E711
            else:
                query = query.where(Commitment.person_id == base.find_person(session, who).id)
        if since:
            query = query.where(Commitment.end >= since)
        return [CommitmentRecord.of(c, names) for c in session.exec(query).all()]


def show_commitment(store: Store, cid: int) -> CommitmentRecord:
    """Return one leave or duty entry."""
    with store.read() as session:
        item = base.get_or_raise(session, Commitment, cid, "leave or duty entry")
        return CommitmentRecord.of(item, _names(session))


# --- ticket load -----------------------------------------------------------------


def _upsert_load(
    store: Store,
    session: Session,
    person_id: int,
    week: dt.date,
    tickets: int | None,
    hours: float | None,
    source: str,
) -> TicketLoad:
    existing = session.exec(
        select(TicketLoad).where(
            TicketLoad.person_id == person_id, TicketLoad.week == week, TicketLoad.source == source
        )
    ).first()
    if existing is not None:
        base.update(store, session, existing, {"tickets": tickets, "hours": hours})
        return existing
    load = TicketLoad(person_id=person_id, week=week, tickets=tickets, hours=hours, source=source)
    return base.create(store, session, load)


def _check_load(tickets: int | None, hours: float | None) -> None:
    if tickets is None and hours is None:
        raise FieldError("tickets", "give a ticket count or hours")
    if tickets is not None:
        check_range(tickets, "tickets", 0, 10_000)
    if hours is not None:
        base.hours(hours, "hours", 168)


def set_ticket_load(
    store: Store, person: str, week: dt.date, tickets: int | None = None, hours: float | None = None
) -> TicketLoad:
    """Record a person's ticket load for the ISO week holding ``week``; return it."""
    _check_load(tickets, hours)
    monday = week - dt.timedelta(days=week.weekday())
    with store.write() as session:
        who = base.find_person(session, person)
        return _upsert_load(store, session, who.id or 0, monday, tickets, hours, "manual")


def edit_ticket_load(
    store: Store, load_id: int, tickets: int | None = None, hours: float | None = None, if_version: int | None = None
) -> TicketLoad:
    """Change a ticket-load entry's count or hours; return it."""
    with store.write() as session:
        load = base.get_or_raise(session, TicketLoad, load_id, "ticket load entry")
        values = {k: v for k, v in (("tickets", tickets), ("hours", hours)) if v is not None}
        _check_load(values.get("tickets", load.tickets), values.get("hours", load.hours))
        base.update(store, session, load, values, if_version=if_version)
        return load


def delete_ticket_load(store: Store, load_id: int) -> TicketLoad:
    """Delete one ticket-load entry; return it."""
    return _delete(store, TicketLoad, load_id, "ticket load entry")


def load_hours(load: TicketLoad, ticket_minutes: float) -> float:
    """Return the hours of a ticket load: as logged, else tickets × average handling time."""
    if load.hours is not None:
        return load.hours
    return (load.tickets or 0) * ticket_minutes / 60.0


@dataclass(frozen=True)
class TicketLoadRecord(JsonRecord):
    """A person's ticket load for an ISO week (``week`` is its Monday, in ISO form), its hours worked out."""

    id: int
    person: str | None
    week: str
    iso_week: str
    tickets: int | None
    hours: float
    source: str

    @classmethod
    def of(cls, load: TicketLoad, names: dict[int, str], ticket_minutes: float) -> TicketLoadRecord:
        """Return the record of a stored entry; ``names`` gives each person's name by id."""
        year, week, _ = load.week.isocalendar()
        return cls(
            load.id or 0,
            names.get(load.person_id),
            load.week.isoformat(),
            f"{year}-W{week:02d}",
            load.tickets,
            round(load_hours(load, ticket_minutes), 2),
            load.source,
        )


def list_ticket_load(store: Store, person: str | None = None) -> list[TicketLoadRecord]:
    """Return ticket load entries, newest week first."""
    from supportpm_tui.services.people import get_settings_row

    with store.read() as session:
        minutes = get_settings_row(session).ticket_minutes
        names = _names(session)
        query = select(TicketLoad).order_by(col(TicketLoad.week).desc(), col(TicketLoad.person_id))
        if person:
            query = query.where(TicketLoad.person_id == base.find_person(session, person).id)
        return [TicketLoadRecord.of(t, names, minutes) for t in session.exec(query).all()]
