"""Commands for a project's rollout checklist: ``supportpm checklist …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import (
    IfVersionOpt,
    JsonOpt,
    add_group,
    date_opt,
    given,
    given_dates,
    print_rows,
)
from supportpm_tui.cli.context import open_db

Opt = typer.Option

CHECKLIST_COLUMNS = [
    ("id", "ID"),
    ("project", "PROJECT"),
    ("box", "DONE"),
    ("title", "ITEM"),
    ("owner", "OWNER"),
    ("due_text", "DUE"),
    ("milestone", "GATES"),
    ("note", "NOTE"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm checklist …`` to ``app``."""
    add_group(
        app,
        "checklist",
        "A project's rollout checklist: items, owners, due dates, the milestones they gate.",
        {
            "add": checklist_add,
            "list": checklist_list,
            "done": checklist_done,
            "reopen": checklist_reopen,
            "edit": checklist_edit,
            "move": checklist_move,
            "delete": checklist_delete,
        },
    )


def checklist_add(
    ctx: typer.Context,
    project: str,
    title: str,
    owner: Annotated[str | None, Opt(help="Who sees to it (a person).")] = None,
    due: Annotated[str | None, Opt(help="Due date.")] = None,
    milestone: Annotated[str | None, Opt(help="The milestone it gates: not done until this is.")] = None,
    note: Annotated[str | None, Opt()] = None,
) -> None:
    """Add an item at the end of a project's checklist; prints the new id."""
    from supportpm_tui.services.checklists import add_item

    item = add_item(
        open_db(ctx), project, title, owner=owner, due=date_opt(due, "due"), milestone=milestone, note=note or ""
    )
    print(item.id)


def checklist_list(
    ctx: typer.Context,
    project: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
) -> None:
    """List checklist items, by project and order."""
    from supportpm_tui.services.checklists import list_items

    rows = list_items(open_db(ctx), project)
    empty = "No checklist items. Add one: supportpm checklist add PROJECT TITLE"
    derived = {
        "box": lambda r: "[x]" if r["done"] else "[ ]",
        "due_text": lambda r: f"{r['due']} OVERDUE" if r["overdue"] else r["due"],
    }
    print_rows(rows, as_json, CHECKLIST_COLUMNS, empty, derived=derived)


def checklist_done(
    ctx: typer.Context,
    item_id: int,
    date: Annotated[str | None, Opt(help="When it was done (default today).")] = None,
) -> None:
    """Mark a checklist item done."""
    from supportpm_tui.services.checklists import set_done

    print(set_done(open_db(ctx), item_id, True, date_opt(date, "date")).id)


def checklist_reopen(ctx: typer.Context, item_id: int) -> None:
    """Mark a checklist item not done."""
    from supportpm_tui.services.checklists import set_done

    print(set_done(open_db(ctx), item_id, False).id)


def checklist_edit(
    ctx: typer.Context,
    item_id: int,
    title: Annotated[str | None, Opt()] = None,
    owner: Annotated[str | None, Opt(help="A person, or none.")] = None,
    due: Annotated[str | None, Opt(help="A date, or none.")] = None,
    milestone: Annotated[str | None, Opt(help="The milestone it gates, or none.")] = None,
    note: Annotated[str | None, Opt()] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change a checklist item."""
    from supportpm_tui.services.checklists import edit_item

    changes = given(title=title, owner=owner, milestone=milestone, note=note)
    if changes.get("owner", "").lower() == "none":
        changes["owner"] = None
    changes.update(given_dates(due=due))
    print(edit_item(open_db(ctx), item_id, if_version, **changes).id)


def checklist_move(
    ctx: typer.Context,
    item_id: int,
    by: Annotated[int, Opt(help="Places to move: negative is up, positive down.")] = -1,
) -> None:
    """Move a checklist item up or down its project's list."""
    from supportpm_tui.services.checklists import move_item

    print(move_item(open_db(ctx), item_id, by).id)


def checklist_delete(ctx: typer.Context, item_id: int) -> None:
    """Delete a checklist item."""
    from supportpm_tui.services.checklists import delete_item

    print(delete_item(open_db(ctx), item_id).id)
