"""R8 prioritisation quadrants (docs/rules.md)."""

from __future__ import annotations


def impact_effort_quadrant(impact: int, effort: int) -> str:
    """Return quick_win, major_project, fill_in or thankless."""
    if impact >= 3:
        return "quick_win" if effort <= 2 else "major_project"
    return "fill_in" if effort <= 2 else "thankless"


def urgency_importance_quadrant(urgency: int, importance: int) -> str:
    """Return do_now, schedule, delegate or drop (urgent and important are 3 or more)."""
    urgent, important = urgency >= 3, importance >= 3
    if urgent and important:
        return "do_now"
    if important:
        return "schedule"
    if urgent:
        return "delegate"
    return "drop"
