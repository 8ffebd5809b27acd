"""Reports a lead sends upward: a project's status update, in Markdown, from what SupportPM already holds.

The text is for stakeholders: plain words, names and dates, never ids or
internal words. "Since the last update" is since the last status update
recorded for the project, else the last seven days.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.rules.calendar import short_date
from supportpm_tui.core.rules.risk import risk_band, risk_score
from supportpm_tui.core.text import clean_line
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, UNDECIDED_CHANGE_STATUSES
from supportpm_tui.services import base
from supportpm_tui.services.current_plan import current_plan
from supportpm_tui.services.typed import JsonRecord
from supportpm_tui.settings.paths import file_path
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import (
    ChangeRequest,
    ChecklistItem,
    Milestone,
    Person,
    Risk,
    StatusUpdate,
    Task,
)

DEFAULT_DAYS = 7
NEXT_WEEKS = 3  # next steps: what is due in the coming three weeks
MAX_STATUS = 300
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}
STATUS_WORDS = {
    "late": "late",
    "slipping": "slipping",
    "at_risk": "at risk",
    "on_track": "on track",
    "done": "done",
    "on_hold": "on hold",
    "cancelled": "cancelled",
    "closed": "closed",
}


@dataclass(frozen=True)
class StatusReport(JsonRecord):
    """A project's status update: each section as lines of plain text, and the Markdown they make."""

    project: str
    name: str
    day: str
    since: str
    since_last_update: bool
    rag: str
    status: str  # the one sentence, which the lead may rewrite before recording it
    completed: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    burndown: str = ""  # the last four weeks as a small text chart, with its figures

    @property
    def markdown(self) -> str:
        """Return the update as Markdown, ready to send."""
        return render_status(self)


def _day(value: dt.date, today: dt.date) -> str:
    return short_date(value, today).lstrip("0")


def _who(names: dict[int | None, str], pid: int | None) -> str:
    return names.get(pid, "nobody yet") if pid else "nobody yet"


def last_update(store: Store, key: str) -> dt.date | None:
    """Return the day of the last status update recorded for a project, if any."""
    with store.read() as session:
        project = base.find_project(session, key)
        latest = session.exec(
            select(StatusUpdate)
            .where(StatusUpdate.project_id == project.id)
            .order_by(col(StatusUpdate.day).desc(), col(StatusUpdate.id).desc())
        ).first()
        return latest.day if latest is not None else None


