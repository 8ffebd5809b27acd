"""Preview and write an :class:`ImportedPlan`: all or nothing, updating what an earlier import of it made.

Items keep the format's name and their id there (``source``, ``source_id``), so importing the same file again
updates the cards, milestones and days off it made before instead of duplicating them. A name that matches no
person is listed with the closest one; it stops the import unless the people are to be created.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.text import clean_line, name_key
from supportpm_tui.core.vocabulary import Column, CommitmentKind, Priority
from supportpm_tui.services import base
from supportpm_tui.services.imports.plan import (
    ImportedDaysOff,
    ImportedMilestone,
    ImportedPlan,
    ImportedTask,
    ImportFileError,
    RowError,
    name_variants,
)
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Commitment, Milestone, Person, Task, TaskBlocker


@dataclass(frozen=True)
class UnknownName:
    """A name in the file that matches no person: the first line it is on and the closest person, if any."""

    name: str
    line: int
    closest: str | None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        hint = f" (closest: {self.closest})" if self.closest else " (no one close)"
        return f"{where}no person named {self.name!r}{hint}"


@dataclass
class ImportSummary:
    """What an import creates and updates (or would, for a preview)."""

    source: str
    project: str
    tasks_new: int = 0
    tasks_updated: int = 0
    tasks_same: int = 0
    milestones_new: int = 0
    milestones_updated: int = 0
    milestones_same: int = 0
    days_off_new: int = 0
    days_off_updated: int = 0
    days_off_same: int = 0
    people_new: list[str] = field(default_factory=list)
    unknown: list[UnknownName] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def lines(self) -> list[str]:
        """Return the summary as sentences, one per kind of item (and one per note and unknown name)."""
        out: list[str] = []
        verb = ("created", "updated") if self.written else ("to create", "to update")
        for label, new, updated, same in (
            ("tasks", self.tasks_new, self.tasks_updated, self.tasks_same),
            ("milestones", self.milestones_new, self.milestones_updated, self.milestones_same),
            ("days off", self.days_off_new, self.days_off_updated, self.days_off_same),
        ):
            if new or updated or same:
                parts = [f"{new} {verb[0]}", f"{updated} {verb[1]}"]
                if same:
                    parts.append(f"{same} unchanged")
                out.append(f"{label.capitalize()}: " + ", ".join(parts))
        if self.people_new:
            out.append(f"People {verb[0]}: " + ", ".join(self.people_new))
        out.extend(f"Unknown person, {u}" for u in self.unknown)
        out.extend(f"Note: {n}" for n in self.notes)
        if not out:
            out.append("Nothing to import: the file holds no tasks, milestones or days off")
        return out

    def as_json(self) -> dict[str, Any]:
        """Return the summary as JSON data."""
        return {
            "source": self.source,
            "project": self.project,
            "written": self.written,
            "tasks": {"new": self.tasks_new, "updated": self.tasks_updated, "unchanged": self.tasks_same},
            "milestones": {
                "new": self.milestones_new,
                "updated": self.milestones_updated,
                "unchanged": self.milestones_same,
            },
            "days_off": {"new": self.days_off_new, "updated": self.days_off_updated, "unchanged": self.days_off_same},
            "people_new": list(self.people_new),
            "unknown_people": [{"name": u.name, "line": u.line, "closest": u.closest} for u in self.unknown],
            "notes": list(self.notes),
        }


class _Preview(Exception):
    """Raised inside the write transaction to take a preview's writes back."""

    def __init__(self, summary: ImportSummary) -> None:
        super().__init__("preview")
        self.summary = summary


def preview_plan(
    store: Store, plan: ImportedPlan, project: str | None, *, create_people: bool = False
) -> ImportSummary:
    """Return what importing ``plan`` would do, writing nothing; unknown people are listed, not refused."""
    try:
        with store.write() as session:
            summary = _apply(store, session, plan, project, create_people=create_people, refuse_unknown=False)
            raise _Preview(summary)
    except _Preview as preview:
        return preview.summary


