"""Projects (key 6): the table, the selected project's page, its scope and readiness, checklist and workstreams."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from supportpm_tui.ui.app import SupportPMApp
from supportpm_tui.ui.screens.projects import ProjectsScreen
from tests.ui.conftest import SIZE, settle


async def open_projects(pilot) -> ProjectsScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProjectsScreen)
    return screen


def page(screen: ProjectsScreen) -> str:
    return str(screen.query_one("#project-page", Static).render())


async def test_smoke(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_projects(pilot)
        table = screen.query_one("#projects-table", DataTable)
        for r in range(table.row_count):
            print([str(c) for c in table.get_row_at(r)])
        print(screen.data.page is None, screen.selected_key, screen.page is None)
        print(repr(screen.query_one("#project-page", Static).content)[:300])
        print(page(screen))
        cl = screen.checklist
        for r in range(cl.row_count):
            print([str(c) for c in cl.get_row_at(r)])
        screen.show_page(screen.page)
        pilot.app.save_screenshot("s.svg", "/tmp/projects-helper")
        assert False
