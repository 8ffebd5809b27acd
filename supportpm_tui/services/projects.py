"""Projects, their scope statement, prioritisation and workstreams."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.core.rules.priority import impact_effort_quadrant, urgency_importance_quadrant
from supportpm_tui.core.text import name_key
from supportpm_tui.core.unset import UNSET, Unset
from supportpm_tui.core.vocabulary import ProjectStatus, Rag
from supportpm_tui.services import base
from supportpm_tui.services.checklists import delete_all_of, seed_standard
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.services.usage import refuse_if_used
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import (
    ChangeRequest,
    Issue,
    Metric,
    Milestone,
    Person,
    Project,
    ProjectReview,
    Risk,
    StatusUpdate,
    Task,
    Workstream,
)

_KEY = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
SCOPE_FIELDS = (
    "goal",
    "in_scope",
    "out_of_scope",
    "assumptions",
    "stakeholders",
    "success_criteria",
    "approval_path",
)


def _clean_project(session: Session, values: dict[str, Any], existing: Project | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "key" in values:
        key = base.required_text(values["key"], "key", 10).upper()
        if not _KEY.match(key):
            raise FieldError("key", f"{key!r} must be 2–10 letters or digits, starting with a letter")
        clash = session.exec(select(Project).where(Project.key == key)).first()
        if clash is not None and (existing is None or clash.id != existing.id):
            raise FieldError("key", f"a project with key {key!r} already exists")
        out["key"] = key
    if "name" in values:
        out["name"] = base.required_text(values["name"], "name")
    if values.get("status") is not None:
        out["status"] = base.one_of(values["status"], "status", ProjectStatus)
    if "owner" in values:
        out["owner_id"] = base.find_optional_person(session, values["owner"], "owner")
    if "sponsor" in values:
        out["sponsor"] = base.optional_text(values["sponsor"], "sponsor", base.MAX_NAME)
    for field in ("start", "target"):
        if field in values:
            out[field] = values[field]
    start = out.get("start", existing.start if existing else None)
    target = out.get("target", existing.target if existing else None)
    if start and target and target < start:
        raise FieldError("target", f"{target} is before the start {start}")
    for field in ("budget", "spent"):
        if field in values and values[field] is not None:
            out[field] = float(check_range(values[field], field, 0, 1e12))
    for field in SCOPE_FIELDS:
        if field in values:
            out[field] = base.optional_text(values[field], field)
    if "hourly_rate" in values:
        rate = values["hourly_rate"]
        out["hourly_rate"] = None if rate is None else float(check_range(rate, "hourly rate", 0, 1e9))
    for field in ("impact", "effort", "urgency", "importance"):
        if values.get(field) is not None:
            out[field] = base.scale(values[field], field)
    if values.get("sla_aligned") is not None:
        out["sla_aligned"] = bool(values["sla_aligned"])
    if "rag_override" in values:
        rag = values["rag_override"]
        out["rag_override"] = None if rag in (None, "", "none", "auto") else base.one_of(rag, "rag", Rag)
    if "rag_note" in values:
        out["rag_note"] = base.optional_text(values["rag_note"], "rag note", 500)
    return out


def add_project(
    store: Store,
    key: str,
    name: str,
    *,
    owner: str | None = None,
    status: str | None = None,
    sponsor: str = "",
    start: dt.date | None = None,
    target: dt.date | None = None,
    budget: float | None = None,
    spent: float | None = None,
    goal: str = "",
    in_scope: str = "",
    out_of_scope: str = "",
    assumptions: str = "",
    stakeholders: str = "",
    success_criteria: str = "",
    impact: int | None = None,
    effort: int | None = None,
    urgency: int | None = None,
    importance: int | None = None,
    sla_aligned: bool = False,
    rag_override: str | None = None,
    rag_note: str = "",
    approval_path: str = "",
    hourly_rate: float | None = None,
    checklist: bool = True,
) -> Project:
    """Add a project (``status`` None: active; a scale None: 3; ``rag_override`` None: worked out); return it.

    It starts with the standard rollout checklist unless ``checklist`` is false.
    """
    values = {
        "key": key,
        "name": name,
        "owner": owner,
        "status": status,
        "sponsor": sponsor,
        "start": start,
        "target": target,
        "budget": budget,
        "spent": spent,
        "goal": goal,
        "in_scope": in_scope,
        "out_of_scope": out_of_scope,
        "assumptions": assumptions,
        "stakeholders": stakeholders,
        "success_criteria": success_criteria,
        "impact": impact,
        "effort": effort,
        "urgency": urgency,
        "importance": importance,
        "sla_aligned": sla_aligned,
        "rag_override": rag_override,
        "rag_note": rag_note,
        "approval_path": approval_path,
        "hourly_rate": hourly_rate,
    }
    with store.write() as session:
        project: Project = base.create(store, session, Project(**_clean_project(session, values, None)))
        if checklist:
            seed_standard(store, session, project.id or 0)
        return project


def edit_project(
    store: Store,
    project: str,
    /,
    *,
    key: str | Unset = UNSET,
    name: str | Unset = UNSET,
    owner: str | Unset | None = UNSET,
    status: str | Unset = UNSET,
    sponsor: str | Unset = UNSET,
    start: dt.date | Unset | None = UNSET,
    target: dt.date | Unset | None = UNSET,
    budget: float | Unset = UNSET,
    spent: float | Unset = UNSET,
    goal: str | Unset = UNSET,
    in_scope: str | Unset = UNSET,
    out_of_scope: str | Unset = UNSET,
    assumptions: str | Unset = UNSET,
    stakeholders: str | Unset = UNSET,
    success_criteria: str | Unset = UNSET,
    impact: int | Unset = UNSET,
    effort: int | Unset = UNSET,
    urgency: int | Unset = UNSET,
    importance: int | Unset = UNSET,
    sla_aligned: bool | Unset = UNSET,
    rag_override: str | Unset | None = UNSET,
    rag_note: str | Unset = UNSET,
    approval_path: str | Unset = UNSET,
    hourly_rate: float | Unset | None = UNSET,
    if_version: int | None = None,
) -> Project:
    """Change the given fields of the project with key ``project``; return it.

    ``None`` clears the owner, a date, or the RAG override (as do ``auto`` and ``none``).
    """
    changes = given_fields(
        key=key,
        name=name,
        owner=owner,
        status=status,
        sponsor=sponsor,
        start=start,
        target=target,
        budget=budget,
        spent=spent,
        goal=goal,
        in_scope=in_scope,
        out_of_scope=out_of_scope,
        assumptions=assumptions,
        stakeholders=stakeholders,
        success_criteria=success_criteria,
        impact=impact,
        effort=effort,
        urgency=urgency,
        importance=importance,
        sla_aligned=sla_aligned,
        rag_override=rag_override,
        rag_note=rag_note,
        approval_path=approval_path,
        hourly_rate=hourly_rate,
    )
    with store.write() as session:
        found = base.find_project(session, project)
        base.update(store, session, found, _clean_project(session, changes, found), if_version=if_version)
        return found


def delete_project(store: Store, key: str) -> Project:
    """Delete a project that holds no tasks, milestones, risks, issues or changes."""
    with store.write() as session:
        project = base.find_project(session, key)
        refuse_if_used(
            session,
            [
                (model, col(model.project_id) == project.id, label)
                for model, label in (
                    (Task, "task(s)"),
                    (Milestone, "milestone(s)"),
                    (Risk, "risk(s)"),
                    (Issue, "issue(s)"),
                    (ChangeRequest, "change request(s)"),
                    (Metric, "metric(s)"),
                )
            ],
            lambda held: (
                f"project {project.key} still holds {held}; delete them first, or set its status to cancelled or done"
            ),
        )
        for ws in session.exec(select(Workstream).where(Workstream.project_id == project.id)).all():
            base.delete(store, session, ws)
        delete_all_of(store, session, project.id or 0)
        for update in session.exec(select(StatusUpdate).where(StatusUpdate.project_id == project.id)).all():
            base.delete(store, session, update)
        for review in session.exec(select(ProjectReview).where(ProjectReview.project_id == project.id)).all():
            base.delete(store, session, review)
        base.delete(store, session, project)
        return project


@dataclass(frozen=True)
class ProjectRecord(JsonRecord):
    """A project with its scope statement and R8's quadrants (docs/rules.md); dates in ISO form."""

    id: int
    key: str
    name: str
    status: str
    sponsor: str
    start: str | None
    target: str | None
    budget: float | None
    spent: float | None
    goal: str
    in_scope: str
    out_of_scope: str
    assumptions: str
    stakeholders: str
    success_criteria: str
    impact: int
    effort: int
    urgency: int
    importance: int
    sla_aligned: bool
    rag_override: str | None
    rag_note: str
    owner: str | None
    workstreams: list[str]
    impact_effort: str
    urgency_importance: str
    approval_path: str = ""
    hourly_rate: float | None = None

    @classmethod
    def of(cls, project: Project, owner: str | None, workstreams: list[str]) -> ProjectRecord:
        """Return the record of a stored project, its owner's name and its workstreams' names given."""
        return cls(
            project.id or 0,
            project.key,
            project.name,
            project.status,
            project.sponsor,
            base.to_json(project.start),
            base.to_json(project.target),
            project.budget,
            project.spent,
            project.goal,
            project.in_scope,
            project.out_of_scope,
            project.assumptions,
            project.stakeholders,
            project.success_criteria,
            project.impact,
            project.effort,
            project.urgency,
            project.importance,
            project.sla_aligned,
            project.rag_override,
            project.rag_note,
            owner,
            workstreams,
            impact_effort_quadrant(project.impact, project.effort),
            urgency_importance_quadrant(project.urgency, project.importance),
            project.approval_path,
            project.hourly_rate,
        )


