"""The ``supportpm holidays`` command: the public holidays and the team's own holidays of a year."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, print_json, print_rows, safe
from supportpm_tui.cli.context import open_db

Opt = typer.Option

HOLIDAY_COLUMNS = [("date", "DATE"), ("weekday", "DAY"), ("name", "NAME"), ("kind", "KIND")]


def register(app: typer.Typer) -> None:
    """Add ``supportpm holidays`` to ``app``."""
    app.command("holidays")(holidays)


def holidays(
    ctx: typer.Context,
    year: Annotated[int | None, Opt(help="The year (default this year).")] = None,
    person: Annotated[
        str | None, Opt(help="Their holidays: their own region's public holidays, if they have one.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The public holidays of the team's region (or a person's own) and the team's own holidays, for a year."""
    from supportpm_tui.readmodel.public_holidays import region_name
    from supportpm_tui.services.public_holidays import PUBLIC, list_holidays

    found = list_holidays(open_db(ctx), year, person)
    if as_json:
        print_json(found)
        return
    whose = f"{safe(found.person)}'s" if found.person else "The team's"
    if found.region:
        own = " (their own)" if found.own_region else ""
        print(f"{whose} holidays in {found.year}: public holidays of {region_name(found.region)}{own}")
    else:
        print(f"{whose} holidays in {found.year}: no public holidays set (supportpm settings edit --holidays DE-BY)")
    rows = [
        {**h.to_json(), "kind": f"public ({h.region})" if h.source == PUBLIC else "team holiday"}
        for h in found.holidays
    ]
    print_rows(rows, False, HOLIDAY_COLUMNS, "No holidays that year.")
