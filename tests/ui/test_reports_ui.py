"""The leadership summary in the dashboard: L (or the palette) previews it; another month is written on enter;
ctrl+y copies it, ctrl+o saves it, ctrl+s records it (and undo takes the record back)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from supportpm_tui.services.summary import list_summaries
from supportpm_tui.ui.app import SupportPMApp
from supportpm_tui.ui.modals.dialogs import TextPromptModal
from supportpm_tui.ui.modals.report import SummaryReportModal
from tests.ui.conftest import SIZE, settle


def preview(modal: SummaryReportModal) -> str:
    return str(modal.query_one("#report-text", Static).render())


async def test_l_previews_the_summary_which_is_recorded_copied_and_saved(app: SupportPMApp, tmp_path: Path) -> None:
    store = app.session.store
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, SummaryReportModal)
        text = preview(modal)
        assert text.startswith("# Leadership summary: November 2026") and "## Exceptions" in text
        assert "| MFA rollout (MFA) | Red |" in text
        month = modal.query_one("#report-field", Input)
        assert month.value == "2026-11"
        month.value = "2026-13"
        await pilot.pause()
        assert modal.report is None and "Press enter to write the summary of 2026-13" in preview(modal)
        await pilot.press("ctrl+s", "ctrl+y")
        await settle(pilot)
        assert list_summaries(store) == [] and app.screen is modal  # nothing recorded for a month not written
        await pilot.press("enter")
        await settle(pilot)
        assert "give a month as YYYY-MM" in str(modal.query_one("#report-error", Static).render())
        assert modal.report is None and preview(modal) == ""
        month.value = "2026-10"
        await pilot.press("enter")
        await settle(pilot)
        assert preview(modal).startswith("# Leadership summary: October 2026")
        assert str(modal.query_one("#report-error", Static).render()) == ""
        await pilot.press("ctrl+y")
        assert app.clipboard.startswith("# Leadership summary: October 2026")
        await pilot.press("ctrl+o")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, TextPromptModal)
        assert prompt.query_one(Input).value == "leadership-summary-2026-10.md"
        target = tmp_path / "summary.md"
        prompt.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.read_text() == modal.text and app.screen is modal
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SummaryReportModal)
        (recorded,) = list_summaries(store)
        assert (recorded.month, recorded.day) == ("2026-10", "2026-11-18")
        await pilot.press("u")
        await settle(pilot)
        assert list_summaries(store) == []


async def test_the_palette_opens_the_summary(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"leadership")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryReportModal)
