"""Shared pieces of the services: Events, rows, validation, look-ups and JSON values."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlmodel import Session, SQLModel, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.changes import read_changes
from supportpm_tui.core.errors import EditConflict, FieldConflict, NotFound, UserError
from supportpm_tui.core.text import clean_line, shown_value
from supportpm_tui.services.checks import (  # noqa: F401  (re-exported: the services use base.hours and the rest)
    MAX_NAME,
    MAX_TEXT,
    check_values,
    checked_texts,
    current_actor,
    field_label,
    hours,
    optional_text,
    required_text,
    scale,
    tags_text,
    to_json,
)
from supportpm_tui.services.lookups import (  # noqa: F401  (re-exported: services use base.one_of)
    milestone_id_of,
    missing_text,
    one_of,
    person_id_of,
    project_id_of,
    split_tags,
)
from supportpm_tui.services.typed import JsonRecord
from supportpm_tui.storage.database import Store, dbapi
from supportpm_tui.storage.models import (
    ChangeMilestone,
    Milestone,
    MilestoneLink,
    Person,
    Project,
    Task,
    TaskBlocker,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


# Pseudo-fields of an entity kept in link tables: (table, own column, other column).
LINKS: dict[str, dict[str, tuple[type[SQLModel], str, str]]] = {
    "milestone": {"predecessors": (MilestoneLink, "milestone_id", "predecessor_id")},
    "task": {"blockers": (TaskBlocker, "task_id", "blocker_id")},
    "change_request": {"milestones": (ChangeMilestone, "change_id", "milestone_id")},
}


RecordT = TypeVar("RecordT", bound=JsonRecord)


def record_from(record: type[RecordT], row: SQLModel, **derived: Any) -> RecordT:
    """Return a ``record`` of ``row``: each field the JSON data of ``row``'s column of that name, unless derived."""
    fields = dataclasses.fields(cast("type[DataclassInstance]", record))
    copied = {f.name: to_json(getattr(row, f.name)) for f in fields if f.name not in derived}
    return record(**copied, **derived)


def entity_name(obj: SQLModel) -> str:
    """Return the table name of a model instance (the Event's entity)."""
    return str(obj.__tablename__)


def snapshot(session: Session, obj: SQLModel) -> dict[str, Any]:
    """Return every stored field of ``obj`` (and its links) as JSON data."""
    names = [column.key for column in obj.__table__.columns]  # type: ignore[attr-defined]
    data = {name: to_json(getattr(obj, name)) for name in names}
    for field in LINKS.get(entity_name(obj), {}):
        data[field] = get_links(session, entity_name(obj), obj.id, field)  # type: ignore[attr-defined]
    return data


def get_links(session: Session, entity: str, oid: int, field: str) -> list[int]:
    """Return the sorted ids linked to ``oid`` through the pseudo-field ``field``."""
    table, own, other = LINKS[entity][field]
    rows = session.exec(select(getattr(table, other)).where(getattr(table, own) == oid)).all()
    return sorted(int(r) for r in rows)


def set_links(session: Session, entity: str, oid: int, field: str, ids: list[int]) -> None:
    """Make ``field`` of ``oid`` link exactly ``ids``."""
    table, own, other = LINKS[entity][field]
    for row in session.exec(select(table).where(getattr(table, own) == oid)).all():
        session.delete(row)
    session.flush()
    for target in sorted(set(ids)):
        session.add(table(**{own: oid, other: target}))
    session.flush()


def record(
    store: Store,
    session: Session,
    entity: str,
    entity_id: int,
    action: str,
    changes: dict[str, Any],
    undo_of: str | None = None,
    step: str | None = None,
    version: int | None = None,
) -> None:
    """Write one Event in the current transaction, with the session that made it and the item's new version."""
    from supportpm_tui.storage.models import Event

    session.add(
        Event(
            time=clock.now_utc(),
            actor=current_actor(),
            batch=store.batch,
            entity=entity,
            entity_id=entity_id,
            action=action,
            changes=json.dumps(changes, sort_keys=True),
            undo_of=undo_of,
            session=store.session_id,
            origin=store.origin,
            db_user=store.role,
            step=step,
            version=version,
        )
    )


def record_created(store: Store, session: Session, entity: str, rows: list[dict[str, Any]]) -> None:
    """Write a create Event for each of ``rows`` (every stored field and link of a new item, ``id`` included) at once.

    The same Events as :func:`record` writes one by one, for a change that adds thousands of items (an import).
    """
    from sqlalchemy import insert

    from supportpm_tui.storage.models import Event

    if not rows:
        return
    common = {
        "time": clock.now_utc(),
        "actor": current_actor(),
        "batch": store.batch,
        "entity": entity,
        "action": "create",
        "undo_of": None,
        "session": store.session_id,
        "origin": store.origin,
        "db_user": store.role,
        "step": None,
        "version": 1,
    }
    events = [
        {
            **common,
            "entity_id": row["id"],
            "changes": json.dumps({k: [None, to_json(v)] for k, v in row.items()}, sort_keys=True),
        }
        for row in rows
    ]
    session.execute(insert(Event), events)


