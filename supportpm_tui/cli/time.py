"""Commands for leave and duty, ticket load, and capacity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from supportpm_tui.cli.common import (
    JsonOpt,
    app,
    date_opt,
    given,
    open_db,
    print_json,
    print_record,
    print_table,
)
from supportpm_tui.core.errors import UserError

leave_app = typer.Typer(help="Leave, duty (on-call, maintenance) and holidays for everyone.", no_args_is_help=True)
tickets_app = typer.Typer(help="Ticket load: how the support queue enters capacity.", no_args_is_help=True)
app.add_typer(leave_app, name="leave")
app.add_typer(tickets_app, name="tickets")
Opt = typer.Option


def _required_date(value: str, field: str):
    day = date_opt(value, field)
    if day is None:
        raise UserError(f"{field}: a date is needed")
    return day


@leave_app.command("add")
def leave_add(
    person: Annotated[str, typer.Argument(help="A person, or 'all' for a holiday for everyone.")],
    start: str,
    end: str,
    kind: Annotated[str | None, Opt(help="pto, sick, training, holiday, on_call, maintenance, other.")] = None,
    hours_per_day: Annotated[float | None, Opt(help="Hours a day (required for on_call and maintenance).")] = None,
    note: Annotated[str | None, Opt()] = None,
) -> None:
    """Add leave, duty or a public holiday; prints the new id."""
    from supportpm_tui.services.availability import add_commitment

    values = given(kind=kind, hours_per_day=hours_per_day, note=note)
    item = add_commitment(open_db(), person, _required_date(start, "start"), _required_date(end, "end"), **values)
    print(item.id)


@leave_app.command("list")
def leave_list(person: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List leave, duty and holidays."""
    from supportpm_tui.services.availability import list_commitments

    rows = list_commitments(open_db(), person)
    if as_json:
        print_json(rows)
        return
    print_table(
        rows,
        [
            ("id", "ID"),
            ("person", "PERSON"),
            ("kind", "KIND"),
            ("start", "START"),
            ("end", "END"),
            ("hours_per_day", "H/DAY"),
            ("note", "NOTE"),
        ],
        "No leave or duty. Add some: supportpm leave add PERSON START END",
    )


@leave_app.command("show")
def leave_show(entry_id: int, as_json: JsonOpt = False) -> None:
    """Show one leave or duty entry."""
    from supportpm_tui.services.availability import show_commitment

    data = show_commitment(open_db(), entry_id)
    print_json(data) if as_json else print_record(data)


@leave_app.command("edit")
def leave_edit(
    entry_id: int,
    person: Annotated[str | None, Opt()] = None,
    start: Annotated[str | None, Opt()] = None,
    end: Annotated[str | None, Opt()] = None,
    kind: Annotated[str | None, Opt()] = None,
    hours_per_day: Annotated[float | None, Opt()] = None,
    note: Annotated[str | None, Opt()] = None,
) -> None:
    """Change a leave or duty entry."""
    from supportpm_tui.services.availability import edit_commitment

    values = given(
        person=person,
        kind=kind,
        hours_per_day=hours_per_day,
        note=note,
        start=date_opt(start, "start"),
        end=date_opt(end, "end"),
    )
    print(edit_commitment(open_db(), entry_id, **values).id)


@leave_app.command("delete")
def leave_delete(entry_id: int) -> None:
    """Delete a leave or duty entry."""
    from supportpm_tui.services.availability import delete_commitment

    print(delete_commitment(open_db(), entry_id).id)


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

    rows = list_ticket_load(open_db(), person)
    if as_json:
        print_json(rows)
        return
    print_table(
        rows,
        [
            ("id", "ID"),
            ("person", "PERSON"),
            ("iso_week", "WEEK"),
            ("tickets", "TICKETS"),
            ("hours", "HOURS"),
            ("source", "SOURCE"),
        ],
        "No ticket load. Add some: supportpm tickets add PERSON WEEK --hours H",
    )


@tickets_app.command("show")
def tickets_show(entry_id: int, as_json: JsonOpt = False) -> None:
    """Show one ticket-load entry."""
    from supportpm_tui.services.availability import list_ticket_load

    rows = [r for r in list_ticket_load(open_db()) if r["id"] == entry_id]
    if not rows:
        raise UserError(f"no ticket load entry with id {entry_id}")
    print_json(rows[0]) if as_json else print_record(rows[0])


@tickets_app.command("edit")
def tickets_edit(
    entry_id: int, tickets: Annotated[int | None, Opt()] = None, hours: Annotated[float | None, Opt()] = None
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


@app.command("capacity")
def capacity(
    weeks: Annotated[int, Opt(help="How many weeks from this one.")] = 8,
    person: Annotated[str | None, Opt()] = None,
    sort: Annotated[str, Opt(help="name, or peak (highest peak utilisation first).")] = "name",
    over: Annotated[float | None, Opt(help="Only people whose peak utilisation reaches this %.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Availability, demand and utilisation per person and week (R1–R3)."""
    from supportpm_tui.services.records import capacity_records

    rows = capacity_records(open_db(), weeks, person, sort=sort, over=over)
    if as_json:
        for row in rows:
            row["tasks"] = [{"task": int(k), "hours": v} for k, v in row["tasks"].items()]
        print_json(rows)
        return
    for row in rows:
        u = row["utilisation"]
        row["util"] = "∞" if u is None else f"{u:.0f}%"
    print_table(
        rows,
        [
            ("person", "PERSON"),
            ("iso_week", "WEEK"),
            ("contracted", "CONTRACTED"),
            ("leave", "LEAVE"),
            ("duty", "DUTY"),
            ("queue", "QUEUE"),
            ("available", "AVAILABLE"),
            ("demand", "DEMAND"),
            ("util", "UTIL"),
            ("state", "STATE"),
        ],
        "No people yet. Add one: supportpm person add NAME",
    )
