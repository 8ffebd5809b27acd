"""Commands for the risk register: ``supportpm risk …``."""

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
    print_item,
    print_rows,
    word_list,
)
from supportpm_tui.cli.context import open_db
from supportpm_tui.core.vocabulary import RiskStatus

Opt = typer.Option

RISK_COLUMNS = [
    ("id", "ID"),
    ("project", "PROJECT"),
    ("score", "SCORE"),
    ("band", "BAND"),
    ("title", "TITLE"),
    ("owner", "OWNER"),
    ("status", "STATUS"),
    ("review", "REVIEW"),
]


def register(app: typer.Typer) -> None:
    """Add ``supportpm risk …`` to ``app``."""
    add_group(
        app,
        "risk",
        "The risk register.",
        {
            "add": risk_add,
            "list": risk_list,
            "show": risk_show,
            "edit": risk_edit,
            "close": risk_close,
            "to-issue": risk_to_issue,
            "delete": risk_delete,
        },
    )


def risk_add(
    ctx: typer.Context,
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
    from supportpm_tui.services.risks import add_risk

    review_date = date_opt(review, "review")
    risk = add_risk(
        open_db(ctx),
        project,
        title,
        likelihood,
        impact,
        owner=owner,
        milestone=milestone,
        mitigation=mitigation or "",
        contingency=contingency or "",
        trigger=trigger or "",
        description=description or "",
        review=review_date,
    )
    print(risk.id)


def risk_list(
    ctx: typer.Context,
    project: Annotated[str | None, Opt()] = None,
    as_json: JsonOpt = False,
    open_only: Annotated[bool, Opt("--open", help="Only open and mitigating risks.")] = False,
) -> None:
    """List risks: highest score first, then review date."""
    from supportpm_tui.services.risks import list_risks

    rows = list_risks(open_db(ctx), project, include_closed=not open_only)
    empty = "No risks. Add one: supportpm risk add PROJECT TITLE --likelihood N --impact N"
    print_rows(rows, as_json, RISK_COLUMNS, empty, derived={"review": _review})


def _review(risk: dict[str, Any]) -> Any:
    """Return a risk's review date for the table, marked OVERDUE when it is past."""
    return f"{risk['review_date']} OVERDUE" if risk["review_overdue"] else risk["review_date"]


def risk_show(ctx: typer.Context, risk_id: int, as_json: JsonOpt = False) -> None:
    """Show one risk."""
    from supportpm_tui.services.risks import show_risk

    print_item(show_risk(open_db(ctx), risk_id), as_json)


def risk_edit(
    ctx: typer.Context,
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
    status: Annotated[str | None, Opt(help=f"{word_list(RiskStatus)}.")] = None,
    review: Annotated[str | None, Opt()] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Change a risk."""
    from supportpm_tui.services.risks import edit_risk

    changes = given(
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
    changes.update(given_dates(review=review))
    print(edit_risk(open_db(ctx), risk_id, if_version, **changes).id)


def risk_close(ctx: typer.Context, risk_id: int) -> None:
    """Close a risk."""
    from supportpm_tui.services.risks import close_risk

    print(close_risk(open_db(ctx), risk_id).id)


def risk_to_issue(ctx: typer.Context, risk_id: int) -> None:
    """Mark a risk occurred and open the issue it became; prints the issue's id."""
    from supportpm_tui.services.risks import risk_to_issue as convert

    print(convert(open_db(ctx), risk_id).id)


def risk_delete(ctx: typer.Context, risk_id: int) -> None:
    """Delete a risk."""
    from supportpm_tui.services.risks import delete_risk

    print(delete_risk(open_db(ctx), risk_id).id)
