"""A project's post-implementation review: what went well, what went badly, what to change next time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, NotFound
from supportpm_tui.core.parsing import check_date
from supportpm_tui.core.text import clean_line
from supportpm_tui.core.unset import UNSET, Unset
from supportpm_tui.services import base
from supportpm_tui.services.typed import JsonRecord, given_fields
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models.reports import ProjectReview

MAX_REVIEW_TEXT = 4000  # each of the three answers: several lines, a page at most
FIELDS = ("went_well", "went_badly", "change_next")
HEADINGS = {
    "went_well": "What went well",
    "went_badly": "What went badly",
    "change_next": "What to change next time",
}


@dataclass(frozen=True)
class ReviewRecord(JsonRecord):
    """A project's review: its key and name, the day it was held (ISO form) and the three answers."""

    project: str
    name: str
    day: str
    went_well: str
    went_badly: str
    change_next: str
    version: int


def set_review(
    store: Store,
    project: str,
    *,
    went_well: str | Unset = UNSET,
    went_badly: str | Unset = UNSET,
    change_next: str | Unset = UNSET,
    day: dt.date | Unset = UNSET,
    if_version: int | None = None,
) -> ProjectReview:
    """Write the given answers of a project's review (made on ``day``, default today); return it.

    A project has one review: the first call writes it, later ones change the answers given.
    """
    values = given_fields(went_well=went_well, went_badly=went_badly, change_next=change_next)
    columns: dict[str, Any] = {
        name: base.optional_text(text, name.replace("_", " "), MAX_REVIEW_TEXT) for name, text in values.items()
    }
    if not isinstance(day, Unset):
        check_date(day, "day")
        if day > clock.today():
            raise FieldError("day", "a review cannot be dated in the future")
        columns["day"] = day
    with store.write() as session:
        found = base.find_project(session, project)
        review = session.exec(select(ProjectReview).where(ProjectReview.project_id == found.id)).first()
        if review is None:
            if not any(columns.get(name) for name in FIELDS):
                raise FieldError("went well", "say what went well, what went badly or what to change next time")
            created: ProjectReview = base.create(
                store,
                session,
                ProjectReview(project_id=found.id or 0, day=columns.pop("day", clock.today()), **columns),
            )
            return created
        base.update(store, session, review, columns, if_version=if_version)
        return review


def get_review(store: Store, project: str) -> ReviewRecord | None:
    """Return a project's review, or ``None`` when it has none yet."""
    with store.read() as session:
        found = base.find_project(session, project)
        review = session.exec(select(ProjectReview).where(ProjectReview.project_id == found.id)).first()
        if review is None:
            return None
        return ReviewRecord(
            found.key,
            found.name,
            review.day.isoformat(),
            review.went_well,
            review.went_badly,
            review.change_next,
            review.version,
        )


def delete_review(store: Store, project: str) -> ProjectReview:
    """Delete a project's review (logged, so undo brings it back); return it."""
    with store.write() as session:
        found = base.find_project(session, project)
        review = session.exec(select(ProjectReview).where(ProjectReview.project_id == found.id)).first()
        if review is None:
            raise NotFound(f"{found.key} has no review to delete")
        base.delete(store, session, review)
        return review


def render_review(review: ReviewRecord, heading: str = "##") -> str:
    """Return the review as a Markdown section (``heading`` is the level of its title)."""
    lines = [f"{heading} Post-implementation review: {review.name}", "", f"Held on {long_day(review.day)}.", ""]
    for name in FIELDS:
        lines += [f"{heading}# {HEADINGS[name]}", "", *answer_lines(getattr(review, name)), ""]
    return "\n".join(lines)


def long_day(day: str) -> str:
    """Return an ISO day as the reports say it with its year: ``2 Nov 2026``."""
    when = dt.date.fromisoformat(day)
    return f"{when.day} {when:%b %Y}"


def answer_lines(text: str) -> list[str]:
    """Return an answer as Markdown: each line it holds a list item, or "Nothing noted."."""
    items = [clean_line(line).removeprefix("- ").removeprefix("* ").lstrip("#").strip() for line in text.splitlines()]
    items = [item for item in items if item]
    return [f"- {item}" for item in items] or ["Nothing noted."]
