"""Commands for tasks, the cards of the board: ``supportpm task …``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import (
    DETAIL_WIDTH,
    IfVersionOpt,
    JsonOpt,
    add_group,
    date_opt,
    given,
    given_dates,
    print_item,
    print_rows,
    safe,
    word_list,
)
from supportpm_tui.cli.context import current_file, open_db, read_db
from supportpm_tui.core.vocabulary import Column, Priority, TaskKind

Opt = typer.Option

TASK_COLUMNS = [
    ("id", "ID"),
    ("project", "PROJECT"),
    ("column", "COLUMN"),
    ("title", "TITLE"),
    ("assignee", "ASSIGNEE"),
    ("effective_due", "DUE"),
    ("remaining", "LEFT H"),
    ("priority", "PRIORITY"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm task …`` to ``app``."""
    add_group(
        app,
        "task",
        "Tasks: the cards of the board.",
        {
            "add": task_add,
            "list": task_list,
            "show": task_show,
            "edit": task_edit,
            "move": task_move,
            "up": task_up,
            "down": task_down,
            "block": task_block,
            "unblock": task_unblock,
            "done": task_done,
            "delete": task_delete,
        },
    )


def task_add(
    ctx: typer.Context,
    title: str,
    project: Annotated[str, Opt(help="Project key.")],
    milestone: Annotated[str | None, Opt()] = None,
    assignee: Annotated[str | None, Opt()] = None,
    start: Annotated[str | None, Opt()] = None,
    due: Annotated[str | None, Opt()] = None,
    estimate: Annotated[float | None, Opt(help="Estimate in hours.")] = None,
    remaining: Annotated[float | None, Opt(help="Remaining hours (default: the estimate).")] = None,
    column: Annotated[str | None, Opt(help=f"{word_list(Column)}.")] = None,
    priority: Annotated[str | None, Opt(help=f"{word_list(Priority)}.")] = None,
    kind: Annotated[str | None, Opt(help=f"{word_list(TaskKind)}.")] = None,
    tag: Annotated[list[str] | None, Opt(help="A tag (repeatable).")] = None,
    description: Annotated[str | None, Opt()] = None,
    reason: Annotated[str | None, Opt(help="Why it is blocked (for --column blocked).")] = None,
    blocked_by: Annotated[list[str] | None, Opt(help="Tasks this one waits for: 12,14 (repeatable).")] = None,
) -> None:
    """Add a card; prints its id."""
    values = given(
        milestone=milestone,
        assignee=assignee,
        estimate=estimate,
        remaining=remaining,
        column=column,
        priority=priority,
        kind=kind,
        tags=tag,
        description=description,
        blocked_reason=reason,
        blockers=task_ids(blocked_by),
        start=date_opt(start, "start"),
        due=date_opt(due, "due"),
    )
    file = current_file(ctx)
    if file is not None:  # a current file: written in plain SQL, without loading the database layer
        from supportpm_tui.services.quick_writes import add_card

        print(add_card(file, title, project, **values))
        return
    from supportpm_tui.services.tasks import add_task

    print(add_task(open_db(ctx), title, project, **values).id)


def task_list(
    ctx: typer.Context,
    project: Annotated[str | None, Opt()] = None,
    assignee: Annotated[str | None, Opt(help="A person, or none for unassigned.")] = None,
    column: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
) -> None:
    """List cards in board order."""
    from supportpm_tui.services.records import task_rows

    rows = task_rows(read_db(ctx), project, assignee, column)
    print_rows(rows, as_json, TASK_COLUMNS, "No tasks. Add one: supportpm task add TITLE --project KEY", detail=held_up)


def held_up(task: dict[str, Any]) -> str:
    """Return the line under a card held up: why it is blocked (shortened to fit), what it waits for, and where
    it was blocked from."""
    tail = []
    if task["waits_for"]:
        tail.append("waits for " + ", ".join(f"#{i}" for i in task["waits_for"]))
    if task["blocked_from"]:
        tail.append(f"blocked from {task['blocked_from']}")
    reason = safe(task["blocked_reason"]) if task["blocked_reason"] else ""
    if task["column"] == "blocked" and not reason:
        reason = "blocked"
    if reason:
        room = max(20, DETAIL_WIDTH - 6 - sum(len(t) + 3 for t in tail))
        tail.insert(0, reason if len(reason) <= room else reason[: room - 1] + "…")
    return "⊘ " + " · ".join(tail) if tail else ""


