"""Commands for the team settings: ``supportpm settings show|edit``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import JsonOpt, given, print_item
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.errors import UserError

Opt = typer.Option


def register(app: typer.Typer) -> None:
    """Add ``supportpm settings …`` to ``app`` (and ``supportpm settings --holidays REGION``, the short way)."""
    group = typer.Typer(
        help="Team settings (working days, thresholds, reserve, WIP, public holidays).", invoke_without_command=True
    )
    group.callback()(settings_root)
    group.command("show")(settings_show)
    group.command("edit")(settings_edit)
    app.add_typer(group, name="settings")


def settings_root(
    ctx: typer.Context,
    holidays: Annotated[
        str | None,
        Opt(help="Set the team's public holidays (e.g. DE-BY; none clears); the same as 'settings edit --holidays'."),
    ] = None,
) -> None:
    """Team settings: 'settings show', 'settings edit …', or 'settings --holidays DE-BY'."""
    if ctx.invoked_subcommand is not None:
        if holidays is not None:
            raise UserError("give --holidays after 'edit' (settings edit --holidays …) or on its own")
        return
    if holidays is None:
        print(ctx.get_help())
        raise typer.Exit(0)
    settings_edit(ctx, holidays=holidays)


def settings_show(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Show the team settings."""
    from supportpm_tui.services.people import show_settings

    print_item(show_settings(open_db(ctx)), as_json)


def settings_edit(
    ctx: typer.Context,
    working_days: Annotated[str | None, Opt(help="e.g. mon,tue,wed,thu,fri")] = None,
    hours_per_day: Annotated[float | None, Opt()] = None,
    overload: Annotated[float | None, Opt(help="Overload threshold, %.")] = None,
    strain: Annotated[float | None, Opt(help="Strain threshold, %.")] = None,
    reserve: Annotated[float | None, Opt(help="Default support reserve, %.")] = None,
    wip: Annotated[int | None, Opt(help="Default WIP limit per person.")] = None,
    column_wip: Annotated[list[str] | None, Opt(help="COLUMN=N (or COLUMN=none), repeatable.")] = None,
    horizon_weeks: Annotated[int | None, Opt(help="Planning horizon for undated work.")] = None,
    ticket_minutes: Annotated[float | None, Opt(help="Average ticket handling time.")] = None,
    holidays: Annotated[
        str | None, Opt(help="Public holidays of a country and subdivision, e.g. DE, DE-BY, US-CA; none clears.")
    ] = None,
) -> None:
    """Change team settings."""
    from supportpm_tui.services.people import edit_settings

    settings = edit_settings(
        open_db(ctx),
        **given(
            working_days=working_days,
            hours_per_day=hours_per_day,
            overload_threshold=overload,
            strain_threshold=strain,
            default_reserve_pct=reserve,
            default_wip=wip,
            column_wip=_column_limits(column_wip) if column_wip else None,
            horizon_weeks=horizon_weeks,
            ticket_minutes=ticket_minutes,
            holiday_region=holidays,
        ),
    )
    print(json.dumps(settings.to_json()))


def _column_limits(items: list[str]) -> dict[str, Any]:
    """Return the WIP limit per column that ``COLUMN=N`` (or ``COLUMN=none``) items set."""
    limits: dict[str, Any] = {}
    for item in items:
        column, _, value = item.partition("=")
        if not value:
            raise UserError(f"column wip: write COLUMN=N, not {item!r}")
        try:
            limits[column] = None if value.lower() == "none" else int(value)
        except ValueError:
            raise UserError(f"column wip: {value!r} is not a whole number") from None
    return limits
