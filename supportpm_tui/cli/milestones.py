"""Commands for milestones, with forecasts and status: ``supportpm milestone …``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import (
    IfVersionOpt,
    JsonOpt,
    add_group,
    as_record,
    date_opt,
    given,
    print_item,
    print_rows,
)
from supportpm_tui.cli.context import open_db, read_db
from supportpm_tui.core.errors import UserError

Opt = typer.Option
ProjectOpt = Annotated[str | None, Opt("--project", help="Project key, when the name is not unique.")]

MILESTONE_COLUMNS = [
    ("id", "ID"),
    ("project", "PROJECT"),
    ("name", "MILESTONE"),
    ("due_date", "DUE"),
    ("forecast", "FORECAST"),
    ("status", "STATUS"),
    ("slip_days", "SLIP"),
    ("owner", "OWNER"),
]
TASK_FIELDS = ("id", "title", "column", "assignee", "remaining")  # of each task, in the text form of 'show'
SHOWN_IDS = 5  # the open tasks named when 'done' refuses


def register(app: typer.Typer) -> None:
    """Add ``supportpm milestone …`` to ``app``."""
    add_group(
        app,
        "milestone",
        "Milestones with forecasts and status.",
        {
            "add": milestone_add,
            "list": milestone_list,
            "show": milestone_show,
            "edit": milestone_edit,
            "done": milestone_done,
            "reopen": milestone_reopen,
            "delete": milestone_delete,
        },
    )


def milestone_add(
    ctx: typer.Context,
    project: str,
    name: str,
    due: Annotated[str, Opt(help="Due date (also the baseline).")],
    owner: Annotated[str | None, Opt()] = None,
    after: Annotated[list[str] | None, Opt(help="A predecessor milestone (repeatable).")] = None,
    deliverable: Annotated[str | None, Opt()] = None,
    workstream: Annotated[str | None, Opt()] = None,
    buffer: Annotated[int | None, Opt(help="Buffer in working days.")] = None,
) -> None:
    """Add a milestone (baseline = due); prints the new id."""
    from supportpm_tui.services.milestones import add_milestone

    due_date = date_opt(due, "due")
    if due_date is None:
        raise UserError("due: a milestone needs a due date")
    values = given(owner=owner, after=after, deliverable=deliverable, workstream=workstream, buffer=buffer)
    print(add_milestone(open_db(ctx), project, name, due_date, **values).id)


def milestone_list(ctx: typer.Context, project: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List milestones with forecast, status and slip (working days)."""
    from supportpm_tui.services.records import milestone_records

    empty = "No milestones. Add one: supportpm milestone add PROJECT NAME --due DATE"
    print_rows(milestone_records(read_db(ctx), project), as_json, MILESTONE_COLUMNS, empty)


def milestone_show(ctx: typer.Context, ref: str, project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Show a milestone: forecast and why, tasks, and due-date history."""
    from supportpm_tui.services.records import milestone_detail

    print_item(milestone_detail(open_db(ctx), ref, project), as_json, text_form=_with_task_summaries)


def _with_task_summaries(milestone: dict[str, Any]) -> dict[str, Any]:
    """Return the milestone with each of its tasks cut down to :data:`TASK_FIELDS`."""
    tasks = [as_record(task) for task in milestone["tasks"]]
    return {**milestone, "tasks": [{key: task[key] for key in TASK_FIELDS} for task in tasks]}


def milestone_edit(
    ctx: typer.Context,
    ref: str,
    project: ProjectOpt = None,
    name: Annotated[str | None, Opt()] = None,
    due: Annotated[str | None, Opt(help="Move the due date (the baseline stays).")] = None,
    owner: Annotated[str | None, Opt()] = None,
    after: Annotated[list[str] | None, Opt(help="Replace the predecessors (repeatable).")] = None,
    no_after: Annotated[bool, Opt("--no-after", help="Remove all predecessors.")] = False,
    deliverable: Annotated[str | None, Opt()] = None,
    workstream: Annotated[str | None, Opt()] = None,
    buffer: Annotated[int | None, Opt()] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change a milestone."""
    from supportpm_tui.services.milestones import MilestoneValues, edit_milestone

    values = given(
        name=name,
        owner=owner,
        after=after,
        deliverable=deliverable,
        workstream=workstream,
        buffer=buffer,
        due=date_opt(due, "due"),
    )
    if no_after:
        values["after"] = []
    print(edit_milestone(open_db(ctx), ref, MilestoneValues(**values), project, if_version).id)


def milestone_done(
    ctx: typer.Context,
    ref: str,
    project: ProjectOpt = None,
    date: Annotated[str | None, Opt(help="When it was done (default today).")] = None,
    force: Annotated[
        bool, Opt("--force", help="Mark it done even though some of its tasks or gating checklist items are not done.")
    ] = False,
) -> None:
    """Mark a milestone done; refused while some of its tasks or gating checklist items are not done, unless --force."""
    from supportpm_tui.services.checklists import open_gates
    from supportpm_tui.services.milestones import find, mark_done, open_tasks

    store = open_db(ctx)
    day = date_opt(date, "date")
    left = [] if force else open_tasks(store, ref, project)
    if left:
        ids = ", ".join(f"#{task.id}" for task in left[:SHOWN_IDS]) + (", …" if len(left) > SHOWN_IDS else "")
        tasks = "open task" if len(left) == 1 else "open tasks"
        raise UserError(
            f"milestone {find(store, ref, project).name!r} has {len(left)} {tasks} ({ids}); "
            "add --force to mark it done anyway"
        )
    gates = [] if force else open_gates(store, ref, project)
    if gates:
        items = "; ".join(f"#{item.id} {item.title}" for item in gates[:SHOWN_IDS])
        more = f" and {len(gates) - SHOWN_IDS} more" if len(gates) > SHOWN_IDS else ""
        raise UserError(
            f"milestone {find(store, ref, project).name!r} is gated by {len(gates)} checklist item(s) not done "
            f"({items}{more}); add --force to mark it done anyway"
        )
    print(mark_done(store, ref, project, day).id)


def milestone_reopen(ctx: typer.Context, ref: str, project: ProjectOpt = None) -> None:
    """Clear a milestone's done date."""
    from supportpm_tui.services.milestones import reopen

    print(reopen(open_db(ctx), ref, project).id)


def milestone_delete(ctx: typer.Context, ref: str, project: ProjectOpt = None) -> None:
    """Delete a milestone no task or risk refers to."""
    from supportpm_tui.services.milestones import delete_milestone

    print(delete_milestone(open_db(ctx), ref, project).id)
