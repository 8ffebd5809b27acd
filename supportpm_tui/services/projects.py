"""Projects, their scope statement, prioritisation and workstreams."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.core.rules.priority import impact_effort_quadrant, urgency_importance_quadrant
from supportpm_tui.core.vocabulary import ProjectStatus, Rag
from supportpm_tui.services import base
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import ChangeRequest, Issue, Milestone, Person, Project, Risk, Task, Workstream

_KEY = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
SCOPE_FIELDS = ("goal", "in_scope", "out_of_scope", "assumptions", "stakeholders", "success_criteria")


def _clean_project(session: Any, values: dict[str, Any], existing: Project | None) -> dict[str, Any]:
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


def add_project(store: Store, key: str, name: str, **values: Any) -> Project:
    """Add a project; return it."""
    with store.write() as session:
        cleaned = _clean_project(session, {"key": key, "name": name, **values}, None)
        return base.create(store, session, Project(**cleaned))


def edit_project(store: Store, key: str, **values: Any) -> Project:
    """Change the given fields of the project ``key``; return it."""
    with store.write() as session:
        project = base.find_project(session, key)
        base.update(store, session, project, _clean_project(session, values, project))
        return project


def delete_project(store: Store, key: str) -> Project:
    """Delete a project that holds no tasks, milestones, risks, issues or changes."""
    with store.write() as session:
        project = base.find_project(session, key)
        held = []
        for model, label in (
            (Task, "task(s)"),
            (Milestone, "milestone(s)"),
            (Risk, "risk(s)"),
            (Issue, "issue(s)"),
            (ChangeRequest, "change request(s)"),
        ):
            count = session.exec(select(func.count()).select_from(model).where(model.project_id == project.id)).one()
            if count:
                held.append(f"{count} {label}")
        if held:
            raise UserError(
                f"project {project.key} still holds {', '.join(held)}; delete them first, "
                f"or set its status to cancelled or done"
            )
        for ws in session.exec(select(Workstream).where(Workstream.project_id == project.id)).all():
            base.delete(store, session, ws)
        base.delete(store, session, project)
        return project


def project_record(project: Project, owner: str | None, workstreams: list[str]) -> dict[str, Any]:
    """Return a project as JSON data with its R8 quadrants, docs/rules.md (health is added by planning)."""
    data = {name: base.to_json(getattr(project, name)) for name in Project.model_fields}
    data.pop("owner_id")
    data["owner"] = owner
    data["workstreams"] = workstreams
    data["impact_effort"] = impact_effort_quadrant(project.impact, project.effort)
    data["urgency_importance"] = urgency_importance_quadrant(project.urgency, project.importance)
    return data


def project_records(session: Any) -> list[dict[str, Any]]:
    """Return all projects as JSON data, by key."""
    names = dict(session.exec(select(Person.id, Person.name)).all())
    streams: dict[int, list[str]] = {}
    for ws in session.exec(select(Workstream).order_by(col(Workstream.position), col(Workstream.name))).all():
        streams.setdefault(ws.project_id, []).append(ws.name)
    return [
        project_record(p, names.get(p.owner_id), streams.get(p.id or 0, []))
        for p in session.exec(select(Project).order_by(col(Project.key))).all()
    ]


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


def find_workstream(session: Any, project_id: int, name: str, missing_ok: bool = False) -> Workstream | None:
    """Return the workstream ``name`` of a project (case-insensitive)."""
    found = session.exec(
        select(Workstream).where(
            Workstream.project_id == project_id,
            func.lower(Workstream.name) == base.clean_line(name).lower(),
        )
    ).first()
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


def list_workstreams(store: Store, project: str | None = None) -> list[dict[str, Any]]:
    """Return workstreams as JSON data, by project and order."""
    with store.read() as session:
        keys = dict(session.exec(select(Project.id, Project.key)).all())
        query = select(Workstream).order_by(col(Workstream.project_id), col(Workstream.position))
        if project:
            query = query.where(Workstream.project_id == base.find_project(session, project).id)
        return [
            {"id": w.id, "project": keys.get(w.project_id), "name": w.name, "position": w.position}
            for w in session.exec(query).all()
        ]
