"""Errors that reach a person: one clear line saying what went wrong, and where to look next.

A service never words its hint for one interface: it names what to look at
(:class:`Hint`), and the command line says it as a command
(``see 'supportpm person list'``) while the dashboard says it as a screen and
its key (``see Capacity, key 5``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hint:
    """Where to look next: the list of ``noun`` (``person``, ``project``, ``milestone``, ``task``, ``risk`` …)."""

    noun: str


class UserError(Exception):
    """A problem the user can fix; the CLI prints it on one line and exits 2."""

    def __init__(self, message: str, hint: Hint | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class FieldError(UserError):
    """A value of one field is wrong; forms show the message next to the field."""

    def __init__(self, field: str, message: str, hint: Hint | None = None) -> None:
        super().__init__(f"{field.replace('_', ' ')}: {message}", hint)
        self.field = field
        self.message = message


class NotFound(UserError):
    """A named person, project, milestone or other item does not exist."""
