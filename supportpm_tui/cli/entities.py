"""Commands for people, projects, workstreams, milestones and tasks."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import (
    JsonOpt,
    app,
    date_opt,
    given,
    given_dates,
    open_db,
    print_json,
    print_record,
    print_table,
)
from supportpm_tui.core.errors import Hint, UserError

person_app = typer.Typer(help="People of the support team.", no_args_is_help=True)
project_app = typer.Typer(help="Projects, their scope and prioritisation.", no_args_is_help=True)
workstream_app = typer.Typer(help="Workstreams (phases, sites, device groups) of a project.", no_args_is_help=True)
milestone_app = typer.Typer(help="Milestones with forecasts and status.", no_args_is_help=True)
task_app = typer.Typer(help="Tasks: the cards of the board.", no_args_is_help=True)
app.add_typer(person_app, name="person")
app.add_typer(project_app, name="project")
app.add_typer(workstream_app, name="workstream")
app.add_typer(milestone_app, name="milestone")
app.add_typer(task_app, name="task")

Opt = typer.Option


# --- person ------------------------------------------------------------------------


@person_app.command("add")
def person_add(
    name: str,
    role: Annotated[str, Opt(help="Job title.")] = "",
    hours: Annotated[float | None, Opt(help="Contracted hours a week.")] = None,
    reserve: Annotated[float | None, Opt(help="Support reserve, % of time kept for the queue.")] = None,
    wip: Annotated[int | None, Opt(help="WIP limit (cards in progress).")] = None,
    skill: Annotated[list[str] | None, Opt(help="A skill tag (repeatable).")] = None,
) -> None:
    """Add a person; prints the new id."""
    from supportpm_tui.services.people import add_person

    person = add_person(open_db(), name, role=role, hours=hours, reserve_pct=reserve, wip_limit=wip, skills=skill or [])
    print(person.id)


@person_app.command("list")
def person_list(
    as_json: JsonOpt = False, all_: Annotated[bool, Opt("--all", help="Include inactive people.")] = False
) -> None:
    """List people with their hours, reserve and WIP."""
    from supportpm_tui.services.people import list_people

    rows = list_people(open_db(), include_inactive=all_ or as_json)
    if as_json:
        print_json(rows)
        return
    print_table(
        rows,
        [
            ("id", "ID"),
            ("name", "NAME"),
            ("role", "ROLE"),
            ("hours", "HOURS"),
            ("reserve_pct", "RESERVE%"),
            ("in_progress", "IN PROGRESS"),
            ("wip_limit", "WIP"),
            ("over_wip", "OVER WIP"),
        ],
        "No people yet. Add one: supportpm person add NAME --role ROLE",
    )


@person_app.command("show")
def person_show(name: str, as_json: JsonOpt = False) -> None:
    """Show one person."""
    from supportpm_tui.services.people import show_person

    data = show_person(open_db(), name)
    print_json(data) if as_json else print_record(data)


@person_app.command("edit")
def person_edit(
    name: str,
    new_name: Annotated[str | None, Opt("--name", help="New name.")] = None,
    role: Annotated[str | None, Opt()] = None,
    hours: Annotated[float | None, Opt()] = None,
    reserve: Annotated[float | None, Opt()] = None,
    wip: Annotated[int | None, Opt()] = None,
    skill: Annotated[list[str] | None, Opt(help="Replace the skills (repeatable).")] = None,
    active: Annotated[bool | None, Opt("--active/--inactive", help="Whether the person is on the team.")] = None,
) -> None:
    """Change a person's details."""
    from supportpm_tui.services.people import edit_person

    values = given(
        name=new_name, role=role, hours=hours, reserve_pct=reserve, wip_limit=wip, skills=skill, active=active
    )
    print(edit_person(open_db(), name, **values).id)


@person_app.command("delete")
def person_delete(name: str) -> None:
    """Delete a person who owns and is assigned nothing."""
    from supportpm_tui.services.people import delete_person

    print(delete_person(open_db(), name).id)


# --- project --------------------------------------------------------------------------


