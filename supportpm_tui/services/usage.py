"""What still refers to an item: counted before the item may be deleted."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, SQLModel, select


def count_uses(session: Session, uses: Sequence[tuple[type[SQLModel], ColumnElement[bool] | bool, str]]) -> list[str]:
    """Return ``"N label"`` for each (table, condition, label) of ``uses`` that some rows meet, in order."""
    held = []
    for model, where, label in uses:
        count = session.exec(select(func.count()).select_from(model).where(where)).one()
        if count:
            held.append(f"{count} {label}")
    return held
