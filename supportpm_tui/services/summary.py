"""The leadership summary: one page across projects, exceptions first, with the trends since the last one sent.

Each active project's RAG and one line of why; the trends (RAG and forecast
changes since the last summary recorded, milestones done on time or late in
the month); the top risks; the decisions needed; who is over capacity in the
next four weeks; budget used; and the post-implementation reviews of projects
done that month. Recording a summary keeps what it reported, so the next one
can say what changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.rules.calendar import WorkCalendar, short_date
from supportpm_tui.core.rules.health import money
from supportpm_tui.core.rules.risk import risk_band
from supportpm_tui.core.text import clean_line
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, UNDECIDED_CHANGE_STATUSES
from supportpm_tui.services import base
from supportpm_tui.services.current_plan import current_plan
from supportpm_tui.services.project_page import project_summaries
from supportpm_tui.services.reports import RAG_WORDS, STATUS_WORDS
from supportpm_tui.services.reviews import FIELDS, HEADINGS, answer_lines
from supportpm_tui.services.typed import JsonRecord
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import ChangeRequest, LeadershipSummary, Person, ProjectReview, Risk

PRESSURE_WEEKS = 4
TOP_RISKS = 5
SHOWN_STATUSES = ("active", "proposed", "on_hold")  # a project in the table; done and cancelled ones are not
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
RAG_RANK = {"red": 0, "amber": 1, "green": 2}


@dataclass(frozen=True)
class ProjectLine(JsonRecord):
    """A project's row of the summary: its RAG and why, its next milestone, its budget used."""

    key: str
    name: str
    status: str
    rag: str
    why: str  # the first two reasons, as the table shows them
    reasons: list[str]
    next_milestone: str | None
    next_due: str | None
    next_status: str | None
    budget: float | None
    spent: float
    budget_used_pct: int | None


@dataclass(frozen=True)
class MilestoneDone(JsonRecord):
    """A milestone done in the month, on time or not."""

    project: str
    project_name: str
    name: str
    due: str
    done: str
    on_time: bool
    days_late: int  # working days after the due date


@dataclass(frozen=True)
class TopRisk(JsonRecord):
    """One of the highest-scored active risks."""

    project: str
    title: str
    score: int
    band: str
    owner: str | None
    mitigation: str


@dataclass(frozen=True)
class Pressure(JsonRecord):
    """A person over capacity in one or more of the next four weeks."""

    person: str
    weeks: list[dict[str, Any]]  # {"week": ISO Monday, "utilisation_pct": whole %}


@dataclass(frozen=True)
class Review(JsonRecord):
    """The post-implementation review of a project done in the month."""

    project: str
    name: str
    went_well: str
    went_badly: str
    change_next: str


@dataclass(frozen=True)
class SummaryReport(JsonRecord):
    """The leadership summary of a month, as of a day; ``state`` is what recording it keeps."""

    month: str
    day: str
    since: str | None  # the day of the last summary recorded, whose state the trends start from
    counts: dict[str, int]
    exceptions: list[str]
    projects: list[ProjectLine]
    trends: list[str]
    milestones_done: list[MilestoneDone]
    on_time: int
    late: int
    top_risks: list[TopRisk]
    decisions: list[str]
    pressure: list[Pressure]
    reviews: list[Review]
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def markdown(self) -> str:
        """Return the summary as Markdown, ready to send."""
        return render_summary(self)


