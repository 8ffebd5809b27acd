"""People and team settings."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, select

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.core.vocabulary import Column, Weekday
from supportpm_tui.services import base
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Commitment, Issue, Milestone, Person, Project, Risk, Settings, Task, TicketLoad


def _clean_person(session: Any, values: dict[str, Any], existing: Person | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in values:
        name = base.required_text(values["name"], "name", 80)
        if name.lower() in ("all", "none", "everyone"):
            raise FieldError("name", f"{name!r} is reserved; choose another name")
        clash = session.exec(select(Person).where(func.lower(Person.name) == name.lower())).first()
        if clash is not None and (existing is None or clash.id != existing.id):
            raise FieldError("name", f"a person named {name!r} already exists")
        out["name"] = name
    if "role" in values:
        out["role"] = base.required_text(values["role"], "role") if values["role"] else ""
    if "hours" in values and values["hours"] is not None:
        out["hours"] = base.hours(values["hours"], "hours", 168)
    if "reserve_pct" in values and values["reserve_pct"] is not None:
        out["reserve_pct"] = float(check_range(values["reserve_pct"], "reserve", 0, 100))
    if "wip_limit" in values and values["wip_limit"] is not None:
        out["wip_limit"] = int(check_range(values["wip_limit"], "wip", 0, 99))
    if "skills" in values:
        out["skills"] = base.tags_text(values["skills"])
    if "active" in values:
        out["active"] = bool(values["active"])
    return out


def add_person(store: Store, name: str, **values: Any) -> Person:
    """Add a person; return it."""
    with store.write() as session:
        cleaned = _clean_person(session, {"name": name, **values}, None)
        return base.create(store, session, Person(**cleaned))


def edit_person(store: Store, name: str, **values: Any) -> Person:
    """Change the given fields of the person called ``name``; return them."""
    with store.write() as session:
        person = base.find_person(session, name)
        base.update(store, session, person, _clean_person(session, values, person))
        return person


def delete_person(store: Store, name: str) -> Person:
    """Delete a person who owns and is assigned nothing; return them."""
    with store.write() as session:
        person = base.find_person(session, name)
        pid = person.id
        uses = [
            (Task, Task.assignee_id == pid, "task(s) assigned"),
            (Project, Project.owner_id == pid, "project(s) owned"),
            (Milestone, Milestone.owner_id == pid, "milestone(s) owned"),
            (Risk, Risk.owner_id == pid, "risk(s) owned"),
            (Issue, Issue.owner_id == pid, "issue(s) owned"),
            (Commitment, Commitment.person_id == pid, "leave or duty entries"),
            (TicketLoad, TicketLoad.person_id == pid, "ticket load entries"),
        ]
        held = []
        for model, where, label in uses:
            count = session.exec(select(func.count()).select_from(model).where(where)).one()
            if count:
                held.append(f"{count} {label}")
        if held:
            raise UserError(
                f"{person.name} still has {', '.join(held)}; reassign them first "
                f"or mark the person inactive with 'person edit --inactive'"
            )
        base.delete(store, session, person)
        return person


def person_record(person: Person, settings: Settings, in_progress: int) -> dict[str, Any]:
    """Return a person as JSON data with derived fields (effective hours, WIP)."""
    wip = person.wip_limit if person.wip_limit is not None else settings.default_wip
    return {
        "id": person.id,
        "name": person.name,
        "role": person.role,
        "hours": person.hours if person.hours is not None else contracted_default(settings),
        "reserve_pct": (person.reserve_pct if person.reserve_pct is not None else settings.default_reserve_pct),
        "wip_limit": wip,
        "skills": base.split_tags(person.skills),
        "active": person.active,
        "in_progress": in_progress,
        "over_wip": in_progress > wip,
    }


def list_people(store: Store, include_inactive: bool = True, search: str = "") -> list[dict[str, Any]]:
    """Return every person as JSON data, by name."""
    with store.read() as session:
        settings = get_settings_row(session)
        query = select(Person).order_by(func.lower(Person.name))
        if not include_inactive:
            query = query.where(Person.active == True)  # noqa: E712
        if search:
            like = f"%{search.lower()}%"
            query = query.where(or_(func.lower(Person.name).like(like), func.lower(Person.role).like(like)))
        counts = dict(
            session.exec(
                select(Task.assignee_id, func.count())
                .where(Task.column == Column.in_progress.value)
                .group_by(col(Task.assignee_id))
            ).all()
        )
        return [person_record(p, settings, counts.get(p.id, 0)) for p in session.exec(query).all()]


def show_person(store: Store, name: str) -> dict[str, Any]:
    """Return one person as JSON data."""
    with store.read() as session:
        person = base.find_person(session, name)
        settings = get_settings_row(session)
        count = session.exec(
            select(func.count())
            .select_from(Task)
            .where(Task.assignee_id == person.id, Task.column == Column.in_progress.value)
        ).one()
        return person_record(person, settings, count)


# --- settings ------------------------------------------------------------------


def contracted_default(settings: Settings) -> float:
    """Return the weekly hours of a full-time person under these settings."""
    return settings.hours_per_day * len([d for d in settings.working_days.split(",") if d])


def get_settings_row(session: Any) -> Settings:
    """Return the settings row (created with defaults if missing)."""
    row = session.get(Settings, 1)
    return row if row is not None else Settings(id=1)


def settings_record(settings: Settings) -> dict[str, Any]:
    """Return the settings as JSON data."""
    data = {name: getattr(settings, name) for name in Settings.model_fields if name != "id"}
    data["working_days"] = settings.working_days.split(",")
    data["column_wip"] = json.loads(settings.column_wip)
    return data


def show_settings(store: Store) -> dict[str, Any]:
    """Return the team settings as JSON data."""
    with store.read() as session:
        return settings_record(get_settings_row(session))


def edit_settings(store: Store, **values: Any) -> dict[str, Any]:
    """Change the given team settings; return them all."""
    with store.write() as session:
        row = get_settings_row(session)
        out: dict[str, Any] = {}
        if values.get("working_days") is not None:
            days = [d.strip().lower()[:3] for d in values["working_days"].split(",") if d.strip()]
            names = [w.value for w in Weekday]
            bad = [d for d in days if d not in names]
            if bad or not days:
                raise FieldError("working days", "list weekdays like mon,tue,wed,thu,fri")
            out["working_days"] = ",".join(sorted(set(days), key=names.index))
        if values.get("hours_per_day") is not None:
            out["hours_per_day"] = float(check_range(values["hours_per_day"], "hours per day", 0.5, 24))
        overload = values.get("overload_threshold")
        strain = values.get("strain_threshold")
        if overload is not None:
            out["overload_threshold"] = float(check_range(overload, "overload", 1, 1000))
        if strain is not None:
            out["strain_threshold"] = float(check_range(strain, "strain", 1, 1000))
        if out.get("strain_threshold", row.strain_threshold) > out.get("overload_threshold", row.overload_threshold):
            raise FieldError("strain", "must not be above the overload threshold")
        if values.get("default_reserve_pct") is not None:
            out["default_reserve_pct"] = float(check_range(values["default_reserve_pct"], "reserve", 0, 100))
        if values.get("default_wip") is not None:
            out["default_wip"] = int(check_range(values["default_wip"], "wip", 0, 99))
        if values.get("horizon_weeks") is not None:
            out["horizon_weeks"] = int(check_range(values["horizon_weeks"], "horizon", 1, 52))
        if values.get("ticket_minutes") is not None:
            out["ticket_minutes"] = float(check_range(values["ticket_minutes"], "ticket minutes", 1, 480))
        if values.get("column_wip") is not None:
            limits = json.loads(row.column_wip)
            for column, limit in values["column_wip"].items():
                col = base.one_of(column, "column", Column)
                if limit is None:
                    limits.pop(col, None)
                else:
                    limits[col] = int(check_range(limit, f"{col} limit", 0, 999))
            out["column_wip"] = json.dumps(limits, sort_keys=True)
        base.update(store, session, row, out)
        return settings_record(row)
