"""Commands for projects, their scope statement and prioritisation: ``supportpm project …``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from supportpm_tui.cli.common import (
    IfVersionOpt,
    JsonOpt,
    add_group,
    date_opt,
    given,
    given_dates,
    print_json,
    print_rows,
    safe,
    word_list,
)
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.vocabulary import ProjectStatus, Rag

Opt = typer.Option

PROJECT_COLUMNS = [
    ("key", "KEY"),
    ("name", "NAME"),
    ("status", "STATUS"),
    ("rag", "RAG"),
    ("owner", "OWNER"),
    ("target", "TARGET"),
    ("progress_text", "PROGRESS"),
    ("budget_text", "BUDGET"),
    ("impact_effort", "QUADRANT"),
    ("ready_text", "READY"),
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
    checklist: Annotated[
        bool, Opt("--checklist/--no-checklist", help="Start with the standard rollout checklist.")
    ] = True,
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
        checklist=checklist,
    )
    print(project.id)


def project_list(
    ctx: typer.Context,
    sort: Annotated[str, Opt(help="key, rag, target or quadrant.")] = "key",
    as_json: JsonOpt = False,
) -> None:
    """List projects with their health (RAG) and why, progress, budget used and readiness."""
    from supportpm_tui.services.project_page import project_summaries

    rows = [s.to_json() for s in project_summaries(open_db(ctx), sort)]
    empty = "No projects yet. Add one: supportpm project add KEY NAME"
    derived = {"why": _why, "progress_text": _progress, "budget_text": _budget, "ready_text": _ready}
    print_rows(rows, as_json, PROJECT_COLUMNS, empty, derived=derived)


def _progress(project: dict[str, Any]) -> str:
    """Return a project's progress for the table: milestones done of all, and hours left."""
    p = project["progress"]
    return f"{p['milestones_done']}/{p['milestones']} ms · {p['remaining_hours']:g} h left"


def _budget(project: dict[str, Any]) -> str:
    """Return the share of the budget spent, or a dash with no budget."""
    used = project["budget_summary"]["used_pct"]
    return "—" if used is None else f"{used} %"


def _ready(project: dict[str, Any]) -> str:
    """Return whether the scope is ready: yes, or what it lacks first."""
    return "yes" if project["ready"] else f"no: {project['scope_gaps'][0]}"


def _why(project: dict[str, Any]) -> str:
    """Return the reasons for a project's RAG, as one line for the table."""
    return "; ".join(project["rag_reasons"])


def project_show(ctx: typer.Context, key: str, as_json: JsonOpt = False) -> None:
    """Show one project: health, scope statement and readiness, budget, progress, milestones and checklist."""
    from supportpm_tui.services.project_page import project_page

    page = project_page(open_db(ctx), key)
    if as_json:
        print_json(page.to_json())
        return
    print_page(page)


def print_page(page: Any) -> None:
    """Print a project's page as plain text, section by section."""
    from supportpm_tui.core.rules.health import money

    s = page.summary
    p = s.project
    print(f"{p.key}  {p.name}  ·  {p.status.replace('_', ' ')}  ·  {s.rag.upper()}")
    for reason in s.rag_reasons:
        print(f"  - {safe(reason)}")
    print(
        f"Owner: {p.owner or '-'}    Sponsor: {safe(p.sponsor)}    Start: {p.start or '-'}    Target: {p.target or '-'}"
    )
    print(
        f"Priority: {p.impact_effort.replace('_', ' ')} (impact {p.impact}, effort {p.effort}), "
        f"{p.urgency_importance.replace('_', ' ')} (urgency {p.urgency}, importance {p.importance})"
    )
    print()
    print("Scope statement")
    for field, label in SCOPE_LABELS:
        print(f"  {label:<19}{safe(getattr(p, field))}")
    print("Ready to start" if s.ready else f"Not ready: {'; '.join(s.scope_gaps)}")
    print()
    b = s.budget
    if b.budget is None and not b.spent:
        print("Budget: none set")
    else:
        budget = "-" if b.budget is None else money(b.budget)
        used = "" if b.used_pct is None else f" ({b.used_pct} %)"
        print(f"Budget: {budget}    Spent: {money(b.spent)}{used}", end="")
        print(
            f" = {money(b.spent_entered)} entered + {b.logged_hours:g} h × {money(b.hourly_rate)}"
            if b.time_cost
            else ""
        )
        changes = f"Changes: {money(b.approved_changes)} approved, {money(b.pending_changes)} pending"
        remaining = "" if b.remaining is None else f"    Remaining: {money(b.remaining)}"
        print(changes + remaining)
    g = s.progress
    print(
        f"Progress: {g.milestones_done}/{g.milestones} milestones done, {g.open_tasks} open cards, "
        f"{g.remaining_hours:g} h left"
    )
    print(f"Open: {page.open_risks} risk(s), {page.open_issues} issue(s), {page.undecided_changes} change request(s)")
    for row in page.spent:
        if row.logged:
            what = "Time logged" if row.what == "project" else f"  {safe(row.name)}"
            print(f"{what}: {row.logged:g} of {row.estimate:g} h estimated")
    print()
    print("Milestones")
    for m in page.milestones:
        gates = f"  · {m.gates_open} gate(s) open" if m.gates_open else ""
        print(f"  {safe(m.name):<32}due {m.due}  forecast {m.forecast or '-':<10}  {m.status.replace('_', ' ')}{gates}")
    if not page.milestones:
        print("  none")
    print()
    print("Rollout checklist")
    for item in page.checklist:
        box = "[x]" if item.done else "[ ]"
        extra = [f"#{item.id}"]
        if item.owner:
            extra.append(item.owner)
        if item.due:
            extra.append(f"due {item.due}" + (" OVERDUE" if item.overdue else ""))
        if item.milestone:
            extra.append(f"gates {item.milestone}")
        print(f"  {box} {safe(item.title)}  ({', '.join(extra)})")
    if not page.checklist:
        print("  none")


SCOPE_LABELS = (
    ("goal", "Goal:"),
    ("in_scope", "In scope:"),
    ("out_of_scope", "Out of scope:"),
    ("assumptions", "Assumptions:"),
    ("stakeholders", "Stakeholders:"),
    ("success_criteria", "Success criteria:"),
    ("approval_path", "Approval path:"),
)


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
    approval_path: Annotated[str | None, Opt(help="How changes to the scope are approved.")] = None,
    hourly_rate: Annotated[float | None, Opt(help="Money per logged hour, added to spent.")] = None,
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
        approval_path=approval_path,
        hourly_rate=hourly_rate,
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
