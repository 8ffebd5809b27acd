"""A name is shortened before its marker: the marker is kept whole and the result fits the width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from supportpm_tui.core.fitting import fit_marked, fit_pair, shorten

NAMES = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), max_size=40)
MARKERS = st.sampled_from(["⚠", "▲", "⚠ ▲", "!", "⊘ blocked", "late 9d", "slipping +8d", "‼ urgent", "✱", ""])


@given(NAMES, MARKERS, st.integers(min_value=0, max_value=60))
def test_the_marker_is_kept_whole_and_the_result_fits(name: str, marker: str, width: int) -> None:
    shown = fit_marked(name, marker, width)
    assert len(shown) == width
    if marker and len(marker) <= width:
        assert shown.rstrip().endswith(marker)
        assert shown.count(marker) >= 1
    if len(name) + len(marker) + (1 if marker else 0) <= width:
        assert shown.startswith(name)  # nothing is shortened that fits


@given(NAMES, MARKERS, st.integers(min_value=1, max_value=60))
def test_a_marker_too_wide_for_the_room_keeps_its_glyph(name: str, marker: str, width: int) -> None:
    shown = fit_marked(name, marker, width)
    if marker and len(marker) > width and len(marker.split()[0]) <= width:
        assert shown.strip() == marker.split()[0]


@given(NAMES, MARKERS, st.integers(min_value=0, max_value=60))
def test_a_pair_keeps_its_right_side(left: str, right: str, width: int) -> None:
    shown_left, shown_right = fit_pair(left, " " + right if right else "", width)
    assert len(shown_left) + len(shown_right) == width
    if right and len(right) + 1 < width:
        assert shown_right == " " + right


def test_examples() -> None:
    assert fit_marked("Tom Becker", "⚠", 10) == "Tom Bec… ⚠"
    assert fit_marked("Tom Becker", "⚠", 14) == "Tom Becker ⚠  "
    assert fit_marked("Enrolment wave 1", "slipping +8d", 21) == "Enrolme… slipping +8d"
    assert fit_marked("x", "⊘ blocked", 3) == "⊘  "
    assert fit_pair(" Jamal Reed", " ! 3d late", 16) == (" Jama…", " ! 3d late")
    assert shorten("Backlog", 4) == "Bac…"
