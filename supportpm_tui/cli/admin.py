"""Commands for the database itself (where, check, backup, restore, demo), undo and the log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import (
    JsonOpt,
    as_record,
    date_opt,
    print_item,
    print_json,
    print_record,
    print_rows,
    shown_path,
)
from supportpm_tui.cli.context import open_db, run_of
from supportpm_tui.core.errors import UserError
from supportpm_tui.settings import paths

Opt = typer.Option

LOG_COLUMNS = [
    ("id", "EVENT"),
    ("time", "TIME (UTC)"),
    ("actor", "WHO"),
    ("what_done", "ACTION"),
    ("entity", "WHAT"),
    ("entity_id", "ID"),
    ("fields", "FIELDS"),
]


def register(app: typer.Typer) -> None:
    """Add ``where``, ``check``, ``backup``, ``restore``, ``demo``, ``undo`` and ``log`` to ``app``."""
    for name, command in (
        ("where", where),
        ("check", check),
        ("backup", backup),
        ("restore", restore),
        ("copy", copy),
        ("demo", demo),
        ("undo", undo),
        ("redo", redo),
        ("log", log),
    ):
        app.command(name)(command)


def where(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Print the paths in use."""
    db = run_of(ctx).db_file()
    show = str if as_json else shown_path  # JSON escapes a line end itself
    data = {
        "database": show(db),
        "database_exists": db.exists(),
        "backups": show(paths.backup_dir(db)),
        "config": show(paths.config_dir()),
        "data": show(paths.data_dir()),
    }
    print_item(data, as_json)


