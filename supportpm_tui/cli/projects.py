"""Commands for projects, their scope statement and prioritisation: ``supportpm project …``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import (
    IfVersionOpt,
    JsonOpt,
    add_group,
    date_opt,
    find_record,
    given,
    given_dates,
    print_item,
    print_rows,
    word_list,
)
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.errors import Hint, UserError
from supportpm_tui.core.vocabulary import ProjectStatus, Rag

Opt = typer.Option

PROJECT_COLUMNS = [
    ("key", "KEY"),
    ("name", "NAME"),
    ("status", "STATUS"),
    ("rag", "RAG"),
    ("owner", "OWNER"),
    ("target", "TARGET"),
    ("impact_effort", "QUADRANT"),
    ("why", "WHY"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm project …`` to ``app``."""
    add_group(
        app,
        "project",
        "Projects, their scope and prioritisation.",
        {
            "add": project_add,
            "list": project_list,
            "show": project_show,
            "edit": project_edit,
            "delete": project_delete,
        },
    )


def project_add(
    ctx: typer.Context,
    key: str,
    name: str,
    owner: Annotated[str | None, Opt(help="Owner (a person).")] = None,
    start: Annotated[str | None, Opt(help="Start date.")] = None,
    target: Annotated[str | None, Opt(help="Target date.")] = None,
    status: Annotated[str | None, Opt(help=f"{word_list(ProjectStatus, last=' or ')}.")] = None,
    sponsor: Annotated[str | None, Opt()] = None,
    goal: Annotated[str | None, Opt(help="Goal of the scope statement.")] = None,
    impact: Annotated[int | None, Opt(help="Impact 1–5.")] = None,
    effort: Annotated[int | None, Opt(help="Effort 1–5.")] = None,
    urgency: Annotated[int | None, Opt(help="Urgency 1–5.")] = None,
    importance: Annotated[int | None, Opt(help="Importance 1–5.")] = None,
) -> None:
    """Add a project; prints the new id."""
    from supportpm_tui.services.projects import add_project

    project = add_project(
        open_db(ctx),
        key,
        name,
        owner=owner,
        status=status,
        sponsor=sponsor or "",
        goal=goal or "",
        impact=impact,
        effort=effort,
        urgency=urgency,
        importance=importance,
        start=date_opt(start, "start"),
        target=date_opt(target, "target"),
    )
    print(project.id)


def project_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List projects with their health (RAG) and why."""
    from supportpm_tui.services.records import project_health_records

    rows = project_health_records(open_db(ctx))
    empty = "No projects yet. Add one: supportpm project add KEY NAME"
    print_rows(rows, as_json, PROJECT_COLUMNS, empty, derived={"why": _why})


def _why(project: dict[str, Any]) -> str:
    """Return the reasons for a project's RAG, as one line for the table."""
    return "; ".join(project["rag_reasons"])


def project_show(ctx: typer.Context, key: str, as_json: JsonOpt = False) -> None:
    """Show one project with its scope statement and health."""
    from supportpm_tui.services.records import project_health_records

    wanted = key.strip().upper()
    missing = UserError(f"no project with key {wanted!r}", Hint("project"))
    print_item(find_record(project_health_records(open_db(ctx)), lambda p: p["key"] == wanted, missing), as_json)


def project_edit(
    ctx: typer.Context,
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
    rag: Annotated[str | None, Opt(help=f"Override the RAG: {word_list([*Rag, 'auto'], last=', or ')}.")] = None,
    rag_note: Annotated[str | None, Opt(help="Why the RAG is overridden.")] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change a project's details, scope statement or prioritisation."""
    from supportpm_tui.services.projects import edit_project

    changes = given(
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
    changes.update(given_dates(start=start, target=target))
    print(edit_project(open_db(ctx), key, **changes, if_version=if_version).id)


def project_delete(ctx: typer.Context, key: str) -> None:
    """Delete an empty project."""
    from supportpm_tui.services.projects import delete_project

    print(delete_project(open_db(ctx), key).id)
