"""The form choosing whom Capacity shows: only the people whose peak utilisation reaches a threshold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from supportpm_tui.ui.modals.form import FormField, FormModal, field_value


def threshold_fields(current: float | None) -> list[FormField]:
    """Return the field of the threshold, showing ``current`` (empty: everyone is shown)."""
    return [
        FormField(
            "over",
            "Only people whose peak utilisation is at least (%)",
            field_value(current),
            kind="number",
            low=0,
            high=1000,
            placeholder="e.g. 90; empty shows everyone",
        )
    ]


def threshold_form(current: float | None, apply: Callable[[float | None], None]) -> FormModal:
    """Return the "Show only people over…" form; a valid one closes and hands ``apply`` the threshold (or ``None``)."""

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        form.done()
        apply(values["over"])

    return FormModal("Show only people over…", threshold_fields(current), submit)
