"""What changed since the last standup, in plain sentences grouped by project and person.

"Tom moved *Image pilot laptops* to Testing", "Aisha logged 12 ticket hours
for week 49", "Change *Extend wave 1* approved by Priya: Wave 1 due 27 Nov →
4 Dec". :func:`sentences` turns activity-log entries into such sentences and is
pure (the entries and the items they name in, sentences out);
:func:`load_since` reads both with plain SQL. Standard library only, like the
rest of the read model: the first Overview is computed with it.

A sentence never shows an item's id or a stored field's name: an item is
named by its title, a field by its words (:data:`FIELD_WORDS`), and a field
without words is "other details".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from supportpm_tui.core import clock
from supportpm_tui.core.changes import read_changes

# The fields of each kind of item, in words; a field not here is "other details".
FIELD_WORDS = {
    "title": "title",
    "name": "name",
    "description": "description",
    "estimate": "estimate",
    "remaining": "remaining work",
    "start": "start",
    "due": "due date",
    "due_date": "due date",
    "baseline_date": "baseline",
    "priority": "priority",
    "kind": "kind",
    "tags": "tags",
    "assignee_id": "assignee",
    "owner_id": "owner",
    "milestone_id": "milestone",
    "workstream_id": "workstream",
    "blocked_reason": "reason blocked",
    "deliverable": "deliverable",
    "buffer_days": "buffer",
    "go_live": "go-live",
    "status": "status",
    "likelihood": "likelihood",
    "impact": "impact",
    "mitigation": "mitigation",
    "contingency": "contingency",
    "trigger": "trigger",
    "review_date": "review date",
    "budget": "budget",
    "spent": "spent",
    "hourly_rate": "hourly rate",
    "target": "target",
    "goal": "goal",
    "sponsor": "sponsor",
    "in_scope": "scope",
    "out_of_scope": "scope",
    "assumptions": "assumptions",
    "stakeholders": "stakeholders",
    "success_criteria": "success criteria",
    "approval_path": "approval path",
    "rag_override": "RAG",
    "rag_note": "RAG note",
    "urgency": "urgency",
    "importance": "importance",
    "effort": "effort",
    "sla_aligned": "SLA alignment",
    "hours": "hours",
    "reserve_pct": "reserve",
    "wip_limit": "WIP limit",
    "working_days": "working days",
    "role": "role",
    "email": "email",
    "active": "active",
    "note": "note",
    "tickets": "tickets",
    "week": "week",
    "value": "value",
    "day": "day",
    "unit": "unit",
    "baseline": "baseline",
    "direction": "direction",
    "cost_impact": "cost",
    "schedule_days": "schedule impact",
    "risk_note": "risk note",
    "requested_by": "requester",
    "decision_note": "decision note",
    "decided_by": "decision",
    "decided": "decision",
    "resolution": "resolution",
    "hours_per_day": "hours per day",
    "end": "end",
}
# Bookkeeping that is never news.
QUIET_FIELDS = frozenset({"id", "version", "position", "created_at", "updated_at", "done_at", "session"})
# The items a sentence can name, by kind of activity-log entry: (table, the column that names it).
NAMED_BY = {
    "task": ("task", "title"),
    "milestone": ("milestone", "name"),
    "person": ("person", "name"),
    "project": ("project", "name"),
    "change_request": ("change_request", "title"),
    "risk": ("risk", "title"),
    "issue": ("issue", "title"),
    "checklist_item": ("checklist_item", "title"),
    "metric": ("metric", "name"),
    "workstream": ("workstream", "name"),
}
COLUMN_WORDS = {
    "backlog": "Backlog",
    "ready": "Ready",
    "in_progress": "In progress",
    "blocked": "Blocked",
    "testing": "Testing",
    "done": "Done",
}
LEAVE_WORDS = {
    "pto": "leave",
    "sick": "sick leave",
    "training": "training",
    "holiday": "a holiday",
    "on_call": "on-call duty",
    "maintenance": "maintenance duty",
    "other": "time away",
}
WORDS_OF = {  # a kind of item as the sentences name it
    "task": "card",
    "milestone": "milestone",
    "person": "person",
    "project": "project",
    "change_request": "change",
    "risk": "risk",
    "issue": "issue",
    "checklist_item": "checklist item",
    "metric": "metric",
    "metric_reading": "metric reading",
    "workstream": "workstream",
    "ticket_load": "ticket load",
    "time_entry": "time entry",
    "commitment": "leave",
    "review": "review",
}
TEAM = ""  # the group of sentences that belong to no project


@dataclass(frozen=True)
class LoggedChange:
    """One activity-log entry, as :func:`sentences` reads it."""

    time: dt.datetime
    actor: str
    entity: str
    entity_id: int
    action: str
    changes: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    batch: str = ""
    step: str | None = None


@dataclass(frozen=True)
class Sentence:
    """One plain sentence about a change: its project (key, or "" for the team), whom it is about, and when."""

    text: str
    project: str
    person: str
    time: dt.datetime
    kind: str
    ref: int


@dataclass
class Items:
    """The items the entries name, as they are now: ``rows[(entity, id)]`` holds a row's columns.

    ``people`` and ``projects`` name people and projects by id; a deleted item
    has no row and is named from its entry.
    """

    rows: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    projects: dict[int, str] = field(default_factory=dict)


@dataclass
class SinceStandup:
    """The sentences since the last standup, grouped; ``total`` counts them all."""

    since: dt.date
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.sentences)


def day_text(day: object) -> str:
    """Return a stored date as ``4 Dec`` (``4 Dec 2027`` when not this year); "none" when there is none."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day[:10])
        except ValueError:
            return "an unreadable date"
    if not isinstance(day, dt.date):
        return "none"
    return f"{day.day} {day:%b}" if day.year == clock.today().year else f"{day.day} {day:%b %Y}"


