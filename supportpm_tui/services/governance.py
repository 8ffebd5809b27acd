"""Risks, issues and change requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import col, func, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import check_range
from supportpm_tui.core.rules.risk import review_overdue, risk_band, risk_score
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, ChangeStatus, IssueStatus, RiskStatus
from supportpm_tui.services import base
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import ChangeMilestone, ChangeRequest, Issue, Milestone, Person, Project, Risk

DEFAULT_REVIEW_DAYS = 14


def _clean_risk(session: Any, values: dict[str, Any], existing: Risk | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    project_id = existing.project_id if existing else None
    if "project" in values:
        project_id = base.find_project(session, values["project"]).id
        out["project_id"] = project_id
    if "title" in values:
        out["title"] = base.required_text(values["title"], "title")
    for field in ("description", "mitigation", "contingency", "trigger"):
        if field in values:
            out[field] = base.optional_text(values[field], field)
    for field in ("likelihood", "impact"):
        if values.get(field) is not None:
            out[field] = base.scale(values[field], field)
    if "owner" in values:
        out["owner_id"] = base.find_optional_person(session, values["owner"], "owner")
    if "milestone" in values:
        ref = values["milestone"]
        out["milestone_id"] = (
            None if ref is None or ref.lower() in ("", "none") else base.find_milestone(session, ref, project_id).id
        )
    if values.get("status") is not None:
        out["status"] = base.one_of(values["status"], "status", RiskStatus)
    if "review" in values:
        out["review_date"] = values["review"]
    return out


def add_risk(store: Store, project: str, title: str, likelihood: int, impact: int, **values: Any) -> Risk:
    """Add a risk (review in two weeks unless given); return it."""
    values.setdefault("review", clock.today() + dt.timedelta(days=DEFAULT_REVIEW_DAYS))
    with store.write() as session:
        cleaned = _clean_risk(
            session,
            {"project": project, "title": title, "likelihood": likelihood, "impact": impact, **values},
            None,
        )
        return base.create(store, session, Risk(**cleaned))


def edit_risk(store: Store, risk_id: int, **values: Any) -> Risk:
    """Change the given fields of a risk; return it."""
    with store.write() as session:
        risk = base.get_or_raise(session, Risk, risk_id, "risk")
        base.update(store, session, risk, _clean_risk(session, values, risk))
        return risk


def close_risk(store: Store, risk_id: int) -> Risk:
    """Mark a risk closed; return it."""
    return edit_risk(store, risk_id, status=RiskStatus.closed.value)


def delete_risk(store: Store, risk_id: int) -> Risk:
    """Delete a risk that no issue came from; return it."""
    with store.write() as session:
        risk = base.get_or_raise(session, Risk, risk_id, "risk")
        issue = session.exec(select(Issue).where(Issue.risk_id == risk_id)).first()
        if issue is not None:
            raise UserError(f"risk {risk_id} became issue {issue.id}; delete that issue first")
        base.delete(store, session, risk)
        return risk


def risk_to_issue(store: Store, risk_id: int) -> Issue:
    """Mark a risk occurred and open the issue it became; return the issue."""
    with store.write() as session:
        risk = base.get_or_raise(session, Risk, risk_id, "risk")
        if risk.status == RiskStatus.occurred:
            raise UserError(f"risk {risk_id} has already become an issue")
        base.update(store, session, risk, {"status": RiskStatus.occurred.value})
        issue = Issue(
            project_id=risk.project_id,
            risk_id=risk.id,
            title=risk.title,
            description=risk.description,
            owner_id=risk.owner_id,
            workaround=risk.contingency,
            raised=clock.today(),
        )
        return base.create(store, session, issue)


def risk_record(
    risk: Risk, keys: dict[int, str], names: dict[int, str], milestones: dict[int, str], today: dt.date
) -> dict[str, Any]:
    """Return a risk as JSON data with its score, band and review state."""
    score = risk_score(risk.likelihood, risk.impact)
    return {
        "id": risk.id,
        "project": keys.get(risk.project_id),
        "milestone": milestones.get(risk.milestone_id) if risk.milestone_id else None,
        "title": risk.title,
        "description": risk.description,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "score": score,
        "band": risk_band(score),
        "owner": names.get(risk.owner_id) if risk.owner_id else None,
        "mitigation": risk.mitigation,
        "contingency": risk.contingency,
        "trigger": risk.trigger,
        "status": risk.status,
        "review_date": base.to_json(risk.review_date),
        "review_overdue": review_overdue(risk.status, risk.review_date, today),
    }


def _names(session: Any) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    keys = dict(session.exec(select(Project.id, Project.key)).all())
    names = dict(session.exec(select(Person.id, Person.name)).all())
    milestones = dict(session.exec(select(Milestone.id, Milestone.name)).all())
    return keys, names, milestones


def list_risks(
    store: Store, project: str | None = None, include_closed: bool = True, limit: int | None = None
) -> list[dict[str, Any]]:
    """Return risks as JSON data: highest score first, then earliest review date (at most ``limit``)."""
    today = clock.today()
    with store.read() as session:
        keys, names, milestones = _names(session)
        query = select(Risk).order_by(
            (col(Risk.likelihood) * col(Risk.impact)).desc(),
            func.coalesce(col(Risk.review_date), "9999-12-31"),
            col(Risk.id),
        )
        if project:
            query = query.where(Risk.project_id == base.find_project(session, project).id)
        if not include_closed:
            query = query.where(col(Risk.status).in_(ACTIVE_RISK_STATUSES))
        if limit is not None:
            query = query.limit(limit)
        rows = [risk_record(r, keys, names, milestones, today) for r in session.exec(query).all()]
    rows.sort(key=lambda r: (-r["score"], r["review_date"] or "9999", r["id"]))
    return rows


def show_risk(store: Store, risk_id: int) -> dict[str, Any]:
    """Return one risk as JSON data."""
    with store.read() as session:
        keys, names, milestones = _names(session)
        risk = base.get_or_raise(session, Risk, risk_id, "risk")
        return risk_record(risk, keys, names, milestones, clock.today())


# --- issues ---------------------------------------------------------------------


def _clean_issue(session: Any, values: dict[str, Any], existing: Issue | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "project" in values:
        out["project_id"] = base.find_project(session, values["project"]).id
    if "title" in values:
        out["title"] = base.required_text(values["title"], "title")
    for field in ("description", "root_cause", "workaround", "decision"):
        if field in values:
            out[field] = base.optional_text(values[field], field)
    if "owner" in values:
        out["owner_id"] = base.find_optional_person(session, values["owner"], "owner")
    if values.get("status") is not None:
        out["status"] = base.one_of(values["status"], "status", IssueStatus)
        if out["status"] == IssueStatus.resolved and not (existing and existing.resolved):
            out.setdefault("resolved", clock.today())
        elif out["status"] != IssueStatus.resolved:
            out["resolved"] = None
    if values.get("raised") is not None:
        out["raised"] = values["raised"]
    raised = out.get("raised", existing.raised if existing else clock.today())
    resolved = out.get("resolved", existing.resolved if existing else None)
    if resolved and raised and resolved < raised:
        out["resolved"] = raised
    return out


def add_issue(store: Store, project: str, title: str, **values: Any) -> Issue:
    """Log an issue raised today (unless given); return it."""
    with store.write() as session:
        cleaned = _clean_issue(session, {"project": project, "title": title, **values}, None)
        cleaned.setdefault("raised", clock.today())
        return base.create(store, session, Issue(**cleaned))


def edit_issue(store: Store, issue_id: int, **values: Any) -> Issue:
    """Change the given fields of an issue; return it."""
    with store.write() as session:
        issue = base.get_or_raise(session, Issue, issue_id, "issue")
        base.update(store, session, issue, _clean_issue(session, values, issue))
        return issue


def delete_issue(store: Store, issue_id: int) -> Issue:
    """Delete an issue; return it."""
    with store.write() as session:
        issue = base.get_or_raise(session, Issue, issue_id, "issue")
        base.delete(store, session, issue)
        return issue


def issue_record(issue: Issue, keys: dict[int, str], names: dict[int, str]) -> dict[str, Any]:
    """Return an issue as JSON data."""
    data = {name: base.to_json(getattr(issue, name)) for name in Issue.model_fields}
    data["project"] = keys.get(data.pop("project_id"))
    owner = data.pop("owner_id")
    data["owner"] = names.get(owner) if owner else None
    return data


def list_issues(store: Store, project: str | None = None) -> list[dict[str, Any]]:
    """Return issues as JSON data: open first, then newest."""
    with store.read() as session:
        keys, names, _ = _names(session)
        query = select(Issue)
        if project:
            query = query.where(Issue.project_id == base.find_project(session, project).id)
        rows = [issue_record(i, keys, names) for i in session.exec(query).all()]
    order = {"open": 0, "in_progress": 1, "resolved": 2}
    rows.sort(key=lambda r: (order[r["status"]], r["raised"]), reverse=False)
    return rows


def show_issue(store: Store, issue_id: int) -> dict[str, Any]:
    """Return one issue as JSON data."""
    with store.read() as session:
        keys, names, _ = _names(session)
        return issue_record(base.get_or_raise(session, Issue, issue_id, "issue"), keys, names)


# --- change requests --------------------------------------------------------------


def _clean_change(session: Any, values: dict[str, Any], existing: ChangeRequest | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    project_id = existing.project_id if existing else None
    if "project" in values:
        project_id = base.find_project(session, values["project"]).id
        out["project_id"] = project_id
    if "title" in values:
        out["title"] = base.required_text(values["title"], "title")
    for field in ("description", "risk_note"):
        if field in values:
            out[field] = base.optional_text(values[field], field)
    if "requested_by" in values:
        out["requested_by"] = base.optional_text(values["requested_by"], "requested by", base.MAX_NAME)
    if values.get("days") is not None:
        out["schedule_days"] = int(check_range(values["days"], "days", -365, 365))
    if "cost" in values and values["cost"] is not None:
        out["cost_impact"] = float(check_range(values["cost"], "cost", -1e12, 1e12))
    if values.get("milestones") is not None:
        out["milestones"] = [base.find_milestone(session, ref, project_id).id for ref in values["milestones"]]
    return out


def add_change(store: Store, project: str, title: str, days: int, **values: Any) -> ChangeRequest:
    """Propose a change request; return it."""
    values.setdefault("requested_by", base.current_actor())
    with store.write() as session:
        cleaned = _clean_change(session, {"project": project, "title": title, "days": days, **values}, None)
        links = {"milestones": cleaned.pop("milestones", [])}
        change = ChangeRequest(requested=clock.today(), **cleaned)
        return base.create(store, session, change, links)


def edit_change(store: Store, change_id: int, **values: Any) -> ChangeRequest:
    """Change the given fields of an undecided change request; return it."""
    with store.write() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, "change request")
        if change.status not in (ChangeStatus.proposed, ChangeStatus.deferred):
            raise UserError(f"change request {change_id} is {change.status}; it can no longer be edited")
        base.update(store, session, change, _clean_change(session, values, change))
        return change


def delete_change(store: Store, change_id: int) -> ChangeRequest:
    """Delete an undecided change request; return it."""
    with store.write() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, "change request")
        if change.status == ChangeStatus.approved:
            raise UserError(f"change request {change_id} was approved and moved milestones; it stays on record")
        base.delete(store, session, change)
        return change


def approval_preview(store: Store, change_id: int) -> list[dict[str, Any]]:
    """Return, per affected milestone, its due date now and after approving the change."""
    from supportpm_tui.services.current_plan import load_calendar

    with store.read() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, "change request")
        calendar = load_calendar(session)
        ids = base.get_links(session, "change_request", change_id, "milestones")
        moves = []
        for mid in ids:
            milestone = session.get(Milestone, mid)
            if milestone is None:
                continue
            moves.append(
                {
                    "milestone_id": mid,
                    "milestone": milestone.name,
                    "from": milestone.due_date.isoformat(),
                    "to": calendar.add_working_days(milestone.due_date, change.schedule_days).isoformat(),
                }
            )
        return moves


def approve_change(store: Store, change_id: int) -> list[dict[str, Any]]:
    """Approve a change request: move each affected milestone's due date by its working
    days (baselines untouched); return the moves."""
    with store.write() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, "change request")
        if change.status not in (ChangeStatus.proposed, ChangeStatus.deferred):
            raise UserError(f"change request {change_id} is already {change.status}")
        moves = approval_preview(store, change_id)
        for move in moves:
            milestone = session.get(Milestone, move["milestone_id"])
            base.update(store, session, milestone, {"due_date": dt.date.fromisoformat(move["to"])})  # type: ignore[arg-type]
        base.update(
            store,
            session,
            change,
            {
                "status": ChangeStatus.approved.value,
                "decided_by": base.current_actor(),
                "decided": clock.today(),
            },
        )
        return moves


def decide_change(store: Store, change_id: int, status: str, reason: str = "") -> ChangeRequest:
    """Reject or defer a change request, recording the reason; return it."""
    if status not in (ChangeStatus.rejected, ChangeStatus.deferred):
        raise FieldError("status", "a decision is rejected or deferred (approve moves milestones)")
    why = base.optional_text(reason, "reason", 1000)
    with store.write() as session:
        change = base.get_or_raise(session, ChangeRequest, change_id, "change request")
        if change.status not in (ChangeStatus.proposed, ChangeStatus.deferred):
            raise UserError(f"change request {change_id} is already {change.status}")
        base.update(
            store,
            session,
            change,
            {
                "status": status,
                "decided_by": base.current_actor(),
                "decided": clock.today(),
                "decision_note": why,
            },
        )
        return change


def change_record(change: ChangeRequest, keys: dict[int, str], milestones: list[str]) -> dict[str, Any]:
    """Return a change request as JSON data."""
    data = {name: base.to_json(getattr(change, name)) for name in ChangeRequest.model_fields}
    data["project"] = keys.get(data.pop("project_id"))
    data["milestones"] = milestones
    return data


def list_changes(store: Store, project: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    """Return change requests as JSON data: undecided first, then newest."""
    with store.read() as session:
        keys, _, names = _names(session)
        links: dict[int, list[str]] = {}
        for link in session.exec(select(ChangeMilestone)).all():
            links.setdefault(link.change_id, []).append(names.get(link.milestone_id, "?"))
        query = select(ChangeRequest).order_by(col(ChangeRequest.requested).desc(), col(ChangeRequest.id).desc())
        if project:
            query = query.where(ChangeRequest.project_id == base.find_project(session, project).id)
        if status:
            query = query.where(ChangeRequest.status == base.one_of(status, "status", ChangeStatus))
        rows = [change_record(c, keys, sorted(links.get(c.id or 0, []))) for c in session.exec(query).all()]
    rows.sort(key=lambda r: r["status"] not in ("proposed", "deferred"))
    return rows


def show_change(store: Store, change_id: int) -> dict[str, Any]:
    """Return one change request as JSON data, with its approval preview."""
    with store.read() as session:
        keys, _, names = _names(session)
        change = base.get_or_raise(session, ChangeRequest, change_id, "change request")
        ids = base.get_links(session, "change_request", change_id, "milestones")
        data = change_record(change, keys, sorted(names.get(i, "?") for i in ids))
    if data["status"] in ("proposed", "deferred"):
        data["if_approved"] = approval_preview(store, change_id)
    return data
