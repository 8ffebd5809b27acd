"""The Board's Done column: the cards done in the last two weeks, the older ones counted, never read.

After five years a team has tens of thousands of done cards; the Board reads
only those done since :func:`~supportpm_tui.services.board.done_since` (this
week's always among them), counts the rest in the column's last line, and a
search still finds them. After the dashboard's own change it stays equal to a
fresh read.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event

from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.rules.calendar import monday_of
from supportpm_tui.services import board as board_service
from supportpm_tui.services import tasks
from supportpm_tui.services.board import BoardData, done_since, load_board
from supportpm_tui.storage.database import Store

LONG_AGO = dt.datetime(2025, 3, 4, 10, 0, tzinfo=dt.UTC)


def stored(moment: dt.datetime) -> str:
    """Return ``moment`` as the database stores times: UTC, without its zone."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def finish(store: Store, done_at: dt.datetime | None, *ids: int) -> None:
    """Move cards ``ids`` to Done, then date their finishing ``done_at`` (``None``: a time never stored)."""
    for tid in ids:
        tasks.move_task(store, tid, "done")
    conn = sqlite3.connect(store.path)
    with conn:
        conn.executemany(
            "UPDATE task SET done_at = ? WHERE id = ?", [(None if done_at is None else stored(done_at), t) for t in ids]
        )
    conn.close()


def done_ids(board: BoardData) -> set[int]:
    return {card.id for card in board.columns["done"]}


def start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC)


def test_the_done_column_shows_recent_cards_and_counts_the_older(demo_store: Store, today: dt.date) -> None:
    first = done_since(today)
    finish(demo_store, LONG_AGO, 6, 7)
    finish(demo_store, None, 12)  # imported without a time: not recent
    finish(demo_store, start_of(first), 8)  # the first day shown, from its first minute
    finish(demo_store, start_of(first) - dt.timedelta(minutes=1), 13)  # the last minute before it
    finish(demo_store, start_of(monday_of(today)), 16)
    board = load_board(demo_store, today=today)
    assert done_ids(board) == {1, 8, 16}
    assert board.older_done == 4
    assert board.counts["done"] == 7  # the column's count holds every done card
    assert board.done_since == first
    assert board.older_note() == (f"+ 4 done before {first:%d %b}: press / to search them too")


def test_without_older_done_cards_the_column_says_nothing_more(demo_store: Store, today: dt.date) -> None:
    board = load_board(demo_store, today=today)
    assert done_ids(board) == {1}
    assert (board.older_done, board.older_note()) == (0, "")


def test_a_search_finds_cards_done_long_ago(demo_store: Store, today: dt.date) -> None:
    finish(demo_store, LONG_AGO, 8, 16)  # "Rollback plan for wave 1", "Test rollback of wave 2"
    found = load_board(demo_store, Filter(words=("rollback",)), today=today)
    assert done_ids(found) == {8, 16}
    assert (found.done_since, found.older_done, found.older_note()) == (None, 0, "")
    assert found.counts["done"] == 3
    narrowed = load_board(demo_store, Filter(project="MFA"), today=today)  # a view, not a search: recent ones only
    assert 8 not in done_ids(narrowed) and 16 not in done_ids(narrowed)
    assert narrowed.older_done == 2


CHANGES: dict[str, Callable[[Store], object]] = {
    "finish a card": lambda s: tasks.move_task(s, 3, "done"),
    "reopen a recent card": lambda s: tasks.move_task(s, 1, "ready", remaining=5),
    "reopen an older card": lambda s: tasks.move_task(s, 6, "ready", remaining=5),
    "delete an older card": lambda s: tasks.delete_task(s, 7),
    "rename an older card": lambda s: tasks.edit_task(s, 7, tasks.TaskValues(title="Rollback checked")),
    "move a card": lambda s: tasks.move_task(s, 3, "in_progress"),
}


@pytest.mark.parametrize("words", [(), ("rollback",)])
@pytest.mark.parametrize("change", list(CHANGES))
def test_the_board_after_a_change_with_older_done_cards_equals_a_fresh_one(
    demo_store: Store, today: dt.date, change: str, words: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    finish(demo_store, LONG_AGO, 6, 7, 8)
    filt = Filter(words=words)
    before = load_board(demo_store, filt, today=today)
    CHANGES[change](demo_store)
    fresh = load_board(demo_store, filt, today=today)
    with monkeypatch.context() as patched:

        def refused(*args: object, **kwargs: object) -> None:
            raise AssertionError("read in full")

        patched.setattr(board_service, "logged_by_task", refused)
        after = load_board(demo_store, filt, today=today, previous=before)
    assert after == fresh
    assert (after.older_done, after.older_note()) == (fresh.older_done, fresh.older_note())
    assert after.basis is not None and fresh.basis is not None
    assert (after.basis.column_of, after.basis.assignee_of) == (fresh.basis.column_of, fresh.basis.assignee_of)


def test_the_done_cards_are_sought_in_their_index(demo_store: Store, today: dt.date) -> None:
    finish(demo_store, LONG_AGO, 6, 7)
    statements: list[str] = []

    def trace(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    event.listen(demo_store.engine, "checkout", trace)
    try:
        board = load_board(demo_store, today=today)
    finally:
        event.remove(demo_store.engine, "checkout", trace)
    assert board.older_done == 2
    done_reads = [s for s in statements if "done_at" in s.split("WHERE", 1)[-1] and "FROM task" in s]
    assert len(done_reads) == 2, statements  # the recent cards, and the count of the older ones
    conn = sqlite3.connect(f"file:{demo_store.path}?mode=ro", uri=True)
    try:
        for sql in done_reads:
            steps = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            assert any("ix_task_column_done" in step for step in steps), (steps, sql)
            assert not any(step.startswith("SCAN task") for step in steps), (steps, sql)
    finally:
        conn.close()
