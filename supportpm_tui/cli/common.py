"""Shared pieces of the command line: the app, the database option, output."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from supportpm_tui.core.errors import UserError
from supportpm_tui.settings import paths
from supportpm_tui.storage.database import Store

app = typer.Typer(
    name="supportpm",
    help="SupportPM: projects, people and the ticket queue in one terminal dashboard.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class CliState:
    """What the global options chose."""

    db_option: str | None = None
    db_path: Path | None = None
    stores: list[Store] = field(default_factory=list)


state = CliState()


def error_line(error: UserError) -> str:
    """Return ``error`` as the command line says it, its hint worded as a command."""
    hint = f" (see 'supportpm {error.hint.noun} list')" if error.hint is not None else ""
    return str(error) + hint


def err(message: str) -> None:
    """Print one line on stderr, prefixed with the program's name."""
    print(f"supportpm: error: {message}", file=sys.stderr)


def open_db(create: bool = True) -> Store:
    """Open the database the global options name (``--db``, ``SUPPORTPM_DB`` or default)."""
    from supportpm_tui.storage.database import open_store

    path = paths.resolve_db_path(state.db_option)
    state.db_path = path
    if state.db_option is None and create and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    existed = path.exists()
    store = open_store(path, create=create)
    state.stores.append(store)
    if existed:  # a file made just now has nothing to keep yet
        _daily_backup(store)
    return store


def _daily_backup(store: Store) -> None:
    """Take the day's automatic backup; a failure is a warning, never a lost command."""
    from supportpm_tui.services.backups import daily_backup

    try:
        daily_backup(store)
    except (UserError, OSError) as exc:
        print(f"supportpm: warning: no daily backup of {store.path.name} today: {exc}", file=sys.stderr)


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON."""
    print(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def safe(value: Any) -> str:
    """Return a value as one line of plain text for a terminal table."""
    from supportpm_tui.core.text import clean_line

    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(safe(v) for v in value) or "-"
    return clean_line(str(value)) or "-"


def print_table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], empty: str) -> None:
    """Print rows as an aligned plain-text table of (key, heading) columns."""
    if not rows:
        print(empty)
        return
    cells = [[safe(r.get(key)) for key, _ in columns] for r in rows]
    widths = [min(48, max(len(head), *(len(c[i]) for c in cells))) for i, (_, head) in enumerate(columns)]
    print("  ".join(head.ljust(w) for (_, head), w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(_fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip())


def print_record(data: dict[str, Any]) -> None:
    """Print one record as aligned ``field: value`` lines."""
    width = max((len(k) for k in data), default=0)
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            print(f"{key.replace('_', ' ').ljust(width)}:")
            for item in value:
                print("  - " + ", ".join(f"{k}={safe(v)}" for k, v in item.items()))
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}={safe(v)}" for k, v in value.items())
        print(f"{key.replace('_', ' ').ljust(width)}: {safe(value)}")


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def date_opt(value: str | None, field: str) -> dt.date | None:
    """Return the date an option names (``None`` if not given or ``none``)."""
    from supportpm_tui.core.parsing import parse_optional_date

    return parse_optional_date(value, field)


def given(**values: Any) -> dict[str, Any]:
    """Return only the options that were given (not ``None``)."""
    return {k: v for k, v in values.items() if v is not None}


def given_dates(**values: str | None) -> dict[str, dt.date | None]:
    """Return the date options that were given, parsed (``none`` clears a date)."""
    return {k: date_opt(v, k) for k, v in values.items() if v is not None}


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database file (default: SUPPORTPM_DB or the user data folder).", metavar="PATH"),
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Open a fresh demo database in a temporary place.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Open the dashboard, or run one of the commands below."""
    state.db_option = db
    if version:
        from supportpm_tui import __version__

        print(f"supportpm {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is not None:
        if demo:
            raise typer.BadParameter("--demo opens the dashboard; use 'supportpm demo --db PATH' to keep one")
        return
    from supportpm_tui.cli.admin import open_dashboard

    open_dashboard(demo)
