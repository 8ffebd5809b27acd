"""Commands for ticket load, how the support queue enters capacity: ``supportpm tickets …``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, app, find_record, open_db, print_item, print_rows
from supportpm_tui.core.errors import UserError

Opt = typer.Option
tickets_app = typer.Typer(help="Ticket load: how the support queue enters capacity.", no_args_is_help=True)
app.add_typer(tickets_app, name="tickets")

TICKET_COLUMNS = [
    ("id", "ID"),
    ("person", "PERSON"),
    ("iso_week", "WEEK"),
    ("tickets", "TICKETS"),
    ("hours", "HOURS"),
    ("source", "SOURCE"),
]


@tickets_app.command("add")
def tickets_add(
    person: str,
    week: Annotated[str, typer.Argument(help="Any date in the week, or 2026-W48.")],
    tickets: Annotated[int | None, Opt(help="Tickets handled (hours = tickets × average time).")] = None,
    hours: Annotated[float | None, Opt(help="Hours of ticket work.")] = None,
) -> None:
    """Record a person's ticket load for a week; prints its id."""
    from supportpm_tui.core.parsing import parse_week
    from supportpm_tui.services.availability import set_ticket_load

    print(set_ticket_load(open_db(), person, parse_week(week), tickets, hours).id)


@tickets_app.command("list")
def tickets_list(person: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List ticket load, newest week first."""
    from supportpm_tui.services.availability import list_ticket_load

    empty = "No ticket load. Add some: supportpm tickets add PERSON WEEK --hours H"
    print_rows(list_ticket_load(open_db(), person), as_json, TICKET_COLUMNS, empty)


@tickets_app.command("show")
def tickets_show(entry_id: int, as_json: JsonOpt = False) -> None:
    """Show one ticket-load entry."""
    from supportpm_tui.services.availability import list_ticket_load

    missing = UserError(f"no ticket load entry with id {entry_id}")
    print_item(find_record(list_ticket_load(open_db()), lambda t: t["id"] == entry_id, missing), as_json)


@tickets_app.command("edit")
def tickets_edit(
    entry_id: int,
    tickets: Annotated[int | None, Opt()] = None,
    hours: Annotated[float | None, Opt()] = None,
) -> None:
    """Change a ticket-load entry's count or hours."""
    from supportpm_tui.services.availability import edit_ticket_load

    print(edit_ticket_load(open_db(), entry_id, tickets, hours).id)


@tickets_app.command("delete")
def tickets_delete(entry_id: int) -> None:
    """Delete a ticket-load entry."""
    from supportpm_tui.services.availability import delete_ticket_load

    print(delete_ticket_load(open_db(), entry_id).id)


@tickets_app.command("import")
def tickets_import(file: Path) -> None:
    """Import ticket load from CSV (columns: person, week, tickets and/or hours).

    Nothing is imported unless every row is valid.
    """
    from supportpm_tui.services.availability import import_ticket_load

    count = import_ticket_load(open_db(), file)
    print(f"imported {count} row(s) from {file.name}")
