"""People and team settings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.core.text import name_key
from supportpm_tui.core.unset import UNSET, Unset
from supportpm_tui.core.vocabulary import WEEKDAY_NAMES, Column, Weekday
from supportpm_tui.readmodel.public_holidays import check_region
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.services.usage import Uses, refuse_if_used
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import (
    ChecklistItem,
    Commitment,
    Issue,
    Milestone,
    Person,
    Project,
    Risk,
    Settings,
    Task,
    TicketLoad,
    TimeEntry,
)


def _clean_person(session: Session, values: dict[str, Any], existing: Person | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in values:
        name = base.required_text(values["name"], "name", 80)
        if name.lower() in ("all", "none", "everyone"):
            raise FieldError("name", f"{name!r} is reserved; choose another name")
        key = name_key(name)
        clash = next((p for p in session.exec(select(Person)).all() if name_key(p.name) == key), None)
        if clash is not None and (existing is None or clash.id != existing.id):
            raise FieldError("name", f"a person named {name!r} already exists")
        out["name"] = name
    if "role" in values:
        out["role"] = base.required_text(values["role"], "role") if values["role"] else ""
    if "hours" in values:  # None, here and below: the team's default
        out["hours"] = None if values["hours"] is None else base.hours(values["hours"], "hours", 168)
    if "reserve_pct" in values:
        reserve = values["reserve_pct"]
        out["reserve_pct"] = None if reserve is None else float(check_range(reserve, "reserve", 0, 100))
    if "wip_limit" in values:
        wip = values["wip_limit"]
        out["wip_limit"] = None if wip is None else int(check_range(wip, "wip", 0, 99))
    if "skills" in values:
        out["skills"] = base.tags_text(values["skills"])
    if "working_days" in values:
        out["working_days"] = working_days_text(values["working_days"])
    if "holiday_region" in values:
        out["holiday_region"] = check_region(values["holiday_region"])
    if "active" in values:
        out["active"] = bool(values["active"])
    return out


FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def working_days_text(days: str | Sequence[str] | None) -> str:
    """Return working days as stored (``mon,tue,wed,thu``, Monday first), or ``""`` for the team's.

    Takes ``mon,tue`` or a list of names; ``None``, ``""`` or ``team`` mean the team's days.
    """
    names = days.split(",") if isinstance(days, str) else list(days or [])
    given = [n.strip().lower() for n in names if n.strip()]
    if not given or given == ["team"]:
        return ""
    wanted = set()
    for word in given:
        day = next((d for d, full in zip(WEEKDAY_NAMES, FULL_DAY_NAMES, strict=True) if full.startswith(word)), None)
        if day is None or len(word) < 3:
            raise FieldError("working days", f"{word!r} is not a weekday (use mon, tue, wed, thu, fri, sat, sun)")
        wanted.add(day)
    return ",".join(day for day in WEEKDAY_NAMES if day in wanted)


def add_person(
    store: Store,
    name: str,
    *,
    role: str = "",
    hours: float | None = None,
    reserve_pct: float | None = None,
    wip_limit: int | None = None,
    skills: Sequence[str] = (),
    active: bool = True,
    working_days: str | Sequence[str] | None = None,
    holiday_region: str | None = None,
) -> Person:
    """Add a person (hours, reserve, WIP limit, working days and public holidays ``None``: the team's); return them.

    ``holiday_region`` is their own public holidays' country and subdivision (``DE-BE``), replacing the team's.
    """
    values = {
        "name": name,
        "role": role,
        "hours": hours,
        "reserve_pct": reserve_pct,
        "wip_limit": wip_limit,
        "working_days": working_days,
        "holiday_region": holiday_region,
    }
    with store.write() as session:
        cleaned = _clean_person(session, {**values, "skills": list(skills), "active": active}, None)
        return base.create(store, session, Person(**cleaned))


def edit_person(
    store: Store,
    person: str,
    /,
    *,
    name: str | Unset = UNSET,
    role: str | Unset = UNSET,
    hours: float | Unset | None = UNSET,
    reserve_pct: float | Unset | None = UNSET,
    wip_limit: int | Unset | None = UNSET,
    skills: Sequence[str] | Unset = UNSET,
    active: bool | Unset = UNSET,
    working_days: str | Sequence[str] | Unset | None = UNSET,
    holiday_region: str | Unset | None = UNSET,
    if_version: int | None = None,
) -> Person:
    """Change the given fields of the person called ``person`` (``None``: back to the team's default); return them."""
    changes = given_fields(
        name=name,
        role=role,
        hours=hours,
        reserve_pct=reserve_pct,
        wip_limit=wip_limit,
        active=active,
        working_days=working_days,
        holiday_region=holiday_region,
    )
    if not isinstance(skills, Unset):
        changes["skills"] = list(skills)
    with store.write() as session:
        found = base.find_person(session, person)
        base.update(store, session, found, _clean_person(session, changes, found), if_version=if_version)
        return found


def delete_person(store: Store, name: str) -> Person:
    """Delete a person who owns and is assigned nothing; return them."""
    with store.write() as session:
        person = base.find_person(session, name)
        pid = person.id
        uses: Uses = [
            (Task, Task.assignee_id == pid, "task(s) assigned"),
            (Project, Project.owner_id == pid, "project(s) owned"),
            (Milestone, Milestone.owner_id == pid, "milestone(s) owned"),
            (Risk, Risk.owner_id == pid, "risk(s) owned"),
            (Issue, Issue.owner_id == pid, "issue(s) owned"),
            (Commitment, Commitment.person_id == pid, "leave or duty entries"),
            (TicketLoad, TicketLoad.person_id == pid, "ticket load entries"),
            (TimeEntry, TimeEntry.person_id == pid, "time entries"),
            (ChecklistItem, ChecklistItem.owner_id == pid, "checklist item(s) owned"),
        ]
        refuse_if_used(
            session,
            uses,
            lambda held: (
                f"{person.name} still has {held}; reassign them first "
                f"or mark the person inactive with 'person edit --inactive'"
            ),
        )
        base.delete(store, session, person)
        return person


@dataclass(frozen=True)
class PersonRecord(JsonRecord):
    """A person with the team's defaults filled in, and their cards in progress against their WIP limit."""

    id: int
    name: str
    role: str
    hours: float
    reserve_pct: float
    wip_limit: int
    skills: list[str]
    active: bool
    in_progress: int
    over_wip: bool
    working_days: str = ""  # "": the team's
    holiday_region: str = ""  # their own public holidays ("DE-BE"); "": the team's

    @classmethod
    def of(cls, person: Person, settings: Settings, in_progress: int) -> PersonRecord:
        """Return the record of a stored person under the team's ``settings``."""
        wip = person.wip_limit if person.wip_limit is not None else settings.default_wip
        return cls(
            person.id or 0,
            person.name,
            person.role,
            person.hours if person.hours is not None else contracted_default(settings),
            person.reserve_pct if person.reserve_pct is not None else settings.default_reserve_pct,
            wip,
            base.split_tags(person.skills),
            person.active,
            in_progress,
            in_progress > wip,
            person.working_days or "",
            person.holiday_region or "",
        )


def list_people(store: Store, include_inactive: bool = True, search: str = "") -> list[PersonRecord]:
    """Return every person (or those whose name or role holds ``search``), by name."""
    with store.read() as session:
        settings = get_settings_row(session)
        query = select(Person).order_by(func.lower(Person.name))
        if not include_inactive:
            query = query.where(Person.active == True)  # noqa: E712
        counts = dict(
            session.exec(
                select(Task.assignee_id, func.count())
                .where(Task.column == Column.in_progress.value)
                .group_by(col(Task.assignee_id))
            ).all()
        )
        people = session.exec(query).all()
        if search:  # folded in Python: SQL's lower() knows only ASCII
            wanted = name_key(search)
            people = [p for p in people if wanted in name_key(p.name) or wanted in name_key(p.role or "")]
        people = sorted(people, key=lambda p: name_key(p.name))
        return [PersonRecord.of(p, settings, counts.get(p.id, 0)) for p in people]


def show_person(store: Store, name: str) -> PersonRecord:
    """Return one person."""
    return person_to_edit(store, name)[0]


def person_to_edit(store: Store, name: str) -> tuple[PersonRecord, int]:
    """Return one person and the version an edit of them starts from (read together)."""
    with store.read() as session:
        person = base.find_person(session, name)
        settings = get_settings_row(session)
        count = session.exec(
            select(func.count())
            .select_from(Task)
            .where(Task.assignee_id == person.id, Task.column == Column.in_progress.value)
        ).one()
        return PersonRecord.of(person, settings, count), person.version


# --- settings ------------------------------------------------------------------


def contracted_default(settings: Settings) -> float:
    """Return the weekly hours of a full-time person under these settings."""
    return settings.hours_per_day * len([d for d in settings.working_days.split(",") if d])


def get_settings_row(session: Session) -> Settings:
    """Return the settings row (created with defaults if missing)."""
    row = session.get(Settings, 1)
    return row if row is not None else Settings(id=1)


@dataclass(frozen=True)
class SettingsRecord(JsonRecord):
    """The team settings: working days, hours, thresholds, defaults, column WIP limits, horizon, ticket time."""

    working_days: list[str]
    hours_per_day: float
    overload_threshold: float
    strain_threshold: float
    default_reserve_pct: float
    default_wip: int
    column_wip: dict[str, int]
    horizon_weeks: int
    ticket_minutes: float
    holiday_region: str = ""  # the public holidays' country and subdivision ("DE-BY"); "": none

    @classmethod
    def of(cls, settings: Settings) -> SettingsRecord:
        """Return the record of the stored settings."""
        return cls(
            settings.working_days.split(","),
            settings.hours_per_day,
            settings.overload_threshold,
            settings.strain_threshold,
            settings.default_reserve_pct,
            settings.default_wip,
            json.loads(settings.column_wip),
            settings.horizon_weeks,
            settings.ticket_minutes,
            settings.holiday_region or "",
        )


# Each number of the settings: what an error calls it, its range, and whether it is whole.
SETTING_RANGES: dict[str, tuple[str, float, float, type[int] | type[float]]] = {
    "hours_per_day": ("hours per day", 0.5, 24, float),
    "overload_threshold": ("overload", 1, 1000, float),
    "strain_threshold": ("strain", 1, 1000, float),
    "default_reserve_pct": ("reserve", 0, 100, float),
    "default_wip": ("wip", 0, 99, int),
    "horizon_weeks": ("horizon", 1, 52, int),
    "ticket_minutes": ("ticket minutes", 1, 480, float),
}


def _check_numbers(out: dict[str, Any], **numbers: float | None) -> None:
    """Put each number given into ``out``, checked against its range in :data:`SETTING_RANGES`."""
    for name, value in numbers.items():
        if value is not None:
            label, low, high, kind = SETTING_RANGES[name]
            out[name] = kind(check_range(value, label, low, high))


def show_settings(store: Store) -> SettingsRecord:
    """Return the team settings."""
    with store.read() as session:
        return SettingsRecord.of(get_settings_row(session))


def edit_settings(
    store: Store,
    *,
    working_days: str | None = None,
    hours_per_day: float | None = None,
    overload_threshold: float | None = None,
    strain_threshold: float | None = None,
    default_reserve_pct: float | None = None,
    default_wip: int | None = None,
    column_wip: Mapping[str, int | None] | None = None,
    horizon_weeks: int | None = None,
    ticket_minutes: float | None = None,
    holiday_region: str | None = None,
) -> SettingsRecord:
    """Change the given team settings (``None``: left as it is; a column's WIP limit ``None``: none); return them all.

    ``working_days`` is a comma-separated list such as ``mon,tue,wed,thu,fri``; ``holiday_region`` a
    country and subdivision whose public holidays are holidays for everyone (``DE-BY``; ``""`` or ``none``: none).
    """
    with store.write() as session:
        row = get_settings_row(session)
        out: dict[str, Any] = {}
        if working_days is not None:
            days = [d.strip().lower()[:3] for d in working_days.split(",") if d.strip()]
            names = [w.value for w in Weekday]
            bad = [d for d in days if d not in names]
            if bad or not days:
                raise FieldError("working days", "list weekdays like mon,tue,wed,thu,fri")
            out["working_days"] = ",".join(sorted(set(days), key=names.index))
        _check_numbers(
            out, hours_per_day=hours_per_day, overload_threshold=overload_threshold, strain_threshold=strain_threshold
        )
        if out.get("strain_threshold", row.strain_threshold) > out.get("overload_threshold", row.overload_threshold):
            raise FieldError("strain", "must not be above the overload threshold")
        _check_numbers(
            out,
            default_reserve_pct=default_reserve_pct,
            default_wip=default_wip,
            horizon_weeks=horizon_weeks,
            ticket_minutes=ticket_minutes,
        )
        if column_wip is not None:
            limits = json.loads(row.column_wip)
            for column, limit in column_wip.items():
                col = base.one_of(column, "column", Column)
                if limit is None:
                    limits.pop(col, None)
                else:
                    limits[col] = int(check_range(limit, f"{col} limit", 0, 999))
            out["column_wip"] = json.dumps(limits, sort_keys=True)
        if holiday_region is not None:
            out["holiday_region"] = check_region(holiday_region)
        base.update(store, session, row, out)
        return SettingsRecord.of(row)
