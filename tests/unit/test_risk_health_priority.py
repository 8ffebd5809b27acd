"""R6 risk score and band, R7 project health, R8 prioritisation."""

from __future__ import annotations

import datetime as dt

import pytest

from supportpm_tui.core.rules.health import PersonWeek, project_health
from supportpm_tui.core.rules.priority import impact_effort_quadrant, urgency_importance_quadrant
from supportpm_tui.core.rules.risk import review_overdue, risk_band, risk_score


@pytest.mark.parametrize(
    ("likelihood", "impact", "band"),
    [
        (1, 1, "low"),
        (2, 2, "low"),
        (1, 5, "medium"),
        (3, 3, "medium"),
        (2, 5, "high"),
        (3, 4, "high"),
        (3, 5, "critical"),
        (5, 5, "critical"),
    ],
)
def test_every_band(likelihood: int, impact: int, band: str) -> None:
    assert risk_band(risk_score(likelihood, impact)) == band


def test_scores_outside_the_scale_are_refused() -> None:
    with pytest.raises(ValueError):
        risk_band(0)
    with pytest.raises(ValueError):
        risk_band(26)


def test_review_overdue_only_while_open_or_mitigating() -> None:
    today = dt.date(2026, 11, 18)
    yesterday = today - dt.timedelta(days=1)
    assert review_overdue("open", yesterday, today)
    assert review_overdue("mitigating", yesterday, today)
    assert not review_overdue("closed", yesterday, today)
    assert not review_overdue("open", today, today)
    assert not review_overdue("open", None, today)


@pytest.mark.parametrize(
    ("milestones", "risks", "people", "rag"),
    [
        ([("A", "late")], [], [], "red"),
        ([("A", "slipping")], [], [], "red"),
        ([], [("R", "critical")], [], "red"),
        ([], [], [("Tom", "overloaded")], "red"),
        ([("A", "at_risk")], [], [], "amber"),
        ([], [("R", "high")], [], "amber"),
        ([], [], [("Aisha", "strained")], "amber"),
        ([("A", "on_track"), ("B", "done")], [("R", "medium")], [("Sam", "ok")], "green"),
        ([("A", "on_hold"), ("B", "cancelled"), ("C", "closed")], [], [], "green"),
    ],
)
def test_every_band_of_r7(milestones, risks, people, rag) -> None:  # type: ignore[no-untyped-def]
    """Each person here has a whole day (8 h) of the project's work this week, over the half-day bar (4 h)."""
    weeks = [(PersonWeek(name, state, 120, 30, 25), 8.0, 4.0) for name, state in people]
    health = project_health(milestones, risks, weeks)
    assert health.rag == rag
    assert bool(health.reasons) == (rag != "green")


def test_reasons_give_the_figure_and_the_budget_counts() -> None:
    """Spent 9,500 of 10,000 is 95 %: over 90 %, amber. Spent 12,000 of 10,000 is 120 %: red. A slipping
    milestone and a critical risk give their figure."""
    amber = project_health([], [], [], budget=10_000, spent=9_500)
    assert amber.rag == "amber" and amber.reasons == ("over 90 % of budget: spent 9,500 of a 10,000 budget (95 %)",)
    red = project_health(
        [("Pilot", "slipping", "+3 working days, forecast 10 Dec")],
        [("Vendor", "critical", 16)],
        [],
        budget=10_000,
        spent=12_000,
    )
    assert red.rag == "red"
    assert red.reasons == (
        "milestone Pilot is slipping (+3 working days, forecast 10 Dec)",
        "critical risk (16): Vendor",
        "over budget: spent 12,000 of a 10,000 budget (120 %)",
    )
    assert project_health([], [], [], budget=10_000, spent=9_000).rag == "green"  # exactly 90 % is not over


def test_a_manual_override_wins_and_shows_its_note() -> None:
    health = project_health([("A", "late")], [], [], override="green", override_note="agreed with sponsor")
    assert health.rag == "green"
    assert health.overridden
    assert "agreed with sponsor" in health.reasons[0]


@pytest.mark.parametrize(
    ("impact", "effort", "quadrant"),
    [
        (3, 2, "quick_win"),
        (5, 1, "quick_win"),
        (3, 3, "major_project"),
        (2, 2, "fill_in"),
        (2, 4, "thankless"),
    ],
)
def test_impact_effort(impact: int, effort: int, quadrant: str) -> None:
    assert impact_effort_quadrant(impact, effort) == quadrant


@pytest.mark.parametrize(
    ("urgency", "importance", "quadrant"),
    [(5, 5, "do_now"), (1, 4, "schedule"), (4, 1, "delegate"), (2, 2, "drop")],
)
def test_urgency_importance(urgency: int, importance: int, quadrant: str) -> None:
    assert urgency_importance_quadrant(urgency, importance) == quadrant
