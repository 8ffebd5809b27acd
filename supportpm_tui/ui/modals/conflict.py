"""Someone else changed the fields you changed: theirs and yours side by side, and you choose.

Keep yours for every field, take theirs for every field, or choose field by
field (space, or enter, switches the highlighted field); nothing is saved
until you choose. Escape goes back to the form.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static

from supportpm_tui.core.errors import EditConflict, FieldConflict
from supportpm_tui.ui.widgets.lists import Choices

MINE = "mine"
THEIRS = "theirs"

# What the dialog answers: for each conflicting field (by its stored name), whose value to save.
Resolution = dict[str, str]


class ConflictModal(ModalScreen[Resolution | None]):
    """Show each field both sides changed, theirs beside yours; answer whose to keep, per field."""

    BINDINGS = [
        Binding("m", "keep_mine", "Keep mine", id="conflict.mine"),
        Binding("t", "take_theirs", "Take theirs", id="conflict.theirs"),
        Binding("space", "switch", "Switch field", id="conflict.switch"),
        Binding("ctrl+s", "save_choices", "Save choices", id="conflict.save"),
        Binding("escape", "back", "Back to the form", id="conflict.back"),
    ]

    def __init__(self, what: str, conflict: EditConflict) -> None:
        super().__init__()
        self.what = what
        self.conflict = conflict
        self.choice: dict[str, str] = {self._key(f): MINE for f in conflict.fields}

    @staticmethod
    def _key(field: FieldConflict) -> str:
        return field.name or field.field

    def compose(self) -> ComposeResult:
        who = ", ".join(dict.fromkeys(f.by for f in self.conflict.fields))
        with Vertical(id="conflict", classes="dialog"):
            yield Static(f"{self.what} was changed by {who} while you edited it", classes="dialog-title", markup=False)
            yield Static(
                "Both of you changed the fields below; your other changes are kept. "
                "Choose whose value to save: space switches the highlighted field.",
                id="conflict-help",
                markup=False,
            )
            yield Static(self._heading(), id="conflict-heading")
            yield Choices(*[self._row(f) for f in self.conflict.fields], id="conflict-fields")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep mine (m)", variant="primary", id="mine")
                yield Button("Take theirs (t)", id="theirs")
                yield Button("Save (ctrl+s)", id="save")
                yield Button("Back (esc)", id="back")

    def on_mount(self) -> None:
        self.query_one("#conflict-fields", Choices).focus()

    def _widths(self) -> tuple[int, int, int]:
        """Return the widths of the name, value and who-and-when columns for this terminal."""
        inner = min(120, int(self.app.size.width * 0.96)) - 12
        if inner >= 100:
            return 14, 30, 24
        name = 12
        return name, max(8, (inner - name - 4) // 2), 0  # narrow: who changed it is in the title

    def _heading(self) -> Text:
        name, value, who = self._widths()
        heading = Text(" " * (name + 2) + _cell("Theirs", value), no_wrap=True, style="dim")
        heading.append((_cell("changed by", who) if who else "") + "  Yours")
        return heading

    def _row(self, field: FieldConflict) -> Text:
        """Return one field's line: its name, theirs (who, when) and yours, the chosen one marked."""
        name, value, who = self._widths()
        chosen = self.choice[self._key(field)]
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(_cell(field.field.capitalize(), name), style="bold")
        text.append("● " if chosen == THEIRS else "○ ")
        text.append(_cell(field.theirs, value), style="bold" if chosen == THEIRS else "dim")
        if who:
            text.append(_cell(f"{field.by}, {field.at}", who), style="dim")
        text.append("● " if chosen == MINE else "○ ")
        text.append(_cell(field.yours, value), style="bold" if chosen == MINE else "dim")
        return text

    def _redraw(self) -> None:
        options = self.query_one("#conflict-fields", Choices)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([self._row(f) for f in self.conflict.fields])
        options.highlighted = highlighted

    def action_switch(self) -> None:
        """Switch the highlighted field between theirs and yours."""
        index = self.query_one("#conflict-fields", Choices).highlighted
        if index is None:
            return
        key = self._key(self.conflict.fields[index])
        self.choice[key] = THEIRS if self.choice[key] == MINE else MINE
        self._redraw()

    def action_keep_mine(self) -> None:
        """Save yours for every field."""
        self.dismiss({key: MINE for key in self.choice})

    def action_take_theirs(self) -> None:
        """Keep theirs for every field (your changes to other fields are still saved)."""
        self.dismiss({key: THEIRS for key in self.choice})

    def action_save_choices(self) -> None:
        """Save the choice made for each field."""
        self.dismiss(dict(self.choice))

    def action_back(self) -> None:
        """Go back to the form; nothing is saved."""
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#conflict-fields")
    def _selected(self) -> None:
        self.action_switch()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        actions = {
            "mine": self.action_keep_mine,
            "theirs": self.action_take_theirs,
            "save": self.action_save_choices,
            "back": self.action_back,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()


def _cell(text: str, width: int) -> str:
    """Return ``text`` in a column ``width`` wide: padded, or cut with an ellipsis."""
    text = " ".join(text.split())
    return text.ljust(width) if len(text) < width else text[: width - 2] + "… "
