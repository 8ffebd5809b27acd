"""Reading a ticket-load file: a week's sums per person, or a helpdesk export with one row per ticket.

Two shapes are read. A *weekly* file names ``person``, ``week`` and ``tickets`` and/or ``hours`` on each row
(a later row for the same person and week wins). A *per-ticket* file is a helpdesk export: each row is one
ticket with its assignee and a date (created, resolved, closed …), and optionally the hours spent on it; the
rows are counted per assignee and ISO week. Nothing here touches the database: names are matched, and load
written, by :mod:`supportpm_tui.services.ticket_import`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import DATE_MAX, DATE_MIN, check_range, in_window, parse_week
from supportpm_tui.core.text import clean_line
from supportpm_tui.services.imports.plan import CsvRow, RowError, read_csv

PERSON_COLUMNS = ("assignee", "agent", "assigned to", "owner", "person", "technician", "assigned")
"""Headers that say who handled a ticket, most telling first (compared without case, ``_``/``-`` as spaces)."""

DATE_COLUMNS = (
    "created",
    "resolved",
    "closed",
    "date",
    "created at",
    "created on",
    "created date",
    "date created",
    "resolved at",
    "resolved on",
    "resolved date",
    "closed at",
    "closed on",
    "closed date",
)
"""Headers that date a ticket, most telling first."""

HOURS_COLUMNS = ("hours", "hours spent", "hours worked", "time spent (h)", "time spent (hours)")
"""Headers that give the hours spent on a ticket (or a week's hours, in a weekly file)."""

MAX_FIELD = 1000
"""The longest cell read; longer is a line error (no name, date or count is that long)."""

MAX_TICKET_HOURS = 168.0
"""The most hours one ticket (or one person's week) may take."""


@dataclass(frozen=True)
class TicketColumns:
    """Column names the user gave for a file whose header uses other words (None: found by its header)."""

    person: str | None = None
    date: str | None = None
    hours: str | None = None


@dataclass
class WeekLoad:
    """One person's tickets in one ISO week as the file gives them.

    ``hours`` is the sum of the hours the file gives, ``untimed`` the tickets of a per-ticket file whose hours
    cell was empty (they take the team's average handling time).
    """

    line: int
    tickets: int | None = None
    hours: float | None = None
    untimed: int = 0


@dataclass
class TicketFile:
    """What a ticket-load file holds, per person (as the file writes the name) and ISO week (its Monday)."""

    shape: str
    """``weekly`` (sums per person and week) or ``per ticket`` (a helpdesk export)."""
    person_column: str
    date_column: str
    hours_column: str | None
    rows: int = 0
    """The rows read with an assignee (tickets, in a per-ticket file)."""
    loads: dict[tuple[str, dt.date], WeekLoad] = field(default_factory=dict)
    lines_of: dict[str, list[int]] = field(default_factory=dict)
    """The lines each name is on, in file order."""
    unassigned: int = 0
    """Rows with no assignee: counted and reported, never imported."""
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _plain(header: str) -> str:
    """Return a header as compared: lower case, ``_`` and ``-`` as spaces, spaces collapsed."""
    return " ".join(header.lower().replace("_", " ").replace("-", " ").split())


def _find_column(header: list[str], wanted: str | None, candidates: tuple[str, ...], what: str) -> int | None:
    """Return the index of the column ``wanted`` names (refused if absent), else of the first candidate found."""
    plain = [_plain(h) for h in header]
    if wanted is not None:
        if _plain(wanted) not in plain:
            shown = ", ".join(h for h in header if h) or "none"
            raise UserError(f"no column named {wanted!r} for {what} (the header names: {shown})")
        return plain.index(_plain(wanted))
    for candidate in candidates:
        if candidate in plain:
            return plain.index(candidate)
    return None


def read_ticket_file(text: str, columns: TicketColumns | None = None) -> TicketFile:
    """Return the ticket load a file's text holds, every bad row named in its ``errors``.

    Raises :class:`UserError` when the header lacks the columns either shape needs.
    """
    columns = columns or TicketColumns()
    header, records = read_csv(text.replace("\x00", "\ufffd"))
    plain = [_plain(h) for h in header]
    weekly = columns.date is None and "week" in plain
    if weekly:
        return _read_weekly(header, records, columns)
    return _read_per_ticket(header, records, columns)


def _cells(row: CsvRow, width: int, errors: list[RowError]) -> list[str] | None:
    """Return a row's cells padded to the header's width; None (and an error) when the row is malformed."""
    cells = list(row.cells)
    if any(c.strip() for c in cells[width:]):
        errors.append(RowError(row.line, "", f"has {len(cells)} cells where the header names {width}"))
        return None
    if any(len(c) > MAX_FIELD for c in cells):
        errors.append(RowError(row.line, "", f"a cell is longer than {MAX_FIELD} characters"))
        return None
    return (cells + [""] * width)[:width]


def _read_weekly(header: list[str], records: list[CsvRow], columns: TicketColumns) -> TicketFile:
    """Return a weekly file's load: a later row for the same person and week wins."""
    person = _find_column(header, columns.person, ("person",), "the person")
    week = _find_column(header, None, ("week",), "the week")
    tickets = _find_column(header, None, ("tickets",), "the ticket count")
    hours = _find_column(header, columns.hours, ("hours",), "the hours")
    if person is None or week is None or (tickets is None and hours is None):
        raise UserError("the header must name person, week, and tickets and/or hours")
    names = (header[person], header[week])
    out = TicketFile("weekly", names[0], names[1], header[hours] if hours is not None else None)
    for row in records:
        cells = _cells(row, len(header), out.errors)
        if cells is None:
            continue
        who = clean_line(cells[person])
        if not who:
            out.unassigned += 1
            continue
        try:
            monday = parse_week(clean_line(cells[week]), names[1])
            count = _whole(cells[tickets], header[tickets]) if tickets is not None else None
            logged = _hours(cells[hours], header[hours]) if hours is not None else None
            if count is None and logged is None:
                raise FieldError(header[tickets] if tickets is not None else "hours", "give a ticket count or hours")
        except FieldError as exc:
            out.errors.append(RowError(row.line, exc.field, exc.message))
            continue
        out.rows += 1
        out.lines_of.setdefault(who, []).append(row.line)
        out.loads.pop((who, monday), None)  # a later row wins, and keeps its place in the file's order
        out.loads[(who, monday)] = WeekLoad(row.line, count, logged)
    return out


def _whole(text: str, column: str) -> int | None:
    """Return a cell's whole number of tickets (None when empty); raise FieldError naming ``column``."""
    text = clean_line(text)
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise FieldError(column, f"{text!r} is not a whole number of tickets") from None
    check_range(value, column, 0, 10_000)
    return value


def _hours(text: str, column: str) -> float | None:
    """Return a cell's hours (``1.5`` or ``1,5``; None when empty); raise FieldError naming ``column``."""
    text = clean_line(text)
    if not text:
        return None
    try:
        value = float(text.replace(",", ".") if "." not in text else text)
    except ValueError:
        raise FieldError(column, f"{text!r} is not a number of hours") from None
    if value != value or not 0 <= value <= MAX_TICKET_HOURS:  # NaN, or out of range
        raise FieldError(column, f"{text} is not between 0 and {MAX_TICKET_HOURS:g} hours")
    return value


def _read_per_ticket(header: list[str], records: list[CsvRow], columns: TicketColumns) -> TicketFile:
    """Return a helpdesk export's load: its tickets counted per assignee and ISO week."""
    person = _find_column(header, columns.person, PERSON_COLUMNS, "the assignee")
    date = _find_column(header, columns.date, DATE_COLUMNS, "the date")
    hours = _find_column(header, columns.hours, HOURS_COLUMNS, "the hours")
    if person is None:
        raise UserError(
            "no column says who handled each ticket (looked for Assignee, Agent, Assigned to, Owner); "
            "name the column to use"
        )
    if date is None:
        raise UserError(
            "no column dates each ticket (looked for Created, Resolved, Closed, Date); name the column to use"
        )
    out = TicketFile("per ticket", header[person], header[date], header[hours] if hours is not None else None)
    width, date_name = len(header), header[date]
    rows: list[tuple[int, str, str, str]] = []
    for row in records:
        cells = _cells(row, width, out.errors)
        if cells is not None:
            rows.append((row.line, clean_line(cells[person]), cells[date], cells[hours] if hours is not None else ""))
    day_first = _slash_order([when for _, who, when, _ in rows if who], out.notes, date_name)
    loads, lines_of = out.loads, out.lines_of
    for line, who, when, spent in rows:
        if not who:
            out.unassigned += 1
            continue
        day = _ticket_day(when, day_first)
        if day is None or not in_window(day):
            out.errors.append(RowError(line, date_name, _date_problem(when, day_first, day)))
            continue
        try:
            logged = _hours(spent, header[hours]) if hours is not None else None
        except FieldError as exc:
            out.errors.append(RowError(line, exc.field, exc.message))
            continue
        out.rows += 1
        lines_of.setdefault(who, []).append(line)
        monday = day - dt.timedelta(days=day.weekday())
        load = loads.get((who, monday))
        if load is None:
            load = loads[(who, monday)] = WeekLoad(line, 0)
        load.tickets = (load.tickets or 0) + 1
        if logged is None:
            load.untimed += 1
        else:
            load.hours = (load.hours or 0.0) + logged
    return out


# --- dates -------------------------------------------------------------------------------------------------

_TIME = r"(?:[T ]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME)
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})" + _TIME)


