"""The names of the dashboard's themes, for the command line and the config file (Textual not needed)."""

from __future__ import annotations

from supportpm_tui.core.errors import UserError

THEME_NAMES: tuple[str, ...] = ("textual-dark", "textual-light", "high-contrast")
THEME_WORDS: dict[str, str] = {"dark": "textual-dark", "light": "textual-light"}
"""Short names the command line also takes."""


def theme_named(word: str) -> str:
    """Return the theme called ``word`` (a full or a short name, any case); UserError if there is none."""
    name = word.strip().lower()
    name = THEME_WORDS.get(name, name)
    if name not in THEME_NAMES:
        choices = ", ".join((*THEME_NAMES, *THEME_WORDS))
        raise UserError(f"--theme: no theme called {word!r}; choose one of {choices}")
    return name
