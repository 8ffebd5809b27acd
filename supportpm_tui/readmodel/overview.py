"""The Overview's content, from the plan and plain SQL.

Light on purpose (the standard library, the rules and the plan only): the
dashboard's first screen is computed with it before the database layer loads,
and the services use the same code for every later Overview.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.parsing import read_date
from supportpm_tui.core.rules.calendar import DAY, short_date
from supportpm_tui.core.rules.capacity import over_wip
from supportpm_tui.core.rules.health import hours_text
from supportpm_tui.core.rules.risk import review_overdue, risk_band, risk_score
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, OPEN_PROJECT_STATUSES, UNDECIDED_CHANGE_STATUSES
from supportpm_tui.readmodel.overview_entries import Entry, OverviewData
from supportpm_tui.readmodel.plan import Plan
from supportpm_tui.readmodel.since_standup import load_since

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
OVER_WIP_MARK = "▲"
TOP_RISKS = 8
CHANGES_SHOWN = 100  # sentences kept for the screens; changes_total counts them all


def previous_working_day(today: dt.date, plan: Plan) -> dt.date:
    """Return the working day before ``today`` (the day of the last standup)."""
    day = today - DAY
    for _ in range(30):
        if plan.calendar.is_working_day(day):
            return day
        day -= DAY
    return day


def overview_weeks(plan: Plan) -> tuple[dt.date, dt.date]:
    """Return the only weeks whose demand the Overview reads: this week and the next."""
    week = plan.this_week
    return week, week + dt.timedelta(weeks=1)


def build_overview(
    conn: sqlite3.Connection, plan: Plan, filt: Filter | None = None, *, changes: bool = True
) -> OverviewData:
    """Return what the lead needs at a glance, filtered; ``conn`` reads the database ``plan`` came from.

    Without ``changes`` the changes since the last standup are left to the
    caller (:func:`changes_since`, from ``data.since``).
    """
    filt = filt or Filter()
    today = plan.today
    data = OverviewData(today, plan.this_week, empty_database=not plan.projects and not plan.names)
    keys = {pid: p.key for pid, p in plan.projects.items()}
    _projects(data, plan, filt)
    _milestones(data, plan, filt, keys)
    _people(data, plan, filt)
    open_risks = _open_risks(conn, plan, filt, keys)
    for risk in open_risks[:TOP_RISKS]:
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
    undecided = sorted(UNDECIDED_CHANGE_STATUSES)
    for cid, pid, title, days, status in conn.execute(
        "SELECT id, project_id, title, schedule_days, status FROM change_request"
        f" WHERE status IN ({', '.join('?' * len(undecided))}) ORDER BY id",
        undecided,
    ):
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
    for risk in open_risks:
        if risk["owner"] is None:
            data.decisions.append(
                Entry("risk", str(risk["id"]), f"{risk['project']} · {risk['title']}", "risk needs an owner", "warning")
            )
    data.since = previous_working_day(today, plan)
    if changes:
        data.changes, data.changes_total = changes_since(conn, data.since, filt)
    return data


def _projects(data: OverviewData, plan: Plan, filt: Filter) -> None:
    for pid, project in sorted(plan.projects.items(), key=lambda kv: kv[1].key):
        if project.status not in OPEN_PROJECT_STATUSES or not filt.wants_project(project.key):
            continue
        if not filt.wants_words(project.name, project.key):
            continue
        health = plan.health(pid)
        why = "; ".join(health.reasons[:3]) if health.reasons else "on track"
        if project.status == "on_hold":
            why = "on hold, no work planned" + (f"; {why}" if health.reasons else "")
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


def _milestones(data: OverviewData, plan: Plan, filt: Filter, keys: dict[int, str]) -> None:
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
                f"{f.status.replace('_', ' ')}{slip} · due {short_date(m.due, plan.today)}"
                f" · {_forecast_text(f.shown_forecast, plan.today)}",
                LEVEL[f.status],
            )
        )


def _forecast_text(forecast: dt.date | None, today: dt.date) -> str:
    """Return ``forecast 04 Dec``, or ``no forecast`` for a milestone whose work nobody is assigned."""
    return "no forecast" if forecast is None else f"forecast {short_date(forecast, today)}"


def _people(data: OverviewData, plan: Plan, filt: Filter) -> None:
    """List who is overloaded or strained this week, who is overloaded next week, then who is over WIP."""
    week, following = overview_weeks(plan)
    this_week: list[tuple[int, float, Entry]] = []
    next_week: list[tuple[float, Entry]] = []
    over_limit: list[Entry] = []
    for pid, name in plan.names.items():
        if not plan.active[pid] or not filt.wants_person(name):
            continue
        now = plan.person_week(pid, week)
        count, limit = plan.in_progress.get(pid, 0), plan.people[pid].wip_limit
        over = over_wip(count, limit)
        if now.state != "ok":
            label = f"{name}  {now.shown.replace(' ', '')}" + (f"  {OVER_WIP_MARK}" if over else "")
            detail = f"{now.state} · {hours_text(now.demand)} h asked of {hours_text(now.available)} h available"
            rank = 0 if now.state == "overloaded" else 1
            this_week.append((rank, -_sortable(now.percent), Entry("person", name, label, detail, LEVEL[now.state])))
        later = plan.person_week(pid, following)
        if later.state == "overloaded":
            label = f"{name}  {later.shown.replace(' ', '')} next week"
            detail = f"overloaded next week · {hours_text(later.demand)} h asked of {hours_text(later.available)} h"
            next_week.append((-_sortable(later.percent), Entry("person", name, label, detail, "warning")))
        if over:
            detail = f"{count} cards in progress, WIP limit {limit}"
            over_limit.append(Entry("person", name, f"{name}  over WIP", detail, "warning"))
    this_week.sort(key=lambda r: (r[0], r[1]))
    next_week.sort(key=lambda r: r[0])
    data.people = [e for *_, e in this_week] + [e for _, e in next_week] + over_limit


def _sortable(percent: int | None) -> float:
    """Return a shown utilisation for sorting: ∞ above every figure."""
    return 1e9 if percent is None else float(percent)


def _open_risks(conn: sqlite3.Connection, plan: Plan, filt: Filter, keys: dict[int, str]) -> list[dict[str, Any]]:
    """Return the open risks the filter shows: highest score first, then earliest review, then id."""
    statuses = sorted(ACTIVE_RISK_STATUSES)
    marks = ", ".join("?" * len(statuses))
    rows = []
    for rid, pid, title, likelihood, impact, owner_id, status, review in conn.execute(
        "SELECT id, project_id, title, likelihood, impact, owner_id, status, review_date FROM risk"
        f" WHERE status IN ({marks})",
        statuses,
    ):
        project = keys.get(pid)
        if not (filt.wants_project(project) and filt.wants_words(title)):
            continue
        score = risk_score(likelihood, impact)
        review_date = read_date(review) if review else None
        rows.append(
            {
                "id": rid,
                "project": project,
                "title": title,
                "score": score,
                "band": risk_band(score),
                "owner": plan.names.get(owner_id) if owner_id else None,
                "review_date": review or "9999",
                "review_overdue": review_overdue(status, review_date, plan.today),
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["review_date"], r["id"]))
    return rows


def changes_since(conn: sqlite3.Connection, since: dt.date, filt: Filter | None = None) -> tuple[list[Entry], int]:
    """Return one plain sentence per item changed since the start of ``since``, grouped, and how many in all."""
    filt = filt or Filter()
    news = load_since(conn, since)
    team_wanted = not filt.project and not filt.keys
    out: list[Entry] = []
    for said in news.sentences:
        if said.project and not filt.wants_project(said.project):
            continue
        if not said.project and not team_wanted:
            continue
        if not filt.wants_person(said.person) or not filt.wants_words(said.text, said.project, said.person):
            continue
        local = said.time.astimezone().strftime("%a %H:%M")
        out.append(Entry(said.kind, str(said.ref), said.text, f"{said.project or 'team'} · {local}"))
    return out[:CHANGES_SHOWN], len(out)