def import_plan(store: Store, plan: ImportedPlan, project: str | None, *, create_people: bool = False) -> ImportSummary:
    """Write ``plan`` into the database in one transaction; return what was created and updated.

    Raises :class:`ImportFileError` (one line per problem, nothing written) for bad rows and for names
    that match no person unless ``create_people``.
    """
    with store.write() as session:
        summary = _apply(store, session, plan, project, create_people=create_people, refuse_unknown=True)
    summary.written = True
    return summary


# --- the work ----------------------------------------------------------------------------------------------


def _apply(
    store: Store,
    session: Session,
    plan: ImportedPlan,
    project: str | None,
    *,
    create_people: bool,
    refuse_unknown: bool,
) -> ImportSummary:
    """Create and update what ``plan`` holds in ``session``; return the summary."""
    project_id: int | None = None
    key = ""
    if plan.tasks or plan.milestones:
        if not project or not clean_line(project):
            raise FieldError("project", "give --project KEY: the project the tasks and milestones go into")
        found = base.find_project(session, project)
        project_id, key = found.id, found.key
    summary = _new_summary(plan, key)
    people = _People(session, plan.source)
    for name, line in _names_used(plan):
        people.match(name, line)
    if people.unknown:
        if create_people:
            summary.people_new = people.create_unknown(store, session)
        else:
            summary.unknown = people.unknown
            if refuse_unknown:
                raise ImportFileError(
                    [RowError(u.line, "person", str(u).split(": ", 1)[-1]) for u in people.unknown]
                    + [RowError(0, "", "add them first, fix the names in the file, or import with --create-people")]
                )
    errors: list[RowError] = []
    if project_id is not None:
        milestones = _Milestones(store, session, plan, project_id, people, summary, errors)
        milestones.write()
        _Tasks(store, session, plan, project_id, people, milestones.ids, summary, errors).write()
        milestones.link()
    _write_days_off(store, session, plan, people, summary, errors)
    if errors:
        raise ImportFileError(errors)
    return summary


def _new_summary(plan: ImportedPlan, key: str) -> ImportSummary:
    summary = ImportSummary(source=plan.source, project=key)
    summary.notes.extend(plan.notes)
    return summary


def _names_used(plan: ImportedPlan) -> Iterable[tuple[str, int]]:
    """Yield each person's name the plan uses, with the line it is first on."""
    for name in plan.people:
        yield name, 0
    for task in plan.tasks:
        if task.assignee:
            yield task.assignee, task.line
    for milestone in plan.milestones:
        if milestone.owner:
            yield milestone.owner, milestone.line
    for days in plan.days_off:
        if days.person:
            yield days.person, days.line


class _People:
    """The team's people by name (also "Last, First" and e-mail style), and the names in a file that match none."""

    def __init__(self, session: Session, source: str) -> None:
        self.source = source
        self.all = list(session.exec(select(Person)).all())
        self.by_key: dict[str, int] = {}
        for person in self.all:
            assert person.id is not None
            for variant in name_variants(person.name):
                self.by_key.setdefault(variant, person.id)
            if person.source == source and person.source_id:
                self.by_key.setdefault(name_key(person.source_id), person.id)
        self.unknown: list[UnknownName] = []
        self._unknown_keys: set[str] = set()

    def match(self, name: str, line: int) -> int | None:
        """Return the id of the person ``name`` means; remember it as unknown when there is none."""
        for variant in name_variants(name):
            if variant in self.by_key:
                return self.by_key[variant]
        key = name_key(clean_line(name))
        if key not in self._unknown_keys:
            self._unknown_keys.add(key)
            self.unknown.append(UnknownName(clean_line(name), line, self._closest(name)))
        return None

    def id_of(self, name: str) -> int | None:
        """Return the id of the person ``name`` means (``None`` for no name)."""
        if not name.strip():
            return None
        for variant in name_variants(name):
            if variant in self.by_key:
                return self.by_key[variant]
        return None

    def _closest(self, name: str) -> str | None:
        names = {name_key(p.name): p.name for p in self.all}
        wanted = name_variants(name)[-1]
        found = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
        return names[found[0]] if found else None

    def create_unknown(self, store: Store, session: Session) -> list[str]:
        """Add a person for each unknown name; return their names."""
        made: list[str] = []
        for unknown in self.unknown:
            person = Person(name=base.required_text(unknown.name, "person"), source=self.source, source_id=unknown.name)
            base.create(store, session, person)
            assert person.id is not None
            for variant in name_variants(unknown.name):
                self.by_key.setdefault(variant, person.id)
            made.append(person.name)
        self.unknown = []
        return made


