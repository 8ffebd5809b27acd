"""The line-drawn widgets' shared part: styles kept per theme, one basis per drawing pass, text fitted to a width."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from supportpm_tui.ui.widgets.line_drawn import LineDrawn, fit


class Lines(LineDrawn):
    """Ten numbered lines; counts how often it works out its basis."""

    DEFAULT_CSS = """
    Lines {
        & > .lines--mark {
            color: red;
            background: blue;
            text-style: bold;
        }
    }
    """
    COMPONENT_CLASSES = {"lines--mark"}
    COMPONENT_PREFIX = "lines--"

    def __init__(self) -> None:
        super().__init__()
        self.bases = 0
        self.seen: list[tuple[Style, int]] = []

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, 10)

    def line_basis(self) -> tuple[Style, int]:
        self.bases += 1
        return super().line_basis()

    def render_line(self, y: int) -> Strip:
        base, width = self._pass or self.line_basis()
        self.seen.append((base, width))
        return Strip([Segment(fit(f"line {y}", width), base + self._fg("mark"))], width)


class OneWidget(App[None]):
    def compose(self) -> ComposeResult:
        yield Lines()


def test_fit_pads_or_cuts_to_the_width() -> None:
    assert fit("abc", 5) == "abc  "
    assert fit("abcdef", 5) == "abcd…"
    assert fit("abc", 0) == ""


async def test_one_basis_per_pass_and_styles_kept_per_theme() -> None:
    app = OneWidget()
    async with app.run_test(size=(30, 6)) as pilot:
        widget = app.query_one(Lines)
        await pilot.pause()
        widget.bases, widget.seen = 0, []
        widget.refresh()
        await pilot.pause()
        assert widget.bases == 1  # once for the six lines in view
        assert len(widget.seen) == 6 and len(set(widget.seen)) == 1
        assert widget.seen[0][1] == widget.scrollable_content_region.width
        assert widget._pass is None

        full, colour = widget._style("mark"), widget._fg("mark")
        assert full.bgcolor is not None and colour.bgcolor is None
        assert colour.color == full.color and colour.bold
        assert widget._fg("mark") is colour  # kept, not worked out again

        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert widget._fg("mark") is not colour  # another theme, worked out afresh


class LaidOutCounter(OneWidget):
    """Counts the screen's layouts."""

    layouts = 0

    def on_mount(self) -> None:
        screen = self.screen
        original = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            self.layouts += 1
            original(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]


async def test_more_or_fewer_lines_redraw_the_widget_and_lay_out_only_when_a_scrollbar_comes_or_goes() -> None:
    app = LaidOutCounter()
    async with app.run_test(size=(30, 6)) as pilot:
        widget = app.query_one(Lines)
        await pilot.pause()
        assert widget.show_vertical_scrollbar  # ten lines in six
        assert not widget.show_horizontal_scrollbar  # lines fit the width: the last line in view stays a line
        before = app.layouts
        widget.resize_content(Size(widget.size.width, 14))  # still more than fit: the same scrollbar
        await pilot.pause()
        assert app.layouts == before
        assert widget.virtual_size.height == 14
        assert widget.vertical_scrollbar.window_virtual_size == 14  # the thumb's proportion follows
        assert widget.max_scroll_y == 14 - widget.scrollable_content_region.height
        widget.resize_content(Size(widget.size.width, 3))  # now it all fits: the scrollbar goes
        await pilot.pause()
        assert app.layouts > before
        assert not widget.show_vertical_scrollbar
        assert widget.scrollable_content_region.width == widget.size.width
        widget.resize_content(Size(widget.size.width, 12))  # and comes back
        await pilot.pause()
        assert widget.show_vertical_scrollbar
        assert widget.vertical_scrollbar.window_virtual_size == 12


async def test_a_layout_of_the_screen_with_nothing_changed_redraws_no_scrollbar(monkeypatch: Any) -> None:
    drawn: list[ScrollBar] = []
    render = ScrollBar.render

    def counted(bar: ScrollBar) -> Any:
        drawn.append(bar)
        return render(bar)

    monkeypatch.setattr(ScrollBar, "render", counted)
    app = LaidOutCounter()
    async with app.run_test(size=(30, 6)) as pilot:
        widget = app.query_one(Lines)
        await pilot.pause()
        assert drawn and widget.show_vertical_scrollbar
        drawn.clear()
        app.screen._refresh_layout(app.size)  # as at each show of the screen
        await pilot.pause()
        assert drawn == []
        widget.resize_content(Size(widget.size.width, 14))  # its own lines changed: its scrollbar follows
        await pilot.pause()
        assert drawn and widget.vertical_scrollbar.window_virtual_size == 14
