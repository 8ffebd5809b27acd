"""After the dashboard's own change to cards, the plan and the Board read only those cards: and equal a fresh read."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from supportpm_tui.core.filtering import Filter
from supportpm_tui.readmodel import plan_rules
from supportpm_tui.services import availability as time_service
from supportpm_tui.services import board as board_service
from supportpm_tui.services import current_plan as plan_service
from supportpm_tui.services import tasks
from supportpm_tui.services.board import load_board
from supportpm_tui.services.current_plan import Plan, build_plan, current_plan
from supportpm_tui.storage.database import Store, dbapi

CARD_CHANGES: dict[str, Callable[[Store], object]] = {
    "move a card": lambda s: tasks.move_task(s, 3, "in_progress"),
    "block a card": lambda s: tasks.move_task(s, 3, "blocked", reason="waits for the vendor"),
    "finish a card": lambda s: tasks.move_task(s, 2, "done"),
    "reopen a card": lambda s: tasks.move_task(s, 2, "ready", remaining=5),
    "more hours": lambda s: tasks.edit_task(s, 4, tasks.TaskValues(remaining=60)),
    "reassign": lambda s: tasks.edit_task(s, 5, tasks.TaskValues(assignee="Jamal Reed")),
    "new card": lambda s: tasks.add_task(s, "Extra work", project="MFA", assignee="Aisha Khan", remaining=30),
    "shift a card": lambda s: tasks.shift_task(s, 5, 1),
    "delete a card": lambda s: tasks.delete_task(s, 4),
}


def same_plan(a: Plan, b: Plan) -> None:
    assert a.items == b.items
    assert a.in_progress == b.in_progress
    assert a.projects == b.projects
    assert a.finishes == b.finishes
    assert a.demand == b.demand
    assert a.scheduled == b.scheduled
    assert a.forecasts == b.forecasts
    assert a.capacity(8) == b.capacity(8)
    assert {p: a.health(p) for p in a.projects} == {p: b.health(p) for p in b.projects}


def no_full_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a full read of the plan or the Board fail: the change must take the way of the changed cards."""

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("read in full")

    monkeypatch.setattr(plan_service, "build_plan", refused)
    monkeypatch.setattr(board_service, "logged_by_task", refused)
    monkeypatch.setattr(plan_rules, "_still_known", refused)  # the milestones compared where the cards are only


def test_a_move_is_noted_as_the_one_card(demo_store: Store) -> None:
    before = demo_store.change_token()
    tasks.move_task(demo_store, 3, "in_progress")
    with demo_store.read() as session:
        changes = demo_store.journal.changes_between(before, demo_store.change_token(), dbapi(session))
    assert changes == {"task": frozenset({3})}


def test_another_connection_commit_is_not_known(demo_store: Store) -> None:
    before = demo_store.change_token()
    tasks.move_task(demo_store, 3, "in_progress")
    conn = sqlite3.connect(demo_store.path)
    conn.execute("UPDATE person SET hours = 10 WHERE id = 1")
    conn.commit()
    conn.close()
    with demo_store.read() as session:
        assert demo_store.journal.changes_between(before, demo_store.change_token(), dbapi(session)) is None


