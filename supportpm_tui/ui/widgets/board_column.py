"""One Kanban column that draws only the cards in view (Textual's line API)."""

from __future__ import annotations

import datetime as dt
import textwrap
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from supportpm_tui.core.fitting import fit_marked, fit_pair, shorten
from supportpm_tui.core.text import clean_line
from supportpm_tui.services.board import CardView
from supportpm_tui.ui.widgets.line_drawn import LineDrawn, fit

_Lines = list[tuple[str, str]]  # a card's lines: (what the line shows, its text)

CARD_HEIGHT = 4
"""The lines of a compact card, the blank one after it included; one more per line of :func:`hold_ups`.

A roomy card (a tall enough Board) has its title on up to two lines and its tags on a line of their own."""
PRIORITY_MARK = {"urgent": "‼ urgent", "high": "↑ high", "normal": "", "low": "↓ low"}
OVERLOADED = "⚠"
OVER_WIP = "▲"
BLOCKED = "⊘"
CHANGED = "✱"


def relative_due(card: CardView, today: dt.date) -> str:
    """Return the due date in words: ``due today``, ``in 3d``, ``2w``, ``! 3d late``."""
    days = card.days_to_due(today)
    if days is None:
        return "no date"
    if card.column == "done":
        return f"due {card.due:%d %b}"
    if days < 0:
        late = -days
        return f"! {late}d late" if late < 14 else f"! {late // 7}w late"
    if days == 0:
        return "due today"
    if days == 1:
        return "tomorrow"
    return f"in {days}d" if days < 14 else f"in {days // 7}w"


def hold_ups(card: CardView) -> tuple[str, ...]:
    """Return what holds a card up, a line each: why it is blocked, the cards it still waits for."""
    lines = []
    if card.blocked_reason:
        lines.append(f"{BLOCKED} {clean_line(card.blocked_reason)}")
    if card.waits_for:
        lines.append(f"{BLOCKED} waits for " + ", ".join(f"#{i}" for i in card.waits_for))
    return tuple(lines)


