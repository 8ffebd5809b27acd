"""What the Projects screen and ``project show`` say of a project: health, readiness, progress, budget, checklist."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.parsing import read_date, read_number
from supportpm_tui.core.rules.priority import impact_effort_quadrant, urgency_importance_quadrant
from supportpm_tui.core.rules.readiness import scope_gaps
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, UNDECIDED_CHANGE_STATUSES, ChangeStatus
from supportpm_tui.services import base
from supportpm_tui.services.checklists import ChecklistRecord, list_items
from supportpm_tui.services.current_plan import Plan, current_plan
from supportpm_tui.services.projects import ProjectRecord
from supportpm_tui.services.timelog import SpentRecord, spent_against_estimate
from supportpm_tui.services.typed import JsonRecord
from supportpm_tui.storage.database import Store, run_sql
from supportpm_tui.storage.models import ChangeRequest, Issue, Risk

SORTS = ("key", "rag", "target", "quadrant")
RAG_ORDER = {"red": 0, "amber": 1, "green": 2}
QUADRANT_ORDER = {"quick_win": 0, "major_project": 1, "fill_in": 2, "thankless": 3}


@dataclass(frozen=True)
class Budget(JsonRecord):
    """A project's money: the budget, what is spent (entered, plus logged hours × the hourly rate), change costs."""

    budget: float | None
    spent_entered: float
    logged_hours: float
    hourly_rate: float | None
    time_cost: float
    spent: float  # entered plus the cost of logged time
    used_pct: int | None  # spent as a whole % of the budget
    approved_changes: float  # cost impact of approved change requests
    pending_changes: float  # cost impact of proposed and deferred ones
    remaining: float | None  # budget − spent − approved changes


@dataclass(frozen=True)
class Progress(JsonRecord):
    """How far a project is: milestones done of all, open cards, remaining hours."""

    milestones_done: int
    milestones: int
    open_tasks: int
    remaining_hours: float


@dataclass(frozen=True)
class ProjectSummary(JsonRecord):
    """One row of the Projects screen: a project with its health, progress, budget and readiness."""

    project: ProjectRecord
    rag: str
    rag_reasons: list[str]
    rag_overridden: bool
    progress: Progress
    budget: Budget
    scope_gaps: list[str]

    @property
    def ready(self) -> bool:
        """Return whether the scope statement says all it must before work starts."""
        return not self.scope_gaps

    def to_json(self) -> dict[str, Any]:
        """Return the project's fields with the summary's beside them."""
        return {
            **self.project.to_json(),
            "rag": self.rag,
            "rag_reasons": self.rag_reasons,
            "rag_overridden": self.rag_overridden,
            "progress": self.progress.to_json(),
            "budget_summary": self.budget.to_json(),
            "ready": self.ready,
            "scope_gaps": self.scope_gaps,
        }


@dataclass(frozen=True)
class MilestoneLine(JsonRecord):
    """A milestone of the project page, with its status and forecast (ISO dates)."""

    id: int
    name: str
    due: str
    forecast: str | None
    status: str
    slip_days: int
    gates_open: int


@dataclass(frozen=True)
class ProjectPage(JsonRecord):
    """The selected project's page: its summary, milestones, open registers, checklist and workstreams."""

    summary: ProjectSummary
    milestones: list[MilestoneLine] = field(default_factory=list)
    open_risks: int = 0
    open_issues: int = 0
    undecided_changes: int = 0
    checklist: list[ChecklistRecord] = field(default_factory=list)
    spent: list[SpentRecord] = field(default_factory=list)  # logged against estimate: the project, then milestones

    def to_json(self) -> dict[str, Any]:
        """Return the page as the command line's JSON."""
        return {
            **self.summary.to_json(),
            "milestones": [m.to_json() for m in self.milestones],
            "open_risks": self.open_risks,
            "open_issues": self.open_issues,
            "undecided_changes": self.undecided_changes,
            "checklist": [c.to_json() for c in self.checklist],
            "spent_against_estimate": [s.to_json() for s in self.spent],
        }


