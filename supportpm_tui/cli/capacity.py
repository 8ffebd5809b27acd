"""The ``supportpm capacity`` command: availability, demand and utilisation per person and week."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import JsonOpt, as_record, print_rows, safe
from supportpm_tui.cli.context import read_db

Opt = typer.Option

CAPACITY_COLUMNS = [
    ("person", "PERSON"),
    ("iso_week", "WEEK"),
    ("contracted", "CONTRACTED"),
    ("leave", "LEAVE"),
    ("duty", "DUTY"),
    ("queue", "QUEUE"),
    ("available", "AVAILABLE"),
    ("demand", "DEMAND"),
    ("util", "UTIL"),
    ("state", "STATE"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm capacity`` to ``app``."""
    app.command("capacity")(capacity)


def capacity(
    ctx: typer.Context,
    weeks: Annotated[int, Opt(help="How many weeks from this one.")] = 8,
    person: Annotated[str | None, Opt()] = None,
    sort: Annotated[str, Opt(help="name, or peak (highest peak utilisation first).")] = "name",
    over: Annotated[float | None, Opt(help="Only people whose peak utilisation reaches this %.")] = None,
    explain: Annotated[
        bool, Opt("--explain", help="Each week's sum line by line, and why each figure is what it is.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Availability, demand and utilisation per person and week (R1–R3)."""
    from supportpm_tui.services.records import capacity_records

    rows = [_with_task_list(as_record(r)) for r in capacity_records(read_db(ctx), weeks, person, sort=sort, over=over)]
    empty = "No people yet. Add one: supportpm person add NAME"
    if explain and not as_json:
        _print_explained(rows, empty)
        return
    print_rows(rows, as_json, CAPACITY_COLUMNS, empty, derived={"util": _utilisation})


def _print_explained(rows: list[dict[str, Any]], empty: str) -> None:
    """Print each person's week as the Capacity screen's breakdown does: the sum, then what each figure means."""
    from supportpm_tui.services.capacity import DEMAND_AND_FORECAST, cell_of_row, explain

    if not rows:
        print(empty)
        return
    for row in rows:
        cell = cell_of_row(row)
        end = cell.week + dt.timedelta(days=6)
        print(f"{safe(row['person'])} · {row['iso_week']} ({cell.week:%d %b} – {end:%d %b %Y}) · {cell.state}")
        for line in explain(cell, row["reserve_pct"]):
            figure = f"  {line.sign or ' '} {line.label:<12}{line.value:>8}"
            print(f"{figure}   {line.note}".rstrip())
        print()
    print(DEMAND_AND_FORECAST)


def _with_task_list(week: dict[str, Any]) -> dict[str, Any]:
    """Return a person's week with its demand per task as a list of ``{task, hours}`` (JSON keys are text)."""
    return {**week, "tasks": [{"task": int(k), "hours": v} for k, v in week["tasks"].items()]}


def _utilisation(week: dict[str, Any]) -> str:
    """Return a week's utilisation for the table: the whole percentage the screens show, or ∞ with no hours."""
    shown = week["utilisation_pct"]
    return "∞" if shown is None else f"{shown}%"
