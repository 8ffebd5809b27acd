"""What an import file holds, in SupportPM's terms, before anything is written.

Every import format (Jira CSV, Redmine CSV, Taskwarrior JSON, MS Project XML) is read by a parser into an
:class:`ImportedPlan`; :mod:`supportpm_tui.services.imports.apply` previews and writes it, all or nothing.
Parsers never touch the database: they turn the file's own words (statuses, seconds, locale decimals, time
zones) into ours and name each bad row by its line and field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from supportpm_tui.core.errors import UserError

T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    """One bad row: its line in the file (or record number), the field, and what is wrong."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        if not self.line:
            return f"{self.field}: {self.message}" if self.field else self.message
        where = f"line {self.line}"
        return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ImportFileError(UserError):
    """A file that cannot be imported: one line per bad row, nothing written."""

    def __init__(self, errors: list[RowError] | RowError) -> None:
        self.errors = [errors] if isinstance(errors, RowError) else list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class ImportedTask:
    """A card as the file describes it (hours, not seconds; our column and priority words)."""

    source_id: str
    title: str
    line: int = 0
    description: str = ""
    column: str = "backlog"
    assignee: str = ""
    estimate: float | None = None
    remaining: float | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    done: dt.date | None = None
    priority: str = "normal"
    tags: tuple[str, ...] = ()
    milestone: str = ""
    """The name of a milestone in the same file (or already in the project)."""
    blockers: tuple[str, ...] = ()
    """Source ids of the tasks this one waits for (in the same file, or imported before from the same source)."""
    blocked_reason: str = ""


@dataclass
class ImportedMilestone:
    """A milestone as the file describes it."""

    source_id: str
    name: str
    line: int = 0
    due: dt.date | None = None
    done: dt.date | None = None
    owner: str = ""
    deliverable: str = ""
    predecessors: tuple[str, ...] = ()
    """Source ids of the milestones it follows."""


@dataclass
class ImportedDaysOff:
    """Days off from a file: a holiday for everyone (``person`` empty) or a person's leave."""

    source_id: str
    start: dt.date
    end: dt.date
    line: int = 0
    person: str = ""
    note: str = ""
    kind: str = "holiday"
    """``holiday`` for everyone, or a leave kind (``pto``, ``sick``, ``training``, ``on_call`` …)."""


@dataclass
class ImportedPlan:
    """Everything one import file would create or update, in SupportPM's terms."""

    source: str
    """The format's name, kept on every item made (``jira``, ``redmine``, ``taskwarrior``, ``mspdi``, ``ics``)."""
    tasks: list[ImportedTask] = field(default_factory=list)
    milestones: list[ImportedMilestone] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    """Names of people the file declares (MS Project resources); assignees are matched without this too."""
    days_off: list[ImportedDaysOff] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things worth saying in the preview that are not errors (an unknown status read as Backlog, …)."""


STATUS_WORDS: dict[str, str] = {
    # Jira, Redmine, Taskwarrior and MS Project words for where a piece of work stands, lower case.
    "to do": "backlog", "todo": "backlog", "open": "backlog", "new": "backlog", "backlog": "backlog",
    "pending": "backlog", "waiting": "backlog", "recurring": "backlog", "reopened": "backlog",
    "selected for development": "ready", "ready": "ready", "ready for development": "ready",
    "in progress": "in_progress", "in_progress": "in_progress", "in development": "in_progress",
    "doing": "in_progress", "active": "in_progress", "assigned": "in_progress", "started": "in_progress",
    "blocked": "blocked", "on hold": "blocked", "impeded": "blocked", "feedback": "blocked",
    "waiting for customer": "blocked", "waiting for support": "blocked", "waiting for vendor": "blocked",
    "waiting for 3rd party": "blocked", "pending customer": "blocked",
    "in review": "testing", "review": "testing", "testing": "testing", "in testing": "testing", "qa": "testing",
    "code review": "testing", "peer review": "testing", "under review": "testing", "in qa": "testing",
    "verification": "testing", "uat": "testing",
    "resolved": "testing",
    "done": "done", "closed": "done", "completed": "done", "complete": "done", "fixed": "done",
    "rejected": "done", "deleted": "done", "won't do": "done", "cancelled": "done", "canceled": "done",
}  # fmt: skip


def word_for(words: dict[str, str], word: str, default: str, what: str, notes: list[str] | None = None) -> str:
    """Return our word for a tracker's ``word`` (looked up in ``words``); an unknown one is ``default``, said
    once in ``notes`` ("status 'Triage' is not known: read as Backlog")."""
    key = " ".join(word.strip().lower().split())
    if not key:
        return default
    ours = words.get(key)
    if ours is None:
        ours = default
        if notes is not None:
            note = f"{what} {' '.join(word.split())!r} is not known: read as {default.replace('_', ' ').capitalize()}"
            if note.lower() not in (n.lower() for n in notes):  # once per word, however it is written
                notes.append(note)
    return ours


def column_for_status(status: str, notes: list[str] | None = None) -> str:
    """Return our column for a tracker's status word; an unknown word is Backlog, said once in ``notes``."""
    return word_for(STATUS_WORDS, status, "backlog", "status", notes)


