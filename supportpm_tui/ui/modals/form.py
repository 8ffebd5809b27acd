"""A validated form: every field checked, the message shown next to it, nothing saved until valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import parse_number, parse_optional_date
from supportpm_tui.core.text import clean_line
from supportpm_tui.ui.wording import error_text, field_text, key_displays


@dataclass
class FormField:
    """One field of a form: how to show it and how to check what was typed."""

    name: str
    label: str
    value: str = ""
    kind: str = "text"  # text, date, number, integer, choice
    required: bool = False
    choices: Sequence[str] = ()
    suggestions: Sequence[str] = ()
    placeholder: str = ""
    low: float | None = None
    high: float | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)


Submit = Callable[["FormModal", dict[str, Any]], None]


def field_value(value: Any) -> str:
    """Return a stored value as a form shows it: empty for none, ``4.5`` not ``4.50``, lists joined."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class FormModal(ModalScreen[bool]):
    """A dialog that checks each field and passes the parsed values to ``submit``.

    ``submit`` starts the write; it calls :meth:`fail` with the service's
    error (shown next to its field) or :meth:`done` once saved.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]

    def __init__(self, title: str, fields: list[FormField], submit: Submit) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.submit = submit
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="dialog"):
            yield Static(self.form_title, classes="dialog-title", markup=False)
            yield Static("", id="form-error", classes="field-error", markup=False)
            with VerticalScroll(id="form-fields"):
                for f in self.fields:
                    yield Label(f.label + (" *" if f.required else ""), classes="field-label", markup=False)
                    if f.kind == "choice":
                        options = [(c.replace("_", " "), c) for c in f.choices]
                        yield Select(
                            options, value=f.value or Select.BLANK, allow_blank=not f.required, id=f"field-{f.name}"
                        )
                    else:
                        suggester = (
                            SuggestFromList(list(f.suggestions), case_sensitive=False) if f.suggestions else None
                        )
                        yield Input(f.value, placeholder=f.placeholder, id=f"field-{f.name}", suggester=suggester)
                    yield Static("", id=f"error-{f.name}", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        first = self.query(f"#field-{self.fields[0].name}").first() if self.fields else None
        if first is not None:
            first.focus()

    def raw(self, name: str) -> str:
        """Return what is typed or chosen in field ``name``."""
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.BLANK else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def set_error(self, name: str, message: str) -> None:
        """Show ``message`` next to field ``name`` (or above the form)."""
        target = self.query(f"#error-{name}")
        if target:
            target.first(Static).update(message)
        else:
            self.query_one("#form-error", Static).update(message)

    def clear_errors(self) -> None:
        """Remove every message."""
        for widget in self.query(".field-error").results(Static):
            widget.update("")

    def check(self) -> dict[str, Any] | None:
        """Return the parsed values, or ``None`` after showing what is wrong."""
        self.clear_errors()
        values: dict[str, Any] = {}
        ok = True
        for f in self.fields:
            text = self.raw(f.name).strip()
            try:
                values[f.name] = self._parse(f, text)
            except FieldError as exc:
                self.set_error(f.name, exc.message)
                ok = False
        return values if ok else None

    @staticmethod
    def _parse(f: FormField, text: str) -> Any:
        if not text:
            if f.required:
                raise FieldError(f.name, "is required")
            return None
        if f.kind == "date":
            return parse_optional_date(text, f.name)
        if f.kind == "number":
            return parse_number(text, f.name, f.low, f.high)
        if f.kind == "integer":
            number = parse_number(text, f.name, f.low, f.high)
            if not number.is_integer():
                raise FieldError(f.name, f"must be a whole number (got {text})")
            return int(number)
        return clean_line(text) if f.kind != "multiline" else text

    def fail(self, error: UserError) -> None:
        """Show a service's error next to its field and let the user fix it."""
        self.busy = False
        if isinstance(error, FieldError):
            for f in self.fields:
                if error.field in (f.name, *f.aliases) or error.field.replace(" ", "_") == f.name:
                    self.set_error(f.name, field_text(error, key_displays(self.app)))
                    return
        self.query_one("#form-error", Static).update(error_text(error, key_displays(self.app)))

    def done(self) -> None:
        """Close the form after a successful save."""
        self.dismiss(True)

    def action_save(self) -> None:
        """Check the form and, when valid, hand it to ``submit``."""
        if self.busy:
            return
        values = self.check()
        if values is not None:
            self.busy = True
            self.submit(self, values)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()
