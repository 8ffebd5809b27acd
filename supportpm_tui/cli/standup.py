"""The ``supportpm standup`` command: the dashboard, opened straight into the standup walk."""

from __future__ import annotations

import typer

from supportpm_tui.cli.context import open_db


def register(app: typer.Typer) -> None:
    """Add ``supportpm standup`` to ``app``."""
    app.command("standup")(standup)


def standup(ctx: typer.Context) -> None:
    """Open the dashboard in standup mode: a full-screen walk for screen-sharing, one page per step.

    space or → goes on, ← or backspace back, escape leaves for the dashboard (key 0 comes back).
    """
    from supportpm_tui.cli.dashboard import run_dashboard

    run_dashboard(open_db(ctx), standup=True)
