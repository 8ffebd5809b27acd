"""What the dashboard's screens show, as plain data: computed in a worker, drawn by the UI."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from supportpm_tui import clock
from supportpm_tui.db import Store
from supportpm_tui.filtering import Filter
from supportpm_tui.models import (
    COLUMN_ORDER,
    ChangeRequest,
    Event,
    Issue,
    Milestone,
    Person,
    Project,
    Risk,
    Task,
)
from supportpm_tui.overview_data import Entry, OverviewData
from supportpm_tui.rules.calendar import DAY
from supportpm_tui.rules.capacity import over_wip, utilisation
from supportpm_tui.services.base import split_tags
from supportpm_tui.services.governance import list_risks
from supportpm_tui.services.people import get_settings_row
from supportpm_tui.services.planning import Plan, current_plan


@dataclass(frozen=True)
class CardView:
    """One card as the board draws it."""

    id: int
    title: str
    column: str
    position: int
    project: str
    assignee: str | None
    due: dt.date | None
    priority: str
    kind: str
    tags: tuple[str, ...]
    blocked_reason: str
    remaining: float
    milestone: str | None
    assignee_overloaded: bool = False
    assignee_over_wip: bool = False

    def days_to_due(self, today: dt.date) -> int | None:
        """Return calendar days until the due date (negative when overdue)."""
        return None if self.due is None else (self.due - today).days

    def overdue(self, today: dt.date) -> bool:
        """Return whether an open card is past its due date."""
        return self.column != "done" and self.due is not None and self.due < today


@dataclass
class BoardData:
    """The six columns of cards (filtered), with counts and WIP limits."""

    today: dt.date
    columns: dict[str, list[CardView]]
    limits: dict[str, int | None]
    counts: dict[str, int]
    people: list[str]
    projects: list[str]
    empty_database: bool = False

    def over_limit(self, column: str) -> bool:
        """Return whether a column holds more cards than its WIP limit (all cards, unfiltered)."""
        return over_wip(self.counts.get(column, 0), self.limits.get(column))


def _this_week_states(plan: Plan) -> tuple[set[int], set[int]]:
    """Return the ids of people overloaded this week and of people over their WIP limit."""
    week = plan.this_week
    overloaded = {pid for pid in plan.names if plan.active[pid] and plan.week_state(pid, week) == "overloaded"}
    over = {pid for pid, n in plan.in_progress.items() if over_wip(n, plan.people[pid].wip_limit)}
    return overloaded, over


def load_board(store: Store, filt: Filter | None = None, today: dt.date | None = None) -> BoardData:
    """Return the board's cards in column order, filtered, with this week's person markers."""
    filt = filt or Filter()
    today = today or clock.today()
    plan = current_plan(store, today)
    with store.read() as session:
        settings = get_settings_row(session)
        keys = {pid: p.key for pid, p in plan.projects.items()}
        milestone_names = {mid: m.name for mid, m in plan.milestones.items()}
        rows = (
            session.connection()
            .execute(
                select(
                    col(Task.id),
                    col(Task.title),
                    col(Task.column),
                    col(Task.position),
                    col(Task.project_id),
                    col(Task.assignee_id),
                    col(Task.due),
                    col(Task.milestone_id),
                    col(Task.priority),
                    col(Task.kind),
                    col(Task.tags),
                    col(Task.blocked_reason),
                    col(Task.remaining),
                ).order_by(col(Task.position), col(Task.id))
            )
            .all()
        )
    overloaded, over = _this_week_states(plan)
    columns: dict[str, list[CardView]] = {c.value: [] for c in COLUMN_ORDER}
    counts = dict.fromkeys(columns, 0)
    for tid, title, column, position, project_id, assignee_id, due, mid, priority, kind, tags, reason, left in rows:
        counts[column] += 1
        key = keys.get(project_id, "?")
        person = plan.names.get(assignee_id) if assignee_id else None
        tag_list = tuple(split_tags(tags))
        milestone = milestone_names.get(mid) if mid else None
        if filt.active and not (
            filt.wants_project(key)
            and filt.wants_person(person)
            and filt.wants_tags(tag_list)
            and filt.wants_milestone(milestone)
            and filt.wants_words(title, milestone, key)
        ):
            continue
        effective_due = due if due is not None else (plan.milestones[mid].due if mid in plan.milestones else None)
        columns[column].append(
            CardView(
                tid or 0,
                title,
                column,
                position,
                key,
                person,
                effective_due,
                priority,
                kind,
                tag_list,
                reason,
                left,
                milestone,
                assignee_id in overloaded,
                assignee_id in over,
            )
        )
    limits = {c: json.loads(settings.column_wip).get(c) for c in columns}
    empty = not plan.projects and not plan.names
    people = sorted(plan.names.values(), key=str.lower)
    return BoardData(today, columns, limits, counts, people, sorted(keys.values()), empty)


# --- Overview ----------------------------------------------------------------------


LEVEL = {
    "red": "error",
    "amber": "warning",
    "green": "success",
    "late": "error",
    "slipping": "error",
    "at_risk": "warning",
    "overloaded": "error",
    "strained": "warning",
    "critical": "error",
    "high": "warning",
}


def previous_working_day(today: dt.date, plan: Plan) -> dt.date:
    """Return the working day before ``today`` (the day of the last standup)."""
    day = today - DAY
    for _ in range(30):
        if plan.calendar.is_working_day(day):
            return day
        day -= DAY
    return day


def load_overview(store: Store, filt: Filter | None = None, today: dt.date | None = None) -> OverviewData:
    """Return what the lead needs at a glance, filtered."""
    filt = filt or Filter()
    today = today or clock.today()
    plan = current_plan(store, today)
    data = OverviewData(today, plan.this_week, empty_database=not plan.projects and not plan.names)
    keys = {pid: p.key for pid, p in plan.projects.items()}
    for pid, project in sorted(plan.projects.items(), key=lambda kv: kv[1].key):
        if project.status not in ("active", "on_hold") or not filt.wants_project(project.key):
            continue
        if not filt.wants_words(project.name, project.key):
            continue
        health = plan.health(pid)
        why = "; ".join(health.reasons[:3]) if health.reasons else "on track"
        if len(health.reasons) > 3:
            why += f"; and {len(health.reasons) - 3} more"
        data.projects.append(
            Entry(
                "project",
                project.key,
                f"{project.key}  {project.name}",
                f"{health.rag.upper()} · {why}",
                LEVEL[health.rag],
            )
        )
    order = {"late": 0, "slipping": 1, "at_risk": 2}
    flagged = [
        (m, plan.forecasts[m.id])
        for m in plan.milestones.values()
        if plan.forecasts[m.id].status in order
        and filt.wants_project(keys.get(m.project_id))
        and filt.wants_person(plan.names.get(m.owner_id) if m.owner_id else None)
        and filt.wants_words(m.name)
    ]
    flagged.sort(key=lambda mf: (order[mf[1].status], -mf[1].slip_days, mf[0].due))
    for m, f in flagged:
        slip = f", {f.slip_days} working days" if f.slip_days else ""
        data.milestones.append(
            Entry(
                "milestone",
                str(m.id),
                f"{keys.get(m.project_id)} · {m.name}",
                f"{f.status.replace('_', ' ')}{slip} · due {m.due:%d %b} · forecast {f.forecast:%d %b}",
                LEVEL[f.status],
            )
        )
    week = plan.this_week
    rows = []
    for pid, name in plan.names.items():
        if not plan.active[pid] or not filt.wants_person(name):
            continue
        state = plan.week_state(pid, week)
        over = over_wip(plan.in_progress.get(pid, 0), plan.people[pid].wip_limit)
        if state == "ok" and not over:
            continue
        avail = plan.availability(pid, week).available
        demand = sum(plan.demand.get((pid, week), {}).values())
        used = utilisation(demand, avail)
        pct = "∞" if used is None else f"{used:.0f}%"
        label = f"{name}  {pct}" + ("  ▲ over WIP" if over else "")
        detail = f"{state} · {demand:.1f} h asked of {avail:.1f} h available"
        rows.append(
            (
                0 if state == "overloaded" else 1 if state == "strained" else 2,
                -(used or 1e9),
                Entry("person", name, label, detail, LEVEL.get(state, "warning")),
            )
        )
    data.people = [entry for *_, entry in sorted(rows, key=lambda r: (r[0], r[1]))]
    # The eight highest risks; with a filter, the eight highest of those it shows.
    open_risks = list_risks(store, include_closed=False, limit=None if filt.active else 8)
    open_risks = [r for r in open_risks if filt.wants_project(r["project"]) and filt.wants_words(r["title"])]
    for risk in open_risks[:8]:
        overdue = " · review overdue" if risk["review_overdue"] else ""
        data.risks.append(
            Entry(
                "risk",
                str(risk["id"]),
                f"{risk['score']:>2} {risk['band']:<8} {risk['title']}",
                f"{risk['project']} · {risk['owner'] or 'no owner'}{overdue}",
                LEVEL.get(risk["band"], ""),
            )
        )
    with store.read() as session:
        pending = session.execute(
            select(
                col(ChangeRequest.id),
                col(ChangeRequest.project_id),
                col(ChangeRequest.title),
                col(ChangeRequest.schedule_days),
                col(ChangeRequest.status),
            ).where(col(ChangeRequest.status).in_(["proposed", "deferred"]))
        ).all()
        for cid, pid, title, days, status in pending:
            if filt.wants_project(keys.get(pid)) and filt.wants_words(title):
                data.decisions.append(
                    Entry(
                        "change",
                        str(cid),
                        f"{keys.get(pid)} · {title}",
                        f"change request ({status}) · {days:+d} working days",
                        "warning",
                    )
                )
        data.since = previous_working_day(today, plan)
        since_utc = dt.datetime.combine(data.since, dt.time()).astimezone(dt.UTC)
        events = (
            session.execute(select(Event).where(col(Event.time) >= since_utc).order_by(col(Event.id).desc()).limit(200))
            .scalars()
            .all()
        )
        data.changes = _describe_events(session, list(events), filt, keys)
    for risk in open_risks:
        if risk["owner"] is None and filt.wants_project(risk["project"]):
            data.decisions.append(
                Entry("risk", str(risk["id"]), f"{risk['project']} · {risk['title']}", "risk needs an owner", "warning")
            )
    return data


def _describe_events(session: Any, events: list[Event], filt: Filter, keys: dict[int, str]) -> list[Entry]:
    """Return one line per changed item (newest first), in words."""
    titles = {
        "task": dict(session.execute(select(col(Task.id), col(Task.title))).all()),
        "milestone": dict(session.execute(select(col(Milestone.id), col(Milestone.name))).all()),
        "person": dict(session.execute(select(col(Person.id), col(Person.name))).all()),
        "project": dict(session.execute(select(col(Project.id), col(Project.key))).all()),
        "change_request": dict(session.execute(select(col(ChangeRequest.id), col(ChangeRequest.title))).all()),
        "risk": dict(session.execute(select(col(Risk.id), col(Risk.title))).all()),
        "issue": dict(session.execute(select(col(Issue.id), col(Issue.title))).all()),
    }
    seen: set[tuple[str, int]] = set()
    out: list[Entry] = []
    for e in events:
        key = (e.entity, e.entity_id)
        if key in seen or e.entity == "settings":
            continue
        seen.add(key)
        changes = json.loads(e.changes)
        name = titles.get(e.entity, {}).get(e.entity_id) or _old_name(changes) or f"#{e.entity_id}"
        what = e.entity.replace("_", " ")
        if e.action == "move" and "column" in changes:
            verb = f"moved to {changes['column'][1].replace('_', ' ')}"
        elif e.action == "update":
            verb = "changed " + ", ".join(k.replace("_", " ") for k in sorted(changes) if not k.endswith("_at"))
        else:
            verb = {"create": "added", "delete": "deleted", "move": "reordered"}.get(e.action, e.action)
        if not filt.wants_words(str(name), what):
            continue
        local = e.time.astimezone().strftime("%a %H:%M")
        out.append(Entry(e.entity, str(e.entity_id), f"{what} {name}", f"{verb} · {e.actor} · {local}"))
        if len(out) >= 30:
            break
    return out


def _old_name(changes: dict[str, Any]) -> str | None:
    for field_name in ("title", "name", "key"):
        if field_name in changes:
            old, new = changes[field_name]
            return str(new or old)
    return None