def _existing(session: Session, model: type[Any], source: str, project_id: int | None, *, every: bool = False) -> Any:
    """Return the items of ``model`` an earlier import from ``source`` made (in the project), by source id
    (``every``: all of them, as a list)."""
    query = select(model).where(model.source == source).where(model.source_id != "")
    if project_id is not None:
        query = query.where(model.project_id == project_id)
    items = session.exec(query).all()
    return list(items) if every else {item.source_id: item for item in items}


def _row(errors: list[RowError], line: int, error: UserError) -> None:
    """Add a field error as a bad row."""
    where = error.field if isinstance(error, FieldError) else ""
    message = error.message if isinstance(error, FieldError) else str(error)
    errors.append(RowError(line, where, message))


def _insert(session: Session, items: Sequence[SQLModel]) -> None:
    """Insert ``items`` at once (they get their ids)."""
    if items:
        session.add_all(items)
        session.flush()


def _record_created(
    store: Store, session: Session, items: Sequence[SQLModel], links: dict[str, dict[str, list[int]]] | None = None
) -> None:
    """Log a create Event for each inserted item, with its links (by the item's source id)."""
    for item in items:
        entity = base.entity_name(item)
        names = [column.key for column in item.__table__.columns]  # type: ignore[attr-defined]
        data = {name: base.to_json(getattr(item, name)) for name in names}
        for link in base.LINKS.get(entity, {}):
            data[link] = (links or {}).get(link, {}).get(getattr(item, "source_id", ""), [])
        oid = item.id  # type: ignore[attr-defined]
        base.record(store, session, entity, oid, "create", {k: [None, v] for k, v in data.items()}, version=1)


def _create_all(store: Store, session: Session, items: list[SQLModel]) -> None:
    """Insert ``items`` and log a create Event for each."""
    _insert(session, items)
    _record_created(store, session, items)


