"""The plan after a change to some cards only: those cards read again, everything else kept.

After the dashboard's own commit touched nothing but cards (the storage
journal says which), reading the whole plan again is wasted: :func:`reload_cards`
reads just those cards, and :func:`~supportpm_tui.readmodel.plan_rules.compute`
then reuses what the rules said of everyone else. The result equals a plan
loaded afresh (the tests compare them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import replace

from supportpm_tui.readmodel.plan import (
    TASK_COLUMNS,
    in_progress_counts,
    read_projects,
    task_items,
)
from supportpm_tui.readmodel.plan_rules import Plan

PLAN_READS = frozenset(
    {
        "settings",
        "person",
        "commitment",
        "ticket_load",
        "milestone",
        "milestone_link",
        "project",
        "time_entry",
        "task",
        "workstream",
        "risk",
    }
)
"""The tables :func:`~supportpm_tui.readmodel.plan.load_plan` reads: a change to any other leaves the plan as it is."""
CHUNK = 500  # ids per query: SQLite takes a bounded number of parameters


def reload_cards(conn: sqlite3.Connection, previous: Plan, task_ids: Collection[int]) -> Plan:
    """Return ``previous`` with the cards ``task_ids`` read again (rules not applied: see ``compute``).

    Only cards changed: people, milestones and settings are ``previous``'s;
    the projects are read again when a changed card has hours logged on it, as
    their spent follows logged hours to a card's project (and a card may have
    changed project); else they are ``previous``'s too.
    """
    ids = sorted(set(task_ids))
    projects = read_projects(conn) if _any_logged(conn, ids) else previous.projects
    rows = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows += conn.execute(
            f"SELECT {TASK_COLUMNS} FROM task WHERE id IN ({marks}) AND \"column\" != 'done'", chunk
        ).fetchall()
    changed = set(ids)
    open_cards = {tid: card for tid, card in previous._open_cards.items() if tid not in changed}
    open_cards.update((row[0], (row[8], row[3])) for row in rows)
    fresh = task_items(rows, projects, previous.milestones, previous.names, previous.active)
    items = [item for item in previous.items if item.id not in changed] + fresh
    items.sort(key=lambda item: item.id)
    return replace(
        previous,
        projects=projects,
        items=items,
        in_progress=in_progress_counts(open_cards),
        _open_cards=open_cards,
        finishes={},
        forecasts={},
        demand={},
        scheduled={},
        _availability={},
        _cache={},
    )


def _any_logged(conn: sqlite3.Connection, ids: list[int]) -> bool:
    """Return whether time is logged on any of the cards ``ids``."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        if conn.execute(f"SELECT 1 FROM time_entry WHERE task_id IN ({marks}) LIMIT 1", chunk).fetchone():
            return True
    return False
