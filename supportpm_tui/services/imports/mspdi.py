"""MS Project XML (MSPDI), as MS Project, ProjectLibre and GanttProject write it, read into an :class:`ImportedPlan`.

Tasks become cards (work in hours from ``Work``, else ``Duration``), milestones (``Milestone`` 1 or no duration)
become milestones: the tasks a milestone follows belong to it, and a task that follows a milestone waits for
that milestone's tasks. Resources are the people, the first assignment a task's assignee; calendar exceptions
that are not working days are holidays (the project's calendar) or a person's leave (that person's calendar).
The file may carry the namespace ``http://schemas.microsoft.com/project`` or none; DOCTYPE and ENTITY
declarations are refused, so no entity is ever expanded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from supportpm_tui.services.imports.plan import (
    ImportedDaysOff,
    ImportedMilestone,
    ImportedPlan,
    ImportedTask,
    ImportFileError,
    RowError,
)
from supportpm_tui.services.imports.values import day_in, duration_hours, read_moment, read_number, time_zone

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_UNASSIGNED = "-65535"
"""MS Project's resource UID for an assignment without a resource."""


@dataclass
class _Row:
    """One ``Task`` element, read."""

    uid: str
    name: str
    line: int
    start: dt.date | None = None
    finish: dt.date | None = None
    hours: float | None = None
    milestone: bool = False
    percent: float = 0.0
    priority: str = "normal"
    notes: str = ""
    predecessors: tuple[str, ...] = ()


def parse(text: str, *, zone: str | None = None, person: str = "") -> ImportedPlan:
    """Return the plan an MS Project XML file describes; raise ImportFileError naming every bad task and field."""
    tz = time_zone(zone)
    root, lines = _read_xml(text)
    if root.tag != "Project":
        raise ImportFileError(RowError(1, "", f"not an MS Project XML file: it holds <{root.tag}>, not <Project>"))
    plan = ImportedPlan("mspdi")
    errors: list[RowError] = []
    people: dict[str, str] = {}
    calendars_of: dict[str, str] = {}
    for resource in _all(root, "Resources", "Resource"):
        uid, name = _text(resource, "UID"), " ".join(_text(resource, "Name").split())
        if name and _text(resource, "Type") not in ("0", "2") and uid != _UNASSIGNED:
            people[uid] = name
            if _text(resource, "CalendarUID"):
                calendars_of[_text(resource, "CalendarUID")] = name
    plan.people = list(dict.fromkeys(people.values()))
    assignee: dict[str, str] = {}
    for assignment in _all(root, "Assignments", "Assignment"):
        resource_uid = _text(assignment, "ResourceUID")
        if resource_uid in people:
            assignee.setdefault(_text(assignment, "TaskUID"), people[resource_uid])
    rows: dict[str, _Row] = {}
    summaries: set[str] = set()
    for element in _all(root, "Tasks", "Task"):
        line = lines.get(element, 0)
        uid = _text(element, "UID")
        if _flag(element, "IsNull") or uid == "0":
            continue
        if _flag(element, "Summary"):
            summaries.add(uid)
            continue
        row = _read_task(element, uid, line, tz, errors)
        if row is None:
            continue
        if row.uid in rows:
            errors.append(RowError(line, "UID", f"task {row.uid} is already on line {rows[row.uid].line}"))
            continue
        rows[row.uid] = row
    plan.days_off = _days_off(root, lines, tz, calendars_of, errors)
    if errors:
        raise ImportFileError(errors)
    if summaries:
        plan.notes.append(f"{len(summaries)} summary task(s) left out: the tasks under them are imported one by one")
    _build(plan, rows, summaries, assignee)
    return plan