class BoardColumn(LineDrawn, can_focus=False, inherit_bindings=False):
    """The cards of one column; the cursor marks the selected card.

    Columns never take focus: the Board screen owns the keys, so moving
    between columns only repaints two columns.
    """

    DEFAULT_CSS = """
    BoardColumn > .board-column--card {
        background: $surface;
        color: $foreground;
    }

    BoardColumn > .board-column--cursor {
        background: $primary 25%;
    }

    BoardColumn > .board-column--cursor-blur {
        background: $primary 12%;
    }

    BoardColumn > .board-column--meta {
        color: $text-muted;
    }

    BoardColumn > .board-column--error {
        color: $error;
        text-style: bold;
    }

    BoardColumn > .board-column--warning {
        color: $warning;
        text-style: bold;
    }

    BoardColumn > .board-column--empty {
        color: $text-muted;
        text-style: italic;
    }

    BoardColumn > .board-column--changed {
        color: $accent;
        text-style: bold;
    }

    /* NO_COLOR: a warning marked by emphasis, in the text's own colour, never fainter than it. */
    BoardColumn:nocolor > .board-column--error {
        color: $foreground;
        text-style: bold reverse;
    }

    BoardColumn:nocolor > .board-column--warning {
        color: $foreground;
        text-style: bold underline;
    }

    BoardColumn:nocolor > .board-column--changed {
        color: $foreground;
    }

    BoardColumn:nocolor > .board-column--cursor {
        background: $foreground 25%;
    }
    """
    """Its own styles and those of its component classes: loaded with it, not before the first screen."""
    COMPONENT_CLASSES = {
        "board-column--card",
        "board-column--cursor",
        "board-column--cursor-blur",
        "board-column--meta",
        "board-column--error",
        "board-column--warning",
        "board-column--blocked",
        "board-column--empty",
        "board-column--changed",
    }
    COMPONENT_PREFIX = "board-column--"
    cursor: reactive[int] = reactive(0)
    active: reactive[bool] = reactive(False)

    class Clicked(Message):
        """A card (or the empty space) of a column was clicked."""

        def __init__(self, column: BoardColumn) -> None:
            super().__init__()
            self.column = column

    def __init__(self, column: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.column = column
        self.cards: list[CardView] = []
        self.today = dt.date.today()
        self._rows: list[_Lines] = []  # per card, its lines
        self._tops: list[int] = [0]  # the first line of each card, then the line after the last card
        self._index: dict[int, int] = {}  # card id: its place in the column
        self.roomy = False
        self._laid_out_width = -1
        self._laid_out_cards: list[CardView] = []  # the cards the lines are of
        self._laid_out_as: tuple[int, bool] = (-1, False)  # the width and roominess they were laid out for
        self.note = ""  # a last line after the cards: the cards the column leaves out
        self._note_lines: list[str] = []

    def set_cards(self, cards: list[CardView], today: dt.date, keep: int | None = None, note: str = "") -> None:
        """Show ``cards`` and then ``note``; keep the card with id ``keep`` (or the current one) selected.

        A column whose cards are the same as before keeps its lines: only the
        columns a change touched are laid out again, and one holding a card
        marked as just changed only redraws (the mark is drawn with the line).
        """
        if (
            (cards is self.cards or cards == self.cards)
            and today == self.today
            and note == self.note
            and keep in (None, getattr(self.selected, "id", None))
        ):
            if any(ident in self._index for ident in self.marked_ids("task")):
                self.refresh()
            return
        current = keep if keep is not None else (self.selected.id if self.selected else None)
        self.cards = cards
        self.today = today
        self.note = note
        self._lay_out()
        index = self._index.get(current) if current is not None else None
        self.cursor = index if index is not None else min(self.cursor, max(0, len(cards) - 1))
        self._scroll_to_cursor()
        self.refresh()

    def set_roomy(self, roomy: bool) -> None:
        """Draw titles on up to two lines and show tags (``roomy``), or keep every card to four lines."""
        if roomy != self.roomy:
            self.roomy = roomy
            self._lay_out()
            self._scroll_to_cursor()
            self.refresh()

    def _lay_out(self) -> None:
        """Work out the lines of the cards for the width the column has now.

        Cards kept from the last lay-out (the same objects, at the start and
        the end of the column) keep their lines: a card moved in or out lays
        out one card, whatever the column holds.
        """
        width = self.scrollable_content_region.width - 2  # the bar and the space after it
        self._laid_out_width = width
        cards = self.cards
        before = self._laid_out_cards if self._laid_out_as == (width, self.roomy) else []
        self._rows = relaid(before, self._rows, cards, lambda card: card_rows(card, hold_ups(card), width, self.roomy))
        self._tops = list(accumulate(map(len, self._rows), initial=0))
        self._laid_out_cards, self._laid_out_as = list(cards), (width, self.roomy)  # a copy: the cards as laid out
        self._index = {card.id: i for i, card in enumerate(cards)}
        self._note_lines = textwrap.wrap(self.note, max(1, width)) if self.note else []
        self.resize_content(Size(self.size.width, self._height()))

    def _note_top(self) -> int:
        """Return the line the note starts on: after the last card, or under "no cards"."""
        return self._tops[-1] if self.cards else 3

    def _height(self) -> int:
        """Return the lines the cards and the note take."""
        return self._note_top() + len(self._note_lines) if self._note_lines else self._tops[-1]

    def holds(self, card_id: int) -> bool:
        """Return whether the column shows card ``card_id``."""
        return card_id in self._index

    @property
    def selected(self) -> CardView | None:
        """Return the selected card (``None`` in an empty column)."""
        if 0 <= self.cursor < len(self.cards):
            return self.cards[self.cursor]
        return None

    def action_cursor(self, step: int) -> None:
        """Move the selection by ``step`` cards."""
        if self.cards:
            self.cursor = max(0, min(len(self.cards) - 1, self.cursor + step))

    def action_cursor_to(self, index: int) -> None:
        """Select the first (0) or last (-1) card."""
        if self.cards:
            self.cursor = index % len(self.cards)

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def watch_active(self) -> None:
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        if self.cards:
            top, bottom = self._tops[self.cursor], self._tops[self.cursor + 1]
            self.scroll_to_region(Region(0, top, 1, bottom - top), animate=False, force=True)

    def card_at(self, line: int) -> tuple[int, int]:
        """Return the index of the card drawn on ``line`` (of the whole column) and the line of the card it is."""
        index = bisect_right(self._tops, line) - 1
        return index, line - self._tops[index]

    def on_click(self, event: events.Click) -> None:
        index, _ = self.card_at(event.y + int(self.scroll_offset.y))
        if 0 <= index < len(self.cards):
            self.cursor = index
        self.post_message(self.Clicked(self))

    def on_resize(self) -> None:
        if self.scrollable_content_region.width - 2 != self._laid_out_width:
            self._lay_out()
            self._scroll_to_cursor()
        else:
            self.resize_content(Size(self.size.width, self._height()))

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the visible area: only cards in view are ever drawn."""
        base, width = self._pass or self.line_basis()
        line = int(self.scroll_offset.y) + y
        index, row = self.card_at(line)
        note_line = line - self._note_top()
        if 0 <= note_line < len(self._note_lines):
            text = " " + self._note_lines[note_line]
            return Strip([Segment(text.ljust(width)[:width], base + self._style("empty"))], width)
        if not self.cards:
            if y == 1:
                style = self._style("empty")
                return Strip([Segment(" no cards".ljust(width)[:width], base + style)], width)
            return Strip.blank(width, base)
        if index >= len(self.cards) or line >= self._tops[index + 1] - 1:
            return Strip.blank(width, base)
        card = self.cards[index]
        selected = index == self.cursor
        card_style = self._style("card")
        if selected:
            card_style = card_style + self._style("cursor" if self.active else "cursor-blur")
        kind, text = self._rows[index][row]
        if kind == "hold":
            segments = [Segment(fit(" " + text, width - 1), card_style + self._fg("error"))]
        elif kind == "title":
            segments = [Segment(fit(" " + text, width - 1), card_style + Style(bold=True))]
        elif kind == "tags":
            segments = [Segment(fit(" " + text, width - 1), card_style + self._fg("meta"))]
        else:
            segments = self._card_row(card, 0 if kind == "head" else 2, width - 1, card_style)
        bar_style = self._bar_style(card)
        if self.marked()("task", card.id):
            bar_style = self._fg("changed")
            if row == 0:
                text = segments[0].text
                segments[0] = Segment((CHANGED + " " + text[1:])[: len(text)], segments[0].style)
        return Strip([Segment("▌", base + card_style + bar_style), *segments], width)

    def _bar_style(self, card: CardView) -> Style:
        if card.column == "blocked" or card.overdue(self.today):
            return self._fg("error")
        if card.priority in ("urgent", "high"):
            return self._fg("warning")
        return self._fg("meta")

    def _card_row(self, card: CardView, row: int, width: int, style: Style) -> list[Segment]:
        meta = style + self._fg("meta")
        error = style + self._fg("error")
        warning = style + self._fg("warning")
        if row == 0:
            left = f"#{card.id} {card.project}"
            if card.logged > 0:
                left += f" · {card.logged_text()}"
            if card.column == "blocked" or card.blocked_reason:
                return _pair(left, f"{BLOCKED} blocked", width, meta, error)
            right = PRIORITY_MARK.get(card.priority, "")
            return _pair(left, right, width, meta, warning if card.priority in ("urgent", "high") else meta)
        if row == 1:
            return [Segment(fit(" " + clean_line(card.title), width), style + Style(bold=True))]
        who = card.assignee or "unassigned"
        marks = " ".join(
            mark for mark, on in ((OVERLOADED, card.assignee_overloaded), (OVER_WIP, card.assignee_over_wip)) if on
        )
        due = relative_due(card, self.today)
        due_style = error if card.overdue(self.today) else meta
        who_style = error if card.assignee_overloaded else (warning if card.assignee_over_wip else meta)
        room = max(0, width - len(due) - 1)
        left = fit_marked(" " + clean_line(who), marks, room).rstrip()
        return _pair(left, due, width, who_style, due_style)


def relaid(
    before: list[CardView], rows: list[_Lines], now: list[CardView], lay: Callable[[CardView], _Lines]
) -> list[_Lines]:
    """Return the lines of the cards ``now``, given ``rows``, those of the cards ``before``.

    The cards at the start and at the end of ``now`` that are those of
    ``before`` (the same objects) keep their lines; only those between are
    laid out again with ``lay``.
    """
    shortest = min(len(before), len(now))
    start = next((i for i, (old, new) in enumerate(zip(before, now, strict=False)) if old is not new), shortest)
    room = shortest - start  # the end never reaches back into the start
    end = next((i for i in range(room) if before[-1 - i] is not now[-1 - i]), room)
    middle = [lay(card) for card in now[start : len(now) - end]]
    return rows[:start] + middle + (rows[len(before) - end :] if end else [])


def _pair(left: str, right: str, width: int, left_style: Style, right_style: Style) -> list[Segment]:
    """Return ``left`` and ``right`` on one line of ``width`` cells; ``left`` is shortened before ``right`` is cut."""
    if not left.startswith(" "):
        left = " " + left
    shown_left, shown_right = fit_pair(left, " " + right if right else "", width)
    return [Segment(shown_left, left_style), Segment(shown_right, right_style)]


def card_rows(card: CardView, held: tuple[str, ...], width: int, roomy: bool) -> list[tuple[str, str]]:
    """Return the lines of ``card`` as (what the line shows, its text): head, title, holds, tags, who, blank.

    A roomy card takes its title on a second line when the first is not
    enough, and shows its tags; a compact one keeps to four lines plus holds.
    """
    title = clean_line(card.title)
    rows: list[tuple[str, str]] = [("head", "")]
    if roomy and width > 0 and len(title) > width:
        lines = textwrap.wrap(title, width, break_long_words=True) or [title]
        rows.append(("title", lines[0]))
        rows.append(("title", shorten(" ".join(lines[1:]), width)))
    else:
        rows.append(("title", title))
    rows.extend(("hold", line) for line in held)
    if roomy and card.tags:
        rows.append(("tags", " ".join(f"#{clean_line(tag)}" for tag in card.tags)))
    rows.append(("who", ""))
    rows.append(("blank", ""))
    return rows


class LaneTitle(Widget):
    """A column's one-line title; redrawing it never re-lays out the screen.

    When the column is narrow the name is shortened, never the count after it.
    """

    DEFAULT_CSS = """
    LaneTitle {
        height: 1;
    }
    """

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.name_text = text
        self.rest = Text()

    def show(self, name: str, rest: Text, over_limit: bool) -> None:
        """Show ``name`` then ``rest`` (its count); ``over_limit`` colours the title as over its WIP limit."""
        if (name, rest, over_limit) == (self.name_text, self.rest, self.has_class("over-wip")):
            return  # as shown: nothing to redraw
        self.name_text, self.rest = name, rest
        self.set_class(over_limit, "over-wip")
        self.refresh()

    def render(self) -> Text:
        width = self.content_size.width or 80
        rest = self.rest.copy()
        if len(self.name_text) + len(rest) > width and rest.plain.endswith(" over"):
            rest = rest[: len(rest) - len(" over")]  # the ▲ says it: the name keeps the room
        name = shorten(self.name_text, max(1, width - len(rest)))
        text = Text.assemble((name, "bold"), rest, no_wrap=True, overflow="ellipsis")
        return text
