"""The dashboard's readers of the activity log, timed: since the last standup, undo, the marks.

On the history set the log holds a million entries; each of these must read
only the recent ones (``tests/unit/test_log_query_plans.py`` checks their
query plans), so their times stay those of a young database.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from supportpm_tui.storage.database import Store


def _ready_card(store: Store) -> int:
    """Return a card of Ready to move (and move back)."""
    with store.read() as session:
        card = (
            session.connection()
            .exec_driver_sql("SELECT id FROM task WHERE \"column\" = 'ready' AND assignee_id IS NOT NULL LIMIT 1")
            .scalar()
        )
    assert card is not None, "the data set has no card in Ready"
    return int(card)


def _row(name: str, label: str, times: list[float]) -> dict[str, Any]:
    return {
        "data": name,
        "measure": label,
        "median_ms": round(statistics.median(times), 2),
        "worst_ms": round(max(times), 2),
        "runs": len(times),
    }


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def log_path_rows(name: str, store: Store, runs: int) -> list[dict[str, Any]]:
    """Return the times of "since the last standup", undo of the last change and the marks, as result rows."""
    from supportpm_tui.core import clock
    from supportpm_tui.readmodel.since_standup import load_since
    from supportpm_tui.services import tasks
    from supportpm_tui.services.activity import changes_since
    from supportpm_tui.services.undo import undo_last, undo_session
    from supportpm_tui.storage.database import dbapi

    card = _ready_card(store)
    since = clock.today() - dt.timedelta(days=1)

    def standup() -> None:
        with store.read() as session:
            load_since(dbapi(session), since)

    standup_times, undo_times, cli_undo_times, mark_times = [], [], [], []
    origin = store.origin
    try:
        for attempt in range(runs + 1):  # the first run warms up
            took = _timed(standup)
            newest, _ = changes_since(store, None)
            store.origin = "dashboard"
            tasks.move_task(store, card, "in_progress")  # a change here, to undo
            marks = _timed(partial(changes_since, store, newest))
            undo = _timed(lambda: undo_session(store))
            store.origin = "cli"
            tasks.move_task(store, card, "in_progress")
            cli_undo = _timed(lambda: undo_last(store))
            if attempt:
                standup_times.append(took)
                mark_times.append(marks)
                undo_times.append(undo)
                cli_undo_times.append(cli_undo)
    finally:
        store.origin = origin
    return [
        _row(name, "since the last standup: the changes read", standup_times),
        _row(name, "undo the last change (dashboard)", undo_times),
        _row(name, "undo the last change (command line)", cli_undo_times),
        _row(name, "marks: what another process changed", mark_times),
    ]
