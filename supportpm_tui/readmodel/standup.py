"""The standup's pages as plain data: the headline, each person's cards and load, the decisions needed.

Every fact comes from the Overview (:func:`build_overview`) and the plan
(R1–R7 as the other screens show them); this module only reads the cards
each person holds and picks what the standup walks through.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field

from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.rules.capacity import over_wip
from supportpm_tui.core.rules.health import hours_text
from supportpm_tui.readmodel.overview import build_overview
from supportpm_tui.readmodel.overview_entries import Entry
from supportpm_tui.readmodel.plan import Plan


@dataclass(frozen=True)
class Card:
    """A card as the standup names it: project key and title; why it is blocked."""

    project: str
    title: str
    reason: str = ""


@dataclass(frozen=True)
class Load:
    """A person's load in a week: R3's state, the utilisation shown, hours asked and available."""

    state: str
    shown: str
    demand: str
    available: str


@dataclass
class PersonPage:
    """One person's page: done since the last standup, in progress, blocked, and their load."""

    name: str
    done: list[Card] = field(default_factory=list)
    in_progress: list[Card] = field(default_factory=list)
    blocked: list[Card] = field(default_factory=list)
    this_week: Load | None = None
    next_week: Load | None = None
    over_wip: str = ""  # "4 cards in progress, WIP limit 3" when over


@dataclass
class StandupData:
    """Everything the standup walks through, page by page."""

    today: dt.date
    since: dt.date | None
    projects: list[Entry] = field(default_factory=list)  # red and amber, with why
    milestones: list[Entry] = field(default_factory=list)  # late and slipping
    overloaded: list[Entry] = field(default_factory=list)  # this week, then next week
    people: list[PersonPage] = field(default_factory=list)
    decisions: list[Entry] = field(default_factory=list)
    news_total: int = 0  # sentences since the last standup


def _load(plan: Plan, pid: int, week: dt.date) -> Load:
    found = plan.person_week(pid, week)
    return Load(found.state, found.shown, hours_text(found.demand), hours_text(found.available))


def build_standup(conn: sqlite3.Connection, plan: Plan, filt: Filter | None = None) -> StandupData:
    """Return the standup's facts for ``plan``'s day; ``conn`` reads the database ``plan`` came from."""
    filt = filt or Filter()
    overview = build_overview(conn, plan, filt)
    data = StandupData(plan.today, overview.since, news_total=overview.changes_total)
    data.projects = [e for e in overview.projects if e.level in ("error", "warning")]
    data.milestones = [e for e in overview.milestones if e.level == "error"]  # late or slipping
    data.decisions = list(overview.decisions)
    week = plan.this_week
    following = week + dt.timedelta(weeks=1)
    later: list[Entry] = []
    keys = {pid: p.key for pid, p in plan.projects.items()}
    since = overview.since or plan.today
    since_utc = dt.datetime.combine(since, dt.time()).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    cards: dict[int, list[tuple[str, str, str, str, str | None]]] = {}
    for assignee, pid, title, column, reason, done_at in conn.execute(
        'SELECT assignee_id, project_id, title, "column", blocked_reason, done_at FROM task'
        " WHERE assignee_id IS NOT NULL AND \"column\" IN ('in_progress', 'blocked', 'testing', 'done')"
        " ORDER BY position, id"
    ):
        cards.setdefault(assignee, []).append((keys.get(pid, ""), title, column, reason or "", done_at))
    for pid in sorted(plan.names, key=lambda p: plan.names[p].lower()):
        name = plan.names[pid]
        if not plan.active.get(pid) or not filt.wants_person(name):
            continue
        page = PersonPage(name, this_week=_load(plan, pid, week), next_week=_load(plan, pid, following))
        for key, title, column, reason, done_at in cards.get(pid, []):
            if not filt.wants_project(key or None) or not filt.wants_words(title, key):
                continue
            card = Card(key, " ".join(str(title).split()), " ".join(str(reason).split()))
            if column == "done":
                if isinstance(done_at, str) and done_at.replace("T", " ")[:19] >= since_utc:
                    page.done.append(card)
            elif column == "blocked":
                page.blocked.append(card)
            else:
                page.in_progress.append(card)
        count, limit = plan.in_progress.get(pid, 0), plan.people[pid].wip_limit
        if over_wip(count, limit):
            page.over_wip = f"{count} cards in progress, WIP limit {limit}"
        data.people.append(page)
        now, then = page.this_week, page.next_week
        assert now is not None and then is not None
        if now.state == "overloaded":
            data.overloaded.append(
                Entry("person", name, f"{name}  {now.shown} this week", f"{now.demand} h asked of {now.available} h")
            )
        if then.state == "overloaded":
            later.append(
                Entry("person", name, f"{name}  {then.shown} next week", f"{then.demand} h asked of {then.available} h")
            )
    data.overloaded += later
    return data
