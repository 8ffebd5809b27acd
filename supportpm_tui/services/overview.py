"""What the Overview shows, as plain data computed in a worker; the dashboard's unfiltered one is kept for next time."""

from __future__ import annotations

import datetime as dt

from supportpm_tui.core import clock
from supportpm_tui.core.filtering import Filter
from supportpm_tui.readmodel.overview import build_overview
from supportpm_tui.readmodel.overview_entries import OverviewData
from supportpm_tui.services.current_plan import current_plan
from supportpm_tui.storage.database import Store, dbapi


def load_overview(store: Store, filt: Filter | None = None, today: dt.date | None = None) -> OverviewData:
    """Return what the lead needs at a glance, filtered."""
    plan = current_plan(store, today or clock.today())
    with store.read() as session:
        return build_overview(dbapi(session), plan, filt)


def dashboard_overview(store: Store, filt: Filter) -> OverviewData:
    """Return the Overview the dashboard shows, filtered by ``filt``.

    An unfiltered Overview is also kept for the next start (see
    :mod:`supportpm_tui.startup.kept_overview`), unless the database changed
    while it was being computed.
    """
    from supportpm_tui.startup import kept_overview

    before = None if filt.active else kept_overview.fingerprint(store.path)
    data = load_overview(store, filt)
    if before is not None and kept_overview.fingerprint(store.path) == before:
        kept_overview.save(store.path, before, data)
    return data
