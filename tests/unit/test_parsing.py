"""Parsing of dates, weeks and numbers, including property-based checks."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.parsing import (
    parse_date,
    parse_int,
    parse_number,
    parse_optional_date,
    parse_task_ids,
    parse_week,
)
from supportpm_tui.core.text import clean_line, clean_text

WED = dt.date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("today", WED),
        ("Tomorrow", dt.date(2026, 11, 19)),
        ("yesterday", dt.date(2026, 11, 17)),
        ("fri", dt.date(2026, 11, 20)),
        ("wed", WED),
        ("monday", dt.date(2026, 11, 23)),
        ("+3d", dt.date(2026, 11, 21)),
        ("+2w", dt.date(2026, 12, 2)),
        ("-1d", dt.date(2026, 11, 17)),
        (" 2026-02-28 ", dt.date(2026, 2, 28)),
    ],
)
def test_dates_in_every_accepted_form(text: str, expected: dt.date) -> None:
    assert parse_date(text, today=WED) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "31/12/2026", "next week", "", "+3x", "fri!"])
def test_bad_dates_say_what_is_wrong(text: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_date(text, "due", today=WED)
    assert info.value.field == "due"
    assert "\n" not in str(info.value)


def test_optional_date_accepts_none() -> None:
    assert parse_optional_date("none", "due") is None
    assert parse_optional_date(None, "due") is None


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("2026-W48", dt.date(2026, 11, 23)),
        ("2026w01", dt.date(2025, 12, 29)),
        ("2026-11-26", dt.date(2026, 11, 23)),
    ],
)
def test_weeks(text: str, monday: dt.date) -> None:
    assert parse_week(text, today=WED) == monday


def test_impossible_week() -> None:
    with pytest.raises(FieldError):
        parse_week("2026-W60")


def test_numbers_with_ranges() -> None:
    assert parse_number(" 4.5 ", "hours", 0, 10) == 4.5
    assert parse_int("3", "wip", 0, 9) == 3
    for bad in ("abc", "nan", "inf", "-1", "11"):
        with pytest.raises(FieldError):
            parse_number(bad, "hours", 0, 10)
    with pytest.raises(FieldError):
        parse_int("2.5", "wip", 0, 9)


@given(st.text(max_size=30))
def test_any_text_either_parses_or_raises_field_error(text: str) -> None:
    try:
        result = parse_date(text, today=WED)
    except FieldError:
        return
    assert isinstance(result, dt.date)


@given(st.dates(min_value=dt.date(1970, 1, 5), max_value=dt.date(2200, 12, 31)))
def test_iso_round_trip(day: dt.date) -> None:
    assert parse_date(day.isoformat(), today=WED) == day
    assert parse_week(day.isoformat(), today=WED) == day - dt.timedelta(days=day.weekday())


@given(st.one_of(st.dates(max_value=dt.date(1969, 12, 31)), st.dates(min_value=dt.date(2201, 1, 1))))
def test_dates_outside_the_window_are_refused(day: dt.date) -> None:
    with pytest.raises(FieldError, match="out of range"):
        parse_date(day.isoformat(), today=WED)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["d", "w"]))
def test_offsets(n: int, unit: str) -> None:
    days = n * (7 if unit == "w" else 1)
    if days <= (dt.date(2200, 12, 31) - WED).days:
        assert parse_date(f"+{n}{unit}", today=WED) == WED + dt.timedelta(days=days)
    else:
        with pytest.raises(FieldError, match="out of range"):
            parse_date(f"+{n}{unit}", today=WED)


@given(st.text(max_size=40))
def test_number_parser_never_crashes(text: str) -> None:
    try:
        value = parse_number(text, "hours", 0, 100)
    except FieldError:
        return
    assert 0 <= value <= 100


def test_control_characters_are_stripped() -> None:
    assert clean_text("a\x1b[31mb\x07c\td\ne\x9b") == "a[31mbc\td\ne"
    assert clean_line("  two\nlines\x00 ") == "two lines"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,14", [12, 14]), ("#12 #14", [12, 14]), (" 12, 14, 12 ", [12, 14]), ("none", []), ("", []), ("NONE", [])],
)
def test_card_ids_in_every_accepted_form(text: str, expected: list[int]) -> None:
    assert parse_task_ids(text) == expected


@pytest.mark.parametrize("text", ["x", "12,x", "0", "-3", "1.5", "none 12"])
def test_bad_card_ids_say_which(text: str) -> None:
    with pytest.raises(FieldError, match=r"blocked by: .* is not a card id"):
        parse_task_ids(text)
