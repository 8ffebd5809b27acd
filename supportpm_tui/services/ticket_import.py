"""Importing ticket load from a file: weekly sums or a helpdesk export, added to or replacing what weeks hold.

The file is read and checked (:mod:`supportpm_tui.services.imports.ticket_file`) and its names matched before
the database is touched; a week that already has ticket load is written only when the import says whether to
add to it or replace it. Then short writes store it all under one change in the log (all or nothing: a write
that fails takes back the ones before it, see :mod:`supportpm_tui.services.ticket_writes`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.text import clean_line, name_key
from supportpm_tui.services.imports.plan import ImportFileError, RowError
from supportpm_tui.services.imports.ticket_file import TicketColumns, TicketFile, WeekLoad
from supportpm_tui.services.ticket_writes import LoadWrite, write_loads
from supportpm_tui.services.typed import JsonRecord
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Person, TicketLoad

LoadMode = Literal["add", "replace"]
"""What an import does to a week that already has ticket load: add the file's to it, or replace it."""

MAX_WEEK_TICKETS = 10_000
MAX_WEEK_HOURS = 168.0

__all__ = ["TicketColumns", "import_ticket_load"]


@dataclass(frozen=True)
class PlannedLoad(JsonRecord):
    """One person's ticket load for one ISO week as an import writes it (``week`` is its Monday, in ISO form).

    ``tickets`` and ``hours`` are the file's; ``before`` the hours the week held already (every source), ``after``
    its hours once written. ``action`` is ``new``, ``add``, ``replace``, or ``clash`` (the week has load and
    the import says neither to add nor to replace).
    """

    person: str
    week: str
    iso_week: str
    tickets: int | None
    hours: float
    before: float
    after: float
    action: str


@dataclass(frozen=True)
class TicketImport:
    """What an import read and wrote (or, on a dry run, would write)."""

    source: str
    shape: str
    """``weekly`` or ``per ticket``."""
    person_column: str
    date_column: str
    hours_column: str | None
    rows: int
    """Rows read (tickets, in a per-ticket file), unassigned ones left out."""
    unassigned: int
    loads: list[PlannedLoad]
    written: bool
    notes: list[str] = field(default_factory=list)


class TicketLoadClash(UserError):
    """Weeks in the file already have ticket load and the import said neither add nor replace; nothing written."""

    def __init__(self, source: str, clashes: list[PlannedLoad]) -> None:
        self.clashes = clashes
        super().__init__(f"{source}: ticket load is already logged for {clash_list(clashes)}; add to it or replace it")


def clash_list(clashes: list[PlannedLoad], shown: int = 8) -> str:
    """Return the people and weeks that clash, as one line (the first ``shown``, then how many more)."""
    said = ", ".join(f"{c.person} {c.iso_week}" for c in clashes[:shown])
    more = f" and {len(clashes) - shown} more" if len(clashes) > shown else ""
    return said + more


class TicketFileError(ImportFileError):
    """A ticket-load file with bad rows or unknown names: a line saying so, then one line for each."""

    def __init__(self, source: str, bad_rows: int, errors: list[RowError]) -> None:
        super().__init__(errors)
        head = f"{source}: {bad_rows} bad row(s), nothing imported"
        text = f"{head}: {errors[0]}" if len(errors) == 1 else "\n".join([head, *(str(e) for e in errors)])
        self.args = (text,)


