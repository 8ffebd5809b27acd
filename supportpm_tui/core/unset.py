"""``UNSET``: a field that was not given, as against one given as ``None`` (which clears it).

An edit names only what changes: ``TaskValues(due=None)`` clears a card's due
date, while ``TaskValues()`` leaves it alone.
"""

from __future__ import annotations

import enum
from typing import Final, TypeVar

T = TypeVar("T")


class Unset(enum.Enum):
    """The type of :data:`UNSET`, its only value."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


def unset_if_none(value: T | None) -> T | Unset:
    """Return ``value``, or :data:`UNSET` for ``None`` (where nothing given means nothing to set)."""
    return UNSET if value is None else value
