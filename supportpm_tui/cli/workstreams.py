"""Commands for the workstreams (phases, sites, device groups) of a project: ``supportpm workstream …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, app, find_record, open_db, print_item, print_rows
from supportpm_tui.core.errors import UserError

Opt = typer.Option
workstream_app = typer.Typer(help="Workstreams (phases, sites, device groups) of a project.", no_args_is_help=True)
app.add_typer(workstream_app, name="workstream")

WORKSTREAM_COLUMNS = [("id", "ID"), ("project", "PROJECT"), ("name", "NAME"), ("position", "ORDER")]


@workstream_app.command("add")
def workstream_add(project: str, name: str, order: Annotated[int | None, Opt()] = None) -> None:
    """Add a workstream to a project; prints the new id."""
    from supportpm_tui.services.projects import add_workstream

    print(add_workstream(open_db(), project, name, order).id)


@workstream_app.command("list")
def workstream_list(project: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List workstreams."""
    from supportpm_tui.services.projects import list_workstreams

    empty = "No workstreams. Add one: supportpm workstream add PROJECT NAME"
    print_rows(list_workstreams(open_db(), project), as_json, WORKSTREAM_COLUMNS, empty)


@workstream_app.command("show")
def workstream_show(project: str, name: str, as_json: JsonOpt = False) -> None:
    """Show one workstream."""
    from supportpm_tui.services.projects import list_workstreams

    wanted = name.strip().lower()
    missing = UserError(f"no workstream {name!r} in {project.upper()}")
    print_item(
        find_record(list_workstreams(open_db(), project), lambda w: w["name"].lower() == wanted, missing), as_json
    )


@workstream_app.command("edit")
def workstream_edit(
    project: str,
    name: str,
    new_name: Annotated[str | None, Opt("--name")] = None,
    order: Annotated[int | None, Opt()] = None,
) -> None:
    """Rename or reorder a workstream."""
    from supportpm_tui.services.projects import edit_workstream

    print(edit_workstream(open_db(), project, name, new_name, order).id)


@workstream_app.command("delete")
def workstream_delete(project: str, name: str) -> None:
    """Delete a workstream that holds no milestones."""
    from supportpm_tui.services.projects import delete_workstream

    print(delete_workstream(open_db(), project, name).id)
