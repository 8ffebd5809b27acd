"""Projects (key 6): the table, the selected project's page, its scope and readiness, checklist and workstreams."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TextArea

from supportpm_tui.services import checklists, projects
from supportpm_tui.services.checklists import ChecklistRecord
from supportpm_tui.services.projects import ProjectRecord
from supportpm_tui.ui.app import SupportPMApp
from supportpm_tui.ui.modals.dialogs import ConfirmModal, HelpModal, PickerModal
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.projects import ProjectsScreen
from supportpm_tui.ui.screens.timeline import TimelineScreen
from tests.ui.conftest import SIZE, fill, settle


async def open_projects(pilot) -> ProjectsScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProjectsScreen)
    return screen


def page(screen: ProjectsScreen) -> str:
    return str(screen.query_one("#project-page", Static).content)


def keys(screen: ProjectsScreen) -> list[str]:
    table = screen.query_one("#projects-table", DataTable)
    return [str(table.get_row_at(r)[0]).removeprefix("✱ ") for r in range(table.row_count)]  # ✱: just changed


def row_of(screen: ProjectsScreen, key: str) -> list[str]:
    table = screen.query_one("#projects-table", DataTable)
    cells = [str(c) for c in table.get_row_at(keys(screen).index(key))]
    return [cells[0].removeprefix("✱ "), *cells[1:]]


def project(app: SupportPMApp, key: str) -> ProjectRecord:
    return next(p for p in projects.list_projects(app.session.store) if p.key == key)


def items(app: SupportPMApp, key: str) -> list[ChecklistRecord]:
    return checklists.list_items(app.session.store, key)


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    names = {" ": "space", "\n": "enter", ",": "comma", ".": "full_stop"}
    await pilot.press(*(names.get(ch, ch) for ch in text))


async def select_project(pilot, screen: ProjectsScreen, key: str) -> None:  # type: ignore[no-untyped-def]
    screen.table.move_cursor(row=keys(screen).index(key))
    await settle(pilot)
    assert screen.page is not None and screen.page.summary.project.key == key


async def test_the_table_lists_projects_with_rag_progress_and_readiness(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        assert keys(screen) == ["LAP", "MFA", "ONB", "PAT"]
        lap = row_of(screen, "LAP")
        assert lap[:4] == ["LAP", "Laptop refresh 2027", "active", "RED"]
        assert lap[8] == "0/3 ms · 83 h" and lap[-1] == "not ready"
        assert "GREEN" in row_of(screen, "ONB")
        text = page(screen)
        assert "READINESS: Not ready: nothing stated in scope" in text and "no success criteria" in text
        assert "Pilot devices imaged · due 2026-11-15" in text and "Workstreams: 1. Pilot · 2. Wave 1" in text
        assert "Budget" in text and "Open: 1 risk ·" in text
        assert screen.checklist.row_count == len(items(app, "LAP"))
        await select_project(pilot, screen, "ONB")
        assert page(screen).startswith("ONB · Onboarding revamp")


async def test_s_cycles_the_sort_and_says_it(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        said = screen.query_one("#projects-sort", Static)
        assert "Sorted by key" in str(said.content)
        await pilot.press("s")
        await settle(pilot)
        assert screen.sort == "rag" and "Sorted by RAG" in str(said.content)
        assert keys(screen)[-1] == "ONB"  # the one green project last
        await pilot.press("s", "s")
        await settle(pilot)
        assert screen.sort == "quadrant" and keys(screen)[:2] == ["PAT", "ONB"]  # quick wins first, do now first
        await pilot.press("s")
        await settle(pilot)
        assert screen.sort == "key" and keys(screen) == ["LAP", "MFA", "ONB", "PAT"]


async def test_the_project_and_text_filters_apply(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        app.set_filter(app.session.filter.with_project("MFA"))
        await settle(pilot)
        assert keys(screen) == ["MFA"] and page(screen).startswith("MFA")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await type_text(pilot, "onboarding")
        await pilot.press("enter")
        await settle(pilot)
        assert keys(screen) == ["ONB"]


async def test_c_edits_the_scope_in_several_lines(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-in_scope", TextArea).focus()
        await type_text(pilot, "Windows laptops\nmacOS laptops")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert project(app, "LAP").in_scope == "Windows laptops\nmacOS laptops"
        assert project(app, "LAP").goal == "Replace 180 laptops older than four years."  # untouched
        assert "In scope: Windows laptops\n  macOS laptops" in page(screen)


async def test_readiness_says_ready_once_the_scope_is_filled(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        for name in ("in_scope", "out_of_scope", "stakeholders", "approval_path"):
            form.query_one(f"#field-{name}", TextArea).load_text(f"some {name}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "READINESS: Not ready: no success criteria" in page(screen)
        assert row_of(screen, "LAP")[-1] == "not ready"
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        app.screen.query_one("#field-success_criteria", TextArea).focus()
        await type_text(pilot, "all laptops\nno tickets")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "READINESS: Ready to start" in page(screen)
        assert row_of(screen, "LAP")[-1] == "ready"


async def test_e_edits_the_project_and_shows_an_error_next_to_its_field(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        fill(form, impact="9", budget="50000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "at most 5" in str(form.query_one("#error-impact", Static).content)
        fill(form, impact="5", hourly_rate="80")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        lap = project(app, "LAP")
        assert (lap.budget, lap.impact, lap.hourly_rate) == (50000, 5, 80)
        assert "Budget 50,000" in page(screen)


async def test_n_adds_a_project(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        await pilot.press("n")
        await settle(pilot)
        fill(app.screen, key="VPN", name="VPN replacement")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "VPN" in keys(screen)


async def test_checklist_add_edit_done_move_delete(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        before = len(items(app, "LAP"))
        await pilot.press("a")
        await settle(pilot)
        fill(app.screen, title="Asset tags printed", due="2026-11-16", milestone="Pilot devices imaged")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)  # a due date in the past asks first
        await pilot.press("y")
        await settle(pilot)
        added = items(app, "LAP")[-1]
        assert len(items(app, "LAP")) == before + 1 and added.title == "Asset tags printed"
        assert added.milestone == "Pilot devices imaged" and added.overdue
        cells = [str(c) for c in screen.checklist.get_row_at(screen.checklist.row_count - 1)]
        assert cells[0] == "[ ]" and cells[3] == "2026-11-16 overdue" and cells[4] == "Pilot devices imaged"
        assert "1 gate open" in page(screen)
        # The checklist has the focus after tab; the new item is selected.
        await pilot.press("tab")
        assert screen.checklist.has_focus and screen.selected_item() == items(app, "LAP")[-1]
        await pilot.press("e")
        await settle(pilot)
        fill(app.screen, note="labels from the service desk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert items(app, "LAP")[-1].note == "labels from the service desk"
        await pilot.press("x")
        await settle(pilot)
        assert items(app, "LAP")[-1].done and "gate open" not in page(screen)
        await pilot.press("space")
        await settle(pilot)
        assert not items(app, "LAP")[-1].done
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert items(app, "LAP")[-2].title == "Asset tags printed"
        assert screen.selected_item() is not None and screen.selected_item().title == "Asset tags printed"  # type: ignore[union-attr]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert items(app, "LAP")[-1].title == "Asset tags printed"
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert len(items(app, "LAP")) == before


async def test_undo_takes_back_a_checklist_change(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        first = items(app, "LAP")[0]
        await pilot.press("tab", "x")
        await settle(pilot)
        assert items(app, "LAP")[0].done
        assert str(screen.checklist.get_row_at(0)[0]) == "[x]"
        await pilot.press("u")
        await settle(pilot)
        assert not items(app, "LAP")[0].done and items(app, "LAP")[0].id == first.id
        assert str(screen.checklist.get_row_at(0)[0]) == "[ ]"


async def test_workstreams_add_rename_and_move(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        await pilot.press("w")
        await settle(pilot)
        fill(app.screen, name="Wave 2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert project(app, "LAP").workstreams == ["Pilot", "Wave 1", "Wave 2"]
        await pilot.press("w")
        await settle(pilot)
        fill(app.screen, name="pilot")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)  # the name is taken: said next to the field
        assert "already has" in str(app.screen.query_one("#error-name", Static).content)
        await pilot.press("escape")
        await pilot.press("W")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerModal)
        picker.dismiss("Wave 2")
        await settle(pilot)
        fill(app.screen, name="Wave 2 (remote)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert project(app, "LAP").workstreams == ["Pilot", "Wave 1", "Wave 2 (remote)"]
        assert "3. Wave 2 (remote)" in page(screen)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, PickerModal)
        app.screen.dismiss("Wave 2 (remote)")
        await settle(pilot)
        fill(app.screen, place="1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert project(app, "LAP").workstreams == ["Wave 2 (remote)", "Pilot", "Wave 1"]
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, PickerModal)
        app.screen.dismiss("Wave 2 (remote)")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert project(app, "LAP").workstreams == ["Pilot", "Wave 1"]


async def test_o_shows_the_projects_registers_on_risks(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        await select_project(pilot, screen, "MFA")
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.SCREEN_NAME == "Risks"  # type: ignore[attr-defined]
        assert app.session.filter.project == "MFA"


async def test_help_lists_every_key_with_its_id(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_projects(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_modal = app.screen
        assert isinstance(help_modal, HelpModal)
        ids = {binding_id for _, _, binding_id in help_modal.keys}
        wanted = {
            "projects.sort", "projects.new", "projects.edit", "projects.scope", "projects.registers",
            "projects.checklist_add", "projects.checklist_edit", "projects.checklist_done", "projects.checklist_up",
            "projects.checklist_down", "projects.checklist_delete", "projects.workstream_add",
            "projects.workstream_rename", "projects.workstream_move", "projects.workstream_delete", "app.projects",
        }  # fmt: skip
        assert wanted <= ids


async def test_a_change_from_elsewhere_shows(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        checklists.add_item(app.session.store, "LAP", "Change from the command line")
        app._sync_worker()
        await settle(pilot)
        titles = [str(screen.checklist.get_row_at(r)[1]) for r in range(screen.checklist.row_count)]
        assert "Change from the command line" in titles


async def test_marking_a_milestone_done_lists_its_open_gates(app: SupportPMApp) -> None:
    store = app.session.store
    checklists.add_item(store, "LAP", "Pilot users signed off", owner="Tom Becker", milestone="Pilot devices imaged")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        timeline.chart.cursor = next(i for i, r in enumerate(timeline.chart.rows) if r.label == "Pilot devices imaged")
        timeline.load_story()
        await settle(pilot)
        assert "Gated by (checklist, not done): Pilot users signed off" in str(
            timeline.query_one("#timeline-story", Static).content
        )
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal)
        assert "an open checklist gate" in dialog.question
        listed = str(dialog.query_one("#confirm-details", Static).content)
        assert "[ ] Pilot users signed off · Tom Becker" in listed


async def test_r_previews_the_status_update_which_is_recorded_copied_and_saved(
    app: SupportPMApp, tmp_path: object
) -> None:
    """`r` shows MFA's update; the sentence rewritten shows in the preview; ctrl+y copies it, ctrl+o saves it
    to a file, ctrl+s records it (and undo takes the record back)."""
    from pathlib import Path

    from textual.widgets import Input

    from supportpm_tui.services.reports import list_status_updates
    from supportpm_tui.ui.modals.dialogs import TextPromptModal
    from supportpm_tui.ui.modals.report import StatusReportModal

    store = app.session.store
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        await select_project(pilot, screen, "MFA")
        await pilot.press("r")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, StatusReportModal)
        text = str(modal.query_one("#report-text", Static).render())
        assert "MFA rollout (MFA): status update" in text and "## Decisions needed" in text
        sentence = modal.query_one("#report-field", Input)
        assert sentence.value.startswith("MFA rollout is red")
        sentence.value = "Wave 1 slips a week; the rest is on track."
        await pilot.pause()
        assert "**Red.** Wave 1 slips a week; the rest is on track." in str(
            modal.query_one("#report-text", Static).render()
        )
        await pilot.press("ctrl+y")
        assert "Wave 1 slips a week" in app.clipboard
        target = Path(str(tmp_path)) / "mfa-update.md"
        await pilot.press("ctrl+o")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, TextPromptModal)
        prompt.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.read_text() == modal.text and app.screen is modal
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        (update,) = list_status_updates(store, "MFA")
        assert update.status == "Wave 1 slips a week; the rest is on track."
        await pilot.press("u")
        await settle(pilot)
        assert list_status_updates(store, "MFA") == []


async def test_the_table_is_built_again_only_when_a_row_shows_something_else(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        table = screen.query_one("#projects-table", DataTable)
        rows = dict(table.rows)
        app.data_changed()  # nothing changed: the rows, and the lines drawn of them, are kept
        await settle(pilot)
        assert dict(table.rows) == rows and all(table.rows[key] is row for key, row in rows.items())
        projects.edit_project(app.session.store, "LAP", name="Laptop refresh, phase two")
        app.data_changed()
        await settle(pilot)
        assert "Laptop refresh, phase two" in row_of(screen, "LAP")
        assert table.row_count == len(rows)
