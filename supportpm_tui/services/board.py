"""What the Board shows, as plain data: computed in a worker, drawn by the UI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import col

from supportpm_tui.core import clock
from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.rules.capacity import over_wip
from supportpm_tui.core.vocabulary import COLUMN_ORDER, Column
from supportpm_tui.services.base import split_tags
from supportpm_tui.services.blocking import blocked_from, open_blockers
from supportpm_tui.services.current_plan import Plan, current_plan
from supportpm_tui.services.people import get_settings_row
from supportpm_tui.services.timelog import logged_by_task
from supportpm_tui.storage.database import Store, dbapi
from supportpm_tui.storage.journal import only_rows_of
from supportpm_tui.storage.models import Task, TaskBlocker


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


@dataclass(frozen=True)
class BoardBasis:
    """What a board was read from, so the next read after a change of cards only reads those cards."""

    token: tuple[int, int]  # the database's change token before the read
    filter: Filter
    column_of: dict[int, str]  # every card read's column, filtered out or not (older done cards are not read)
    assignee_of: dict[int, int | None]  # every card read's assignee
    marked: tuple[frozenset[int], frozenset[int]] | None = None  # who was overloaded, who over their WIP limit


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
    basis: BoardBasis | None = field(default=None, compare=False, repr=False)
    done_since: dt.date | None = None  # the Done column holds the cards done from this day; None: every done card
    older_done: int = 0  # the done cards not read: done before ``done_since`` (counted in ``counts``)

    def older_note(self) -> str:
        """Return the Done column's last line about the cards done earlier; empty when there are none."""
        if self.done_since is None or not self.older_done:
            return ""
        return f"+ {self.older_done:,} done before {self.done_since:%d %b}: press / to search them too"

    def over_limit(self, column: str) -> bool:
        """Return whether a column holds more cards than its WIP limit (all cards, unfiltered)."""
        return over_wip(self.counts.get(column, 0), self.limits.get(column))


BOARD_READS = frozenset({"settings", "project", "milestone", "person", "task", "task_blocker", "time_entry"})
"""The tables the Board reads besides the plan: a change to another leaves the cards as they are."""
CHUNK = 500  # ids per query: SQLite takes a bounded number of parameters
DONE_DAYS = 14
"""The Done column shows the cards done in the last this many days (this week's and last week's at least)."""
OPEN_COLUMNS = tuple(c.value for c in COLUMN_ORDER if c != Column.done)


def done_since(today: dt.date) -> dt.date:
    """Return the first day whose done cards the Done column shows: :data:`DONE_DAYS` before ``today``."""
    return today - dt.timedelta(days=DONE_DAYS)


def searches_done(filt: Filter) -> bool:
    """Return whether ``filt`` looks for particular cards, so the Done column reads every done card, not the recent.

    A project alone narrows the view and keeps the window; words, people, tags,
    project keys or a milestone search the whole history.
    """
    return bool(filt.words or filt.people or filt.tags or filt.keys or filt.milestone)


def _stored_start(day: dt.date) -> dt.datetime:
    """Return the start of local ``day`` in UTC, as times are stored."""
    return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC)


def _this_week_states(plan: Plan) -> tuple[set[int], set[int]]:
    """Return the ids of people overloaded this week and of people over their WIP limit."""
    week = plan.this_week
    overloaded = {pid for pid in plan.names if plan.active[pid] and plan.week_state(pid, week) == "overloaded"}
    over = {pid for pid, n in plan.in_progress.items() if over_wip(n, plan.people[pid].wip_limit)}
    return overloaded, over


def _card_query() -> Any:
    """Return the select of every card's columns the Board shows, in board order."""
    return select(
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
        col(Task.done_at),
    ).order_by(col(Task.position), col(Task.id))


def _read_cards(session: Any, since: dt.date | None) -> tuple[list[Any], int]:
    """Return the rows of the cards the Board reads and how many done cards it leaves out.

    With ``since``, the open cards and the cards done from that day (each a
    seek in an index); without, every card.
    """
    conn = session.connection()
    if since is None:
        return conn.execute(_card_query()).all(), 0
    start = _stored_start(since)
    rows = conn.execute(_card_query().where(col(Task.column).in_(OPEN_COLUMNS))).all()
    rows += conn.execute(_card_query().where(col(Task.column) == Column.done.value, col(Task.done_at) >= start)).all()
    return rows, _older_done(session, since)


