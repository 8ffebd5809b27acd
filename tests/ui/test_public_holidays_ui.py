"""The public holidays in the dashboard: the team's region form, a person's own region, the Timeline's marks."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from supportpm_tui.services import people
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.commands import SupportPMCommands
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.timeline import TimelineScreen
from supportpm_tui.ui.widgets.timeline_chart import HEADER_LINES, HOLIDAY
from tests.ui.conftest import SIZE, fill, settle
from tests.ui.test_capacity import open_capacity


async def test_the_team_holidays_form_says_what_is_wrong_next_to_the_field_then_saves(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {name: run for name, run, _ in SupportPMCommands(app.screen, None)._commands()}
        await commands["Team public holidays…"]()  # from the palette
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


EPIPHANY = dt.date(2027, 1, 6)  # a public holiday in Bavaria; not one of the demo's holidays for everyone


async def _epiphany_marks(app: SupportPMApp) -> tuple[int, list[str]]:
    """Return how many holidays the Timeline's weeks header marks, and what each row draws on Epiphany's column."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        chart = screen.chart
        lines = ["".join(s.text for s in chart.render_line(y)) for y in range(HEADER_LINES + len(chart.rows))]
        at = chart.label_width(chart.size.width) + 1 + chart.scale.x(EPIPHANY)
        assert at < chart.size.width  # in view on the weeks scale
        return lines[1].count(HOLIDAY), [line[at] for line in lines[HEADER_LINES:]]


async def test_the_timeline_marks_no_public_holidays_without_a_region(app: SupportPMApp) -> None:
    header, rows = await _epiphany_marks(app)
    assert header == 3  # the demo's own holidays for everyone in view, but where a week's label is
    assert HOLIDAY not in rows


async def test_the_timeline_marks_the_team_regions_public_holidays(demo_store: Store) -> None:
    people.edit_settings(demo_store, holiday_region="DE-BY")
    header, rows = await _epiphany_marks(make_app(demo_store, theme="textual-dark"))
    assert header == 3  # Bavaria's in view are the demo's, and Epiphany, under W01's label
    assert rows.count(HOLIDAY) >= len(rows) // 2
