"""Errors that reach a person: one clear line saying what went wrong."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; the CLI prints it on one line and exits 2."""


class FieldError(UserError):
    """A value of one field is wrong; forms show the message next to the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field.replace('_', ' ')}: {message}")
        self.field = field
        self.message = message


class NotFound(UserError):
    """A named person, project, milestone or other item does not exist."""
