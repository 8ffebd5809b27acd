"""The Overview's section list: wrapping, moving, choosing, and text drawn literally."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult

from supportpm_tui.readmodel.overview_entries import Entry
from supportpm_tui.ui.widgets.entry_list import EntryList, wrap


def text_of(line: list[tuple[str, str]]) -> str:
    return "".join(text for text, _ in line)


def test_long_text_wraps_by_words_with_later_lines_indented() -> None:
    lines = wrap([("✖ ", "glyph-error"), ("LAP  Laptop refresh for the whole service desk", "label")], 24)
    assert [text_of(line) for line in lines] == ["✖ LAP  Laptop refresh", "  for the whole service", "  desk"]
    assert all(cell_len(text_of(line).rstrip()) <= 24 for line in lines)


def test_wide_characters_and_long_words_stay_inside_the_width() -> None:
    lines = wrap([("· ", "glyph-"), ("会議室の予約システム更新 " + "x" * 50, "label")], 20)
    for line in lines:
        assert cell_len(text_of(line).rstrip()) <= 20, text_of(line)
    assert "".join(text_of(line).strip() for line in lines).replace(" ", "") == "·会議室の予約システム更新" + "x" * 50


def test_runs_of_spaces_are_kept_so_columns_line_up() -> None:
    (line,) = wrap([("16 critical Backup", "label")], 40)
    assert text_of(line) == "16 critical Backup"
    (line,) = wrap([(" 8 medium   Supplier", "label")], 40)
    assert text_of(line) == " 8 medium   Supplier"


class OneList(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield EntryList(id="list")

    def on_entry_list_chosen(self, event: EntryList.Chosen) -> None:
        self.chosen.append(event.entry)


ENTRIES = [Entry("risk", str(i), f"Risk number {i}", f"PAT · owner {i}", "warning") for i in range(1, 31)]


async def test_keys_move_the_highlight_and_enter_chooses() -> None:
    app = OneList()
    async with app.run_test(size=(60, 12)) as pilot:
        widget = app.query_one(EntryList)
        widget.show(ENTRIES[:25], "… and 5 more")
        widget.focus()
        await pilot.pause()
        assert widget.highlighted == 0
        await pilot.press("down", "down", "up")
        assert widget.highlighted == 1
        await pilot.press("end")
        assert widget.highlighted == 24  # never the note below the last entry
        assert widget.scroll_offset.y > 0  # scrolled to show it
        await pilot.press("home", "pagedown")
        assert widget.highlighted is not None and 3 <= widget.highlighted <= 6  # about one screenful (12 lines)
        await pilot.press("pageup", "enter")
        await pilot.pause()
        assert [e.ref for e in app.chosen] == ["1"]


async def test_a_click_chooses_the_entry_under_it_and_the_note_is_not_an_entry() -> None:
    app = OneList()
    async with app.run_test(size=(60, 12)) as pilot:
        widget = app.query_one(EntryList)
        widget.show(ENTRIES[:2], "… and 28 more")
        await pilot.pause()
        await pilot.click(EntryList, offset=(5, 3))  # the second entry's detail line
        await pilot.pause()
        assert [e.ref for e in app.chosen] == ["2"] and widget.highlighted == 1
        await pilot.click(EntryList, offset=(5, 4))  # the note
        await pilot.pause()
        assert [e.ref for e in app.chosen] == ["2"]


async def test_an_empty_section_shows_its_note_and_nothing_can_be_chosen() -> None:
    app = OneList()
    async with app.run_test(size=(60, 12)) as pilot:
        widget = app.query_one(EntryList)
        widget.show([], "No open risks.")
        widget.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert widget.highlighted is None and widget.highlighted_entry is None and app.chosen == []
        assert "No open risks." in widget.render_line(0).text


async def test_new_entries_keep_the_highlight_in_place_and_text_is_drawn_literally() -> None:
    app = OneList()
    async with app.run_test(size=(60, 12)) as pilot:
        widget = app.query_one(EntryList)
        widget.show(ENTRIES[:5])
        widget.focus()
        await pilot.press("down", "down")
        hostile = Entry("task", "7", "oops [/] \x1b[31mred\x07 [link=x]y[/link]", "a\nb\tc")
        widget.show([*ENTRIES[:2], hostile])
        await pilot.pause()
        assert widget.highlighted == 2
        drawn = widget.render_line(4).text + widget.render_line(5).text
        assert "oops [/] [31mred [link=x]y[/link]" in drawn and "\x1b" not in drawn and "\x07" not in drawn
        assert "a b c" in drawn
        widget.show(ENTRIES[:1])
        assert widget.highlighted == 0
