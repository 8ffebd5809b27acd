"""Opening the dashboard from the command line: one way in, two starts.

A quick start (``supportpm`` or ``supportpm --db FILE`` on a current
database) runs before Typer or the database layer is imported; the usual
start (a new, older or demo database) runs from the root command once the
database is open. Both run the dashboard through :func:`run_dashboard`.

Only the standard library is imported here at first: Textual, the database
layer and the command line's own pieces are imported where they are needed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supportpm_tui.cli.context import CliRun
    from supportpm_tui.settings.address import ServerAddress
    from supportpm_tui.startup.primed import PrimedHelper
    from supportpm_tui.storage.database import Store


def run_dashboard(
    store: Store | None = None,
    path: Path | None = None,
    target: ServerAddress | None = None,
    theme: str | None = None,
    *,
    standup: bool = False,
    primed: PrimedHelper | None = None,
) -> int:
    """Run the dashboard until it quits; return its exit status (0 when all went well).

    In ``theme`` for this run when given (else the one remembered).

    Over an open ``store``; or, for a quick start, over the file at ``path``:
    its first Overview is computed beside the interface's start-up (started
    before the interface loads, so the two go on side by side) while the
    database opens behind it (by ``primed``, a helper already started, when given).
    Why it could not be opened is printed on stderr.
    """
    first = None
    if store is None and (path is not None or target is not None):
        import threading

        from supportpm_tui.startup.first_overview import FirstOverview

        # Before the interface loads (nothing else runs yet), so the two go on side by side.
        if primed is not None:
            first = FirstOverview.from_primed(target or path, primed)  # type: ignore[arg-type]
        else:
            first = FirstOverview.start(target or path, fork=threading.active_count() == 1)  # type: ignore[arg-type]
    from supportpm_tui.ui.app import make_app

    app = make_app(store, db_path=path if target is None else target, first=first, theme=theme)
    app.start_in_standup = standup
    try:
        app.run()
    finally:
        if first is not None:
            first.cancel()
    if app.failure:
        from supportpm_tui.core.text import escape_controls

        print(f"supportpm: error: {escape_controls(str(app.failure))}", file=sys.stderr)
    return app.return_code or 0


def quick_start(args: list[str]) -> bool:
    """Open the dashboard at once for ``supportpm`` or ``supportpm --db FILE``; return whether it ran.

    Either may also say ``--theme NAME``, a theme for this run.

    Only on an existing, current database: the Overview is computed beside the
    interface's start-up (or read from last time when nothing has changed
    since) and shows while the database layer loads. Anything else (other
    arguments, a new, older or unreadable file) takes the usual way, which
    creates, upgrades, or explains what is wrong. Exits with the dashboard's
    status when that is not 0.
    """
    if not _may_be_quick(args):
        return False
    from supportpm_tui.startup import primed

    helper = primed.prime()  # computes the first Overview; it imports the rules while the database is chosen
    try:
        return _quick_start(args, helper)
    finally:
        if helper is not None and helper.path_fd is not None:  # not given a database: not needed
            helper.cancel()


def _may_be_quick(args: list[str]) -> bool:
    """Return whether ``args`` can be a quick start: nothing, ``--db FILE`` and ``--theme NAME`` only."""
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if word in ("--db", "--theme"):
            if not rest:
                return False
            rest.pop(0)
        elif not word.startswith(("--db=", "--theme=")):
            return False
    return True


def _quick_start(args: list[str], helper: PrimedHelper | None) -> bool:
    taken = _take_theme(args)
    if taken is None:  # the usual way says what is wrong with it
        return False
    args, theme = taken
    option: str | None = None
    if len(args) == 2 and args[0] == "--db":
        option = args[1]
    elif len(args) == 1 and args[0].startswith("--db="):
        option = args[0].removeprefix("--db=")
    elif args:
        return False
    from supportpm_tui.core.errors import UserError
    from supportpm_tui.settings import paths
    from supportpm_tui.settings.config import configured_database
    from supportpm_tui.startup import kept_overview

    try:
        choice = paths.choose_db(option, configured_database())
    except UserError:  # the usual way says what is wrong with it
        return False
    if choice.address is not None:  # a team database opens behind the interface's start-up
        status = run_dashboard(target=choice.address, theme=theme, primed=helper)
        if status:
            sys.exit(status)
        return True
    path = choice.path
    if not path.is_file() or not kept_overview.ready_to_open(path):
        return False
    status = run_dashboard(path=path, theme=theme, primed=helper)
    if status:
        sys.exit(status)
    return True


def _take_theme(args: list[str]) -> tuple[list[str], str | None] | None:
    """Return ``args`` without their ``--theme NAME`` and the theme's name; None if the name is not a theme's."""
    from supportpm_tui.core.errors import UserError
    from supportpm_tui.settings.themes import theme_named

    for at, arg in enumerate(args):
        if arg == "--theme" and at + 1 < len(args):
            word, rest = args[at + 1], args[:at] + args[at + 2 :]
        elif arg.startswith("--theme="):
            word, rest = arg.removeprefix("--theme="), args[:at] + args[at + 1 :]
        else:
            continue
        try:
            return rest, theme_named(word)
        except UserError:
            return None
    return args, None


def open_dashboard(run: CliRun, demo: bool, theme: str | None = None) -> None:
    """Open the dashboard on the run's database (a fresh demo in a temporary folder with ``demo``).

    In ``theme`` for this run, when given.

    The usual start: the database is opened (created or upgraded if need be)
    before the dashboard runs. A demo's path is printed afterwards, to open
    it again.
    """
    import tempfile

    from supportpm_tui.core.errors import UserError
    from supportpm_tui.services.demo import generate

    if demo:
        if run.db_option:
            raise UserError("--demo makes its own temporary database; drop --db")
        folder = Path(tempfile.mkdtemp(prefix="supportpm-demo-"))
        run.db_option = str(folder / "demo.db")
        store = run.open_store()
        generate(store)
    else:
        store = run.open_store()
    run_dashboard(store, theme=theme)  # the usual start has always exited 0, whatever the dashboard's own status
    if demo:
        from supportpm_tui.core.text import escape_controls

        kept = escape_controls(str(store.path))
        print(f"The demo database is kept at {kept} (open it again with: supportpm --db {kept})")
