"""Commands for risks, issues and change requests."""

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

risk_app = typer.Typer(help="The risk register.", no_args_is_help=True)
issue_app = typer.Typer(help="The issue log.", no_args_is_help=True)
change_app = typer.Typer(help="Change requests.", no_args_is_help=True)
app.add_typer(risk_app, name="risk")
app.add_typer(issue_app, name="issue")
app.add_typer(change_app, name="change")
Opt = typer.Option


@risk_app.command("add")
def risk_add(
    project: str,
    title: str,
    likelihood: Annotated[int, Opt(help="Likelihood 1–5.")],
    impact: Annotated[int, Opt(help="Impact 1–5.")],
    owner: Annotated[str | None, Opt()] = None,
    milestone: Annotated[str | None, Opt()] = None,
    mitigation: Annotated[str | None, Opt()] = None,
    contingency: Annotated[str | None, Opt()] = None,
    trigger: Annotated[str | None, Opt()] = None,
    description: Annotated[str | None, Opt()] = None,
    review: Annotated[str | None, Opt(help="Review date (default in two weeks).")] = None,
) -> None:
    """Add a risk; prints the new id."""
    from supportpm_tui.services.governance import add_risk

    values = given(
        owner=owner,
        milestone=milestone,
        mitigation=mitigation,
        contingency=contingency,
        trigger=trigger,
        description=description,
        review=date_opt(review, "review"),
    )
    print(add_risk(open_db(), project, title, likelihood, impact, **values).id)


@risk_app.command("list")
def risk_list(
    project: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
    open_only: Annotated[bool, Opt("--open", help="Only open and mitigating risks.")] = False,
) -> None:
    """List risks: highest score first, then review date."""
    from supportpm_tui.services.governance import list_risks

    rows = list_risks(open_db(), project, include_closed=not open_only)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        row["review"] = f"{row['review_date']} OVERDUE" if row["review_overdue"] else row["review_date"]
    print_table(
        rows,
        [
            ("id", "ID"),
            ("project", "PROJECT"),
            ("score", "SCORE"),
            ("band", "BAND"),
            ("title", "TITLE"),
            ("owner", "OWNER"),
            ("status", "STATUS"),
            ("review", "REVIEW"),
        ],
        "No risks. Add one: supportpm risk add PROJECT TITLE --likelihood N --impact N",
    )


@risk_app.command("show")
def risk_show(risk_id: int, as_json: JsonOpt = False) -> None:
    """Show one risk."""
    from supportpm_tui.services.governance import show_risk

    data = show_risk(open_db(), risk_id)
    print_json(data) if as_json else print_record(data)


@risk_app.command("edit")
def risk_edit(
    risk_id: int,
    title: Annotated[str | None, Opt()] = None,
    likelihood: Annotated[int | None, Opt()] = None,
    impact: Annotated[int | None, Opt()] = None,
    owner: Annotated[str | None, Opt()] = None,
    milestone: Annotated[str | None, Opt()] = None,
    mitigation: Annotated[str | None, Opt()] = None,
    contingency: Annotated[str | None, Opt()] = None,
    trigger: Annotated[str | None, Opt()] = None,
    description: Annotated[str | None, Opt()] = None,
    status: Annotated[str | None, Opt(help="open, mitigating, accepted, closed, occurred.")] = None,
    review: Annotated[str | None, Opt()] = None,
) -> None:
    """Change a risk."""
    from supportpm_tui.services.governance import edit_risk

    values = given(
        title=title,
        likelihood=likelihood,
        impact=impact,
        owner=owner,
        milestone=milestone,
        mitigation=mitigation,
        contingency=contingency,
        trigger=trigger,
        description=description,
        status=status,
    )
    values.update(given_dates(review=review))
    print(edit_risk(open_db(), risk_id, **values).id)


@risk_app.command("close")
def risk_close(risk_id: int) -> None:
    """Close a risk."""
    from supportpm_tui.services.governance import close_risk

    print(close_risk(open_db(), risk_id).id)


@risk_app.command("to-issue")
def risk_to_issue(risk_id: int) -> None:
    """Mark a risk occurred and open the issue it became; prints the issue's id."""
    from supportpm_tui.services.governance import risk_to_issue as convert

    print(convert(open_db(), risk_id).id)


@risk_app.command("delete")
def risk_delete(risk_id: int) -> None:
    """Delete a risk."""
    from supportpm_tui.services.governance import delete_risk

    print(delete_risk(open_db(), risk_id).id)


@issue_app.command("add")
def issue_add(
    project: str,
    title: str,
    owner: Annotated[str | None, Opt()] = None,
    description: Annotated[str | None, Opt()] = None,
    workaround: Annotated[str | None, Opt()] = None,
) -> None:
    """Log an issue; prints the new id."""
    from supportpm_tui.services.governance import add_issue

    values = given(owner=owner, description=description, workaround=workaround)
    print(add_issue(open_db(), project, title, **values).id)


@issue_app.command("list")
def issue_list(project: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List issues, open first."""
    from supportpm_tui.services.governance import list_issues

    rows = list_issues(open_db(), project)
    if as_json:
        print_json(rows)
        return
    print_table(
        rows,
        [
            ("id", "ID"),
            ("project", "PROJECT"),
            ("title", "TITLE"),
            ("owner", "OWNER"),
            ("status", "STATUS"),
            ("raised", "RAISED"),
            ("risk_id", "FROM RISK"),
        ],
        "No issues logged.",
    )


@issue_app.command("show")
def issue_show(issue_id: int, as_json: JsonOpt = False) -> None:
    """Show one issue."""
    from supportpm_tui.services.governance import show_issue

    data = show_issue(open_db(), issue_id)
    print_json(data) if as_json else print_record(data)


@issue_app.command("edit")
def issue_edit(
    issue_id: int,
    title: Annotated[str | None, Opt()] = None,
    owner: Annotated[str | None, Opt()] = None,
    description: Annotated[str | None, Opt()] = None,
    root_cause: Annotated[str | None, Opt()] = None,
    workaround: Annotated[str | None, Opt()] = None,
    decision: Annotated[str | None, Opt()] = None,
    status: Annotated[str | None, Opt(help="open, in_progress, resolved.")] = None,
) -> None:
    """Change an issue (resolving it records today's date)."""
    from supportpm_tui.services.governance import edit_issue

    values = given(
        title=title,
        owner=owner,
        description=description,
        root_cause=root_cause,
        workaround=workaround,
        decision=decision,
        status=status,
    )
    print(edit_issue(open_db(), issue_id, **values).id)


@issue_app.command("delete")
def issue_delete(issue_id: int) -> None:
    """Delete an issue."""
    from supportpm_tui.services.governance import delete_issue

    print(delete_issue(open_db(), issue_id).id)


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

    rows = list_changes(open_db(), project, status)
    if as_json:
        print_json(rows)
        return
    print_table(
        rows,
        [
            ("id", "ID"),
            ("project", "PROJECT"),
            ("title", "TITLE"),
            ("schedule_days", "DAYS"),
            ("milestones", "MILESTONES"),
            ("status", "STATUS"),
            ("requested", "REQUESTED"),
        ],
        "No change requests.",
    )


@change_app.command("show")
def change_show(change_id: int, as_json: JsonOpt = False) -> None:
    """Show a change request and, if undecided, what approving it would move."""
    from supportpm_tui.services.governance import show_change

    data = show_change(open_db(), change_id)
    print_json(data) if as_json else print_record(data)


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
    for move in moves:
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
