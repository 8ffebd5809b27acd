"""Jira's issue-navigator CSV export, read into an :class:`ImportedPlan`.

Multi-valued fields repeat their column (``Labels``, ``Labels``; ``Sprint``; ``Fix Version/s``; ``Inward issue
link (Blocks)``), and every cell is kept. Estimates are in seconds, dates look like ``12/Mar/24 9:41 AM``.
"A blocks B" makes A one of B's blockers, whichever of the two rows says it.
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
from supportpm_tui.services.imports.values import priority_for, read_day, seconds_to_hours, time_zone

T = TypeVar("T")

KEY = "issue key"
SUMMARY = "summary"
_KEY_TEXT = re.compile(r"\b([A-Za-z][A-Za-z0-9_]*-\d+)\b")
_LINK_COLUMN = re.compile(r"^(inward|outward) issue link \((blocks|blocker)\)$")
# "is blocked by SUP-3", "blocks SUP-12" in a plain "Issue links" column
_LINK_TEXT = re.compile(r"(is blocked by|blocked by|blocks)\s+([A-Za-z][A-Za-z0-9_]*-\d+)", re.IGNORECASE)


def parse(text: str, *, zone: str | None = None, person: str = "") -> ImportedPlan:
    """Return the plan a Jira CSV export describes; raise ImportFileError naming every bad row and column."""
    tz = time_zone(zone)
    header, rows = read_csv(text)
    columns = CsvColumns(header)
    missing = [n for n in ("Issue key", "Summary") if not columns.name(n.lower())]
    if missing:
        raise ImportFileError(
            RowError(1, missing[0], "the header has no such column: is this Jira's CSV export (all fields)?")
        )
    inward = [n for n in columns.places if (m := _LINK_COLUMN.match(n)) and m.group(1) == "inward"]
    outward = [n for n in columns.places if (m := _LINK_COLUMN.match(n)) and m.group(1) == "outward"]
    plan = ImportedPlan("jira")
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    blocks: list[tuple[str, str]] = []  # (blocker, blocked) from the blocker's own row
    milestones: dict[str, ImportedMilestone] = {}
    for row in rows:
        task = _read_row(row, columns, tz, plan.notes, errors, inward, outward, blocks)
        if task is None:
            continue
        if task.source_id in first_line:
            errors.append(
                RowError(row.line, "Issue key", f"{task.source_id} is already on line {first_line[task.source_id]}")
            )
            continue
        first_line[task.source_id] = row.line
        if task.milestone and task.milestone not in milestones:
            milestones[task.milestone] = ImportedMilestone(task.milestone, task.milestone, line=row.line)
        plan.tasks.append(task)
    if errors:
        raise ImportFileError(errors)
    _link(plan, blocks)
    plan.milestones = list(milestones.values())
    return plan


def _read_row(
    row: CsvRow,
    columns: CsvColumns,
    tz: dt.tzinfo,
    notes: list[str],
    errors: list[RowError],
    inward: list[str],
    outward: list[str],
    blocks: list[tuple[str, str]],
) -> ImportedTask | None:
    """Return the task one row describes, or None after adding its errors to ``errors``."""
    count = len(errors)

    def read(column: str, reader: Callable[[str], T], *aliases: str) -> T | None:
        return read_cell(columns, row, errors, column, reader, *aliases)

    def day(value: str) -> dt.date:
        return read_day(value, tz, day_first=True)

    key = columns.value(row, KEY)
    title = " ".join(columns.value(row, SUMMARY).split())
    if not key:
        errors.append(RowError(row.line, "Issue key", "missing: every issue needs its key"))
    elif not _KEY_TEXT.fullmatch(key):
        errors.append(RowError(row.line, "Issue key", f"{key!r} is not an issue key like SUP-12"))
    if not title:
        errors.append(RowError(row.line, "Summary", "missing: every issue needs a summary"))
    estimate = read("Original Estimate", seconds_to_hours)
    remaining = read("Remaining Estimate", seconds_to_hours)
    due = read("Due Date", day)
    start = read("Start date", day, "custom field (start date)")
    read("Created", day)
    resolved = read("Resolved", day)
    if len(errors) > count:
        return None
    column = column_for_status(columns.value(row, "status"), notes)
    blockers = [k for cell in columns.values(row, *inward) for k in _KEY_TEXT.findall(cell)]
    for cell in columns.values(row, *outward):
        blocks += [(key, other) for other in _KEY_TEXT.findall(cell)]
    for cell in columns.values(row, "issue links", "issue link"):
        for verb, other in _LINK_TEXT.findall(cell):
            if verb.lower() == "blocks":
                blocks.append((key, other))
            else:
                blockers.append(other)
    fix_versions = columns.values(row, "fix version/s", "fix versions", "fix version")
    if len(fix_versions) > 1:
        notes.append(f"{key} is in {len(fix_versions)} fix versions: it goes to the first, {fix_versions[0]}")
    return ImportedTask(
        source_id=key,
        title=title,
        line=row.line,
        description=columns.value(row, "description"),
        column=column,
        assignee=columns.value(row, "assignee"),
        estimate=estimate,
        remaining=remaining,
        start=start,
        due=due,
        done=resolved if column == "done" else None,
        priority=priority_for(columns.value(row, "priority"), notes),
        tags=tuple(dict.fromkeys(columns.values(row, "labels", "sprint"))),
        milestone=fix_versions[0] if fix_versions else "",
        blockers=tuple(blockers),
    )


def _link(plan: ImportedPlan, blocks: list[tuple[str, str]]) -> None:
    """Add each "A blocks B" read from A's row to B's blockers; drop duplicates and links to itself."""
    by_key = {task.source_id: task for task in plan.tasks}
    extra: dict[str, list[str]] = {}
    for blocker, blocked in blocks:
        if blocked in by_key:
            extra.setdefault(blocked, []).append(blocker)
        else:
            plan.notes.append(f"{blocker} blocks {blocked}, which is not in the file: that link is left out")
    for task in plan.tasks:
        both = [*task.blockers, *extra.get(task.source_id, ())]
        task.blockers = tuple(k for k in dict.fromkeys(both) if k != task.source_id)
