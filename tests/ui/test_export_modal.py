"""The export dialog in the dashboard: the palette's "Export…" opens it; it writes the same files as
``supportpm export`` and says next to the field what is wrong."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from textual.widgets import Input, Static

from supportpm_tui.core import clock
from supportpm_tui.services.exports import export_text
from supportpm_tui.services.records import milestone_records, task_records
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.modals.export import ExportModal
from tests.ui.conftest import SIZE, fill, settle


def error_of(modal: ExportModal, name: str) -> str:
    return str(modal.query_one(f"#error-{name}", Static).render())


async def open_from_the_palette(app: SupportPMApp, pilot: object) -> ExportModal:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"Export")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    modal = app.screen
    assert isinstance(modal, ExportModal)
    return modal


async def test_the_palette_exports_a_list_to_a_file(demo_store: Store, tmp_path: Path) -> None:
    app = make_app(demo_store, theme="textual-dark")
    target = tmp_path / "mfa-tasks.csv"
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_from_the_palette(app, pilot)
        assert modal.query_one("#field-file", Input).value.endswith(f"supportpm-calendar-{clock.today()}.ics")
        fill(modal, what="tasks", format="csv")
        await settle(pilot)
        offered = modal.query_one("#field-file", Input).value
        assert offered.endswith(f"supportpm-tasks-{clock.today()}.csv")  # the name follows the choice
        fill(modal, project="MFA", file=str(target))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportModal)
        expected = task_records(demo_store, "MFA")
        assert f"Exported {len(expected)} rows to {target}" in [str(n.message) for n in app._notifications]
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert [int(r["id"]) for r in rows] == [t.id for t in expected] and len(rows) > 1
    assert {r["project"] for r in rows} == {"MFA"}
    assert target.read_text(encoding="utf-8") == export_text(demo_store, "csv", "tasks", "MFA").text


async def test_the_calendar_from_the_dialog(demo_store: Store, tmp_path: Path) -> None:
    from icalendar import Calendar

    app = make_app(demo_store, theme="textual-dark")
    target = tmp_path / "team.ics"
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_from_the_palette(app, pilot)
        fill(modal, file=str(target))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportModal)
    calendar = Calendar.from_ical(target.read_bytes())
    uids = {str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")}
    assert {f"milestone-{m.id}" for m in milestone_records(demo_store)} <= uids


async def test_a_file_that_cannot_be_written_is_said_next_to_the_field(demo_store: Store, tmp_path: Path) -> None:
    app = make_app(demo_store, theme="textual-dark")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_from_the_palette(app, pilot)
        fill(modal, what="risks", format="json", file=str(blocker / "risks.json"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is modal
        assert error_of(modal, "file").startswith(f"cannot write {blocker / 'risks.json'}: Not a directory")
        assert {p.name for p in tmp_path.rglob("*") if not p.name.startswith("demo.db")} == {"a-file"}
        assert blocker.read_text() == "not a folder"
        fill(modal, file=str(tmp_path / "risks.json"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportModal)
    assert len(json.loads((tmp_path / "risks.json").read_text())) == 5


async def test_a_format_that_does_not_fit_is_said_next_to_it(demo_store: Store, tmp_path: Path) -> None:
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ExportModal())
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ExportModal)
        fill(modal, what="calendar", format="csv", file=str(tmp_path / "x.csv"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is modal
        assert "the calendar is exported as ics, not csv" in error_of(modal, "format")
        fill(modal, what="milestones", format="md", since="yesterday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "only the activity log is exported from a day" in error_of(modal, "since")
        assert not (tmp_path / "x.csv").exists()