def _older_done(session: Any, since: dt.date | None) -> int:
    """Return how many cards were done before ``since`` (or at a time not stored); 0 without ``since``."""
    if since is None:
        return 0
    start = _stored_start(since)
    done = col(Task.done_at)
    older = session.connection().execute(
        select(func.count())
        .select_from(Task)
        .where(col(Task.column) == Column.done.value, or_(done < start, done.is_(None)))
    )
    return int(older.scalar_one())


def _may_change_older(changed: Collection[int], basis: BoardBasis, rows: list[Any], since: dt.date | None) -> bool:
    """Return whether the change of cards ``changed`` (read again as ``rows``) may change the count of older done cards.

    It may not when every one of them was read before (so it was not an older
    done card) and none is one now.
    """
    if since is None:
        return False
    return any(tid not in basis.column_of for tid in changed) or any(_left_out(row, since) for row in rows)


def _left_out(row: Any, since: dt.date | None) -> bool:
    """Return whether a card's row is a done card from before ``since``, which the Board does not read."""
    if since is None or row[2] != Column.done.value:
        return False
    done_at = row[14]
    return done_at is None or clock.from_stored(done_at) < _stored_start(since)


@dataclass
class _Cards:
    """What turns stored rows into cards: the plan's names and markers, blockers, logged hours, the filter."""

    plan: Plan
    filt: Filter
    waits: dict[int, list[int]]
    came_from: dict[int, str]
    logged: dict[int, float]

    def __post_init__(self) -> None:
        self.keys = {pid: p.key for pid, p in self.plan.projects.items()}
        self.milestone_names = {mid: m.name for mid, m in self.plan.milestones.items()}
        self.overloaded, self.over = _this_week_states(self.plan)

    def card(self, row: Any) -> CardView | None:
        """Return the card of a stored row; ``None`` when the filter leaves it out."""
        tid, title, column, position, project_id, assignee_id, due, mid, priority, kind, tags, reason, left, est = row[
            :14
        ]
        plan = self.plan
        key = self.keys.get(project_id, "?")
        person = plan.names.get(assignee_id) if assignee_id else None
        tag_list = tuple(split_tags(tags))
        milestone = self.milestone_names.get(mid) if mid else None
        filt = self.filt
        if filt.active and not (
            filt.wants_project(key)
            and filt.wants_person(person)
            and filt.wants_tags(tag_list)
            and filt.wants_milestone(milestone)
            and filt.wants_words(title, milestone, key)
        ):
            return None
        effective_due = due if due is not None else (plan.milestones[mid].due if mid in plan.milestones else None)
        return CardView(
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
            assignee_id in self.overloaded,
            assignee_id in self.over,
            tuple(self.waits.get(tid or 0, ())),
            self.came_from.get(tid or 0),
            est,
            round(self.logged.get(tid or 0, 0.0), 2),
        )


def load_board(
    store: Store, filt: Filter | None = None, today: dt.date | None = None, previous: BoardData | None = None
) -> BoardData:
    """Return the board's cards in column order, filtered, with this week's person markers.

    With ``previous`` (the board read before, for the same filter and day),
    after this dashboard's own change to cards only, just those cards are read
    again; the result is the same as a board read afresh.
    """
    filt = filt or Filter()
    today = today or clock.today()
    token = store.change_token()
    plan = current_plan(store, today)
    if (
        previous is not None
        and previous.basis is not None
        and previous.basis.filter == filt
        and previous.today == today
    ):
        data = _after_card_changes(store, previous, previous.basis, token, plan)
        if data is not None:
            return data
    since = None if searches_done(filt) else done_since(today)
    with store.read() as session:
        settings = get_settings_row(session)
        rows, older = _read_cards(session, since)
        waits = open_blockers(session)
        came_from = blocked_from(session, (row[0] or 0 for row in rows if row[2] == "blocked"))
    cards = _Cards(plan, filt, waits, came_from, logged_by_task(store))
    columns: dict[str, list[CardView]] = {c.value: [] for c in COLUMN_ORDER}
    counts = dict.fromkeys(columns, 0)
    for row in rows:
        counts[row[2]] += 1
        card = cards.card(row)
        if card is not None:
            columns[card.column].append(card)
    counts[Column.done.value] += older
    limits = {c: json.loads(settings.column_wip).get(c) for c in columns}
    empty = not plan.projects and not plan.names
    people = sorted(plan.names.values(), key=str.lower)
    marked = (frozenset(cards.overloaded), frozenset(cards.over))
    basis = BoardBasis(token, filt, {row[0]: row[2] for row in rows}, {row[0]: row[5] for row in rows}, marked)
    keys = sorted(cards.keys.values())
    return BoardData(today, columns, limits, counts, people, keys, empty, basis, since, older)


