"""The issue log: log, edit and delete issues (resolving one records the day); list them, open first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from sqlmodel import Session, select

from supportpm_tui.core import clock
from supportpm_tui.core.unset import Unset
from supportpm_tui.core.vocabulary import IssueStatus
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Issue

STATUS_ORDER = {IssueStatus.open.value: 0, IssueStatus.in_progress.value: 1, IssueStatus.resolved.value: 2}


class IssueEdit(TypedDict, total=False):
    """What an edit of an issue may change: a field not given (or ``UNSET``) stays; ``owner=None`` clears it."""

    title: str | Unset
    owner: str | Unset | None
    description: str | Unset
    root_cause: str | Unset
    workaround: str | Unset
    decision: str | Unset
    status: str | Unset
    raised: dt.date | Unset


@dataclass(frozen=True)
class IssueRecord(JsonRecord):
    """One issue as the log shows it, with names for ids; dates in ISO form."""

    id: int
    risk_id: int | None
    title: str
    description: str
    root_cause: str
    workaround: str
    decision: str
    status: str
    raised: str
    resolved: str | None
    project: str | None
    owner: str | None
    version: int


def _issue_columns(session: Session, values: dict[str, Any], existing: Issue | None) -> dict[str, Any]:
    """Return the columns ``values`` set, checked, with the day it was resolved kept in step with its status."""
    out = base.checked_texts(values, ("description", "root_cause", "workaround", "decision"))
    if "owner" in values:
        out["owner_id"] = base.find_optional_person(session, values["owner"], "owner")
    if "status" in values:
        out["status"] = base.one_of(values["status"], "status", IssueStatus)
        if out["status"] == IssueStatus.resolved and not (existing and existing.resolved):
            out.setdefault("resolved", clock.today())
        elif out["status"] != IssueStatus.resolved:
            out["resolved"] = None
    if "raised" in values:
        out["raised"] = values["raised"]
    raised = out.get("raised", existing.raised if existing else clock.today())
    resolved = out.get("resolved", existing.resolved if existing else None)
    if resolved and raised and resolved < raised:
        out["resolved"] = raised
    return out


def add_issue(
    store: Store,
    project: str,
    title: str,
    *,
    owner: str | None = None,
    description: str = "",
    workaround: str = "",
    raised: dt.date | None = None,
) -> Issue:
    """Log an issue raised today (unless given); return it."""
    values = given_fields(
        title=title, owner=owner, description=description, workaround=workaround, raised=raised or clock.today()
    )
    return base.add_row(store, Issue, project, lambda session, _: _issue_columns(session, values, None))


def edit_issue(store: Store, issue_id: int, if_version: int | None = None, **changes: Unpack[IssueEdit]) -> Issue:
    """Change the given fields of an issue (resolving it records the day); return it."""
    values = given_fields(**changes)
    return base.edit_row(
        store, Issue, issue_id, "issue", lambda session, issue: _issue_columns(session, values, issue), if_version
    )


def delete_issue(store: Store, issue_id: int) -> Issue:
    """Delete an issue; return it."""
    return base.delete_row(store, Issue, issue_id, "issue")


def issue_record(issue: Issue, names: base.DisplayNames) -> IssueRecord:
    """Return an issue with the names of its project and owner."""
    return base.record_from(
        IssueRecord,
        issue,
        project=names.projects.get(issue.project_id),
        owner=names.people.get(issue.owner_id) if issue.owner_id else None,
    )


def list_issues(store: Store, project: str | None = None) -> list[IssueRecord]:
    """Return issues: open first, then in progress, then resolved; each by the day it was raised."""
    with store.read() as session:
        names = base.display_names(session)
        query = select(Issue)
        if project:
            query = query.where(Issue.project_id == base.find_project(session, project).id)
        rows = [issue_record(i, names) for i in session.exec(query).all()]
    rows.sort(key=lambda r: (STATUS_ORDER[r.status], r.raised))
    return rows


def show_issue(store: Store, issue_id: int) -> IssueRecord:
    """Return one issue; raise NotFound when there is none with ``issue_id``."""
    with store.read() as session:
        names = base.display_names(session)
        return issue_record(base.get_or_raise(session, Issue, issue_id, "issue"), names)
