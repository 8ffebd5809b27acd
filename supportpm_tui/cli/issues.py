"""Commands for the issue log: ``supportpm issue …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import JsonOpt, app, given, open_db, print_item, print_rows

Opt = typer.Option
issue_app = typer.Typer(help="The issue log.", no_args_is_help=True)
app.add_typer(issue_app, name="issue")

ISSUE_COLUMNS = [
    ("id", "ID"),
    ("project", "PROJECT"),
    ("title", "TITLE"),
    ("owner", "OWNER"),
    ("status", "STATUS"),
    ("raised", "RAISED"),
    ("risk_id", "FROM RISK"),
]


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

    print_rows(list_issues(open_db(), project), as_json, ISSUE_COLUMNS, "No issues logged.")


@issue_app.command("show")
def issue_show(issue_id: int, as_json: JsonOpt = False) -> None:
    """Show one issue."""
    from supportpm_tui.services.governance import show_issue

    print_item(show_issue(open_db(), issue_id), as_json)


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
