"""A project's metrics: what SupportPM counts itself (tasks and milestones done, on time), the outcome metrics
a lead names with a baseline, a target and dated readings, and the team's ticket volume around the go-live."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.parsing import NUMBER_MAX, check_date, check_range, read_number
from supportpm_tui.core.rules.calendar import monday_of, short_date
from supportpm_tui.core.text import clean_line, name_key
from supportpm_tui.core.unset import Unset
from supportpm_tui.core.vocabulary import Column, MetricDirection
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Milestone, Project, Settings, Task, TicketLoad
from supportpm_tui.storage.models.reports import Metric, MetricReading

WEEKS_AROUND = 4  # the ticket volume compares the four weeks before the go-live week with the four after
MAX_UNIT = 40
WEEK = dt.timedelta(weeks=1)


class MetricEdit(TypedDict, total=False):
    """What an edit of a metric may change; ``None`` clears the baseline or the target."""

    name: str | Unset
    unit: str | Unset
    baseline: float | Unset | None
    target: float | Unset | None
    direction: str | Unset


@dataclass(frozen=True)
class MetricRecord(JsonRecord):
    """An outcome metric with its project's key, how many readings it has and the latest one."""

    id: int
    project: str | None
    name: str
    unit: str
    baseline: float | None
    target: float | None
    direction: str
    readings: int
    latest: float | None
    latest_day: str | None
    version: int


@dataclass(frozen=True)
class ReadingRecord(JsonRecord):
    """A metric's reading on a day (ISO form)."""

    id: int
    metric: int
    name: str
    day: str
    value: float
    note: str
    version: int


@dataclass(frozen=True)
class OutputMetrics(JsonRecord):
    """What SupportPM counts itself: cards done, milestones done, and milestones done by their due date."""

    tasks_done: int
    tasks_total: int
    milestones_done: int
    milestones_total: int
    on_time: int
    on_time_pct: int | None  # of the milestones done, as a whole percentage; None when none is done


@dataclass(frozen=True)
class OutcomeLine(JsonRecord):
    """An outcome metric as before → after → target, its verdict and the line that says it."""

    id: int
    name: str
    unit: str
    direction: str
    baseline: float | None
    latest: float | None
    latest_day: str | None
    target: float | None
    verdict: str
    line: str
    readings: list[ReadingRecord]


@dataclass(frozen=True)
class TicketVolume(JsonRecord):
    """The team's tickets per week in the four weeks before the go-live week and the four after.

    ``state`` is ``not_set`` (no go-live milestone), ``to_come`` (not done, due date not past) or ``measured``;
    ``weeks_after`` counts the weeks after already over (at most four); the averages count only weeks with
    ticket load logged (``logged_before`` / ``logged_after`` of them).
    """

    state: str
    go_live: str | None
    go_live_day: str | None
    before: float | None
    after: float | None
    logged_before: int
    weeks_after: int
    logged_after: int
    line: str


@dataclass(frozen=True)
class ProjectMetrics(JsonRecord):
    """A project's metrics as of ``today``."""

    project: str
    name: str
    today: str
    output: OutputMetrics
    outcomes: list[OutcomeLine]
    tickets: TicketVolume


# --- wording -----------------------------------------------------------------------


def number(value: float) -> str:
    """Return a number as people write it: 120, 85.5, 0.25 (at most two decimals)."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0")


def amount(value: float, unit: str) -> str:
    """Return ``value`` with its unit, if any."""
    return f"{number(value)} {unit}" if unit else number(value)


def reached(latest: float, target: float, direction: str) -> bool:
    """Return whether ``latest`` meets ``target`` in the metric's direction (the target itself counts)."""
    return latest >= target if direction == MetricDirection.higher_better.value else latest <= target


def better(a: float, b: float, direction: str) -> bool:
    """Return whether ``a`` is strictly better than ``b`` in the metric's direction."""
    return a > b if direction == MetricDirection.higher_better.value else a < b


