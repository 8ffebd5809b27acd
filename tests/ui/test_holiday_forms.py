"""The public holidays in the dashboard: the team's region form and a person's own region."""

from __future__ import annotations

from textual.widgets import Static

from supportpm_tui.services import people
from supportpm_tui.ui.app import SupportPMApp
from supportpm_tui.ui.modals.form import FormModal
from tests.ui.conftest import SIZE, fill, settle
from tests.ui.test_capacity import open_capacity


async def test_the_team_holidays_form_says_what_is_wrong_next_to_the_field_then_saves(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("team_holidays")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.form_title == "Team public holidays"
        fill(form, holiday_region="DE-BYY")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "did you mean DE-BY" in str(form.query_one("#error-holiday_region", Static).render())
        assert people.show_settings(app.session.store).holiday_region == ""
        fill(form, holiday_region="de-by")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert people.show_settings(app.session.store).holiday_region == "DE-BY"


async def test_the_person_form_takes_their_own_region(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_capacity(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal) and form.form_title == "New person"
        fill(form, name="Noor Haddad", holiday_region="Narnia")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no public holidays known for country 'Narnia'" in str(
            form.query_one("#error-holiday_region", Static).render()
        )
        fill(form, holiday_region="GB-Scotland")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert people.show_person(app.session.store, "Noor Haddad").holiday_region == "GB-SCT"
