"""Forms per entity: the fields of each form and how a filled-in form becomes one service call.

Every screen (and the command palette) that adds or edits an entity uses the
form of its module here, so a field is described once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.unset import UNSET
from supportpm_tui.ui.modals.form import field_value

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# How a form hands its service call to the app: ``write(action, done=…, failed=…, success=…)``.
Write = Callable[..., None]

# What a form does with the id of the entry it saved: the screen keeps that entry selected.
KeepSelected = Callable[[int], None]


def save_with(write: Write, action: Callable[[Any], Any], form: Any, success: str | None = None) -> None:
    """Have ``write`` run ``action``; close ``form`` when it is saved, show the error next to its field when not."""
    failed: Callable[[UserError], None] = form.fail
    write(action, done=form.done, failed=failed, success=success)


BuiltT = TypeVar("BuiltT")


def changes_only(form: Any, build: Callable[[dict[str, Any]], BuiltT], values: dict[str, Any]) -> BuiltT:
    """Return ``build(values)`` keeping only what differs from ``build`` of what the form opened with.

    An edit form writes only the fields the user changed, so a change someone
    else made meanwhile to another field is kept. ``build`` returns a service's
    values (a dataclass whose fields left :data:`UNSET` are not given) or its
    keyword arguments (a dict).
    """
    now = build(values)
    then = build(form.opened_values())
    if isinstance(now, dict):
        assert isinstance(then, dict)
        return cast(BuiltT, {k: v for k, v in now.items() if k not in then or then[k] != v})
    same = {
        field.name: UNSET
        for field in dataclasses.fields(cast("DataclassInstance", now))
        if getattr(now, field.name) == getattr(then, field.name)
    }
    return cast(BuiltT, dataclasses.replace(cast("DataclassInstance", now), **same))


def shown_values(record: DataclassInstance) -> dict[str, str]:
    """Return each field of a service's record as a form shows it (empty for none, lists comma separated)."""
    return {field.name: field_value(getattr(record, field.name)) for field in dataclasses.fields(record)}