class _Milestones:
    """The plan's milestones: created or updated, their ids by source id and by name."""

    def __init__(
        self,
        store: Store,
        session: Session,
        plan: ImportedPlan,
        project_id: int,
        people: _People,
        summary: ImportSummary,
        errors: list[RowError],
    ) -> None:
        self.store, self.session, self.plan, self.project_id = store, session, plan, project_id
        self.people, self.summary, self.errors = people, summary, errors
        self.ids: dict[str, int] = {}
        """Milestone ids by source id and by the name's key (for the tasks that name theirs)."""

    def write(self) -> None:
        existing = _existing(self.session, Milestone, self.plan.source, self.project_id)
        named = {
            name_key(m.name): m
            for m in self.session.exec(select(Milestone).where(Milestone.project_id == self.project_id)).all()
        }
        fresh: list[SQLModel] = []
        fallback = self._fallback_dates()
        for item in self.plan.milestones:
            try:
                values = self._values(item, fallback)
            except UserError as error:
                _row(self.errors, item.line, error)
                continue
            found = existing.get(item.source_id) or named.get(name_key(values["name"]))
            if found is None:
                milestone = Milestone(project_id=self.project_id, baseline_date=values["due_date"], **values)
                fresh.append(milestone)
                named[name_key(milestone.name)] = milestone
                self.summary.milestones_new += 1
            else:
                if base.update(self.store, self.session, found, values):
                    self.summary.milestones_updated += 1
                else:
                    self.summary.milestones_same += 1
                milestone = found
        if self.errors:
            return
        _create_all(self.store, self.session, fresh)
        for milestone in named.values():
            assert milestone.id is not None
            self.ids[name_key(milestone.name)] = milestone.id
            if milestone.source == self.plan.source and milestone.source_id:
                self.ids[milestone.source_id] = milestone.id

    def _fallback_dates(self) -> dict[str, dt.date]:
        """Return, for milestones without a date, the latest due date of their tasks."""
        latest: dict[str, dt.date] = {}
        for task in self.plan.tasks:
            when = task.due or task.done
            if task.milestone and when is not None:
                key = name_key(task.milestone)
                latest[key] = max(latest.get(key, when), when)
        return latest

    def _values(self, item: ImportedMilestone, fallback: dict[str, dt.date]) -> dict[str, Any]:
        name = base.required_text(item.name, "name")
        due = item.due or fallback.get(name_key(name))
        if due is None:
            due = clock.today()
            self.summary.notes.append(f"milestone {name!r} has no date in the file: due today ({due}) until you set it")
        values: dict[str, Any] = {
            "name": name,
            "due_date": due,
            "done_date": item.done,
            "deliverable": base.optional_text(item.deliverable, "deliverable"),
            "owner_id": self.people.id_of(item.owner),
            "source": self.plan.source,
            "source_id": item.source_id,
        }
        base.check_values(values)
        return values

    def link(self) -> None:
        """Link each imported milestone to the ones it follows (in the file)."""
        for item in self.plan.milestones:
            own = self.ids.get(item.source_id) or self.ids.get(name_key(item.name))
            if own is None or not item.predecessors:
                continue
            wanted = sorted({self.ids[p] for p in item.predecessors if p in self.ids and self.ids[p] != own})
            milestone = self.session.get(Milestone, own)
            assert milestone is not None
            base.update(self.store, self.session, milestone, {"predecessors": wanted})


