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
            "CSV file (person, week, tickets and/or hours; or a helpdesk export, one row per ticket)",
            required=True,
            placeholder="~/exports/tickets.csv",
        )
    ]


SHOWN_ERROR_LINES = 12
"""The lines of a bad file's error a form shows; the rest are counted."""


def ticket_import_form(write: Write, report: Callable[[str], None]) -> FormModal:
    """Return the form importing ticket load from a CSV file through ``write``.

    When weeks in the file already have ticket load, a dialog asks whether to add to it or replace it (or
    cancel: nothing imported). ``report`` is told what came from which file; it is called from the worker that
    imported it.
    """
    from supportpm_tui.core.errors import UserError
    from supportpm_tui.services.ticket_import import TicketLoadClash, clash_list, import_ticket_load
    from supportpm_tui.ui.modals.ticket_clash import TicketClashModal

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        path = Path(values["file"]).expanduser()

        def run(mode: str | None) -> Callable[[Store], None]:
            def action(store: Store) -> None:
                done = import_ticket_load(store, path, mode=mode)  # type: ignore[arg-type]
                said = f"{done.rows} ticket(s)" if done.shape == "per ticket" else f"{done.rows} row(s)"
                left = f"; {done.unassigned} unassigned left out" if done.unassigned else ""
                report(f"imported {said} from {done.source}{left}")

            return action

        def failed(error: UserError) -> None:
            if not isinstance(error, TicketLoadClash):
                lines = str(error).splitlines()
                if len(lines) > SHOWN_ERROR_LINES:
                    lines = [*lines[:SHOWN_ERROR_LINES], f"… and {len(lines) - SHOWN_ERROR_LINES} more"]
                    error = UserError("\n".join(lines))
                form.fail(error)
                return

            def answered(choice: str | None) -> None:
                if choice is None:
                    form.fail(UserError("Nothing imported: those weeks keep the ticket load they have"))
                    return
                write(run(choice), done=form.done, failed=failed)

            details = [
                f"Ticket load is already logged for {clash_list(error.clashes)}.",
                "Add: the file's tickets count on top of it. Replace: the file's take its place.",
                "u undoes the import as a whole.",
            ]
            form.app.push_screen(TicketClashModal("Those weeks already have ticket load", details), answered)

        write(run(None), done=form.done, failed=failed)

    return FormModal("Import ticket load", ticket_import_fields(), submit)
