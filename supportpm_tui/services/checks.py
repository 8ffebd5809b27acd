"""The checks every value passes before it is written, and the activity log's JSON values.

Shared by the services (:mod:`supportpm_tui.services.base` re-exports them)
and the command line's quick writes (:mod:`supportpm_tui.services.quick_writes`),
so both refuse the same values with the same words. Light to import: the
standard library and the core only.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from typing import Any

from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.parsing import check_date, check_range
from supportpm_tui.core.text import clean_line, clean_text

MAX_NAME = 200
MAX_TEXT = 10_000


def current_actor() -> str:
    """Return who is making changes: ``SUPPORTPM_ACTOR`` or the OS user name."""
    actor = os.environ.get("SUPPORTPM_ACTOR")
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "unknown"


def to_json(value: Any) -> Any:
    """Return ``value`` as plain JSON data (dates as ISO text)."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def check_values(values: dict[str, Any]) -> None:
    """Raise when a date lies outside the window (1970–2200) or a number is not finite or out of bounds.

    The last guard before anything is written, whatever path the values took:
    the rules compute with every stored date and number.
    """
    for field, value in values.items():
        if isinstance(value, (dt.datetime, bool)):
            continue
        if isinstance(value, dt.date):
            check_date(value, field_label(field))
        elif isinstance(value, float):
            check_range(value, field_label(field))


def field_label(field: str) -> str:
    """Return a stored field's name as a person says it: ``assignee`` for ``assignee_id``."""
    name = field[:-3] if field.endswith("_id") else field
    return name.replace("_", " ")


def required_text(value: str | None, field: str, max_len: int = MAX_NAME) -> str:
    """Return ``value`` cleaned to one line; raise when empty or too long."""
    text = clean_line(value or "")
    if not text:
        raise FieldError(field, "must not be empty")
    if len(text) > max_len:
        raise FieldError(field, f"is too long ({len(text)} characters; at most {max_len})")
    return text


def optional_text(value: str | None, field: str, max_len: int = MAX_TEXT) -> str:
    """Return ``value`` without control characters; raise when too long."""
    text = clean_text(value or "")
    if len(text) > max_len:
        raise FieldError(field, f"is too long ({len(text)} characters; at most {max_len})")
    return text


def checked_texts(values: dict[str, Any], texts: tuple[str, ...]) -> dict[str, Any]:
    """Return the title (one line, not empty) and the free ``texts`` among ``values``, checked in that order."""
    out: dict[str, Any] = {}
    if "title" in values:
        out["title"] = required_text(values["title"], "title")
    for field in texts:
        if field in values:
            out[field] = optional_text(values[field], field)
    return out


def scale(value: int, field: str) -> int:
    """Return a 1–5 value; raise outside that range."""
    check_range(value, field, 1, 5)
    return int(value)


def hours(value: float, field: str, high: float = 10_000) -> float:
    """Return hours within 0..high; raise outside."""
    return float(check_range(value, field, 0, high))


def tags_text(tags: list[str] | None) -> str:
    """Return tags as stored: cleaned, lower-case, comma-separated, no duplicates."""
    seen: list[str] = []
    for tag in tags or []:
        for part in tag.split(","):
            t = clean_line(part).lstrip("#").lower()
            if t and t not in seen:
                if len(t) > 40:
                    raise FieldError("tag", f"{t[:20]}… is too long (at most 40 characters)")
                seen.append(t)
    return ",".join(seen)
