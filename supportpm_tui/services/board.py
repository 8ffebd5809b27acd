"""What the Board shows, as plain data: computed in a worker, drawn by the UI."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import col

from supportpm_tui.core import clock
from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.rules.capacity import over_wip
from supportpm_tui.core.vocabulary import COLUMN_ORDER
from supportpm_tui.services.base import split_tags
from supportpm_tui.services.blocking import blocked_from, open_blockers
from supportpm_tui.services.current_plan import Plan, current_plan
from supportpm_tui.services.people import get_settings_row
from supportpm_tui.services.timelog import logged_by_task
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Task


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
    waits_for: tuple[int, ...] = ()
    blocked_from: str | None = None
    estimate: float = 0.0
    logged: float = 0.0  # hours of time logged on the card

    def logged_text(self) -> str:
        """Return the hours logged against the estimate, ``3/8 h``; empty when none are logged."""
        if self.logged <= 0:
            return ""
        return f"{self.logged:g}/{self.estimate:g} h" if self.estimate else f"{self.logged:g} h"

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
                    col(Task.estimate),
                ).order_by(col(Task.position), col(Task.id))
            )
            .all()
        )
        waits = open_blockers(session)
        came_from = blocked_from(session, (row[0] or 0 for row in rows if row[2] == "blocked"))
    logged = logged_by_task(store)
    overloaded, over = _this_week_states(plan)
    columns: dict[str, list[CardView]] = {c.value: [] for c in COLUMN_ORDER}
    counts = dict.fromkeys(columns, 0)
    for (
        tid,
        title,
        column,
        position,
        project_id,
        assignee_id,
        due,
        mid,
        priority,
        kind,
        tags,
        reason,
        left,
        est,
    ) in rows:
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
                tuple(waits.get(tid or 0, ())),
                came_from.get(tid or 0),
                est,
                round(logged.get(tid or 0, 0.0), 2),
            )
        )
    limits = {c: json.loads(settings.column_wip).get(c) for c in columns}
    empty = not plan.projects and not plan.names
    people = sorted(plan.names.values(), key=str.lower)
    return BoardData(today, columns, limits, counts, people, sorted(keys.values()), empty)
