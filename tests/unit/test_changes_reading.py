"""An activity-log entry's changes are read with one decoder, as the standard library reads them one by one."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from supportpm_tui.core import changes


def one_by_one(raw: object) -> dict[str, Any] | None:
    """The reading of old: ``json.loads`` with the same float and constant rules, for each entry."""
    if not isinstance(raw, str):
        return None
    try:
        loaded = json.loads(raw, parse_float=changes._finite, parse_constant=changes._no_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(loaded, dict):
        return {}
    return {k: (v[0], v[1]) for k, v in loaded.items() if isinstance(v, list) and len(v) == 2}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)
texts = json_values.map(json.dumps) | st.text() | st.sampled_from(["\ufeff{}", '{"a": [1e999, 2]}', '{"a": [NaN, 1]}'])


@given(texts)
@example('\ufeff{"a": [1, 2]}')
@example(' {"a": [1, 2]} ')
@example('{"a": [1, 2]} x')
def test_the_changes_read_are_those_json_loads_reads(raw: str) -> None:
    expected = one_by_one(raw)
    assert changes.read_changes(raw) == ({} if expected is None else expected)
    assert changes.well_formed(raw) == (
        expected is not None and isinstance(json.loads(raw), dict) and len(expected) == len(json.loads(raw))
    )
