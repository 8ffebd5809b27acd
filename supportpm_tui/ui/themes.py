"""The dashboard's themes: dark, light, and a high-contrast one for a shared screen.

Every colour drawn as text (warnings, key letters, states) reads at a WCAG
contrast of at least 4.5 : 1 on whatever it is drawn on, cursors included
(tests/ui/test_contrast.py checks each pair). The dark and light themes keep
the names of Textual's own, which they replace in the dashboard, so a theme
remembered before stays chosen.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

from supportpm_tui.settings.themes import THEME_NAMES

if TYPE_CHECKING:
    from textual.app import App

DARK = replace(
    BUILTIN_THEMES["textual-dark"],
    primary="#3A98E8",
    secondary="#6CB4F0",
    error="#FF7A90",
    success="#5CD184",
    variables={**BUILTIN_THEMES["textual-dark"].variables, "block-cursor-background": "#0A5FA8"},
)

LIGHT = replace(
    BUILTIN_THEMES["textual-light"],
    background="#F5F5F5",
    surface="#FFFFFF",
    panel="#E4E8EC",
    primary="#0A55A0",
    secondary="#0A55A0",
    accent="#7A4300",
    warning="#7A4A00",
    error="#A8001E",
    success="#1A5E2E",
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFD700",
    secondary="#00FFFF",
    accent="#00FFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    warning="#FFD700",
    error="#FF7A7A",
    success="#40FF40",
    dark=True,
)

THEMES: tuple[Theme, ...] = (DARK, LIGHT, HIGH_CONTRAST)
THEME_CHOICES: tuple[str, ...] = THEME_NAMES


def register_themes(app: App[Any]) -> None:
    """Give ``app`` the dashboard's themes (its dark and light in place of Textual's)."""
    for theme in THEMES:
        app.register_theme(theme)
    # The app's styles were given the colours of Textual's theme of the same name: give them ours.
    app.stylesheet.set_variables(app.get_css_variables())


NO_COLOR_EMPHASIS: dict[str, str] = {"error": "reverse", "warning": "underline", "success": "", "accent": ""}
"""With ``NO_COLOR``, what marks text of each level instead of its colour (drawn in the text's own colour)."""


def text_colours(app: App[Any]) -> dict[str, str]:
    """Return the theme's colours for text the dashboard styles itself (as Rich style words).

    With ``NO_COLOR`` an error is drawn reversed and a warning underlined, in
    the text's own colour, so neither comes out fainter than plain text.
    """
    variables = app.theme_variables  # a new dict at each change of theme
    kept = _worked_out[0] if _worked_out else None
    if kept is not None and kept[0] is variables and kept[1] == app.no_color:
        return kept[2]  # a register of thousands of rows asks once a row: worked out once a theme
    colours = dict(variables)
    background = Color.parse(colours.get("background", "black"))
    for name, value in colours.items():
        if value.startswith("auto"):  # Textual's "legible on the background" (text-muted: auto 60%): not a Rich colour
            colours[name] = _legible(value, background)
    colours = {**colours, **NO_COLOR_EMPHASIS} if app.no_color else colours
    _worked_out[:] = [(variables, app.no_color, colours)]
    return colours


_worked_out: list[tuple[dict[str, str], bool, dict[str, str]]] = []
"""The theme variables :func:`text_colours` last worked out (held, so that no other dict takes their identity),
whether with ``NO_COLOR``, and the colours (not to be changed by those who ask)."""


def _legible(value: str, background: Color) -> str:
    """Return Textual's ``auto [N%]`` colour, worked out on ``background``, as a hex colour."""
    parts = value.split()
    alpha = float(parts[1].rstrip("%")) / 100 if len(parts) > 1 else 1.0
    return (background + background.get_contrast_text(alpha)).hex
