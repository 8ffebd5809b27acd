"""Safety of user text: control characters never reach the database or the terminal."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Return ``value`` without control characters (tab and newline kept), trimmed."""
    return _CONTROL.sub("", value).strip()


def clean_line(value: str) -> str:
    """Return ``value`` as a single trimmed line with no control characters."""
    return " ".join(clean_text(value).split())


def shown_value(value: object) -> str:
    """Return a stored value as a person reads it: ``none`` for nothing, ``yes``/``no``, ``4.5`` not ``4.50``.

    No Python word (``None``, ``True``, ``[]``) ever reaches a screen or a line of output.
    """
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(shown_value(v) for v in value)
    return str(value)


def name_key(value: str) -> str:
    """Return the form under which two names count as the same, in every script.

    Case is folded the full Unicode way (``ß`` and ``SS``, ``Σ``/``σ``/``ς``,
    dotted and dotless ``i``), and composed and decomposed accents are one.
    """
    line = unicodedata.normalize("NFC", clean_line(value))
    return unicodedata.normalize("NFC", line.upper().casefold())
