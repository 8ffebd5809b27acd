"""What the line-drawn widgets share: their styles, kept per theme, and what one drawing pass works out once.

The Board's columns, the Capacity grid, the Timeline chart and the Overview's
entry lists draw with Textual's line API: only the lines in view are drawn, one
``render_line`` call each. Anything that is the same for every line of a pass
(the widget's own style and width) or of a theme (a component class's style) is
worked out once here, never per line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from supportpm_tui.ui.session import DashboardSession
from supportpm_tui.ui.textual_adapter import SizesItsOwnContent


class LineDrawn(SizesItsOwnContent):
    """A scrolling widget that draws only the lines in view.

    ``render_line`` starts with ``base, width = self._pass or self.line_basis()``:
    inside a pass that is the pair worked out once for the whole pass; called on
    its own (a test reading one line) it is worked out there and then.
    Component classes are named ``COMPONENT_PREFIX`` + a short name, and
    :meth:`_style` and :meth:`_fg` take the short name.
    """

    DEFAULT_CSS = """
    LineDrawn {
        overflow-x: hidden;
    }
    """
    """Lines are fitted to the width: never a horizontal scrollbar (one would take the last line in view)."""
    COMPONENT_PREFIX: ClassVar[str] = ""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._pass: tuple[Style, int] | None = None
        self._styles: dict[tuple[str, str], Style] = {}
        self._colours: dict[tuple[str, str], Style] = {}

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's own style and width are the same for every line of one pass: work them out once.
        self._pass = self.line_basis()
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def line_basis(self) -> tuple[Style, int]:
        """Return the widget's own style and the width of its lines, as they are now."""
        return self.rich_style, self.scrollable_content_region.width

    def resize_content(self, size: Size) -> None:
        """Set the virtual size (the lines to scroll through): the screen is laid out again only when it must.

        For a widget whose container sizes it (never its content), a longer or
        shorter list changes nothing on screen but its own lines and scrollbar,
        unless a scrollbar comes or goes. Textual lays out the whole screen on
        any change of virtual size; here that is left to those cases, and
        otherwise only this widget redraws (a moved card: two columns, not six).
        """
        old = self.virtual_size
        if size == old:
            return
        if not self.is_mounted or not self.container_size or self._bars(old) != self._bars(size):
            self.virtual_size = size
            return
        self.set_reactive(Widget.virtual_size, size)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = size.height
        if self.show_horizontal_scrollbar:
            self.horizontal_scrollbar.window_virtual_size = size.width
        self.refresh()

    def _bars(self, size: Size) -> tuple[bool, bool]:
        """Return whether content of ``size`` shows a vertical and a horizontal scrollbar (Textual's own rule)."""
        width, height = self.container_size
        styles = self.styles
        vertical = styles.overflow_y == "scroll" or (styles.overflow_y == "auto" and size.height > height)
        horizontal = styles.overflow_x == "scroll" or (styles.overflow_x == "auto" and size.width > width)
        return vertical, horizontal

    def marked(self) -> Callable[[str, int | None], bool]:
        """Return the check for "changed elsewhere in the last few seconds" (never, outside the dashboard)."""
        session = getattr(self.app, "session", None)  # a plain attribute look-up: this runs for every line drawn
        return session.marks.is_marked if isinstance(session, DashboardSession) else _never

    def marked_ids(self, entity: str) -> list[int]:
        """Return the ids of ``entity`` changed elsewhere in the last few seconds (none, outside the dashboard)."""
        session = getattr(self.app, "session", None)
        return session.marks.marked_ids(entity) if isinstance(session, DashboardSession) else []

    def _style(self, name: str) -> Style:
        """Return the full style of component class ``name`` (short name), kept per theme."""
        key = (name, self.app.theme)
        found = self._styles.get(key)
        if found is None:
            found = self.get_component_rich_style(self.COMPONENT_PREFIX + name)
            self._styles[key] = found
        return found

    def _fg(self, name: str) -> Style:
        """Return only the colour and emphasis of component class ``name``: what it is drawn on keeps its background."""
        key = (name, self.app.theme)
        found = self._colours.get(key)
        if found is None:
            style = self._style(name)
            found = Style(
                color=style.color,
                bold=style.bold,
                italic=style.italic,
                underline=style.underline,
                reverse=style.reverse,
            )
            self._colours[key] = found
        return found


def fit(text: str, width: int) -> str:
    """Return ``text`` in exactly ``width`` cells: padded with spaces, or cut with an ellipsis."""
    if width <= 0:
        return ""
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _never(entity: str, ident: int | None) -> bool:
    return False