@project_app.command("add")
def project_add(
    key: str,
    name: str,
    owner: Annotated[str | None, Opt(help="Owner (a person).")] = None,
    start: Annotated[str | None, Opt(help="Start date.")] = None,
    target: Annotated[str | None, Opt(help="Target date.")] = None,
    status: Annotated[str | None, Opt(help="proposed, active, on_hold, done or cancelled.")] = None,
    sponsor: Annotated[str | None, Opt()] = None,
    goal: Annotated[str | None, Opt(help="Goal of the scope statement.")] = None,
    impact: Annotated[int | None, Opt(help="Impact 1–5.")] = None,
    effort: Annotated[int | None, Opt(help="Effort 1–5.")] = None,
    urgency: Annotated[int | None, Opt(help="Urgency 1–5.")] = None,
    importance: Annotated[int | None, Opt(help="Importance 1–5.")] = None,
) -> None:
    """Add a project; prints the new id."""
    from supportpm_tui.services.projects import add_project

    values = given(
        owner=owner,
        status=status,
        sponsor=sponsor,
        goal=goal,
        impact=impact,
        effort=effort,
        urgency=urgency,
        importance=importance,
        start=date_opt(start, "start"),
        target=date_opt(target, "target"),
    )
    print(add_project(open_db(), key, name, **values).id)


@project_app.command("list")
def project_list(as_json: JsonOpt = False) -> None:
    """List projects with their health (RAG) and why."""
    from supportpm_tui.services.records import project_health_records

    rows = project_health_records(open_db())
    if as_json:
        print_json(rows)
        return
    for row in rows:
        row["why"] = "; ".join(row["rag_reasons"])
    print_table(
        rows,
        [
            ("key", "KEY"),
            ("name", "NAME"),
            ("status", "STATUS"),
            ("rag", "RAG"),
            ("owner", "OWNER"),
            ("target", "TARGET"),
            ("impact_effort", "QUADRANT"),
            ("why", "WHY"),
        ],
        "No projects yet. Add one: supportpm project add KEY NAME",
    )


@project_app.command("show")
def project_show(key: str, as_json: JsonOpt = False) -> None:
    """Show one project with its scope statement and health."""
    from supportpm_tui.services.records import project_health_records

    wanted = key.strip().upper()
    rows = [r for r in project_health_records(open_db()) if r["key"] == wanted]
    if not rows:
        raise UserError(f"no project with key {wanted!r}", Hint("project"))
    print_json(rows[0]) if as_json else print_record(rows[0])


@project_app.command("edit")
def project_edit(
    key: str,
    new_key: Annotated[str | None, Opt("--key", help="New key.")] = None,
    name: Annotated[str | None, Opt()] = None,
    owner: Annotated[str | None, Opt(help="Owner, or none.")] = None,
    start: Annotated[str | None, Opt()] = None,
    target: Annotated[str | None, Opt()] = None,
    status: Annotated[str | None, Opt()] = None,
    sponsor: Annotated[str | None, Opt()] = None,
    budget: Annotated[float | None, Opt()] = None,
    spent: Annotated[float | None, Opt()] = None,
    goal: Annotated[str | None, Opt()] = None,
    in_scope: Annotated[str | None, Opt()] = None,
    out_of_scope: Annotated[str | None, Opt()] = None,
    assumptions: Annotated[str | None, Opt()] = None,
    stakeholders: Annotated[str | None, Opt()] = None,
    success_criteria: Annotated[str | None, Opt()] = None,
    impact: Annotated[int | None, Opt()] = None,
    effort: Annotated[int | None, Opt()] = None,
    urgency: Annotated[int | None, Opt()] = None,
    importance: Annotated[int | None, Opt()] = None,
    sla_aligned: Annotated[bool | None, Opt("--sla-aligned/--not-sla-aligned")] = None,
    rag: Annotated[str | None, Opt(help="Override the RAG: red, amber, green, or auto.")] = None,
    rag_note: Annotated[str | None, Opt(help="Why the RAG is overridden.")] = None,
) -> None:
    """Change a project's details, scope statement or prioritisation."""
    from supportpm_tui.services.projects import edit_project

    values = given(
        key=new_key,
        name=name,
        owner=owner,
        status=status,
        sponsor=sponsor,
        budget=budget,
        spent=spent,
        goal=goal,
        in_scope=in_scope,
        out_of_scope=out_of_scope,
        assumptions=assumptions,
        stakeholders=stakeholders,
        success_criteria=success_criteria,
        impact=impact,
        effort=effort,
        urgency=urgency,
        importance=importance,
        sla_aligned=sla_aligned,
        rag_override=rag,
        rag_note=rag_note,
    )
    values.update(given_dates(start=start, target=target))
    print(edit_project(open_db(), key, **values).id)


@project_app.command("delete")
def project_delete(key: str) -> None:
    """Delete an empty project."""
    from supportpm_tui.services.projects import delete_project

    print(delete_project(open_db(), key).id)


# --- workstream ---------------------------------------------------------------------


