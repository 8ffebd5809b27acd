"""Commands for change requests: ``supportpm change …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import IfVersionOpt, JsonOpt, add_group, given, print_item, print_json, print_rows
from supportpm_tui.cli.context import open_db

Opt = typer.Option

CHANGE_COLUMNS = [
    ("id", "ID"),
    ("project", "PROJECT"),
    ("title", "TITLE"),
    ("schedule_days", "DAYS"),
    ("milestones", "MILESTONES"),
    ("status", "STATUS"),
    ("requested", "REQUESTED"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm change …`` to ``app``."""
    add_group(
        app,
        "change",
        "Change requests.",
        {
            "add": change_add,
            "list": change_list,
            "show": change_show,
            "edit": change_edit,
            "approve": change_approve,
            "reject": change_reject,
            "defer": change_defer,
            "delete": change_delete,
        },
    )


def change_add(
    ctx: typer.Context,
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
    from supportpm_tui.services.change_requests import add_change

    change = add_change(
        open_db(ctx),
        project,
        title,
        days,
        milestones=milestone,
        description=description or "",
        cost=cost,
        risk_note=risk_note or "",
        requested_by=requested_by,
    )
    print(change.id)


def change_list(
    ctx: typer.Context,
    project: Annotated[str | None, Opt()] = None,
    status: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
) -> None:
    """List change requests, undecided first."""
    from supportpm_tui.services.change_requests import list_changes

    print_rows(list_changes(open_db(ctx), project, status), as_json, CHANGE_COLUMNS, "No change requests.")


def change_show(ctx: typer.Context, change_id: int, as_json: JsonOpt = False) -> None:
    """Show a change request and, if undecided, what approving it would move."""
    from supportpm_tui.services.change_requests import show_change

    print_item(show_change(open_db(ctx), change_id), as_json)


def change_edit(
    ctx: typer.Context,
    change_id: int,
    title: Annotated[str | None, Opt()] = None,
    days: Annotated[int | None, Opt()] = None,
    milestone: Annotated[list[str] | None, Opt(help="Replace the affected milestones (repeatable).")] = None,
    description: Annotated[str | None, Opt()] = None,
    cost: Annotated[float | None, Opt()] = None,
    risk_note: Annotated[str | None, Opt()] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change an undecided change request."""
    from supportpm_tui.services.change_requests import edit_change

    change = edit_change(
        open_db(ctx),
        change_id,
        if_version,
        **given(title=title, days=days, milestones=milestone, description=description, cost=cost, risk_note=risk_note),
    )
    print(change.id)


def change_approve(
    ctx: typer.Context,
    change_id: int,
    dry_run: Annotated[bool, Opt("--dry-run", help="Only show which milestones would move.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Approve a change request: move its milestones' due dates (baselines stay)."""
    from supportpm_tui.services.change_requests import approval_preview, approve_change

    store = open_db(ctx)
    moves = approval_preview(store, change_id) if dry_run else approve_change(store, change_id)
    if as_json:
        print_json(moves)
        return
    verb = "would move" if dry_run else "moved"
    for move in moves:
        print(f"{verb} {move.milestone}: {move.old_due} → {move.new_due}")
    if not moves:
        print("no milestones to move")


def change_reject(
    ctx: typer.Context, change_id: int, reason: Annotated[str, Opt(help="Why it is rejected.")] = ""
) -> None:
    """Reject a change request, with the reason."""
    from supportpm_tui.services.change_requests import decide_change

    print(decide_change(open_db(ctx), change_id, "rejected", reason).id)


def change_defer(
    ctx: typer.Context, change_id: int, reason: Annotated[str, Opt(help="Why it is deferred.")] = ""
) -> None:
    """Defer a change request, with the reason."""
    from supportpm_tui.services.change_requests import decide_change

    print(decide_change(open_db(ctx), change_id, "deferred", reason).id)


def change_delete(ctx: typer.Context, change_id: int) -> None:
    """Delete an undecided change request."""
    from supportpm_tui.services.change_requests import delete_change

    print(delete_change(open_db(ctx), change_id).id)
