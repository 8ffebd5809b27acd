"""A field chosen from a list: an input above the choices, narrowed to those containing what is typed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

# One choice: (what the list shows, what the field holds once it is chosen).
Choice = tuple[str, str]


def narrowed(choices: Sequence[Choice], typed: str) -> list[Choice]:
    """Return the choices whose label contains ``typed`` (any case), those starting with it first.

    What is typed naming a choice exactly narrows nothing: the whole list is shown with it.
    """
    term = typed.strip().lower()
    if not term or any(term in (label.lower(), value.lower()) for label, value in choices):
        return list(choices)
    starts = [c for c in choices if c[0].lower().startswith(term)]
    inside = [c for c in choices if term in c[0].lower() and c not in starts]
    return starts + inside


class ChoiceInput(Vertical, can_focus=False):
    """An :class:`Input` (the field itself) with its choices listed below while it has focus.

    Typing narrows the list; up and down move through it; enter (or a click)
    chooses. With ``multiple`` the field holds several choices, comma
    separated, and the list narrows on the last one typed.
    """

    DEFAULT_CSS = """
    ChoiceInput { height: auto; }
    ChoiceInput > OptionList { height: auto; max-height: 8; display: none; }
    ChoiceInput.-open > OptionList { display: block; }
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next choice", show=False, id="choice.next"),
        Binding("up", "move(-1)", "Previous choice", show=False, id="choice.previous"),
    ]

    def __init__(
        self,
        value: str,
        choices: Sequence[Choice],
        *,
        input_id: str,
        placeholder: str = "",
        multiple: bool = False,
        disabled: bool = False,
    ) -> None:
        super().__init__(id=f"choice-{input_id.removeprefix('field-')}")
        self.choices = list(choices)
        self.multiple = multiple
        self.input = Input(value, placeholder=placeholder, id=input_id, disabled=disabled)
        self.list = OptionList()
        self.list.can_focus = False
        self.shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        yield self.input
        yield self.list

    def on_mount(self) -> None:
        self._refresh_list()

    def set_choices(self, choices: Sequence[Choice]) -> None:
        """Offer ``choices`` from now on."""
        self.choices = list(choices)
        self._refresh_list()

    def _term(self) -> str:
        text = self.input.value
        return text.rsplit(",", 1)[-1] if self.multiple else text

    def _refresh_list(self) -> None:
        choices = self.choices
        if self.multiple:
            taken = {part.strip().lower() for part in self.input.value.split(",")[:-1]}
            choices = [c for c in choices if c[1].lower() not in taken]
        self.shown = narrowed(choices, self._term())
        self.list.set_options([Option(Text(label)) for label, _ in self.shown])
        if self.shown:
            term = self._term().strip().lower()
            exact = next((i for i, (lb, v) in enumerate(self.shown) if term in (lb.lower(), v.lower())), None)
            self.list.highlighted = exact if exact is not None else 0

    def choose(self, index: int) -> None:
        """Put choice ``index`` of the list shown in the field."""
        if not 0 <= index < len(self.shown):
            return
        label, value = self.shown[index]
        if self.multiple:
            kept = [part.strip() for part in self.input.value.split(",")[:-1] if part.strip()]
            self.input.value = ", ".join([*kept, value]) + ", "
        else:
            self.input.value = label if value else ""
        self.input.cursor_position = len(self.input.value)

    def action_move(self, step: int) -> None:
        """Highlight the next (or previous) choice."""
        if not self.shown:
            return
        current = self.list.highlighted
        self.list.highlighted = 0 if current is None else max(0, min(len(self.shown) - 1, current + step))

    @on(Input.Changed)
    def _typed(self) -> None:
        self._refresh_list()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter chooses the highlighted choice when it is not the one in the field yet; else it saves the form."""
        index = self.list.highlighted
        if not self.has_class("-open") or index is None or not 0 <= index < len(self.shown):
            return
        label, value = self.shown[index]
        term = self._term().strip().lower()
        if term in (label.lower(), value.lower()) and (term or not value):
            return
        event.stop()
        self.choose(index)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option_index)
        self.input.focus()

    @on(events.DescendantFocus)
    def _list_opened(self) -> None:
        self._refresh_list()
        self.add_class("-open")

    @on(events.DescendantBlur)
    def _list_closed(self) -> None:
        self.remove_class("-open")
        if not self.multiple:
            text = self.input.value.strip().lower()
            same = next((lb for lb, value in self.choices if text and text in (lb.lower(), value.lower())), None)
            if same is not None and same != self.input.value:
                self.input.value = same
