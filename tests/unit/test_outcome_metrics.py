"""A project's metrics: verdicts in words, the on-time rate, ticket volume around the go-live, the review."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import col, select

from supportpm_tui.core.errors import FieldError, NotFound, UserError
from supportpm_tui.services import availability, metrics, milestones, people, projects, reviews
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Event, Milestone
from supportpm_tui.storage.models.reports import MetricReading
from tests.conftest import TODAY

MONDAY = dt.date(2026, 11, 16)  # TODAY's week
WEEK = dt.timedelta(weeks=1)


# --- verdicts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "latest", "target", "direction", "words"),
    [
        (120, 85, 90, "lower", "met"),
        (120, 90, 90, "lower", "met"),
        (120, 95, 90, "lower", "not met yet: 5 to go"),
        (120, 130, 90, "lower", "worse than the baseline"),
        (70, 96, 95, "higher", "met"),
        (70, 80, 95, "higher", "not met yet: 15 to go"),
        (70, 60, 95, "higher", "worse than the baseline"),
        (70, None, 95, "higher", "no reading yet"),
        (None, 80, 95, "higher", "not met yet: 15 to go"),
        (70, 80, None, "higher", "better than the baseline, no target set"),
    ],
)
def test_the_verdict_says_in_words_how_a_metric_stands(
    baseline: float | None, latest: float | None, target: float | None, direction: str, words: str
) -> None:
    assert metrics.verdict(baseline, latest, target, direction) == words


def test_the_line_reads_before_after_target_and_verdict() -> None:
    line = metrics.outcome_line("Tickets per week", "", 120, 85, 90, "lower")
    assert line == "Tickets per week 120 → 85, target 90: met"
    assert (
        metrics.outcome_line("SLA", "%", 80, 85.5, 95, "higher")
        == "SLA 80 % → 85.5 %, target 95 %: not met yet: 9.5 % to go"
    )
    assert metrics.outcome_line("CSAT", "", 3.9, None, 4.5, "higher") == "CSAT 3.9 → no reading yet, target 4.5"


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(baseline=st.none() | finite, latest=finite, target=finite, direction=st.sampled_from(["higher", "lower"]))
def test_met_agrees_with_comparing_the_latest_reading_with_the_target(
    baseline: float | None, latest: float, target: float, direction: str
) -> None:
    words = metrics.verdict(baseline, latest, target, direction)
    reached = latest >= target if direction == "higher" else latest <= target
    assert (words == "met") == reached
    if not reached:
        worse = baseline is not None and (latest < baseline if direction == "higher" else latest > baseline)
        assert (words == "worse than the baseline") == worse
        assert worse or words.startswith("not met yet: ")


# --- metrics and readings ------------------------------------------------------------------------


@pytest.fixture
def mfa(store: Store) -> Store:
    people.add_person(store, "Ana", hours=40)
    people.add_person(store, "Ben", hours=40)
    projects.add_project(store, "MFA", "MFA rollout")
    return store


def test_a_metric_is_added_read_and_listed(mfa: Store) -> None:
    metric = metrics.add_metric(mfa, "mfa", "Tickets per week", baseline=120, target=90, direction="lower")
    metrics.add_reading(mfa, metric.id or 0, 100, day=TODAY - 14 * dt.timedelta(days=1))
    metrics.add_reading(mfa, metric.id or 0, 85, day=TODAY - dt.timedelta(days=1), note="after clinics")
    metrics.add_reading(mfa, metric.id or 0, 84, day=TODAY - dt.timedelta(days=1))  # replaces that day's
    [listed] = metrics.list_metrics(mfa, "MFA")
    assert (listed.readings, listed.latest, listed.latest_day) == (2, 84, "2026-11-17")
    assert [r.value for r in metrics.list_readings(mfa, metric.id or 0)] == [100, 84]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "tickets PER week"}, "name"),
        ({"name": "X", "direction": "sideways"}, "direction"),
        ({"name": "X", "baseline": float("nan")}, "baseline"),
        ({"name": "X", "target": float("inf")}, "target"),
    ],
)
def test_a_bad_metric_is_refused_naming_the_field(mfa: Store, kwargs: dict[str, object], field: str) -> None:
    metrics.add_metric(mfa, "MFA", "Tickets per week")
    with pytest.raises(FieldError) as error:
        metrics.add_metric(mfa, "MFA", **kwargs)  # type: ignore[arg-type]
    assert error.value.field == field
    assert len(metrics.list_metrics(mfa)) == 1


def test_a_bad_reading_is_refused(mfa: Store) -> None:
    metric = metrics.add_metric(mfa, "MFA", "Tickets per week")
    for value, day in ((float("nan"), None), (float("inf"), None), (5.0, TODAY + dt.timedelta(days=1))):
        with pytest.raises(FieldError):
            metrics.add_reading(mfa, metric.id or 0, value, day=day)
    with pytest.raises(NotFound):
        metrics.add_reading(mfa, 999, 5)
    assert metrics.list_readings(mfa, metric.id or 0) == []


def test_deleting_a_metric_deletes_its_readings_logged(mfa: Store) -> None:
    metric = metrics.add_metric(mfa, "MFA", "Tickets per week")
    metrics.add_reading(mfa, metric.id or 0, 5, day=TODAY - dt.timedelta(days=2))
    metrics.add_reading(mfa, metric.id or 0, 4)
    metrics.delete_metric(mfa, metric.id or 0)
    with mfa.read() as session:
        assert session.exec(select(MetricReading)).all() == []
        deleted = session.exec(select(Event.entity).where(Event.action == "delete")).all()
    assert sorted(deleted) == ["metric", "metric_reading", "metric_reading"]


def test_the_edit_clears_a_target_and_keeps_names_unique(mfa: Store) -> None:
    first = metrics.add_metric(mfa, "MFA", "Tickets per week", target=90)
    metrics.add_metric(mfa, "MFA", "SLA")
    assert metrics.edit_metric(mfa, first.id or 0, target=None, name="Tickets a week").target is None
    with pytest.raises(FieldError):
        metrics.edit_metric(mfa, first.id or 0, name="sla")


# --- output metrics --------------------------------------------------------------------------------


def test_the_on_time_rate_counts_milestones_done_by_their_due_date(mfa: Store) -> None:
    due = TODAY - dt.timedelta(days=10)
    for name, done in (("A", due), ("B", due + dt.timedelta(days=2)), ("C", due - dt.timedelta(days=1)), ("D", None)):
        milestones.add_milestone(mfa, "MFA", name, due)
        if done is not None:
            milestones.mark_done(mfa, name, "MFA", done)
    output = metrics.project_metrics(mfa, "MFA").output
    assert (output.milestones_done, output.milestones_total, output.on_time, output.on_time_pct) == (3, 4, 2, 67)
    assert metrics.output_lines(output)[2] == "Milestones done on time: 2 of 3 (67 %)"


# --- ticket volume ----------------------------------------------------------------------------------


def _go_live_on(store: Store, day: dt.date, done: bool = True) -> None:
    milestones.add_milestone(store, "MFA", "Wave 1", day)
    if done:
        milestones.mark_done(store, "Wave 1", "MFA", day)
    metrics.set_go_live(store, "MFA", "Wave 1")


def test_ticket_volume_compares_four_weeks_before_with_four_after(mfa: Store) -> None:
    go_live = MONDAY - 5 * WEEK + dt.timedelta(days=2)  # a Wednesday; its week counts in neither
    gw = MONDAY - 5 * WEEK
    # Before: 30+10, 40, 50 tickets, and 10 h of Ben's at 30 minutes a ticket = 20: (40+40+50+20)/4 = 37.5
    availability.set_ticket_load(mfa, "Ana", gw - 4 * WEEK, tickets=30)
    availability.set_ticket_load(mfa, "Ben", gw - 4 * WEEK, tickets=10)
    availability.set_ticket_load(mfa, "Ana", gw - 3 * WEEK, tickets=40)
    availability.set_ticket_load(mfa, "Ana", gw - 2 * WEEK, tickets=50)
    availability.set_ticket_load(mfa, "Ben", gw - WEEK, hours=10)
    availability.set_ticket_load(mfa, "Ana", gw, tickets=999)  # the go-live week itself
    availability.set_ticket_load(mfa, "Ana", gw - 5 * WEEK, tickets=999)  # too early
    # After: 20, 25, 30, 5 h = 10 → 85/4 = 21.25 → 21.3
    for n, tickets in ((1, 20), (2, 25), (3, 30)):
        availability.set_ticket_load(mfa, "Ana", gw + n * WEEK, tickets=tickets)
    availability.set_ticket_load(mfa, "Ben", gw + 4 * WEEK, hours=5)
    availability.set_ticket_load(mfa, "Ana", gw + 5 * WEEK, tickets=999)  # this week: too late
    _go_live_on(mfa, go_live)
    volume = metrics.project_metrics(mfa, "MFA").tickets
    assert (volume.state, volume.before, volume.after) == ("measured", 37.5, 21.2)
    assert (volume.logged_before, volume.weeks_after, volume.logged_after) == (4, 4, 4)
    assert "37.5 before → 21.2 after: 16.3 fewer, 43 %" in volume.line


def test_ticket_volume_says_how_many_weeks_after_are_over(mfa: Store) -> None:
    gw = MONDAY - 3 * WEEK  # two full weeks after it are over; this week is not
    for n in range(1, 5):
        availability.set_ticket_load(mfa, "Ana", gw - n * WEEK, tickets=40)
    availability.set_ticket_load(mfa, "Ana", gw + WEEK, tickets=30)
    availability.set_ticket_load(mfa, "Ana", gw + 2 * WEEK, hours=5)  # 10 tickets
    availability.set_ticket_load(mfa, "Ana", MONDAY, tickets=999)  # this week is not over
    _go_live_on(mfa, gw)
    volume = metrics.project_metrics(mfa, "MFA").tickets
    assert (volume.before, volume.after, volume.weeks_after) == (40, 20, 2)
    assert "40 before → 20 after (2 of 4 weeks after so far): 20 fewer, 50 %" in volume.line


def test_ticket_volume_of_a_go_live_to_come_or_not_set(mfa: Store) -> None:
    assert metrics.project_metrics(mfa, "MFA").tickets.state == "not_set"
    assert "no go-live milestone set" in metrics.project_metrics(mfa, "MFA").tickets.line
    _go_live_on(mfa, TODAY + WEEK, done=False)
    volume = metrics.project_metrics(mfa, "MFA").tickets
    assert volume.state == "to_come"
    assert "Wave 1, is still to come (due 25 Nov)" in volume.line


def test_a_go_live_past_due_and_not_done_is_not_measured(mfa: Store) -> None:
    """A late go-live has not happened: the weeks after its due date are not "after the go-live"."""
    _go_live_on(mfa, TODAY - 3 * WEEK, done=False)
    volume = metrics.project_metrics(mfa, "MFA").tickets
    assert (volume.state, volume.go_live_day, volume.before, volume.after) == ("to_come", None, None, None)
    assert "Wave 1, was due 28 Oct and is not done yet" in volume.line


def test_weeks_of_hours_only_say_their_tickets_are_estimated(mfa: Store) -> None:
    _go_live_on(mfa, TODAY - 3 * WEEK, done=True)
    availability.set_ticket_load(mfa, "Ana", MONDAY - 5 * WEEK, tickets=30)
    assert "estimated" not in metrics.project_metrics(mfa, "MFA").tickets.line
    availability.set_ticket_load(mfa, "Ben", MONDAY - 5 * WEEK, hours=10)
    line = metrics.project_metrics(mfa, "MFA").tickets.line
    assert line.endswith("Weeks with hours logged and no ticket count are estimated at the average handling time.")


def test_a_project_has_one_go_live(mfa: Store) -> None:
    milestones.add_milestone(mfa, "MFA", "Wave 1", TODAY)
    milestones.add_milestone(mfa, "MFA", "Wave 2", TODAY + WEEK)
    metrics.set_go_live(mfa, "MFA", "Wave 1")
    metrics.set_go_live(mfa, "MFA", "Wave 2")
    with mfa.read() as session:
        live = session.exec(select(Milestone.name).where(col(Milestone.go_live).is_(True))).all()
    assert live == ["Wave 2"]
    assert metrics.set_go_live(mfa, "MFA", None) is None
    with mfa.read() as session:
        assert session.exec(select(Milestone).where(col(Milestone.go_live).is_(True))).all() == []
    with pytest.raises(FieldError):
        metrics.set_go_live(mfa, "MFA", "Wave 9")


def test_the_markdown_has_no_ids(mfa: Store) -> None:
    metric = metrics.add_metric(mfa, "MFA", "Tickets per week", baseline=120, target=90)
    metrics.add_reading(mfa, metric.id or 0, 85)
    text = metrics.render_metrics(metrics.project_metrics(mfa, "MFA"))
    assert text.startswith("## Metrics\n")
    assert "- Tickets per week 120 → 85, target 90: met" in text
    assert "- Tasks done: 0 of 0" in text and "id" not in text.lower().replace("mid", "")


# --- the review ----------------------------------------------------------------------------------


def test_the_review_is_written_changed_shown_and_deleted(mfa: Store) -> None:
    with pytest.raises(FieldError):
        reviews.set_review(mfa, "MFA")
    reviews.set_review(mfa, "MFA", went_well="Clinics were full\nGood comms")
    reviews.set_review(mfa, "MFA", change_next="- Book rooms earlier", day=TODAY - dt.timedelta(days=1))
    review = reviews.get_review(mfa, "MFA")
    assert review is not None
    assert (review.went_well, review.change_next, review.day) == (
        "Clinics were full\nGood comms",
        "- Book rooms earlier",
        "2026-11-17",
    )
    text = reviews.render_review(review)
    assert "### What went well\n\n- Clinics were full\n- Good comms\n" in text
    assert "### What went badly\n\nNothing noted.\n" in text
    assert "### What to change next time\n\n- Book rooms earlier\n" in text
    reviews.delete_review(mfa, "MFA")
    assert reviews.get_review(mfa, "MFA") is None
    with pytest.raises(UserError):
        reviews.delete_review(mfa, "MFA")


def test_a_review_too_long_or_in_the_future_is_refused(mfa: Store) -> None:
    with pytest.raises(FieldError) as error:
        reviews.set_review(mfa, "MFA", went_badly="x" * (reviews.MAX_REVIEW_TEXT + 1))
    assert error.value.field == "went badly"
    with pytest.raises(FieldError):
        reviews.set_review(mfa, "MFA", went_well="ok", day=TODAY + dt.timedelta(days=1))
    assert reviews.get_review(mfa, "MFA") is None
