"""Redmine's issue CSV export, read into an :class:`ImportedPlan`.

Redmine writes the separator and decimal mark of the exporting person's language: ``;`` with ``2,5`` hours in
most of Europe, ``,`` with ``2.5`` in English; both are read, and the English header names in any case. Each
``Target version`` becomes a milestone; ``Related issues`` (``follows #12, blocked by #14``) become blockers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TypeVar

from supportpm_tui.services.imports.plan import (
    CsvColumns,
    CsvRow,
    ImportedMilestone,
    ImportedPlan,
    ImportedTask,
    ImportFileError,
    RowError,
    column_for_status,
    read_cell,
    read_csv,
)
from supportpm_tui.services.imports.values import priority_for, read_day, read_hours, read_number, time_zone

T = TypeVar("T")

_RELATION = re.compile(r"^(?P<verb>[^#]*?)\s*#(?P<id>\d+)(?:\s*\(.*\))?$")
_WAITS_FOR = {"follows", "blocked by", "is blocked by"}
"""Relations that make the other issue a blocker of this one."""
_GOES_FIRST = {"precedes", "blocks"}
"""Relations that make this issue a blocker of the other one."""


def parse(text: str, *, zone: str | None = None, person: str = "") -> ImportedPlan:
    """Return the plan a Redmine CSV export describes; raise ImportFileError naming every bad row and column."""
    tz = time_zone(zone)
    header, rows = read_csv(text)
    columns = CsvColumns(header)
    for name, aliases in (("#", ("#", "id")), ("Subject", ("subject",))):
        if not columns.name(*aliases):
            raise ImportFileError(
                RowError(1, name, "the header has no such column: is this Redmine's CSV export of issues?")
            )
    plan = ImportedPlan("redmine")
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    goes_first: list[tuple[str, str]] = []  # (blocker, blocked) read from the blocker's row
    milestones: dict[str, ImportedMilestone] = {}
    for row in rows:
        task = _read_row(row, columns, tz, plan.notes, errors, goes_first)
        if task is None:
            continue
        if task.source_id in first_line:
            errors.append(RowError(row.line, "#", f"#{task.source_id} is already on line {first_line[task.source_id]}"))
            continue
        first_line[task.source_id] = row.line
        if task.milestone and task.milestone not in milestones:
            milestones[task.milestone] = ImportedMilestone(task.milestone, task.milestone, line=row.line)
        plan.tasks.append(task)
    if errors:
        raise ImportFileError(errors)
    by_id = {task.source_id: task for task in plan.tasks}
    for blocker, blocked in goes_first:
        if blocked in by_id:
            by_id[blocked].blockers += (blocker,)
    for task in plan.tasks:
        task.blockers = tuple(k for k in dict.fromkeys(task.blockers) if k != task.source_id)
    plan.milestones = list(milestones.values())
    return plan


def _read_row(
    row: CsvRow,
    columns: CsvColumns,
    tz: dt.tzinfo,
    notes: list[str],
    errors: list[RowError],
    goes_first: list[tuple[str, str]],
) -> ImportedTask | None:
    """Return the task one row describes, or None after adding its errors to ``errors``."""
    count = len(errors)

    def read(column: str, reader: Callable[[str], T], *aliases: str) -> T | None:
        return read_cell(columns, row, errors, column, reader, *aliases)

    def day(value: str) -> dt.date:
        return read_day(value, tz, day_first=True)

    number = columns.value(row, "#", "id").lstrip("#")
    title = " ".join(columns.value(row, "subject").split())
    if not number:
        errors.append(RowError(row.line, "#", "missing: every issue needs its number"))
    elif not number.isdigit():
        errors.append(RowError(row.line, "#", f"{number!r} is not an issue number"))
    if not title:
        errors.append(RowError(row.line, "Subject", "missing: every issue needs a subject"))
    estimate = read("Estimated time", read_hours, "estimated hours")
    done_ratio = read("% Done", _percent)
    start = read("Start date", day)
    due = read("Due date", day)
    closed = read("Closed", day, "closed on")
    blockers: list[str] = []
    relations = columns.value(row, "related issues")
    for part in filter(None, (p.strip() for p in relations.split(","))):
        match = _RELATION.match(part)
        if match is None:
            errors.append(RowError(row.line, "Related issues", f"{part!r} is not a relation like 'follows #12'"))
            continue
        verb = " ".join(match["verb"].lower().split())
        if verb in _WAITS_FOR:
            blockers.append(match["id"])
        elif verb in _GOES_FIRST:
            goes_first.append((number, match["id"]))
    if len(errors) > count:
        return None
    column = column_for_status(columns.value(row, "status"), notes)
    remaining = None
    if estimate is not None and done_ratio is not None:
        remaining = round(estimate * (100 - done_ratio) / 100, 4)
    tracker = columns.value(row, "tracker")
    return ImportedTask(
        source_id=number,
        title=title,
        line=row.line,
        description=columns.value(row, "description"),
        column=column,
        assignee=columns.value(row, "assignee", "assigned to"),
        estimate=estimate,
        remaining=remaining,
        start=start,
        due=due,
        done=closed if column == "done" else None,
        priority=priority_for(columns.value(row, "priority"), notes),
        tags=(tracker,) if tracker else (),
        milestone=columns.value(row, "target version", "fixed version"),
        blockers=tuple(blockers),
    )


def _percent(text: str) -> float:
    """Return a share done from 0 to 100 (``60``, ``60 %``, ``60,5``); raise ValueError otherwise."""
    value = read_number(text.strip().removesuffix("%"))
    if not 0 <= value <= 100:
        raise ValueError(f"{text.strip()!r} is not a percentage from 0 to 100")
    return value
