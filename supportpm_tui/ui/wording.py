"""How the dashboard words an error's hint: as the screen to open and its key, never as a command."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding

from supportpm_tui.core.errors import FieldError, UserError

# Where each kind of thing is listed in the dashboard, and the binding id of the key that opens it.
SCREEN_OF: dict[str, tuple[str, str]] = {
    "person": ("Capacity", "app.capacity"),
    "project": ("the project picker", "app.project"),
    "milestone": ("Timeline", "app.timeline"),
    "task": ("Board", "app.board"),
    "risk": ("Risks", "app.risks"),
    "issue": ("Risks", "app.risks"),
    "change": ("Risks", "app.risks"),
}


def hint_text(error: UserError, key_of: dict[str, str] | None = None) -> str:
    """Return the hint of ``error`` as the dashboard says it (`` (see Capacity, key 5)``), or ``""``."""
    if error.hint is None or error.hint.noun not in SCREEN_OF:
        return ""
    screen, binding_id = SCREEN_OF[error.hint.noun]
    key = (key_of or {}).get(binding_id)
    return f" (see {screen}, key {key})" if key else f" (see {screen})"


def error_text(error: UserError, key_of: dict[str, str] | None = None) -> str:
    """Return the whole message of ``error`` for a notification."""
    return str(error) + hint_text(error, key_of)


def field_text(error: FieldError, key_of: dict[str, str] | None = None) -> str:
    """Return the message of ``error`` for the line next to its field."""
    return error.message + hint_text(error, key_of)


def key_displays(app: App[Any]) -> dict[str, str]:
    """Return the key shown for each of the app's own bindings, by binding id, after the user's keymap."""
    keymap: dict[str, str] = getattr(app, "user_keymap", {})
    shown: dict[str, str] = {}
    for item in type(app).BINDINGS:
        if isinstance(item, Binding) and item.id:
            keys = keymap.get(item.id, item.key).split(",")[0].strip()
            shown[item.id] = app.get_key_display(Binding(keys, item.action))
    return shown
