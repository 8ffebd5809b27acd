"""One section of the Overview: entries of a label and a detail, one highlighted (Textual's line API).

Each entry is laid out once per width (wrapped by words, continuation lines
indented under the text) and only the lines in view are drawn, so a section
shows at once however long its list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from supportpm_tui.core.text import clean_text
from supportpm_tui.readmodel.overview_entries import Entry
from supportpm_tui.ui.themes import text_colours
from supportpm_tui.ui.widgets.line_drawn import LineDrawn

GLYPH = {"error": "✖", "warning": "▲", "success": "●", "": "·"}
CHANGED = " ✱ changed"
INDENT = 2
_WORD = re.compile(r"[^ ]+| +")

Part = tuple[str, str]  # text, and the name of its look: glyph-<level>, label, marker, detail, note


@dataclass
class _Row:
    entry: Entry | None  # None: a note that cannot be chosen ("… and 3 more", "No open risks.")
    first_line: int
    lines: list[list[Part]]


def wrap(parts: list[Part], width: int, indent: int = INDENT) -> list[list[Part]]:
    """Return ``parts`` broken into lines of at most ``width`` cells, by words; later lines start indented."""
    width = max(width, indent + 4)
    lines: list[list[Part]] = [[]]
    used = 0
    for text, look in parts:
        for word in _words(text):
            size = len(word) if word.isascii() else cell_len(word)
            if used + size > width and used > indent and not word.isspace():
                _trim(lines[-1])
                lines.append([(" " * indent, "detail")])
                used = indent
            if word.isspace() and used == indent and len(lines) > 1:
                continue  # no blank start for a continuation line
            while used + size > width:  # a word longer than a line: cut it
                room = width - used
                head, word = _cut(word, room)
                lines[-1].append((head, look))
                lines.append([(" " * indent, "detail")])
                used, size = indent, cell_len(word)
            lines[-1].append((word, look))
            used += size
    return [_joined(line) for line in lines]


def _joined(line: list[Part]) -> list[Part]:
    """Return ``line`` with neighbouring parts of the same look as one: one segment each to draw and send."""
    joined: list[Part] = []
    for text, look in line:
        if joined and joined[-1][1] == look:
            joined[-1] = (joined[-1][0] + text, look)
        else:
            joined.append((text, look))
    return joined


def _trim(line: list[Part]) -> None:
    """Drop the spaces a line would end with (it breaks there)."""
    while len(line) > 1 and line[-1][0].isspace():
        line.pop()


def _drawable(text: str) -> str:
    """Return ``text`` on one line, without control characters; runs of spaces are kept (they align columns)."""
    return clean_text(text).replace("\n", " ").replace("\t", " ")


def _words(text: str) -> list[str]:
    """Return ``text`` as words and the runs of spaces between them (kept, so columns line up)."""
    return _WORD.findall(text)


def _cut(word: str, room: int) -> tuple[str, str]:
    """Return the longest head of ``word`` that fits ``room`` cells (at least one character), and the rest."""
    used = 0
    for i, char in enumerate(word):
        used += cell_len(char)
        if used > room:
            return word[: max(i, 1)], word[max(i, 1) :]
    return word, ""


class EntryList(LineDrawn, can_focus=True, inherit_bindings=False):
    """The entries of one Overview section; ``enter`` or a click chooses the highlighted one."""

    DEFAULT_CSS = """
    EntryList {
        height: 1fr;
        padding: 0 1;
        overflow-x: hidden;
        & > .entry-list--cursor {
            background: $block-cursor-blurred-background;
        }
        &:focus > .entry-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
    }
    """
    COMPONENT_CLASSES = {"entry-list--cursor"}
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False, id="section.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="section.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="section.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="section.page_down"),
        Binding("home", "first", "First", show=False, id="section.first"),
        Binding("end", "last", "Last", show=False, id="section.last"),
        Binding("enter", "choose", "Open", show=False, id="section.open"),
    ]

    class Chosen(Message):
        """An entry was chosen (``enter`` or a click)."""

        def __init__(self, entry_list: EntryList, entry: Entry) -> None:
            super().__init__()
            self.entry_list = entry_list
            self.entry = entry

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.entries: list[Entry] = []
        self.note = ""
        self.highlighted: int | None = None  # index into entries
        self._marked: Callable[[Entry], bool] = lambda entry: False
        self._rows: list[_Row] = []
        self._line_rows: list[int] = []  # row index of each line
        self._laid_out_width = -1
        self._strips: dict[tuple[int, bool], Strip] = {}
        self._looks: dict[str, Style] = {}

    # --- content ----------------------------------------------------------------------

    def show(self, entries: list[Entry], note: str = "", marked: Callable[[Entry], bool] | None = None) -> None:
        """Show ``entries`` and, below them, ``note`` (or only the note when there are none).

        The highlight stays on the same place in the list (the first entry when new).
        """
        self.entries = entries
        self.note = note
        if marked is not None:
            self._marked = marked
        if not entries:
            self.highlighted = None
        else:
            self.highlighted = min(self.highlighted or 0, len(entries) - 1)
        self._laid_out_width = -1
        self._lay_out()
        self._scroll_to_highlight()
        self.refresh()

    @property
    def highlighted_entry(self) -> Entry | None:
        """Return the highlighted entry (``None`` when the section is empty)."""
        if self.highlighted is None or not 0 <= self.highlighted < len(self.entries):
            return None
        return self.entries[self.highlighted]

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._laid_out_width:
            return
        self._laid_out_width = width
        rows: list[_Row] = []
        line = 0
        for entry in self.entries:
            level = entry.level if entry.level in GLYPH else ""
            head: list[Part] = [(GLYPH[level] + " ", f"glyph-{level}"), (_drawable(entry.label), "label")]
            if self._marked(entry):
                head.append((CHANGED, "marker"))
            lines = wrap(head, width)
            if entry.detail:
                lines += wrap([(" " * INDENT + _drawable(entry.detail), "detail")], width)
            rows.append(_Row(entry, line, lines))
            line += len(lines)
        if self.note:
            lines = wrap([(self.note, "note")], width, 0)
            rows.append(_Row(None, line, lines))
            line += len(lines)
        self._rows = rows
        self._line_rows = [i for i, row in enumerate(rows) for _ in row.lines]
        self._strips.clear()
        self.virtual_size = Size(width, line)

    # --- moving and choosing ----------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Move the highlight ``step`` entries down (up when negative)."""
        if self.entries:
            self._highlight(max(0, min(len(self.entries) - 1, (self.highlighted or 0) + step)))

    def action_page(self, step: int) -> None:
        """Move the highlight about one screenful."""
        if not self.entries:
            return
        height = max(1, self.scrollable_content_region.height)
        current = self._rows[self.highlighted or 0]
        target = current.first_line + step * height
        line = max(0, min(len(self._line_rows) - 1, target))
        index = min(self._line_rows[line], len(self.entries) - 1)
        self._highlight(index)

    def action_first(self) -> None:
        """Highlight the first entry."""
        if self.entries:
            self._highlight(0)

    def action_last(self) -> None:
        """Highlight the last entry."""
        if self.entries:
            self._highlight(len(self.entries) - 1)

    def action_choose(self) -> None:
        """Choose the highlighted entry."""
        entry = self.highlighted_entry
        if entry is not None:
            self.post_message(self.Chosen(self, entry))

    def _highlight(self, index: int) -> None:
        old = self.highlighted
        self.highlighted = index
        self._scroll_to_highlight()
        if old != index:
            self._strips = {k: v for k, v in self._strips.items() if self._line_rows[k[0]] not in (old, index)}
            self.refresh()

    def _scroll_to_highlight(self) -> None:
        if self.highlighted is None or not self._rows:
            self.scroll_to(y=0, animate=False, immediate=True)
            return
        row = self._rows[self.highlighted]
        region = Region(0, row.first_line, 1, len(row.lines))
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def on_click(self, event: events.Click) -> None:
        line = event.y + int(self.scroll_offset.y)
        if 0 <= line < len(self._line_rows) and self._rows[self._line_rows[line]].entry is not None:
            self._highlight(self._line_rows[line])
            self.focus()
            self.action_choose()

    def on_focus(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._lay_out()
        self._scroll_to_highlight()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks.clear()
        self._strips.clear()

    # --- drawing ----------------------------------------------------------------------

    def _look(self, name: str) -> Style:
        """Return the style of a part of an entry, worked out once per theme."""
        found = self._looks.get(name)
        if found is None:
            colours = text_colours(self.app)
            if name.startswith("glyph-"):
                level = name.removeprefix("glyph-")
                found = Style.parse(f"bold {colours[level]}") if level else Style()
            elif name == "label":
                found = Style(bold=True)
            elif name == "marker":
                found = Style.parse(f"bold {colours['accent']}")
            else:  # detail, note
                found = Style(dim=True)
            self._looks[name] = found
        return found

    def render_lines(self, crop: Region) -> list[Strip]:
        self._lay_out()  # before the pass: the lines to draw follow the width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the visible area."""
        base, width = self._pass or self.line_basis()
        line = int(self.scroll_offset.y) + y
        if not 0 <= line < len(self._line_rows):
            return Strip.blank(width, base)
        index = self._line_rows[line]
        lit = index == self.highlighted and self.highlighted is not None
        key = (line, lit)
        strip = self._strips.get(key)
        if strip is None:
            row = self._rows[index]
            # Not kept per theme like the other line-drawn styles: the cursor's look follows focus too.
            style = base + self.get_component_rich_style("entry-list--cursor") if lit else base
            parts = row.lines[line - row.first_line]
            segments = [Segment(text, style + self._look(look)) for text, look in parts]
            strip = Strip(segments).extend_cell_length(width, style).crop(0, width)
            self._strips[key] = strip
        return strip
