"""How the dashboard words an error's hint: as the screen to open and its key, never as a command."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.binding import Binding

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.ui.modes import MODES

# Where the dashboard lists each kind of thing an error can point to: a mode of ui/modes.py, or the project picker.
LISTED_ON: dict[str, str] = {
    "person": "capacity",
    "milestone": "timeline",
    "task": "board",
    "risk": "risks",
    "issue": "risks",
    "change": "risks",
}


def _where(noun: str) -> tuple[str, str] | None:
    """Return (what to open, the id of its key) for the list of ``noun``, or ``None``."""
    if noun == "project":
        return "the project picker", "app.project"
    mode = next((m for m in MODES if m.name == LISTED_ON.get(noun)), None)
    return (mode.title, f"app.{mode.name}") if mode is not None else None


# A service's message in the command line's words, as the dashboard says it: the form's field, never an option.
DASHBOARD_WORDS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r";? give --project\b"), "; choose the project first"),
    (re.compile(r" with '(?:supportpm )?person edit --inactive'"), " (Capacity lists the team)"),
    (re.compile(r"open it with 'supportpm --db' to upgrade it first"), "open it as the database to upgrade it first"),
    (re.compile(r" \(--[a-z][a-z-]*\)"), ""),
    (re.compile(r"'supportpm [^']*'"), "the command line"),
    (re.compile(r"(?<![\w-])--([a-z][a-z-]*)"), lambda m: f"the {m.group(1).replace('-', ' ')} field"),
]


def dashboard_words(message: str) -> str:
    """Return ``message`` with any command-line option or command put as the dashboard says it."""
    for pattern, replacement in DASHBOARD_WORDS:
        message = pattern.sub(replacement, message)
    return message


def hint_text(error: UserError, key_of: dict[str, str] | None = None) -> str:
    """Return the hint of ``error`` as the dashboard says it (`` (see Capacity, key 5)``), or ``""``."""
    where = _where(error.hint.noun) if error.hint is not None else None
    if where is None:
        return ""
    screen, binding_id = where
    key = (key_of or {}).get(binding_id)
    return f" (see {screen}, key {key})" if key else f" (see {screen})"


def error_text(error: UserError, key_of: dict[str, str] | None = None) -> str:
    """Return the whole message of ``error`` for a notification."""
    return dashboard_words(str(error)) + hint_text(error, key_of)


def field_text(error: FieldError, key_of: dict[str, str] | None = None) -> str:
    """Return the message of ``error`` for the line next to its field."""
    return dashboard_words(error.message) + hint_text(error, key_of)


def key_displays(app: App[Any]) -> dict[str, str]:
    """Return the key shown for each of the app's own bindings, by binding id, after the user's keymap."""
    keymap: dict[str, str] = getattr(app, "user_keymap", {})
    shown: dict[str, str] = {}
    for item in type(app).BINDINGS:
        if isinstance(item, Binding) and item.id:
            keys = keymap.get(item.id, item.key).split(",")[0].strip()
            shown[item.id] = app.get_key_display(Binding(keys, item.action))
    return shown