def _read_xml(text: str) -> tuple[Element, dict[Element, int]]:
    """Return the root of the XML text, namespaces dropped, and the line each element starts on."""
    import xml.etree.ElementTree as ET

    text = text.removeprefix("\ufeff")
    upper = text.upper()
    for word in ("<!DOCTYPE", "<!ENTITY"):
        at = upper.find(word)
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            raise ImportFileError(RowError(line, "", f"{word[2:]} declarations are not accepted: save the plan again"))
    if not text.strip():
        raise ImportFileError(RowError(1, "", "the file is empty: save the plan as XML from MS Project"))

    class Target(ET.TreeBuilder):
        def __init__(self) -> None:
            super().__init__()
            self.line = 1
            self.lines: dict[Element, int] = {}

        def start(self, tag: str, attrs: dict[str, str]) -> Element:
            element = super().start(tag.rsplit("}", 1)[-1], attrs)
            self.lines[element] = self.line
            return element

        def end(self, tag: str) -> Element:
            return super().end(tag.rsplit("}", 1)[-1])

    target = Target()
    parser = ET.XMLParser(target=target)
    try:
        for number, piece in enumerate(text.splitlines(keepends=True), start=1):
            target.line = number
            parser.feed(piece)
        root = parser.close()
    except ET.ParseError as error:
        where, _ = error.position
        message = str(error).split(":", 1)[0]
        raise ImportFileError(RowError(where, "", f"not XML: {message}")) from None
    return root, target.lines


def _all(root: Element, group: str, item: str) -> list[Element]:
    """Return the ``item`` elements of the ``group`` element directly under ``root``, in file order."""
    return [e for g in root.findall(group) for e in g.findall(item)]


def _text(element: Element, name: str) -> str:
    """Return the stripped text of the child ``name``, ``""`` when it is absent or empty."""
    child = element.find(name)
    return (child.text or "").strip() if child is not None else ""


def _flag(element: Element, name: str) -> bool:
    """Return whether the child ``name`` says yes (``1`` or ``true``)."""
    return _text(element, name).lower() in ("1", "true")


def _read_task(element: Element, uid: str, line: int, tz: dt.tzinfo, errors: list[RowError]) -> _Row | None:
    """Return one task element read, or None after adding its errors to ``errors``."""
    count = len(errors)

    def read(name: str, reader: Any) -> Any:
        value = _text(element, name)
        if not value:
            return None
        try:
            return reader(value)
        except ValueError as error:
            errors.append(RowError(line, name, str(error)))
            return None

    name = " ".join(_text(element, "Name").split())
    if not uid:
        errors.append(RowError(line, "UID", "missing: every task needs its UID"))
    if not name:
        errors.append(RowError(line, "Name", "missing: every task needs a name"))
    start = read("Start", lambda v: day_in(read_moment(v), tz))
    finish = read("Finish", lambda v: day_in(read_moment(v), tz))
    duration = read("Duration", duration_hours)
    work = read("Work", duration_hours)
    percent = read("PercentComplete", _percent)
    priority = read("Priority", _priority)
    if start and finish and finish < start:
        errors.append(RowError(line, "Finish", f"{finish} is before the start, {start}"))
    if len(errors) > count:
        return None
    predecessors = tuple(
        p for link in element.findall("PredecessorLink") if (p := _text(link, "PredecessorUID")) and p != uid
    )
    return _Row(
        uid=uid,
        name=name,
        line=line,
        start=start,
        finish=finish,
        hours=work if work else duration,
        milestone=_flag(element, "Milestone") or duration == 0,
        percent=percent or 0.0,
        priority=priority or "normal",
        notes=_text(element, "Notes"),
        predecessors=tuple(dict.fromkeys(predecessors)),
    )


def _percent(text: str) -> float:
    """Return a share done from 0 to 100; raise ValueError otherwise."""
    value = read_number(text)
    if not 0 <= value <= 100:
        raise ValueError(f"{text!r} is not a percentage from 0 to 100")
    return value


def _priority(text: str) -> str:
    """Return our priority for MS Project's 0–1000 (500 is Medium; 900 and up is Highest)."""
    value = read_number(text)
    if not 0 <= value <= 1000:
        raise ValueError(f"{text!r} is not a priority from 0 to 1000")
    return "low" if value < 500 else "normal" if value < 600 else "high" if value < 900 else "urgent"


