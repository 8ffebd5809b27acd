"""Bringing a plan in from another tool: ``supportpm import FORMAT FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, err, print_json, shown_path
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.errors import UserError

Opt = typer.Option

FORMAT_HELP = "jira (CSV), redmine (CSV), taskwarrior (task export JSON), mspdi (MS Project XML), ics (calendar)."


def register(app: typer.Typer) -> None:
    """Add ``supportpm import`` to ``app``."""
    app.command("import")(import_file)


def import_file(
    ctx: typer.Context,
    format: Annotated[str, typer.Argument(help=FORMAT_HELP, metavar="FORMAT")],
    file: Annotated[Path, typer.Argument(help="The file to read.", metavar="FILE")],
    project: Annotated[
        str | None, Opt("--project", help="The project the tasks and milestones go into.", metavar="KEY")
    ] = None,
    dry_run: Annotated[bool, Opt("--dry-run", help="Show what would be created and updated; write nothing.")] = False,
    create_people: Annotated[
        bool, Opt("--create-people", help="Add a person for each name that matches no one.")
    ] = False,
    person: Annotated[
        str | None, Opt("--person", help="For ics: whose leave the calendar holds (else holidays for all).")
    ] = None,
    zone: Annotated[
        str | None, Opt("--zone", help="Time zone of times the file gives without one (default: this computer's).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import tasks, milestones, people and days off from another tool's export; all or nothing.

    Importing the same file again updates what it made before. Names that match no person are listed with
    the closest one. 'supportpm undo' takes a whole import back.
    """
    from supportpm_tui.services.imports import load_plan
    from supportpm_tui.services.imports.apply import import_plan, preview_plan
    from supportpm_tui.services.imports.plan import ImportFileError

    kind = format.strip().lower()
    if person is not None and kind != "ics":
        raise UserError("--person is for a calendar of someone's leave (import ics FILE --person NAME)")
    if project is not None and kind == "ics":
        raise UserError("a calendar holds days off, not tasks: leave out --project (--person NAME for someone's leave)")
    try:
        plan = load_plan(format, file, zone=zone, person=person or "")
        store = open_db(ctx)
        store.origin = "import"  # one import: one change in the log, undone as a whole
        if dry_run:
            summary = preview_plan(store, plan, project, create_people=create_people)
        else:
            summary = import_plan(store, plan, project, create_people=create_people)
    except ImportFileError as error:
        name = shown_path(file.name)
        ending = "nothing imported" if not dry_run else "the import would stop here; nothing was written"
        if len(error.errors) == 1:
            err(f"{name}: {error.errors[0]}; {ending}")
        else:
            for row in error.errors:
                err(f"{name}: {row}")
            err(f"{ending}: {len(error.errors)} problems")
        raise typer.Exit(2) from None
    if as_json:
        print_json(summary.as_json())
        return
    if dry_run:
        print(f"Dry run of {shown_path(file.name)} ({summary.source}): nothing written")
    else:
        print(
            f"Imported {shown_path(file.name)} ({summary.source})"
            + (f" into {summary.project}" if summary.project else "")
        )
    for line in summary.lines():
        print(f"  {line}")
    if dry_run and summary.unknown and not create_people:
        raise UserError(
            f"{len(summary.unknown)} name(s) match no person: add them, fix the file, or import with --create-people"
        )
