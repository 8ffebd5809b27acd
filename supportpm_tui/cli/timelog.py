"""Commands for time logged on cards: ``supportpm time …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, add_group, date_opt, print_rows
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.parsing import parse_hours

Opt = typer.Option

TIME_COLUMNS = [
    ("id", "ID"),
    ("day", "DAY"),
    ("person", "PERSON"),
    ("project", "PROJECT"),
    ("task", "CARD"),
    ("title", "TITLE"),
    ("hours", "HOURS"),
    ("note", "NOTE"),
]
SPENT_COLUMNS = [
    ("what", "WHAT"),
    ("ref", "REF"),
    ("name", "NAME"),
    ("estimate", "ESTIMATE"),
    ("logged", "LOGGED"),
    ("remaining", "REMAINING"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm time …`` to ``app``."""
    add_group(
        app,
        "time",
        "Time logged on cards, and spent against estimate.",
        {"log": time_log, "list": time_list, "delete": time_delete, "spent": time_spent},
    )


def time_log(
    ctx: typer.Context,
    task: int,
    hours: Annotated[str, typer.Argument(help="Hours spent: 2, 1.5, 2h or 90m.")],
    person: Annotated[str | None, Opt(help="Whose time (default the card's assignee).")] = None,
    date: Annotated[str | None, Opt(help="The day (default today).")] = None,
    note: Annotated[str | None, Opt()] = None,
    reduce: Annotated[
        bool, Opt("--reduce", help="Lower the card's remaining hours by as much (never below 0).")
    ] = False,
) -> None:
    """Log time spent on a card; prints the new entry's id."""
    from supportpm_tui.services.timelog import log_time

    amount = parse_hours(hours)
    entry = log_time(
        open_db(ctx),
        task,
        amount,
        person=person,
        day=date_opt(date, "date"),
        note=note or "",
        reduce_remaining=reduce,
    )
    print(entry.id)


def time_list(
    ctx: typer.Context,
    person: Annotated[str | None, Opt()] = None,
    week: Annotated[str | None, Opt(help="Any day of the week to show.")] = None,
    task: Annotated[int | None, Opt(help="One card's time.")] = None,
    project: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
) -> None:
    """List logged time, newest day first."""
    from supportpm_tui.services.timelog import list_time

    rows = list_time(open_db(ctx), person, date_opt(week, "week"), task, project)
    empty = "No time logged. Log some: supportpm time log CARD HOURS"
    print_rows(rows, as_json, TIME_COLUMNS, empty)
    if rows and not as_json:
        print(f"Total: {sum(r.hours for r in rows):g} h")


def time_delete(ctx: typer.Context, entry_id: int) -> None:
    """Delete an entry of logged time."""
    from supportpm_tui.services.timelog import delete_time

    print(delete_time(open_db(ctx), entry_id).id)


def time_spent(ctx: typer.Context, project: str, as_json: JsonOpt = False) -> None:
    """Hours logged against the estimate: the project, each milestone, each card."""
    from supportpm_tui.services.timelog import spent_against_estimate

    rows = spent_against_estimate(open_db(ctx), project)
    print_rows(rows, as_json, SPENT_COLUMNS, "No cards in that project.")
