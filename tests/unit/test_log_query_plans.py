"""Every read of the activity log on the dashboard's paths seeks to what it needs; none reads the whole log.

After five years a team's log holds about a million entries, so "since the
last standup", undo and redo, the marks on what changed elsewhere, the
watcher, the burndown, ``supportpm log --since`` and the warm start's check
must each find their entries through an index. Each test calls the real
function on a small database, captures the SQL it sends to SQLite, and runs
every statement that reads the ``event`` table through ``EXPLAIN QUERY PLAN``:
a step ``SCAN event`` (every entry read) fails it, and a statement bounded by
a time or an id must seek to that bound rather than read everything and skip.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event

from supportpm_tui.core import clock
from supportpm_tui.services import tasks
from supportpm_tui.services.activity import changes_since, list_events
from supportpm_tui.services.burndown import burndown
from supportpm_tui.services.overview import load_overview
from supportpm_tui.services.standup import load_standup
from supportpm_tui.services.undo import redo_last, redo_session, undo_event, undo_last, undo_session
from supportpm_tui.startup import kept_overview
from supportpm_tui.storage.database import Store

READS_LOG = re.compile(r"\b(FROM|JOIN)\s+event\b", re.IGNORECASE)
BOUNDED = re.compile(r"\b(event\.)?(time|id)\s*(>=|>)", re.IGNORECASE)  # "entries since …": must seek there


class Captured:
    """The SQL statements SQLite ran (bound values written in), as its trace reports them."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def clear(self) -> None:
        self.statements.clear()

    def log_reads(self) -> list[str]:
        """Return the statements that read the activity log."""
        return [s for s in self.statements if READS_LOG.search(s) and not s.lstrip().startswith("--")]


