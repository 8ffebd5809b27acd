"""The dashboard's themes: Textual's dark and light, and a high-contrast one for a shared screen."""

from __future__ import annotations

from textual.theme import Theme

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
    error="#FF4040",
    success="#40FF40",
    dark=True,
)

THEME_CHOICES: tuple[str, ...] = ("textual-dark", "textual-light", "high-contrast")
