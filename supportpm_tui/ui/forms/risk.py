"""The forms for a risk: a new one (in a project) and an edit (with its status)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from supportpm_tui.core.vocabulary import RiskStatus
from supportpm_tui.services import risks
from supportpm_tui.ui.forms import KeepSelected, Write, changes_only, save_with, shown_values
from supportpm_tui.ui.forms.project import project_key_field
from supportpm_tui.ui.modals.form import FormField, FormModal

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store


def risk_fields(risk: risks.RiskRecord | None = None) -> list[FormField]:
    """Return the fields of a risk, filled in from ``risk`` (a new one starts at likelihood 3 and impact 3)."""
    shown = shown_values(risk) if risk is not None else {"likelihood": "3", "impact": "3"}

    def text(name: str) -> str:
        return shown.get(name, "")

    return [
        FormField("title", "Risk", text("title"), required=True),
        FormField("likelihood", "Likelihood (1–5)", text("likelihood"), kind="number", required=True, low=1, high=5),
        FormField("impact", "Impact (1–5)", text("impact"), kind="number", required=True, low=1, high=5),
        FormField("owner", "Owner", text("owner"), kind="choice", source="person"),
        FormField(
            "milestone",
            "Milestone",
            text("milestone"),
            kind="choice",
            source="milestone",
            follows="" if risk is not None else "project",
            scope=(risk.project or "") if risk is not None else "",
        ),
        FormField("mitigation", "Mitigation", text("mitigation")),
        FormField("contingency", "Contingency", text("contingency")),
        FormField("trigger", "Trigger", text("trigger")),
        FormField("review", "Review date", text("review_date"), kind="date", placeholder="e.g. +2w"),
        FormField("description", "Description", text("description")),
    ]


class RiskValues(TypedDict):
    """What the new and the edit form both hold, as the services take it (an empty text is ``""``)."""

    owner: str | None
    milestone: str | None
    mitigation: str
    contingency: str
    trigger: str
    description: str
    review: dt.date | None


def risk_values(values: dict[str, Any]) -> RiskValues:
    """Return what a risk's form holds besides its title, likelihood, impact and status."""
    return RiskValues(
        owner=values["owner"],
        milestone=values["milestone"],
        mitigation=values["mitigation"] or "",
        contingency=values["contingency"] or "",
        trigger=values["trigger"] or "",
        description=values["description"] or "",
        review=values["review"],
    )


def new_risk_form(write: Write, project: str, projects: Sequence[str], select: KeepSelected) -> FormModal:
    """Return the New risk form, in ``project`` unless changed; a valid one adds the risk, then selects it."""

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        key, title, likelihood, impact = values["project"], values["title"], values["likelihood"], values["impact"]
        held = risk_values(values)

        def add(store: Store) -> object:
            risk = risks.add_risk(store, key, title, int(likelihood), int(impact), **held)
            select(risk.id or 0)
            return risk

        save_with(write, add, form, "risk added")

    return FormModal("New risk", [project_key_field(project, projects), *risk_fields()], submit)


def edit_risk_form(write: Write, risk: risks.RiskRecord, select: KeepSelected) -> FormModal:
    """Return the form that edits ``risk``; a valid one saves every field (an emptied one clears)."""
    status = FormField(
        "status", "Status", risk.status, kind="choice", required=True, choices=[s.value for s in RiskStatus]
    )

    def edited(values: dict[str, Any]) -> dict[str, Any]:
        return {
            "title": values["title"],
            "likelihood": int(values["likelihood"]),
            "impact": int(values["impact"]),
            "status": values["status"],
            **risk_values(values),
        }

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes, version = changes_only(form, edited, values), form.version

        def save(store: Store) -> object:
            saved = risks.edit_risk(store, risk.id, version, **changes)
            select(risk.id)
            return saved

        save_with(write, save, form, "risk saved")

    return FormModal(
        f"Edit risk #{risk.id}", [*risk_fields(risk), status], submit, version=risk.version, what=f"Risk #{risk.id}"
    )
