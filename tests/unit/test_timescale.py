"""The Timeline's layout maths: both scales, clipping at the edges, headers."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from supportpm_tui.core.timescale import TimeScale, add_months, place_labels

MON = dt.date(2026, 11, 16)  # ISO week 47


def test_week_scale_is_one_column_a_day() -> None:
    scale = TimeScale(MON, level=1)
    assert scale.name == "weeks"
    assert scale.x(MON) == 0
    assert scale.x(MON + dt.timedelta(days=9)) == 9
    assert scale.x(MON - dt.timedelta(days=3)) == -3


def test_month_scale_is_a_column_per_four_days() -> None:
    scale = TimeScale(dt.date(2026, 11, 1), level=0)
    assert scale.name == "months"
    assert scale.x(dt.date(2026, 11, 1)) == 0
    assert scale.x(dt.date(2026, 11, 8)) == 1
    assert scale.x(dt.date(2026, 12, 1)) == 7


def test_the_day_scale_is_two_columns_a_day() -> None:
    scale = TimeScale(MON, level=2)
    assert scale.x(MON + dt.timedelta(days=3)) == 6


def test_spans_clip_at_both_edges() -> None:
    scale = TimeScale(MON, level=1)
    assert scale.span(MON + dt.timedelta(days=2), MON + dt.timedelta(days=4), 40) == (2, 5)
    assert scale.span(MON - dt.timedelta(days=10), MON + dt.timedelta(days=1), 40) == (0, 2)
    assert scale.span(MON + dt.timedelta(days=35), MON + dt.timedelta(days=60), 40) == (35, 40)
    assert scale.span(MON - dt.timedelta(days=10), MON - dt.timedelta(days=1), 40) is None
    assert scale.span(MON + dt.timedelta(days=40), MON + dt.timedelta(days=50), 40) is None
    assert scale.span(MON + dt.timedelta(days=4), MON + dt.timedelta(days=2), 40) == (2, 5)


def test_a_one_day_span_on_the_month_scale_still_shows() -> None:
    scale = TimeScale(dt.date(2026, 11, 1), level=0)
    assert scale.span(dt.date(2026, 11, 9), dt.date(2026, 11, 9), 30) == (2, 3)


def test_scrolling_moves_by_weeks_or_months() -> None:
    assert TimeScale(MON, 1).scrolled(2).origin == MON + dt.timedelta(days=14)
    assert TimeScale(dt.date(2026, 11, 1), 0).scrolled(-3).origin == dt.date(2026, 8, 1)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 1)


def test_zoom_keeps_the_anchor_in_view_and_stops_at_the_ends() -> None:
    scale = TimeScale.around(MON + dt.timedelta(days=2))
    assert scale.origin == MON - dt.timedelta(days=7)
    coarse = scale.zoomed(-1, MON)
    assert coarse.name == "months" and coarse.origin == dt.date(2026, 10, 1)
    assert coarse.zoomed(-1, MON).name == "months"
    assert scale.zoomed(1, MON).zoomed(1, MON).name == "days"


def test_headers_show_months_and_iso_weeks() -> None:
    upper, lower = TimeScale(MON, 1).headers(30)
    assert upper[0] == (0, "Nov 2026") and (15, "Dec 2026") in upper
    assert lower[:3] == [(0, "W47"), (7, "W48"), (14, "W49")]
    upper, lower = TimeScale(dt.date(2026, 11, 1), 0).headers(40)
    assert [label for _, label in upper][:3] == ["Nov", "Dec", "Jan"]
    assert (0, "2026") in lower and any(label == "2027" for _, label in lower)


def test_labels_never_overlap_or_overflow() -> None:
    assert place_labels([(0, "W47"), (2, "W48"), (20, "W49")], 10) == "W47 W48   "
    assert len(place_labels([(8, "Nov 2026")], 10)) == 10


@given(st.integers(-400, 400), st.integers(0, 400), st.integers(0, 2), st.integers(1, 200))
def test_spans_always_fit_the_width(offset: int, length: int, level: int, width: int) -> None:
    scale = TimeScale(MON, level)
    first = MON + dt.timedelta(days=offset)
    span = scale.span(first, first + dt.timedelta(days=length), width)
    if span is not None:
        start, end = span
        assert 0 <= start < end <= width
