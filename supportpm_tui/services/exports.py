"""Exports of what SupportPM holds, for spreadsheets, scripts and documents: CSV, JSON and Markdown.

Each kind of list is exported with the same fields as its ``--json`` listing on
the command line (``task list --json``, ``capacity --json`` …), from the same
services. The calendar (iCalendar) has its own module,
:mod:`supportpm_tui.services.calendar_export`.

``--project`` keeps the project's items; for capacity it keeps the people who
work on the project (see
:func:`~supportpm_tui.services.project_people.people_on_project`); the activity log is not
kept by project, so it refuses a project.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.services.typed import JsonRecord

if TYPE_CHECKING:
    from supportpm_tui.storage.database import Store

FORMATS = ("csv", "json", "md")
CALENDAR_FORMAT = "ics"
ALL_FORMATS = (CALENDAR_FORMAT, *FORMATS)
CALENDAR = "calendar"
KINDS = ("tasks", "milestones", "risks", "issues", "changes", "capacity", "log")
KIND_TITLES = {
    "tasks": "Tasks",
    "milestones": "Milestones",
    "risks": "Risks",
    "issues": "Issues",
    "changes": "Change requests",
    "capacity": "Capacity",
    "log": "Activity log",
}
FILE_ENDINGS = {"ics": ".ics", "csv": ".csv", "json": ".json", "md": ".md"}
CAPACITY_WEEKS = 8  # as ``supportpm capacity`` shows by default
LOG_LIMIT = 10_000  # the most the activity log gives at once
# A spreadsheet takes a cell starting with one of these as a formula: a leading ' keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The keys of the lists whose rows are plain dicts, for the header of an export with no rows.
CAPACITY_KEYS = (
    "person",
    "week",
    "iso_week",
    "weekdays",
    "days_counted",
    "contracted",
    "leave",
    "duty",
    "queue",
    "queue_source",
    "tickets_logged",
    "tickets_counted",
    "reserve",
    "reserve_pct",
    "available",
    "demand",
    "scheduled",
    "utilisation",
    "utilisation_pct",
    "state",
    "over_wip",
    "tasks",
)
LOG_KEYS = (
    "id",
    "time",
    "actor",
    "entity",
    "entity_id",
    "action",
    "changes",
    "undo_of",
    "step",
    "origin",
    "session",
    "version",
    "db_user",
)


@dataclass(frozen=True)
class ExportTable:
    """One kind of list ready to write: its title, its columns (the JSON keys) and its rows as JSON data."""

    kind: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]


def format_choices() -> str:
    """Return the formats in words, for a message naming the choices."""
    return ", ".join(ALL_FORMATS[:-1]) + " or " + ALL_FORMATS[-1]


def kind_choices() -> str:
    """Return the kinds of list in words, for a message naming the choices."""
    return ", ".join(KINDS[:-1]) + " or " + KINDS[-1]


def check_export(fmt: str, kind: str | None, project: str | None = None, since: dt.date | None = None) -> str:
    """Return the kind to export (``calendar`` for ics) once the format, kind and options fit together.

    Raises :class:`FieldError` naming the format, kind, project or since when they do not.
    """
    fmt = fmt.strip().lower()
    wanted = (kind or "").strip().lower()
    if fmt not in ALL_FORMATS:
        raise FieldError("format", f"unknown format {fmt!r}; choose {format_choices()}")
    if fmt == CALENDAR_FORMAT:
        if wanted not in ("", CALENDAR):
            raise FieldError("kind", f"ics exports the calendar (milestones, leave, on-call), not {wanted!r}")
        if since is not None:
            raise FieldError("since", "only the activity log is exported from a day")
        return CALENDAR
    if not wanted:
        raise FieldError("kind", f"say what to export as {fmt}: {kind_choices()}")
    if wanted == CALENDAR:
        raise FieldError("format", f"the calendar is exported as ics, not {fmt}")
    if wanted not in KINDS:
        raise FieldError("kind", f"unknown kind {wanted!r}; choose {kind_choices()}")
    if since is not None and wanted != "log":
        raise FieldError("since", "only the activity log is exported from a day")
    if project and wanted == "log":
        raise FieldError("project", "the activity log is not kept by project; export it without one")
    return wanted


# --- the rows -----------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """Return ``value`` as JSON data: a record as its ``to_json()``, other dataclasses as their fields."""
    if isinstance(value, JsonRecord):
        return plain(value.to_json())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date | Path):
        return str(value)
    return value


def _with_task_list(week: dict[str, Any]) -> dict[str, Any]:
    """Return a person's week with its demand per task as a list of ``{task, hours}``, as ``capacity --json``."""
    return {**week, "tasks": [{"task": int(k), "hours": v} for k, v in week["tasks"].items()]}


def _fields_of(record: type) -> list[str]:
    """Return the JSON keys of a service's record type (for the header of an export with no rows)."""
    return [f.name for f in dataclasses.fields(record)]


