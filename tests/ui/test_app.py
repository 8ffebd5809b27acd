"""The app shell: modes, help, palette, themes, filters, empty states."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from supportpm_tui.settings.config import load_config
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.commands import SupportPMCommands
from supportpm_tui.ui.modals.dialogs import HelpModal, PickerModal, TextPromptModal
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.screens.board import BoardScreen
from supportpm_tui.ui.screens.capacity import CapacityScreen
from supportpm_tui.ui.screens.overview import OverviewScreen
from supportpm_tui.ui.screens.projects import ProjectsScreen
from supportpm_tui.ui.screens.risks import RisksScreen
from supportpm_tui.ui.screens.timeline import TimelineScreen
from supportpm_tui.ui.widgets.board_column import BoardColumn
from supportpm_tui.ui.widgets.entry_list import EntryList
from supportpm_tui.ui.widgets.header import DashboardHeader
from tests.ui.conftest import SIZE, screens_ready, settle


def all_cards(screen: BoardScreen) -> list[int]:
    return [c.id for col in screen.columns() for c in col.cards]


async def test_number_keys_switch_screens(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)


async def test_every_screen_is_mounted_once(app: SupportPMApp, monkeypatch: pytest.MonkeyPatch) -> None:
    mounted: Counter[str] = Counter()
    mount = BaseScreen.on_mount

    def counted(screen: BaseScreen[Any]) -> None:
        mounted[type(screen).__name__] += 1
        mount(screen)

    monkeypatch.setattr(BaseScreen, "on_mount", counted)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in "234561":
            await pilot.press(key)
            await settle(pilot)
    assert set(mounted) >= {"OverviewScreen", "BoardScreen", "TimelineScreen", "RisksScreen", "CapacityScreen"}
    assert set(mounted.values()) == {1}, mounted  # sized, headed and loaded once, not once per class


async def test_header_names_the_database_and_the_day(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one(DashboardHeader).render())
        assert "demo.db" in text and "Wed 18 Nov 2026" in text and "week 47" in text


async def test_help_lists_every_key_of_the_screen(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        for description in (
            "Move right",
            "Move left",
            "Move down",
            "Move up",
            "New",
            "Edit",
            "Delete",
            "Block",
            "Undo",
            "Filter",
            "Project",
            "Overview",
            "Board",
            "Help",
            "Quit",
        ):
            assert description in rows, description
        assert rows["Move right"] == "> / shift+→"
        await pilot.press("escape")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_palette_holds_screens_actions_and_themes(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        provider = SupportPMCommands(app.screen, None)
        names = [name for name, _, _ in provider._commands()]
        for expected in (
            "Go to Overview",
            "Go to Board",
            "Move right",
            "New",
            "Block",
            "Undo",
            "Filter",
            "New person…",
            "New project…",
            "Theme: textual-light",
            "Theme: high-contrast",
        ):
            assert expected in names, expected
        for screen_key in ("1", "3", "4", "5", "6", "2"):
            await pilot.press(screen_key)
            await settle(pilot)
            shown = [name for name, _, _ in SupportPMCommands(app.screen, None)._commands()]
            textual_own = {"Scroll Up", "Scroll Down", "Scroll Left", "Scroll Right", "Scroll Home", "Scroll End"}
            textual_own |= {"Page Up", "Page Down", "Focus Next", "Focus Previous", "Copy selected text", "Select"}
            generic = [n for n in shown if n in textual_own or "cursor" in n.lower() or n.startswith("Toggle")]
            assert generic == [], (screen_key, generic)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"high-contrast")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "high-contrast"


async def test_theme_choice_is_remembered(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_theme("textual-light")
    assert load_config()["theme"] == "textual-light"
    again = make_app(demo_store)
    assert again.theme == "textual-light"


async def test_text_filter_applies_everywhere_and_escape_clears(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        before = len(all_cards(app.screen))  # type: ignore[arg-type]
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, TextPromptModal)
        await pilot.press(*"@tom", "enter")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        owners = {c.assignee for col in board.columns() for c in col.cards}
        assert owners == {"Tom Becker"}
        assert "@tom" in str(board.query_one(DashboardHeader).render())
        await pilot.press("1")
        await settle(pilot)
        people = app.screen.query_one("#list-people", EntryList)
        assert [e.ref for e in people.entries] == ["Tom Becker"]
        await pilot.press("escape")
        await settle(pilot)
        assert not app.session.filter.active
        await pilot.press("2")
        await settle(pilot)
        assert len(all_cards(app.screen)) == before  # type: ignore[arg-type]


async def test_tag_and_key_filters(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        app.set_filter(app.session.filter.with_text("#enrolment"))
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert {c.project for col in board.columns() for c in col.cards} == {"MFA"}
        app.set_filter(app.session.filter.with_text("key:PAT"))
        await settle(pilot)
        assert {c.project for col in board.columns() for c in col.cards} == {"PAT"}


async def test_project_filter_picker(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PickerModal)
        await pilot.press("down", "down", "enter")  # All, LAP, MFA
        await settle(pilot)
        assert app.session.filter.project == "MFA"
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert {c.project for col in board.columns() for c in col.cards} == {"MFA"}
        assert "project MFA" in str(board.query_one(DashboardHeader).render())


async def test_overview_entries_open_on_their_screen(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # first project: LAP, on its page
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        assert app.session.filter.project == "LAP"
        assert "LAP · Laptop refresh 2027" in str(app.screen.query_one("#project-page").render())
        await pilot.press("escape", "1")
        await settle(pilot)
        app.screen.query_one("#list-people", EntryList).focus()
        await pilot.press("enter")  # Tom Becker, overloaded
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert app.session.filter.people == ("tom becker",)
        await pilot.press("escape", "1")
        await settle(pilot)
        app.screen.query_one("#list-milestones", EntryList).focus()
        await pilot.press("enter")
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        assert timeline.chart.selected is not None and timeline.chart.selected.label == "Pilot devices imaged"
        await pilot.press("escape", "1")
        await settle(pilot)
        app.screen.query_one("#list-risks", EntryList).focus()
        await pilot.press("enter")
        await settle(pilot)
        risks = app.screen
        assert isinstance(risks, RisksScreen)
        assert risks.tab == "tab-risks"
        selected = risks.selected("risks")
        assert selected is not None and selected.band == "critical"
        await pilot.press("1")
        await settle(pilot)
        app.screen.query_one("#list-decisions", EntryList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RisksScreen) and app.screen.tab == "tab-changes"
        change = app.screen.selected("changes")
        assert change is not None and change.title == "Extend enrolment wave 1 by a week"


async def test_overview_sections_move_with_tab_and_hl(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.focused is app.screen.query_one("#list-projects")
        await pilot.press("l")
        assert app.focused is app.screen.query_one("#list-milestones")
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#list-people")
        await pilot.press("h", "h")
        assert app.focused is app.screen.query_one("#list-projects")
        await pilot.press("j")
        assert app.screen.query_one("#list-projects", EntryList).highlighted == 1


async def test_overview_shows_the_weeks_truth(app: SupportPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        labels = {e.label.split()[0] + " " + e.label.split()[1] for e in screen.data.people}
        assert "Tom Becker" in labels and "Aisha Khan" in labels
        statuses = {e.detail.split(",")[0].split(" ·")[0] for e in screen.data.milestones}
        assert {"late", "slipping", "at risk"} <= statuses
        assert screen.data.decisions and screen.data.changes


async def test_an_empty_database_greets_the_user(empty_store: Store) -> None:
    app = make_app(empty_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#welcome").display
        assert not app.screen.query_one("#overview").display
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.query_one("#board-empty").display


async def test_new_person_and_project_from_the_palette_actions(empty_store: Store) -> None:
    app = make_app(empty_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_new_project()
        await settle(pilot)
        await pilot.press(*"M F", "tab", *"Rollout", "ctrl+s")
        await settle(pilot)
        assert "2–10 letters" in str(app.screen.query_one("#error-key").render())
        app.screen.query_one("#field-key").value = "MFA"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.action_new_person()
        await settle(pilot)
        await pilot.press(*"Ana", "tab", "tab", *"200", "ctrl+s")
        await settle(pilot)
        assert "at most 168" in str(app.screen.query_one("#error-hours").render())
        app.screen.query_one("#field-hours").value = "40"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.query_one("#welcome").display


async def test_board_draws_only_visible_lines(tmp_path: Path, today: object) -> None:
    from bench.generate import generate_large

    store = generate_large(tmp_path / "large.db")
    app = make_app(store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert sum(len(col.cards) for col in board.columns()) == 10_000
        assert len(board.query(BoardColumn)) == 6  # no widget per card
        column = board.columns()[0]
        await pilot.press("end")
        await settle(pilot)
        assert column.cursor == len(column.cards) - 1
        assert column.scroll_offset.y > 0
    store.close()


@pytest.mark.prepared
async def test_screens_are_prepared_in_the_background_and_kept_current(demo_store: Store) -> None:
    from supportpm_tui.services import tasks

    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        assert await screens_ready(pilot)
        screens = {type(s) for s in app._prepared_screens()}
        assert screens == {OverviewScreen, BoardScreen, TimelineScreen, RisksScreen, CapacityScreen, ProjectsScreen}
        # A change while the Overview shows: the hidden Board reloads without being opened.
        tasks.add_task(demo_store, "Prepared card", project="MFA")
        app.data_changed()
        await screens_ready(pilot)
        board = next(s for s in app._prepared_screens() if isinstance(s, BoardScreen))
        assert board.loaded_version == app.session.data_version
        assert any(c.title == "Prepared card" for col in board.columns() for c in col.cards)
        await pilot.press("2")
        assert app.screen is board and board.loaded_version == app.session.data_version


@pytest.mark.prepared
async def test_a_screen_prepared_out_of_sight_is_drawn_then_and_its_first_show_draws_no_card_again(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    draw = BoardColumn.render_line

    def counted(column: BoardColumn, y: int) -> Any:
        drawn.append(column.column)
        return draw(column, y)

    monkeypatch.setattr(BoardColumn, "render_line", counted)
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        assert await screens_ready(pilot) and drawn  # the hidden Board drawn as it was loaded
        drawn.clear()
        await pilot.press("2")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert drawn == [], Counter(drawn)  # shown: its lines put together, none drawn again
        shown = "\n".join(strip.text for strip in board._compositor.render_strips())  # the lines drawn ahead
        assert all(card.title.split()[0] in shown for card in board.columns()[1].cards[:3])  # are the cards


async def test_without_preparation_screens_load_when_opened(demo_store: Store) -> None:
    app = make_app(demo_store, theme="textual-dark", prepare_screens=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [type(s) for s in app._prepared_screens()] == [OverviewScreen]
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.screen.columns()[0].cards


@pytest.mark.prepared
async def test_full_collections_wait_for_idle_moments_while_the_dashboard_runs(app: SupportPMApp) -> None:
    import gc

    from supportpm_tui.ui.preparation import HELD_FULL_COLLECTIONS

    before = gc.get_threshold()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_threshold() == (before[0], before[1], HELD_FULL_COLLECTIONS)
    assert gc.get_threshold() == before


@pytest.mark.prepared
async def test_middle_collections_wait_after_a_change_until_the_idle_collection(
    app: SupportPMApp, monkeypatch: Any
) -> None:
    import gc

    from supportpm_tui.ui import preparation

    before = gc.get_threshold()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        held = (before[0], before[1], preparation.HELD_FULL_COLLECTIONS)
        assert gc.get_threshold() == held
        await pilot.press("2")
        await settle(pilot)
        set_to: list[tuple[int, ...]] = []
        setter = gc.set_threshold
        monkeypatch.setattr(preparation.gc, "set_threshold", lambda *t: set_to.append(t) or setter(*t))
        app.screen.action_move(1)  # type: ignore[attr-defined]
        await settle(pilot)  # saved, reloaded, then collected while idle
        assert set_to[0] == (before[0], preparation.HELD_MIDDLE_COLLECTIONS, held[2])  # held from the change on
        for _ in range(200):  # the screens behind reload after a quiet moment; then the idle collection
            if app.screens_ready():
                break
            await pilot.pause(0.05)
        assert app.screens_ready()
        assert gc.get_threshold() == held
        monkeypatch.setattr(preparation, "MIDDLE_HELD_SECONDS", 0.05)
        app.preparation.hold()  # a change no reload follows: given back all the same
        assert gc.get_threshold()[1] == preparation.HELD_MIDDLE_COLLECTIONS
        await pilot.pause(0.3)
        assert gc.get_threshold() == held
    assert gc.get_threshold() == before


def test_the_tally_of_objects_set_aside_is_pythons_own_count() -> None:
    import gc

    from supportpm_tui.ui import preparation

    tally = preparation.SetAside()
    tally.count = tally.walked = gc.get_freeze_count()  # as if every object set aside so far had just been walked
    kept = [[n] for n in range(5000)]  # objects made since, that live on (lists: Python tracks them)
    tally.collect()
    assert abs(tally.count - gc.get_freeze_count()) < 10  # give or take what was made while setting aside
    assert tally.count >= tally.walked + len(kept)
    del kept  # freed as usual: Python's count drops, the tally cannot see it
    assert tally.count > gc.get_freeze_count()


def test_idle_collection_walks_everything_once_what_is_set_aside_has_grown(app: SupportPMApp, monkeypatch: Any) -> None:
    import gc

    from supportpm_tui.ui import preparation

    walked_all: list[bool] = []
    frozen = {"count": 0, "new": 0}  # set aside, and tracked since (what the next collection leaves)
    counted: list[int] = []  # each time Python's own count was read (it walks every object set aside)

    def collect() -> int:
        walked_all.append(frozen["count"] == 0)  # a collection walks everything only when nothing is set aside
        return 0

    def unfreeze() -> None:
        frozen["new"] += frozen["count"]
        frozen["count"] = 0

    def freeze() -> None:
        frozen["count"] += frozen["new"]
        frozen["new"] = 0

    def freeze_count() -> int:
        counted.append(frozen["count"])
        return frozen["count"]

    monkeypatch.setattr(preparation.gc, "unfreeze", unfreeze)
    monkeypatch.setattr(preparation.gc, "collect", collect)
    monkeypatch.setattr(preparation.gc, "freeze", freeze)
    monkeypatch.setattr(preparation.gc, "get_freeze_count", freeze_count)
    monkeypatch.setattr(preparation.gc, "get_objects", lambda: [None] * frozen["new"])
    monkeypatch.setattr(preparation, "SET_ASIDE", preparation.SetAside())
    prep = app.preparation

    def idle(made: int, freed: int = 0) -> bool:
        """An idle collection after ``made`` objects were made that live on and ``freed`` set aside were freed."""
        walked_all.clear()
        frozen["count"] -= freed
        frozen["new"] += made
        prep.garbage_due = True
        prep.collect_garbage()
        return walked_all[0]

    assert idle(1000)  # the first time: everything (nothing was set aside)
    assert not idle(200)  # 1,000 set aside: only what is new
    assert counted == []  # counted as set aside, without Python walking them
    assert not idle(100)  # 1,200 set aside: not a quarter over 1,000 yet
    assert idle(100) and counted == [1300]  # 1,300: over 1,250 (Python's count read to be sure), everything
    assert frozen["count"] == 1400
    assert not idle(300, freed=300)  # 1,700 by the tally, which cannot see what was freed; truly 1,400
    assert not idle(100) and counted == [1300]  # 1,800 by the tally, truly 1,500
    assert not idle(100) and counted == [1300, 1500]  # over 1,750 by the tally: Python says 1,500, nothing walked
    assert not idle(200)  # 1,800 set aside
    assert idle(0) and counted == [1300, 1500, 1800]  # over 1,750: everything
    prep.garbage_due = False
    walked_all.clear()
    prep.collect_garbage()
    assert walked_all == []  # nothing new since: nothing to do

    # The tally is the process's: another dashboard in it goes on from what this one set aside.
    later = preparation.ScreenPreparation(app, app.session)
    later.garbage_due = True
    walked_all.clear()
    frozen["new"] += 10
    later.collect_garbage()
    assert walked_all == [False]
    assert gc.isenabled()
