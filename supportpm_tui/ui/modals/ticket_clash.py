"""Asked when a ticket-load import holds weeks that already have load: add to it, replace it, or cancel."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

ADD = "add"
REPLACE = "replace"


class TicketClashModal(ModalScreen[str | None]):
    """Ask what to do with weeks that already have ticket load: ``a`` adds, ``r`` replaces, escape cancels.

    Answers ``add``, ``replace``, or None (nothing imported).
    """

    BINDINGS = [
        Binding("a", "answer('add')", "Add", id="ticket_clash.add"),
        Binding("r", "answer('replace')", "Replace", id="ticket_clash.replace"),
        Binding("escape,c", "answer('')", "Cancel", id="ticket_clash.cancel"),
    ]

    def __init__(self, question: str, details: Sequence[str] = ()) -> None:
        super().__init__()
        self.question = question
        self.details = tuple(details)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="ticket-clash"):
            yield Static(self.question, classes="dialog-title", markup=False)
            yield Static("\n".join(self.details), id="ticket-clash-details", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add (a)", variant="primary", id=ADD)
                yield Button("Replace (r)", variant="warning", id=REPLACE)
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def action_answer(self, choice: str) -> None:
        """Close with ``add``, ``replace``, or None for cancel."""
        self.dismiss(choice or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in (ADD, REPLACE) else None)
