"""Commands for a project's post-implementation review: ``supportpm review …``."""

from __future__ import annotations

from typing import Annotated

import typer

from supportpm_tui.cli.common import IfVersionOpt, JsonOpt, add_group, date_opt, given, print_json
from supportpm_tui.cli.context import open_db

Opt = typer.Option


def register(app: typer.Typer) -> None:
    """Add ``supportpm review …`` to ``app``."""
    add_group(
        app,
        "review",
        "A project's post-implementation review: what went well, what went badly, what to change next time.",
        {"set": review_set, "show": review_show, "delete": review_delete},
    )


def review_set(
    ctx: typer.Context,
    project: str,
    went_well: Annotated[str | None, Opt(help="What went well (several lines allowed).")] = None,
    went_badly: Annotated[str | None, Opt(help="What went badly or failed.")] = None,
    change_next: Annotated[str | None, Opt(help="What to change next time.")] = None,
    day: Annotated[str | None, Opt(help="The day of the review (default today).")] = None,
    if_version: IfVersionOpt = None,
) -> None:
    """Write a project's review, or change the answers given."""
    from supportpm_tui.core.errors import UserError
    from supportpm_tui.core.unset import UNSET
    from supportpm_tui.services.reviews import set_review

    answers = given(went_well=went_well, went_badly=went_badly, change_next=change_next)
    when = date_opt(day, "day")
    if not answers and when is None:
        raise UserError("say what to write: --went-well, --went-badly, --change-next or --day")
    review = set_review(open_db(ctx), project, day=UNSET if when is None else when, if_version=if_version, **answers)
    print(review.id)


def review_show(ctx: typer.Context, project: str, as_json: JsonOpt = False) -> None:
    """Print a project's review in Markdown."""
    from supportpm_tui.services.reviews import get_review, render_review

    review = get_review(open_db(ctx), project)
    if review is None:
        key = project.strip().upper()
        print("null" if as_json else f"No review yet. Write one: supportpm review set {key} --went-well TEXT")
    elif as_json:
        print_json({**review.to_json(), "markdown": render_review(review)})
    else:
        print(render_review(review), end="")


def review_delete(ctx: typer.Context, project: str) -> None:
    """Delete a project's review."""
    from supportpm_tui.services.reviews import delete_review

    print(delete_review(open_db(ctx), project).id)
