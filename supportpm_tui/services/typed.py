"""The records the services return: frozen dataclasses that give their JSON data; and what an edit changes.

A record's fields are the item's data in the order the command line prints
them, and ``to_json()`` gives exactly the JSON the command line writes: the
fields, unless a record overrides it to rename or leave out keys (so
``dataclasses.asdict`` is not always the same). An edit's keyword parameters
default to :data:`~supportpm_tui.core.unset.UNSET`: a field not given is left
as it is, while ``None`` (where a field allows it) clears it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, cast

from supportpm_tui.core.unset import UNSET

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class JsonRecord:
    """Base of the services' records: a dataclass that is also its JSON data."""

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON data: its fields, in order (a record may override this)."""
        return dataclasses.asdict(cast("DataclassInstance", self))


def given_fields(**fields: object) -> dict[str, Any]:
    """Return the fields that are not UNSET, by name (what an edit changes)."""
    return {name: value for name, value in fields.items() if value is not UNSET}