class _Tasks:
    """The plan's cards: created or updated, then their blockers linked; a cycle is a bad row."""

    def __init__(
        self,
        store: Store,
        session: Session,
        plan: ImportedPlan,
        project_id: int,
        people: _People,
        milestone_ids: dict[str, int],
        summary: ImportSummary,
        errors: list[RowError],
    ) -> None:
        self.store, self.session, self.plan, self.project_id = store, session, plan, project_id
        self.people, self.milestone_ids, self.summary, self.errors = people, milestone_ids, summary, errors
        self.now = clock.now_utc()

    def write(self) -> None:
        existing = _existing(self.session, Task, self.plan.source, self.project_id)
        ends = self._column_ends()
        fresh: dict[str, dict[str, Any]] = {}
        updates: list[tuple[Task, dict[str, Any]]] = []
        known: dict[str, int | None] = {source_id: task.id for source_id, task in existing.items()}
        """Every card's id by source id: those made before, and the new ones (None until inserted)."""
        seen: set[str] = set()
        for item in self.plan.tasks:
            if item.source_id in seen:
                self.errors.append(RowError(item.line, "id", f"{item.source_id!r} is in the file twice"))
                continue
            seen.add(item.source_id)
            try:
                values = self._values(item)
            except UserError as error:
                _row(self.errors, item.line, error)
                continue
            found = existing.get(item.source_id)
            column = values["column"]
            if found is None:
                fresh[item.source_id] = {
                    **_task_defaults(),
                    **values,
                    "project_id": self.project_id,
                    "position": ends.get(column, 0),
                    "created_at": self.now,
                    "updated_at": self.now,
                    "source": self.plan.source,
                    "source_id": item.source_id,
                }
                ends[column] = ends.get(column, 0) + 1
                known[item.source_id] = None
            else:
                if column != found.column:
                    values["position"] = ends.get(column, 0)
                    ends[column] = values["position"] + 1
                else:
                    values.pop("done_at")
                updates.append((found, values))
        graph = self._graph(known)
        if self.errors:
            return
        # Undo takes the cards back in reverse: the ones that wait go first, then what they waited for.
        rows = [fresh[source_id] for source_id in _blockers_first(list(fresh), graph)]
        for row, new_id in zip(rows, _insert_rows(self.session, Task, rows), strict=True):
            row["id"] = known[row["source_id"]] = new_id
        waits = {source_id: sorted(int(known[w] or 0) for w in refs) for source_id, refs in graph.items()}
        links = [{"task_id": row["id"], "blocker_id": b} for row in rows for b in waits.get(row["source_id"], [])]
        if links:
            self.session.execute(insert(TaskBlocker), links)
        base.record_created(
            self.store, self.session, "task", [{**row, "blockers": waits.get(row["source_id"], [])} for row in rows]
        )
        self.summary.tasks_new += len(rows)
        for task, values in updates:
            values["blockers"] = waits.get(task.source_id, [])
            if base.update(self.store, self.session, task, values):
                task.updated_at = self.now
                self.summary.tasks_updated += 1
            else:
                self.summary.tasks_same += 1

    def _column_ends(self) -> dict[str, int]:
        rows = self.session.exec(select(Task.column, Task.position)).all()
        ends: dict[str, int] = {}
        for column, position in rows:
            ends[column] = max(ends.get(column, 0), position + 1)
        return ends

    def _values(self, item: ImportedTask) -> dict[str, Any]:
        title = clean_line(item.title)
        if len(title) > base.MAX_NAME:
            title = title[: base.MAX_NAME - 1] + "…"
            self.summary.notes.append(f"line {item.line}: the title is cut to {base.MAX_NAME} characters")
        column = base.one_of(item.column, "status", Column)
        estimate = base.hours(item.estimate or 0.0, "estimate")
        remaining = estimate if item.remaining is None else base.hours(item.remaining, "remaining")
        done_at = None
        if column == Column.done:
            remaining = 0.0
            done_at = dt.datetime.combine(item.done, dt.time(12), tzinfo=dt.UTC) if item.done is not None else self.now
        reason = ""
        if column == Column.blocked:
            reason = base.optional_text(item.blocked_reason or f"blocked in {self.plan.source}", "reason", 500)
        if item.start and item.due and item.due < item.start:
            raise FieldError("due", f"{item.due} is before the start {item.start}")
        milestone_id = None
        if item.milestone:
            milestone_id = self.milestone_ids.get(name_key(clean_line(item.milestone)))
            if milestone_id is None:
                raise FieldError("milestone", f"no milestone {item.milestone!r} in the file or the project")
        values: dict[str, Any] = {
            "title": base.required_text(title, "title"),
            "description": base.optional_text(item.description, "description"),
            "column": column,
            "assignee_id": self.people.id_of(item.assignee),
            "estimate": estimate,
            "remaining": remaining,
            "start": item.start,
            "due": item.due,
            "priority": base.one_of(item.priority or "normal", "priority", Priority),
            "tags": base.tags_text(list(item.tags)),
            "milestone_id": milestone_id,
            "blocked_reason": reason,
            "done_at": done_at,
        }
        base.check_values(values)
        return values

    def _graph(self, known: dict[str, int | None]) -> dict[str, set[str]]:
        """Return the source ids each imported card waits for; a blocker not found is a note, a cycle a bad row."""
        graph: dict[str, set[str]] = {}
        for item in self.plan.tasks:
            refs: set[str] = set()
            for ref in item.blockers:
                if ref == item.source_id:
                    self.errors.append(RowError(item.line, "blockers", "a task cannot block itself"))
                elif ref not in known:
                    self.summary.notes.append(
                        f"line {item.line}: {item.source_id} waits for {ref}, which is not imported: link left out"
                    )
                else:
                    refs.add(ref)
            graph[item.source_id] = refs
        cycle = _find_cycle(graph)
        if cycle:
            line = next(item.line for item in self.plan.tasks if item.source_id == cycle[0])
            path = " → ".join([*cycle, cycle[0]])
            self.errors.append(RowError(line, "blockers", f"the tasks wait for each other: {path}"))
        return graph


