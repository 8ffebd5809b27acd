"""Fields an edit leaves as they are: ``UNSET``, which differs from ``None`` (a field cleared).

An edit takes a frozen dataclass of changes (``RiskChanges`` and the like)
whose fields default to ``UNSET``; the service changes only the fields set.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import TYPE_CHECKING, Any, Final, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class Unset(enum.Enum):
    """The value of a field that an edit leaves as it is (``None`` clears a field that may be empty)."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET

T = TypeVar("T")


def or_unset(value: T | None) -> T | Unset:
    """Return ``value``, or ``UNSET`` for ``None`` (an option that was not given)."""
    return UNSET if value is None else value


def given_fields(changes: DataclassInstance) -> dict[str, Any]:
    """Return the fields of ``changes`` that are not ``UNSET``, by name."""
    values = {f.name: getattr(changes, f.name) for f in dataclasses.fields(changes)}
    return {name: value for name, value in values.items() if value is not UNSET}
