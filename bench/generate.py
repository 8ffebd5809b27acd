"""Generate the large benchmark data set: 10,000 tasks, 200 people, 1,000 milestones, 250 projects, 2,000 items."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import insert

from supportpm_tui.core import clock
from supportpm_tui.core.vocabulary import Column, Priority
from supportpm_tui.storage.database import Store, open_store
from supportpm_tui.storage.models import (
    ChecklistItem,
    Commitment,
    Milestone,
    MilestoneLink,
    Person,
    Project,
    Risk,
    Task,
    TicketLoad,
)

SIZES = {
    "people": 200,
    "projects": 50,
    "milestones": 1000,
    "tasks": 10_000,
    "risks": 2000,
    "ticket_weeks": 26,
    "extra_projects": 200,  # projects with a scope and a checklist but no milestones yet
    "checklist_items": 2000,
}


def generate_large(path: Path, today: dt.date | None = None, seed: int = 7) -> Store:
    """Write the large data set to a new file at ``path`` and return the open store."""
    today = today or clock.today()
    rng = random.Random(seed)
    store = open_store(path)
    monday = today - dt.timedelta(days=today.weekday())
    now = clock.now_utc()
    columns = [c.value for c in Column]
    with store.write() as session:
        conn = session.connection()
        conn.execute(
            insert(Person),
            [
                {
                    "id": i,
                    "name": f"Person {i:03d}",
                    "role": "Engineer",
                    "hours": rng.choice([40, 40, 32, 24]),
                    "reserve_pct": rng.choice([None, 30, 40, 50]),
                    "wip_limit": None,
                    "skills": "",
                    "active": True,
                }
                for i in range(1, SIZES["people"] + 1)
            ],
        )
        conn.execute(
            insert(Project),
            [
                {
                    "id": i,
                    "key": f"P{i:03d}",
                    "name": f"Project {i}",
                    "status": "active",
                    "owner_id": i,
                    "start": today - dt.timedelta(days=60),
                    "target": today + dt.timedelta(days=200),
                }
                for i in range(1, SIZES["projects"] + 1)
            ],
        )
        all_projects = SIZES["projects"] + SIZES["extra_projects"]
        conn.execute(
            insert(Project),
            [
                {
                    "id": i,
                    "key": f"P{i:03d}",
                    "name": f"Project {i}",
                    "status": rng.choice(["active", "proposed", "on_hold"]),
                    "owner_id": rng.randint(1, SIZES["people"]),
                    "goal": f"Goal of project {i}",
                    "stakeholders": "Service desk" if i % 2 else "",
                    "budget": float(rng.randint(5, 200) * 1000),
                    "spent": float(rng.randint(0, 220) * 1000),
                    "impact": rng.randint(1, 5),
                    "effort": rng.randint(1, 5),
                    "urgency": rng.randint(1, 5),
                    "importance": rng.randint(1, 5),
                }
                for i in range(SIZES["projects"] + 1, all_projects + 1)
            ],
        )
        per_checklist = SIZES["checklist_items"] // all_projects
        conn.execute(
            insert(ChecklistItem),
            [
                {
                    "project_id": (n // per_checklist) + 1,
                    "title": f"Checklist item {n}",
                    "owner_id": rng.randint(1, SIZES["people"]),
                    "due": today + dt.timedelta(days=rng.randint(-10, 60)),
                    "done_date": today if rng.random() < 0.4 else None,
                    "note": "",
                    "position": n % per_checklist,
                }
                for n in range(SIZES["checklist_items"])
            ],
        )
        per_project = SIZES["milestones"] // SIZES["projects"]
        milestones = []
        links = []
        for mid in range(1, SIZES["milestones"] + 1):
            project = (mid - 1) // per_project + 1
            due = today + dt.timedelta(days=rng.randint(-10, 180))
            milestones.append(
                {
                    "id": mid,
                    "project_id": project,
                    "name": f"Milestone {mid}",
                    "deliverable": "",
                    "owner_id": rng.randint(1, SIZES["people"]),
                    "baseline_date": due,
                    "due_date": due,
                    "buffer_days": rng.choice([0, 0, 2, 5]),
                }
            )
            if (mid - 1) % per_project:
                links.append({"milestone_id": mid, "predecessor_id": mid - 1})
        conn.execute(insert(Milestone), milestones)
        conn.execute(insert(MilestoneLink), links)
        tasks = []
        for tid in range(1, SIZES["tasks"] + 1):
            mid = rng.randint(1, SIZES["milestones"])
            column = rng.choices(columns, weights=[30, 15, 20, 5, 10, 20])[0]
            estimate = float(rng.randint(2, 24))
            tasks.append(
                {
                    "id": tid,
                    "project_id": milestones[mid - 1]["project_id"],
                    "milestone_id": mid,
                    "title": f"Task {tid}",
                    "description": "",
                    "column": column,
                    "position": tid,
                    "assignee_id": rng.randint(1, SIZES["people"]) if rng.random() > 0.05 else None,
                    "estimate": estimate,
                    "remaining": 0.0 if column == "done" else estimate,
                    "due": None if rng.random() < 0.7 else today + dt.timedelta(days=rng.randint(-5, 120)),
                    "priority": rng.choice([p.value for p in Priority]),
                    "kind": "task",
                    "tags": "",
                    "blocked_reason": "waiting" if column == "blocked" else "",
                    "created_at": now,
                    "updated_at": now,
                    "done_at": now if column == "done" else None,
                }
            )
        conn.execute(insert(Task), tasks)
        conn.execute(
            insert(Risk),
            [
                {
                    "project_id": rng.randint(1, SIZES["projects"]),
                    "milestone_id": rng.randint(1, SIZES["milestones"]),
                    "title": f"Risk {i}",
                    "likelihood": rng.randint(1, 5),
                    "impact": rng.randint(1, 5),
                    "status": rng.choice(["open", "open", "mitigating", "closed"]),
                    "review_date": today + dt.timedelta(days=rng.randint(-20, 40)),
                }
                for i in range(SIZES["risks"])
            ],
        )
        conn.execute(
            insert(TicketLoad),
            [
                {
                    "person_id": p,
                    "week": monday + dt.timedelta(weeks=w - 13),
                    "hours": float(rng.randint(2, 20)),
                    "source": "bench",
                }
                for p in range(1, SIZES["people"] + 1)
                for w in range(SIZES["ticket_weeks"])
            ],
        )
        leave = []
        for p in range(1, SIZES["people"] + 1):
            start = today + dt.timedelta(days=rng.randint(0, 60))
            leave.append(
                {
                    "person_id": p,
                    "start": start,
                    "end": start + dt.timedelta(days=rng.randint(0, 9)),
                    "kind": "pto",
                    "note": "",
                }
            )
            if p % 5 == 0:
                leave.append(
                    {
                        "person_id": p,
                        "start": monday,
                        "end": monday + dt.timedelta(days=13),
                        "kind": "on_call",
                        "hours_per_day": 2.0,
                        "note": "",
                    }
                )
        leave.append(
            {
                "person_id": None,
                "start": monday + dt.timedelta(weeks=3),
                "end": monday + dt.timedelta(weeks=3),
                "kind": "holiday",
                "note": "Holiday",
            }
        )
        conn.execute(insert(Commitment), leave)
    return store
