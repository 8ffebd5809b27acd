"""The standup's facts for an open database, computed in a worker from the shared plan."""

from __future__ import annotations

import datetime as dt

from supportpm_tui.core import clock
from supportpm_tui.core.filtering import Filter
from supportpm_tui.readmodel.standup import StandupData, build_standup
from supportpm_tui.services.current_plan import current_plan
from supportpm_tui.storage.database import Store, dbapi


def load_standup(store: Store, filt: Filter | None = None, today: dt.date | None = None) -> StandupData:
    """Return the headline, each person's page and the decisions needed, filtered."""
    plan = current_plan(store, today or clock.today())
    with store.read() as session:
        return build_standup(dbapi(session), plan, filt)
