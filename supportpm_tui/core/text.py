"""Safety of user text: control characters never reach the database or the terminal."""

from __future__ import annotations

import functools
import re
import unicodedata

# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every C0 control, DEL and every C1 control: nothing a terminal acts on is left in text drawn on it.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Return ``value`` without control characters (tab and newline kept), trimmed."""
    return _CONTROL.sub("", value).strip()


def clean_line(value: str) -> str:
    """Return ``value`` as a single trimmed line with no control characters."""
    return " ".join(clean_text(value).split())


# Every C0 and C1 control (tab and newline too), DEL, and the lone surrogates that stand
# for bytes of a file name that are not UTF-8.
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8, as Python decodes it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(value: str, keep: str = "") -> str:
    """Return ``value`` with every control character written out as text (``\\x1b``, ``\\n``), except those in ``keep``.

    What a terminal would act on (an escape sequence, a bell, a carriage
    return) is shown instead, so a file name or a message is seen as it is
    and never drives the terminal.
    """
    pattern = _unshowable_but(keep) if keep else _UNSHOWABLE
    if not pattern.search(value):
        return value
    return pattern.sub(_escape, value)


@functools.cache
def _unshowable_but(keep: str) -> re.Pattern[str]:
    """Return the pattern of every control character except those in ``keep`` (lines and tabs, in output)."""
    kept = {ord(char) for char in keep}
    ranges = [(0x00, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF)]
    codes = [code for low, high in ranges for code in range(low, high + 1) if code not in kept]
    return re.compile("[" + "".join(re.escape(chr(code)) for code in codes) + "]")


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
