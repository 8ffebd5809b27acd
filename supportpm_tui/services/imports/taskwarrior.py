"""Taskwarrior's ``task export`` JSON, read into an :class:`ImportedPlan`.

The export is a JSON list of tasks, or one task object per line (as older versions and ``jq -c`` write it).
Times are UTC (``20241105T120000Z``) and become dates in the zone asked for; ``depends`` is a list of uuids
or one comma-separated string; an ``estimate`` UDA (``PT4H`` or hours) is read when present. Deleted tasks
are left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from supportpm_tui.services.imports.plan import (
    ImportedPlan,
    ImportedTask,
    ImportFileError,
    RowError,
    column_for_status,
)
from supportpm_tui.services.imports.values import priority_for, read_day, read_hours, time_zone

_STATUSES = {"pending", "waiting", "completed", "deleted", "recurring"}


def parse(text: str, *, zone: str | None = None, person: str = "") -> ImportedPlan:
    """Return the plan a Taskwarrior export describes; raise ImportFileError naming every bad task and field."""
    tz = time_zone(zone)
    errors: list[RowError] = []
    records = _records(text, errors)
    plan = ImportedPlan("taskwarrior")
    first_line: dict[str, int] = {}
    deleted = 0
    for line, record in records:
        if not isinstance(record, dict):
            errors.append(RowError(line, "", "not a task: each task is a JSON object"))
            continue
        if record.get("status") == "deleted":
            deleted += 1
            continue
        task = _read_task(line, record, tz, plan.notes, errors)
        if task is None:
            continue
        if task.source_id in first_line:
            errors.append(RowError(line, "uuid", f"{task.source_id} is already on line {first_line[task.source_id]}"))
            continue
        first_line[task.source_id] = line
        plan.tasks.append(task)
    if errors:
        raise ImportFileError(errors)
    if deleted:
        plan.notes.append(f"{deleted} deleted task{'s' if deleted != 1 else ''} left out")
    return plan


def _records(text: str, errors: list[RowError]) -> list[tuple[int, Any]]:
    """Return each JSON value of the file with the line it starts on; a list's syntax error is raised at once."""
    import json

    text = text.removeprefix("\ufeff")
    body = text.lstrip()
    if not body:
        raise ImportFileError(RowError(1, "", "the file is empty: export with 'task export > tasks.json'"))
    if not body.startswith(("[", "{")):
        raise ImportFileError(RowError(1, "", "not a Taskwarrior export: 'task export' writes JSON, [ {…}, … ]"))
    if body.startswith("["):
        try:
            return _list_items(text)
        except json.JSONDecodeError as error:
            raise ImportFileError(RowError(error.lineno, "", f"not JSON: {error.msg} (column {error.colno})")) from None
    if body.startswith("{"):
        try:
            whole = json.loads(text)
        except json.JSONDecodeError:
            pass
        else:
            return [(text[: text.index("{")].count("\n") + 1, whole)]
    records: list[tuple[int, Any]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        item = line.strip().rstrip(",")
        if not item or item in ("[", "]"):
            continue
        try:
            records.append((number, json.loads(item)))
        except json.JSONDecodeError as error:
            errors.append(RowError(number, "", f"not JSON: {error.msg} (column {error.colno})"))
    return records


def _list_items(text: str) -> list[tuple[int, Any]]:
    """Return the items of the JSON list ``text`` holds, each with the line it starts on; raise JSONDecodeError."""
    import json

    decoder = json.JSONDecoder()
    items: list[tuple[int, Any]] = []
    position = text.index("[") + 1
    line = text.count("\n", 0, position) + 1
    counted = position

    def skip(at: int) -> int:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        return at

    position = skip(position)
    if text[position : position + 1] == "]":
        position += 1
    else:
        while True:
            line += text.count("\n", counted, position)
            counted = position
            value, position = decoder.raw_decode(text, position)
            items.append((line, value))
            position = skip(position)
            mark = text[position : position + 1]
            if mark == "]":
                position += 1
                break
            if mark != ",":
                raise json.JSONDecodeError("expected ',' or ']'", text, position)
            position = skip(position + 1)
    position = skip(position)
    if position < len(text):
        raise json.JSONDecodeError("extra data after the list", text, position)
    return items


def _read_task(
    line: int, record: dict[str, Any], tz: dt.tzinfo, notes: list[str], errors: list[RowError]
) -> ImportedTask | None:
    """Return the task one record describes, or None after adding its errors to ``errors``."""
    count = len(errors)

    def text_of(name: str) -> str:
        value = record.get(name)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            errors.append(RowError(line, name, "is not text"))
            return ""
        return str(value).strip()

    def day(name: str) -> dt.date | None:
        value = text_of(name)
        if not value:
            return None
        try:
            return read_day(value, tz)
        except ValueError as error:
            errors.append(RowError(line, name, str(error)))
            return None

    source_id = text_of("uuid") or text_of("id")
    title = " ".join(text_of("description").split())
    if not source_id or source_id == "0":
        errors.append(RowError(line, "uuid", "missing: every task needs its uuid"))
    if not title:
        errors.append(RowError(line, "description", "missing: every task needs a description"))
    status = text_of("status").lower()
    if status and status not in _STATUSES:
        errors.append(RowError(line, "status", f"{status!r} is not a Taskwarrior status"))
    due = day("due")
    start = day("scheduled")
    end = day("end")
    day("entry")
    started = day("start")
    tags = _words(record, "tags", line, errors)
    blockers = _words(record, "depends", line, errors)
    estimate = _estimate(record.get("estimate"), line, errors)
    annotations = record.get("annotations") or []
    if not isinstance(annotations, list):
        errors.append(RowError(line, "annotations", "is not a list"))
        annotations = []
    if len(errors) > count:
        return None
    column = column_for_status(status or "pending", notes)
    if column == "backlog" and started is not None:
        column = "in_progress"
    project = text_of("project")
    notes_text = [str(a.get("description", "")).strip() for a in annotations if isinstance(a, dict)]
    return ImportedTask(
        source_id=source_id,
        title=title,
        line=line,
        description="\n".join(n for n in notes_text if n),
        column=column,
        estimate=estimate,
        start=start,
        due=due,
        done=end if column == "done" else None,
        priority=priority_for(text_of("priority"), notes),
        tags=tuple(dict.fromkeys([project, *tags] if project else tags)),
        blockers=tuple(b for b in dict.fromkeys(blockers) if b != source_id),
    )


def _words(record: dict[str, Any], name: str, line: int, errors: list[RowError]) -> list[str]:
    """Return a field that is a list of strings or one comma-separated string (``depends``, ``tags``)."""
    value = record.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return [w.strip() for w in value.split(",") if w.strip()]
    if isinstance(value, list) and all(isinstance(w, str) for w in value):
        return [w.strip() for w in value if w.strip()]
    errors.append(RowError(line, name, "is not a list of words"))
    return []


def _estimate(value: object, line: int, errors: list[RowError]) -> float | None:
    """Return the ``estimate`` UDA in hours (``PT4H``, ``4``, ``2.5``), None when absent."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError("is not a duration (use PT4H or a number of hours)")
        return read_hours(str(value))
    except ValueError as error:
        errors.append(RowError(line, "estimate", str(error)))
        return None
