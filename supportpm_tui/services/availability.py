"""Time that is not project time: leave, duty, holidays and ticket load."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, insert
from sqlmodel import Session, SQLModel, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import check_range, parse_week
from supportpm_tui.core.text import name_key
from supportpm_tui.core.unset import UNSET, Unset
from supportpm_tui.core.vocabulary import DUTY_KINDS, CommitmentKind
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Commitment, Event, Person, TicketLoad

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


MAX_IMPORT_FIELD = 1000
"""The longest cell an import reads; longer is a line error (no name, week or count is that long)."""


def import_ticket_load(store: Store, path: Path) -> int:
    """Import ticket load from a CSV file (person, week, tickets and/or hours); return rows.

    Every row is read and checked before the database is touched, outside any
    transaction; then one short write stores them all (all or nothing). If any
    row is bad, nothing is imported and the error names each bad line.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path} does not exist") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError(f"{path.name} is not a UTF-8 text file (line {line}); nothing imported") from None
    with store.read() as session:  # names are matched in Python, the same in every script
        people = {name_key(p.name): p.id or 0 for p in session.exec(select(Person)).all()}
    rows = _parse_load_rows(path.name, text, people)
    source = base.clean_line(path.name)[:100] or "import"
    latest = {(person_id, week): (tickets, hours) for person_id, week, tickets, hours in rows}  # a later line wins
    with store.read() as session:
        existing = {
            (person_id, week): oid
            for oid, person_id, week in session.execute(
                select(col(TicketLoad.id), col(TicketLoad.person_id), col(TicketLoad.week)).where(
                    TicketLoad.source == source
                )
            ).all()
        }
    items = list(latest.items())
    batch, written = store.new_batch(), 0
    try:
        for start in range(0, len(items), IMPORT_CHUNK):
            if written:
                time.sleep(CHUNK_PAUSE_S)  # another writer, waiting for the lock, gets its turn
            with store.write(batch=batch) as session:
                _write_loads(store, session, items[start : start + IMPORT_CHUNK], existing, source)
            written += 1
    except UserError as exc:
        if written:
            _take_back(store, batch, exc)
        raise
    return len(rows)


IMPORT_CHUNK = 5000
"""Rows an import writes in one transaction: another writer waits for one chunk at most, not the whole file."""

CHUNK_PAUSE_S = 0.12
"""The pause between two chunks: longer than SQLite's longest wait between tries for a lock (0.1 s)."""


def _write_loads(
    store: Store,
    session: Session,
    items: list[tuple[tuple[int, dt.date], tuple[int | None, float | None]]],
    existing: dict[tuple[int, dt.date], int],
    source: str,
) -> None:
    """Store one chunk of an import: update the loads this source already holds, insert the others."""
    template = TicketLoad(person_id=0, week=dt.date(2000, 1, 3), source=source)  # the columns' defaults
    columns = [c.key for c in TicketLoad.__table__.columns if c.key != "id"]  # type: ignore[attr-defined]
    known = [existing[key] for key, _ in items if key in existing]
    loads = {load.id: load for load in session.exec(select(TicketLoad).where(col(TicketLoad.id).in_(known))).all()}
    added: list[dict[str, Any]] = []
    for (person_id, week), (tickets, hours) in items:
        load = loads.get(existing.get((person_id, week), 0))
        if load is not None:
            base.update(store, session, load, {"tickets": tickets, "hours": hours})
        else:
            values = {k: getattr(template, k) for k in columns}
            values.update(person_id=person_id, week=week, tickets=tickets, hours=hours)
            added.append(values)
    _insert_new_loads(store, session, added, source)


def _take_back(store: Store, batch: str, exc: UserError) -> None:
    """Revert the chunks of an import already written, after a later chunk failed; say so in ``exc``."""
    from supportpm_tui.services.undo import CannotRevert, revert_batch

    try:
        revert_batch(store, batch)
    except (CannotRevert, UserError) as failed:
        exc.args = (f"{exc.args[0]}; the rows written before it were kept: {failed}",)
    else:
        exc.args = (f"{exc.args[0]}; the rows written before it were taken back, nothing imported",)


