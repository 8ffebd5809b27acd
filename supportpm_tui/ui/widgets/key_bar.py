"""The bottom line: the screen's main keys, drawn as one line of text and clickable.

Textual's own footer builds a widget per key and restyles them all whenever
the bindings change; a single line of text does the same job in a fraction of
the time, which matters when every screen is built at start-up.
"""

from __future__ import annotations

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
        self._spans: list[tuple[int, int, str, DOMNode]] = []  # (start, end, action, the node it belongs to)
        self._text = Text()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._build()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._build()

    def _build(self) -> None:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, str, DOMNode]] = []
        seen: set[str] = set()
        for node, binding, enabled, _ in self.screen.active_bindings.values():
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            start = len(text)
            text.append(" ")
            text.append(self.app.get_key_display(binding), style=key_style if enabled else "dim")
            text.append(f" {binding.description} ", style="" if enabled else "dim")
            spans.append((start, len(text), binding.action, node))
        if self.app.ENABLE_COMMAND_PALETTE:
            start = len(text)
            text.append("  ^p", style=key_style)
            text.append(" palette ")
            spans.append((start, len(text), "command_palette", self.app))
        self._text, self._spans = text, spans
        self.refresh()

    def render(self) -> Text:
        return self._text

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, node)
                return
