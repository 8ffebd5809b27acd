"""Commands for the workstreams (phases, sites, device groups) of a project: ``supportpm workstream …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, add_group, find_record, given, print_item, print_rows
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.errors import UserError

Opt = typer.Option

WORKSTREAM_COLUMNS = [("id", "ID"), ("project", "PROJECT"), ("name", "NAME"), ("position", "ORDER")]


def register(app: typer.Typer) -> None:
    """Add ``supportpm workstream …`` to ``app``."""
    add_group(
        app,
        "workstream",
        "Workstreams (phases, sites, device groups) of a project.",
        {
            "add": workstream_add,
            "list": workstream_list,
            "show": workstream_show,
            "edit": workstream_edit,
            "delete": workstream_delete,
        },
    )


def workstream_add(ctx: typer.Context, project: str, name: str, order: Annotated[int | None, Opt()] = None) -> None:
    """Add a workstream to a project; prints the new id."""
    from supportpm_tui.services.projects import add_workstream

    print(add_workstream(open_db(ctx), project, name, order).id)


def workstream_list(ctx: typer.Context, project: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List workstreams."""
    from supportpm_tui.services.projects import list_workstreams

    empty = "No workstreams. Add one: supportpm workstream add PROJECT NAME"
    print_rows(list_workstreams(open_db(ctx), project), as_json, WORKSTREAM_COLUMNS, empty)


def workstream_show(ctx: typer.Context, project: str, name: str, as_json: JsonOpt = False) -> None:
    """Show one workstream."""
    from supportpm_tui.services.projects import list_workstreams

    wanted = name.strip().lower()
    missing = UserError(f"no workstream {name!r} in {project.upper()}")
    print_item(
        find_record(list_workstreams(open_db(ctx), project), lambda w: w["name"].lower() == wanted, missing), as_json
    )


def workstream_edit(
    ctx: typer.Context,
    project: str,
    name: str,
    new_name: Annotated[str | None, Opt("--name")] = None,
    order: Annotated[int | None, Opt()] = None,
) -> None:
    """Rename or reorder a workstream."""
    from supportpm_tui.services.projects import edit_workstream

    print(edit_workstream(open_db(ctx), project, name, **given(new_name=new_name, position=order)).id)


def workstream_delete(ctx: typer.Context, project: str, name: str) -> None:
    """Delete a workstream that holds no milestones."""
    from supportpm_tui.services.projects import delete_workstream

    print(delete_workstream(open_db(ctx), project, name).id)
