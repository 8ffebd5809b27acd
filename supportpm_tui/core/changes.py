"""The changes an activity-log entry records, read safely whatever the stored text holds.

SupportPM writes each entry's changes as a JSON object of ``field: [old, new]``.
Another program (or damage) may have left anything there; the log, the
history, the Overview and undo read it through :func:`read_changes`, which
keeps only the well-formed pairs, and :func:`well_formed` tells whether the
whole entry is as SupportPM wrote it (undo refuses one that is not).
"""

from __future__ import annotations

import json
import math
from typing import Any

Pair = tuple[Any, Any]


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999: SupportPM never writes it, and JSON cannot carry it back out
        raise ValueError(text)
    return value


def _no_constant(text: str) -> object:
    raise ValueError(text)  # NaN, Infinity: not JSON, never written by SupportPM


_DECODER = json.JSONDecoder(parse_float=_finite, parse_constant=_no_constant)
"""One decoder for every entry: the log's readers go through thousands at a time."""


def _loaded(raw: object) -> object:
    if not isinstance(raw, str) or raw.startswith("\ufeff"):  # a byte-order mark: refused, as json.loads does
        return None
    try:
        return _DECODER.decode(raw)
    except (ValueError, RecursionError):
        return None


def _is_pair(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2


def read_changes(raw: object) -> dict[str, Pair]:
    """Return the ``field: (old, new)`` pairs of an entry's stored changes; anything malformed is left out."""
    loaded = _loaded(raw)
    if not isinstance(loaded, dict):
        return {}
    return {field: (value[0], value[1]) for field, value in loaded.items() if _is_pair(value)}


def well_formed(raw: object) -> bool:
    """Return whether the stored changes are a JSON object of ``field: [old, new]`` pairs, as SupportPM writes."""
    loaded = _loaded(raw)
    return isinstance(loaded, dict) and all(_is_pair(value) for value in loaded.values())
