"""Commands for ticket load, how the support queue enters capacity: ``supportpm tickets …``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from supportpm_tui.cli.common import (
    JsonOpt,
    add_group,
    err,
    find_record,
    given,
    print_item,
    print_rows,
    shown_path,
)
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.errors import UserError

Opt = typer.Option

TICKET_COLUMNS = [
    ("id", "ID"),
    ("person", "PERSON"),
    ("iso_week", "WEEK"),
    ("tickets", "TICKETS"),
    ("hours", "HOURS"),
    ("source", "SOURCE"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm tickets …`` to ``app``."""
    add_group(
        app,
        "tickets",
        "Ticket load: how the support queue enters capacity.",
        {
            "add": tickets_add,
            "list": tickets_list,
            "show": tickets_show,
            "edit": tickets_edit,
            "delete": tickets_delete,
            "import": tickets_import,
        },
    )


def tickets_add(
    ctx: typer.Context,
    person: str,
    week: Annotated[str, typer.Argument(help="Any date in the week, or 2026-W48.")],
    tickets: Annotated[int | None, Opt(help="Tickets handled (hours = tickets × average time).")] = None,
    hours: Annotated[float | None, Opt(help="Hours of ticket work.")] = None,
) -> None:
    """Record a person's ticket load for a week; prints its id."""
    from supportpm_tui.core.parsing import parse_week
    from supportpm_tui.services.availability import set_ticket_load

    print(set_ticket_load(open_db(ctx), person, parse_week(week), tickets, hours).id)


def tickets_list(ctx: typer.Context, person: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List ticket load, newest week first."""
    from supportpm_tui.services.availability import list_ticket_load

    empty = "No ticket load. Add some: supportpm tickets add PERSON WEEK --hours H"
    print_rows(list_ticket_load(open_db(ctx), person), as_json, TICKET_COLUMNS, empty)


def tickets_show(ctx: typer.Context, entry_id: int, as_json: JsonOpt = False) -> None:
    """Show one ticket-load entry."""
    from supportpm_tui.services.availability import list_ticket_load

    missing = UserError(f"no ticket load entry with id {entry_id}")
    print_item(find_record(list_ticket_load(open_db(ctx)), lambda t: t["id"] == entry_id, missing), as_json)


def tickets_edit(
    ctx: typer.Context,
    entry_id: int,
    tickets: Annotated[int | None, Opt()] = None,
    hours: Annotated[float | None, Opt()] = None,
) -> None:
    """Change a ticket-load entry's count or hours."""
    from supportpm_tui.services.availability import edit_ticket_load

    print(edit_ticket_load(open_db(ctx), entry_id, **given(tickets=tickets, hours=hours)).id)


def tickets_delete(ctx: typer.Context, entry_id: int) -> None:
    """Delete a ticket-load entry."""
    from supportpm_tui.services.availability import delete_ticket_load

    print(delete_ticket_load(open_db(ctx), entry_id).id)


def tickets_import(
    ctx: typer.Context,
    file: Path,
    add: Annotated[bool, Opt("--add", help="Add to the ticket load weeks already have.")] = False,
    replace: Annotated[bool, Opt("--replace", help="Replace the ticket load weeks already have.")] = False,
    dry_run: Annotated[
        bool, Opt("--dry-run", help="Print what would be written, per person and week; write nothing.")
    ] = False,
    person_column: Annotated[str | None, Opt(help="The column naming who handled each ticket.")] = None,
    date_column: Annotated[str | None, Opt(help="The column dating each ticket (one row per ticket).")] = None,
    hours_column: Annotated[str | None, Opt(help="The column giving the hours spent.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import ticket load from CSV: weekly sums (person, week, tickets and/or hours) or a helpdesk export.

    A helpdesk export has one row per ticket, with its assignee and a date (Created, Resolved, Closed or Date);
    its tickets are counted per person and ISO week. Separators ',', ';' or tab. A week that already has ticket
    load needs --add or --replace. Nothing is imported unless every row is valid; 'supportpm undo' takes the
    whole import back.
    """
    from supportpm_tui.services.ticket_import import (
        TicketColumns,
        TicketFileError,
        TicketLoadClash,
        clash_list,
        import_ticket_load,
    )

    if add and replace:
        raise UserError("give --add or --replace, not both")
    store = open_db(ctx)
    store.origin = "import"  # one import: one change in the log, undone as a whole
    columns = TicketColumns(person_column, date_column, hours_column)
    try:
        done = import_ticket_load(
            store, file, columns=columns, mode="add" if add else "replace" if replace else None, dry_run=dry_run
        )
    except TicketLoadClash as clash:
        raise UserError(
            f"ticket load is already logged for {clash_list(clash.clashes)}: give --add to add to it or "
            "--replace to replace it; nothing imported"
        ) from None
    except TicketFileError as bad:
        for line in str(bad).splitlines():
            err(line)
        raise typer.Exit(2) from None
    if dry_run:
        print_rows(done.loads, as_json, PLAN_COLUMNS, "Nothing to import.")
    elif as_json:
        print_item(done, True)
    if as_json:
        return
    what = f"{done.rows} ticket(s)" if done.shape == "per ticket" else f"{done.rows} row(s)"
    weeks = f" as {len(done.loads)} week(s) of ticket load" if done.shape == "per ticket" else ""
    verb = "would import" if dry_run else "imported"
    print(f"{verb} {what} from {shown_path(file.name)}{weeks}")
    if done.unassigned:
        print(f"{done.unassigned} unassigned row(s) left out")
    for note in done.notes:
        print(f"note: {note}")
    clashes = [load for load in done.loads if load.action == "clash"]
    if clashes:
        print(f"{len(clashes)} week(s) already have ticket load: give --add or --replace to write them")


PLAN_COLUMNS = [
    ("person", "PERSON"),
    ("iso_week", "WEEK"),
    ("tickets", "TICKETS"),
    ("hours", "HOURS"),
    ("before", "BEFORE"),
    ("after", "AFTER"),
    ("action", "ACTION"),
]