@workstream_app.command("add")
def workstream_add(project: str, name: str, order: Annotated[int | None, Opt()] = None) -> None:
    """Add a workstream to a project; prints the new id."""
    from supportpm_tui.services.projects import add_workstream

    print(add_workstream(open_db(), project, name, order).id)


@workstream_app.command("list")
def workstream_list(project: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List workstreams."""
    from supportpm_tui.services.projects import list_workstreams

    rows = list_workstreams(open_db(), project)
    if as_json:
        print_json(rows)
        return
    print_table(
        rows,
        [("id", "ID"), ("project", "PROJECT"), ("name", "NAME"), ("position", "ORDER")],
        "No workstreams. Add one: supportpm workstream add PROJECT NAME",
    )


@workstream_app.command("show")
def workstream_show(project: str, name: str, as_json: JsonOpt = False) -> None:
    """Show one workstream."""
    from supportpm_tui.services.projects import list_workstreams

    rows = [r for r in list_workstreams(open_db(), project) if r["name"].lower() == name.strip().lower()]
    if not rows:
        raise UserError(f"no workstream {name!r} in {project.upper()}")
    print_json(rows[0]) if as_json else print_record(rows[0])


@workstream_app.command("edit")
def workstream_edit(
    project: str,
    name: str,
    new_name: Annotated[str | None, Opt("--name")] = None,
    order: Annotated[int | None, Opt()] = None,
) -> None:
    """Rename or reorder a workstream."""
    from supportpm_tui.services.projects import edit_workstream

    print(edit_workstream(open_db(), project, name, new_name, order).id)


@workstream_app.command("delete")
def workstream_delete(project: str, name: str) -> None:
    """Delete a workstream that holds no milestones."""
    from supportpm_tui.services.projects import delete_workstream

    print(delete_workstream(open_db(), project, name).id)


# --- milestone ------------------------------------------------------------------------

ProjectOpt = Annotated[str | None, Opt("--project", help="Project key, when the name is not unique.")]


@milestone_app.command("add")
def milestone_add(
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
    print(add_milestone(open_db(), project, name, due_date, **values).id)


@milestone_app.command("list")
def milestone_list(project: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List milestones with forecast, status and slip (working days)."""
    from supportpm_tui.services.records import milestone_records

    rows = milestone_records(open_db(), project)
    if as_json:
        print_json(rows)
        return
    print_table(
        rows,
        [
            ("id", "ID"),
            ("project", "PROJECT"),
            ("name", "MILESTONE"),
            ("due_date", "DUE"),
            ("forecast", "FORECAST"),
            ("status", "STATUS"),
            ("slip_days", "SLIP"),
            ("owner", "OWNER"),
        ],
        "No milestones. Add one: supportpm milestone add PROJECT NAME --due DATE",
    )


@milestone_app.command("show")
def milestone_show(ref: str, project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Show a milestone: forecast and why, tasks, and due-date history."""
    from supportpm_tui.services.records import milestone_detail

    data = milestone_detail(open_db(), ref, project)
    if as_json:
        print_json(data)
        return
    data["tasks"] = [
        {
            "id": t["id"],
            "title": t["title"],
            "column": t["column"],
            "assignee": t["assignee"],
            "remaining": t["remaining"],
        }
        for t in data["tasks"]
    ]
    print_record(data)


@milestone_app.command("edit")
def milestone_edit(
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
) -> None:
    """Change a milestone."""
    from supportpm_tui.services.milestones import edit_milestone

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
    print(edit_milestone(open_db(), ref, project, **values).id)


@milestone_app.command("done")
def milestone_done(
    ref: str,
    project: ProjectOpt = None,
    date: Annotated[str | None, Opt(help="When it was done (default today).")] = None,
) -> None:
    """Mark a milestone done."""
    from supportpm_tui.services.milestones import mark_done

    print(mark_done(open_db(), ref, project, date_opt(date, "date")).id)


@milestone_app.command("reopen")
def milestone_reopen(ref: str, project: ProjectOpt = None) -> None:
    """Clear a milestone's done date."""
    from supportpm_tui.services.milestones import reopen

    print(reopen(open_db(), ref, project).id)


@milestone_app.command("delete")
def milestone_delete(ref: str, project: ProjectOpt = None) -> None:
    """Delete a milestone no task or risk refers to."""
    from supportpm_tui.services.milestones import delete_milestone

    print(delete_milestone(open_db(), ref, project).id)


# --- task -------------------------------------------------------------------------------


@task_app.command("add")
def task_add(
    title: str,
    project: Annotated[str, Opt(help="Project key.")],
    milestone: Annotated[str | None, Opt()] = None,
    assignee: Annotated[str | None, Opt()] = None,
    start: Annotated[str | None, Opt()] = None,
    due: Annotated[str | None, Opt()] = None,
    estimate: Annotated[float | None, Opt(help="Estimate in hours.")] = None,
    remaining: Annotated[float | None, Opt(help="Remaining hours (default: the estimate).")] = None,
    column: Annotated[str | None, Opt(help="backlog, ready, in_progress, blocked, testing, done.")] = None,
    priority: Annotated[str | None, Opt(help="low, normal, high, urgent.")] = None,
    kind: Annotated[str | None, Opt(help="task, test, rollback, comms, docs, training.")] = None,
    tag: Annotated[list[str] | None, Opt(help="A tag (repeatable).")] = None,
    description: Annotated[str | None, Opt()] = None,
    reason: Annotated[str | None, Opt(help="Why it is blocked (for --column blocked).")] = None,
    blocked_by: Annotated[list[int] | None, Opt(help="A task this one waits for (repeatable).")] = None,
) -> None:
    """Add a card; prints its id."""
    from supportpm_tui.services.tasks import add_task

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
        blockers=blocked_by,
        start=date_opt(start, "start"),
        due=date_opt(due, "due"),
    )
    print(add_task(open_db(), title, project, **values).id)


@task_app.command("list")
def task_list(
    project: Annotated[str | None, Opt()] = None,
    assignee: Annotated[str | None, Opt(help="A person, or none for unassigned.")] = None,
    column: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
) -> None:
    """List cards in board order."""
    from supportpm_tui.services.records import task_records

    rows = task_records(open_db(), project, assignee, column)
    if as_json:
        print_json(rows)
        return
    print_table(
        rows,
        [
            ("id", "ID"),
            ("project", "PROJECT"),
            ("column", "COLUMN"),
            ("title", "TITLE"),
            ("assignee", "ASSIGNEE"),
            ("effective_due", "DUE"),
            ("remaining", "LEFT H"),
            ("priority", "PRIORITY"),
        ],
        "No tasks. Add one: supportpm task add TITLE --project KEY",
    )


@task_app.command("show")
def task_show(task_id: int, as_json: JsonOpt = False) -> None:
    """Show one card."""
    from supportpm_tui.services.records import show_task

    data = show_task(open_db(), task_id)
    print_json(data) if as_json else print_record(data)


@task_app.command("edit")
def task_edit(
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
    blocked_by: Annotated[list[int] | None, Opt(help="Replace what it waits for (repeatable).")] = None,
) -> None:
    """Change a card (use 'task move' to change its column)."""
    from supportpm_tui.services.tasks import edit_task

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
        blockers=blocked_by,
    )
    values.update(given_dates(start=start, due=due))
    print(edit_task(open_db(), task_id, **values).id)


