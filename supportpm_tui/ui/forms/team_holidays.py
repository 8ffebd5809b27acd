"""The form for the team's public holidays: the country and subdivision whose holidays are everyone's."""

from __future__ import annotations

from typing import Any

from supportpm_tui.ui.forms import Write, save_with
from supportpm_tui.ui.modals.form import FormField, FormModal

TITLE = "Team public holidays"


def team_holidays_form(write: Write, region: str) -> FormModal:
    """Return the form setting the team's public holidays region (now ``region``); a valid one saves it."""
    from supportpm_tui.services import people

    fields = [
        FormField(
            "holiday_region",
            "Public holidays",
            region,
            placeholder="none; or e.g. DE-BY, US-CA, GB-SCT",
            aliases=("holidays",),
            help="A country code and, after -, a subdivision: its public holidays are days off for everyone.",
        )
    ]

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        wanted = values["holiday_region"] or ""

        def save(store: Any) -> object:
            return people.edit_settings(store, holiday_region=wanted)

        save_with(write, save, form, f"Public holidays: {wanted}" if wanted.strip() else "No public holidays")

    return FormModal(TITLE, fields, submit, what="Team settings")