def create(store: Store, session: Session, obj: SQLModel, links: dict[str, list[int]] | None = None) -> Any:
    """Insert ``obj`` (and its links) and log a create Event; return ``obj``."""
    check_values({name: getattr(obj, name, None) for name in type(obj).model_fields})
    session.add(obj)
    session.flush()
    entity = entity_name(obj)
    for field, ids in (links or {}).items():
        set_links(session, entity, obj.id, field, ids)  # type: ignore[attr-defined]
    after = snapshot(session, obj)
    record(store, session, entity, obj.id, "create", {k: [None, v] for k, v in after.items()}, version=1)  # type: ignore[attr-defined]
    return obj


def update(
    store: Store,
    session: Session,
    obj: SQLModel,
    values: dict[str, Any],
    action: str = "update",
    if_version: int | None = None,
    undo_of: str | None = None,
    step: str | None = None,
) -> dict[str, list[Any]]:
    """Apply ``values`` to ``obj`` (links included), log what changed; return the changes.

    With ``if_version``, the edit started from that version of the item: a
    field someone else changed since is written only when it is one this edit
    does not change (it is merged); otherwise :class:`EditConflict` is raised
    and nothing is written. Every change raises the item's version by one.
    """
    entity = entity_name(obj)
    oid: int = obj.id  # type: ignore[attr-defined]
    version = int(getattr(obj, "version", 0) or 0)
    check_values({k: v for k, v in values.items() if k not in LINKS.get(entity, {})})
    if if_version is not None and if_version != version:
        refuse_conflicts(session, obj, values, if_version)
    diff: dict[str, list[Any]] = {}
    for field, value in values.items():
        if field in LINKS.get(entity, {}):
            old = get_links(session, entity, oid, field)
            new = sorted(set(value))
            if old != new:
                set_links(session, entity, oid, field, new)
                diff[field] = [old, new]
            continue
        old_value = getattr(obj, field)
        if old_value != value:
            setattr(obj, field, value)
            diff[field] = [to_json(old_value), to_json(value)]
    if diff:
        if hasattr(obj, "version"):
            version += 1
            setattr(obj, "version", version)  # noqa: B010
        session.add(obj)
        session.flush()
        record(store, session, entity, oid, action, diff, undo_of=undo_of, step=step, version=version or None)
    return diff


# Fields the services keep up to date themselves: never a conflict, never shown as one.
BOOKKEEPING = frozenset({"updated_at", "created_at", "done_at", "version", "position"})


def refuse_conflicts(session: Session, obj: SQLModel, values: dict[str, Any], since: int) -> None:
    """Raise :class:`EditConflict` when a field ``values`` changes was changed by someone after version ``since``."""
    from supportpm_tui.storage.models import Event

    entity = entity_name(obj)
    oid: int = obj.id  # type: ignore[attr-defined]
    version = int(getattr(obj, "version", 0) or 0)
    label = f"{entity.replace('_', ' ')} {oid}"
    if since > version or since < 1:
        raise UserError(f"{label} is at version {version}; there is no version {since}")
    current = snapshot(session, obj)
    changing = [
        f
        for f, v in values.items()
        if f not in BOOKKEEPING and current.get(f) != (sorted(set(v)) if f in LINKS.get(entity, {}) else to_json(v))
    ]
    if not changing:
        return
    last: dict[str, Any] = {}
    for event in session.exec(
        select(Event)
        .where(Event.entity == entity, Event.entity_id == oid, col(Event.version) > since)
        .order_by(col(Event.id))
    ).all():
        for field in read_changes(event.changes):
            last[field] = event
    conflicts = [
        FieldConflict(
            field=field_label(f),
            theirs=shown(session, f, current.get(f)),
            yours=shown(session, f, values[f]),
            by=last[f].actor,
            at=clock.from_stored(last[f].time).astimezone().strftime("%d %b %H:%M"),
            name=f,
        )
        for f in changing
        if f in last
    ]
    if conflicts:
        raise EditConflict(label, since, version, conflicts)


# Fields that hold the id of another item, and where its name is.
_NAMED = {"project_id": "project", "milestone_id": "milestone", "workstream_id": "workstream", "risk_id": "risk"}


def shown(session: Session, field: str, value: Any) -> str:
    """Return ``value`` of ``field`` as a person reads it: a person's name for an id, ``none`` for nothing."""
    from supportpm_tui.storage.models import Workstream

    if isinstance(value, int) and not isinstance(value, bool) and field.endswith("_id"):
        model = {"project": Project, "milestone": Milestone, "workstream": Workstream}.get(
            _NAMED.get(field, "person"), Person
        )
        row: Any = None if field == "risk_id" else session.get(model, value)
        if row is not None:
            return str(getattr(row, "key", None) or getattr(row, "name", value))
        return f"#{value}"
    if field in ("predecessors", "milestones") and isinstance(value, list):  # milestones, by name as forms list them
        names = [getattr(session.get(Milestone, v), "name", f"#{v}") for v in value]
        return ", ".join(names) or "none"
    if field == "blockers" and isinstance(value, list):
        return ", ".join(f"#{v}" for v in value) or "none"
    return shown_value(to_json(value))