def _build(plan: ImportedPlan, rows: dict[str, _Row], summaries: set[str], assignee: dict[str, str]) -> None:
    """Turn the rows into tasks and milestones, links through milestones resolved."""
    missing: set[str] = set()

    def reach(uid: str, want_milestones: bool) -> list[str]:
        """Return the nearest tasks (or milestones) ``uid`` waits for, looking through the other kind."""
        found: list[str] = []
        seen = {uid}
        todo = list(rows[uid].predecessors)
        while todo:
            other = todo.pop(0)
            if other in seen:
                continue
            seen.add(other)
            if other not in rows:
                if other not in summaries:
                    missing.add(other)
                continue
            if rows[other].milestone == want_milestones:
                found.append(other)
            else:
                todo += rows[other].predecessors
        return found

    milestone_of: dict[str, str] = {}
    for row in rows.values():
        if row.milestone:
            for other in row.predecessors:
                if other in rows and not rows[other].milestone:
                    milestone_of.setdefault(other, row.name)
            done = row.finish if row.percent >= 100 else None
            plan.milestones.append(
                ImportedMilestone(
                    source_id=row.uid,
                    name=row.name,
                    line=row.line,
                    due=row.finish or row.start,
                    done=done,
                    owner=assignee.get(row.uid, ""),
                    deliverable=row.notes,
                    predecessors=tuple(reach(row.uid, want_milestones=True)),
                )
            )
    for row in rows.values():
        if row.milestone:
            continue
        column = "done" if row.percent >= 100 else "in_progress" if row.percent > 0 else "backlog"
        remaining = None if row.hours is None else round(row.hours * (100 - row.percent) / 100, 4)
        plan.tasks.append(
            ImportedTask(
                source_id=row.uid,
                title=row.name,
                line=row.line,
                description=row.notes,
                column=column,
                assignee=assignee.get(row.uid, ""),
                estimate=row.hours,
                remaining=remaining,
                start=row.start,
                due=row.finish,
                done=row.finish if column == "done" else None,
                priority=row.priority,
                milestone=milestone_of.get(row.uid, ""),
                blockers=tuple(reach(row.uid, want_milestones=False)),
            )
        )
    if missing:
        plan.notes.append(f"predecessors not in the file left out: UID {', '.join(sorted(missing, key=_number))}")


def _number(uid: str) -> tuple[int, str]:
    """Return a key that sorts UIDs by number."""
    return (int(uid), uid) if uid.isdigit() else (0, uid)


def _days_off(
    root: Element, lines: dict[Element, int], tz: dt.tzinfo, calendars_of: dict[str, str], errors: list[RowError]
) -> list[ImportedDaysOff]:
    """Return the non-working exceptions of the project's calendar (holidays) and of people's calendars (leave)."""
    project_calendar = _text(root, "CalendarUID")
    found: dict[tuple[str, dt.date, dt.date], ImportedDaysOff] = {}
    for calendar in _all(root, "Calendars", "Calendar"):
        uid = _text(calendar, "UID")
        person = calendars_of.get(uid, "")
        if not person and not (uid == project_calendar or (not project_calendar and _flag(calendar, "IsBaseCalendar"))):
            continue
        periods = [
            (e, _text(e, "Name")) for e in calendar.findall("Exceptions/Exception") if not _flag(e, "DayWorking")
        ]
        periods += [
            (w, "")
            for w in calendar.findall("WeekDays/WeekDay")
            if _text(w, "DayType") == "0" and not _flag(w, "DayWorking")
        ]
        for element, note in periods:
            line = lines.get(element, 0)
            span = _span(element, line, tz, errors)
            if span is None:
                continue
            start, end = span
            key = (person, start, end)
            if key not in found:
                found[key] = ImportedDaysOff(
                    source_id=f"{uid}:{start.isoformat()}",
                    start=start,
                    end=end,
                    line=line,
                    person=person,
                    note=note,
                    kind="pto" if person else "holiday",
                )
    return list(found.values())


def _span(element: Element, line: int, tz: dt.tzinfo, errors: list[RowError]) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day of an exception's ``TimePeriod`` (a ``ToDate`` at midnight is exclusive)."""
    period = element.find("TimePeriod")
    if period is None:
        errors.append(RowError(line, "TimePeriod", "missing: a day off needs its FromDate and ToDate"))
        return None
    moments: list[dt.datetime | dt.date] = []
    for name in ("FromDate", "ToDate"):
        if not _text(period, name):
            errors.append(RowError(line, name, "missing: a day off needs its FromDate and ToDate"))
            return None
        try:
            moments.append(read_moment(_text(period, name)))
            day_in(moments[-1], tz)
        except ValueError as error:
            errors.append(RowError(line, name, str(error)))
            return None
    first, last = moments
    start, end = day_in(first, tz), day_in(last, tz)
    if isinstance(last, dt.datetime) and last.time() == dt.time(0) and end > start:
        end -= dt.timedelta(days=1)
    if end < start:
        errors.append(RowError(line, "ToDate", f"{end} is before the FromDate, {start}"))
        return None
    return start, end