def _slash_order(cells: list[str], notes: list[str], column: str) -> bool:
    """Return whether the column's ``a/b/yyyy`` dates are day first: month first only when the column shows it.

    A column where some date's first part is above 12 is day first; one where only second parts are
    is month first; one where no date says is read day first, and ``notes`` says so.
    """
    day_first_seen = month_first_seen = slashed = False
    for cell in cells:
        match = _SLASHED.fullmatch(cell.strip())
        if match is None:
            continue
        slashed = True
        a, b = int(match.group(1)), int(match.group(2))
        day_first_seen |= a > 12
        month_first_seen |= b > 12
    if month_first_seen and not day_first_seen:
        notes.append(f"{column}: dates like 12/31/2026 read month first")
        return False
    if slashed and not day_first_seen:
        notes.append(f"{column}: dates like 03/04/2026 read day first (no date in the column says otherwise)")
    return True


def _ticket_day(text: str, day_first: bool) -> dt.date | None:
    """Return the day a date cell names (ISO, ``dd.mm.yyyy``, or ``a/b/yyyy`` in the column's order), or None."""
    text = text.strip()
    try:
        if match := _ISO.fullmatch(text):
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _DOTTED.fullmatch(text):
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if match := _SLASHED.fullmatch(text):
            a, b = int(match.group(1)), int(match.group(2))
            day, month = (a, b) if day_first else (b, a)
            return dt.date(int(match.group(3)), month, day)
    except ValueError:
        return None
    return None


def _date_problem(text: str, day_first: bool, day: dt.date | None) -> str:
    """Return what is wrong with a date cell: ``_ticket_day`` could not read it, or ``day`` is out of range."""
    text = clean_line(text)
    if day is not None:
        return f"{day.isoformat()} is out of range (use a date from {DATE_MIN} to {DATE_MAX})"
    if not text:
        return "no date"
    if _SLASHED.fullmatch(text):
        order = "day/month/year" if day_first else "month/day/year"
        return f"{text!r} is not a real date read as {order}, as the rest of the column is"
    return f"{text!r} is not a date (write 2026-12-31, 31.12.2026 or 31/12/2026, a time may follow)"
