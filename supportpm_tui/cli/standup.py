"""The ``supportpm standup`` command: the dashboard, opened straight into the standup walk."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.context import open_db


def register(app: typer.Typer) -> None:
    """Add ``supportpm standup`` to ``app``."""
    app.command("standup")(standup)


def standup(
    ctx: typer.Context,
    theme: Annotated[
        str | None, typer.Option(help="The theme for this run: dark, light, high-contrast.", metavar="NAME")
    ] = None,
) -> None:
    """Open the dashboard in standup mode: a full-screen walk for screen-sharing, one page per step.

    space or → goes on, ← or backspace back, escape leaves for the dashboard (key 0 comes back).
    """
    from supportpm_tui.cli.dashboard import run_dashboard
    from supportpm_tui.settings.themes import theme_named

    chosen = theme_named(theme) if theme is not None else None
    run_dashboard(open_db(ctx), theme=chosen, standup=True)