def verdict(baseline: float | None, latest: float | None, target: float | None, direction: str, unit: str = "") -> str:
    """Return how an outcome metric stands, in words.

    ``met`` when the latest reading reaches the target; else ``worse than the baseline`` when it is worse
    than where it started; else ``not met yet: N to go``. Without a target it is compared with the baseline.
    """
    if latest is None:
        return "no reading yet"
    if target is not None and reached(latest, target, direction):
        return "met"
    if baseline is not None and better(baseline, latest, direction):
        return "worse than the baseline"
    if target is not None:
        return f"not met yet: {amount(abs(target - latest), unit)} to go"
    if baseline is None:
        return "no target set"
    if better(latest, baseline, direction):
        return "better than the baseline, no target set"
    return "the same as the baseline, no target set"


def outcome_line(
    name: str, unit: str, baseline: float | None, latest: float | None, target: float | None, direction: str
) -> str:
    """Return "Tickets per week 120 → 85, target 90: met": before → after → target and the verdict."""
    before = amount(baseline, unit) if baseline is not None else "no baseline"
    goal = f"target {amount(target, unit)}" if target is not None else "no target"
    if latest is None:
        return f"{name} {before} → no reading yet, {goal}"
    words = verdict(baseline, latest, target, direction, unit)
    if target is None:
        return f"{name} {before} → {amount(latest, unit)}: {words}"
    return f"{name} {before} → {amount(latest, unit)}, {goal}: {words}"


# --- metrics -------------------------------------------------------------------------


def _direction(value: str) -> str:
    text = clean_line(value).lower()
    aliases = {"higher": "higher", "up": "higher", "lower": "lower", "down": "lower"}
    if text not in aliases:
        raise FieldError("direction", f"{value!r} is not a direction: higher or lower (is better)")
    return aliases[text]


def _optional_number(value: float | None, field: str) -> float | None:
    return None if value is None else float(check_range(value, field))


def _columns(session: Session, values: dict[str, Any], project_id: int, own_id: int | None) -> dict[str, Any]:
    """Return the columns ``values`` set, checked in the order of the form; raise FieldError naming the field."""
    out: dict[str, Any] = {}
    if "name" in values:
        name = base.required_text(values["name"], "name")
        key = name_key(name)
        for other in session.exec(select(Metric).where(Metric.project_id == project_id)).all():
            if other.id != own_id and name_key(other.name) == key:
                project = session.get(Project, project_id)
                where = project.key if project else "this project"
                raise FieldError("name", f"{where} already has a metric named {other.name!r}")
        out["name"] = name
    if "unit" in values:
        out["unit"] = base.required_text(values["unit"], "unit", MAX_UNIT) if values["unit"] else ""
    for field in ("baseline", "target"):
        if field in values:
            out[field] = _optional_number(values[field], field)
    if "direction" in values:
        out["direction"] = _direction(values["direction"])
    return out


def add_metric(
    store: Store,
    project: str,
    name: str,
    *,
    unit: str = "",
    baseline: float | None = None,
    target: float | None = None,
    direction: str = MetricDirection.lower_better.value,
) -> Metric:
    """Add an outcome metric at the end of a project's list; return it."""
    values = given_fields(name=name, unit=unit, baseline=baseline, target=target, direction=direction)

    def columns(session: Session, project_id: int) -> dict[str, Any]:
        taken = session.exec(select(Metric.position).where(Metric.project_id == project_id)).all()
        return {**_columns(session, values, project_id, None), "position": max(taken, default=-1) + 1}

    return base.add_row(store, Metric, project, columns)


def edit_metric(store: Store, metric_id: int, if_version: int | None = None, **changes: Unpack[MetricEdit]) -> Metric:
    """Change the given fields of a metric; return it."""
    values = given_fields(**changes)
    return base.edit_row(
        store,
        Metric,
        metric_id,
        "metric",
        lambda session, metric: _columns(session, values, metric.project_id, metric.id),
        if_version,
    )


def delete_metric(store: Store, metric_id: int) -> Metric:
    """Delete a metric and its readings (each logged, so undo brings them back); return it."""
    with store.write() as session:
        metric: Metric = base.get_or_raise(session, Metric, metric_id, "metric")
        for reading in session.exec(select(MetricReading).where(MetricReading.metric_id == metric_id)).all():
            base.delete(store, session, reading)
        base.delete(store, session, metric)
        return metric