def _after_card_changes(
    store: Store, previous: BoardData, basis: BoardBasis, token: tuple[int, int], plan: Plan
) -> BoardData | None:
    """Return ``previous`` with the cards changed since it was read read again; ``None`` when not only cards changed."""
    with store.read() as session:
        if session.get_bind().dialect.name != "sqlite":
            return None
        changed = only_rows_of(store.journal.changes_between(basis.token, token, dbapi(session)), "task", BOARD_READS)
        if changed is None:
            return None
        ids = sorted(changed)
        rows: list[Any] = []
        waiting: set[int] = set()  # cards that wait for a changed card: it may be done, or done no more
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            rows += session.connection().execute(_card_query().where(col(Task.id).in_(chunk))).all()
            waiting.update(
                session.connection()
                .execute(select(col(TaskBlocker.task_id)).where(col(TaskBlocker.blocker_id).in_(chunk)))
                .scalars()
            )
        waits = open_blockers(session, waiting | changed) if waiting or changed else {}
        came_from = blocked_from(session, (row[0] for row in rows if row[2] == "blocked"))
        older = previous.older_done
        if _may_change_older(changed, basis, rows, previous.done_since):
            older = _older_done(session, previous.done_since)
    was_in = {basis.column_of[tid] for tid in changed if tid in basis.column_of}
    old_cards = {c.id: c for column in was_in for c in previous.columns[column] if c.id in changed}
    logged = {tid: card.logged for tid, card in old_cards.items()}  # time entries did not change
    cards = _Cards(plan, basis.filter, waits, came_from, logged)
    column_of, assignee_of = dict(basis.column_of), dict(basis.assignee_of)
    counts = dict(previous.counts)
    counts[Column.done.value] -= previous.older_done
    for tid in ids:
        if tid in column_of:
            counts[column_of.pop(tid)] -= 1
            assignee_of.pop(tid)
    fresh: dict[str, list[CardView]] = {}
    for row in rows:
        if _left_out(row, previous.done_since):
            continue  # done before the window: counted with the older ones
        column_of[row[0]], assignee_of[row[0]] = row[2], row[5]
        counts[row[2]] += 1
        card = cards.card(row)
        if card is not None:
            fresh.setdefault(card.column, []).append(card)
    marked = (frozenset(cards.overloaded), frozenset(cards.over))
    remarked: frozenset[int] | None = None  # whose marks changed; None: not known, every card is looked at
    if basis.marked is not None:
        remarked = (marked[0] ^ basis.marked[0]) | (marked[1] ^ basis.marked[1])
    columns: dict[str, list[CardView]] = {}
    for column, shown in previous.columns.items():
        if column not in fresh and column not in was_in and not remarked and remarked is not None and not waiting:
            columns[column] = shown  # nothing in it changed: not even looked at
            continue
        kept = []
        touched = column in fresh
        for card in shown:
            if card.id in changed:
                touched = True
                continue
            if card.id in waiting:
                new_waits = tuple(waits.get(card.id, ()))
                if new_waits != card.waits_for:
                    card, touched = replace(card, waits_for=new_waits), True
            assignee = assignee_of.get(card.id)
            if remarked is None or (assignee is not None and assignee in remarked):
                overloaded, over = assignee in cards.overloaded, assignee in cards.over
                if (overloaded, over) != (card.assignee_overloaded, card.assignee_over_wip):
                    card, touched = replace(card, assignee_overloaded=overloaded, assignee_over_wip=over), True
            kept.append(card)
        if column in fresh:
            kept += fresh[column]
            kept.sort(key=lambda c: (c.position, c.id))
        columns[column] = kept if touched else shown
    counts[Column.done.value] += older
    new_basis = BoardBasis(token, basis.filter, column_of, assignee_of, marked)
    return replace(previous, columns=columns, counts=counts, basis=new_basis, older_done=older)
