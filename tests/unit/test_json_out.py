"""JSON written by orjson where it writes the standard library's text, byte for byte; the usual way elsewhere."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given, settings

from supportpm_tui.core import json_text
from supportpm_tui.services.json_out import json_out
from tests.unit.test_json_text import RAW, Box, Colour, Level, Ratio, records, reference, unbox, values


@given(values)
@settings(max_examples=400)
def test_the_same_text_as_the_standard_library(data: Any) -> None:
    text = json_out(data, default=unbox)
    assert text == reference(data, default=unbox)
    assert not RAW.search(text)


@given(records)
@settings(max_examples=300)
def test_listings_are_the_same_text_as_the_standard_library(data: list[dict[str, Any]]) -> None:
    assert json_out(data) == reference(data)


@pytest.mark.parametrize(
    "data",
    [
        [1e-4, 9.99e-5, 5e-324, 1e16, 9999999999999998.0, 1.7976931348623157e308, -0.0, 0.0, 0.1, 1 / 3],
        [math.nan, math.inf, -math.inf],
        [2**63 - 1, -(2**63), 2**64, -(2**64) - 1, 10**30],
        {1: "a key that is a number", "b": 2},
        {"text": "\ud800\udfff \x7f\x85 é 😀 \u2028 \x00\x1b[31m"},
        [Colour.red, Level.high, Ratio(1.5), Ratio(1e-7)],
        [dt.date(2026, 12, 3), Box({"a": [1, 2]})],
        [{"id": 1, "tags": ["vpn"], "hours": 2.5}, {"id": 2, "tags": [], "hours": None}],
        ([], {}, [[]], [{}], ()),
    ],
    ids=repr,
)
def test_shapes_orjson_would_write_otherwise(data: Any) -> None:
    assert json_out(data, default=unbox) == reference(data, default=unbox)


def test_a_listing_of_plain_values_is_written_by_the_native_writer_and_a_number_it_writes_otherwise_is_not() -> None:
    def native(data: Any) -> str:
        return "written natively"

    listing = [{"id": 7, "title": "Swap tokens", "estimate": 2.5, "tags": ["vpn"], "due": None, "done": False}]
    assert json_text.indented(listing, native=native) == "written natively"
    assert json_text.indented([*listing, {"ratio": 1e-5}], native=native) == reference([*listing, {"ratio": 1e-5}])
    assert json_text.indented([*listing, {"ratio": math.nan}], native=native).endswith("NaN\n  }\n]")
