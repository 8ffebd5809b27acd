"""``supportpm serve``: the dashboard in a browser, for a video call or a screen with no terminal."""

from __future__ import annotations

import os
import shlex
import socket
import sys
from typing import Annotated

import typer

from supportpm_tui.cli.common import shown_path
from supportpm_tui.cli.context import run_of

Opt = typer.Option


def register(app: typer.Typer) -> None:
    """Add ``supportpm serve`` to ``app``."""
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        Opt(help="Address to listen on: 127.0.0.1 is this machine only; 0.0.0.0 every address (the network)."),
    ] = "127.0.0.1",
    port: Annotated[int, Opt(help="Port to listen on (1–65535).")] = 8000,
    theme: Annotated[str | None, Opt(help="Theme of the dashboard in the browser.", metavar="NAME")] = None,
) -> None:
    """Serve the dashboard to a browser, until Ctrl+C.

    For a video call or a screen with no terminal: each browser tab opens its
    own dashboard on the same database. Only this machine can reach it unless
    --host says otherwise.
    """
    from supportpm_tui.settings.themes import theme_named
    from supportpm_tui.ui.web import listen
    from supportpm_tui.ui.web import serve as serve_dashboard

    theme = theme_named(theme) if theme is not None else None  # an unknown theme is said once, not in each tab
    listening = listen(host, port)  # a bad address or a port in use is said before anything else
    run = run_of(ctx)
    try:
        store = run.open_store()  # made or brought up to date now, so every tab opens it at once
        choice = run.choice()
        shown = str(store.path) if choice.address is None else choice.shown
        if run.db_option:  # the tabs open what --db named: a file by its full path, wherever they run
            os.environ["SUPPORTPM_DB"] = run.db_option if choice.address is not None else str(choice.path.resolve())
    except BaseException:
        listening.close()
        raise
    run.close()
    if listening.everywhere:
        where = (
            f"every address of this machine, so http://{socket.gethostname()}:{port} from another one;"
            " anyone who reaches it can read and change the data"
        )
    elif listening.local_only:
        where = "this machine only; --host 0.0.0.0 to share it on the network"
    else:
        where = "on the network at that address: anyone who reaches it can read and change the data"
    print(f"Serving the dashboard on {listening.url} ({where})")
    print(f"Database: {shown_path(shown)} · each browser tab opens its own dashboard · Ctrl+C stops", flush=True)
    serve_dashboard(listening, dashboard_command(theme))
    print("Stopped serving the dashboard.")


def dashboard_command(theme: str | None) -> str:
    """The command each browser tab runs: this SupportPM, on the database in ``SUPPORTPM_DB``."""
    parts = [sys.executable, "-m", "supportpm_tui"]
    if theme:
        parts += ["--theme", theme]
    return shlex.join(parts)
