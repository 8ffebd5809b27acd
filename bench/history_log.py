"""The activity log of the history set: 1,000,000 entries over five years, as SupportPM writes them.

Each item's entries are made in the order its life went: a task is created
in Backlog, moved through the columns to Done, and in between its remaining
work is logged, it changes hands, its due date or priority moves, and now and
then a change is undone. People work in dashboard sessions (one per person
and day) or from the command line; ticket load arrives as weekly imports.
The entries are sorted by time and numbered, so ids grow with time as they
do in use; the newest are the large set's current cards, in the last weeks.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from sqlalchemy import bindparam, insert, update

from bench.generate import SIZES
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Event, Task

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
DAY = 86_400
ACTORS = [f"person_{i:03d}" for i in range(1, 41)] + ["lead", "desk"]  # the 40 people who plan, the lead, the desk
CHUNK = 50_000  # entries per executemany
CACHE_KB = 512 * 1024
# An entry before it is numbered: (seconds since EPOCH, entity, id, action, changes, actor, batch, step, undo_of,
# version, origin); batch and undo_of are numbers made into text when written, origin "" means "by session".
Entry = tuple[int, str, int, str, str, int, int, str | None, int | None, int, str]


def _seconds(moment: dt.datetime) -> int:
    return int((moment - EPOCH).total_seconds())


def _iso(seconds: int) -> str:
    return (EPOCH + dt.timedelta(seconds=seconds)).isoformat()


class LogWriter:
    """Collects the history set's log entries item by item, then writes them numbered in time order."""

    def __init__(self, rng: random.Random, today: dt.date, size: int) -> None:
        self.rng = rng
        self.today = today
        self.size = size
        self.entries: list[Entry] = []
        self.batches = 0
        self.now = _seconds(dt.datetime.combine(today, dt.time(8, 0), tzinfo=dt.UTC))

    def _batch(self) -> int:
        self.batches += 1
        return self.batches

    def _add(
        self,
        when: int,
        entity: str,
        oid: int,
        action: str,
        changes: str,
        version: int,
        actor: int | None = None,
        batch: int | None = None,
        origin: str = "",
    ) -> int:
        """Add one entry; return its batch."""
        batch = batch if batch is not None else self._batch()
        who = actor if actor is not None else self.rng.randrange(len(ACTORS))
        self.entries.append(
            (min(when, self.now), entity, oid, action, changes, who, batch, None, None, version, origin)
        )
        return batch

    def _working_time(self, day: dt.date) -> int:
        """Return a moment of the working day ``day`` (UTC), in seconds."""
        return _seconds(dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC)) + self.rng.randint(0, 10 * 3600)

    # --- the items ------------------------------------------------------------------------------

    def current_items(self, store: Store, today: dt.date) -> None:
        """Log the large set's people, projects, milestones, risks and current cards; give cards their versions."""
        with store.read() as session:
            conn = session.connection()
            people = conn.exec_driver_sql("SELECT id, name FROM person").all()
            projects = conn.exec_driver_sql('SELECT id, "key", name, start FROM project').all()
            milestones = conn.exec_driver_sql("SELECT id, name, due_date FROM milestone").all()
            risks = conn.exec_driver_sql("SELECT id, title FROM risk").all()
            cards = conn.exec_driver_sql(
                'SELECT id, title, "column", estimate, assignee_id, project_id, milestone_id FROM task'
            ).all()
        five_years = today - dt.timedelta(days=365 * 5)
        for pid, name in people:
            self._add(self._working_time(five_years), "person", pid, "create", _created({"name": name}), 1)
        for pid, key, name, start in projects:
            began = dt.date.fromisoformat(start) if start else today - dt.timedelta(days=self.rng.randint(30, 700))
            day = began - dt.timedelta(days=self.rng.randint(0, 20))
            self._add(self._working_time(day), "project", pid, "create", _created({"key": key, "name": name}), 1)
        for mid, name, due in milestones:
            day = today - dt.timedelta(days=self.rng.randint(20, 200))
            changes = _created({"name": name, "due_date": due, "baseline_date": due})
            self._add(self._working_time(day), "milestone", mid, "create", changes, 1)
        for rid, title in risks:
            day = today - dt.timedelta(days=self.rng.randint(7, 200))
            self._add(self._working_time(day), "risk", rid, "create", _created({"title": title, "status": "open"}), 1)
        versions = []
        for tid, title, column, estimate, assignee, project, milestone in cards:
            card = {
                "title": title,
                "column": "backlog",
                "estimate": estimate,
                "remaining": estimate,
                "assignee_id": assignee,
                "project_id": project,
                "milestone_id": milestone,
            }
            made = self._working_time(today - dt.timedelta(days=self.rng.randint(1, 56)))
            last = self.rng.randint(made + 3600, max(made + 3600, self.now))
            version = self._card_life(tid, card, made, last, _path(column, self.rng), self.rng.randint(0, 3))
            versions.append({"oid": tid, "v": version})
        with store.write() as session:
            task = Task.__table__  # type: ignore[attr-defined]
            session.connection().execute(
                update(task).where(task.c.id == bindparam("oid")).values(version=bindparam("v")), versions
            )

    def done_projects(self, rows: list[dict[str, Any]]) -> None:
        """Log the creation of the finished projects and their closing."""
        for row in rows:
            made = self._working_time(row["start"] - dt.timedelta(days=self.rng.randint(0, 20)))
            self._add(made, "project", row["id"], "create", _created({"key": row["key"], "name": row["name"]}), 1)
            closed = self._working_time(row["target"])
            self._add(closed, "project", row["id"], "update", _changed("status", "active", row["status"]), 2)
            row["version"] = 2

    def done_milestones(self, rows: list[dict[str, Any]]) -> None:
        """Log each done milestone: created, its due date moved now and then, marked done."""
        for row in rows:
            made = self._working_time(row["baseline_date"] - dt.timedelta(days=self.rng.randint(30, 120)))
            base = {"name": row["name"], "due_date": row["baseline_date"], "baseline_date": row["baseline_date"]}
            self._add(made, "milestone", row["id"], "create", _created(base), 1)
            version = 1
            if row["due_date"] != row["baseline_date"]:
                version += 1
                moved = self._working_time(row["baseline_date"] - dt.timedelta(days=self.rng.randint(1, 20)))
                change = _changed("due_date", row["baseline_date"].isoformat(), row["due_date"].isoformat())
                self._add(moved, "milestone", row["id"], "update", change, version)
            version += 1
            done = row["done_date"].isoformat()
            self._add(
                self._working_time(row["done_date"]),
                "milestone",
                row["id"],
                "update",
                _changed("done_date", None, done),
                version,
            )
            row["version"] = version

    def closed_risks(self, rows: list[dict[str, Any]]) -> None:
        """Log each closed risk: raised, mitigated, reviewed, closed."""
        for row in rows:
            closed = row["review_date"]
            made = self._working_time(closed - dt.timedelta(days=self.rng.randint(20, 200)))
            self._add(made, "risk", row["id"], "create", _created({"title": row["title"], "status": "open"}), 1)
            self._add(made + 3 * DAY, "risk", row["id"], "update", _changed("status", "open", "mitigating"), 2)
            self._add(made + 10 * DAY, "risk", row["id"], "update", _changed("likelihood", 4, row["likelihood"]), 3)
            self._add(
                self._working_time(closed), "risk", row["id"], "update", _changed("status", "mitigating", "closed"), 4
            )
            row["version"] = 4

    def decided_changes(self, rows: list[dict[str, Any]]) -> None:
        """Log each change request: asked for, then decided."""
        for row in rows:
            self._add(
                self._working_time(row["requested"]),
                "change_request",
                row["id"],
                "create",
                _created({"title": row["title"], "status": "proposed"}),
                1,
            )
            decision = json.dumps(
                {"decided": [None, row["decided"].isoformat()], "status": ["proposed", row["status"]]}
            )
            self._add(self._working_time(row["decided"]), "change_request", row["id"], "update", decision, 2)

    def ticket_loads(
        self, rows: list[dict[str, Any]], first_id: int = SIZES["people"] * SIZES["ticket_weeks"] + 1
    ) -> None:
        """Log the weekly ticket-load imports: one change per week, by the service desk."""
        weeks: dict[dt.date, int] = {}
        for oid, row in enumerate(rows, start=first_id):
            week = row["week"]
            if week not in weeks:
                weeks[week] = self._batch()
            changes = _created({"person_id": row["person_id"], "week": week, "hours": row["hours"]})
            moment = _seconds(dt.datetime.combine(week + dt.timedelta(days=4), dt.time(16), tzinfo=dt.UTC))
            self._add(moment, "ticket_load", oid, "create", changes, 1, ACTORS.index("desk"), weeks[week], "import")

    def done_tasks(self, rows: list[dict[str, Any]]) -> None:
        """Log each done task's life; their updates fill the log up to its size."""
        paths = [_path("done", self.rng) for _ in rows]
        left = self.size - len(self.entries) - sum(len(p) for p in paths)  # a create and the moves
        extra = [0] * len(rows)
        for _ in range(max(0, left)):
            extra[self.rng.randrange(len(rows))] += 1
        for row, path, updates in zip(rows, paths, extra, strict=True):
            card = {k: row[k] for k in ("title", "estimate", "assignee_id", "project_id", "milestone_id")}
            card.update(column="backlog", remaining=row["estimate"])
            row["version"] = self._card_life(
                row["id"], card, _seconds(row["created_at"]), _seconds(row["done_at"]), path, updates
            )

    def _card_life(self, tid: int, card: dict[str, Any], made: int, last: int, path: list[str], updates: int) -> int:
        """Log a card created at ``made``, moved along ``path`` (the last move at ``last``) with ``updates`` between.

        Return its version after all of them. Now and then an update is undone
        a minute later by the same person (each undo is one of the ``updates``).
        """
        rng = self.rng
        actor = rng.randrange(len(ACTORS))
        self._add(made, "task", tid, "create", _created(card), 1, actor)
        version, stamp = 1, made
        middle = max(0, len(path) - 2)  # the moves before the last one
        steps = middle + updates
        moments = sorted(rng.randint(made + 60, max(made + 60, last - 60)) for _ in range(steps))
        moves = set(rng.sample(range(steps), middle))
        column, at = "backlog", 0
        undo_next: tuple[int, str, Any, str] | None = None
        for slot, moment in enumerate(moments):
            version += 1
            if undo_next is not None:
                batch, field, old, reverse = undo_next
                entry = (moment, "task", tid, "update", reverse, actor, self._batch(), "undo", batch, version, "")
                self.entries.append(entry)
                card[field] = old
                undo_next = None
            elif slot in moves:
                at += 1
                self._add(moment, "task", tid, "move", _moved(column, path[at], stamp, moment), version, actor)
                column = path[at]
            else:
                field, old, new = self._an_update(card)
                batch = self._add(moment, "task", tid, "update", _edit(field, old, new, stamp, moment), version, actor)
                card[field] = new
                if rng.random() < 0.004 and slot + 1 < steps and slot + 1 not in moves:
                    undo_next = (batch, field, old, _edit(field, new, old, moment, moment + 60))
            stamp = moment
        if len(path) > 1:
            version += 1
            done = path[-1] == "done"
            final: dict[str, Any] = {"column": [column, path[-1]], "updated_at": [_iso(stamp), _iso(last)]}
            if done:
                final.update(done_at=[None, _iso(last)], remaining=[card["remaining"], 0.0])
            self._add(last, "task", tid, "move", json.dumps(final, sort_keys=True), version, actor)
        return version

    def _an_update(self, card: dict[str, Any]) -> tuple[str, Any, Any]:
        """Return (field, old, new) of an everyday edit of ``card``: mostly work logged, now and then another field."""
        rng = self.rng
        kind = rng.random()
        if kind < 0.7:
            old = card["remaining"]
            return "remaining", old, max(0.0, old - float(rng.randint(1, 3)))
        if kind < 0.82:
            return "assignee_id", card.get("assignee_id"), rng.randint(1, SIZES["people"])
        if kind < 0.92:
            return "priority", card.get("priority", "normal"), rng.choice(["low", "normal", "high", "urgent"])
        return "due", card.get("due"), (self.today - dt.timedelta(days=rng.randint(0, 1800))).isoformat()

    # --- writing ----------------------------------------------------------------------------------

    def write(self, store: Store) -> int:
        """Write the entries, numbered in time order, in one transaction; return how many."""
        self.entries.sort(key=lambda e: e[0])
        with store.write() as session:
            conn = session.connection()
            conn.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KB}")  # the log's indexes stay in memory while written
            event = Event.__table__  # type: ignore[attr-defined]
            for start in range(0, len(self.entries), CHUNK):
                rows = [
                    _row(oid, entry) for oid, entry in enumerate(self.entries[start : start + CHUNK], start=start + 1)
                ]
                conn.execute(insert(event), rows)
        return len(self.entries)


