"""The form for leave or duty: its kind, first and last day, hours a day and a note."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from supportpm_tui.core import clock
from supportpm_tui.core.vocabulary import DUTY_KINDS, LEAVE_KINDS
from supportpm_tui.ui.forms import Write, changes_only, save_with
from supportpm_tui.ui.modals.form import FormField, FormModal, field_value, in_order

if TYPE_CHECKING:
    from supportpm_tui.services.availability import CommitmentRecord


DUTY_HELP = "Counts at most a working day's contracted hours, less any leave that day."
LEAVE_HELP = "A part day counts its hours; a whole day or more makes the day absent."


def commitment_fields(week: dt.date, duty: bool, entry: CommitmentRecord | None = None) -> list[FormField]:
    """Return the fields of leave (or, with ``duty``, duty) in ``week``: ``entry``'s when it is given.

    A new entry starts on the week's Monday (today, for this week) and ends on its Friday.
    """
    first = max(week, clock.today())
    last = max(first, week + dt.timedelta(days=4))
    kinds: tuple[str, ...] = DUTY_KINDS if duty else LEAVE_KINDS
    kind = entry.kind if entry else kinds[0]
    if entry and kind not in kinds:
        kinds = (kind, *kinds)
    return [
        FormField("kind", "Kind", kind, kind="choice", choices=kinds, required=True),
        FormField("start", "First day", entry.start if entry else first.isoformat(), kind="date", required=True),
        FormField("end", "Last day", entry.end if entry else last.isoformat(), kind="date", required=True),
        FormField(
            "hours_per_day",
            "Hours a day" + (" *" if duty else " (empty: the whole day)"),
            field_value(entry.hours_per_day) if entry else ("2" if duty else ""),
            kind="number",
            low=0,
            high=24,
            aliases=("hours per day",),
            help=DUTY_HELP if duty else LEAVE_HELP,
        ),
        FormField("note", "Note", field_value(entry.note) if entry else ""),
    ]


def commitment_form(
    write: Write, person: str, week: dt.date, duty: bool, entry: CommitmentRecord | None = None
) -> FormModal:
    """Return the form adding leave or duty for ``person`` in ``week``, or editing ``entry``, through ``write``."""
    from supportpm_tui.services import availability

    what = "duty" if duty else "leave"

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        kind, start, end = values["kind"], values["start"], values["end"]
        per_day, note = values["hours_per_day"], values["note"] or ""
        if entry is None:
            save_with(
                write,
                lambda store: availability.add_commitment(
                    store, person, start, end, kind=kind, hours_per_day=per_day, note=note
                ),
                form,
                f"{what} added for {person}",
            )
        else:

            def edited(values: dict[str, Any]) -> dict[str, Any]:
                keys = ("kind", "start", "end", "hours_per_day")
                return {**{k: values[k] for k in keys}, "note": values["note"] or ""}

            changes, version = changes_only(form, edited, values), form.version
            save_with(
                write,
                lambda store: availability.edit_commitment(store, entry.id, **changes, if_version=version),
                form,
                f"{what} saved",
            )

    title = f"{'Edit' if entry else 'New'} {what} · {entry.person if entry else person}"
    return FormModal(
        title,
        commitment_fields(week, duty, entry),
        submit,
        rules=[in_order("start", "end")],
        version=entry.version if entry is not None else None,
        what=f"The {what} entry",
    )