def _logged_hours(session: Session) -> dict[int, float]:
    rows = run_sql(
        session,
        "SELECT k.project_id, SUM(t.hours) FROM time_entry t JOIN task k ON k.id = t.task_id GROUP BY k.project_id",
    ).all()
    return {pid: float(hours or 0) for pid, hours in rows}


def _change_costs(session: Session) -> dict[int, tuple[float, float]]:
    approved: dict[int, float] = defaultdict(float)
    pending: dict[int, float] = defaultdict(float)
    for pid, cost, status in run_sql(session, "SELECT project_id, cost_impact, status FROM change_request").all():
        if not cost:
            continue
        if status == ChangeStatus.approved.value:
            approved[pid] += cost
        elif status in UNDECIDED_CHANGE_STATUSES:
            pending[pid] += cost
    return {pid: (approved.get(pid, 0.0), pending.get(pid, 0.0)) for pid in set(approved) | set(pending)}


PROJECT_COLUMNS = (
    "id", "key", "name", "status", "sponsor", "start", "target", "budget", "spent", "goal", "in_scope",
    "out_of_scope", "assumptions", "stakeholders", "success_criteria", "impact", "effort", "urgency",
    "importance", "sla_aligned", "rag_override", "rag_note", "owner_id", "approval_path", "hourly_rate",
)  # fmt: skip


def _amount(value: object) -> float | None:
    """Return a stored amount as a number (``None`` stays; a value another program wrote badly reads as 0)."""
    return None if value is None else read_number(value)


def _score(value: object) -> int:
    """Return a stored 1–5 score (a bad one reads as the middle, 3)."""
    score = read_number(value, 3)
    return int(score) if 1 <= score <= 5 else 3


def _project_rows(session: Session) -> list[ProjectRecord]:
    """Return every project's record, by key, read with plain SQL (the Projects screen reads them all often)."""
    names = dict(run_sql(session, "SELECT id, name FROM person").all())
    streams: dict[int, list[str]] = defaultdict(list)
    for pid, name in run_sql(session, "SELECT project_id, name FROM workstream ORDER BY position, name").all():
        streams[pid].append(name)
    quoted = ", ".join(f'"{c}"' for c in PROJECT_COLUMNS)
    records = []
    for row in run_sql(session, f"SELECT {quoted} FROM project ORDER BY key").all():
        v = dict(zip(PROJECT_COLUMNS, row, strict=True))
        start, target = read_date(v["start"]), read_date(v["target"])
        records.append(
            ProjectRecord(
                v["id"],
                v["key"],
                v["name"],
                v["status"],
                v["sponsor"],
                start.isoformat() if start else None,
                target.isoformat() if target else None,
                _amount(v["budget"]),
                _amount(v["spent"]),
                v["goal"],
                v["in_scope"],
                v["out_of_scope"],
                v["assumptions"],
                v["stakeholders"],
                v["success_criteria"],
                _score(v["impact"]),
                _score(v["effort"]),
                _score(v["urgency"]),
                _score(v["importance"]),
                bool(v["sla_aligned"]),
                v["rag_override"],
                v["rag_note"],
                names.get(v["owner_id"]) if v["owner_id"] else None,
                streams.get(v["id"], []),
                impact_effort_quadrant(_score(v["impact"]), _score(v["effort"])),
                urgency_importance_quadrant(_score(v["urgency"]), _score(v["importance"])),
                v["approval_path"] or "",
                _amount(v["hourly_rate"]),
            )
        )
    return records


def budget_of(project: ProjectRecord, logged: float, changes: tuple[float, float]) -> Budget:
    """Return a project's budget summary from its record, its logged hours and its (approved, pending) change costs."""
    rate = project.hourly_rate
    time_cost = round(logged * rate, 2) if rate else 0.0
    spent = round((project.spent or 0.0) + time_cost, 2)
    used = None
    if project.budget:
        used = math.floor(spent / project.budget * 100 + 0.5)
    approved, pending = changes
    remaining = None if project.budget is None else round(project.budget - spent - approved, 2)
    return Budget(
        project.budget,
        project.spent or 0.0,
        round(logged, 2),
        rate,
        time_cost,
        spent,
        used,
        round(approved, 2),
        round(pending, 2),
        remaining,
    )


