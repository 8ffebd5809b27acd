"""The bottom line: the screen's main keys, drawn as text and clickable; two lines when one is not enough.

Textual's own footer builds a widget per key and restyles them all whenever
the bindings change; a single line of text does the same job in a fraction of
the time, which matters when every screen is built at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """Shows ``key description`` for every binding of the screen marked to be shown."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    KeyBar > .key-bar--key {
        color: $accent;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"key-bar--key"}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._items: list[Item] = []
        self._spans: list[tuple[int, int, int, str, DOMNode]] = []  # (line, start, end, action, the node it is for)
        self._text = Text()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._build()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._arrange()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._build()

    def _build(self) -> None:
        items: list[Item] = []
        seen: set[str] = set()
        for node, binding, enabled, _ in self.screen.active_bindings.values():
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            items.append(Item(self.app.get_key_display(binding), binding.description, enabled, binding.action, node))
        if self.app.ENABLE_COMMAND_PALETTE:
            items.append(Item("^p", "palette", True, "command_palette", self.app))
        self._items = items
        self._arrange()

    def _arrange(self) -> None:
        """Lay the keys out on one line, or two, shortening descriptions before any key is lost."""
        width = self.size.width or 80
        lines = arrange(self._items, width)
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, int, str, DOMNode]] = []
        for number, line in enumerate(lines):
            if number:
                text.append("\n")
            column = 0
            for item in line:
                chunk = Text(" ")
                chunk.append(item.key, style=key_style if item.enabled else "dim")
                if item.description:
                    chunk.append(f" {item.description}", style="" if item.enabled else "dim")
                chunk.append(" ")
                spans.append((number, column, column + len(chunk), item.action, item.node))
                column += len(chunk)
                text.append_text(chunk)
        height = max(1, len(lines))
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height
        if (text, spans) == (self._text, self._spans):
            return  # as shown: a redraw of the bottom line would widen the screen's next update to every line
        self._text, self._spans = text, spans
        self.refresh()

    def render(self) -> Text:
        return self._text

    async def on_click(self, event: events.Click) -> None:
        for line, start, end, action, node in self._spans:
            if line == event.y and start <= event.x < end and action:
                await self.app.run_action(action, node)
                return


@dataclass(frozen=True)
class Item:
    """One key of the bar: what to press, what it does, and the action it runs."""

    key: str
    description: str
    enabled: bool
    action: str
    node: DOMNode

    @property
    def cells(self) -> int:
        """Return the width it takes on the bar."""
        return len(self.key) + (len(self.description) + 1 if self.description else 0) + 2


def _lines(items: list[Item], width: int) -> list[list[Item]]:
    lines: list[list[Item]] = [[]]
    used = 0
    for item in items:
        if lines[-1] and used + item.cells > width:
            lines.append([])
            used = 0
        lines[-1].append(item)
        used += item.cells
    return lines


def _screens_together(items: list[Item]) -> list[Item]:
    """Return ``items`` with the screen keys 1 to 6 as one ``1–6 screens`` (when they are those digits)."""
    screens = [i for i in items if i.action.startswith("switch_mode(")]
    keys = [i.key for i in screens]
    if len(screens) < 2 or not all(k.isdigit() for k in keys) or keys != sorted(keys):
        return items
    first = items.index(screens[0])
    together = Item(f"{keys[0]}–{keys[-1]}", "screens", True, "", screens[0].node)
    rest = [i for i in items if i not in screens]
    return [*rest[:first], together, *rest[first:]]


def _short(items: list[Item]) -> list[Item]:
    """Return ``items`` with each description cut to its first word (kept whole where that word is not unique)."""
    firsts = [i.description.split()[0] if i.description else "" for i in items]
    return [
        replace(item, description=first) if firsts.count(first) == 1 else item
        for item, first in zip(items, firsts, strict=True)
    ]


def arrange(items: list[Item], width: int) -> list[list[Item]]:
    """Return ``items`` in lines of at most ``width`` cells: one line if it can be, else two; no key is ever cut.

    In turn: every description on one line; the screen keys together as
    ``1–6 screens``; two lines; two lines with the screens together; each
    description cut to its first word. Only when even that is too long are
    the last keys left off (``? Help`` stays findable: it lists them all).
    """
    together = _screens_together(items)
    for candidate, most in ((items, 1), (together, 1), (items, 2), (together, 2), (_short(together), 2)):
        lines = _lines(candidate, width)
        if len(lines) <= most:
            return lines
    lines = _lines(_short(together), width)[:2]
    return lines
