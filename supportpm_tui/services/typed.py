"""The records the services return: frozen dataclasses that give their JSON data; and what an edit changes.

A record's fields are the item's data in the order the command line prints
them, and ``to_json()`` gives exactly the JSON the command line writes: the
fields, unless a record overrides it to rename or leave out keys (so
``dataclasses.asdict`` is not always the same). An edit's keyword parameters
default to :data:`~supportpm_tui.core.unset.UNSET`: a field not given is left
as it is, while ``None`` (where a field allows it) clears it.
"""

from __future__ import annotations

import copy
import dataclasses
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from supportpm_tui.core.unset import UNSET

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class JsonRecord:
    """Base of the services' records: a dataclass that is also its JSON data."""

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON data: its fields, in order (a record may override this).

        The same data as ``dataclasses.asdict``, made without copying what needs
        no copy (text, numbers): a list of ten thousand cards prints at once.
        """
        names, values_of = _shape(type(self))
        return {name: v if type(v) in _AS_IS else _plain(v) for name, v in zip(names, values_of(self), strict=True)}


# The values a record's JSON data holds as they are: nothing in them to copy.
_AS_IS = frozenset({str, int, float, bool, type(None)})


_Shape = tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]
_SHAPES: dict[type, _Shape] = {}


def _shape(record: type) -> _Shape:
    """Return a record type's field names, in order, and a function that gives a record's values in that order."""
    found = _SHAPES.get(record)
    if found is None:
        names = tuple(f.name for f in dataclasses.fields(cast("type[DataclassInstance]", record)))
        if len(names) < 2:  # attrgetter of one name gives the value itself, not a tuple
            found = (names, lambda item: tuple(getattr(item, name) for name in names))
        else:
            found = (names, operator.attrgetter(*names))
        _SHAPES[record] = found
    return found


def _plain(value: Any) -> Any:
    """Return ``value`` as ``dataclasses.asdict`` gives it: records as dicts, lists and dicts copied, the rest as is."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, JsonRecord) and type(value).to_json is JsonRecord.to_json:
            return value.to_json()  # (a list of drivers, say) its fields, as asdict gives them, with fewer copies
        return dataclasses.asdict(value)
    if isinstance(value, dict):
        return type(value)((_plain(k), _plain(v)) for k, v in value.items())
    if isinstance(value, tuple):
        items = [_plain(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    return copy.deepcopy(value)


def given_fields(**fields: object) -> dict[str, Any]:
    """Return the fields that are not UNSET, by name (what an edit changes)."""
    return {name: value for name, value in fields.items() if value is not UNSET}
