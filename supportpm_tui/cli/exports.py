"""Exports for calendars, spreadsheets, scripts and documents: ``supportpm export FORMAT [KIND]``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from supportpm_tui.cli.common import date_opt, shown_path
from supportpm_tui.cli.context import open_db

Opt = typer.Option


def register(app: typer.Typer) -> None:
    """Add ``supportpm export`` to ``app``."""
    app.command("export")(export)


def export(
    ctx: typer.Context,
    format: Annotated[
        str,
        typer.Argument(
            help="ics (the calendar: milestones, leave, on-call, holidays), or csv, json or md with a kind.",
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Argument(
            help="With csv, json or md: tasks, milestones, risks, issues, changes, capacity or log.",
        ),
    ] = None,
    project: Annotated[
        str | None,
        Opt(help="Only this project's items; capacity and the calendar's leave: the people who work on it."),
    ] = None,
    out: Annotated[
        str | None, Opt(help="Write to this file (whole or not at all) instead of the standard output.")
    ] = None,
    since: Annotated[
        str | None, Opt(help="The log only: events since this day (2026-12-01, yesterday, fri, 2026-W50).")
    ] = None,
) -> None:
    """Export the calendar as iCalendar, or a list as CSV, JSON or Markdown (the fields of its --json listing)."""
    from supportpm_tui.services.exports import check_export, export_text, write_export

    day = date_opt(since, "since", past=True)
    check_export(format, kind, project, day)  # before the database is opened: a wrong word costs nothing
    result = export_text(open_db(ctx), format, kind, project, day)
    if out is None:
        _write_stdout(result.text)
        return
    path = write_export(out, result)
    what = "events" if result.kind == "calendar" else "rows"
    print(f"exported {result.count} {what} to {shown_path(path)}")


def _write_stdout(text: str) -> None:
    """Write ``text`` to the standard output: exactly, as UTF-8, into a pipe or a file (an iCalendar's CRLF line
    ends kept); on a terminal as lines, any control character shown as text."""
    raw = getattr(sys.stdout, "buffer", None)
    if raw is None or sys.stdout.isatty():
        print(text.replace("\r\n", "\n"), end="")
        return
    sys.stdout.flush()
    raw.write(text.encode("utf-8"))
    raw.flush()
