"""Commands for a project's outcome metrics, their readings and its go-live: ``supportpm metric …``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import IfVersionOpt, JsonOpt, add_group, date_opt, given, print_rows
from supportpm_tui.cli.context import open_db

Opt = typer.Option

METRIC_COLUMNS = [
    ("id", "ID"),
    ("project", "PROJECT"),
    ("name", "METRIC"),
    ("unit", "UNIT"),
    ("baseline", "BASELINE"),
    ("target", "TARGET"),
    ("better", "BETTER"),
    ("latest", "LATEST"),
    ("latest_day", "ON"),
]
READING_COLUMNS = [("id", "ID"), ("day", "DAY"), ("value", "VALUE"), ("note", "NOTE")]


def register(app: typer.Typer) -> None:
    """Add ``supportpm metric …`` to ``app``."""
    add_group(
        app,
        "metric",
        "A project's outcome metrics: baseline, target, which way is better, dated readings; its go-live.",
        {
            "add": metric_add,
            "edit": metric_edit,
            "delete": metric_delete,
            "list": metric_list,
            "read": metric_read,
            "readings": metric_readings,
            "unread": metric_unread,
            "go-live": metric_go_live,
        },
    )


def number_opt(text: str | None, field: str) -> float | None:
    """Return the number an option gives (``None`` when not given or ``none``); one line when it is not one."""
    from supportpm_tui.core.parsing import parse_number

    if text is None or text.strip().lower() in ("", "none"):
        return None
    return parse_number(text, field)


def metric_add(
    ctx: typer.Context,
    project: str,
    name: str,
    unit: Annotated[str, Opt(help="What it is counted in: %, tickets, minutes, points …")] = "",
    baseline: Annotated[str | None, Opt(help="Where it stood before the project.")] = None,
    target: Annotated[str | None, Opt(help="Where the project should bring it.")] = None,
    direction: Annotated[str, Opt(help="Which way is better: higher or lower.")] = "lower",
) -> None:
    """Add an outcome metric to a project; prints the new id."""
    from supportpm_tui.services.metrics import add_metric

    metric = add_metric(
        open_db(ctx),
        project,
        name,
        unit=unit,
        baseline=number_opt(baseline, "baseline"),
        target=number_opt(target, "target"),
        direction=direction,
    )
    print(metric.id)


def metric_edit(
    ctx: typer.Context,
    metric_id: int,
    name: Annotated[str | None, Opt()] = None,
    unit: Annotated[str | None, Opt(help="A unit, or none.")] = None,
    baseline: Annotated[str | None, Opt(help="A number, or none.")] = None,
    target: Annotated[str | None, Opt(help="A number, or none.")] = None,
    direction: Annotated[str | None, Opt(help="higher or lower.")] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change an outcome metric."""
    from supportpm_tui.services.metrics import edit_metric

    changes: dict[str, Any] = given(name=name, direction=direction)
    if unit is not None:
        changes["unit"] = "" if unit.strip().lower() == "none" else unit
    if baseline is not None:
        changes["baseline"] = number_opt(baseline, "baseline")
    if target is not None:
        changes["target"] = number_opt(target, "target")
    print(edit_metric(open_db(ctx), metric_id, if_version, **changes).id)


def metric_delete(ctx: typer.Context, metric_id: int) -> None:
    """Delete an outcome metric and its readings."""
    from supportpm_tui.services.metrics import delete_metric

    print(delete_metric(open_db(ctx), metric_id).id)


def metric_list(
    ctx: typer.Context,
    project: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
) -> None:
    """List outcome metrics by project, with the latest reading."""
    from supportpm_tui.services.metrics import list_metrics

    rows = list_metrics(open_db(ctx), project)
    empty = "No metrics yet. Add one: supportpm metric add PROJECT NAME --baseline N --target N"
    print_rows(rows, as_json, METRIC_COLUMNS, empty, derived={"better": lambda r: r["direction"]})


def metric_read(
    ctx: typer.Context,
    metric_id: int,
    value: str,
    day: Annotated[str | None, Opt(help="The day it was read (default today; not in the future).")] = None,
    note: Annotated[str, Opt()] = "",
) -> None:
    """Record a metric's value on a day (replacing that day's reading); prints the reading's id."""
    from supportpm_tui.core.parsing import parse_number
    from supportpm_tui.services.metrics import add_reading

    reading = add_reading(open_db(ctx), metric_id, parse_number(value, "value"), day=date_opt(day, "day"), note=note)
    print(reading.id)


def metric_readings(ctx: typer.Context, metric_id: int, as_json: JsonOpt = False) -> None:
    """List a metric's readings, oldest first."""
    from supportpm_tui.services.metrics import list_readings

    rows = list_readings(open_db(ctx), metric_id)
    print_rows(rows, as_json, READING_COLUMNS, f"No readings yet: supportpm metric read {metric_id} VALUE")


def metric_unread(ctx: typer.Context, reading_id: int) -> None:
    """Delete one reading."""
    from supportpm_tui.services.metrics import delete_reading

    print(delete_reading(open_db(ctx), reading_id).id)


def metric_go_live(
    ctx: typer.Context,
    project: str,
    milestone: Annotated[str | None, typer.Argument(help="The milestone (name or id) that is the go-live.")] = None,
    clear: Annotated[bool, Opt("--clear", help="The project has no go-live.")] = False,
) -> None:
    """Mark the milestone that is a project's go-live (ticket volume is compared before and after it)."""
    from supportpm_tui.core.errors import UserError
    from supportpm_tui.services.metrics import set_go_live

    if (milestone is None) == (not clear):
        raise UserError("give the go-live milestone, or --clear")
    chosen = set_go_live(open_db(ctx), project, None if clear else milestone)
    print(chosen.name if chosen else "no go-live")