def _blockers_first(source_ids: list[str], graph: dict[str, set[str]]) -> list[str]:
    """Return ``source_ids`` ordered so that each comes after the ones it waits for (the graph has no cycle)."""
    order: list[str] = []
    placed: set[str] = set()
    wanted = set(source_ids)
    for root in source_ids:
        stack = [(root, iter(sorted(graph.get(root, ()))))]
        while stack:
            node, todo = stack[-1]
            nxt = next((n for n in todo if n not in placed and n in wanted), None)
            if nxt is not None:
                stack.append((nxt, iter(sorted(graph.get(nxt, ())))))
                continue
            stack.pop()
            if node not in placed:
                placed.add(node)
                order.append(node)
    return order


_TASK_DEFAULTS: dict[str, Any] = {}


def _task_defaults() -> dict[str, Any]:
    """Return every stored field of a new card with its default (so its create Event holds them all)."""
    if not _TASK_DEFAULTS:
        for name in [column.key for column in Task.__table__.columns]:  # type: ignore[attr-defined]
            field = Task.model_fields[name]
            if name != "id" and not field.is_required():
                _TASK_DEFAULTS[name] = field.get_default(call_default_factory=True)
    return _TASK_DEFAULTS


def _insert_rows(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` at once; return their new ids, in order."""
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(new_id) for (new_id,) in session.execute(statement, rows)]


def _find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """Return one cycle of ``graph`` (each node waits for the next), or an empty list."""
    state: dict[str, int] = {}
    for root in graph:
        if state.get(root):
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(graph.get(root, ())))]
        path = [root]
        state[root] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return path[path.index(nxt) :]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(graph.get(nxt, ()))))
    return []


def _write_days_off(
    store: Store,
    session: Session,
    plan: ImportedPlan,
    people: _People,
    summary: ImportSummary,
    errors: list[RowError],
) -> None:
    """Create or update the plan's holidays and leave."""
    if not plan.days_off:
        return
    # Days off are the same only for the same person (or everyone): a calendar of one person's leave imported
    # again for someone else, or as holidays for everyone, makes new entries and never moves theirs.
    existing = {
        (item.source_id, item.person_id): item for item in _existing(session, Commitment, plan.source, None, every=True)
    }
    fresh: list[SQLModel] = []
    for item in plan.days_off:
        try:
            values = _days_off_values(item, people)
        except UserError as error:
            _row(errors, item.line, error)
            continue
        key = (item.source_id, values["person_id"])
        found = existing.get(key)
        if found is None:
            commitment = Commitment(source=plan.source, source_id=item.source_id, **values)
            fresh.append(commitment)
            existing[key] = commitment
            summary.days_off_new += 1
        elif base.update(store, session, found, values):
            summary.days_off_updated += 1
        else:
            summary.days_off_same += 1
    if not errors:
        _create_all(store, session, fresh)


def _days_off_values(item: ImportedDaysOff, people: _People) -> dict[str, Any]:
    if item.end < item.start:
        raise FieldError("end", f"{item.end} is before the start {item.start}")
    person_id = people.id_of(item.person) if item.person else None
    kind = base.one_of(item.kind or "holiday", "kind", CommitmentKind)
    if person_id is None and kind != CommitmentKind.holiday:
        kind = CommitmentKind.holiday.value
    values: dict[str, Any] = {
        "person_id": person_id,
        "start": item.start,
        "end": item.end,
        "kind": kind,
        "note": base.optional_text(item.note, "note", 500),
    }
    base.check_values(values)
    return values


def existing_sources(store: Store) -> dict[str, int]:
    """Return how many cards each import source has made (for the dashboard's import dialog)."""
    with store.read() as session:
        rows = session.exec(select(Task.source).where(col(Task.source) != "")).all()
    counts: dict[str, int] = {}
    for source in rows:
        counts[source] = counts.get(source, 0) + 1
    return counts
