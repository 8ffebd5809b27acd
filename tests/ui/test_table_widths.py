"""The dashboard's tables size their columns from the cells' text: the same widths as Textual's measuring."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from supportpm_tui.ui.widgets.lists import Table

ROWS: list[list[Any]] = [
    [Text("16", style="bold red"), Text("critical"), Text("Swap the VPN tokens"), None, Text("")],
    [Text(" 4"), Text("low"), Text("漢字のタイトル 😀 wide"), Text("P002"), Text("no owner", style="italic")],
    [Text("9"), Text("medium"), Text("x" * 300), Text("P1"), Text("Priya Shah")],
]


class Both(App[None]):
    def __init__(self, rows: list[list[Any]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Table(id="ours")
        yield DataTable(id="textuals")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_columns("Score", "Band", "Title", "Project", "Owner")
            for index, row in enumerate(self.rows):
                table.add_row(*row, key=str(index))


def widths(table: DataTable[Any]) -> list[int]:
    return [column.content_width for column in table.ordered_columns]


@pytest.mark.parametrize(
    "rows",
    [
        ROWS,
        [*ROWS, ["plain [b]markup[/b] text", Text("a"), Text("b"), Text("c"), Text("d")]],  # not Text: measured
        [*ROWS, [Text("two\nlines"), Text("a"), Text("tab\there"), Text("c"), Text("d")]],
    ],
    ids=["text", "a plain string", "more than one line"],
)
async def test_the_columns_are_as_wide_as_textual_measures_them(
    rows: list[list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    measured: list[str] = []
    textuals_own = DataTable._update_dimensions

    def measure(table: DataTable[Any], new_rows: Any) -> None:
        measured.append(str(table.id))
        textuals_own(table, new_rows)

    monkeypatch.setattr(DataTable, "_update_dimensions", measure)
    app = Both(rows)
    async with app.run_test(size=(160, 20)) as pilot:
        await pilot.pause()
        ours, textuals = app.query_one("#ours", Table), app.query_one("#textuals", DataTable)
        assert widths(ours) == widths(textuals) and ours.virtual_size == textuals.virtual_size
        assert ("ours" in measured) == (rows is not ROWS)  # one-line text: read, not measured
        assert widths(ours)[2] == 300  # as long as its text: the table scrolls sideways
        ours.update_cell("0", ours.ordered_columns[1].key, Text("critical and more"), update_width=True)
        textuals.update_cell("0", textuals.ordered_columns[1].key, Text("critical and more"), update_width=True)
        await pilot.pause()
        assert widths(ours) == widths(textuals) and ours.virtual_size == textuals.virtual_size
