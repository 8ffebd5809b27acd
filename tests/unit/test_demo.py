"""The demo tells the same story on any day: computed by the rules, never stored."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.core.rules.capacity import over_wip
from supportpm_tui.services import change_requests, demo, issues, people, risks
from supportpm_tui.services.current_plan import build_plan
from supportpm_tui.services.records import capacity_records, milestone_records, task_records
from supportpm_tui.storage.database import open_store

START = dt.date(2026, 11, 16)
DAYS = [START + dt.timedelta(days=i) for i in range(14)] + [
    dt.date(2026, 12, 24),
    dt.date(2026, 12, 31),
    dt.date(2027, 2, 27),
    dt.date(2028, 2, 29),
]


@pytest.mark.parametrize("day", DAYS, ids=[d.strftime("%a-%Y-%m-%d") for d in DAYS])
def test_demo_states_hold_on_any_day(tmp_path: Path, day: dt.date) -> None:
    clock.freeze(day)
    store = open_store(tmp_path / "demo.db")
    demo.generate(store)
    plan = build_plan(store)
    statuses = Counter(m.status for m in milestone_records(store, plan=plan))
    assert statuses["late"] >= 1 and statuses["slipping"] >= 1 and statuses["at_risk"] >= 1
    assert set(statuses) == {"late", "slipping", "at_risk", "on_track"}
    this_week = [r for r in capacity_records(store, weeks=1, plan=plan)]
    states = Counter(r["state"] for r in this_week)
    assert states["overloaded"] >= 1 and states["strained"] >= 1
    assert any(r["queue_source"] == "tickets" for r in this_week)
    assert any(r["over_wip"] for r in this_week)
    limit = people.show_settings(store).column_wip["in_progress"]
    in_progress = [t for t in task_records(store, plan=plan) if t.column == "in_progress"]
    assert over_wip(len(in_progress), limit)
    bands = {r.band for r in risks.list_risks(store)}
    assert bands == {"low", "medium", "high", "critical"}
    assert len(issues.list_issues(store)) == 1
    changes = Counter(c.status for c in change_requests.list_changes(store))
    assert changes == {"approved": 1, "proposed": 1}
    store.close()


def test_demo_refuses_a_database_with_data(tmp_path: Path, today: dt.date) -> None:
    store = open_store(tmp_path / "demo.db")
    demo.generate(store)
    with pytest.raises(UserError, match="already holds data"):
        demo.generate(store)
    store.close()