def status_report(store: Store, key: str, since: dt.date | None = None, today: dt.date | None = None) -> StatusReport:
    """Return the status update of the project with key ``key`` as of ``today``.

    ``since`` defaults to the last update recorded for it, else seven days ago.
    """
    today = today or clock.today()
    recorded = last_update(store, key) if since is None else None
    start = since or recorded or today - dt.timedelta(days=DEFAULT_DAYS)
    if start > today:
        raise FieldError("since", f"{start.isoformat()} is after today ({today.isoformat()})")
    plan = current_plan(store, today)
    with store.read() as session:
        project = base.find_project(session, key)
        pid = project.id or 0
        names = dict(session.exec(select(Person.id, Person.name)).all())
        tasks = session.exec(select(Task).where(Task.project_id == pid)).all()
        milestones = session.exec(select(Milestone).where(Milestone.project_id == pid)).all()
        risks = session.exec(select(Risk).where(Risk.project_id == pid)).all()
        changes = session.exec(select(ChangeRequest).where(ChangeRequest.project_id == pid)).all()
        gates = session.exec(
            select(ChecklistItem).where(
                ChecklistItem.project_id == pid,
                col(ChecklistItem.done_date).is_(None),
                col(ChecklistItem.milestone_id).is_not(None),
            )
        ).all()
        checklist_done = session.exec(
            select(ChecklistItem).where(ChecklistItem.project_id == pid, col(ChecklistItem.done_date) >= start)
        ).all()
        key, name = project.key, project.name
    health = plan.health(pid)
    milestone_names = {m.id: m.name for m in milestones}

    completed: list[str] = []
    for m in sorted(milestones, key=lambda m: (m.done_date or today, m.name)):
        if m.done_date is not None and start <= m.done_date <= today:
            late = "" if m.done_date <= m.due_date else f", {(m.done_date - m.due_date).days} days after its due date"
            completed.append(f"Milestone **{clean_line(m.name)}** done on {_day(m.done_date, today)}{late}.")
    done_on = {t.id: clock.from_stored(t.done_at).astimezone().date() for t in tasks if t.done_at is not None}
    done_tasks = sorted(
        (t for t in tasks if t.column == "done" and start <= done_on.get(t.id, dt.date.min) <= today),
        key=lambda t: (done_on.get(t.id, today), t.title),
    )
    for t in done_tasks:
        completed.append(f"{clean_line(t.title)} ({_who(names, t.assignee_id)}).")
    for item in sorted(checklist_done, key=lambda i: i.position):
        completed.append(f"Rollout checklist: {clean_line(item.title)}.")
    for c in changes:
        if c.decided is not None and start <= c.decided <= today and c.status in ("approved", "rejected"):
            completed.append(f"Decision: change request \u201c{clean_line(c.title)}\u201d {c.status}.")

    next_steps: list[str] = []
    horizon = today + dt.timedelta(weeks=NEXT_WEEKS)
    for m in sorted(milestones, key=lambda m: (m.due_date, m.name)):
        if m.done_date is None and m.due_date <= horizon:
            f = plan.forecasts.get(m.id or 0)
            state = STATUS_WORDS.get(f.status, f.status) if f else "open"
            next_steps.append(
                f"Milestone **{clean_line(m.name)}** due {_day(m.due_date, today)} ({state}), "
                f"owner {_who(names, m.owner_id)}."
            )
    for t in sorted(tasks, key=lambda t: (t.due or dt.date.max, t.title)):
        if t.column == "in_progress":
            due = f", due {_day(t.due, today)}" if t.due else ""
            next_steps.append(f"{clean_line(t.title)}: {_who(names, t.assignee_id)}{due}.")

    attention: list[str] = []
    for t in tasks:
        if t.column == "blocked":
            reason = clean_line(t.blocked_reason) or "no reason given"
            attention.append(f"Blocked: {clean_line(t.title)} ({_who(names, t.assignee_id)}): {reason}.")
    for r in sorted(risks, key=lambda r: -risk_score(r.likelihood, r.impact)):
        band = risk_band(risk_score(r.likelihood, r.impact))
        if r.status in ACTIVE_RISK_STATUSES and band in ("critical", "high"):
            mitigation = f" Mitigation: {clean_line(r.mitigation)}." if r.mitigation else ""
            attention.append(
                f"{band.capitalize()} risk: {clean_line(r.title)} (owner {_who(names, r.owner_id)}).{mitigation}"
            )
    for m in sorted(milestones, key=lambda m: m.due_date):
        f = plan.forecasts.get(m.id or 0)
        if f is not None and f.status in ("late", "slipping") and m.done_date is None:
            attention.append(f"Milestone {clean_line(m.name)} is {f.status}: {'; '.join(f.reasons)}.")

    decisions: list[str] = []
    for c in changes:
        if c.status in UNDECIDED_CHANGE_STATUSES:
            impact = f"{c.schedule_days:+d} working days" if c.schedule_days else "no schedule change"
            cost = f", cost {c.cost_impact:,.0f}" if c.cost_impact else ""
            decisions.append(f"Approve or reject the change \u201c{clean_line(c.title)}\u201d ({impact}{cost}).")
    for r in risks:
        if r.status in ACTIVE_RISK_STATUSES and r.owner_id is None:
            decisions.append(f"Name an owner for the risk \u201c{clean_line(r.title)}\u201d.")
    for item in sorted(gates, key=lambda i: i.position):
        gated = milestone_names.get(item.milestone_id or 0, "a milestone")
        decisions.append(f"Before {clean_line(gated)} can be done: {clean_line(item.title)} (not done yet).")

    chart = _burndown_chart(store, key, today)
    why = "; ".join(health.reasons[:2]) if health.reasons else "everything is on track"
    sentence = f"{name} is {RAG_WORDS.get(health.rag, health.rag).lower()}: {why}."
    return StatusReport(
        key,
        name,
        today.isoformat(),
        start.isoformat(),
        recorded is not None and since is None,
        health.rag,
        sentence[0].upper() + sentence[1:],
        completed,
        next_steps,
        attention,
        decisions,
        chart,
    )


