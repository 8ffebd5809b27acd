"""Import… in the dashboard: the palette opens it, its preview says what would be created before anything is
written, a bad file or field is said where it belongs, and Import writes it all at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Select, Static

from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.modals.imports import ImportModal
from tests.ui.conftest import SIZE, settle

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"


def task_count(store: Store) -> int:
    with sqlite3.connect(store.path) as conn:
        return int(conn.execute("SELECT count(*) FROM task").fetchone()[0])


def shown(modal: ImportModal, ident: str) -> str:
    return str(modal.query_one(f"#{ident}", Static).render())


async def open_from_the_palette(app: SupportPMApp, pilot: Pilot[None]) -> ImportModal:
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"Import")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    modal = app.screen
    assert isinstance(modal, ImportModal)
    return modal


async def set_field(pilot: Pilot[None], modal: ImportModal, ident: str, value: str) -> None:
    modal.query_one(f"#{ident}", Input).value = value
    await settle(pilot)


async def test_the_preview_lists_what_would_be_made_and_import_writes_it(demo_store: Store) -> None:
    before = task_count(demo_store)
    app = make_app(demo_store, theme="textual-dark")
    said: list[str] = []  # notices time out: keep what was said, however slow the machine
    notify = app.notify

    def noted(message: str, **options: Any) -> None:
        said.append(str(message))
        notify(message, **options)

    app.notify = noted  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_from_the_palette(app, pilot)
        await set_field(pilot, modal, "import-project", "LAP")
        await set_field(pilot, modal, "import-file", str(SAMPLES / "jira-issues.csv"))
        text = shown(modal, "import-text")
        assert "Tasks: 12 to create" in text
        assert "no person named 'Asha Patel' (closest: Aisha Khan)" in text
        assert modal.query_one("#import-run", Button).disabled  # unknown people stop it
        assert task_count(demo_store) == before  # the preview wrote nothing
        modal.query_one("#import-create-people", Checkbox).value = True
        await settle(pilot)
        assert "People to create: Asha Patel" in shown(modal, "import-text")
        assert not modal.query_one("#import-run", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportModal)
        assert "Imported jira-issues.csv" in said
    assert task_count(demo_store) == before + 12


async def test_a_bad_file_is_listed_row_by_row_and_cannot_be_imported(demo_store: Store) -> None:
    before = task_count(demo_store)
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_from_the_palette(app, pilot)
        await set_field(pilot, modal, "import-project", "LAP")
        await set_field(pilot, modal, "import-file", str(SAMPLES / "jira-bad.csv"))
        text = shown(modal, "import-text")
        assert "line 4, Due Date" in text and "line 6, Original Estimate" in text
        assert modal.query_one("#import-run", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ImportModal)
    assert task_count(demo_store) == before


async def test_a_missing_file_and_an_unknown_project_are_said_next_to_their_fields(demo_store: Store) -> None:
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_from_the_palette(app, pilot)
        await set_field(pilot, modal, "import-file", "/nowhere/issues.csv")
        assert "does not exist" in shown(modal, "import-file-error")
        await set_field(pilot, modal, "import-file", str(SAMPLES / "taskwarrior-export.json"))
        assert modal.query_one("#import-format", Select).value == "taskwarrior"  # the file's kind picks the format
        assert shown(modal, "import-file-error") == ""
        await set_field(pilot, modal, "import-project", "NOPE")
        assert "no project with key 'NOPE'" in shown(modal, "import-project-error")
        assert modal.query_one("#import-run", Button).disabled
        await set_field(pilot, modal, "import-project", "ONB")
        assert shown(modal, "import-project-error") == ""
        assert "Tasks: 6 to create" in shown(modal, "import-text")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportModal)
