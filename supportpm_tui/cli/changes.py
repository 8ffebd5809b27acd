"""Commands for change requests: ``supportpm change …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, app, as_record, given, open_db, print_item, print_json, print_rows

Opt = typer.Option
change_app = typer.Typer(help="Change requests.", no_args_is_help=True)
app.add_typer(change_app, name="change")

CHANGE_COLUMNS = [
    ("id", "ID"),
    ("project", "PROJECT"),
    ("title", "TITLE"),
    ("schedule_days", "DAYS"),
    ("milestones", "MILESTONES"),
    ("status", "STATUS"),
    ("requested", "REQUESTED"),
]


@change_app.command("add")
def change_add(
    project: str,
    title: str,
    days: Annotated[int, Opt(help="Schedule impact in working days (may be negative).")],
    milestone: Annotated[list[str] | None, Opt(help="An affected milestone (repeatable).")] = None,
    description: Annotated[str | None, Opt()] = None,
    cost: Annotated[float | None, Opt(help="Cost impact.")] = None,
    risk_note: Annotated[str | None, Opt()] = None,
    requested_by: Annotated[str | None, Opt()] = None,
) -> None:
    """Propose a change request; prints the new id."""
    from supportpm_tui.services.governance import add_change

    values = given(
        milestones=milestone,
        description=description,
        cost=cost,
        risk_note=risk_note,
        requested_by=requested_by,
    )
    print(add_change(open_db(), project, title, days, **values).id)


@change_app.command("list")
def change_list(
    project: Annotated[str | None, Opt()] = None,
    status: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
) -> None:
    """List change requests, undecided first."""
    from supportpm_tui.services.governance import list_changes

    print_rows(list_changes(open_db(), project, status), as_json, CHANGE_COLUMNS, "No change requests.")


@change_app.command("show")
def change_show(change_id: int, as_json: JsonOpt = False) -> None:
    """Show a change request and, if undecided, what approving it would move."""
    from supportpm_tui.services.governance import show_change

    print_item(show_change(open_db(), change_id), as_json)


@change_app.command("edit")
def change_edit(
    change_id: int,
    title: Annotated[str | None, Opt()] = None,
    days: Annotated[int | None, Opt()] = None,
    milestone: Annotated[list[str] | None, Opt(help="Replace the affected milestones (repeatable).")] = None,
    description: Annotated[str | None, Opt()] = None,
    cost: Annotated[float | None, Opt()] = None,
    risk_note: Annotated[str | None, Opt()] = None,
) -> None:
    """Change an undecided change request."""
    from supportpm_tui.services.governance import edit_change

    values = given(
        title=title, days=days, milestones=milestone, description=description, cost=cost, risk_note=risk_note
    )
    print(edit_change(open_db(), change_id, **values).id)


@change_app.command("approve")
def change_approve(
    change_id: int,
    dry_run: Annotated[bool, Opt("--dry-run", help="Only show which milestones would move.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Approve a change request: move its milestones' due dates (baselines stay)."""
    from supportpm_tui.services.governance import approval_preview, approve_change

    store = open_db()
    moves = approval_preview(store, change_id) if dry_run else approve_change(store, change_id)
    if as_json:
        print_json(moves)
        return
    verb = "would move" if dry_run else "moved"
    for move in map(as_record, moves):
        print(f"{verb} {move['milestone']}: {move['from']} → {move['to']}")
    if not moves:
        print("no milestones to move")


@change_app.command("reject")
def change_reject(change_id: int, reason: Annotated[str, Opt(help="Why it is rejected.")] = "") -> None:
    """Reject a change request, with the reason."""
    from supportpm_tui.services.governance import decide_change

    print(decide_change(open_db(), change_id, "rejected", reason).id)


@change_app.command("defer")
def change_defer(change_id: int, reason: Annotated[str, Opt(help="Why it is deferred.")] = "") -> None:
    """Defer a change request, with the reason."""
    from supportpm_tui.services.governance import decide_change

    print(decide_change(open_db(), change_id, "deferred", reason).id)


@change_app.command("delete")
def change_delete(change_id: int) -> None:
    """Delete an undecided change request."""
    from supportpm_tui.services.governance import delete_change

    print(delete_change(open_db(), change_id).id)
