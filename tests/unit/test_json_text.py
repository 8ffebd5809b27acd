"""Indented JSON written quickly is the same text, byte for byte, as the standard library's indented JSON."""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportpm_tui.core import json_text

UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def reference(data: Any, default: Any = None) -> str:
    """The text the command line printed before: the standard library's indented JSON, DEL, C1 and surrogates
    escaped."""
    text = json.dumps(data, indent=2, default=default, ensure_ascii=False)
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Colour(enum.StrEnum):
    red = "red"


class Level(enum.IntEnum):
    high = 3


class Ratio(float):
    pass


@dataclasses.dataclass
class Box:
    """A value JSON has no form for: the default below writes what it holds."""

    inside: Any


def unbox(value: object) -> Any:
    if isinstance(value, Box):
        return value.inside
    return str(value)


AWKWARD = '\x00\x1f\x7f\x80\x9f\xa0\u2028\ud800\udfff"\\/é😀\n\t{}[],: '
texts = st.text(st.sampled_from(AWKWARD) | st.characters(exclude_categories=()), max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
    | st.sampled_from([Colour.red, Level.high, Ratio(1.5), math.nan, -math.inf, 0.1, 1e300, -0.0])
)
keys = texts | st.integers() | st.floats() | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(keys, inner, max_size=5)
        | inner.map(Box)
    ),
    max_leaves=40,
)


@given(values)
@settings(max_examples=400)
def test_the_same_text_as_the_standard_library(data: Any) -> None:
    text = json_text.dumps(data, default=unbox)
    assert text == reference(data, default=unbox)
    assert not RAW.search(text)  # printed as it is: no control character but line ends


@pytest.mark.parametrize(
    "data",
    [
        [],
        {},
        [[]],
        [{}],
        {"a": []},
        {"a": {}, "b": [1, [2, []], {"c": None}], "d": "x"},
        [{"task": 1, "hours": 2.5}, {"task": 2, "hours": 1.0}],
        [Box({"a": [1, 2]}), Box([]), Box("é\x85")],
        Box(Box([Box(1)])),
        {1: "one", 2.5: "two and a half", False: "no", None: "none"},
        "\x7f\x9f\ud800 text alone",
        (1, (2, 3), ()),
    ],
    ids=repr,
)
def test_shapes(data: Any) -> None:
    assert json_text.dumps(data, default=unbox) == reference(data, default=unbox)


def test_what_json_has_no_form_for_is_refused_as_the_standard_library_refuses_it() -> None:
    with pytest.raises(TypeError, match="Object of type Box is not JSON serializable"):
        json_text.dumps([1, {"a": Box(1)}])
    with pytest.raises(TypeError):
        json_text.dumps({(1, 2): "a tuple is no key"})


@given(values)
@settings(max_examples=50)
def test_the_same_text_without_the_c_accelerator(data: Any) -> None:
    expected = reference(data, default=unbox)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json.encoder, "c_make_encoder", None)
        assert json_text.dumps(data, default=unbox) == expected
    real = json.encoder.c_make_encoder

    def other_arguments(markers: Any, *args: Any) -> Any:  # refuses the writer's call, serves the library's own
        if markers is None:
            raise TypeError("an accelerator that takes other arguments")
        return real(markers, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json.encoder, "c_make_encoder", other_arguments)
        assert json_text.dumps(data, default=unbox) == expected


plain = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | texts
records = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.integers(),
            "title": texts,
            "tags": st.lists(texts, max_size=3),
            "blockers": st.lists(plain, max_size=3),
        },
        optional={"note": plain | st.lists(plain, max_size=2)},
    ),
    max_size=6,
)


@given(records)
@settings(max_examples=300)
def test_records_holding_lists_are_the_same_text_as_the_standard_library(data: list[dict[str, Any]]) -> None:
    """A listing's records with lists in them (a card's tags and blockers): written in one go, the same text."""
    assert json_text.dumps(data) == reference(data)


@pytest.mark.parametrize(
    "data",
    [
        [{"id": 1, "tags": ["vpn", "network"]}, {"id": 2, "tags": []}],
        [{"id": 1, "tags": ["\x00" + "0"]}, {"id": 2, "tags": ["a"]}],  # a text like the stand-in: the slow way
        [{"id": 1, "title": "\x001", "tags": ["a"]}],
        [{"id": 1, "tags": [["nested"]]}],
        [{"id": 1, "tags": ("a", 2)}, {"id": 2, "tags": "not a list"}],
        [{"id": 1, "tags": ["a"]}, {"id": 2, "other": [1]}],
    ],
    ids=repr,
)
def test_records_holding_lists_in_awkward_shapes(data: Any) -> None:
    assert json_text.dumps(data) == reference(data)
