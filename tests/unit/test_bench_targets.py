"""The benchmark's targets: each row the issue sets a target for gets it, and pass or fail as its figures say."""

from __future__ import annotations

from bench.targets import judged, verdict


def test_the_first_screen_is_held_to_its_ratio_to_the_bare_app() -> None:
    demo = judged({"data": "demo", "measure": "first screen with data, cold start", "ratio_to_bare": 1.4})
    assert (demo["target"], demo["pass"]) == ("≤ 1.5× bare", True)
    history = judged({"data": "history", "measure": "first screen with data, cold start", "ratio_to_bare": 2.1})
    assert (history["target"], verdict(history)) == ("≤ 2× bare", "FAIL")


def test_screens_card_moves_and_scrolling_on_the_history_set_take_under_100_ms() -> None:
    for measure in ("open the Board (first time)", "move a card: saved and redrawn", "Timeline: scroll through time"):
        fast = judged({"data": "history", "measure": measure, "median_ms": 99.9, "worst_ms": 400.0})
        slow = judged({"data": "history", "measure": measure, "median_ms": 100.0, "worst_ms": 100.0})
        assert (fast["target"], fast["pass"], slow["pass"]) == ("< 100 ms", True, False)


def test_a_target_naming_the_worst_holds_for_both() -> None:
    measure = "move a card: saved and redrawn"
    both = judged({"data": "large", "measure": measure, "median_ms": 150.0, "worst_ms": 300.0})
    worst_too_slow = judged({"data": "large", "measure": measure, "median_ms": 90.0, "worst_ms": 301.0})
    assert both["pass"] and not worst_too_slow["pass"]


def test_peak_memory_and_a_rows_own_limit() -> None:
    memory = judged({"data": "history", "measure": "peak memory (RSS), every screen visited", "median_mb": 301.0})
    assert (memory["target"], memory["pass"]) == ("< 300 MB", False)
    imported = judged({"data": "import", "measure": "a Jira export", "median_ms": 1900.0, "limit_ms": 2000})
    assert (imported["target"], imported["pass"]) == ("< 2 s", True)


def test_a_row_without_a_target_has_no_verdict() -> None:
    row = judged({"data": "large", "measure": "rules only (data in memory)", "median_ms": 280.0})
    assert "target" not in row and "pass" not in row and verdict(row) == ""
