"""Small dialogs: confirm, pick one, show details, and the help for a screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, OptionList, Static
from textual.widgets.button import ButtonVariant
from textual.widgets.option_list import Option

from supportpm_tui.ui.widgets.lists import Choices, Table


class ConfirmModal(ModalScreen[bool]):
    """Ask a yes/no question; ``y`` confirms, ``n`` or escape cancels (enter presses the focused button: Cancel).

    ``details`` are lines said below the question: what will happen, or what is
    left behind. ``variant`` colours the confirming button (red for what
    destroys, ``primary`` for what only changes).
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self,
        question: str,
        confirm_label: str = "Delete",
        details: Sequence[str] = (),
        variant: ButtonVariant = "error",
    ) -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label
        self.details = tuple(details)
        self.variant: ButtonVariant = variant

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog" if self.details else "dialog small"):
            yield Static(self.question, classes="dialog-title", markup=False)
            if self.details:
                yield Static("\n".join(self.details), id="confirm-details", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm_label} (y)", variant=self.variant, id="yes")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class TextPromptModal(ModalScreen[str | None]):
    """Ask for one line of text (a filter, a reason); enter accepts, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self, title: str, value: str = "", placeholder: str = "", required: bool = False, hint: str = ""
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder
        self.required = required
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.prompt_title, classes="dialog-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt")
            yield Static(self.hint, id="prompt-error", classes="field-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.required and not text:
            error = self.query_one("#prompt-error", Static)
            error.set_class(True, "field-error")
            error.update("Please say why — this is required.")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class PickerModal(ModalScreen[str | None]):
    """Pick one of several options (by id); escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.picker_title = title
        self.options = options
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.picker_title, classes="dialog-title", markup=False)
            yield Choices(*[Option(Text(label), id=oid) for oid, label in self.options], id="picker")

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        ids = [oid for oid, _ in self.options]
        if self.current in ids:
            picker.highlighted = ids.index(self.current)
        picker.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)


class HelpModal(ModalScreen[None]):
    """Every key of the current screen, built from its bindings: the screen's own first, then those of every screen.

    The legend below is never cut: it wraps, and the list of keys scrolls
    (``j``/``k``) to leave it room on a short terminal.
    """

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", "Close", id="help.close"),
        Binding("j", "scroll_keys(1)", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll_keys(-1)", "Scroll up", show=False, id="help.up"),
    ]
    CLOSING = (
        'escape closes · j/k scroll · ctrl+p finds any action by name · remap a key by its id: "keymap" in config.json'
    )

    def __init__(self, screen_name: str, keys: list[tuple[str, str, str]], legend: Sequence[str] = ()) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.keys = keys
        self.legend = legend

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Static(f"Help — {self.screen_name}", classes="dialog-title", markup=False)
            table: Table[str] = Table(cursor_type="none", zebra_stripes=True, id="help-keys")
            yield table
            for line in self.legend:
                yield Static(line, classes="field-hint help-legend", markup=False)
            yield Static(self.CLOSING, classes="field-hint help-legend", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("key", "does", "id (for your keymap)")
        own = [row for row in self.keys if not row[2].startswith("app.") and row[1] != "palette"]
        everywhere = [row for row in self.keys if row not in own]
        table.add_row(Text(f"On {self.screen_name}", style="bold"), Text(""), Text(""))
        for key, description, binding_id in own:
            table.add_row(Text(key), Text(description), Text(binding_id, style="dim"))
        table.add_row(Text("Everywhere", style="bold"), Text(""), Text(""))
        for key, description, binding_id in everywhere:
            table.add_row(Text(key), Text(description), Text(binding_id, style="dim"))
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Give the legend the lines it needs (wrapped to the dialog's width); the keys take what is left."""
        width, height = self.app.size
        inner = max(20, min(90, width * 95 // 100) - 6)  # the border and the padding
        legend = sum(max(1, -(-len(line) // inner)) for line in (*self.legend, self.CLOSING))
        room = max(4, height * 90 // 100 - legend - 6)  # the title, its margin, the border and the padding
        self.query_one(DataTable).styles.height = min(room, len(self.keys) + 3)

    def action_scroll_keys(self, step: int) -> None:
        """Scroll the list of keys by ``step`` lines."""
        table = self.query_one(DataTable)
        table.scroll_to(y=table.scroll_offset.y + step, animate=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
