"""The ``supportpm`` Typer application: the global options and every command, registered in order."""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer

from supportpm_tui.cli.context import run_of

# The modules of the commands, in the order the help lists them; each has ``register(app)``.
MODULES = (
    "admin",
    "standup",
    "settings",
    "people",
    "projects",
    "checklist",
    "workstreams",
    "milestones",
    "tasks",
    "timelog",
    "risks",
    "issues",
    "changes",
    "leave",
    "tickets",
    "imports",
    "capacity",
    "holidays",
    "reports",
    "exports",
    "metrics",
    "reviews",
    "serve",
)
# The module of each command (or group of commands), by its name: a run that names its command loads that one.
COMMAND_MODULES = {
    **dict.fromkeys(("where", "check", "backup", "restore", "copy", "demo", "undo", "redo", "log"), "admin"),
    "standup": "standup",
    "settings": "settings",
    "person": "people",
    "project": "projects",
    "checklist": "checklist",
    "workstream": "workstreams",
    "milestone": "milestones",
    "task": "tasks",
    "time": "timelog",
    "risk": "risks",
    "issue": "issues",
    "change": "changes",
    "leave": "leave",
    "tickets": "tickets",
    "import": "imports",
    "capacity": "capacity",
    "holidays": "holidays",
    "report": "reports",
    "export": "exports",
    "metric": "metrics",
    "review": "reviews",
    "serve": "serve",
}


def command_module(name: str) -> Any:
    """Return the command line's module ``name`` (one of :data:`MODULES`), importing it."""
    return importlib.import_module(f"supportpm_tui.cli.{name}")


def build_app(only: str | None = None, *, help_only: bool = False) -> typer.Typer:
    """Return a new ``supportpm`` application with all its commands, or with only the command ``only`` names.

    Typer reads every registered command's parameters when it builds the
    command line, so a run that names its command builds that one alone, and
    imports its module alone; a name that is no command's (a typing error,
    the help) keeps them all.
    """
    app = typer.Typer(
        name="supportpm",
        help="SupportPM: projects, people and the ticket queue in one terminal dashboard.",
        no_args_is_help=False,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback(invoke_without_command=True)(root)
    named = COMMAND_MODULES.get(only) if only is not None else None
    for name in [named] if named is not None else MODULES:
        command_module(name).register(app)
    commands = [c for c in app.registered_commands if c.name == only]
    groups = [g for g in app.registered_groups if g.name == only]
    if only is not None and (commands or groups):
        app.registered_commands, app.registered_groups = commands, groups
    elif help_only:
        _words_only(app)
    return app


def _words_only(app: typer.Typer) -> None:
    """Give every command of ``app`` (its groups' too) a callback without parameters and with the same words.

    The root's help lists each command by its name and first sentence only: Typer need not read hundreds of
    parameters to print it. Never for a run that calls a command.
    """
    for info in app.registered_commands:
        if info.callback is not None:
            info.callback = _stub(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            root = group.typer_instance.registered_callback
            if root is not None and root.callback is not None:
                root.callback = _stub(root.callback)
            _words_only(group.typer_instance)


def _stub(callback: Any) -> Any:
    """Return a function that takes nothing and says what ``callback`` says."""

    def words() -> None:
        raise RuntimeError("a help-only command line ran a command")  # pragma: no cover

    words.__doc__ = callback.__doc__
    return words


def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database file (default: SUPPORTPM_DB or the user data folder).", metavar="PATH"),
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Open a fresh demo database in a temporary place.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
    theme: Annotated[
        str | None,
        typer.Option(
            "--theme",
            help="The dashboard's theme for this run: textual-dark (or dark), textual-light (or light), high-contrast.",
            metavar="NAME",
        ),
    ] = None,
) -> None:
    """Open the dashboard, or run one of the commands below."""
    run = run_of(ctx)
    ctx.call_on_close(run.close)
    run.db_option = db
    if version:
        from supportpm_tui import __version__

        print(f"supportpm {__version__}")
        raise typer.Exit(0)
    if theme is not None:
        from supportpm_tui.settings.themes import theme_named

        theme = theme_named(theme)
    if ctx.invoked_subcommand is not None:
        if theme is not None:
            raise typer.BadParameter("--theme is for the dashboard; give it without a command")
        if demo:
            raise typer.BadParameter("--demo opens the dashboard; use 'supportpm demo --db PATH' to keep one")
        return
    from supportpm_tui.cli.dashboard import open_dashboard

    open_dashboard(run, demo, theme)