def check(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Check the database's integrity, schema version and permissions."""
    from supportpm_tui.services.backups import check as run_check

    run = run_of(ctx)
    choice = run.choice()
    path = run.db_path = choice.path
    if choice.address is None and not path.exists():
        raise UserError(f"{path} does not exist")
    from supportpm_tui.services.current_plan import bad_values

    run.checking = True
    store = run.open_store(create=False)  # refuses files that are not ours; migrates if behind
    from supportpm_tui.services.activity import malformed_entries

    bad = bad_values(store) + malformed_entries(store)
    if choice.address is not None:
        from supportpm_tui.services.copying import check_team

        report = check_team(store)
    else:
        store.close()
        report = as_record(run_check(path))
    if bad:  # values out of range, written by another program or an older version
        report["problems"] = [*report["problems"], *bad]
        report["ok"] = False
    if as_json:
        print_json(report)
    else:
        print_record({k: v for k, v in report.items() if k != "problems"})
        for problem in report["problems"]:
            print(f"problem: {problem}")
    if not report["ok"]:
        raise typer.Exit(1)


def backup(
    ctx: typer.Context,
    dest: Annotated[str | None, typer.Argument(help="Where to write (default: the backups folder).")] = None,
) -> None:
    """Write a consistent copy of the database; prints its path."""
    from supportpm_tui.services.backups import backup as run_backup

    target = None if dest is None else paths.file_path(dest, "backup DEST")
    store = open_db(ctx, create=False)
    if store.address is not None:  # a team database: copied into a file of its own
        from supportpm_tui.services.copying import backup_team

        print(shown_path(backup_team(store, target)))
        return
    print(shown_path(run_backup(store, target)))


def restore(
    ctx: typer.Context,
    file: str,
    force: Annotated[
        bool, Opt("--force", help="Replace a database that is damaged or not SQLite at all (it is kept aside).")
    ] = False,
) -> None:
    """Replace the database's content with a backup, after checking it (the old one is kept).

    Safe while dashboards and commands have the database open: they go on
    with the restored data.
    """
    from supportpm_tui.services.backups import DamagedDatabase
    from supportpm_tui.services.backups import restore as run_restore

    source = paths.file_path(file, "restore FILE")
    run = run_of(ctx)
    if run.choice().address is not None:  # a team database: the file's content copied in, one transaction
        from supportpm_tui.services.copying import restore_team

        store = run.open_store(create=False)
        copied, kept = restore_team(store, source)
        print(
            f"restored {store.shown} from {shown_path(source)} ({copied.total} rows); "
            f"what it held is kept at {shown_path(kept)}"
        )
        return
    path = run.db_path = run.db_file()
    try:
        done = run_restore(path, source, replace_damaged=force)
    except DamagedDatabase as exc:
        raise UserError(f"{exc}; to replace it with {shown_path(source)}, keeping it aside, add --force") from None
    if done.damaged is not None:
        print(
            f"restored {shown_path(path)} from {shown_path(source)}; "
            f"the file it replaced ({shown_path(done.damaged)}) is kept at {shown_path(done.kept)}"
        )
    else:
        kept_at = f"; the replaced database is kept at {shown_path(done.kept)}" if done.kept else ""
        print(f"restored {shown_path(path)} from {shown_path(source)}{kept_at}")


def copy(
    source: Annotated[str, typer.Argument(help="The database to copy: a file or a postgresql:// address.")],
    target: Annotated[str, typer.Argument(help="Where to copy it: a file or a postgresql:// address.")],
    replace: Annotated[bool, Opt("--replace", help="Overwrite a target that already holds data.")] = False,
) -> None:
    """Copy a whole database between a file and a team server (either way); every table is counted after.

    Takes the team's plan offline on a laptop, or moves a laptop's plan into
    team mode. A target that already holds data is refused unless --replace.
    """
    from supportpm_tui.services.copying import copy_database

    src = paths.named_database(source, "SOURCE")
    dst = paths.named_database(target, "TARGET")
    if src.address is None and not src.path.exists():
        raise UserError(f"{shown_path(src.path)} does not exist")
    done = copy_database(src.target, dst.target, replace=replace)
    tables = sum(1 for n in done.rows.values() if n)
    print(
        f"copied {done.total} rows ({done.rows.get('task', 0)} cards, {done.rows.get('event', 0)} log entries) "
        f"in {tables} tables from {_shown(src)} to {_shown(dst)}; every table counted the same"
    )


def _shown(choice: paths.DatabaseChoice) -> str:
    return choice.address.shown if choice.address is not None else shown_path(choice.path)


def demo(ctx: typer.Context, force: Annotated[bool, Opt(help="Replace an existing file.")] = False) -> None:
    """Write a demo database to --db PATH (dates relative to today)."""
    from supportpm_tui.services.demo import generate

    run = run_of(ctx)
    if run.db_option is None:
        raise UserError("say where to write the demo: supportpm demo --db PATH")
    path = run.db_file()
    if path.exists() and force:
        _remove_database(path)
    fresh = not path.exists()
    try:
        generate(run.open_store())
    except BaseException:
        if fresh:  # leave nothing half-made behind
            run.close()
            _remove_database(path)
        raise
    print(shown_path(path))


def _remove_database(path: Path) -> None:
    """Delete the database file and its WAL and shared-memory companions."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def undo(
    ctx: typer.Context,
    event: Annotated[
        int | None, typer.Argument(help="Undo the change of this event (see 'supportpm log'), whoever made it.")
    ] = None,
) -> None:
    """Undo your last change made from the command line (one command's worth; an import as a whole).

    Refused, with the reason, when someone changed the same fields since.
    Dashboards undo their own changes with u.
    """
    from supportpm_tui.services.undo import undo_event, undo_last

    store = open_db(ctx)
    result = undo_last(store) if event is None else undo_event(store, event)
    print(f"undone: {result.summary}")


def redo(ctx: typer.Context) -> None:
    """Redo your last undo made from the command line."""
    from supportpm_tui.services.undo import redo_last

    print(f"redone: {redo_last(open_db(ctx)).summary}")


def log(
    ctx: typer.Context,
    limit: Annotated[int, Opt(help="How many events.")] = 30,
    since: Annotated[
        str | None,
        Opt(help="Only events since this day: 2026-12-01, yesterday, fri (the last Friday), last fri, 2026-W50."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the activity log, newest first."""
    from supportpm_tui.services.activity import list_events

    rows = list_events(open_db(ctx), limit=limit, since=date_opt(since, "since", past=True))
    print_rows(
        rows, as_json, LOG_COLUMNS, "No activity yet.", derived={"fields": _changed_fields, "what_done": _what_done}
    )


def _what_done(event: dict[str, Any]) -> str:
    """Return the event's action, as an undo or a redo when it was one."""
    step = event.get("step")
    return f"{step} ({event['action']})" if step else str(event["action"])


def _changed_fields(event: dict[str, Any]) -> str:
    """Return the fields an event changed, as one line for the table."""
    return ", ".join(event["changes"])
