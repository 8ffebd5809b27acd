"""What the Risks screen shows: the risk register with its heat map, the issue log, change requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES
from supportpm_tui.services.governance import list_changes, list_issues, list_risks
from supportpm_tui.storage.database import Store


@dataclass
class RegisterData:
    """Risks (highest score first, then review date), issues, change requests, and heat-map counts."""

    risks: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    heat: dict[tuple[int, int], int] = field(default_factory=dict)
    projects: list[str] = field(default_factory=list)


def load_registers(store: Store, filt: Filter | None = None) -> RegisterData:
    """Return the three registers, filtered by project, ``@person`` (owner) and words."""
    filt = filt or Filter()
    data = RegisterData()

    def wanted(row: dict[str, Any], *texts: Any) -> bool:
        return (
            filt.wants_project(row.get("project"))
            and filt.wants_person(row.get("owner") or row.get("requested_by"))
            and filt.wants_words(*(str(t) for t in texts if t))
        )

    data.risks = [r for r in list_risks(store) if wanted(r, r["title"], r["description"], r["milestone"])]
    data.issues = [i for i in list_issues(store) if wanted(i, i["title"], i["description"])]
    data.changes = [c for c in list_changes(store) if wanted(c, c["title"], c["description"], *c["milestones"])]
    for risk in data.risks:
        if risk["status"] in ACTIVE_RISK_STATUSES:
            cell = (risk["likelihood"], risk["impact"])
            data.heat[cell] = data.heat.get(cell, 0) + 1
    with store.read() as session:
        from supportpm_tui.services.projects import project_records

        data.projects = [p.key for p in project_records(session)]
    return data