@task_app.command("move")
def task_move(
    task_id: int,
    column: str,
    reason: Annotated[str | None, Opt(help="Why it is blocked (moving to blocked).")] = None,
    remaining: Annotated[float | None, Opt(help="Hours left (moving out of done).")] = None,
) -> None:
    """Move a card to another column."""
    from supportpm_tui.services.tasks import move_task

    print(move_task(open_db(), task_id, column, reason, remaining).id)


@task_app.command("up")
def task_up(task_id: int) -> None:
    """Move a card up within its column."""
    from supportpm_tui.services.tasks import shift_task

    print(shift_task(open_db(), task_id, -1).id)


@task_app.command("down")
def task_down(task_id: int) -> None:
    """Move a card down within its column."""
    from supportpm_tui.services.tasks import shift_task

    print(shift_task(open_db(), task_id, 1).id)


@task_app.command("block")
def task_block(task_id: int, reason: Annotated[str, Opt(help="Why it is blocked.")]) -> None:
    """Move a card to blocked, with the reason."""
    from supportpm_tui.services.tasks import move_task

    print(move_task(open_db(), task_id, "blocked", reason).id)


@task_app.command("done")
def task_done(task_id: int) -> None:
    """Move a card to done (remaining hours become 0)."""
    from supportpm_tui.services.tasks import move_task

    print(move_task(open_db(), task_id, "done").id)


@task_app.command("delete")
def task_delete(task_id: int) -> None:
    """Delete a card."""
    from supportpm_tui.services.tasks import delete_task

    print(delete_task(open_db(), task_id).id)