LoadRow = tuple[int, dt.date, int | None, float | None]


def _insert_new_loads(store: Store, session: Session, values: list[dict[str, Any]], source: str) -> None:
    """Insert new ticket loads and their create Events in two statements (an import may hold many)."""
    if not values:
        return
    before = session.execute(select(func.max(TicketLoad.id))).scalar() or 0  # ids only grow (AUTOINCREMENT)
    session.execute(insert(TicketLoad.__table__), values)  # type: ignore[attr-defined]
    ids = {
        (person_id, week): oid
        for oid, person_id, week in session.execute(
            select(col(TicketLoad.id), col(TicketLoad.person_id), col(TicketLoad.week)).where(
                TicketLoad.source == source, col(TicketLoad.id) > before
            )
        ).all()
    }
    now, actor = clock.now_utc(), base.current_actor()
    events = []
    for row in values:
        oid = ids[(row["person_id"], row["week"])]
        after = {k: base.to_json(v) for k, v in {"id": oid, **row}.items()}
        events.append(
            {
                "time": now,
                "actor": actor,
                "batch": store.batch,
                "entity": "ticket_load",
                "entity_id": oid,
                "action": "create",
                "changes": json.dumps({k: [None, v] for k, v in after.items()}, sort_keys=True),
                "undo_of": None,
                "session": store.session_id,
                "origin": store.origin,
                "step": None,
                "version": 1,
                "db_user": store.role,
            }
        )
    session.execute(insert(Event.__table__), events)  # type: ignore[attr-defined]


class _RowError(ValueError):
    """What is wrong with a whole row of an import (not one field)."""


def _parse_load_rows(name: str, text: str, people: dict[str, int]) -> list[LoadRow]:
    """Return the checked rows of a ticket-load CSV; raise naming every bad line (the first ten)."""
    reader = csv.reader(io.StringIO(text.replace("\x00", "\ufffd"), newline=""))
    problems: list[str] = []
    rows: list[LoadRow] = []
    try:
        header = next(reader, [])
        fields = [base.clean_line(f).lower() for f in header]
        if "person" not in fields or "week" not in fields or not ({"tickets", "hours"} & set(fields)):
            raise UserError(f"{name}: the header must name person, week, and tickets and/or hours")
        line_no = reader.line_num
        for cells in reader:
            line_no, first = reader.line_num, line_no + 1
            where = f"line {first}" if first == line_no else f"lines {first}-{line_no}"
            if not any(c.strip() for c in cells):
                continue  # an empty line
            try:
                rows.append(_load_row(cells, fields, people))
            except (FieldError, _RowError) as exc:
                problems.append(f"{where}: {exc}")
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: {exc}")
    if problems:
        shown = "; ".join(problems[:10])
        more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise UserError(f"{name}: {len(problems)} bad row(s), nothing imported: {shown}{more}")
    if not rows:
        raise UserError(f"{name} holds no rows")
    return rows


def _load_row(cells: list[str], fields: list[str], people: dict[str, int]) -> LoadRow:
    """Return one row's (person id, week, tickets, hours); raise FieldError naming what is wrong."""
    if any(c.strip() for c in cells[len(fields) :]):
        raise _RowError(f"has {len(cells)} cells where the header names {len(fields)}")
    cells = (cells + [""] * len(fields))[: len(fields)]  # missing cells at the end are empty
    if any(len(c) > MAX_IMPORT_FIELD for c in cells):
        raise _RowError(f"a cell is longer than {MAX_IMPORT_FIELD} characters")
    clean = dict(zip(fields, (base.clean_line(c) for c in cells), strict=True))
    who = clean.get("person", "")
    person_id = people.get(name_key(who))
    if person_id is None:
        raise FieldError("person", f"no person named {who!r}")
    week = parse_week(clean.get("week", ""))
    try:
        tickets = int(clean["tickets"]) if clean.get("tickets") else None
        hours = float(clean["hours"]) if clean.get("hours") else None
    except ValueError:
        raise _RowError("tickets must be a whole number and hours a number") from None
    _check_load(tickets, hours)
    return person_id, week, tickets, hours
