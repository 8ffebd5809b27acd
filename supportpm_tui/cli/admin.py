"""Commands for the database itself (where, check, backup, restore, demo), undo and the log."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import (
    JsonOpt,
    app,
    date_opt,
    open_db,
    print_item,
    print_json,
    print_record,
    print_rows,
    state,
)
from supportpm_tui.core.errors import UserError
from supportpm_tui.settings import paths

Opt = typer.Option

LOG_COLUMNS = [
    ("time", "TIME (UTC)"),
    ("actor", "WHO"),
    ("action", "ACTION"),
    ("entity", "WHAT"),
    ("entity_id", "ID"),
    ("fields", "FIELDS"),
]


@app.command("where")
def where(as_json: JsonOpt = False) -> None:
    """Print the paths in use."""
    db = paths.resolve_db_path(state.db_option)
    data = {
        "database": str(db),
        "database_exists": db.exists(),
        "backups": str(paths.backup_dir(db)),
        "config": str(paths.config_dir()),
        "data": str(paths.data_dir()),
    }
    print_item(data, as_json)


@app.command("check")
def check(as_json: JsonOpt = False) -> None:
    """Check the database's integrity, schema version and permissions."""
    from supportpm_tui.services.backups import check as run_check

    path = paths.resolve_db_path(state.db_option)
    state.db_path = path
    if not path.exists():
        raise UserError(f"{path} does not exist")
    open_db(create=False).close()  # refuses files that are not ours; migrates if behind
    report = run_check(path)
    if as_json:
        print_json(report)
    else:
        print_record({k: v for k, v in report.items() if k != "problems"})
        for problem in report["problems"]:
            print(f"problem: {problem}")
    if not report["ok"]:
        raise typer.Exit(1)


@app.command("backup")
def backup(
    dest: Annotated[Path | None, typer.Argument(help="Where to write (default: the backups folder).")] = None,
) -> None:
    """Write a consistent copy of the database; prints its path."""
    from supportpm_tui.services.backups import backup as run_backup

    print(run_backup(open_db(create=False), dest))


@app.command("restore")
def restore(file: Path) -> None:
    """Replace the database with a backup, after checking it (the old one is kept)."""
    from supportpm_tui.services.backups import restore as run_restore

    path = paths.resolve_db_path(state.db_option)
    kept = run_restore(path, file)
    print(f"restored {path} from {file}" + (f"; the replaced database is kept at {kept}" if kept else ""))


@app.command("demo")
def demo(force: Annotated[bool, Opt(help="Replace an existing file.")] = False) -> None:
    """Write a demo database to --db PATH (dates relative to today)."""
    from supportpm_tui.services.demo import generate

    if state.db_option is None:
        raise UserError("say where to write the demo: supportpm demo --db PATH")
    path = paths.resolve_db_path(state.db_option)
    if path.exists() and force:
        _remove_database(path)
    fresh = not path.exists()
    try:
        generate(open_db())
    except BaseException:
        if fresh:  # leave nothing half-made behind
            for store in state.stores:
                store.close()
            _remove_database(path)
        raise
    print(path)


def _remove_database(path: Path) -> None:
    """Delete the database file and its WAL and shared-memory companions."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@app.command("undo")
def undo() -> None:
    """Undo your last change (one command's worth of changes)."""
    from supportpm_tui.services.undo import undo_last

    print(f"undone: {undo_last(open_db()).summary}")


@app.command("log")
def log(
    limit: Annotated[int, Opt(help="How many events.")] = 30,
    since: Annotated[str | None, Opt(help="Only events since this date.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the activity log, newest first."""
    from supportpm_tui.services.activity import list_events

    rows = list_events(open_db(), limit=limit, since=date_opt(since, "since"))
    print_rows(rows, as_json, LOG_COLUMNS, "No activity yet.", derived={"fields": _changed_fields})


def _changed_fields(event: dict[str, Any]) -> str:
    """Return the fields an event changed, as one line for the table."""
    return ", ".join(event["changes"])


def open_dashboard(demo: bool) -> None:
    """Open the dashboard on the database (a fresh demo in a temporary folder with ``demo``)."""
    from supportpm_tui.services.demo import generate

    if demo:
        if state.db_option:
            raise UserError("--demo makes its own temporary database; drop --db")
        folder = Path(tempfile.mkdtemp(prefix="supportpm-demo-"))
        state.db_option = str(folder / "demo.db")
        store = open_db()
        generate(store)
    else:
        store = open_db()
    from supportpm_tui.ui.app import make_app

    make_app(store).run()
    if demo:
        print(f"The demo database is kept at {store.path} (open it again with: supportpm --db {store.path})")