def import_ticket_load(
    store: Store,
    path: Path,
    *,
    columns: TicketColumns | None = None,
    mode: LoadMode | None = None,
    dry_run: bool = False,
) -> TicketImport:
    """Import ticket load from a file (weekly sums or one row per ticket); return what was (or would be) written.

    Every row is read and checked, and every name matched, before the database is touched; a week that already
    has ticket load needs ``mode`` (else :class:`TicketLoadClash`, nothing written). With ``dry_run`` nothing is
    written and clashing weeks are marked ``clash``.
    """
    from supportpm_tui.services.imports.plan import decode
    from supportpm_tui.services.imports.ticket_file import read_ticket_file
    from supportpm_tui.services.people import get_settings_row

    raw = _read_bytes(path)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise UserError(f"{path.name} is not a text file (line {line}); nothing imported")
    source = clean_line(path.name)[:100] or "import"
    try:
        ticket_file = read_ticket_file(decode(raw), columns)
    except ImportFileError as exc:
        raise TicketFileError(source, len(exc.errors), exc.errors) from None
    except UserError as exc:
        raise UserError(f"{source}: {exc}") from None
    with store.read() as session:  # names are matched in Python, the same in every script
        minutes = get_settings_row(session).ticket_minutes
        people = {name_key(p.name): (p.id or 0, p.name) for p in session.exec(select(Person)).all()}
    wanted = _match_names(source, ticket_file, people, minutes)
    if not wanted:
        if ticket_file.unassigned:
            raise UserError(f"{source}: every ticket in it is unassigned ({ticket_file.unassigned}); nothing imported")
        raise UserError(f"{source} holds no rows")
    with store.read() as session:
        held = _held_loads(session, list(wanted))
    plan, loads = _plan(wanted, held, people, source, minutes, mode)
    result = TicketImport(
        source,
        ticket_file.shape,
        ticket_file.person_column,
        ticket_file.date_column,
        ticket_file.hours_column,
        ticket_file.rows,
        ticket_file.unassigned,
        loads,
        written=False,
        notes=ticket_file.notes,
    )
    if dry_run:
        return result
    clashes = [load for load in loads if load.action == "clash"]
    if clashes:
        raise TicketLoadClash(source, clashes)
    write_loads(store, plan, source)
    return dataclasses.replace(result, written=True)


def _read_bytes(path: Path) -> bytes:
    """Return a file's bytes; raise a UserError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None


Key = tuple[int, dt.date]
"""A person's id and the Monday of an ISO week."""


def _match_names(
    source: str, ticket_file: TicketFile, people: dict[str, tuple[int, str]], minutes: float
) -> dict[Key, tuple[int | None, float | None, int]]:
    """Return the file's load per person id and week: (tickets, hours, first line).

    Raise :class:`TicketFileError` naming every bad row, every unknown name (with the closest known one), and
    every week whose sums pass what one week can hold.
    """
    errors = list(ticket_file.errors)
    bad_rows = len(errors)
    unknown: list[RowError] = []
    for name, lines in ticket_file.lines_of.items():
        if _known(people, name) is None:
            bad_rows += len(lines)
            unknown.append(RowError(lines[0], ticket_file.person_column, _unknown_name(name, lines, people)))
    wanted: dict[Key, tuple[int | None, float | None, int]] = {}
    for (name, monday), load in ticket_file.loads.items():
        person = _known(people, name)
        if person is None:
            continue
        key = (person[0], monday)
        before = wanted.get(key)
        merged = _merged(before, load, minutes) if ticket_file.shape == "per ticket" else _as_given(load, minutes)
        wanted[key] = (*merged, before[2] if before else load.line)
    for (person_id, monday), (tickets, hours, line) in wanted.items():
        problem = _too_much(tickets, hours)
        if problem:
            bad_rows += 1
            who = next(n for pid, n in people.values() if pid == person_id)
            errors.append(RowError(line, "", f"{who} in {_iso_week(monday)}: {problem}"))
    if errors or unknown:
        errors.sort(key=lambda e: e.line)
        raise TicketFileError(source, bad_rows, unknown + errors)
    return wanted


def _as_given(load: WeekLoad, minutes: float) -> tuple[int | None, float | None]:
    """Return a load's (tickets, hours): hours as given, plus the average time of tickets given none."""
    hours = load.hours
    if load.untimed and hours is not None:
        hours += load.untimed * minutes / 60.0
    return load.tickets, None if hours is None else round(hours, 4)


def _merged(
    before: tuple[int | None, float | None, int] | None, load: WeekLoad, minutes: float
) -> tuple[int | None, float | None]:
    """Return a week's (tickets, hours) with ``load`` counted in (two spellings of a name are one person)."""
    tickets, hours = _as_given(load, minutes)
    if before is None:
        return tickets, hours
    return _sum((before[0], before[1]), (tickets, hours), minutes)


Pair = tuple[int | None, float | None]
"""A load's tickets and hours (either may be None)."""


def _sum(a: Pair, b: Pair, minutes: float) -> Pair:
    """Return two loads summed: tickets added, hours added when either gives hours (the other's worked out)."""
    tickets = None if a[0] is None and b[0] is None else (a[0] or 0) + (b[0] or 0)
    if a[1] is None and b[1] is None:
        return tickets, None
    return tickets, round(_hours_of(*a, minutes) + _hours_of(*b, minutes), 4)