@pytest.fixture
def traced(demo_store: Store) -> Iterator[tuple[Store, Captured]]:
    """The demo database, every connection the store hands out traced."""
    captured = Captured()

    def trace(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.set_trace_callback(captured.statements.append)

    event.listen(demo_store.engine, "checkout", trace)
    yield demo_store, captured
    event.remove(demo_store.engine, "checkout", trace)


def plan(store: Store, sql: str) -> list[str]:
    """Return the steps of SQLite's plan for ``sql`` on ``store``'s file."""
    conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    finally:
        conn.close()


def assert_seeks(store: Store, captured: Captured, least: int = 1) -> None:
    """Fail when a captured read of the log scans it, or reads past the time or id it is bounded by."""
    reads = captured.log_reads()
    assert len(reads) >= least, f"expected at least {least} reads of the log, got {captured.statements}"
    for sql in reads:
        steps = plan(store, sql)
        scans = [s for s in steps if re.match(r"SCAN event\b", s) or (re.match(r"SCAN \w+\b", s) and _alias(sql, s))]
        assert not scans, f"the whole log is read: {steps}\n{sql}"
        if BOUNDED.search(_where(sql)):
            assert any(re.search(r"\((.* AND )?(time|rowid)>", s) for s in steps if s.startswith("SEARCH")), (
                f"bounded by a time or an id, yet not sought there: {steps}\n{sql}"
            )


def _alias(sql: str, step: str) -> bool:
    """Return whether a ``SCAN x`` step names an alias of the event table in ``sql``."""
    name = step.split()[1]
    return re.search(rf"\bevent\s+(AS\s+)?{re.escape(name)}\b", sql, re.IGNORECASE) is not None


def _where(sql: str) -> str:
    """Return the part of ``sql`` after its first WHERE ("" when none)."""
    parts = re.split(r"\bWHERE\b", sql, maxsplit=1, flags=re.IGNORECASE)
    return parts[1] if len(parts) > 1 else ""


def move_a_card(store: Store) -> None:
    """Move a card of Ready on to In progress: a change to undo, or to see from elsewhere."""
    with store.read() as session:
        card = session.connection().exec_driver_sql("SELECT id FROM task WHERE \"column\" = 'ready' LIMIT 1").scalar()
    assert card is not None
    tasks.move_task(store, card, "in_progress")


def run(store: Store, captured: Captured, fn: Callable[[], object]) -> None:
    """Run ``fn`` with only its own statements captured."""
    captured.clear()
    fn()


def test_since_the_last_standup(traced: tuple[Store, Captured], today: dt.date) -> None:
    store, captured = traced
    run(store, captured, lambda: load_overview(store, today=today))
    assert_seeks(store, captured)
    run(store, captured, lambda: load_standup(store, today=today))
    assert_seeks(store, captured, least=0)


def test_undo_and_redo_in_a_dashboard(traced: tuple[Store, Captured]) -> None:
    store, captured = traced
    store.origin = "dashboard"
    move_a_card(store)
    run(store, captured, lambda: undo_session(store))
    assert_seeks(store, captured)
    run(store, captured, lambda: redo_session(store))
    assert_seeks(store, captured)


def test_undo_and_redo_from_the_command_line(traced: tuple[Store, Captured]) -> None:
    store, captured = traced
    move_a_card(store)
    run(store, captured, lambda: undo_last(store))
    assert_seeks(store, captured)
    run(store, captured, lambda: redo_last(store))
    assert_seeks(store, captured)
    newest = list_events(store, limit=1)[0]["id"]
    run(store, captured, lambda: undo_event(store, newest))
    assert_seeks(store, captured)
    tasks.add_task(store, "A card to take back", "MFA")  # undoing an addition asks whether anything uses it since
    run(store, captured, lambda: undo_last(store))
    assert_seeks(store, captured, least=3)


def test_marks_and_the_watcher(traced: tuple[Store, Captured]) -> None:
    store, captured = traced
    newest, _ = changes_since(store, None)
    move_a_card(store)
    run(store, captured, lambda: (store.change_token(), changes_since(store, newest)))
    assert_seeks(store, captured)


def test_the_burndown(traced: tuple[Store, Captured], today: dt.date) -> None:
    store, captured = traced
    run(store, captured, lambda: burndown(store, "MFA", last_weeks=4, today=today))
    assert_seeks(store, captured)
    run(store, captured, lambda: burndown(store, "MFA", today=today))
    assert_seeks(store, captured)


def test_the_log_since_a_day(traced: tuple[Store, Captured], today: dt.date) -> None:
    store, captured = traced
    run(store, captured, lambda: list_events(store, since=today - dt.timedelta(days=1)))
    assert_seeks(store, captured)


def test_the_warm_starts_look_at_the_log(traced: tuple[Store, Captured], monkeypatch: pytest.MonkeyPatch) -> None:
    store, captured = traced
    connect = sqlite3.connect

    def traced_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(captured.statements.append)
        return conn

    monkeypatch.setattr(kept_overview.sqlite3, "connect", traced_connect)
    run(store, captured, lambda: kept_overview.fingerprint(store.path))
    monkeypatch.undo()
    assert_seeks(store, captured)


def test_a_scan_of_the_log_is_caught(traced: tuple[Store, Captured]) -> None:
    """The check itself: a read that filters on a column without an index fails it."""
    store, captured = traced
    captured.statements[:] = ["SELECT id FROM event WHERE changes LIKE '%done%'"]
    with pytest.raises(AssertionError, match="the whole log is read"):
        assert_seeks(store, captured)
    captured.statements[:] = ["SELECT u.id FROM event u WHERE u.changes = '{}'"]
    with pytest.raises(AssertionError, match="the whole log is read"):
        assert_seeks(store, captured)
    since = clock.now_utc().strftime("%Y-%m-%d %H:%M:%S")
    captured.statements[:] = [f"SELECT id FROM event WHERE actor = 'ana' AND time >= '{since}' ORDER BY id"]
    with pytest.raises(AssertionError, match="not sought there"):
        assert_seeks(store, captured)
