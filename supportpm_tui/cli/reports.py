"""Reports a lead sends upward: ``supportpm report …``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import JsonOpt, add_group, date_opt, print_json, print_rows
from supportpm_tui.cli.context import open_db

Opt = typer.Option

UPDATE_COLUMNS = [("id", "ID"), ("project", "PROJECT"), ("day", "DAY"), ("status", "STATUS")]


def _emit(data: dict[str, Any], text: str, as_json: bool) -> None:
    """Print a report's Markdown, or its JSON with the Markdown beside it."""
    if as_json:
        print_json({**data, "markdown": text})
    else:
        print(text, end="")


def register(app: typer.Typer) -> None:
    """Add ``supportpm report …`` to ``app``."""
    add_group(
        app,
        "report",
        "Reports to send: a project's status update, the leadership summary, a project's metrics and burndown.",
        {
            "status": report_status,
            "updates": report_updates,
            "summary": report_summary,
            "summaries": report_summaries,
            "metrics": report_metrics,
            "burndown": report_burndown,
        },
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
    _emit(report.to_json(), text, as_json)


def report_updates(
    ctx: typer.Context,
    project: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the status updates recorded, newest first."""
    from supportpm_tui.services.reports import list_status_updates

    rows = list_status_updates(open_db(ctx), project)
    print_rows(rows, as_json, UPDATE_COLUMNS, "No status update recorded yet: supportpm report status KEY --record")


SUMMARY_COLUMNS = [("id", "ID"), ("day", "DAY"), ("month", "MONTH")]


def report_summary(
    ctx: typer.Context,
    month: Annotated[str | None, Opt(help="The month it covers, as YYYY-MM (default this month).")] = None,
    out: Annotated[str | None, Opt(help="Also write the Markdown to this file.")] = None,
    record: Annotated[
        bool, Opt("--record", help="Record that this summary was sent today; the next one's trends start here.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """One page across projects for leadership: exceptions, RAG and why, trends, risks, decisions, capacity."""
    from supportpm_tui.services.reports import save_text
    from supportpm_tui.services.summary import leadership_summary, record_summary, render_summary

    store = open_db(ctx)
    report = leadership_summary(store, month)
    text = render_summary(report)
    if out is not None:
        save_text(out, text, "--out")
    if record:
        record_summary(store, report, text)
    _emit(report.to_json(), text, as_json)


def report_summaries(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the leadership summaries recorded, newest first."""
    from supportpm_tui.services.summary import list_summaries

    rows = list_summaries(open_db(ctx))
    print_rows(rows, as_json, SUMMARY_COLUMNS, "No leadership summary recorded yet: supportpm report summary --record")


def report_metrics(
    ctx: typer.Context,
    key: str,
    out: Annotated[str | None, Opt(help="Also write the Markdown to this file.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """A project's metrics in Markdown: tasks and milestones done, outcomes against target, tickets around go-live."""
    from supportpm_tui.services.metrics import project_metrics, render_metrics
    from supportpm_tui.services.reports import save_text

    report = project_metrics(open_db(ctx), key)
    text = render_metrics(report)
    if out is not None:
        save_text(out, text, "--out")
    _emit(report.to_json(), text, as_json)


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
    _emit(chart.to_json(), text, as_json)