def project_records(session: Session) -> list[ProjectRecord]:
    """Return all projects, by key (health is added by planning)."""
    names = dict(session.exec(select(Person.id, Person.name)).all())
    streams: dict[int, list[str]] = {}
    for ws in session.exec(select(Workstream).order_by(col(Workstream.position), col(Workstream.name))).all():
        streams.setdefault(ws.project_id, []).append(ws.name)
    return [
        ProjectRecord.of(p, names.get(p.owner_id), streams.get(p.id or 0, []))
        for p in session.exec(select(Project).order_by(col(Project.key))).all()
    ]


def list_projects(store: Store) -> list[ProjectRecord]:
    """Return all projects, by key."""
    with store.read() as session:
        return project_records(session)


# --- workstreams ---------------------------------------------------------------


def add_workstream(store: Store, project: str, name: str, position: int | None = None) -> Workstream:
    """Add a workstream (phase, site or device group) to a project; return it."""
    with store.write() as session:
        proj = base.find_project(session, project)
        clean = base.required_text(name, "name")
        if find_workstream(session, proj.id or 0, clean, missing_ok=True):
            raise FieldError("name", f"{proj.key} already has a workstream {clean!r}")
        if position is None:
            position = len(session.exec(select(Workstream).where(Workstream.project_id == proj.id)).all())
        check_range(position, "order", 0, 999)
        return base.create(store, session, Workstream(project_id=proj.id or 0, name=clean, position=position))


