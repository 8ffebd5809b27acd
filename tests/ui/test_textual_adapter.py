"""What the dashboard needs of Textual beyond its public API still works: this fails when Textual changes it."""

from __future__ import annotations

import inspect

from textual import events
from textual.app import App, ComposeResult
from textual.color import Color
from textual.screen import Screen
from textual.widgets import Static

from supportpm_tui.ui import textual_adapter


class _Named(Screen[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text)


class _Modes(App[None]):
    MODES = {"first": lambda: _Named("first"), "second": lambda: _Named("second")}
    DEFAULT_MODE = "first"


def test_textual_still_has_what_the_adapter_uses() -> None:
    assert callable(App._init_mode) and list(inspect.signature(App._init_mode).parameters) == ["self", "mode"]
    assert "delay" in inspect.signature(App.delay_update).parameters
    assert isinstance(App()._css_update_count, int)
    assert isinstance(Screen()._css_update_count, int)
    assert isinstance(Screen()._layout_required, bool)
    assert "size" in inspect.signature(Screen._refresh_layout).parameters
    assert {"_css_update_count", "theme", "pseudo_classes"} <= set(dir(App()))


async def test_a_mode_is_prepared_without_being_shown() -> None:
    app = _Modes()
    async with app.run_test() as pilot:
        textual_adapter.prepare_mode(app, "second")
        await pilot.pause()
        prepared = app.get_screen_stack("second")[0]
        assert isinstance(prepared, _Named) and prepared.text == "second"
        assert app.current_mode == "first"
        assert prepared.is_mounted


async def test_a_switch_to_a_prepared_mode_shows_it_without_holding_back_drawing() -> None:
    app = _Modes()
    async with app.run_test() as pilot:
        textual_adapter.prepare_mode(app, "second")
        await pilot.pause()
        textual_adapter.switch_without_hold(app, app.switch_mode, "second")
        assert app.current_mode == "second"
        assert app._batch_count == 0  # Textual's hold would be a batch still open for 50 ms
        assert "delay_update" not in vars(app)  # the app's own method is back


async def test_a_new_screen_takes_the_current_stylesheet() -> None:
    app = _Modes()
    async with app.run_test() as pilot:
        app.refresh_css()
        await pilot.pause()
        screen = _Named("later")
        textual_adapter.adopt_current_styles(screen)
        assert screen._css_update_count == app._css_update_count


def test_a_screen_made_outside_an_app_is_left_as_it_is() -> None:
    screen = _Named("alone")
    before = screen._css_update_count
    textual_adapter.adopt_current_styles(screen)
    assert screen._css_update_count == before


def test_guarded_lines_reach_the_terminal_without_control_characters() -> None:
    from rich.console import Console
    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    from supportpm_tui.ui.textual_adapter import guard_terminal

    guard_terminal()
    console = Console(color_system="truecolor", force_terminal=True)
    plain = Strip([Segment("a\x1b]52;c;x\x07b\x9bc\td")]).render(console)
    assert plain == "a]52;c;xbcd"
    styled = Strip([Segment("x\x1b[2Jy", Style(bold=True))]).render(console)
    assert "\x1b[2J" not in styled and "x[2Jy" in styled


class _Remembering(_Named):
    """Resumes as the dashboard's screens do: without restyling when nothing changed while away."""

    restyled = 0
    suspended_as = None

    def on_screen_suspend(self) -> None:
        self.suspended_as = textual_adapter.style_state(self.app)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        textual_adapter.resume_as_styled(self, event, self.suspended_as)

    def update_node_styles(self, animate: bool = True) -> None:
        type(self).restyled += 1
        super().update_node_styles(animate)


class _RememberingModes(App[None]):
    MODES = {"first": lambda: _Remembering("first"), "second": lambda: _Remembering("second")}
    DEFAULT_MODE = "first"


async def test_a_screen_switched_back_to_is_restyled_only_when_its_styles_may_have_changed() -> None:
    assert "refresh_styles" in inspect.signature(events.ScreenResume).parameters
    app = _RememberingModes()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.switch_mode("second")
        await pilot.pause()
        _Remembering.restyled = 0
        app.switch_mode("first")
        await pilot.pause()
        assert _Remembering.restyled == 0  # as it was left: nothing to restyle
        app.switch_mode("second")
        await pilot.pause()
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        _Remembering.restyled = 0
        app.switch_mode("first")  # the theme changed while it was away
        await pilot.pause()
        assert _Remembering.restyled == 1
        first = app.screen.query_one(Static)
        assert first.styles.color == app.screen.query_one(Static).styles.color
        assert app.screen.styles.background == Color.parse(app.theme_variables["background"])


class _Halves(Screen[None]):
    CSS = "Static { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Static("top", id="top")
        yield Static("bottom", id="bottom")


class _HalvesModes(App[None]):
    MODES = {"first": lambda: _Named("first"), "halves": _Halves}
    DEFAULT_MODE = "first"


async def test_a_screen_laid_out_while_hidden_knows_its_sizes_before_it_shows() -> None:
    app = _HalvesModes()
    async with app.run_test(size=(50, 10)) as pilot:
        textual_adapter.prepare_mode(app, "halves")
        await pilot.pause()
        hidden = app.get_screen_stack("halves")[0]
        top = hidden.query_one("#top", Static)
        assert top.size.height == 5
        hidden.query_one("#bottom").display = False  # what loading data does: the layout changes
        await pilot.pause()
        assert top.size.height == 5  # Textual leaves a screen not in view as it was
        textual_adapter.lay_out_hidden(hidden, app.size)
        await pilot.pause()
        assert top.size.height == 10  # sized as it will show, though never shown
        assert app.screen is not hidden
