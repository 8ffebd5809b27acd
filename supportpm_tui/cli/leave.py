"""Commands for leave, duty (on-call, maintenance) and holidays for everyone: ``supportpm leave …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import (
    IfVersionOpt,
    JsonOpt,
    add_group,
    date_opt,
    given,
    print_item,
    print_rows,
    required_date,
    word_list,
)
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.vocabulary import CommitmentKind

Opt = typer.Option

LEAVE_COLUMNS = [
    ("id", "ID"),
    ("person", "PERSON"),
    ("kind", "KIND"),
    ("start", "START"),
    ("end", "END"),
    ("hours_per_day", "H/DAY"),
    ("note", "NOTE"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm leave …`` to ``app``."""
    add_group(
        app,
        "leave",
        "Leave, duty (on-call, maintenance) and holidays for everyone.",
        {"add": leave_add, "list": leave_list, "show": leave_show, "edit": leave_edit, "delete": leave_delete},
    )


def leave_add(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="A person, or 'all' for a holiday for everyone.")],
    start: str,
    end: str,
    kind: Annotated[str | None, Opt(help=f"{word_list(CommitmentKind)}.")] = None,
    hours_per_day: Annotated[
        float | None,
        Opt(help="Hours a day (required for on_call and maintenance, which count at most a working day's hours)."),
    ] = None,
    note: Annotated[str | None, Opt()] = None,
) -> None:
    """Add leave, duty or a public holiday; prints the new id."""
    from supportpm_tui.services.availability import add_commitment

    first, last = required_date(start, "start"), required_date(end, "end")
    item = add_commitment(open_db(ctx), person, first, last, kind=kind, hours_per_day=hours_per_day, note=note or "")
    print(item.id)


def leave_list(ctx: typer.Context, person: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List leave, duty and holidays."""
    from supportpm_tui.services.availability import list_commitments

    empty = "No leave or duty. Add some: supportpm leave add PERSON START END"
    print_rows(list_commitments(open_db(ctx), person), as_json, LEAVE_COLUMNS, empty)


def leave_show(ctx: typer.Context, entry_id: int, as_json: JsonOpt = False) -> None:
    """Show one leave or duty entry."""
    from supportpm_tui.services.availability import show_commitment

    print_item(show_commitment(open_db(ctx), entry_id), as_json)


def leave_edit(
    ctx: typer.Context,
    entry_id: int,
    person: Annotated[str | None, Opt()] = None,
    start: Annotated[str | None, Opt()] = None,
    end: Annotated[str | None, Opt()] = None,
    kind: Annotated[str | None, Opt()] = None,
    hours_per_day: Annotated[float | None, Opt()] = None,
    note: Annotated[str | None, Opt()] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change a leave or duty entry."""
    from supportpm_tui.services.availability import edit_commitment

    item = edit_commitment(
        open_db(ctx),
        entry_id,
        if_version=if_version,
        **given(
            person=person,
            kind=kind,
            hours_per_day=hours_per_day,
            note=note,
            start=date_opt(start, "start"),
            end=date_opt(end, "end"),
        ),
    )
    print(item.id)


def leave_delete(ctx: typer.Context, entry_id: int) -> None:
    """Delete a leave or duty entry."""
    from supportpm_tui.services.availability import delete_commitment

    print(delete_commitment(open_db(ctx), entry_id).id)
