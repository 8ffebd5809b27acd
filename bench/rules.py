"""The rules' timings: everything recomputed, the rules alone, and what a card move recomputes."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from supportpm_tui.services.current_plan import compute, load_plan
from supportpm_tui.storage.database import Store


def measure(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    """Return the median and worst wall time of ``runs`` calls, in milliseconds."""
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "worst_ms": round(max(times), 2), "runs": runs}


def recompute_all(store: Store) -> None:
    """Load everything and apply every rule: capacity for 8 weeks, forecasts, health."""
    from supportpm_tui.core.clock import today

    with store.read() as session:
        plan = load_plan(session, today())
    compute(plan)
    plan.capacity(8)
    for project_id in plan.projects:
        plan.health(project_id)


def recompute_after_a_move(store: Store) -> Callable[[], None]:
    """Return a function that moves one card, then times the shared plan's recompute.

    The move itself is not timed; the plan reuses what the move did not touch.
    """
    from supportpm_tui.services import tasks
    from supportpm_tui.services.current_plan import current_plan

    with store.read() as session:
        card = (
            session.connection()
            .exec_driver_sql("SELECT id FROM task WHERE \"column\" = 'ready' AND assignee_id IS NOT NULL LIMIT 1")
            .scalar()
        )
    current_plan(store)

    def run() -> None:
        tasks.move_task(store, card, "in_progress")
        start = time.perf_counter()
        current_plan(store)
        run.timed = time.perf_counter() - start  # type: ignore[attr-defined]
        tasks.move_task(store, card, "ready")  # put it back, untimed
        current_plan(store)

    return run


def measure_timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    """Like :func:`measure`, for a function that records its own ``timed`` part."""
    fn()
    times = []
    for _ in range(runs):
        fn()
        times.append(fn.timed * 1000)  # type: ignore[attr-defined]
    return {"median_ms": round(statistics.median(times), 2), "worst_ms": round(max(times), 2), "runs": runs}


def compute_only(store: Store) -> Callable[[], None]:
    """Return a function that applies the rules to data already loaded."""
    from supportpm_tui.core.clock import today

    with store.read() as session:
        loaded = load_plan(session, today())

    def run() -> None:
        plan = type(loaded)(
            **{
                f: getattr(loaded, f)
                for f in loaded.__dataclass_fields__
                if not f.startswith("_") and f not in ("finishes", "forecasts", "demand")
            }
        )
        compute(plan)
        plan.capacity(8)
        for project_id in plan.projects:
            plan.health(project_id)

    return run


def leadership_summary(store: Store) -> None:
    """Write the leadership summary as ``report summary`` does, the plan built afresh (under 1 s on large)."""
    from supportpm_tui.services.summary import leadership_summary as summary
    from supportpm_tui.services.summary import render_summary

    store.cache.pop("plan", None)
    render_summary(summary(store))
