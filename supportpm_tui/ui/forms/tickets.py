"""The forms for ticket load: one week's count or hours, and the import of a CSV file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supportpm_tui.ui.forms import Write, save_with
from supportpm_tui.ui.modals.form import FormField, FormModal, field_value

if TYPE_CHECKING:
    from supportpm_tui.services.availability import TicketLoadRecord
    from supportpm_tui.services.connection import Store


def ticket_load_fields(week: dt.date, entry: TicketLoadRecord | None = None) -> list[FormField]:
    """Return the fields of a week's ticket load; an entry's week is fixed, so editing shows no week."""
    fields = [
        FormField("week", "Week (any day of it)", week.isoformat(), kind="date", required=True),
        FormField(
            "tickets", "Tickets", field_value(entry.tickets) if entry else "", kind="integer", low=0, high=10_000
        ),
        FormField(
            "hours",
            "Hours (empty: tickets × the average handling time)",
            field_value(entry.hours) if entry and entry.tickets is None else "",
            kind="number",
            low=0,
            high=168,
        ),
    ]
    return fields if entry is None else fields[1:]


def ticket_load_form(write: Write, person: str, week: dt.date, entry: TicketLoadRecord | None = None) -> FormModal:
    """Return the form recording ``person``'s ticket load for ``week``, or editing ``entry``, through ``write``."""
    from supportpm_tui.services import availability

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        tickets, logged = values["tickets"], values["hours"]
        if entry is None:
            day = values["week"]
            save_with(
                write,
                lambda store: availability.set_ticket_load(store, person, day, tickets, logged),
                form,
                f"ticket load saved for {person}",
            )
        else:
            save_with(
                write,
                lambda store: availability.edit_ticket_load(store, entry.id, tickets, logged),
                form,
                "ticket load saved",
            )

    title = f"{'Edit' if entry else 'New'} ticket load · {person}"
    return FormModal(title, ticket_load_fields(week, entry), submit)


def ticket_import_fields() -> list[FormField]:
    """Return the field of the ticket-load import: the CSV file."""
    return [
        FormField(
            "file",
            "CSV file (columns person, week, tickets and/or hours)",
            required=True,
            placeholder="~/exports/tickets.csv",
        )
    ]


def ticket_import_form(write: Write, report: Callable[[str], None]) -> FormModal:
    """Return the form importing ticket load from a CSV file through ``write``.

    ``report`` is told how many rows came from which file; it is called from the worker that imported them.
    """
    from supportpm_tui.services import availability

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        path = Path(values["file"]).expanduser()

        def run(store: Store) -> None:
            count = availability.import_ticket_load(store, path)
            report(f"imported {count} row(s) from {path.name}")

        save_with(write, run, form)

    return FormModal("Import ticket load", ticket_import_fields(), submit)
