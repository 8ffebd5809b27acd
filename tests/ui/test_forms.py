"""Forms: every error at once next to its field, lists to choose from, blockers on a card, what the user changed."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from supportpm_tui.services import tasks
from supportpm_tui.services.records import show_task, task_records
from supportpm_tui.ui.app import SupportPMApp
from supportpm_tui.ui.modals.form import FormField, FormModal
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.widgets.choice import ChoiceInput
from tests.ui.conftest import SIZE, fill, settle


async def open_form(pilot, key: str) -> FormModal:
    """Open the board, then the form ``key`` opens (n: a new card, e: edit the selected card)."""
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BoardScreen)
    await pilot.press(key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormModal)
    return form


def error_of(form: FormModal, name: str) -> str:
    return str(form.query_one(f"#error-{name}", Static).render())


def listed(form: FormModal, name: str) -> list[str]:
    """Return the labels choice field ``name`` lists now."""
    return [label for label, _ in form.query_one(f"#choice-{name}", ChoiceInput).shown]


async def test_saving_shows_every_error_moves_to_the_first_and_a_correction_clears_it(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "n")
        fill(form, title="Swap tokens", project="MFA", assignee="Nobody", start="2026-12-10", due="2026-12-01")
        fill(form, estimate="lots", priority="soonish")
        scroll = form.query_one("#form-fields", VerticalScroll)
        form.query_one("#field-title", Input).focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Local checks that the service would report one at a time all show together.
        assert "no person named 'Nobody'" in error_of(form, "assignee")
        assert "before the start" in error_of(form, "due")
        assert "not a number" in error_of(form, "estimate")
        assert "choose one of" in error_of(form, "priority")
        assert error_of(form, "title") == "" and error_of(form, "start") == ""
        assert form.focused is form.query_one("#field-assignee", Input)
        # Correcting a field clears its message at once; the others stay until they are right.
        await pilot.press("ctrl+u", *"Priya")
        await pilot.pause()
        assert "no person named 'Priya'" in error_of(form, "assignee")  # not a full name yet
        await pilot.press(*" Shah")
        await pilot.pause()
        assert error_of(form, "assignee") == ""
        assert "not a number" in error_of(form, "estimate")
        fill(form, due="2026-12-18")
        await pilot.pause()
        assert error_of(form, "due") == ""
        fill(form, estimate="6")
        await pilot.pause()
        assert error_of(form, "estimate") == ""
        # A field far down the form in error is scrolled to.
        fill(form, priority="high", kind="chore-ish")
        form.query_one("#field-title", Input).focus()
        scroll.scroll_home(animate=False)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.focused is form.query_one("#field-kind", Input)
        row = form.query_one("#row-kind")
        for _ in range(40):  # the message under the field lays out, then the form scrolls to show it whole
            if row.region.y >= scroll.region.y and row.region.bottom <= scroll.region.bottom:
                break
            await pilot.pause(0.05)
        assert row.region.y >= scroll.region.y and row.region.bottom <= scroll.region.bottom
        await pilot.press("ctrl+u", *"docs")
        await pilot.pause()
        assert error_of(form, "kind") == ""


async def test_a_person_is_chosen_by_typing_part_of_the_name(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "n")
        fill(form, title="Order tokens", project="MFA")
        form.query_one("#field-assignee", Input).focus()
        await pilot.pause()
        assert listed(form, "assignee")[0] == "none" and "Priya Shah" in listed(form, "assignee")
        assert form.query_one("#choice-assignee").has_class("-open")
        await pilot.press(*"os")
        await pilot.pause()
        assert listed(form, "assignee") == ["Daniel Osei", "Sofia Rossi"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert form.query_one("#field-assignee", Input).value == "Sofia Rossi"
        await pilot.press("enter")  # the choice is made: enter saves
        await settle(pilot)
        assert not isinstance(app.screen, FormModal)
        card = next(c for c in task_records(app.session.store) if c.title == "Order tokens")
        assert card.assignee == "Sofia Rossi"


async def test_the_milestones_listed_follow_the_project(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "n")
        fill(form, title="Kit list", project="ONB")
        await pilot.pause()
        assert listed(form, "milestone") == ["none", "New starter checklist", "Day-one laptop kit"]
        fill(form, project="PAT")
        await pilot.pause()
        assert listed(form, "milestone") == ["none", "Wave 2 servers patched", "Patch compliance report"]
        fill(form, milestone="Day-one laptop kit")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no milestone 'Day-one laptop kit' in PAT" in error_of(form, "milestone")
        form.query_one("#field-milestone", Input).focus()
        await pilot.press("ctrl+u", *"compl", "enter")
        await pilot.pause()
        assert form.raw("milestone") == "Patch compliance report" and error_of(form, "milestone") == ""


async def test_blockers_and_the_reason_are_edited_in_the_card_form(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "e")
        card_id = int(form.form_title.rsplit("#", 1)[1])
        assert form.query_one("#field-blocked_reason", Input).disabled  # only a blocked card has a reason
        assert f"#{card_id}" not in [v for _, v in form.query_one("#choice-blockers", ChoiceInput).choices]
        fill(form, blockers="#999, 2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no card #999" in error_of(form, "blockers")
        form.query_one("#field-blockers", Input).focus()
        await pilot.press("ctrl+u", *"2, hand out", "enter")
        await pilot.pause()
        assert form.query_one("#field-blockers", Input).value == "2, #3, "
        assert error_of(form, "blockers") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormModal)
        assert show_task(app.session.store, card_id).blockers == [2, 3]
        # Shown again the next time, with the reason of a blocked card to edit.
        tasks.move_task(app.session.store, card_id, "blocked", reason="waiting for HR")
        await settle(pilot)
        form2 = await _edit_card(pilot, card_id)
        assert form2.query_one("#field-blockers", Input).value == "#2, #3"
        assert form2.query_one("#field-blocked_reason", Input).value == "waiting for HR"
        fill(form2, blocked_reason="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "required" in error_of(form2, "blocked_reason")
        fill(form2, blocked_reason="waiting for HR and IT")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert show_task(app.session.store, card_id).blocked_reason == "waiting for HR and IT"


async def _edit_card(pilot, card_id: int) -> FormModal:
    """Open the edit form of card ``card_id`` the way the board does."""
    board = pilot.app.screen
    assert isinstance(board, BoardScreen)
    board._edit_form(show_task(pilot.app.session.store, card_id))
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormModal)
    return form


class FormApp(App[None]):
    """A bare app showing one form."""

    def __init__(self, form: FormModal) -> None:
        super().__init__()
        self.form = form

    def compose(self) -> ComposeResult:
        yield Static("behind")

    def on_mount(self) -> None:
        self.push_screen(self.form)


async def test_changed_fields_names_what_the_user_changed() -> None:
    fields = [
        FormField("title", "Title", "Order tokens"),
        FormField("estimate", "Estimate", "4", kind="number"),
        FormField("priority", "Priority", "normal", kind="choice", required=True, choices=["low", "normal", "high"]),
        FormField("note", "Note"),
    ]
    form = FormModal("Edit", fields, lambda form, values: None)
    async with FormApp(form).run_test() as pilot:
        await pilot.pause()
        assert form.changed_fields() == []
        fill(form, estimate="6", priority="High", note="")
        assert form.changed_fields() == ["estimate", "priority"]
        fill(form, estimate="4")
        assert form.changed_fields() == ["priority"]


async def test_a_due_date_typed_in_the_past_asks_before_it_is_saved(app: SupportPMApp) -> None:
    """n: no, back at the field; y: saved. Editing another field of a card already past due asks nothing."""
    from supportpm_tui.ui.modals.dialogs import ConfirmModal

    store = app.session.store
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "n")
        fill(form, title="Order spare tokens", project="MFA", estimate="2", due="2026-11-10")
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmModal) and "Due 10 Nov: in the past" in question.question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form and form.focused is form.query_one("#field-due", Input)
        assert not [t for t in task_records(store) if t.title == "Order spare tokens"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        (card,) = [t for t in task_records(store) if t.title == "Order spare tokens"]
        assert card.due == "2026-11-10" and isinstance(app.screen, BoardScreen)
        board = app.screen
        board.select_card(card.id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        edit = app.screen
        assert isinstance(edit, FormModal)
        fill(edit, estimate="3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert show_task(store, card.id).estimate == 3.0
