"""The risk register: add, edit, close, delete and turn risks into issues; list them with their score and band."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from sqlmodel import Session, col, select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.core.rules.risk import review_overdue, risk_band, risk_score
from supportpm_tui.core.unset import Unset, unset_if_none
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES, RiskStatus
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Issue, Risk

DEFAULT_REVIEW_DAYS = 14


class RiskEdit(TypedDict, total=False):
    """What an edit of a risk may change: a field not given (or ``UNSET``) stays as it is.

    ``None`` clears the owner, the milestone or the review date.
    """

    title: str | Unset
    likelihood: int | Unset
    impact: int | Unset
    owner: str | Unset | None
    milestone: str | Unset | None
    mitigation: str | Unset
    contingency: str | Unset
    trigger: str | Unset
    description: str | Unset
    status: str | Unset
    review: dt.date | Unset | None


@dataclass(frozen=True)
class RiskRecord(JsonRecord):
    """One risk as the register shows it: names for ids, its score, band and whether its review is overdue.

    The review date is in ISO form.
    """

    id: int
    project: str | None
    milestone: str | None
    title: str
    description: str
    likelihood: int
    impact: int
    score: int
    band: str
    owner: str | None
    mitigation: str
    contingency: str
    trigger: str
    status: str
    review_date: str | None
    review_overdue: bool
    version: int


def _risk_columns(session: Session, values: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Return the columns ``values`` set, checked; raise FieldError naming the first field that is wrong."""
    out = base.checked_texts(values, ("description", "mitigation", "contingency", "trigger"))
    for field in ("likelihood", "impact"):
        if field in values:
            out[field] = base.scale(values[field], field)
    if "owner" in values:
        out["owner_id"] = base.find_optional_person(session, values["owner"], "owner")
    if "milestone" in values:
        ref = values["milestone"]
        out["milestone_id"] = (
            None if ref is None or ref.lower() in ("", "none") else base.find_milestone(session, ref, project_id).id
        )
    if "status" in values:
        out["status"] = base.one_of(values["status"], "status", RiskStatus)
    if "review" in values:
        out["review_date"] = values["review"]
    return out


def add_risk(
    store: Store,
    project: str,
    title: str,
    likelihood: int,
    impact: int,
    *,
    owner: str | None = None,
    milestone: str | None = None,
    mitigation: str = "",
    contingency: str = "",
    trigger: str = "",
    description: str = "",
    status: str | None = None,
    review: dt.date | None = None,
) -> Risk:
    """Add a risk (open, and reviewed in two weeks, unless given); return it."""
    values = given_fields(
        title=title,
        likelihood=likelihood,
        impact=impact,
        owner=owner,
        milestone=milestone,
        mitigation=mitigation,
        contingency=contingency,
        trigger=trigger,
        description=description,
        status=unset_if_none(status),
        review=review or clock.today() + dt.timedelta(days=DEFAULT_REVIEW_DAYS),
    )
    return base.add_row(store, Risk, project, lambda session, project_id: _risk_columns(session, values, project_id))


def edit_risk(store: Store, risk_id: int, if_version: int | None = None, **changes: Unpack[RiskEdit]) -> Risk:
    """Change the given fields of a risk; return it."""
    values = given_fields(**changes)
    return base.edit_row(
        store, Risk, risk_id, "risk", lambda session, risk: _risk_columns(session, values, risk.project_id), if_version
    )


def close_risk(store: Store, risk_id: int) -> Risk:
    """Mark a risk closed; return it."""
    return edit_risk(store, risk_id, status=RiskStatus.closed.value)


def _refuse_when_it_became_an_issue(session: Session, risk: Risk) -> None:
    issue = session.exec(select(Issue).where(Issue.risk_id == risk.id)).first()
    if issue is not None:
        raise UserError(f"risk {risk.id} became issue {issue.id}; delete that issue first")


def delete_risk(store: Store, risk_id: int) -> Risk:
    """Delete a risk that no issue came from; return it."""
    return base.delete_row(store, Risk, risk_id, "risk", _refuse_when_it_became_an_issue)


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


def risk_record(risk: Risk, names: base.DisplayNames, today: dt.date) -> RiskRecord:
    """Return a risk with its score, band and review state, as of ``today``."""
    score = risk_score(risk.likelihood, risk.impact)
    return base.record_from(
        RiskRecord,
        risk,
        project=names.projects.get(risk.project_id),
        milestone=names.milestones.get(risk.milestone_id) if risk.milestone_id else None,
        score=score,
        band=risk_band(score),
        owner=names.people.get(risk.owner_id) if risk.owner_id else None,
        review_overdue=review_overdue(risk.status, risk.review_date, today),
    )


def list_risks(
    store: Store, project: str | None = None, include_closed: bool = True, limit: int | None = None
) -> list[RiskRecord]:
    """Return risks: highest score first, then earliest review date (at most ``limit``)."""
    today = clock.today()
    with store.read() as session:
        names = base.display_names(session)
        query = select(Risk).order_by(
            (col(Risk.likelihood) * col(Risk.impact)).desc(),
            col(Risk.review_date).is_(None),  # no review date last
            col(Risk.review_date),
            col(Risk.id),
        )
        if project:
            query = query.where(Risk.project_id == base.find_project(session, project).id)
        if not include_closed:
            query = query.where(col(Risk.status).in_(ACTIVE_RISK_STATUSES))
        if limit is not None:
            query = query.limit(limit)
        rows = [risk_record(r, names, today) for r in session.exec(query).all()]
    rows.sort(key=lambda r: (-r.score, r.review_date or "9999", r.id))
    return rows


def show_risk(store: Store, risk_id: int) -> RiskRecord:
    """Return one risk; raise NotFound when there is none with ``risk_id``."""
    with store.read() as session:
        names = base.display_names(session)
        risk = base.get_or_raise(session, Risk, risk_id, "risk")
        return risk_record(risk, names, clock.today())