def add_reading(
    store: Store, metric_id: int, value: float, *, day: dt.date | None = None, note: str = ""
) -> MetricReading:
    """Record a metric's value on ``day`` (default today), replacing that day's reading if there is one."""
    when = day or clock.today()
    check_date(when, "day")
    if when > clock.today():
        raise FieldError("day", "a reading cannot be dated in the future")
    checked = float(check_range(value, "value"))
    text = base.optional_text(note, "note", base.MAX_NAME)
    with store.write() as session:
        base.get_or_raise(session, Metric, metric_id, "metric")
        existing = session.exec(
            select(MetricReading).where(MetricReading.metric_id == metric_id, MetricReading.day == when)
        ).first()
        if existing is not None:
            base.update(store, session, existing, {"value": checked, "note": text})
            return existing
        created: MetricReading = base.create(
            store, session, MetricReading(metric_id=metric_id, day=when, value=checked, note=text)
        )
        return created


def delete_reading(store: Store, reading_id: int) -> MetricReading:
    """Delete one reading; return it."""
    return base.delete_row(store, MetricReading, reading_id, "reading")


def _readings(session: Session, metric: Metric) -> list[ReadingRecord]:
    rows = session.exec(
        select(MetricReading).where(MetricReading.metric_id == metric.id).order_by(col(MetricReading.day))
    ).all()
    mid = metric.id or 0
    return [  # a value another program wrote out of bounds is left out (``supportpm check`` names it)
        ReadingRecord(r.id or 0, mid, metric.name, r.day.isoformat(), value, r.note, r.version)
        for r in rows
        if (value := _stored(r.value)) is not None
    ]


def _metric_record(session: Session, metric: Metric, keys: dict[int, str]) -> MetricRecord:
    readings = _readings(session, metric)
    last = readings[-1] if readings else None
    return MetricRecord(
        metric.id or 0,
        keys.get(metric.project_id),
        metric.name,
        metric.unit,
        _stored(metric.baseline),
        _stored(metric.target),
        metric.direction,
        len(readings),
        last.value if last else None,
        last.day if last else None,
        metric.version,
    )


def _stored(value: object) -> float | None:
    """Return a stored optional number, ``None`` when it is missing or not a finite number."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value) if abs(value) <= NUMBER_MAX else None


def list_metrics(store: Store, project: str | None = None) -> list[MetricRecord]:
    """Return the outcome metrics by project, in their order."""
    with store.read() as session:
        keys: dict[int, str] = dict(session.exec(select(Project.id, Project.key)).all())  # type: ignore[arg-type]
        query = select(Metric).order_by(col(Metric.project_id), col(Metric.position), col(Metric.id))
        if project:
            query = query.where(Metric.project_id == base.find_project(session, project).id)
        return [_metric_record(session, m, keys) for m in session.exec(query).all()]


def get_metric(store: Store, metric_id: int) -> MetricRecord:
    """Return one metric."""
    with store.read() as session:
        metric: Metric = base.get_or_raise(session, Metric, metric_id, "metric")
        keys: dict[int, str] = dict(session.exec(select(Project.id, Project.key)).all())  # type: ignore[arg-type]
        return _metric_record(session, metric, keys)


def list_readings(store: Store, metric_id: int) -> list[ReadingRecord]:
    """Return a metric's readings, oldest day first."""
    with store.read() as session:
        metric: Metric = base.get_or_raise(session, Metric, metric_id, "metric")
        return _readings(session, metric)


# --- go-live -------------------------------------------------------------------------


def set_go_live(store: Store, project: str, milestone: str | None) -> Milestone | None:
    """Make ``milestone`` the project's go-live (the one only), or clear it with ``None``; return it."""
    with store.write() as session:
        found = base.find_project(session, project)
        chosen = base.find_milestone(session, milestone, found.id) if milestone is not None else None
        for other in session.exec(select(Milestone).where(Milestone.project_id == found.id)).all():
            wanted = chosen is not None and other.id == chosen.id
            if bool(other.go_live) != wanted:
                base.update(store, session, other, {"go_live": wanted})
        return chosen


