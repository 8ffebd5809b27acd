"""What still refers to an item: counted before the item may be deleted, and the refusal when something does."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, SQLModel, select

from supportpm_tui.core.errors import UserError

Uses = Sequence[tuple[type[SQLModel], ColumnElement[bool] | bool, str]]  # (table, condition, label)


def count_uses(session: Session, uses: Uses) -> list[str]:
    """Return ``"N label"`` for each (table, condition, label) of ``uses`` that some rows meet, in order."""
    held = []
    for model, where, label in uses:
        count = session.exec(select(func.count()).select_from(model).where(where)).one()
        if count:
            held.append(f"{count} {label}")
    return held


def refuse_if_used(session: Session, uses: Uses, refusal: Callable[[str], str]) -> None:
    """Raise a UserError when rows still meet one of ``uses``; ``refusal`` words it from what holds the item."""
    held = count_uses(session, uses)
    if held:
        raise UserError(refusal(", ".join(held)))
