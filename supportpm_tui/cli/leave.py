"""Commands for leave, duty (on-call, maintenance) and holidays for everyone: ``supportpm leave …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, app, date_opt, given, open_db, print_item, print_rows, required_date

Opt = typer.Option
leave_app = typer.Typer(help="Leave, duty (on-call, maintenance) and holidays for everyone.", no_args_is_help=True)
app.add_typer(leave_app, name="leave")

LEAVE_COLUMNS = [
    ("id", "ID"),
    ("person", "PERSON"),
    ("kind", "KIND"),
    ("start", "START"),
    ("end", "END"),
    ("hours_per_day", "H/DAY"),
    ("note", "NOTE"),
]


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
    store = open_db()
    print(add_commitment(store, person, required_date(start, "start"), required_date(end, "end"), **values).id)


@leave_app.command("list")
def leave_list(person: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List leave, duty and holidays."""
    from supportpm_tui.services.availability import list_commitments

    empty = "No leave or duty. Add some: supportpm leave add PERSON START END"
    print_rows(list_commitments(open_db(), person), as_json, LEAVE_COLUMNS, empty)


@leave_app.command("show")
def leave_show(entry_id: int, as_json: JsonOpt = False) -> None:
    """Show one leave or duty entry."""
    from supportpm_tui.services.availability import show_commitment

    print_item(show_commitment(open_db(), entry_id), as_json)


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
