"""Commands for the people of the support team: ``supportpm person …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import IfVersionOpt, JsonOpt, add_group, given, print_item, print_rows
from supportpm_tui.cli.context import open_db

Opt = typer.Option

PERSON_COLUMNS = [
    ("id", "ID"),
    ("name", "NAME"),
    ("role", "ROLE"),
    ("hours", "HOURS"),
    ("reserve_pct", "RESERVE%"),
    ("in_progress", "IN PROGRESS"),
    ("wip_limit", "WIP"),
    ("over_wip", "OVER WIP"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm person …`` to ``app``."""
    add_group(
        app,
        "person",
        "People of the support team.",
        {
            "add": person_add,
            "list": person_list,
            "show": person_show,
            "edit": person_edit,
            "deactivate": person_deactivate,
            "delete": person_delete,
        },
    )


def person_add(
    ctx: typer.Context,
    name: str,
    role: Annotated[str, Opt(help="Job title.")] = "",
    hours: Annotated[float | None, Opt(help="Contracted hours a week.")] = None,
    reserve: Annotated[float | None, Opt(help="Support reserve, % of time kept for the queue.")] = None,
    wip: Annotated[int | None, Opt(help="WIP limit (cards in progress).")] = None,
    skill: Annotated[list[str] | None, Opt(help="A skill tag (repeatable).")] = None,
    working_days: Annotated[
        str | None, Opt(help="Their own working days, e.g. mon,tue,wed,thu (default the team's).")
    ] = None,
    holidays: Annotated[
        str | None, Opt(help="Their own public holidays, e.g. DE-BE, replacing the team's (default the team's).")
    ] = None,
) -> None:
    """Add a person; prints the new id."""
    from supportpm_tui.services.people import add_person

    store = open_db(ctx)
    person = add_person(
        store,
        name,
        role=role,
        hours=hours,
        reserve_pct=reserve,
        wip_limit=wip,
        skills=skill or [],
        working_days=working_days,
        holiday_region=holidays,
    )
    print(person.id)


def person_list(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    all_: Annotated[bool, Opt("--all", help="Include inactive people.")] = False,
) -> None:
    """List people with their hours, reserve and WIP."""
    from supportpm_tui.services.people import list_people

    rows = list_people(open_db(ctx), include_inactive=all_ or as_json)
    print_rows(rows, as_json, PERSON_COLUMNS, "No people yet. Add one: supportpm person add NAME --role ROLE")


def person_show(ctx: typer.Context, name: str, as_json: JsonOpt = False) -> None:
    """Show one person."""
    from supportpm_tui.services.people import show_person

    print_item(show_person(open_db(ctx), name), as_json)


def person_edit(
    ctx: typer.Context,
    name: str,
    new_name: Annotated[str | None, Opt("--name", help="New name.")] = None,
    role: Annotated[str | None, Opt()] = None,
    hours: Annotated[float | None, Opt()] = None,
    reserve: Annotated[float | None, Opt()] = None,
    wip: Annotated[int | None, Opt()] = None,
    skill: Annotated[list[str] | None, Opt(help="Replace the skills (repeatable).")] = None,
    active: Annotated[bool | None, Opt("--active/--inactive", help="Whether the person is on the team.")] = None,
    working_days: Annotated[str | None, Opt(help="Their own working days (mon,tue,…), or team.")] = None,
    holidays: Annotated[str | None, Opt(help="Their own public holidays (e.g. DE-BE), or team.")] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change a person's details."""
    from supportpm_tui.services.people import edit_person

    person = edit_person(
        open_db(ctx),
        name,
        if_version=if_version,
        **given(
            name=new_name,
            role=role,
            hours=hours,
            reserve_pct=reserve,
            wip_limit=wip,
            skills=skill,
            active=active,
            working_days=working_days,
            holiday_region=holidays,
        ),
    )
    print(person.id)


def person_delete(ctx: typer.Context, name: str) -> None:
    """Delete a person who owns and is assigned nothing."""
    from supportpm_tui.services.people import delete_person

    print(delete_person(open_db(ctx), name).id)


def person_deactivate(ctx: typer.Context, name: str) -> None:
    """Take a person off the team: their open cards become unassigned work in the plan (their history stays)."""
    from supportpm_tui.services.people import edit_person

    print(edit_person(open_db(ctx), name, active=False).id)