def delete(store: Store, session: Session, obj: SQLModel) -> None:
    """Delete ``obj`` and its links, logging everything it held."""
    entity = entity_name(obj)
    before = snapshot(session, obj)
    for field in LINKS.get(entity, {}):
        set_links(session, entity, obj.id, field, [])  # type: ignore[attr-defined]
    session.delete(obj)
    session.flush()
    version = int(before.get("version") or 0) + 1
    record(store, session, entity, obj.id, "delete", {k: [v, None] for k, v in before.items()}, version=version)  # type: ignore[attr-defined]


# --- rows ----------------------------------------------------------------------------


ModelT = TypeVar("ModelT", bound=SQLModel)


def add_row(
    store: Store, model: type[ModelT], project: str, columns: Callable[[Session, int], dict[str, Any]]
) -> ModelT:
    """Insert a row of ``model`` in the project with key ``project``, with the values ``columns`` returns (logged).

    Returns the row. Values of link fields (a change request's milestones) go to their link tables.
    """
    with store.write() as session:
        project_id = find_project(session, project).id or 0
        values = columns(session, project_id)
        links = {name: values.pop(name) for name in LINKS.get(str(model.__tablename__), {}) if name in values}
        row: ModelT = create(store, session, model(project_id=project_id, **values), links)
        return row


def edit_row(
    store: Store,
    model: type[ModelT],
    oid: int,
    label: str,
    changes: Callable[[Session, ModelT], dict[str, Any]],
    if_version: int | None = None,
) -> ModelT:
    """Apply to row ``oid`` of ``model`` the values ``changes`` returns for it (logged); return the row.

    Raises NotFound naming ``label`` when there is no such row; ``changes`` may refuse with a UserError;
    ``if_version`` is the version the edit started from (see :func:`update`).
    """
    with store.write() as session:
        row: ModelT = get_or_raise(session, model, oid, label)
        update(store, session, row, changes(session, row), if_version=if_version)
        return row


def delete_row(
    store: Store, model: type[ModelT], oid: int, label: str, refuse: Callable[[Session, ModelT], None] | None = None
) -> ModelT:
    """Delete row ``oid`` of ``model`` and its links (logged) unless ``refuse`` raises a UserError; return the row."""
    with store.write() as session:
        row: ModelT = get_or_raise(session, model, oid, label)
        if refuse is not None:
            refuse(session, row)
        delete(store, session, row)
        return row


# --- validation ---------------------------------------------------------------


# --- look-ups -------------------------------------------------------------------


def find_person(session: Session, name: str, field: str = "person") -> Person:
    """Return the person called ``name`` (case-insensitive, in every script); raise when there is none."""
    return cast(Person, session.get(Person, person_id_of(dbapi(session), name, field)))


def find_optional_person(session: Session, name: str | None, field: str) -> int | None:
    """Return the id of the person called ``name``; ``None`` for no name or ``none``."""
    if name is None or clean_line(name).lower() in ("", "none", "-"):
        return None
    return find_person(session, name, field).id


def find_project(session: Session, key: str, field: str = "project") -> Project:
    """Return the project with ``key`` (case-insensitive); raise when there is none."""
    return cast(Project, session.get(Project, project_id_of(dbapi(session), key, field)))


def find_milestone(session: Session, ref: str, project_id: int | None = None, field: str = "milestone") -> Milestone:
    """Return the milestone named ``ref`` (within the project, if given) or with id ``ref``."""
    return cast(Milestone, session.get(Milestone, milestone_id_of(dbapi(session), ref, project_id, field)))


@dataclasses.dataclass(frozen=True)
class DisplayNames:
    """What the records show for ids: project keys, people's names, milestones' names."""

    projects: dict[int, str]
    people: dict[int, str]
    milestones: dict[int, str]


def display_names(session: Session) -> DisplayNames:
    """Return the key of every project and the name of every person and milestone, by id."""
    return DisplayNames(
        projects=dict(session.exec(select(Project.id, Project.key)).all()),  # type: ignore[arg-type]
        people=dict(session.exec(select(Person.id, Person.name)).all()),  # type: ignore[arg-type]
        milestones=dict(session.exec(select(Milestone.id, Milestone.name)).all()),  # type: ignore[arg-type]
    )


def get_or_raise(session: Session, model: type[Any], oid: int, label: str) -> Any:
    """Return the row of ``model`` with id ``oid``; raise NotFound naming ``label``."""
    obj = session.get(model, oid)
    if obj is None:
        raise NotFound(missing(session, str(model.__tablename__), oid, label))
    return obj


def missing(session: Session, entity: str, oid: int, label: str) -> str:
    """Return why there is no ``label`` ``oid``: deleted (by whom, when), or never there."""
    return missing_text(dbapi(session), entity, oid, label)


def task_or_raise(session: Session, task_id: int) -> Task:
    """Return the task with ``task_id``; raise NotFound."""
    return get_or_raise(session, Task, task_id, "task")