def _hours_of(tickets: int | None, hours: float | None, minutes: float) -> float:
    """Return a load's hours: as logged, else tickets × the average handling time."""
    return hours if hours is not None else (tickets or 0) * minutes / 60.0


def _too_much(tickets: int | None, hours: float | None) -> str:
    """Return what is wrong with a week's load (more than a week holds), or an empty string."""
    if tickets is not None and tickets > MAX_WEEK_TICKETS:
        return f"{tickets} tickets in one week, more than {MAX_WEEK_TICKETS:,}"
    if hours is not None and hours > MAX_WEEK_HOURS:
        return f"{hours:g} hours of tickets in one week, more than {MAX_WEEK_HOURS:g}"
    return ""


def _known(people: dict[str, Any], name: str) -> Any:
    """Return the person ``name`` means (as written, "Last, First" or an e-mail address), or ``None``."""
    from supportpm_tui.services.imports.plan import name_variants

    return next((people[key] for key in name_variants(name) if key in people), None)


def _unknown_name(name: str, lines: list[int], people: dict[str, tuple[int, str]]) -> str:
    """Return the line naming an unknown person: on which lines, and the closest known name."""
    import difflib

    names = {key: shown for key, (_, shown) in people.items()}
    close = difflib.get_close_matches(name_key(name), list(names), n=1, cutoff=0.5)
    also = ""
    if len(lines) > 1:
        listed = ", ".join(str(n) for n in lines[1:6])
        also = f" (also line(s) {listed}{f' and {len(lines) - 6} more' if len(lines) > 6 else ''})"
    hint = f"the closest is {names[close[0]]!r}" if close else "no one has a similar name"
    return f"no person named {name!r}{also}; {hint}"


def _iso_week(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class HeldLoad:
    """A ticket load already stored."""

    id: int
    source: str
    tickets: int | None
    hours: float | None


def _held_loads(session: Session, keys: list[Key]) -> dict[Key, list[HeldLoad]]:
    """Return the ticket load stored for each of ``keys`` (every source)."""
    wanted = set(keys)
    first, last = min(k[1] for k in keys), max(k[1] for k in keys)
    query = select_columns(
        col(TicketLoad.id),
        col(TicketLoad.person_id),
        col(TicketLoad.week),
        col(TicketLoad.source),
        col(TicketLoad.tickets),
        col(TicketLoad.hours),
    ).where(col(TicketLoad.week) >= first, col(TicketLoad.week) <= last)
    held: dict[Key, list[HeldLoad]] = {}
    for oid, person_id, week, source, tickets, hours in session.execute(query).all():
        if (person_id, week) in wanted:
            held.setdefault((person_id, week), []).append(HeldLoad(oid, source, tickets, hours))
    return held


def _plan(
    wanted: dict[Key, tuple[int | None, float | None, int]],
    held: dict[Key, list[HeldLoad]],
    people: dict[str, tuple[int, str]],
    source: str,
    minutes: float,
    mode: LoadMode | None,
) -> tuple[list[LoadWrite], list[PlannedLoad]]:
    """Return the writes an import makes and what each person's week holds before and after, in file order."""
    names = {pid: name for pid, name in people.values()}
    writes: list[LoadWrite] = []
    planned: list[PlannedLoad] = []
    for (person_id, monday), (tickets, hours, _) in wanted.items():
        loads = held.get((person_id, monday), [])
        own = next((h for h in loads if h.source == source), None)
        before = round(float(sum(_hours_of(h.tickets, h.hours, minutes) for h in loads)), 2)
        file_hours = round(_hours_of(tickets, hours, minutes), 2)
        action = "new" if not loads else mode or "clash"
        value = (tickets, hours)
        if action == "add" and own is not None:
            value = _sum((own.tickets, own.hours), value, minutes)
        after = round(before + file_hours, 2) if action == "add" else file_hours
        if action == "clash":
            after = before
        deleted = tuple(h.id for h in loads if h is not own) if action == "replace" else ()
        writes.append(LoadWrite(person_id, monday, value[0], value[1], own.id if own else None, deleted))
        shown_week = monday.isoformat()
        planned.append(
            PlannedLoad(names[person_id], shown_week, _iso_week(monday), tickets, file_hours, before, after, action)
        )
    return writes, planned
