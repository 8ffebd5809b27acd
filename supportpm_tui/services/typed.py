"""The typed edges of the services: the records they return, and UNSET for what an edit leaves alone.

A record is a frozen dataclass whose fields are the item's JSON data in the
order the command line prints them, so ``to_json()`` (or
``dataclasses.asdict``) gives exactly the JSON the command line writes. An
edit's keyword parameters default to :data:`UNSET`: a field not given is left
as it is, while ``None`` (where a field allows it) clears it.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")


class Record:
    """Base of the services' records: a dataclass that is also its JSON data."""

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON data: its fields, in order."""
        return dataclasses.asdict(cast("DataclassInstance", self))


class Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


def if_given(value: T | None) -> T | Unset:
    """Return ``value``, or UNSET when it is ``None`` (an option that was not given)."""
    return UNSET if value is None else value


def given_fields(**fields: object) -> dict[str, Any]:
    """Return the fields that are not UNSET, by name (what an edit changes)."""
    return {name: value for name, value in fields.items() if value is not UNSET}