# --- reading files ------------------------------------------------------------------------------------------


MAX_FILE_BYTES = 512 * 1024 * 1024
"""The largest import file read (larger ones are refused in one line, not read into memory)."""


def read_file(path: Path) -> str:
    """Return the text of an import file; raise a UserError in one line when it cannot be read."""
    name = str(path)
    try:
        if path.is_dir():
            raise UserError(f"{name} is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UserError(f"{name} is {size // (1024 * 1024)} MB: import files of at most 512 MB are read")
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{name} does not exist") from None
    except OSError as exc:
        raise UserError(f"cannot read {name}: {exc.strerror or exc}") from None
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(RowError(0, "", f"{path.name} is not a text file"))
    return decode(data)


def decode(data: bytes) -> str:
    """Return a file's text: UTF-8, else Windows-1252 as older exports write it (a byte-order mark dropped)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" as Excel saves it
        return data.decode("utf-16", errors="replace")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@dataclass(frozen=True)
class CsvRow:
    """One record of a CSV file: the line it starts on and its cells (repeated header names keep every cell)."""

    line: int
    cells: tuple[str, ...]


def read_csv(text: str) -> tuple[list[str], list[CsvRow]]:
    """Return the header and the records of a ``,``- or ``;``-separated (or tab-separated) file.

    The separator is the one the header line uses most; quoted fields may hold separators and line breaks,
    and each record keeps the line it starts on. Blank records are skipped.
    """
    import csv
    import io

    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[CsvRow] = []
    header: list[str] | None = None
    line = reader.line_num + 1
    try:
        for cells in reader:
            if header is None:
                header = [c.strip() for c in cells]
            elif any(c.strip() for c in cells):
                rows.append(CsvRow(line, tuple(cells)))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(RowError(line, "", f"not a CSV file ({error})")) from None
    if not header or not any(header):
        raise ImportFileError(RowError(1, "", "the file is empty: a header line is needed"))
    return header, rows


class CsvColumns:
    """Where each column of a CSV header is, by its name in any case (a repeated name keeps every place)."""

    def __init__(self, header: list[str]) -> None:
        self.places: dict[str, list[int]] = {}
        for index, name in enumerate(header):
            self.places.setdefault(" ".join(name.lower().split()), []).append(index)

    def name(self, *names: str) -> str:
        """Return the first of ``names`` (lower case) the header has, or ``""`` when it has none."""
        return next((n for n in names if n in self.places), "")

    def value(self, row: CsvRow, *names: str) -> str:
        """Return the first non-empty cell, stripped, of the first of ``names`` the header has (``""`` when none)."""
        for index in self.places.get(self.name(*names), ()):
            if index < len(row.cells) and row.cells[index].strip():
                return row.cells[index].strip()
        return ""

    def values(self, row: CsvRow, *names: str) -> list[str]:
        """Return every non-empty cell, stripped, of every one of ``names`` the header has, in file order."""
        indexes = sorted(i for n in names for i in self.places.get(n, ()))
        return [row.cells[i].strip() for i in indexes if i < len(row.cells) and row.cells[i].strip()]


def read_cell(
    columns: CsvColumns, row: CsvRow, errors: list[RowError], column: str, reader: Callable[[str], T], *aliases: str
) -> T | None:
    """Return the cell of ``column`` (or an alias) read by ``reader``; None when empty or bad (its error added)."""
    value = columns.value(row, column.lower(), *aliases)
    if not value:
        return None
    try:
        return reader(value)
    except ValueError as error:
        errors.append(RowError(row.line, column, str(error)))
        return None


def name_variants(name: str) -> list[str]:
    """Return the keys a person's name may be written as: as is, "Last, First" turned round, an e-mail's local part."""
    from supportpm_tui.core.text import clean_line, name_key

    text = clean_line(name)
    variants = [name_key(text)]
    if "@" in text:
        local = text.split("@", 1)[0].replace(".", " ").replace("_", " ")
        variants.append(name_key(local))
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        variants.append(name_key(f"{first} {last}"))
    return variants