@pytest.mark.parametrize("change", list(CARD_CHANGES))
def test_the_plan_after_a_card_change_equals_a_fresh_one(
    demo_store: Store, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    current_plan(demo_store)
    CARD_CHANGES[change](demo_store)
    fresh = build_plan(demo_store)
    no_full_reads(monkeypatch)
    same_plan(current_plan(demo_store), fresh)


def test_a_chain_of_card_changes_equals_a_fresh_plan(demo_store: Store) -> None:
    current_plan(demo_store)
    for change in CARD_CHANGES.values():
        change(demo_store)
        same_plan(current_plan(demo_store), build_plan(demo_store))


def test_a_milestone_follows_the_card_change_of_the_one_before_it(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = current_plan(demo_store)
    assert 5 in before.predecessors[7]  # "Enrolment wave 2" follows "Enrolment wave 1"
    assert all(i.assignee_id != 3 for i in before.items if i.milestone_id == 7)  # who grows wave 1 has none of it
    tasks.edit_task(demo_store, 10, tasks.TaskValues(remaining=400))  # a card of wave 1 grows
    fresh = build_plan(demo_store)
    no_full_reads(monkeypatch)
    after = current_plan(demo_store)
    same_plan(after, fresh)
    assert after.forecasts[7].forecast > before.forecasts[7].forecast


def test_a_card_with_time_logged_that_changes_project_moves_its_spent(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = current_plan(demo_store)
    pat = next(p for p in before.projects.values() if p.key == "PAT")  # spent follows logged hours × its rate
    assert any(i.id == 16 and i.project_id == pat.id for i in before.items)  # six hours logged on card 16
    tasks.edit_task(demo_store, 16, tasks.TaskValues(project="MFA"))
    fresh = build_plan(demo_store)
    no_full_reads(monkeypatch)
    after = current_plan(demo_store)
    same_plan(after, fresh)
    assert after.projects[pat.id].spent == pytest.approx((pat.spent or 0) - 6 * 60)


def test_a_change_besides_cards_reads_the_plan_in_full(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    current_plan(demo_store)
    time_service.set_ticket_load(demo_store, "Aisha Khan", dt.date(2026, 11, 30), hours=30)
    reads = []
    full = plan_service.build_plan
    monkeypatch.setattr(plan_service, "build_plan", lambda *a, **k: reads.append(1) or full(*a, **k))
    same_plan(current_plan(demo_store), full(demo_store))
    assert reads


def test_a_change_from_another_connection_reads_the_plan_in_full(demo_store: Store) -> None:
    current_plan(demo_store)
    conn = sqlite3.connect(demo_store.path)
    conn.execute("UPDATE task SET remaining = remaining + 40 WHERE id = 3")
    conn.commit()
    conn.close()
    same_plan(current_plan(demo_store), build_plan(demo_store))


@pytest.mark.parametrize("words", [(), ("a",)])
@pytest.mark.parametrize("change", list(CARD_CHANGES))
def test_the_board_after_a_card_change_equals_a_fresh_one(
    demo_store: Store, change: str, words: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    filt = Filter(words=words)
    before = load_board(demo_store, filt)
    CARD_CHANGES[change](demo_store)
    fresh = load_board(demo_store, filt)
    with monkeypatch.context() as patched:
        no_full_reads(patched)
        after = load_board(demo_store, filt, previous=before)
    assert after == fresh
    assert after.basis is not None and fresh.basis is not None
    assert (after.basis.column_of, after.basis.assignee_of) == (fresh.basis.column_of, fresh.basis.assignee_of)
    unchanged = [name for name in after.columns if before.columns[name] == fresh.columns[name]]
    assert all(after.columns[name] is before.columns[name] for name in unchanged)  # nothing to redraw there


def test_a_card_waiting_for_one_that_is_done_waits_no_more(demo_store: Store) -> None:
    tasks.edit_task(demo_store, 5, tasks.TaskValues(blockers=[3]))
    before = load_board(demo_store)
    assert next(c for column in before.columns.values() for c in column if c.id == 5).waits_for == (3,)
    tasks.move_task(demo_store, 3, "done")
    after = load_board(demo_store, previous=before)
    assert after == load_board(demo_store)
    assert next(c for column in after.columns.values() for c in column if c.id == 5).waits_for == ()


def test_the_board_after_a_change_from_another_connection_equals_a_fresh_one(demo_store: Store) -> None:
    before = load_board(demo_store)
    conn = sqlite3.connect(demo_store.path)
    conn.execute("UPDATE task SET title = 'Renamed elsewhere' WHERE id = 3")
    conn.commit()
    conn.close()
    after = load_board(demo_store, previous=before)
    assert after == load_board(demo_store)
    assert any(c.title == "Renamed elsewhere" for column in after.columns.values() for c in column)


@pytest.mark.parametrize(
    "change",
    [
        lambda s: tasks.move_task(s, 7, "ready", remaining=3),  # an older done card reopened
        lambda s: tasks.delete_task(s, 8),  # an older done card deleted
        lambda s: tasks.edit_task(s, 7, tasks.TaskValues(title="Still done long ago")),  # and one edited
        lambda s: tasks.move_task(s, 3, "in_progress"),  # a card in view moved: the count is kept
    ],
)
def test_the_count_of_older_done_cards_follows_a_card_change(
    demo_store: Store, change: Callable[[Store], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    for tid in (7, 8):
        tasks.move_task(demo_store, tid, "done")
    conn = sqlite3.connect(demo_store.path)
    with conn:
        conn.execute("UPDATE task SET done_at = '2025-03-04 10:00:00.000000' WHERE id IN (7, 8)")
    conn.close()
    before = load_board(demo_store)
    assert before.older_done == 2
    change(demo_store)
    fresh = load_board(demo_store)
    with monkeypatch.context() as patched:
        no_full_reads(patched)
        after = load_board(demo_store, previous=before)
    assert after == fresh
    assert (after.older_done, after.counts) == (fresh.older_done, fresh.counts)


def test_a_reader_never_sees_a_commit_of_this_store_before_its_generation(demo_store: Store) -> None:
    import sys
    import threading

    seen: list[tuple[int, int]] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(demo_store.change_token())

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # the watching thread runs between any two steps of a write
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for n in range(60):
            tasks.move_task(demo_store, 3, "in_progress" if n % 2 == 0 else "ready")
    finally:
        done.set()
        watcher.join()
        sys.setswitchinterval(interval)
    first = seen[0][0]
    for generation, version in seen:
        if generation > first:  # what this store committed: the journal knows it, and its data version after
            assert demo_store.journal.commits[generation].version_after == version