def parse_month(text: str | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """Return the first and last day of the month ``YYYY-MM`` (default this month); one line when it is not one."""
    if text is None:
        first = today.replace(day=1)
    else:
        found = _MONTH.match(text.strip())
        month = int(found.group(2)) if found else 0
        if found is None or not 1 <= month <= 12 or not 1970 <= int(found.group(1)) <= 2200:
            raise FieldError("month", f"give a month as YYYY-MM, like {today:%Y-%m} (got {clean_line(text)[:20]!r})")
        first = dt.date(int(found.group(1)), month, 1)
        if first > today:
            raise FieldError("month", f"{first:%Y-%m} has not begun yet (today is {today.isoformat()})")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def last_summary(store: Store) -> LeadershipSummary | None:
    """Return the last leadership summary recorded, if any."""
    with store.read() as session:
        return session.exec(
            select(LeadershipSummary).order_by(col(LeadershipSummary.day).desc(), col(LeadershipSummary.id).desc())
        ).first()


def _earlier_state(raw: str) -> dict[str, Any]:
    """Return a recorded summary's state; what another program wrote badly reads as nothing recorded."""
    try:
        state = json.loads(raw)
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def leadership_summary(store: Store, month: str | None = None, today: dt.date | None = None) -> SummaryReport:
    """Return the leadership summary of ``month`` (``YYYY-MM``, default this month) as of ``today``."""
    today = today or clock.today()
    first, last = parse_month(month, today)
    plan = current_plan(store, today)
    summaries = {s.project.id: s for s in project_summaries(store, "key", plan)}
    earlier = last_summary(store)
    before = _earlier_state(earlier.state) if earlier is not None else {}

    def day(value: dt.date) -> str:
        return short_date(value, today).lstrip("0")

    # Projects: exceptions (red, then amber) first, then the table in RAG then key order.
    lines: list[ProjectLine] = []
    exceptions: list[str] = []
    counts = {"red": 0, "amber": 0, "green": 0}
    open_milestones: dict[int, list[Any]] = {}
    for m in plan.milestones.values():
        if m.done is None:
            open_milestones.setdefault(m.project_id, []).append(m)
    for pid, summary in summaries.items():
        project = summary.project
        if project.status not in SHOWN_STATUSES:
            continue
        nxt = min(open_milestones.get(pid, []), key=lambda m: (m.due, m.name), default=None)
        forecast = plan.forecasts.get(nxt.id) if nxt is not None else None
        why = "; ".join(summary.rag_reasons[:2]) if summary.rag_reasons else "on track"
        lines.append(
            ProjectLine(
                project.key,
                project.name,
                project.status,
                summary.rag,
                why,
                list(summary.rag_reasons),
                nxt.name if nxt is not None else None,
                nxt.due.isoformat() if nxt is not None else None,
                forecast.status if forecast is not None else None,
                summary.budget.budget,
                summary.budget.spent,
                summary.budget.used_pct,
            )
        )
        if project.status == "active":
            counts[summary.rag] = counts.get(summary.rag, 0) + 1
    lines.sort(key=lambda p: (RAG_RANK.get(p.rag, 3), p.key))
    for p in lines:
        if p.rag in ("red", "amber") and p.status == "active":
            reasons = "; ".join(p.reasons) or p.why
            exceptions.append(f"**{clean_line(p.name)} ({p.key}) is {p.rag}:** {clean_line(reasons)}.")
        elif p.budget_used_pct is not None and p.budget_used_pct > 100:
            exceptions.append(f"**{clean_line(p.name)} ({p.key})** has spent {p.budget_used_pct} % of its budget.")

    # Trends since the last summary recorded.
    trends: list[str] = []
    keys = {pid: s.project.key for pid, s in summaries.items()}
    state: dict[str, Any] = {"projects": {}, "milestones": {}}
    for p in lines:
        state["projects"][p.key] = {"rag": p.rag, "name": p.name}
    shown_ids = {pid for pid, s in summaries.items() if s.project.status in SHOWN_STATUSES}
    for m in sorted(plan.milestones.values(), key=lambda m: (keys.get(m.project_id, ""), m.due, m.name)):
        if m.done is not None or m.project_id not in shown_ids:
            continue
        f = plan.forecasts.get(m.id)
        shown = f.shown_forecast if f is not None else None
        state["milestones"][str(m.id)] = {
            "project": keys[m.project_id],
            "name": m.name,
            "forecast": shown.isoformat() if shown else None,
            "status": f.status if f is not None else None,
        }
    if earlier is not None:
        old_projects = before.get("projects") or {}
        for p in lines:
            was = old_projects.get(p.key) if isinstance(old_projects, dict) else None
            old_rag = was.get("rag") if isinstance(was, dict) else None
            old_rag = old_rag if isinstance(old_rag, str) else None
            if was is None:
                trends.append(f"{clean_line(p.name)} is new since then ({RAG_WORDS.get(p.rag, p.rag)}).")
            elif old_rag != p.rag and old_rag in RAG_WORDS:
                better = RAG_RANK[p.rag] > RAG_RANK[old_rag]
                trends.append(
                    f"{clean_line(p.name)}: {RAG_WORDS[old_rag]} \u2192 {RAG_WORDS.get(p.rag, p.rag)}"
                    f" ({'better' if better else 'worse'})."
                )
        by_key = {s.project.key: s.project for s in summaries.values()}
        for key, was in sorted(old_projects.items()) if isinstance(old_projects, dict) else ():
            if key in state["projects"]:
                continue
            gone = by_key.get(key)
            name = gone.name if gone is not None else (was.get("name") if isinstance(was, dict) else None) or key
            what = f"is {gone.status.replace('_', ' ')}" if gone is not None else "was deleted"
            trends.append(f"{clean_line(str(name))} {what}.")
        trends.extend(
            _decisions_since(store, earlier.day, today, {pid: s.project.name for pid, s in summaries.items() if pid})
        )
        names_by_key = {s.project.key: s.project.name for s in summaries.values()}
        old_milestones = before.get("milestones") or {}
        for mid, now in state["milestones"].items():
            was = old_milestones.get(mid) if isinstance(old_milestones, dict) else None
            if not isinstance(was, dict) or was.get("forecast") == now["forecast"]:
                continue
            trends.append(_forecast_trend(now, was.get("forecast"), today, plan.calendar, names_by_key))
        if not trends:
            trends.append("No project changed its RAG and no forecast moved.")

    # Milestones done in the month.
    done: list[MilestoneDone] = []
    for m in plan.milestones.values():
        if m.done is not None and first <= m.done <= last and m.project_id in keys:
            late = plan.calendar.count_working_days(m.due + dt.timedelta(days=1), m.done)
            done.append(
                MilestoneDone(
                    keys[m.project_id],
                    summaries[m.project_id].project.name,
                    m.name,
                    m.due.isoformat(),
                    m.done.isoformat(),
                    m.done <= m.due,
                    late,
                )
            )
    done.sort(key=lambda d: (d.done, d.project, d.name))
    on_time = sum(1 for d in done if d.on_time)

    with store.read() as session:
        names: dict[int, str] = dict(session.exec(select(Person.id, Person.name)).all())  # type: ignore[arg-type]
        # The top risks: active, highest score first.
        ranked = sorted(
            (r for r in plan.risks if r[5] in ACTIVE_RISK_STATUSES and r[1] in shown_ids and risk_band(r[4]) != "low"),
            key=lambda r: (-r[4], keys[r[1]], r[3]),
        )[:TOP_RISKS]
        details = {
            r.id: r
            for r in session.exec(select(Risk).where(col(Risk.id).in_([r[0] for r in ranked]))).all()
            if r.id is not None
        }
        top: list[TopRisk] = []
        for rid, pid, _, title, score, _status in ranked:
            risk = details.get(rid)
            owner = names.get(risk.owner_id) if risk is not None and risk.owner_id else None
            top.append(TopRisk(keys[pid], title, score, risk_band(score), owner, risk.mitigation if risk else ""))
        decisions: list[str] = []
        project_names = {pid: s.project.name for pid, s in summaries.items()}
        for c in session.exec(
            select(ChangeRequest)
            .where(col(ChangeRequest.status).in_(sorted(UNDECIDED_CHANGE_STATUSES)))
            .order_by(col(ChangeRequest.project_id), col(ChangeRequest.id))
        ).all():
            if summaries.get(c.project_id) is None or summaries[c.project_id].project.status not in SHOWN_STATUSES:
                continue
            impact = f"{c.schedule_days:+d} working days" if c.schedule_days else "no schedule change"
            cost = f", cost {money(c.cost_impact)}" if c.cost_impact else ""
            decisions.append(
                f"{clean_line(project_names[c.project_id])}: approve or reject the change "
                f"\u201c{clean_line(c.title)}\u201d ({impact}{cost})."
            )
        for r in session.exec(
            select(Risk)
            .where(col(Risk.owner_id).is_(None), col(Risk.status).in_(sorted(ACTIVE_RISK_STATUSES)))
            .order_by(col(Risk.project_id), col(Risk.id))
        ).all():
            if r.project_id in project_names and summaries[r.project_id].project.status in SHOWN_STATUSES:
                decisions.append(
                    f"{clean_line(project_names[r.project_id])}: name an owner for the risk "
                    f"\u201c{clean_line(r.title)}\u201d."
                )
        reviews: list[Review] = []
        for review in session.exec(select(ProjectReview).order_by(col(ProjectReview.project_id))).all():
            done_one = summaries.get(review.project_id)
            if done_one is None or done_one.project.status != "done":
                continue
            finished = max(
                (m.done for m in plan.milestones.values() if m.project_id == review.project_id and m.done),
                default=review.day,
            )
            if first <= finished <= last:
                reviews.append(
                    Review(
                        done_one.project.key,
                        done_one.project.name,
                        review.went_well,
                        review.went_badly,
                        review.change_next,
                    )
                )

    # Capacity pressure: who is overloaded in the next four weeks, as the Capacity screen shows it.
    pressure: list[Pressure] = []
    weeks = [plan.this_week + dt.timedelta(weeks=w) for w in range(PRESSURE_WEEKS)]
    for pid in sorted(plan.names, key=lambda p: plan.names[p].lower()):
        if not plan.active.get(pid):
            continue
        over = [
            {"week": week.isoformat(), "utilisation_pct": row["utilisation_pct"]}
            for week in weeks
            if (row := plan.capacity_row(pid, week))["state"] == "overloaded"
        ]
        if over:
            pressure.append(Pressure(plan.names[pid], over))

    return SummaryReport(
        first.strftime("%Y-%m"),
        today.isoformat(),
        earlier.day.isoformat() if earlier is not None else None,
        counts,
        exceptions,
        lines,
        trends,
        done,
        on_time,
        len(done) - on_time,
        top,
        decisions,
        pressure,
        reviews,
        state,
    )


def _decisions_since(store: Store, since: dt.date, today: dt.date, names: dict[int, str]) -> list[str]:
    """Return one line per change request approved or rejected after the day ``since``."""
    with store.read() as session:
        changes = session.exec(
            select(ChangeRequest)
            .where(col(ChangeRequest.decided) > since, col(ChangeRequest.status).in_(["approved", "rejected"]))
            .order_by(col(ChangeRequest.decided), col(ChangeRequest.id))
        ).all()
        return [
            f"Decision: the change \u201c{clean_line(c.title)}\u201d ({clean_line(names.get(c.project_id, ''))}) "
            f"{c.status} on {short_date(c.decided, today).lstrip('0')}."
            for c in changes
            if c.decided is not None
        ]


def _forecast_trend(
    now: dict[str, Any], was: object, today: dt.date, calendar: WorkCalendar, projects: dict[str, str]
) -> str:
    """Return one line on how a milestone's forecast moved since the last summary (in working days)."""
    name = f"{clean_line(str(now['name']))} ({clean_line(projects.get(now['project'], now['project']))})"
    new = dt.date.fromisoformat(now["forecast"]) if now["forecast"] else None
    try:
        old = dt.date.fromisoformat(str(was)) if was else None
    except ValueError:
        old = None
    if new is None:
        return f"{name}: no forecast any more (was {short_date(old, today).lstrip('0')})." if old else f"{name}."
    shown_new = short_date(new, today).lstrip("0")
    if old is None:
        return f"{name}: now forecast {shown_new}."
    days = calendar.count_working_days(min(old, new) + dt.timedelta(days=1), max(old, new))
    direction = "later" if new > old else "earlier"
    moved = f"{days} working day{'s' if days != 1 else ''} {direction}" if days else f"{direction}, no working day"
    return f"{name}: forecast {short_date(old, today).lstrip('0')} \u2192 {shown_new} ({moved})."


def _cell(text: str) -> str:
    """Return ``text`` fit for one cell of a Markdown table."""
    return clean_line(text).replace("|", "\\|")


def render_summary(report: SummaryReport) -> str:
    """Return the leadership summary as Markdown."""
    today = dt.date.fromisoformat(report.day)
    first = dt.date.fromisoformat(f"{report.month}-01")

    def day(value: str) -> str:
        return short_date(dt.date.fromisoformat(value), today).lstrip("0")

    month = f"{first:%B %Y}"
    active = sum(report.counts.values())
    counted = ", ".join(f"{n} {rag}" for rag, n in report.counts.items() if n) or "none"
    lines = [
        f"# Leadership summary: {month}",
        "",
        f"As of {day(report.day)} {today.year}. {active} active project{'s' if active != 1 else ''}: {counted}.",
        "",
        "## Exceptions",
        "",
    ]
    lines.extend(f"- {e}" for e in report.exceptions) if report.exceptions else lines.append(
        "None: every active project is green."
    )
    lines += ["", "## Projects", ""]
    if report.projects:
        lines += ["| Project | RAG | Why | Next milestone | Budget used |", "|---|---|---|---|---|"]
        for p in report.projects:
            rag = RAG_WORDS.get(p.rag, p.rag) + ("" if p.status == "active" else f" ({p.status.replace('_', ' ')})")
            nxt = (
                f"{_cell(p.next_milestone)}, due {day(p.next_due)} ({STATUS_WORDS.get(p.next_status or '', 'open')})"
                if p.next_milestone and p.next_due
                else "none open"
            )
            used = (
                f"{p.budget_used_pct} % ({money(p.spent)} of {money(p.budget)})"
                if p.budget_used_pct is not None and p.budget is not None
                else "no budget set"
            )
            lines.append(f"| {_cell(p.name)} ({p.key}) | {rag} | {_cell(p.why)} | {nxt} | {used} |")
    else:
        lines.append("No active project.")
    since = f" ({day(report.since)})" if report.since else ""
    lines += ["", f"## Trends since the last summary{since}", ""]
    if report.since is None:
        lines.append("- No summary recorded before this one: the trends start from it once it is recorded.")
    else:
        lines.extend(f"- {t}" for t in report.trends)
    count = len(report.milestones_done)
    if count:
        lines.append(f"- Milestones done in {first:%B}: {count} ({report.on_time} on time, {report.late} late).")
        for d in report.milestones_done:
            late = f"{d.days_late} working day{'s' if d.days_late != 1 else ''} late" if d.days_late else "late"
            when = "on time" if d.on_time else late
            what = f"{clean_line(d.name)} ({clean_line(d.project_name)})"
            lines.append(f"  - {what}: done {day(d.done)}, due {day(d.due)} ({when}).")
    else:
        lines.append(f"- No milestone done in {first:%B}.")
    lines += ["", "## Top risks", ""]
    if report.top_risks:
        for n, r in enumerate(report.top_risks, 1):
            owner = f"owner {r.owner}" if r.owner else "no owner yet"
            mitigation = f" Mitigation: {clean_line(r.mitigation)}." if r.mitigation else ""
            lines.append(
                f"{n}. **{clean_line(r.title)}** ({r.project}): {r.band}, score {r.score}, {owner}.{mitigation}"
            )
    else:
        lines.append("No open risk above low.")
    lines += ["", "## Decisions needed", ""]
    lines.extend(f"- {d}" for d in report.decisions) if report.decisions else lines.append("None.")
    lines += ["", f"## Capacity pressure (next {PRESSURE_WEEKS} weeks)", ""]
    if report.pressure:
        for person in report.pressure:
            weeks = "; ".join(f"{w['utilisation_pct']} % in the week of {day(w['week'])}" for w in person.weeks)
            lines.append(f"- {clean_line(person.person)}: {weeks}.")
    else:
        lines.append(f"Nobody is over capacity in the next {PRESSURE_WEEKS} weeks.")
    if report.reviews:
        lines += ["", f"## Reviews of projects done in {first:%B}", ""]
        for review in report.reviews:
            lines += [f"### {clean_line(review.name)} ({review.project})", ""]
            for field_name in FIELDS:
                lines += [f"**{HEADINGS[field_name]}**", "", *answer_lines(getattr(review, field_name)), ""]
        lines.pop()
    lines.append("")
    return "\n".join(lines)


def record_summary(store: Store, report: SummaryReport, text: str) -> LeadershipSummary:
    """Record that ``report`` was sent today, with what it reported, for the next summary's trends."""
    with store.write() as session:
        row = LeadershipSummary(
            day=dt.date.fromisoformat(report.day),
            month=report.month,
            text=base.optional_text(text, "text", 200_000),
            state=json.dumps(report.state, sort_keys=True),
        )
        created: LeadershipSummary = base.create(store, session, row)
        return created


@dataclass(frozen=True)
class SummaryRecord(JsonRecord):
    """A leadership summary recorded as sent."""

    id: int
    day: str
    month: str


def list_summaries(store: Store) -> list[SummaryRecord]:
    """Return the leadership summaries recorded, newest first."""
    with store.read() as session:
        rows = session.exec(
            select(LeadershipSummary).order_by(col(LeadershipSummary.day).desc(), col(LeadershipSummary.id).desc())
        ).all()
        return [SummaryRecord(r.id or 0, r.day.isoformat(), r.month) for r in rows]
