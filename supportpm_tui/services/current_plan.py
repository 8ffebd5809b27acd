"""The derived truth of the week for an open database: the plan, computed once per change.

The plan itself (loading with plain SQL and applying rules R1–R7, docs/rules.md) lives in
:mod:`supportpm_tui.readmodel.plan`, light enough for the first screen; this module
shares it between screens and services through the store.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING, Any

from supportpm_tui.core import clock
from supportpm_tui.core.rules.calendar import WorkCalendar
from supportpm_tui.readmodel import plan as plan_module
from supportpm_tui.readmodel.plan import MilestoneInfo, Plan, ProjectInfo, TeamSettings, compute
from supportpm_tui.readmodel.plan_changes import PLAN_READS, reload_cards
from supportpm_tui.services.lookups import PlainReader

if TYPE_CHECKING:
    from supportpm_tui.storage.database import Store

__all__ = [
    "MilestoneInfo",
    "Plan",
    "ProjectInfo",
    "TeamSettings",
    "bad_values",
    "build_plan",
    "compute",
    "current_plan",
    "load_calendar",
    "load_plan",
]


def bad_values(store: PlainReader) -> list[str]:
    """Return one line per stored value out of range (a date outside 1970–2200, unreadable text, a number
    out of bounds), naming the item and how to fix it; none for a database SupportPM wrote itself."""
    from supportpm_tui.readmodel.bad_values import find_bad_values

    with store.plain() as conn:
        return [bad.line for bad in find_bad_values(conn)]


def load_calendar(session: Any) -> WorkCalendar:
    """Return the team's working calendar as ``session`` sees the database."""
    from supportpm_tui.storage.database import dbapi

    return plan_module.load_calendar(dbapi(session))


def load_plan(session: Any, today: dt.date) -> Plan:
    """Read everything the rules need as ``session`` sees the database (no derived values yet)."""
    from supportpm_tui.storage.database import dbapi

    return plan_module.load_plan(dbapi(session), today)


def current_plan(store: Store, today: dt.date | None = None) -> Plan:
    """Return the plan for the database as it is now, computed once per change.

    Screens share it: after a change the first screen to ask pays for the
    rules, the others reuse the result.
    """
    day = today or clock.today()
    with store.cache.setdefault("plan-lock", threading.Lock()):
        key = (day, store.change_token())
        cached = store.cache.get("plan")
        if cached is not None and cached[0] == key:
            return cached[1]
        plan = None
        if cached is not None and cached[0][0] == day:
            plan = _after_card_changes(store, cached[0][1], key[1], cached[1])
        if plan is None:
            plan = build_plan(store, day, cached[1] if cached is not None else None)
        store.cache["plan"] = (key, plan)
        return plan


def _after_card_changes(store: Store, before: tuple[int, int], after: tuple[int, int], previous: Plan) -> Plan | None:
    """Return the plan after this dashboard's own changes to cards only, reading just those cards.

    ``None`` when the journal cannot say what changed from ``before`` to
    ``after``, or something besides cards that the plan reads changed.
    """
    from supportpm_tui.storage.database import dbapi
    from supportpm_tui.storage.journal import only_rows_of

    with store.read() as session:
        conn = dbapi(session)
        if session.get_bind().dialect.name != "sqlite":
            return None
        cards = only_rows_of(store.journal.changes_between(before, after, conn), "task", PLAN_READS)
        if cards is None:
            return None
        plan = reload_cards(conn, previous, cards) if cards else previous
    if plan is not previous:
        compute(plan, previous, cards)
    return plan


def build_plan(
    store: PlainReader, today: dt.date | None = None, previous: Plan | None = None, *, this_week_only: bool = False
) -> Plan:
    """Load the database and return the plan for ``today`` (default: the clock's today).

    ``previous`` is an earlier plan of the same database whose unchanged parts
    may be reused. With ``this_week_only`` demand is worked out for this week
    alone (for a reader that asks no other week's; the plan refuses the others).
    """
    with store.plain() as conn:
        plan = plan_module.load_plan(conn, today or clock.today())
    compute(plan, previous, weeks=(plan.this_week,) if this_week_only else None)
    return plan