def project_summaries(store: Store, sort: str = "key", plan: Plan | None = None) -> list[ProjectSummary]:
    """Return every project with its health, progress, budget and readiness, in ``sort`` order."""
    if sort not in SORTS:
        raise FieldError("sort", f"sort by {', '.join(SORTS)} (got {sort!r})")
    plan = plan or current_plan(store)
    with store.read() as session:
        records = _project_rows(session)
        logged = _logged_hours(session)
        costs = _change_costs(session)
        open_cards: dict[int, int] = {}
        remaining: dict[int, float] = {}
        for pid, count, hours in run_sql(
            session,
            "SELECT project_id, COUNT(*), SUM(remaining) FROM task WHERE \"column\" != 'done' GROUP BY project_id",
        ).all():
            open_cards[pid], remaining[pid] = int(count), float(hours or 0)
    done: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for m in plan.milestones.values():
        total[m.project_id] += 1
        if m.done is not None:
            done[m.project_id] += 1
    rows = []
    for record in records:
        health = plan.health(record.id) if record.id in plan.projects else None
        rows.append(
            ProjectSummary(
                record,
                health.rag if health else "green",
                list(health.reasons) if health else [],
                health.overridden if health else False,
                Progress(
                    done[record.id],
                    total[record.id],
                    open_cards.get(record.id, 0),
                    round(remaining.get(record.id, 0.0), 2),
                ),
                budget_of(record, logged.get(record.id, 0.0), costs.get(record.id, (0.0, 0.0))),
                scope_gaps(vars(record)),
            )
        )
    if sort == "rag":
        rows.sort(key=lambda r: (RAG_ORDER.get(r.rag, 3), r.project.key))
    elif sort == "target":
        rows.sort(key=lambda r: (r.project.target is None, r.project.target or "", r.project.key))
    elif sort == "quadrant":
        rows.sort(key=lambda r: (QUADRANT_ORDER.get(r.project.impact_effort, 4), -r.project.urgency, r.project.key))
    return rows


def project_page(store: Store, key: str, summary: ProjectSummary | None = None) -> ProjectPage:
    """Return one project's page; raise NotFound naming the key when there is none.

    ``summary`` is the project's row of :func:`project_summaries` when the caller has it already.
    """
    plan = current_plan(store)
    with store.read() as session:
        project = base.find_project(session, key)
        pid = project.id or 0
        risks = session.exec(
            select(func.count())
            .select_from(Risk)
            .where(Risk.project_id == pid, col(Risk.status).in_(ACTIVE_RISK_STATUSES))
        ).one()
        issues = session.exec(
            select(func.count()).select_from(Issue).where(Issue.project_id == pid, col(Issue.status) != "resolved")
        ).one()
        changes = session.exec(
            select(func.count())
            .select_from(ChangeRequest)
            .where(ChangeRequest.project_id == pid, col(ChangeRequest.status).in_(UNDECIDED_CHANGE_STATUSES))
        ).one()
        key = project.key
    if summary is None or summary.project.key != key:
        summary = next(s for s in project_summaries(store, plan=plan) if s.project.key == key)
    checklist = list_items(store, key)
    gates = Counter(c.milestone for c in checklist if c.milestone and not c.done)
    lines = []
    for m in sorted(plan.milestones.values(), key=lambda m: (m.due, m.id)):
        if m.project_id != pid:
            continue
        f = plan.forecasts[m.id]
        shown = f.shown_forecast
        lines.append(
            MilestoneLine(
                m.id,
                m.name,
                m.due.isoformat(),
                shown.isoformat() if shown else None,
                f.status,
                f.slip_days,
                gates.get(m.name, 0),
            )
        )
    spent = [row for row in spent_against_estimate(store, key) if row.what != "task"]
    return ProjectPage(summary, lines, int(risks), int(issues), int(changes), checklist, spent)
