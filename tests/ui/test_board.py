"""Board: every key, every form's validation, WIP and overload markers."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Input, Static

from supportpm_tui.services import tasks
from supportpm_tui.services.board import CardView
from supportpm_tui.services.records import show_task, task_records
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.modals.dialogs import ConfirmModal, HelpModal, TextPromptModal
from supportpm_tui.ui.modals.form import FormModal
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.widgets.board_column import BoardColumn, LaneTitle, card_rows
from tests.ui.conftest import SIZE, fill, settle
from tests.ui.test_keymap import help_rows, write_config


async def open_board(pilot) -> BoardScreen:  # type: ignore[no-untyped-def]
    await pilot.press("2")
    await settle(pilot)
    board = pilot.app.screen
    assert isinstance(board, BoardScreen)
    return board


def error_of(app: SupportPMApp, field: str) -> str:
    return str(app.screen.query_one(f"#error-{field}", Static).render())


async def test_arrows_and_hjkl_move_the_selection(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert board.current.column == "backlog" and board.current.cursor == 0
        await pilot.press("down", "j")
        assert board.current.cursor == 2
        await pilot.press("k")
        assert board.current.cursor == 1
        await pilot.press("right")
        assert board.current.column == "ready"
        await pilot.press("l", "l")
        assert board.current.column == "blocked"
        await pilot.press("h", "left")
        assert board.current.column == "ready"
        await pilot.press("end")
        assert board.current.cursor == len(board.current.cards) - 1
        await pilot.press("home")
        assert board.current.cursor == 0


async def test_greater_and_less_move_a_card_between_columns(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        card = board.card
        assert card is not None and card.column == "backlog"
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert show_task(app.session.store, card.id).column == "ready"
        assert board.card is not None and board.card.id == card.id  # the selection follows the card
        await pilot.press("shift+right")
        await settle(pilot)
        assert show_task(app.session.store, card.id).column == "in_progress"
        await pilot.press("less_than_sign")
        await settle(pilot)
        await pilot.press("shift+left")
        await settle(pilot)
        assert show_task(app.session.store, card.id).column == "backlog"


async def test_moving_into_blocked_asks_the_reason(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press("l", "l")  # in progress
        card = board.card
        assert card is not None
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert isinstance(app.screen, TextPromptModal)
        await pilot.press("enter")  # empty: refused, the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, TextPromptModal)
        assert "required" in str(app.screen.query_one("#prompt-error", Static).render())
        await pilot.press(*"vendor", "enter")
        await settle(pilot)
        record = show_task(app.session.store, card.id)
        assert record.column == "blocked" and record.blocked_reason == "vendor"


async def test_b_blocks_and_escape_cancels(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        card = board.card
        assert card is not None
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert show_task(app.session.store, card.id).column == "backlog"
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*"waiting for HR", "enter")
        await settle(pilot)
        assert show_task(app.session.store, card.id).blocked_reason == "waiting for HR"


async def test_moving_out_of_done_asks_the_remaining_hours(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press(*"lllll")
        card = board.card
        assert card is not None and card.column == "done"
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await pilot.press(*"abc", "enter")
        await settle(pilot)
        assert "not a number" in error_of(app, "remaining")
        app.screen.query_one("#field-remaining", Input).value = "3"
        await pilot.press("enter")
        await settle(pilot)
        record = show_task(app.session.store, card.id)
        assert record.column == "testing" and record.remaining == 3


async def test_shift_up_and_down_reorder_within_a_column(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        first, second = board.current.cards[0].id, board.current.cards[1].id
        await pilot.press("J")
        await settle(pilot)
        order = [t.id for t in task_records(app.session.store, column="backlog")]
        assert order[:2] == [second, first]
        assert board.card is not None and board.card.id == first
        await pilot.press("shift+up")
        await settle(pilot)
        assert [t.id for t in task_records(app.session.store, column="backlog")][:2] == [first, second]
        await pilot.press("shift+down", "K")
        await settle(pilot)
        assert [t.id for t in task_records(app.session.store, column="backlog")][:2] == [first, second]


async def test_new_card_form_validates_every_field(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press("l")  # Ready
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "required" in error_of(app, "title")
        assert "required" in error_of(app, "project")

        fill(form, title="Write rollback runbook", project="MFA", due="2026-02-30", estimate="-3", start="soon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a real date" in error_of(app, "due")
        assert "at least 0" in error_of(app, "estimate")
        assert "not a date" in error_of(app, "start")
        fill(form, due="+2w", estimate="6", start="", assignee="Nobody Here")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        assert "no person named" in error_of(app, "assignee")
        fill(form, assignee="Aisha Khan", project="NOPE")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no project" in error_of(app, "project")
        fill(form, project="MFA", milestone="No such milestone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no milestone" in error_of(app, "milestone")
        fill(form, milestone="Enrolment wave 2", due="2026-12-01", start="2026-12-05")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "before the start" in error_of(app, "due")
        fill(form, start="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        added = [t for t in task_records(app.session.store) if t.title == "Write rollback runbook"]
        assert added and added[0].column == "ready" and added[0].assignee == "Aisha Khan"
        assert board.card is not None and board.card.title == "Write rollback runbook"


async def test_edit_form_saves_and_escape_discards(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        card = board.card
        assert card is not None
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-title", Input).value == card.title
        form.query_one("#field-title", Input).value = "Renamed card"
        await pilot.press("escape")
        await settle(pilot)
        assert show_task(app.session.store, card.id).title == card.title
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-title", Input).value = "[bold]Renamed[/] card"
        form.query_one("#field-due", Input).value = "none"
        await pilot.press("ctrl+s")
        await settle(pilot)
        record = show_task(app.session.store, card.id)
        assert record.title == "[bold]Renamed[/] card" and record.due is None
        assert board.card is not None and board.card.title == "[bold]Renamed[/] card"
        line = "".join(seg.text for seg in board.current.render_line(1))
        assert "[bold]Renamed[/] card" in line


async def test_delete_asks_to_confirm(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        card = board.card
        assert card is not None
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert show_task(app.session.store, card.id).title == card.title
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert card.id not in [t.id for t in task_records(app.session.store)]


async def test_u_undoes_the_last_change(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        card = board.card
        assert card is not None
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert show_task(app.session.store, card.id).column == "ready"
        await pilot.press("u")
        await settle(pilot)
        assert show_task(app.session.store, card.id).column == "backlog"
        assert card.id in [c.id for c in board.columns()[0].cards]


async def test_wip_limits_and_overload_are_marked(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        title = board.query_one("#title-in_progress", LaneTitle)
        assert title.has_class("over-wip")
        assert "over" in str(title.render())
        assert not board.query_one("#title-ready", LaneTitle).has_class("over-wip")
        cards = {c.title: c for col in board.columns() for c in col.cards}
        assert cards["Image pilot laptops"].assignee_overloaded
        assert cards["Write MFA user guide"].assignee_over_wip
        column = board.columns()[2]
        index = column.cards.index(cards["Image pilot laptops"])
        line = next(line for line in card_text(column, column.cards[index].id) if "Tom Becker" in line)
        assert "Tom Becker ⚠" in line and "late" in line


async def test_a_failed_write_says_so_and_changes_nothing(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        card = board.card
        assert card is not None
        tasks.delete_task(app.session.store, card.id)  # someone else deleted it meanwhile
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert any("was deleted" in str(n.message) for n in app._notifications)


async def test_a_keymap_moves_a_card_with_its_own_key_and_help_shows_it(demo_store: Store) -> None:
    write_config({"keymap": {"board.move_right": "ctrl+right"}})
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        card = (await open_board(pilot)).card
        assert card is not None and card.column == "backlog"
        for key, column in (("greater_than_sign", "backlog"), ("ctrl+right", "ready")):  # ">" no longer moves it
            await pilot.press(key)
            await settle(pilot)
            assert show_task(app.session.store, card.id).column == column
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        keys, description, _ = {row[2]: row for row in help_rows(app.screen)}["board.move_right"]
        assert description == "Move right"
        assert keys == app.get_key_display(Binding("ctrl+right", "move(1)"))


def card_text(column: BoardColumn, card_id: int) -> list[str]:
    """Return the lines card ``card_id`` of ``column`` is drawn on (the column not scrolled)."""
    lines = ["".join(s.text for s in column.render_line(y)) for y in range(column.virtual_size.height)]
    index = next(i for i, c in enumerate(column.cards) if c.id == card_id)
    start = sum(1 for y in range(len(lines)) if column.card_at(y)[0] < index)
    end = sum(1 for y in range(len(lines)) if column.card_at(y)[0] <= index)
    return lines[start:end]


def ids_by_title(store: Store) -> dict[str, int]:
    return {t.title: t.id for t in task_records(store)}


async def test_a_blocked_card_shows_why_and_the_cards_it_waits_for(app: SupportPMApp) -> None:
    store = app.session.store
    ids = ids_by_title(store)
    blocked, guide = ids["Validate backups before wave 2"], ids["Write MFA user guide"]
    token = ids["Order hardware tokens"]
    tasks.edit_task(store, blocked, tasks.TaskValues(blockers=[guide, token]))
    tasks.edit_task(store, guide, tasks.TaskValues(blockers=[token]))
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        lines = card_text(board.query_one("#column-blocked", BoardColumn), blocked)
        assert "⊘ blocked" in lines[0] and "Validate backups" in lines[1]
        waiting = next(i for i, line in enumerate(lines) if "⊘ Waiting for the" in line)  # after the title's lines
        assert len(lines) == waiting + 4  # two lines more than a card held up by nothing
        assert lines[waiting].rstrip().endswith("…")  # cut to the column's width
        assert f"⊘ waits for #{min(guide, token)}, #{max(guide, token)}" in lines[waiting + 1]
        assert "Marek Nowak" in lines[waiting + 2] and not lines[waiting + 3].strip()
        lines = card_text(board.query_one("#column-in_progress", BoardColumn), guide)
        assert len(lines) == 5 and f"⊘ waits for #{token}" in lines[2] and "Lena Fischer" in lines[3]
        # a blocker done is not waited for any more
        tasks.move_task(store, token, "done")
        board.reload()
        await settle(pilot)
        lines = card_text(board.query_one("#column-in_progress", BoardColumn), guide)
        assert len(lines) == 4 and "⊘" not in "".join(lines)


async def blocked_card_selected(pilot, board: BoardScreen, card_id: int) -> None:  # type: ignore[no-untyped-def]
    board.select_card(card_id)
    await settle(pilot)
    assert board.card is not None and board.card.id == card_id and board.card.column == "blocked"


async def test_greater_or_less_on_a_blocked_card_asks_then_takes_it_back_where_it_was_blocked_from(
    app: SupportPMApp,
) -> None:
    store = app.session.store
    card = ids_by_title(store)["Order hardware tokens"]
    assert show_task(store, card).column == "ready"
    tasks.move_task(store, card, "blocked", "waiting for vendor")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await blocked_card_selected(pilot, board, card)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.question == (
            f"Unblock #{card} and move it back to Ready? The reason “waiting for vendor” will be cleared."
        )
        await pilot.press("n")  # cancel: nothing changes
        await settle(pilot)
        record = show_task(store, card)
        assert record.column == "blocked" and record.blocked_reason == "waiting for vendor"
        assert record.blocked_from == "ready"
        await pilot.press("less_than_sign")  # the other way goes to the same place
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal) and "back to Ready?" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        record = show_task(store, card)
        assert record.column == "ready" and record.blocked_reason == "" and record.blocked_from is None
        assert board.card is not None and board.card.id == card and board.current.column == "ready"


async def test_a_card_added_blocked_goes_back_to_the_column_before_blocked(app: SupportPMApp) -> None:
    store = app.session.store
    card = ids_by_title(store)["Validate backups before wave 2"]  # added blocked: the log has no move into blocked
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await blocked_card_selected(pilot, board, card)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal) and "back to In progress?" in app.screen.question
        await pilot.press("escape")
        await settle(pilot)
        assert show_task(store, card).column == "blocked"
        await pilot.press("shift+right")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert show_task(store, card).column == "in_progress"


def test_a_roomy_card_takes_two_lines_for_its_title_and_shows_its_tags() -> None:
    card = CardView(
        id=7, title="Deploy the wave 1 laptops to the finance team", column="ready", position=0, project="LAP",
        assignee="Tom Becker", due=None, priority="normal", kind="task", tags=("pilot", "finance"),
        blocked_reason="", remaining=4, milestone=None,
    )  # fmt: skip
    roomy = card_rows(card, (), 22, roomy=True)
    assert [kind for kind, _ in roomy] == ["head", "title", "title", "tags", "who", "blank"]
    assert roomy[1][1] == "Deploy the wave 1" and roomy[2][1].endswith("…") and len(roomy[2][1]) <= 22
    assert roomy[3][1] == "#pilot #finance"
    compact = card_rows(card, (), 22, roomy=False)
    assert [kind for kind, _ in compact] == ["head", "title", "who", "blank"]  # four lines, as ever


def test_the_key_bar_wraps_then_shortens_and_never_cuts_a_key() -> None:
    from supportpm_tui.ui.widgets.key_bar import Item, arrange

    node: Any = None
    items = [Item(k, d, True, f"do_{k}", node) for k, d in (("n", "New card"), ("e", "Edit"), ("t", "Log time"))]
    items += [Item(str(i), f"Screen {i}", True, f"switch_mode('{i}')", node) for i in range(1, 7)]
    items += [Item("?", "Help", True, "help", node)]
    assert len(arrange(items, 200)) == 1
    one = arrange(items, 60)  # the screen keys together fit one line
    assert len(one) == 1 and any(i.key == "1–6" and i.description == "screens" for i in one[0])
    two = arrange(items, 30)
    assert len(two) == 2 and all(sum(i.cells for i in line) <= 30 for line in two)
    shown = [i.key for line in arrange(items, 24) for i in line]
    assert "?" in shown and "n" in shown  # shortened, not cut


async def test_titles_and_header_redraw_only_when_what_they_show_changes(app: SupportPMApp, monkeypatch: Any) -> None:
    import datetime as dt

    from rich.text import Text

    from supportpm_tui.ui.widgets.header import DashboardHeader

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        title = board.query_one("#title-ready", LaneTitle)
        header = board.query_one(DashboardHeader)
        redrawn: list[object] = []
        monkeypatch.setattr(title, "refresh", lambda *a, **k: redrawn.append(title))
        monkeypatch.setattr(header, "refresh", lambda *a, **k: redrawn.append(header))

        def redraws(show: Any, *args: Any) -> int:
            redrawn.clear()
            show(*args)
            return len(redrawn)

        assert redraws(title.show, "Ready", Text("  3"), False)
        assert not redraws(title.show, "Ready", Text("  3"), False)
        assert redraws(title.show, "Ready", Text("  4"), False)
        assert redraws(title.show, "Ready", Text("  4"), True) and title.has_class("over-wip")
        day = dt.date(2026, 11, 18)
        assert redraws(header.show, "Board", "demo.db", day, "")
        assert not redraws(header.show, "Board", "demo.db", day, "")
        assert redraws(header.show, "Board", "demo.db", day, "@ana")
        assert "@ana" in str(header.render())
        # The key bar: its keys worked out again as they were draw nothing (a redraw of the bottom
        # line would widen the screen's next update to every line between it and the moved card).
        from supportpm_tui.ui.widgets.key_bar import KeyBar

        keys = board.query_one(KeyBar)
        monkeypatch.setattr(keys, "refresh", lambda *a, **k: redrawn.append(keys))
        assert not redraws(keys._build)
        board.action_move(1)
        assert not redraws(keys._build)
        keys._items = keys._items[:-1]
        assert redraws(keys._arrange)


async def test_moving_a_card_redraws_two_columns_without_laying_out_the_screen(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await settle(pilot)
        layouts = []
        original = board._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> None:
            layouts.append(1)
            original(*args, **kwargs)

        board._refresh_layout = counted  # type: ignore[method-assign]
        card = board.card
        assert card is not None
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert show_task(app.session.store, card.id).column == "ready"
        assert any(c.id == card.id for c in board.query_one("#column-ready", BoardColumn).cards)
        assert not layouts  # the two columns' lines changed, not their sizes: only they redraw
        for column in board.query(BoardColumn):
            assert column.virtual_size.height == column._height()


async def test_the_selected_column_is_drawn_in_the_themes_accent_and_follows_a_theme_change(app: SupportPMApp) -> None:
    from textual.color import Color

    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)

        def borders() -> dict[str, Color]:
            return {lane.id or "": lane.styles.border_top[1] for lane in board.query(".board-lane")}

        def colour(name: str) -> Color:
            return Color.parse(app.theme_variables[name])

        assert borders()["lane-backlog"] == colour("primary")
        assert borders()["lane-ready"] == colour("panel-lighten-2")
        await pilot.press("right")
        assert borders()["lane-ready"] == colour("primary")
        assert borders()["lane-backlog"] == colour("panel-lighten-2")
        before = colour("primary")
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        assert colour("primary") != before or colour("panel-lighten-2") != borders()["lane-backlog"]
        assert borders()["lane-ready"] == colour("primary")
        assert borders()["lane-backlog"] == colour("panel-lighten-2")


async def test_a_moved_card_is_drawn_as_it_is_saved_so_the_saved_board_draws_nothing_again(app: SupportPMApp) -> None:
    """The card drawn at once in its new column is the card the reload brings: its column is not laid out twice."""
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await settle(pilot)
        ready, backlog = board.query_one("#column-ready", BoardColumn), board.query_one("#column-backlog", BoardColumn)
        end = max(c.position for c in ready.cards) + 1
        backlog.cursor = next(i for i, c in enumerate(backlog.cards) if c.position != end)  # a place of its own
        card = board.card
        assert card is not None
        drawn: list[CardView] = []  # the card as the column was given it, each time
        lay_outs: list[int] = []
        set_cards, lay_out = ready.set_cards, ready._lay_out

        def given(cards: list[CardView], *args: Any, **kwargs: Any) -> None:
            drawn.extend(c for c in cards if c.id == card.id)
            set_cards(cards, *args, **kwargs)

        def laid_out() -> None:
            lay_outs.append(len(drawn))
            lay_out()

        ready.set_cards, ready._lay_out = given, laid_out  # type: ignore[method-assign]
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert board.loaded_version == app.session.data_version
        assert len(drawn) == 2  # at once, then as saved
        assert drawn[0] == drawn[1] and drawn[1].position == show_task(app.session.store, card.id).position == end
        assert lay_outs == [1]  # laid out once, for the card drawn at once
