"""Reports a lead sends upward: ``supportpm report …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, add_group, date_opt, print_json, print_rows
from supportpm_tui.cli.context import open_db

Opt = typer.Option

UPDATE_COLUMNS = [("id", "ID"), ("project", "PROJECT"), ("day", "DAY"), ("status", "STATUS")]


def register(app: typer.Typer) -> None:
    """Add ``supportpm report …`` to ``app``."""
    add_group(
        app,
        "report",
        "Reports to send: a project's status update, its burndown.",
        {"status": report_status, "updates": report_updates, "burndown": report_burndown},
    )


def report_status(
    ctx: typer.Context,
    key: str,
    since: Annotated[
        str | None, Opt(help="Completed since this day (default the last recorded update, or 7 days).")
    ] = None,
    out: Annotated[str | None, Opt(help="Also write the Markdown to this file.")] = None,
    record: Annotated[bool, Opt("--record", help="Record that this update was sent today.")] = False,
    status: Annotated[str | None, Opt(help="Your own one-sentence status instead of the one worked out.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """A project's status update in Markdown: status, completed, next steps, risks and blockers, decisions."""
    from supportpm_tui.services.reports import record_status, render_status, save_text, status_report

    store = open_db(ctx)
    report = status_report(store, key, date_opt(since, "since"))
    text = render_status(report, status)
    if out is not None:
        save_text(out, text, "--out")
    if record:
        record_status(store, report.project, status or report.status, text)
    if as_json:
        print_json({**report.to_json(), "markdown": text})
    else:
        print(text, end="")


def report_updates(
    ctx: typer.Context,
    project: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the status updates recorded, newest first."""
    from supportpm_tui.services.reports import list_status_updates

    rows = list_status_updates(open_db(ctx), project)
    print_rows(rows, as_json, UPDATE_COLUMNS, "No status update recorded yet: supportpm report status KEY --record")


def report_burndown(
    ctx: typer.Context,
    key: str,
    milestone: Annotated[str | None, Opt(help="Only this milestone of the project (its name).")] = None,
    weeks: Annotated[int | None, Opt(help="Only the last N weeks (default: from the project's start).")] = None,
    out: Annotated[str | None, Opt(help="Also write the Markdown to this file.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """A project's (or milestone's) burndown: remaining hours per working day, the ideal line and the forecast."""
    from supportpm_tui.services.burndown import burndown, burndown_markdown
    from supportpm_tui.services.reports import save_text

    chart = burndown(open_db(ctx), key, milestone, weeks)
    text = burndown_markdown(chart)
    if out is not None:
        save_text(out, text, "--out")
    if as_json:
        print_json(chart.to_json())
    else:
        print(text, end="")
