"""Safety of user text: control characters never reach the database or the terminal."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Return ``value`` without control characters (tab and newline kept), trimmed."""
    return _CONTROL.sub("", value).strip()


def clean_line(value: str) -> str:
    """Return ``value`` as a single trimmed line with no control characters."""
    return " ".join(clean_text(value).split())
