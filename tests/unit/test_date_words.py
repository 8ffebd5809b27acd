"""The date words of standup: next fri, last fri, a weekday looking back, ISO weeks and unpadded ISO dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportpm_tui.core.errors import FieldError, UserError
from supportpm_tui.core.parsing import DATE_MAX, DATE_MIN, parse_date, parse_optional_date

WED = dt.date(2026, 11, 18)
FRI = dt.date(2026, 11, 20)
MON = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("next fri", WED, FRI),
        ("Next Friday", WED, FRI),
        ("next wed", WED, dt.date(2026, 11, 25)),  # after today: a week on, never today
        ("last fri", WED, dt.date(2026, 11, 13)),
        ("last wed", WED, dt.date(2026, 11, 11)),  # before today
        ("last  mon", WED, dt.date(2026, 11, 16)),
        ("next fri", FRI, dt.date(2026, 11, 27)),
        ("last fri", FRI, dt.date(2026, 11, 13)),
        ("2026-W50", WED, dt.date(2026, 12, 7)),
        ("2026-w01", WED, dt.date(2025, 12, 29)),
        ("2026W53", WED, dt.date(2026, 12, 28)),
        ("2026-12-1", WED, dt.date(2026, 12, 1)),
        ("2026-1-05", WED, dt.date(2026, 1, 5)),
        ("2026-3-9", WED, dt.date(2026, 3, 9)),
    ],
)
def test_new_date_forms(text: str, today: dt.date, expected: dt.date) -> None:
    assert parse_date(text, today=today) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("fri", MON, FRI),  # the last Friday: on a Monday, the one before the weekend
        ("fri", FRI, FRI),  # today included
        ("friday", WED, dt.date(2026, 11, 13)),
        ("mon", WED, dt.date(2026, 11, 16)),
        ("yesterday", MON, dt.date(2026, 11, 22)),
        ("last fri", MON, FRI),
        ("2026-11-02", WED, dt.date(2026, 11, 2)),
        ("today", WED, WED),
    ],
)
def test_a_weekday_looks_back_where_the_past_is_asked_for(text: str, today: dt.date, expected: dt.date) -> None:
    assert parse_date(text, "since", today=today, past=True) == expected
    assert parse_optional_date(text, "since", today=today, past=True) == expected


def test_a_bare_weekday_still_looks_ahead_for_a_due_date() -> None:
    assert parse_date("fri", today=MON) == dt.date(2026, 11, 27)
    assert parse_date("mon", today=WED) == MON


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("next week", "not a weekday"),
        ("last month", "not a weekday"),
        ("next", "not a date"),
        ("2026-W60", "not a real ISO week"),
        ("2026-W00", "not a real ISO week"),
        ("2026-2-30", "not a real date"),
        ("2026-13-1", "not a real date"),
        ("2026-123-1", "not a date"),
        ("1969-W10", "out of range"),
    ],
)
def test_bad_date_words_say_what_is_wrong_in_one_line(text: str, says: str) -> None:
    with pytest.raises(FieldError, match=says) as info:
        parse_date(text, "due", today=WED)
    assert info.value.field == "due"
    assert isinstance(info.value, UserError)
    assert "\n" not in str(info.value)


DAYS = st.dates(min_value=DATE_MIN + dt.timedelta(days=7), max_value=DATE_MAX - dt.timedelta(days=7))
WEEKDAYS = st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "friday", "Sunday"])


def _forms(day: dt.date) -> list[str]:
    """Every way of writing ``day`` itself."""
    return [day.isoformat(), f"{day.year}-{day.month}-{day.day}", f"{day.year:04d}-{day.month}-{day.day:02d}"]


@given(DAYS)
def test_every_written_form_of_a_day_round_trips(day: dt.date) -> None:
    for text in _forms(day):
        assert parse_date(text, today=WED) == day
    year, week, _ = day.isocalendar()
    monday = day - dt.timedelta(days=day.weekday())
    if monday >= DATE_MIN:
        assert parse_date(f"{year}-W{week:02d}", today=WED) == monday


@given(DAYS, st.one_of(WEEKDAYS, st.sampled_from(["today", "tomorrow", "yesterday", "+3d", "-2w"])), st.booleans())
def test_what_the_parser_accepts_round_trips_through_its_iso_form(today: dt.date, word: str, past: bool) -> None:
    for text in (word, f"next {word}", f"last {word}"):
        try:
            day = parse_date(text, today=today, past=past)
        except FieldError as error:
            assert text.startswith(("next", "last")) and word[0] in "+-ty"  # only next/last of a non-weekday
            assert "\n" not in str(error)
            continue
        assert parse_date(day.isoformat(), today=today) == day
        assert parse_date(f"{day.year}-{day.month}-{day.day}", today=WED) == day
        if text.startswith("next"):
            assert 1 <= (day - today).days <= 7 and day.weekday() == parse_date(word, today=today).weekday()
        elif text.startswith("last"):
            assert 1 <= (today - day).days <= 7
        elif word[0] not in "+-ty":  # a bare weekday: within the week ahead, or behind when looking back
            gap = (today - day).days if past else (day - today).days
            assert 0 <= gap <= 6


@given(st.text(max_size=25))
def test_any_text_gives_a_date_or_one_clear_line(text: str) -> None:
    for past in (False, True):
        try:
            day = parse_date(text, "since", today=WED, past=past)
        except FieldError as error:
            message = str(error)
            assert message.startswith("since: ") and "\n" not in message and "Traceback" not in message
            continue
        assert DATE_MIN <= day <= DATE_MAX
        assert parse_date(day.isoformat(), today=WED) == day
