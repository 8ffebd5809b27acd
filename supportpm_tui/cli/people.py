"""Commands for the people of the support team: ``supportpm person …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, app, given, open_db, print_item, print_rows

Opt = typer.Option
person_app = typer.Typer(help="People of the support team.", no_args_is_help=True)
app.add_typer(person_app, name="person")

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


@person_app.command("add")
def person_add(
    name: str,
    role: Annotated[str, Opt(help="Job title.")] = "",
    hours: Annotated[float | None, Opt(help="Contracted hours a week.")] = None,
    reserve: Annotated[float | None, Opt(help="Support reserve, % of time kept for the queue.")] = None,
    wip: Annotated[int | None, Opt(help="WIP limit (cards in progress).")] = None,
    skill: Annotated[list[str] | None, Opt(help="A skill tag (repeatable).")] = None,
) -> None:
    """Add a person; prints the new id."""
    from supportpm_tui.services.people import add_person

    store = open_db()
    print(add_person(store, name, role=role, hours=hours, reserve_pct=reserve, wip_limit=wip, skills=skill or []).id)


@person_app.command("list")
def person_list(
    as_json: JsonOpt = False,
    all_: Annotated[bool, Opt("--all", help="Include inactive people.")] = False,
) -> None:
    """List people with their hours, reserve and WIP."""
    from supportpm_tui.services.people import list_people

    rows = list_people(open_db(), include_inactive=all_ or as_json)
    print_rows(rows, as_json, PERSON_COLUMNS, "No people yet. Add one: supportpm person add NAME --role ROLE")


@person_app.command("show")
def person_show(name: str, as_json: JsonOpt = False) -> None:
    """Show one person."""
    from supportpm_tui.services.people import show_person

    print_item(show_person(open_db(), name), as_json)


@person_app.command("edit")
def person_edit(
    name: str,
    new_name: Annotated[str | None, Opt("--name", help="New name.")] = None,
    role: Annotated[str | None, Opt()] = None,
    hours: Annotated[float | None, Opt()] = None,
    reserve: Annotated[float | None, Opt()] = None,
    wip: Annotated[int | None, Opt()] = None,
    skill: Annotated[list[str] | None, Opt(help="Replace the skills (repeatable).")] = None,
    active: Annotated[bool | None, Opt("--active/--inactive", help="Whether the person is on the team.")] = None,
) -> None:
    """Change a person's details."""
    from supportpm_tui.services.people import edit_person

    values = given(
        name=new_name, role=role, hours=hours, reserve_pct=reserve, wip_limit=wip, skills=skill, active=active
    )
    print(edit_person(open_db(), name, **values).id)


@person_app.command("delete")
def person_delete(name: str) -> None:
    """Delete a person who owns and is assigned nothing."""
    from supportpm_tui.services.people import delete_person

    print(delete_person(open_db(), name).id)