def number_text(value: object) -> str:
    """Return a stored number without a trailing ``.0``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "none" if value is None else str(value)
    return f"{value:.1f}".rstrip("0").rstrip(".")


def fields_text(names: Iterable[str]) -> str:
    """Return changed fields in words: ``due date and estimate``; fields without words are "other details"."""
    words = list(dict.fromkeys(FIELD_WORDS.get(n, "other details") for n in names if n not in QUIET_FIELDS))
    if len(words) > 3:  # a sentence read out at standup names three, then counts the rest
        rest = len(words) - 3
        return ", ".join(words[:3]) + f" and {rest} other detail{'s' if rest > 1 else ''}"
    if len(words) > 1:
        return ", ".join(words[:-1]) + " and " + words[-1]
    return words[0] if words else "details"


class _Writer:
    """Writes the sentence of one entry, given the items it names."""

    def __init__(self, items: Items) -> None:
        self.items = items
        firsts = [name.split()[0].lower() for name in items.people.values() if name.split()]
        self.shown: dict[int, str] = {}  # a teammate by first name, or full name when two share it
        self.first_names: dict[str, str] = {}
        for pid, name in items.people.items():
            words = name.split()
            if not words:
                continue
            full = " ".join(words)
            shown = words[0] if firsts.count(words[0].lower()) == 1 else full
            self.shown[pid] = shown
            aliases = {full.lower(), "_".join(words).lower(), ".".join(words).lower(), "".join(words).lower()}
            if shown == words[0]:  # a first name two people share names neither
                aliases.add(words[0].lower())
            for alias in aliases:
                self.first_names.setdefault(alias, shown)

    def who(self, actor: str) -> str:
        """Return the person behind an actor: a teammate's first name, or the actor as recorded."""
        text = " ".join(str(actor).split()) or "someone"
        return self.first_names.get(text.lower(), text)

    def value(self, event: LoggedChange, name: str) -> Any:
        """Return a field's value after the entry: from the entry, else from the item as it is now."""
        if name in event.changes:
            return event.changes[name][1]
        row = self.items.rows.get((event.entity, event.entity_id))
        return None if row is None else row.get(name)

    def row(self, entity: str, ident: object) -> dict[str, Any]:
        return self.items.rows.get((entity, ident), {}) if isinstance(ident, int) else {}

    def title(self, entity: str, ident: int, event: LoggedChange | None = None) -> str:
        """Return ``*Title*`` for an item, from the item or, once deleted, from its entry."""
        column = NAMED_BY.get(entity, ("", "title"))[1]
        name = self.row(entity, ident).get(column)
        if not name and event is not None:
            for key in (column, "title", "name", "key"):
                if key in event.changes:
                    old, new = event.changes[key]
                    name = new or old
                    break
        text = " ".join(str(name).split()) if name else ""
        return f"*{text}*" if text else f"a {WORDS_OF.get(entity, 'item')}"

    def person(self, ident: object) -> str:
        if isinstance(ident, int) and ident in self.shown:
            return self.shown[ident]
        return "someone"

    def project_of(self, event: LoggedChange) -> str:
        """Return the key of the project an entry's item belongs to ("" for the team)."""
        if event.entity == "project":
            return self.items.projects.get(event.entity_id, "")
        pid = self.value(event, "project_id")
        if not isinstance(pid, int):
            if event.entity == "time_entry":
                pid = self.row("task", self.value(event, "task_id")).get("project_id")
            elif event.entity == "metric_reading":
                pid = self.row("metric", self.value(event, "metric_id")).get("project_id")
        return self.items.projects.get(pid, "") if isinstance(pid, int) else ""

    def subject(self, event: LoggedChange) -> str:
        """Return whom an entry is about: the person whose load, time or leave it is; else who made it."""
        if event.entity in ("ticket_load", "time_entry", "commitment"):
            pid = self.value(event, "person_id")
            if isinstance(pid, int) and pid in self.items.people:
                return self.person(pid)
        return self.who(event.actor)

    # --- the sentences ------------------------------------------------------------------------------

    def sentence(self, event: LoggedChange, batch: list[LoggedChange]) -> str | None:
        """Return the entry in words, or ``None`` when it is no news (a card reordered, bookkeeping)."""
        news = {k: v for k, v in event.changes.items() if k not in QUIET_FIELDS}
        if event.action in ("update", "move") and not news:
            return None
        writer = getattr(self, f"_{event.entity}", None)
        text = writer(event, news, batch) if writer is not None else None
        if text is None:
            text = self._generic(event, news)
        if event.step:
            text += " (an undo)" if event.step == "undo" else " (a redo)"
        return text

    def _generic(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]]) -> str:
        who, name = self.who(event.actor), self.title(event.entity, event.entity_id, event)
        what = WORDS_OF.get(event.entity, " ".join(event.entity.split("_")))
        if name.startswith("a "):
            name = f"a {what}"
        elif event.entity not in ("task", "project", "person"):
            name = f"{what} {name}"
        if event.action == "create":
            return f"{who} added {name}"
        if event.action == "delete":
            return f"{who} deleted {name}"
        return f"{who} changed the {fields_text(news)} of {name}"

    def _task(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str | None:
        who, name = self.who(event.actor), self.title("task", event.entity_id, event)
        if event.action == "create":
            column = COLUMN_WORDS.get(str(self.value(event, "column")), "the board")
            owner = self.value(event, "assignee_id")
            for_whom = f" for {self.person(owner)}" if isinstance(owner, int) else ""
            return f"{who} added {name} to {column}{for_whom}"
        if "column" in news:
            column = news["column"][1]
            if column == "done":
                return f"{who} finished {name}"
            if column == "blocked":
                reason = " ".join(str(self.value(event, "blocked_reason") or "").split())
                return f"{who} blocked {name}" + (f": {reason}" if reason else "")
            return f"{who} moved {name} to {COLUMN_WORDS.get(str(column), 'another column')}"
        if event.action == "update" and set(news) == {"remaining"}:
            old, new = news["remaining"]
            return f"{who} updated the work left on {name}: {number_text(old)} h → {number_text(new)} h"
        if event.action == "update" and set(news) == {"assignee_id"}:
            new = news["assignee_id"][1]
            return f"{who} gave {name} to {self.person(new)}" if new else f"{who} unassigned {name}"
        if event.action == "update" and set(news) == {"due"}:
            old, new = news["due"]
            return f"{who} moved the due date of {name}: {day_text(old)} → {day_text(new)}"
        return None

    def _milestone(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str | None:
        who, name = self.who(event.actor), self.title("milestone", event.entity_id, event)
        if event.action == "create":
            return f"{who} added milestone {name}, due {day_text(self.value(event, 'due_date'))}"
        if "done_date" in news:
            done = news["done_date"][1]
            return f"{who} marked {name} done" if done else f"{who} reopened {name}"
        if set(news) == {"due_date"}:
            return f"{who} moved {name}: {self._due_move(event)}"
        if set(news) == {"go_live"}:
            return f"{who} marked {name} as the go-live" if news["go_live"][1] else f"{who} unmarked the go-live {name}"
        return None

    def _due_move(self, milestone: LoggedChange) -> str:
        old, new = milestone.changes["due_date"]
        return f"due {day_text(old)} → {day_text(new)}"

    def _change_request(
        self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], batch: list[LoggedChange]
    ) -> str | None:
        name = self.title("change_request", event.entity_id, event)
        if event.action == "create":
            requester = " ".join(str(self.value(event, "requested_by") or "").split()) or self.who(event.actor)
            return f"{self.who(event.actor)} logged change {name}, asked for by {requester}"
        status = news.get("status", (None, None))[1]
        if status in ("approved", "rejected", "deferred"):
            decider = " ".join(str(self.value(event, "decided_by") or "").split())
            text = f"Change {name} {status} by {self.who(decider or event.actor)}"
            moves = [
                f"{self.title('milestone', m.entity_id, m).strip('*')} {self._due_move(m)}"
                for m in batch
                if m.entity == "milestone" and set(m.changes) - QUIET_FIELDS == {"due_date"}
            ]
            return text + (": " + "; ".join(moves) if moves else "")
        return None

    def _risk(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str | None:
        who, name = self.who(event.actor), self.title("risk", event.entity_id, event)
        if event.action == "create":
            return f"{who} added risk {name}"
        if set(news) == {"status"}:
            status = str(news["status"][1] or "")
            if status == "closed":
                return f"{who} closed risk {name}"
            return f"{who} marked risk {name} as {' '.join(status.split('_'))}"
        return None

    def _issue(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str | None:
        who, name = self.who(event.actor), self.title("issue", event.entity_id, event)
        if event.action == "create":
            return f"{who} logged issue {name}"
        if set(news) >= {"status"} and news["status"][1] == "resolved":
            return f"{who} resolved issue {name}"
        return None

    def _checklist_item(
        self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]
    ) -> str | None:
        who, name = self.who(event.actor), self.title("checklist_item", event.entity_id, event)
        if "done_date" in news and len(news) == 1:
            return f"{who} ticked off {name}" if news["done_date"][1] else f"{who} unticked {name}"
        if event.action == "update" and "owner_id" in news and isinstance(news["owner_id"][1], int):
            return f"{who} gave checklist item {name} to {self.person(news['owner_id'][1])}"
        return None

    def _ticket_load(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str:
        whose = self.subject(event)
        week = self.value(event, "week")
        week_text = "a week"
        if isinstance(week, str):
            with contextlib.suppress(ValueError):
                week_text = f"week {dt.date.fromisoformat(week[:10]).isocalendar()[1]}"
        if event.action == "delete":
            return f"{self.who(event.actor)} removed {whose}'s ticket load for {week_text}"
        hours, tickets = self.value(event, "hours"), self.value(event, "tickets")
        count = hours if hours is not None else tickets
        unit = ("ticket hour" if hours is not None else "ticket") + ("" if count == 1 else "s")
        amount = f"{number_text(count)} {unit}"
        return f"{whose} logged {amount} for {week_text}"

    def _time_entry(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str:
        whose = self.subject(event)
        card = self.title("task", self.value(event, "task_id"))
        if event.action == "delete":
            return f"{self.who(event.actor)} removed time {whose} logged on {card}"
        return f"{whose} logged {number_text(self.value(event, 'hours'))} h on {card}"

    def _commitment(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str:
        kind = LEAVE_WORDS.get(str(self.value(event, "kind")), "time away")
        start, end = self.value(event, "start"), self.value(event, "end")
        when = day_text(start) if start == end else f"{day_text(start)} to {day_text(end)}"
        whom = self.value(event, "person_id")
        who = self.who(event.actor)
        if not isinstance(whom, int):
            if event.action == "delete":
                return f"{who} removed {kind} for everyone on {when}"
            return f"{who} added {kind} for everyone: {when}"
        person = self.person(whom)
        if event.action == "create":
            return f"{person} is away: {kind}, {when}"
        if event.action == "delete":
            return f"{who} removed {person}'s {kind}, {when}"
        return f"{who} changed {person}'s {kind}: now {when}"

    def _metric_reading(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str:
        metric_id = self.value(event, "metric_id")
        metric = self.title("metric", metric_id)
        unit = " ".join(str(self.row("metric", metric_id).get("unit") or "").split())
        value = number_text(self.value(event, "value")) + (f" {unit}" if unit else "")
        day = day_text(self.value(event, "day"))
        if event.action == "delete":
            return f"{self.who(event.actor)} removed the reading of {metric} for {day}"
        return f"{self.who(event.actor)} recorded {metric} at {value} for {day}"

    def _person(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str | None:
        who = self.who(event.actor)
        name = self.shown.get(event.entity_id) or self.title("person", event.entity_id, event).strip("*")
        if event.action == "create":
            return f"{who} added {name} to the team"
        if set(news) == {"active"}:
            return f"{who} marked {name} as {'active' if news['active'][1] else 'left the team'}"
        return f"{who} changed {name}'s {fields_text(news)}" if event.action == "update" else None

    def _project(self, event: LoggedChange, news: Mapping[str, tuple[Any, Any]], _: list[LoggedChange]) -> str | None:
        who, name = self.who(event.actor), self.title("project", event.entity_id, event)
        if event.action == "create":
            return f"{who} added project {name}"
        if set(news) == {"status"}:
            return f"{who} moved project {name} to {' '.join(str(news['status'][1]).split('_'))}"
        if "rag_override" in news and news["rag_override"][1]:
            return f"{who} set project {name} to {str(news['rag_override'][1]).replace('_', ' ').upper()}"
        return f"{who} changed the {fields_text(news)} of project {name}" if event.action == "update" else None


def sentences(events: Iterable[LoggedChange], items: Items, since: dt.date) -> SinceStandup:
    """Return the news of ``events`` (newest first) in plain sentences, grouped by project, then person.

    One sentence per item: its latest news. A milestone moved by a change
    decided in the same step is said with the decision.
    """
    ordered = list(events)
    batches: dict[str, list[LoggedChange]] = {}
    for event in ordered:
        if event.batch:
            batches.setdefault(event.batch, []).append(event)
    told_with_decision: set[tuple[str, int]] = set()
    for batch in batches.values():
        if any(e.entity == "change_request" and "status" in e.changes for e in batch):
            told_with_decision |= {(e.entity, e.entity_id) for e in batch if e.entity == "milestone"}
    writer = _Writer(items)
    seen: set[tuple[str, int]] = set()
    found: list[Sentence] = []
    for event in ordered:
        key = (event.entity, event.entity_id)
        if key in seen or event.entity == "settings" or key in told_with_decision:
            continue
        text = writer.sentence(event, batches.get(event.batch, []) if event.batch else [])
        if text is None:
            continue
        seen.add(key)
        kind = "change" if event.entity == "change_request" else event.entity
        found.append(Sentence(text, writer.project_of(event), writer.subject(event), event.time, kind, event.entity_id))
    newest_first = sorted(found, key=lambda s: s.time, reverse=True)  # stable: ties keep the log's order
    grouped = sorted(newest_first, key=lambda s: (s.project == TEAM, s.project, s.person.lower()))
    return SinceStandup(since, grouped)


# --- reading them ------------------------------------------------------------------------------------------

CHUNK = 500  # ids per query: well under SQLite's limit of bound values


def _fetch(conn: sqlite3.Connection, table: str, ids: set[int]) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        part = ordered[start : start + CHUNK]
        cursor = conn.execute(f'SELECT * FROM "{table}" WHERE id IN ({", ".join("?" * len(part))})', part)
        names = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            rows[row[0]] = dict(zip(names, row, strict=True))
    return rows


TABLES = frozenset(set(WORDS_OF) - {"review"})


_READ: dict[tuple[Any, ...], LoggedChange] = {}
"""The log entries read last time, by their whole row: the log only grows, and each Overview reads the same day's."""


def _read_events(rows: list[tuple[Any, ...]]) -> list[LoggedChange]:
    """Return the log entries of ``rows`` (id first), each parsed once: a row read before is taken as it was read.

    The whole row is the key, so an entry whose id came back with other
    content (a database restored from a backup, then written to) is read again.
    """
    known = _READ
    events: list[LoggedChange] = []
    read: dict[tuple[Any, ...], LoggedChange] = {}
    for row in rows:
        event = known.get(row)
        if event is None:
            _, time, actor, entity, entity_id, action, raw, batch, step = row
            event = LoggedChange(
                clock.from_stored(time), str(actor), entity, entity_id, action, read_changes(raw), batch, step
            )
        read[row] = event
        events.append(event)
    _READ.clear()  # only the last read is kept: it holds the entries since the last standup, and no more
    _READ.update(read)
    return events


def load_since(conn: sqlite3.Connection, since: dt.date) -> SinceStandup:
    """Return the sentences of everything logged since the start of ``since`` (local time), grouped."""
    since_utc = dt.datetime.combine(since, dt.time()).astimezone(dt.UTC).replace(tzinfo=None)
    # Sorted here, not in SQL: ordered by id, SQLite would read the whole log newest first to skip the
    # old entries rather than seek to the first new one through the index on time.
    logged = sorted(
        conn.execute(
            "SELECT id, time, actor, entity, entity_id, action, changes, batch, step FROM event WHERE time >= ?",
            (since_utc.strftime("%Y-%m-%d %H:%M:%S.%f"),),
        ).fetchall(),
        key=lambda row: row[0],
        reverse=True,
    )
    events = _read_events(logged)
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.entity in TABLES:
            wanted.setdefault(event.entity, set()).add(event.entity_id)
    items = Items()
    for entity in ("time_entry", "metric_reading"):
        rows = _fetch(conn, entity, wanted.pop(entity, set()))
        items.rows.update({(entity, i): r for i, r in rows.items()})
        related = "task" if entity == "time_entry" else "metric"
        column = "task_id" if entity == "time_entry" else "metric_id"
        found = {r.get(column) for r in rows.values()} | {
            e.changes.get(column, (None, None))[1] for e in events if e.entity == entity
        }
        wanted.setdefault(related, set()).update(i for i in found if isinstance(i, int))
    for entity, ids in wanted.items():
        items.rows.update({(entity, i): r for i, r in _fetch(conn, entity, ids).items()})
    items.people = {pid: str(name) for pid, name in conn.execute("SELECT id, name FROM person")}
    items.projects = {pid: str(key) for pid, key in conn.execute('SELECT id, "key" FROM project')}
    return sentences(events, items, since)
