"""What takes a person's week besides projects, as Capacity adds, edits and deletes it: leave, duty, ticket load."""

from __future__ import annotations

import datetime as dt

from supportpm_tui.core.vocabulary import DUTY_KINDS
from supportpm_tui.services.availability import TicketLoadRecord
from supportpm_tui.services.capacity import WeekEntry
from supportpm_tui.ui.forms import Write
from supportpm_tui.ui.forms.commitment import commitment_form
from supportpm_tui.ui.forms.tickets import ticket_load_form
from supportpm_tui.ui.modals.form import FormModal

# What "New" offers for a person's week: (choice, what the picker says).
ADD_CHOICES = [
    ("leave", "Leave (pto, sick, training, other)"),
    ("duty", "Duty (on-call, maintenance)"),
    ("tickets", "Ticket load for the week"),
]


def add_entry_form(write: Write, person: str, week: dt.date, choice: str) -> FormModal:
    """Return the form adding the ``choice`` of :data:`ADD_CHOICES` for ``person`` in ``week``."""
    if choice == "tickets":
        return ticket_load_form(write, person, week)
    return commitment_form(write, person, week, duty=choice == "duty")


def edit_entry_form(write: Write, person: str, week: dt.date, entry: WeekEntry) -> FormModal:
    """Return the form editing ``entry`` of ``person``'s ``week``."""
    if isinstance(entry.item, TicketLoadRecord):
        return ticket_load_form(write, person, week, entry.item)
    return commitment_form(write, person, week, entry.item.kind in DUTY_KINDS, entry.item)


def delete_entry(write: Write, entry: WeekEntry) -> None:
    """Have ``write`` delete ``entry``."""
    from supportpm_tui.services import availability

    ident = entry.item.id
    if isinstance(entry.item, TicketLoadRecord):
        write(lambda store: availability.delete_ticket_load(store, ident), success="ticket load deleted")
    else:
        write(lambda store: availability.delete_commitment(store, ident), success="entry deleted")