def task_ids(values: list[str] | None) -> list[int] | None:
    """Return the card ids ``--blocked-by`` lists (each may be 12,14; none clears); ``None`` when not given."""
    from supportpm_tui.core.parsing import parse_task_ids

    if values is None:
        return None
    return [i for value in values for i in parse_task_ids(value)]


def task_show(ctx: typer.Context, task_id: int, as_json: JsonOpt = False) -> None:
    """Show one card."""
    from supportpm_tui.services.records import show_task

    print_item(show_task(open_db(ctx), task_id), as_json)


def task_edit(
    ctx: typer.Context,
    task_id: int,
    title: Annotated[str | None, Opt()] = None,
    project: Annotated[str | None, Opt()] = None,
    milestone: Annotated[str | None, Opt(help="A milestone, or none.")] = None,
    assignee: Annotated[str | None, Opt(help="A person, or none.")] = None,
    start: Annotated[str | None, Opt(help="A date, or none.")] = None,
    due: Annotated[str | None, Opt(help="A date, or none.")] = None,
    estimate: Annotated[float | None, Opt()] = None,
    remaining: Annotated[float | None, Opt()] = None,
    priority: Annotated[str | None, Opt()] = None,
    kind: Annotated[str | None, Opt()] = None,
    tag: Annotated[list[str] | None, Opt(help="Replace the tags (repeatable).")] = None,
    description: Annotated[str | None, Opt()] = None,
    blocked_by: Annotated[
        list[str] | None, Opt(help="Replace the tasks it waits for: 12,14, or none (repeatable).")
    ] = None,
    reason: Annotated[str | None, Opt(help="Why it is blocked (none clears it on a card not blocked).")] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change a card (use 'task move' to change its column, 'task unblock' to take it out of blocked)."""
    from supportpm_tui.services.tasks import TaskValues, edit_task

    values = given(
        title=title,
        project=project,
        milestone=milestone,
        assignee=assignee,
        estimate=estimate,
        remaining=remaining,
        priority=priority,
        kind=kind,
        tags=tag,
        description=description,
        blockers=task_ids(blocked_by),
        blocked_reason=reason,
    )
    if reason is not None and reason.strip().lower() == "none":
        values["blocked_reason"] = None  # clears it
    values.update(given_dates(start=start, due=due))
    print(edit_task(open_db(ctx), task_id, TaskValues(**values), if_version).id)


def task_move(
    ctx: typer.Context,
    task_id: int,
    column: str,
    reason: Annotated[str | None, Opt(help="Why it is blocked (moving to blocked).")] = None,
    remaining: Annotated[float | None, Opt(help="Hours left (moving out of done).")] = None,
) -> None:
    """Move a card to another column."""
    file = current_file(ctx)
    if file is not None:  # a current file: written in plain SQL, without loading the database layer
        from supportpm_tui.services.quick_writes import move_card

        print(move_card(file, task_id, column, reason, remaining))
        return
    from supportpm_tui.services.tasks import move_task

    print(move_task(open_db(ctx), task_id, column, reason, remaining).id)


def task_up(ctx: typer.Context, task_id: int) -> None:
    """Move a card up within its column."""
    from supportpm_tui.services.tasks import shift_task

    print(shift_task(open_db(ctx), task_id, -1).id)


def task_down(ctx: typer.Context, task_id: int) -> None:
    """Move a card down within its column."""
    from supportpm_tui.services.tasks import shift_task

    print(shift_task(open_db(ctx), task_id, 1).id)


def task_block(ctx: typer.Context, task_id: int, reason: Annotated[str, Opt(help="Why it is blocked.")]) -> None:
    """Move a card to blocked, with the reason."""
    from supportpm_tui.services.tasks import move_task

    print(move_task(open_db(ctx), task_id, "blocked", reason).id)


def task_unblock(ctx: typer.Context, task_id: int) -> None:
    """Take a blocked card back to the column it was blocked from, clearing the reason; prints where it went."""
    from supportpm_tui.services.blocking import unblock_task

    task = unblock_task(open_db(ctx), task_id)
    print(f"#{task.id} unblocked: back in {task.column}")


def task_done(ctx: typer.Context, task_id: int) -> None:
    """Move a card to done (remaining hours become 0)."""
    from supportpm_tui.services.tasks import move_task

    print(move_task(open_db(ctx), task_id, "done").id)


def task_delete(ctx: typer.Context, task_id: int) -> None:
    """Delete a card."""
    from supportpm_tui.services.tasks import delete_task

    print(delete_task(open_db(ctx), task_id).id)
