"""The things the dashboard needs of Textual that Textual offers no public way to do.

All but one are about speed, one about safety; each is kept here alone so that a
Textual upgrade that changes them breaks one module and its test
(``tests/ui/test_textual_adapter.py``), not the dashboard:

- :func:`guard_terminal` makes every line drawn reach the terminal without
  the control characters its text may hold (an escape sequence or a C1 control
  in a name another program wrote into the database, or in a file's name):
  Textual passes them through to the terminal as they are;
- :func:`prepare_mode` builds a mode's screen without showing it, so that a
  later switch shows it at once (Textual builds a mode's screen on the first
  switch to it, and only then);
- :func:`switch_without_hold` switches to a prepared mode without the 50 ms
  in which Textual holds back drawing to hide a screen that is still being
  built;
- :func:`adopt_current_styles` marks a new screen as styled with the current
  stylesheet, sparing the re-parse Textual would otherwise do when it first
  shows (about 10 ms a screen);
- :func:`lay_out_hidden` lays out a screen prepared in the background at the
  terminal's size, so that its widgets know their sizes (and lay out their
  content once) before it first shows, rather than in a second pass after;
- :func:`resume_as_styled` spares a screen switched back to the restyling of
  every widget Textual does on each switch, when nothing its styles depend
  on changed while it was away (about 12 ms a switch on the Board);
- :func:`render_hidden` draws a screen prepared in the background into its
  widgets' caches of lines, so that its first show only puts them together
  (the Board on the history set: under 10 ms, from 60–100);
- :class:`SizesItsOwnContent` is a scrolling widget that sets its own
  virtual size: Textual compares it with the one its layout works out, never
  equal, and would place and redraw its scrollbars at every layout of the
  screen (each show: about 260 lines on the Board).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console
from rich.text import Text
from textual import events
from textual._context import NoActiveAppError
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import AwaitMount
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from supportpm_tui.core.text import CONTROL_CHARACTERS


def _guarded_render(self: Strip, console: Console) -> str:
    """Textual's :meth:`Strip.render`, each piece of text first stripped of control characters.

    A control character takes no cell, so the line keeps its width.
    """
    if self._render_cache is None:
        color_system = console._color_system or ColorSystem.TRUECOLOR
        render = self.render_style
        clean = CONTROL_CHARACTERS.sub
        self._render_cache = "".join(
            [
                (clean("", text) if style is None else render(style, clean("", text), color_system=color_system))
                for text, style, _ in self._segments
            ]
        )
    return self._render_cache


def guard_terminal() -> None:
    """Make every line Textual draws reach the terminal without control characters (once per process)."""
    Strip.render = _guarded_render  # type: ignore[method-assign]


def prepare_mode(app: App[Any], mode: str) -> None:
    """Compose and style ``mode``'s screen in the background without switching to it."""
    app._init_mode(mode)


def _no_delay(delay: float = 0.0) -> None:
    """Stands in for :meth:`App.delay_update` when nothing needs hiding."""


def switch_without_hold(app: App[Any], switch: Any, mode: str) -> AwaitMount:
    """Return ``switch(mode)`` (Textual's ``App.switch_mode``) run without its 50 ms hold."""
    app.delay_update = _no_delay  # type: ignore[method-assign]
    try:
        result: AwaitMount = switch(mode)
        return result
    finally:
        del app.delay_update


def adopt_current_styles(screen: Screen[Any]) -> None:
    """Mark ``screen``, being built, as styled with the app's current stylesheet (when there is an app)."""
    with contextlib.suppress(NoActiveAppError):
        screen._css_update_count = screen.app._css_update_count


def style_state(app: App[Any]) -> tuple[Any, ...]:
    """Return what a screen's styles depend on beyond its own widgets: the stylesheet's version and the app's state."""
    return app._css_update_count, app.theme, frozenset(app.pseudo_classes)


def resume_as_styled(screen: Screen[Any], event: events.ScreenResume, suspended: tuple[Any, ...] | None) -> None:
    """Let ``screen`` resume without restyling every widget when :func:`style_state` is as it was at ``suspended``.

    Textual restyles the whole screen on every switch to it; the styles of a
    screen that was styled before it was suspended only change when the
    stylesheet, the theme or the app's pseudo-classes (focus, dark) did.
    """
    if suspended is not None and suspended == style_state(screen.app):
        event.refresh_styles = False


def lay_out_hidden(screen: Screen[Any], size: Size) -> None:
    """Arrange ``screen``, not in view, at ``size``: its widgets get their sizes; nothing is drawn.

    A widget that finds its content now overflows asks for a second pass (its
    scrollbar is placed then): done here too, so none is left for the first show.
    """
    if screen.is_attached and not screen.is_current and size:
        for _ in range(2):
            screen._layout_required = False
            screen._refresh_layout(size)
            if not screen._layout_required:
                break


def render_hidden(screen: Screen[Any]) -> None:
    """Draw ``screen``, not in view, into its widgets' caches of lines; nothing reaches the terminal.

    Its first show then only puts lines drawn already together, instead of
    drawing every line of every widget while the user waits.
    """
    if screen.is_attached and not screen.is_current and screen.size:
        lay_out_hidden(screen, screen.app.size)  # every widget sized as placed (a scrollbar come since, too)
        screen._compositor.render_update(full=True)


class SizesItsOwnContent(ScrollView):
    """A scrolling widget that sets its own virtual size (the lines it scrolls through).

    The virtual size a layout of the screen hands over is not this widget's,
    and Textual's ScrollView compares the two: never equal, it would place
    and redraw the scrollbars whole at every layout of the screen. Here they
    are placed again when the widget's own virtual size has changed since the
    last layout, or its size or its container has.
    """

    _laid_out_for: Size | None = None

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        own = self.virtual_size
        changed, self._laid_out_for = own != self._laid_out_for, own
        return super()._size_updated(size, virtual_size if changed else own, container_size, layout)


def widths_from_text(
    table: DataTable[Any], new_rows: Iterable[RowKey], measure: Callable[[Iterable[RowKey]], None]
) -> None:
    """Give ``table``'s columns the widths of the cells of ``new_rows`` (Textual's ``DataTable._update_dimensions``).

    Textual measures every cell of every new row through the console (a call
    to the terminal's size per cell): on a register of 14,600 rows that is
    three seconds on the interface's thread. A one-line ``Text`` is as wide as
    its text, so that is read instead; rows of any other kind (a label, more
    than one line, a value that is not ``Text``) go to ``measure``, Textual's own.
    """
    keys = list(new_rows)
    widest: dict[ColumnKey, int] = {}
    for key in keys:
        row = table.rows.get(key)
        if row is None or table._row_locations.get(key) is None:
            continue  # removed before the table was idle
        if row.label is not None or row.auto_height or row.height != 1:
            measure(keys)
            return
        for column_key, value in table._data[key].items():
            if value is None:
                continue
            if type(value) is not Text or "\n" in value.plain or "\t" in value.plain:
                measure(keys)
                return
            width = cell_len(value.plain)
            if width > widest.get(column_key, 0):
                widest[column_key] = width
    for column_key, width in widest.items():
        column = table.columns.get(column_key)
        if column is not None and width > column.content_width:
            column.content_width = width
    header_height = table.header_height if table.show_header else 0  # then the scrollable size, as Textual's own
    table.virtual_size = Size(
        sum(column.get_render_width(table) for column in table.columns.values()) + table._row_label_column_width,
        table._total_row_height + header_height,
    )
