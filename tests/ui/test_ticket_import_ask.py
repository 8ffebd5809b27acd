"""The dashboard's ticket import asks Add / Replace / Cancel when weeks in the file already have load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Static

from supportpm_tui.services import availability, people
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.modals.ticket_clash import TicketClashModal
from supportpm_tui.ui.screens.capacity import CapacityScreen
from tests.ui.conftest import SIZE, fill, settle

WEEK = dt.date(2026, 11, 30)  # the Monday of 2026-W49


def week_load(store: Store) -> list[tuple[str, int | None, float]]:
    """Return Bo Lind's ticket load in 2026-W49: (source, tickets, hours), by source."""
    rows = availability.list_ticket_load(store, "Bo Lind")
    return sorted((r.source, r.tickets, r.hours) for r in rows if r.week == WEEK.isoformat())


async def test_weeks_with_load_ask_add_replace_or_cancel(store: Store, tmp_path: Path) -> None:
    people.add_person(store, "Bo Lind", hours=40)
    availability.set_ticket_load(store, "Bo Lind", WEEK, hours=4)
    export = tmp_path / "export.csv"
    export.write_text("Ticket;Assignee;Created\n1;Bo Lind;01.12.2026 10:00\n2;Bo Lind;2026-12-03\n")
    app = make_app(store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CapacityScreen)

        async def submit() -> FormModal:
            await pilot.press("i")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, FormModal)
            fill(form, file=str(export))
            await pilot.press("ctrl+s")
            await settle(pilot)
            return form

        form = await submit()
        dialog = app.screen
        assert isinstance(dialog, TicketClashModal)
        details = str(dialog.query_one("#ticket-clash-details", Static).render())
        assert "Ticket load is already logged for Bo Lind 2026-W49." in details
        await pilot.press("escape")  # cancel: nothing imported, the form says so
        await settle(pilot)
        assert app.screen is form
        assert "Nothing imported" in str(form.query_one("#form-error", Static).render())
        assert week_load(store) == [("manual", None, 4.0)]

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TicketClashModal)
        await pilot.press("a")  # add: the file's two tickets sit beside the 4 hours
        await settle(pilot)
        assert app.screen is screen
        assert week_load(store) == [("export.csv", 2, 1.0), ("manual", None, 4.0)]

        await submit()
        assert isinstance(app.screen, TicketClashModal)
        await pilot.press("r")  # replace: the file's tickets are the week's whole load
        await settle(pilot)
        assert app.screen is screen
        assert week_load(store) == [("export.csv", 2, 1.0)]
