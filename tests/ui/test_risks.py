"""Risks screen: register, heat map, issues, change requests, and every action."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from supportpm_tui.services import change_requests, issues, risks
from supportpm_tui.services.records import milestone_records
from supportpm_tui.ui.app import SupportPMApp
from supportpm_tui.ui.modals.dialogs import ConfirmModal, TextPromptModal
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.risks import RisksScreen
from supportpm_tui.ui.widgets.heat_map import HeatMap
from tests.ui.conftest import SIZE, fill, settle


async def open_risks(pilot) -> RisksScreen:  # type: ignore[no-untyped-def]
    await pilot.press("4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RisksScreen)
    return screen


def ids(table: DataTable) -> list[int]:  # type: ignore[type-arg]
    return [int(str(key.value)) for key in table.rows]


async def test_register_order_and_bands_agree_with_the_cli(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        table = screen.table("risks")
        assert ids(table) == [r.id for r in risks.list_risks(app.session.store)]
        first = table.get_row_at(0)
        assert first[0].plain.strip() == "16" and first[1].plain == "critical"
        overdue = [table.get_row_at(i)[8].plain for i in range(table.row_count)]
        assert any(text.endswith("!") for text in overdue)


async def test_heat_map_counts_and_filters(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        heat = screen.query_one(HeatMap)
        assert heat.counts[(4, 4)] == 1 and (2, 3) not in heat.counts  # occurred risks are not counted
        heat.focus()
        await pilot.press("up", "right", "enter")  # from (3, 3) to (4, 4)
        await settle(pilot)
        assert screen.cell == (4, 4)
        assert screen.table("risks").row_count == 1
        assert "L4 × I4" in str(screen.query_one("#heat-note", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert screen.cell is None and screen.table("risks").row_count == 5


async def test_sort_cycles_the_register_order(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        await pilot.press("s")
        assert screen.sort_by == "review"
        reviews = [r.review_date for r in screen.visible_risks()]
        assert reviews == sorted(reviews)


async def test_new_risk_form_validates_and_saves(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)

        fill(form, project="MFA", title="Authenticator outage", likelihood="7", impact="x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "at most 5" in str(form.query_one("#error-likelihood", Static).render())
        assert "not a number" in str(form.query_one("#error-impact", Static).render())
        fill(form, likelihood="3", impact="5", owner="Nobody", review="someday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a date" in str(form.query_one("#error-review", Static).render())
        fill(form, review="+1w")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no person named" in str(form.query_one("#error-owner", Static).render())
        fill(form, owner="Aisha Khan", milestone="Enrolment wave 1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RisksScreen)
        risk = screen.selected("risks")
        assert risk is not None and risk.title == "Authenticator outage" and risk.band == "critical"


async def test_edit_close_and_delete_a_risk(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-mitigation", Input).value = "[bold]Second vendor[/]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        first = screen.selected("risks")
        assert first is not None and first.mitigation == "[bold]Second vendor[/]"
        await pilot.press("c")
        await settle(pilot)
        assert risks.show_risk(app.session.store, first.id).status == "closed"
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert first.id not in [r.id for r in risks.list_risks(app.session.store)]


async def test_convert_a_risk_to_an_issue_asks_first_then_jumps_to_it(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        risk = screen.selected("risks")
        assert risk is not None
        issues_before = issues.list_issues(app.session.store)
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal)
        said = dialog.question + " ".join(dialog.details)
        assert f"#{risk.id}" in said and risk.title in said
        assert "occurred" in said and "new issue" in said
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and screen.tab == "tab-risks"
        assert risks.show_risk(app.session.store, risk.id).status == risk.status
        assert issues.list_issues(app.session.store) == issues_before
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert screen.tab == "tab-issues"
        issue = screen.selected("issues")
        assert issue is not None and issue.risk_id == risk.id
        assert risks.show_risk(app.session.store, risk.id).status == "occurred"
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-root_cause", Input).value = "Vendor capacity"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert issues.show_issue(app.session.store, issue.id).root_cause == "Vendor capacity"


async def test_approve_shows_the_moves_first(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        await pilot.press("g", "g")
        await settle(pilot)
        assert screen.tab == "tab-changes"
        change = screen.selected("changes")
        assert change is not None and change.status == "proposed"
        before = {m.name: m for m in milestone_records(app.session.store)}["Enrolment wave 1"]
        preview = change_requests.approval_preview(app.session.store, change.id)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal)
        assert f"{preview[0].old_due} → {preview[0].new_due}" in dialog.question
        await pilot.press("n")
        await settle(pilot)
        assert change_requests.show_change(app.session.store, change.id).status == "proposed"
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        after = {m.name: m for m in milestone_records(app.session.store)}["Enrolment wave 1"]
        assert after.due_date == preview[0].new_due and after.baseline_date == before.baseline_date
        assert change_requests.show_change(app.session.store, change.id).status == "approved"


async def test_reject_and_defer_ask_why(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        screen.show_tab("tab-changes")
        await settle(pilot)
        change = screen.selected("changes")
        assert change is not None
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, TextPromptModal)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TextPromptModal)  # a reason is required
        await pilot.press(*"after the freeze", "enter")
        await settle(pilot)
        assert change_requests.show_change(app.session.store, change.id).status == "deferred"
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"no budget", "enter")
        await settle(pilot)
        shown = change_requests.show_change(app.session.store, change.id)
        assert shown.status == "rejected" and shown.decision_note == "no budget"


async def test_new_change_request_and_issue(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        screen.show_tab("tab-changes")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        for name, value in {
            "project": "PAT",
            "title": "Add a wave",
            "days": "x",
            "milestones": "Wave 2 servers patched",
        }.items():
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a number" in str(form.query_one("#error-days", Static).render())
        form.query_one("#field-days", Input).value = "4"
        form.query_one("#field-milestones", Input).value = "No such"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no milestone" in str(form.query_one("#error-milestones", Static).render())
        form.query_one("#field-milestones", Input).value = "Wave 2 servers patched"
        await pilot.press("ctrl+s")
        await settle(pilot)
        change = screen.selected("changes")
        assert change is not None and change.title == "Add a wave" and change.milestones == ["Wave 2 servers patched"]
        screen.show_tab("tab-issues")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-project", Input).value = "ONB"
        form.query_one("#field-title", Input).value = "HR system down"
        await pilot.press("ctrl+s")
        await settle(pilot)
        issue = screen.selected("issues")
        assert issue is not None and issue.title == "HR system down"


async def test_tab_actions_only_on_their_tab(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        assert screen.check_action("approve", ()) is False
        assert screen.check_action("close", ()) is True
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, RisksScreen)


async def test_a_decision_stands_in_the_dashboard(app: SupportPMApp) -> None:
    store = app.session.store
    approved = next(c for c in change_requests.list_changes(store) if c.status == "approved")
    standing = f"change request {approved.id} was already approved on {approved.decided} by {approved.decided_by}"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        screen.show_tab("tab-changes")
        await settle(pilot)
        screen.change_requests.select(approved.id)
        await settle(pilot)
        for key in ("a", "r", "f"):
            app.clear_notifications()
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, RisksScreen), key  # no preview, no question why
            said = [str(n.message) for n in app._notifications]
            assert len(said) == 1 and said[0] == f"{standing}; a decision stands", (key, said)
            assert "supportpm" not in said[0]
        assert change_requests.show_change(store, approved.id).decided == approved.decided


async def test_a_request_decided_elsewhere_meanwhile_stands(app: SupportPMApp) -> None:
    store = app.session.store
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        screen.show_tab("tab-changes")
        await settle(pilot)
        change = screen.selected("changes")
        assert change is not None and change.status == "proposed"
        change_requests.decide_change(store, change.id, "rejected", "decided on the command line")
        app.clear_notifications()
        await pilot.press("a")  # the row on screen still says proposed; the database says rejected
        await settle(pilot)
        assert isinstance(app.screen, RisksScreen)
        said = [str(n.message) for n in app._notifications]
        assert any(f"change request {change.id} was already rejected" in m and "decision stands" in m for m in said)
        assert change_requests.show_change(store, change.id).status == "rejected"


async def test_a_risk_that_already_occurred_is_refused_without_asking(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        risk = screen.selected("risks")
        assert risk is not None
        risks.risk_to_issue(app.session.store, risk.id)
        app.data_changed()
        await settle(pilot)
        screen.risk_register.select(risk.id)
        await pilot.press("i")
        await settle(pilot)
        assert app.screen is screen
        assert any("already become an issue" in str(n.message) for n in app._notifications)


async def test_a_change_elsewhere_leaves_the_register_rows_as_they_are_and_a_changed_risk_is_redrawn_in_place(
    app: SupportPMApp,
) -> None:
    """The register's table is filled again only when its rows or their order changed: on years of history it
    holds thousands of rows, and filling it measures every cell on the interface's thread."""
    from supportpm_tui.services import tasks

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        table = screen.table("risks")
        filled: list[int] = []
        real_clear = table.clear

        def clear(*args: object, **kwargs: object) -> object:
            filled.append(table.row_count)
            return real_clear(*args, **kwargs)  # type: ignore[arg-type]

        table.clear = clear  # type: ignore[method-assign]
        order = ids(table)
        tasks.add_task(app.session.store, "A card, not a risk", project="MFA")
        app.data_changed()
        await settle(pilot)
        assert filled == [] and ids(table) == order
        risk = risks.list_risks(app.session.store)[-1]
        risks.edit_risk(app.session.store, risk.id, title="Renamed in place")
        app.data_changed()
        await settle(pilot)
        assert filled == [] and ids(table) == order
        row = table.get_row(str(risk.id))
        assert "Renamed in place" in row[2].plain
        first = risks.list_risks(app.session.store)[-1]
        risks.edit_risk(app.session.store, first.id, likelihood=5, impact=5)  # now first by score: a new order
        app.data_changed()
        await settle(pilot)
        assert len(filled) == 1 and ids(table) == [r.id for r in risks.list_risks(app.session.store)]
        assert ids(table)[0] == first.id


async def test_a_long_register_fills_in_steps_and_a_redraw_meanwhile_wins(
    app: SupportPMApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Years of closed risks are added a step at a time (keys are answered between): the table ends up whole,
    in the order last asked for, with the selected row kept."""
    from supportpm_tui.ui.widgets import register_pane

    monkeypatch.setattr(register_pane, "FILL_STEP", 2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_risks(pilot)
        table = screen.table("risks")
        everything = [r.id for r in risks.list_risks(app.session.store)]
        assert len(everything) > 4 and ids(table) == everything
        table.move_cursor(row=len(everything) - 1)  # the last row, added in the last step
        kept = ids(table)[-1]
        app.data_changed()
        await pilot.press("s")  # sorted again while the reload fills the table
        await settle(pilot)
        assert ids(table) == [r.id for r in screen.visible_risks()]
        assert ids(table)[table.cursor_row] == kept
