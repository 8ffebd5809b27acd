"""What the Risks screen shows: the risk register with its heat map, the issue log, change requests."""

from __future__ import annotations

from dataclasses import dataclass, field

from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES
from supportpm_tui.services.change_requests import ChangeRequestRecord, list_changes
from supportpm_tui.services.issues import IssueRecord, list_issues
from supportpm_tui.services.risks import RiskRecord, list_risks
from supportpm_tui.storage.database import Store


@dataclass(frozen=True)
class RegisterData:
    """Risks (highest score first, then review date), issues, change requests, and heat-map counts."""

    risks: list[RiskRecord] = field(default_factory=list)
    issues: list[IssueRecord] = field(default_factory=list)
    changes: list[ChangeRequestRecord] = field(default_factory=list)
    heat: dict[tuple[int, int], int] = field(default_factory=dict)
    projects: list[str] = field(default_factory=list)


def load_registers(store: Store, filt: Filter | None = None) -> RegisterData:
    """Return the three registers, filtered by project, ``@person`` (owner) and words."""
    filt = filt or Filter()

    def wanted(project: str | None, person: str | None, *texts: str | None) -> bool:
        return filt.wants_project(project) and filt.wants_person(person) and filt.wants_words(*(t for t in texts if t))

    risks = [r for r in list_risks(store) if wanted(r.project, r.owner, r.title, r.description, r.milestone)]
    issues = [i for i in list_issues(store) if wanted(i.project, i.owner, i.title, i.description)]
    changes = [
        c for c in list_changes(store) if wanted(c.project, c.requested_by, c.title, c.description, *c.milestones)
    ]
    heat: dict[tuple[int, int], int] = {}
    for risk in risks:
        if risk.status in ACTIVE_RISK_STATUSES:
            cell = (risk.likelihood, risk.impact)
            heat[cell] = heat.get(cell, 0) + 1
    with store.read() as session:
        from supportpm_tui.services.projects import project_records

        projects = [p.key for p in project_records(session)]
    return RegisterData(risks, issues, changes, heat, projects)