def go_live_of(session: Session, project_id: int) -> Milestone | None:
    """Return the project's go-live milestone, if one is set (the first, should a database hold several)."""
    return session.exec(
        select(Milestone)
        .where(Milestone.project_id == project_id, col(Milestone.go_live).is_(True))
        .order_by(col(Milestone.id))
    ).first()


# --- the report ------------------------------------------------------------------------


def _output(session: Session, project_id: int) -> OutputMetrics:
    columns = session.exec(select(Task.column).where(Task.project_id == project_id)).all()
    milestones = session.exec(select(Milestone).where(Milestone.project_id == project_id)).all()
    done = [m for m in milestones if m.done_date is not None]
    on_time = sum(1 for m in done if m.done_date is not None and m.done_date <= m.due_date)
    pct = math.floor(on_time * 100 / len(done) + 0.5) if done else None
    return OutputMetrics(
        sum(1 for c in columns if c == Column.done.value), len(columns), len(done), len(milestones), on_time, pct
    )


def weekly_tickets(
    session: Session, first: dt.date, last: dt.date, estimated: set[dt.date] | None = None
) -> dict[dt.date, float]:
    """Return the team's tickets in each ISO week from ``first`` to ``last`` (Mondays) that has load logged.

    A row of hours only counts as hours ÷ the average handling time (the settings' minutes per ticket): the
    same conversion the capacity rules make the other way; such weeks are added to ``estimated``.
    """
    settings = session.get(Settings, 1)
    minutes = read_number(settings.ticket_minutes if settings else 30.0, 30.0) or 30.0
    weeks: dict[dt.date, float] = {}
    rows = session.exec(select(TicketLoad).where(TicketLoad.week >= first, TicketLoad.week <= last)).all()
    for row in rows:
        count = read_number(row.tickets) if row.tickets is not None else read_number(row.hours) * 60.0 / minutes
        monday = monday_of(row.week)
        if row.tickets is None and estimated is not None:
            estimated.add(monday)
        weeks[monday] = weeks.get(monday, 0.0) + max(0.0, count)
    return weeks