def _row(oid: int, entry: Entry) -> dict[str, Any]:
    """Return the entry as the event table's row."""
    when, entity, entity_id, action, changes, actor, batch, step, undo_of, version, origin = entry
    day = when // DAY
    session = f"{(actor * 100_003 + day) * 2_654_435_761 % 2**48:012x}"
    return {
        "id": oid,
        "time": EPOCH + dt.timedelta(seconds=when),
        "actor": ACTORS[actor],
        "batch": f"{batch * 11_400_714_819 % 2**48:012x}",
        "entity": entity,
        "entity_id": entity_id,
        "action": action,
        "changes": changes,
        "undo_of": None if undo_of is None else f"{undo_of * 11_400_714_819 % 2**48:012x}",
        "session": session,
        "origin": origin or ("cli" if (actor + day) % 4 == 0 else "dashboard"),
        "step": step,
        "version": version,
        "db_user": None,
    }


def _path(column: str, rng: random.Random) -> list[str]:
    """Return the columns a card went through from Backlog to ``column``."""
    order = ["backlog", "ready", "in_progress", "testing", "done"]
    if column == "blocked":
        return ["backlog", "ready", "in_progress", "blocked"]
    path = order[: order.index(column) + 1]
    if column == "done" and rng.random() < 0.3:
        path.remove("testing")
    if len(path) > 3 and rng.random() < 0.1:  # blocked for a while on the way
        path[3:3] = ["blocked", "in_progress"]
    return path


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _created(fields: dict[str, Any]) -> str:
    return json.dumps({k: [None, _text(v)] for k, v in sorted(fields.items())})


def _changed(field: str, old: Any, new: Any) -> str:
    return json.dumps({field: [_text(old), _text(new)]})


def _edit(field: str, old: Any, new: Any, before: int, now: int) -> str:
    return json.dumps({field: [old, new], "updated_at": [_iso(before), _iso(now)]})


def _moved(old: str, new: str, before: int, now: int) -> str:
    return json.dumps({"column": [old, new], "updated_at": [_iso(before), _iso(now)]})
