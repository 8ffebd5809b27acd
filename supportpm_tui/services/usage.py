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


def items_using(session: Session, entity: str, oid: int) -> list[tuple[str, int]]:
    """Return the items (entity, id) whose rows refer to item ``oid`` of table ``entity``, in table order.

    A link row (a card's blockers, a milestone's predecessors, a change's
    milestones) counts for the item that owns it; the item's own links do not
    count, for they go with it.
    """
    from supportpm_tui.services.base import LINKS

    owners = {table.__tablename__: (name, own) for name, fields in LINKS.items() for table, own, _ in fields.values()}
    found: list[tuple[str, int]] = []
    for table in SQLModel.metadata.sorted_tables:
        link = owners.get(table.name)
        for column in table.columns:
            if not any(fk.column.table.name == entity for fk in column.foreign_keys):
                continue
            if link is not None:
                owner, own = link
                if owner == entity and column.name == own:
                    continue  # the item's own links
                key = table.c[own]
                rows = session.exec(select(key).where(column == oid)).all()
                found += [(owner, int(r)) for r in rows if not (owner == entity and int(r) == oid)]
            elif "id" in table.c:
                rows = session.exec(select(table.c.id).where(column == oid)).all()
                found += [(table.name, int(r)) for r in rows if not (table.name == entity and int(r) == oid)]
    return list(dict.fromkeys(found))
