"""The ``supportpm`` command line: parses, calls services, prints.

User errors print one line on stderr and exit with status 2; nothing is
half-written because every service call is one transaction.

Start-up stays light: only the standard library is imported here; Typer and
the commands when a command runs (see :mod:`supportpm_tui.cli.app`), the
database layer when a command opens the database, and the dashboard through
:mod:`supportpm_tui.cli.dashboard`.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from supportpm_tui.cli.context import CliRun


def main(argv: list[str] | None = None) -> None:
    """Run the command line and exit with its status."""
    # Start-up makes many objects and no garbage worth a collection: collecting is held
    # back until the dashboard's first screen is drawn, or until a command runs.
    gc.disable()
    args = hoist_db_option(list(sys.argv[1:] if argv is None else argv))
    from supportpm_tui.cli.dashboard import quick_start

    if quick_start(args):
        return
    import typer

    from supportpm_tui.cli.app import build_app
    from supportpm_tui.cli.common import TerminalText, err, error_line
    from supportpm_tui.cli.context import CliRun
    from supportpm_tui.core.errors import UserError

    click_errors = _click_exceptions()
    named = command_named(args)
    help_only = named is None and any(a in ("-h", "--help") for a in args)  # the root's help: names and words
    command = typer.main.get_command(build_app(only=named, help_only=help_only))
    run = CliRun()  # this run's state, in the context of every command (ctx.obj)
    code: Any = 0
    gc.enable()
    # Whatever a command prints (a file's name, a title, Click's own messages) reaches the
    # terminal with its control characters shown as text.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalText(sys.stdout), TerminalText(sys.stderr)
    try:
        code = command.main(args=args, prog_name="supportpm", standalone_mode=False, obj=run)
    except click_errors.NoArgsIsHelpError as exc:
        print(exc.format_message())
        code = 0
    except click_errors.UsageError as exc:
        message = " ".join(exc.format_message().split()).rstrip(".")
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        err(message + hint)
        code = 2
    except click_errors.ClickException as exc:
        err(" ".join(exc.format_message().split()))
        code = 2
    except UserError as exc:
        err(error_line(exc))
        code = 2
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as exc:
        database = _database_error(exc, run)
        if database is not None:
            err(database)
            code = 2
        else:  # a defect: say so in one line, with a way to see more
            if os.environ.get("SUPPORTPM_DEBUG"):
                raise
            err(f"internal error: {type(exc).__name__}: {exc} (set SUPPORTPM_DEBUG=1 for details)")
            code = 1
    finally:
        run.close()
        sys.stdout, sys.stderr = streams
    sys.exit(code if isinstance(code, int) else 0)


def _database_error(exc: Exception, run: CliRun) -> str | None:
    """Return the line that explains a database driver's error, or ``None`` if ``exc`` is not one.

    SQLAlchemy is only asked when a command has loaded it: before that no
    database was opened, so nothing can have failed there.
    """
    from supportpm_tui.storage.file_check import driver_error

    place: Any = run.db_path or "the database"  # the file a command opened, when one did
    line = driver_error(place, exc)
    return None if line is None else str(line)


def _click_exceptions() -> Any:
    """Return Click's exceptions module (recent Typer ships its own copy of Click)."""
    import importlib

    try:
        return importlib.import_module("typer._click.exceptions")
    except ImportError:  # older Typer uses Click itself
        return importlib.import_module("click.exceptions")


ROOT_OPTIONS_WITH_VALUE = ("--db", "--theme")


def command_named(args: list[str]) -> str | None:
    """Return the command ``args`` name (the first word that is no option of the root's), or ``None``."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return None
        if arg in ROOT_OPTIONS_WITH_VALUE:
            i += 2
            continue
        if not arg.startswith("-"):
            return arg
        i += 1
    return None


def hoist_db_option(argv: list[str]) -> list[str]:
    """Return ``argv`` with ``--db PATH`` moved to the front, so it works after a command too."""
    out: list[str] = []
    front: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out.extend(argv[i:])
            break
        if arg == "--db" and i + 1 < len(argv):
            front = [arg, argv[i + 1]]
            i += 2
            continue
        if arg.startswith("--db="):
            front = [arg]
            i += 1
            continue
        out.append(arg)
        i += 1
    return front + out