def _rows(store: Store, kind: str, project: str | None, since: dt.date | None) -> tuple[list[Any], list[str]]:
    """Return the records of ``kind`` from its service, and the keys a record of it has."""
    if kind == "tasks":
        from supportpm_tui.services.records import TaskRecord, task_rows

        return task_rows(store, project), _fields_of(TaskRecord)
    if kind == "milestones":
        from supportpm_tui.services.records import MilestoneRecord, milestone_records

        return list(milestone_records(store, project)), _fields_of(MilestoneRecord)
    if kind == "risks":
        from supportpm_tui.services.risks import RiskRecord, list_risks

        return list(list_risks(store, project)), _fields_of(RiskRecord)
    if kind == "issues":
        from supportpm_tui.services.issues import IssueRecord, list_issues

        return list(list_issues(store, project)), _fields_of(IssueRecord)
    if kind == "changes":
        from supportpm_tui.services.change_requests import ChangeRequestRecord, list_changes

        keys = [k for k in _fields_of(ChangeRequestRecord) if k != "if_approved"]
        return list(list_changes(store, project)), keys
    if kind == "capacity":
        from supportpm_tui.services.records import capacity_records

        weeks = [_with_task_list(row) for row in capacity_records(store, CAPACITY_WEEKS)]
        if project:
            from supportpm_tui.services.project_people import people_on_project

            people = people_on_project(store, project)
            weeks = [w for w in weeks if w["person"] in people]
        return weeks, list(CAPACITY_KEYS)
    from supportpm_tui.services.activity import list_events

    return list_events(store, limit=LOG_LIMIT, since=since), list(LOG_KEYS)


def export_table(store: Store, kind: str, project: str | None = None, since: dt.date | None = None) -> ExportTable:
    """Return the list of ``kind`` (one of :data:`KINDS`) with the fields its ``--json`` listing gives."""
    kind = check_export("csv", kind, project, since)
    records, keys = _rows(store, kind, project or None, since)
    rows = [plain(r) for r in records]
    columns = list(rows[0]) if rows else keys
    title = KIND_TITLES[kind] + (f" · {project.strip().upper()}" if project else "")
    return ExportTable(kind, title, columns, rows)


# --- the formats --------------------------------------------------------------------------


def _cell(value: Any) -> str:
    """Return a value as one cell's text: empty for none, lists of plain values joined, the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def csv_cell(value: Any) -> str:
    """Return a value as a CSV cell: text a spreadsheet would take for a formula gets a leading ``'``."""
    text = _cell(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(table: ExportTable) -> str:
    """Return the table as CSV: a header row of its columns, then one row per record (``,``, quoted as needed)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([csv_cell(row.get(key)) for key in table.columns])
    return buffer.getvalue()


def to_json(table: ExportTable) -> str:
    """Return the table as a JSON list of objects, the same as its ``--json`` listing prints."""
    from supportpm_tui.services.json_out import json_out

    return json_out(table.rows) + "\n"


def markdown_cell(value: Any) -> str:
    """Return a value as a Markdown table cell: ``|`` escaped, line breaks as ``<br>``, ``<`` and ``>`` as text."""
    text = _cell(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(part.strip() for part in text.splitlines()) if "\n" in text or "\r" in text else text


def to_markdown(table: ExportTable) -> str:
    """Return the table as Markdown: a heading, when it was exported, then a pipe table with one row per record."""
    count = len(table.rows)
    lines = [
        f"# {markdown_cell(table.title)}",
        "",
        f"Exported from SupportPM on {clock.today().isoformat()}: {count} row{'' if count == 1 else 's'}.",
        "",
    ]
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(markdown_cell(row.get(key)) for key in table.columns) + " |")
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[ExportTable], str]] = {"csv": to_csv, "json": to_json, "md": to_markdown}


@dataclass(frozen=True)
class Export:
    """What an export gives: its text, what it holds (``tasks``, ``calendar`` …) and how many items."""

    kind: str
    fmt: str
    text: str
    count: int


def export_text(
    store: Store, fmt: str, kind: str | None, project: str | None = None, since: dt.date | None = None
) -> Export:
    """Return the export of ``kind`` (or the calendar, for ``ics``) in format ``fmt``, ready to write."""
    kind = check_export(fmt, kind, project, since)
    fmt = fmt.strip().lower()
    if kind == CALENDAR:
        from supportpm_tui.services.calendar_export import calendar_ics

        calendar = calendar_ics(store, project or None)
        return Export(CALENDAR, fmt, calendar.text, calendar.count)
    table = export_table(store, kind, project, since)
    return Export(kind, fmt, WRITERS[fmt](table), len(table.rows))


def write_export(given: str, export: Export, named_by: str = "--out") -> Path:
    """Write the export to the file ``given`` names, whole or not at all; return its path.

    Raises :class:`UserError` in one line when it cannot be written (nothing is left behind).
    """
    from supportpm_tui.services.reports import save_text

    if not given.strip():
        raise UserError(f"{named_by}: give a file name")
    return save_text(given, export.text, named_by)


def default_export_path(kind: str, fmt: str, folder: Path | None = None) -> Path:
    """Return where an export is offered to go: the user's documents folder (else the current one), named after
    what it holds and today's date."""
    if folder is None:
        import platformdirs

        documents = Path(platformdirs.user_documents_dir())
        folder = documents if documents.is_dir() else Path.cwd()
    ending = FILE_ENDINGS.get(fmt, f".{fmt}")
    return folder / f"supportpm-{kind}-{clock.today().isoformat()}{ending}"