BURNDOWN_WEEKS = 4


def _burndown_chart(store: Store, key: str, today: dt.date) -> str:
    """Return the project's burndown of the last four weeks as a text chart, or "" when it has none."""
    from supportpm_tui.services.burndown import burndown, burndown_text

    try:
        chart = burndown(store, key, last_weeks=BURNDOWN_WEEKS, today=today)
    except UserError:
        return ""
    return burndown_text(chart) if chart.points else ""


def render_status(report: StatusReport, status: str | None = None) -> str:
    """Return the status update as Markdown; ``status`` replaces the one-sentence status."""
    today = dt.date.fromisoformat(report.day)
    since = dt.date.fromisoformat(report.since)
    sentence = clean_line(status) if status else report.status
    what = "the last update" if report.since_last_update else _day(since, today)
    lines = [
        f"# {report.name} ({report.project}): status update, {_day(today, today)} {today.year}",
        "",
        f"**{RAG_WORDS.get(report.rag, report.rag)}.** {sentence}",
        "",
    ]
    sections = (
        (f"Completed since {what}", report.completed, "Nothing completed since then."),
        ("Next steps", report.next_steps, "Nothing due in the next three weeks."),
        ("Risks and blockers", report.attention, "No blockers and no high risks."),
        ("Decisions needed", report.decisions, "No decision needed from you this week."),
    )
    for title, items, empty in sections:
        lines.append(f"## {title}")
        lines.append("")
        lines.extend(f"- {item}" for item in items) if items else lines.append(empty)
        lines.append("")
    if report.burndown:
        lines += [f"## Burndown, last {BURNDOWN_WEEKS} weeks", "", report.burndown.rstrip("\n"), ""]
    return "\n".join(lines)


def record_status(store: Store, key: str, status: str, text: str, day: dt.date | None = None) -> StatusUpdate:
    """Record that a status update was sent for a project on ``day`` (default today); return it."""
    when = day or clock.today()
    if when > clock.today():
        raise FieldError("date", "an update cannot be recorded for a day still to come")
    sentence = base.required_text(status, "status", MAX_STATUS)
    with store.write() as session:
        project = base.find_project(session, key)
        update = StatusUpdate(
            project_id=project.id or 0, day=when, status=sentence, text=base.optional_text(text, "text", 100_000)
        )
        created: StatusUpdate = base.create(store, session, update)
        return created


@dataclass(frozen=True)
class StatusUpdateRecord(JsonRecord):
    """A recorded status update."""

    id: int
    project: str | None
    day: str
    status: str


def list_status_updates(store: Store, key: str | None = None) -> list[StatusUpdateRecord]:
    """Return recorded status updates, newest first."""
    with store.read() as session:
        names = base.display_names(session)
        query = select(StatusUpdate).order_by(col(StatusUpdate.day).desc(), col(StatusUpdate.id).desc())
        if key:
            query = query.where(StatusUpdate.project_id == base.find_project(session, key).id)
        return [
            StatusUpdateRecord(u.id or 0, names.projects.get(u.project_id), u.day.isoformat(), u.status)
            for u in session.exec(query).all()
        ]


def save_text(given: str, text: str, named_by: str = "the file") -> Path:
    """Write ``text`` to the file ``given`` names, whole or not at all; say in one line why not."""
    path = file_path(given, named_by)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name")
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        with contextlib.suppress(OSError):  # never written (the folder is a file, say): nothing to take back
            partial.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    return path