def _average(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _ticket_volume(session: Session, project_id: int, today: dt.date) -> TicketVolume:
    milestone = go_live_of(session, project_id)
    if milestone is None:
        line = "Ticket volume: no go-live milestone set, so there is no before and after to compare."
        return TicketVolume("not_set", None, None, None, None, 0, 0, 0, line)
    day = milestone.done_date
    if day is None:
        due = _day(milestone.due_date, today)
        when = f"was due {due} and is not done yet" if milestone.due_date < today else f"is still to come (due {due})"
        line = f"Ticket volume: the go-live, {milestone.name}, {when}; before and after are compared once it is done."
        return TicketVolume("to_come", milestone.name, None, None, None, 0, 0, 0, line)
    week = monday_of(day)
    before_weeks = [week - WEEK * n for n in range(WEEKS_AROUND, 0, -1)]
    after_weeks = [week + WEEK * n for n in range(1, WEEKS_AROUND + 1) if week + WEEK * (n + 1) <= today]
    estimated: set[dt.date] = set()
    counts = weekly_tickets(session, before_weeks[0], week + WEEK * WEEKS_AROUND, estimated)
    before_logged = [counts[w] for w in before_weeks if w in counts]
    after_logged = [counts[w] for w in after_weeks if w in counts]
    before, after = _average(before_logged), _average(after_logged)
    line = _volume_line(
        milestone.name, _day(day, today), before, after, len(before_logged), len(after_weeks), len(after_logged)
    )
    if estimated & {*before_weeks, *after_weeks}:
        line += " Weeks with hours logged and no ticket count are estimated at the average handling time."
    return TicketVolume(
        "measured",
        milestone.name,
        day.isoformat(),
        before,
        after,
        len(before_logged),
        len(after_weeks),
        len(after_logged),
        line,
    )


def _day(day: dt.date, today: dt.date) -> str:
    """Return a day as the reports say it: ``27 Nov``, with the year when it is not this year's."""
    return short_date(day, today).lstrip("0")


def _volume_line(
    name: str, day: str, before: float | None, after: float | None, logged_before: int, weeks: int, logged: int
) -> str:
    head = f"Team tickets per week around the go-live ({name}, {day}): "
    if before is None:
        first = f"none logged in the {WEEKS_AROUND} weeks before"
    else:
        some = f" ({logged_before} of {WEEKS_AROUND} weeks logged)" if logged_before < WEEKS_AROUND else ""
        first = f"{number(before)} before{some}"
    if weeks == 0:
        return f"{head}{first}; no full week after it yet."
    so_far = f"{weeks} of {WEEKS_AROUND} weeks after so far" if weeks < WEEKS_AROUND else ""
    if after is None:
        tail = "none logged after" + (f" ({so_far})" if so_far else "")
        return f"{head}{first} → {tail}."
    notes = [n for n in (so_far, f"{logged} of {weeks} weeks logged" if logged < weeks else "") if n]
    change = ""
    if before is not None:
        diff = after - before
        if abs(diff) < 0.05:
            change = ": no change"
        else:
            pct = f", {number(round(abs(diff) * 100 / before))} %" if before > 0 else ""
            change = f": {number(abs(diff))} {'fewer' if diff < 0 else 'more'}{pct}"
    extra = f" ({'; '.join(notes)})" if notes else ""
    return f"{head}{first} → {number(after)} after{extra}{change}."


def project_metrics(store: Store, key: str, today: dt.date | None = None) -> ProjectMetrics:
    """Return a project's output metrics, its outcome metrics and its ticket volume around the go-live."""
    day = today or clock.today()
    with store.read() as session:
        project = base.find_project(session, key)
        pid = project.id or 0
        metrics = session.exec(
            select(Metric).where(Metric.project_id == pid).order_by(col(Metric.position), col(Metric.id))
        ).all()
        outcomes = []
        for metric in metrics:
            readings = _readings(session, metric)
            latest = readings[-1] if readings else None
            baseline, target = _stored(metric.baseline), _stored(metric.target)
            value = latest.value if latest else None
            outcomes.append(
                OutcomeLine(
                    metric.id or 0,
                    metric.name,
                    metric.unit,
                    metric.direction,
                    baseline,
                    value,
                    latest.day if latest else None,
                    target,
                    verdict(baseline, value, target, metric.direction, metric.unit),
                    outcome_line(metric.name, metric.unit, baseline, value, target, metric.direction),
                    readings,
                )
            )
        return ProjectMetrics(
            project.key,
            project.name,
            day.isoformat(),
            _output(session, pid),
            outcomes,
            _ticket_volume(session, pid, day),
        )


def output_lines(output: OutputMetrics) -> list[str]:
    """Return the output metrics as lines of plain words."""
    on_time = (
        f"Milestones done on time: {output.on_time} of {output.milestones_done} ({output.on_time_pct} %)"
        if output.on_time_pct is not None
        else "Milestones done on time: none done yet"
    )
    return [
        f"Tasks done: {output.tasks_done} of {output.tasks_total}",
        f"Milestones done: {output.milestones_done} of {output.milestones_total}",
        on_time,
    ]


def as_of(metrics: ProjectMetrics) -> str:
    """Return the day of ``metrics`` as the reports say it: ``18 Nov 2026``."""
    day = dt.date.fromisoformat(metrics.today)
    return f"{_day(day, day)} {day.year}"


def render_metrics(metrics: ProjectMetrics) -> str:
    """Return a project's metrics as a Markdown section: output metrics, each outcome, the ticket volume."""
    lines = ["## Metrics", "", f"{metrics.name} ({metrics.project}), as of {as_of(metrics)}.", ""]
    lines += [f"- {line}" for line in output_lines(metrics.output)]
    lines += ["", "### Outcomes", ""]
    if metrics.outcomes:
        lines += [f"- {outcome.line}" for outcome in metrics.outcomes]
    else:
        lines.append("No outcome metrics yet.")
    lines += ["", f"- {metrics.tickets.line}", ""]
    return "\n".join(lines)
