"""Commands for the issue log: ``supportpm issue …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import IfVersionOpt, JsonOpt, add_group, given, print_item, print_rows, word_list
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.vocabulary import IssueStatus

Opt = typer.Option

ISSUE_COLUMNS = [
    ("id", "ID"),
    ("project", "PROJECT"),
    ("title", "TITLE"),
    ("owner", "OWNER"),
    ("status", "STATUS"),
    ("raised", "RAISED"),
    ("risk_id", "FROM RISK"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm issue …`` to ``app``."""
    add_group(
        app,
        "issue",
        "The issue log.",
        {"add": issue_add, "list": issue_list, "show": issue_show, "edit": issue_edit, "delete": issue_delete},
    )


def issue_add(
    ctx: typer.Context,
    project: str,
    title: str,
    owner: Annotated[str | None, Opt()] = None,
    description: Annotated[str | None, Opt()] = None,
    workaround: Annotated[str | None, Opt()] = None,
) -> None:
    """Log an issue; prints the new id."""
    from supportpm_tui.services.issues import add_issue

    issue = add_issue(
        open_db(ctx), project, title, owner=owner, description=description or "", workaround=workaround or ""
    )
    print(issue.id)


def issue_list(ctx: typer.Context, project: Annotated[str | None, Opt()] = None, as_json: JsonOpt = False) -> None:
    """List issues, open first."""
    from supportpm_tui.services.issues import list_issues

    print_rows(list_issues(open_db(ctx), project), as_json, ISSUE_COLUMNS, "No issues logged.")


def issue_show(ctx: typer.Context, issue_id: int, as_json: JsonOpt = False) -> None:
    """Show one issue."""
    from supportpm_tui.services.issues import show_issue

    print_item(show_issue(open_db(ctx), issue_id), as_json)


def issue_edit(
    ctx: typer.Context,
    issue_id: int,
    title: Annotated[str | None, Opt()] = None,
    owner: Annotated[str | None, Opt()] = None,
    description: Annotated[str | None, Opt()] = None,
    root_cause: Annotated[str | None, Opt()] = None,
    workaround: Annotated[str | None, Opt()] = None,
    decision: Annotated[str | None, Opt()] = None,
    status: Annotated[str | None, Opt(help=f"{word_list(IssueStatus)}.")] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change an issue (resolving it records today's date)."""
    from supportpm_tui.services.issues import edit_issue

    issue = edit_issue(
        open_db(ctx),
        issue_id,
        if_version,
        **given(
            title=title,
            owner=owner,
            description=description,
            root_cause=root_cause,
            workaround=workaround,
            decision=decision,
            status=status,
        ),
    )
    print(issue.id)


def issue_delete(ctx: typer.Context, issue_id: int) -> None:
    """Delete an issue."""
    from supportpm_tui.services.issues import delete_issue

    print(delete_issue(open_db(ctx), issue_id).id)
