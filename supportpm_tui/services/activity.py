"""The activity log: what changed, when and by whom."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlmodel import select

from supportpm_tui.db import Store
from supportpm_tui.models import Event


def list_events(store: Store, limit: int = 30, since: dt.date | None = None) -> list[dict[str, Any]]:
    """Return Events as JSON data, newest first."""
    with store.read() as session:
        query = select(Event).order_by(Event.id.desc()).limit(max(1, min(limit, 10_000)))  # type: ignore[union-attr]
        if since is not None:
            query = query.where(Event.time >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
        return [
            {
                "id": e.id,
                "time": e.time.isoformat(),
                "actor": e.actor,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "action": e.action,
                "changes": json.loads(e.changes),
                "undo_of": e.undo_of,
            }
            for e in session.exec(query).all()
        ]
