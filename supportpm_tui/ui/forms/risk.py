"""The forms for a risk: a new one (in a project) and an edit (with its status)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from supportpm_tui.core.vocabulary import RiskStatus
from supportpm_tui.ui.forms import Write, save_with
from supportpm_tui.ui.forms.project import project_key_field
from supportpm_tui.ui.modals.form import FormField, FormModal, field_value

if TYPE_CHECKING:
    from supportpm_tui.services.risks import RiskRecord


def risk_fields(risk: RiskRecord | None = None) -> list[FormField]:
    """Return the fields of a risk, filled in from ``risk`` (a new one starts at likelihood 3 and impact 3)."""

    def shown(name: str) -> str:
        return field_value(getattr(risk, name, None))

    likelihood, impact = (shown("likelihood"), shown("impact")) if risk else ("3", "3")
    return [
        FormField("title", "Risk", shown("title"), required=True),
        FormField("likelihood", "Likelihood (1–5)", likelihood, kind="number", required=True, low=1, high=5),
        FormField("impact", "Impact (1–5)", impact, kind="number", required=True, low=1, high=5),
        FormField("owner", "Owner", shown("owner")),
        FormField("milestone", "Milestone", shown("milestone")),
        FormField("mitigation", "Mitigation", shown("mitigation")),
        FormField("contingency", "Contingency", shown("contingency")),
        FormField("trigger", "Trigger", shown("trigger")),
        FormField("review", "Review date", shown("review_date"), kind="date", placeholder="e.g. +2w"),
        FormField("description", "Description", shown("description")),
    ]


class _Filled(TypedDict):
    """What the new and the edit form both fill in, as the services take it (an empty text is ``""``)."""

    owner: str | None
    milestone: str | None
    mitigation: str
    contingency: str
    trigger: str
    description: str
    review: dt.date | None


def _filled(values: dict[str, Any]) -> _Filled:
    return _Filled(
        owner=values["owner"],
        milestone=values["milestone"],
        mitigation=values["mitigation"] or "",
        contingency=values["contingency"] or "",
        trigger=values["trigger"] or "",
        description=values["description"] or "",
        review=values["review"],
    )


def new_risk_form(write: Write, project: str, projects: Sequence[str]) -> FormModal:
    """Return the New risk form, in ``project`` unless changed; a valid one adds the risk through ``write``."""
    from supportpm_tui.services.risks import add_risk

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        def add(store: Any) -> Any:
            return add_risk(
                store,
                values["project"],
                values["title"],
                int(values["likelihood"]),
                int(values["impact"]),
                **_filled(values),
            )

        save_with(write, add, form, "risk added")

    return FormModal("New risk", [project_key_field(project, projects), *risk_fields()], submit)


def edit_risk_form(write: Write, risk: RiskRecord) -> FormModal:
    """Return the form that edits ``risk``; a valid one saves every field through ``write`` (empty ones clear)."""
    from supportpm_tui.services.risks import edit_risk

    status = FormField(
        "status", "Status", risk.status, kind="choice", required=True, choices=[s.value for s in RiskStatus]
    )

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        def save(store: Any) -> Any:
            return edit_risk(
                store,
                risk.id,
                title=values["title"],
                likelihood=int(values["likelihood"]),
                impact=int(values["impact"]),
                status=values["status"],
                **_filled(values),
            )

        save_with(write, save, form, "risk saved")

    return FormModal(f"Edit risk #{risk.id}", [*risk_fields(risk), status], submit)