def find_workstream(session: Session, project_id: int, name: str, missing_ok: bool = False) -> Workstream | None:
    """Return the workstream ``name`` of a project (case-insensitive)."""
    key = name_key(name)
    streams = session.exec(select(Workstream).where(Workstream.project_id == project_id)).all()
    found = next((w for w in streams if name_key(w.name) == key), None)
    if found is None and not missing_ok:
        raise FieldError("workstream", f"no workstream {name!r} in that project")
    return found


def edit_workstream(
    store: Store, project: str, name: str, new_name: str | None = None, position: int | None = None
) -> Workstream:
    """Rename or reorder a workstream; return it."""
    with store.write() as session:
        proj = base.find_project(session, project)
        ws = find_workstream(session, proj.id or 0, name)
        assert ws is not None
        values: dict[str, Any] = {}
        if new_name is not None:
            values["name"] = base.required_text(new_name, "name")
        if position is not None:
            values["position"] = int(check_range(position, "order", 0, 999))
        base.update(store, session, ws, values)
        return ws


def delete_workstream(store: Store, project: str, name: str) -> Workstream:
    """Delete a workstream no milestone belongs to; return it."""
    with store.write() as session:
        proj = base.find_project(session, project)
        ws = find_workstream(session, proj.id or 0, name)
        assert ws is not None
        used = session.exec(select(func.count()).select_from(Milestone).where(Milestone.workstream_id == ws.id)).one()
        if used:
            raise UserError(f"workstream {ws.name} still holds {used} milestone(s); move them first")
        base.delete(store, session, ws)
        return ws


@dataclass(frozen=True)
class WorkstreamRecord(JsonRecord):
    """A workstream of the project with key ``project``, in its ``position`` among the project's."""

    id: int
    project: str | None
    name: str
    position: int


def list_workstreams(store: Store, project: str | None = None) -> list[WorkstreamRecord]:
    """Return workstreams, by project and order."""
    with store.read() as session:
        keys = dict(session.exec(select(Project.id, Project.key)).all())
        query = select(Workstream).order_by(col(Workstream.project_id), col(Workstream.position))
        if project:
            query = query.where(Workstream.project_id == base.find_project(session, project).id)
        return [
            WorkstreamRecord(w.id or 0, keys.get(w.project_id), w.name, w.position) for w in session.exec(query).all()
        ]
