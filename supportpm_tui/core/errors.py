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


@dataclass(frozen=True)
class FieldConflict:
    """One field both sides changed: its value now (``theirs``, by ``by`` at ``at``) and the value asked for.

    ``field`` is the field as a person says it, ``name`` as it is stored.
    """

    field: str
    theirs: str
    yours: str
    by: str
    at: str
    name: str = ""


class EditConflict(UserError):
    """Someone else changed the same fields of an item since the version an edit started from; nothing was saved."""

    def __init__(self, label: str, since: int, version: int, fields: list[FieldConflict]) -> None:
        who = ", ".join(dict.fromkeys(f.by for f in fields))
        parts = "; ".join(f"{f.field} is {f.theirs} there, {f.yours} here" for f in fields)
        super().__init__(f"{label} was changed by {who} since version {since} (now {version}): {parts}; nothing saved")
        self.label = label
        self.since = since
        self.version = version
        self.fields = fields
