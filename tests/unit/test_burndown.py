"""Burndown: a history built through the services over simulated days, checked point by point.

Three weeks of November 2026 (today is Wednesday the 18th); Wednesday 11
November is a holiday for everyone. Project BD starts on Monday 2 November,
its target is 18 December; milestone Alpha is due 27 November, Beta 11 December.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.rules.calendar import WorkCalendar
from supportpm_tui.services import availability, milestones, people, projects, tasks, undo
from supportpm_tui.services.burndown import Burndown, burndown, burndown_markdown, burndown_text, figures_line
from supportpm_tui.services.current_plan import current_plan
from supportpm_tui.storage.database import Store, open_store
from supportpm_tui.storage.models import Task
from tests.conftest import TODAY

NOV = {n: dt.date(2026, 11, n) for n in range(1, 31)}
HOLIDAY = NOV[11]
CALENDAR = WorkCalendar(holidays=frozenset({HOLIDAY}))


def on(day: dt.date) -> None:
    clock.freeze(day)


def _setup(store: Store) -> None:
    on(dt.date(2026, 10, 30))
    projects.add_project(store, "BD", "Billing desk move", start=NOV[2], target=dt.date(2026, 12, 18))
    projects.add_project(store, "OT", "Other work", start=NOV[2])
    milestones.add_milestone(store, "BD", "Alpha", NOV[27])
    milestones.add_milestone(store, "BD", "Beta", dt.date(2026, 12, 11))
    availability.add_commitment(store, "all", HOLIDAY, HOLIDAY, note="Company holiday")


def _ids(store: Store) -> dict[str, int]:
    with store.read() as session:
        return {t.title: t.id or 0 for t in session.exec(select(Task))}


@pytest.fixture
def history(store: Store) -> Store:
    """The history of BD, day by day (what each day leaves is in the comments: project / Alpha / Beta)."""
    return build_history(store)


def build_history(store: Store) -> Store:
    """Write BD's history through the services, the clock pinned to each day in turn."""
    _setup(store)
    on(NOV[2])
    tasks.add_task(store, "A", "BD", milestone="Alpha", estimate=10)
    tasks.add_task(store, "B", "BD", milestone="Alpha", estimate=8)
    tasks.add_task(store, "C", "BD", milestone="Beta", estimate=6)
    tasks.add_task(store, "F", "OT", estimate=2)  # 24 / 18 / 6
    ids = _ids(store)
    on(NOV[3])
    tasks.edit_task(store, ids["A"], tasks.TaskValues(remaining=7))  # 21 / 15 / 6
    on(NOV[5])
    tasks.move_task(store, ids["B"], "done")  # 13 / 7 / 6
    on(NOV[6])
    tasks.edit_task(store, ids["C"], tasks.TaskValues(milestone="Alpha"))  # 13 / 13 / 0
    on(NOV[7])  # a Saturday: counts on Monday
    tasks.edit_task(store, ids["A"], tasks.TaskValues(remaining=5))  # 11 / 11 / 0
    on(NOV[9])
    tasks.add_task(store, "D", "BD", milestone="Beta", estimate=4)  # 15 / 11 / 4
    on(NOV[10])
    tasks.delete_task(store, _ids(store)["D"])  # 11 / 11 / 0
    on(HOLIDAY)  # no point of its own: counts on the 12th
    tasks.edit_task(store, ids["C"], tasks.TaskValues(remaining=3))  # 8 / 8 / 0
    on(NOV[12])
    tasks.edit_task(store, ids["A"], tasks.TaskValues(remaining=1))
    undo.undo_session(store)  # 8 / 8 / 0
    on(NOV[13])
    tasks.edit_task(store, ids["A"], tasks.TaskValues(remaining=3))
    tasks.edit_task(store, ids["A"], tasks.TaskValues(remaining=2))  # 5 / 5 / 0
    on(NOV[17])
    tasks.edit_task(store, ids["F"], tasks.TaskValues(project="BD"))  # moved in from OT: 7 / 5 / 0
    on(TODAY)
    tasks.add_task(store, "E", "BD", estimate=3)  # no milestone: 10 / 5 / 0
    return store


WORKING = [2, 3, 4, 5, 6, 9, 10, 12, 13, 16, 17, 18]


def _points(b: Burndown) -> list[tuple[int, float]]:
    return [(dt.date.fromisoformat(p.day).day, p.remaining) for p in b.points]


def test_every_point_of_the_project(history: Store) -> None:
    b = burndown(history, "BD")
    expected = [24, 21, 21, 13, 13, 15, 11, 8, 5, 5, 7, 10]
    assert _points(b) == list(zip(WORKING, [float(v) for v in expected], strict=True))
    assert (b.first, b.today, b.remaining, b.start_remaining, b.done) == ("2026-11-02", "2026-11-18", 10.0, 24.0, 14.0)


def test_every_point_of_each_milestone(history: Store) -> None:
    alpha = burndown(history, "BD", milestone="alpha")
    assert [v for _, v in _points(alpha)] == [18, 15, 15, 7, 13, 11, 11, 8, 5, 5, 5, 5]
    beta = burndown(history, "BD", milestone="Beta")
    assert [v for _, v in _points(beta)] == [6, 6, 6, 6, 0, 4, 0, 0, 0, 0, 0, 0]
    assert (alpha.milestone, alpha.due, beta.due) == ("Alpha", "2026-11-27", "2026-12-11")
    assert all(d == w for (d, _), w in zip(_points(alpha), WORKING, strict=True))


def test_the_ideal_line_falls_by_working_days_to_nothing_on_the_due_date(history: Store) -> None:
    b = burndown(history, "BD")
    span = CALENDAR.count_working_days(NOV[2], dt.date(2026, 12, 18)) - 1
    assert span == 33
    assert [p.ideal for p in b.points] == [round(24 * (1 - k / span), 2) for k in range(len(WORKING))]
    assert (b.ideal_today, b.behind) == (16.0, -6.0)
    alpha = burndown(history, "BD", milestone="Alpha")
    assert (alpha.ideal_today, alpha.behind) == (7.0, -2.0)  # 18 h over 18 steps: 1 h a working day
    assert [p.ideal for p in alpha.points] == [18.0 - k for k in range(len(WORKING))]


def test_the_last_weeks_only(history: Store) -> None:
    b = burndown(history, "BD", last_weeks=1)
    assert _points(b) == [(12, 8.0), (13, 5.0), (16, 5.0), (17, 7.0), (18, 10.0)]
    assert b.points[0].ideal == 8.0 and b.weeks == 1
    two = burndown(history, "BD", last_weeks=2)
    assert _points(two)[0] == (5, 13.0)
    assert burndown(history, "BD", last_weeks=52).first == "2026-11-02"  # never before the start


def test_a_past_day_shows_the_cards_as_they_were_then(history: Store) -> None:
    b = burndown(history, "BD", today=NOV[10])
    assert [v for _, v in _points(b)] == [24, 21, 21, 13, 13, 15, 11]
    assert b.remaining == 11.0


def test_no_start_date_starts_at_the_first_card_logged(store: Store) -> None:
    on(NOV[9])
    projects.add_project(store, "NS", "No start")
    on(NOV[10])
    tasks.add_task(store, "X", "NS", estimate=4)
    on(TODAY)
    b = burndown(store, "NS")
    assert _points(b) == [(10, 4.0), (11, 4.0), (12, 4.0), (13, 4.0), (16, 4.0), (17, 4.0), (18, 4.0)]
    assert b.first == "2026-11-10" and b.due is None and b.ideal_today is None and b.behind is None
    assert all(p.ideal is None for p in b.points)
    assert "no due date" in figures_line(b)


def test_the_forecast_is_the_plans_or_plainly_none(history: Store) -> None:
    b = burndown(history, "BD")
    assert b.forecast is None and b.forecast_note.startswith("no forecast")
    people.add_person(history, "Ann Lee", role="Engineer", hours=40.0)
    tasks.edit_task(history, _ids(history)["A"], tasks.TaskValues(assignee="Ann Lee"))
    alpha = burndown(history, "BD", milestone="Alpha")
    plan = current_plan(history, TODAY)
    mid = next(m for m, f in plan.forecasts.items() if f.shown_forecast is not None)
    assert alpha.forecast == plan.forecasts[mid].forecast.isoformat()
    assert "forecast done" in figures_line(alpha)


def test_bad_input_names_the_field(history: Store) -> None:
    for call, word in (
        (lambda: burndown(history, "NOPE"), "no project"),
        (lambda: burndown(history, "BD", milestone="Gamma"), "no milestone"),
        (lambda: burndown(history, "BD", last_weeks=0), "weeks"),
    ):
        with pytest.raises(FieldError, match=word):
            call()


def test_the_text_chart(history: Store) -> None:
    """Bars of the hours remaining (24 h over 8 rows: 3 h a row), the ideal line above (·) and within (▒) them."""
    b = burndown(history, "BD")
    chart = "\n".join(
        [
            "```",
            "24 h ┤▒··",
            "     │███····",
            "     │███    ····",
            "     │███  █     ·",
            "     │███████",
            "     │████████   █",
            "     │████████████",
            "     │████████████",
            " 0 h └────────────",
            "      2 Nov 18 Nov",
            "      █ hours remaining  ▒ · ideal line",
            "```",
        ]
    )
    figures = (
        "Remaining 10 h of 24 h on 2 Nov; ideal today 16 h: 6 h ahead;"
        " no forecast: open work is not assigned to anyone, due 18 Dec."
    )
    assert burndown_text(b) == f"{chart}\n\n{figures}\n"
    assert burndown_markdown(b).startswith("## Burndown: Billing desk move (BD), from the start to 18 Nov 2026\n\n```")
    narrow = burndown_text(b, width=5, height=3).split("```")[1].strip("\n").splitlines()
    assert narrow[:4] == ["24 h ┤▒·", "     │██···", "     │█████", " 0 h └─────"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 15),  # day after 2 Nov
            st.sampled_from(["add", "edit", "done", "reopen", "milestone", "delete"]),
            st.integers(0, 5),  # which card
            st.integers(0, 20),  # hours
        ),
        max_size=25,
    )
)
def test_random_edits_give_the_sums_recorded_at_each_days_end(
    steps: list[tuple[int, str, int, int]], today: dt.date
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "p.db")
        try:
            _setup(store)
            recorded: dict[dt.date, float] = {}
            ordered = sorted(steps, key=lambda s: s[0])
            for offset in range(17):
                day = NOV[2] + dt.timedelta(days=offset)
                on(day)
                for _, action, which, hours in (s for s in ordered if s[0] == offset):
                    _apply(store, action, which, hours)
                with store.read() as session:
                    cards = session.exec(select(Task).where(Task.project_id == 1)).all()
                    recorded[day] = round(sum(t.remaining for t in cards if t.column != "done"), 2)
            on(TODAY)
            b = burndown(store, "BD")
            assert [(p.day, p.remaining) for p in b.points] == [
                (d.isoformat(), recorded[d]) for d in CALENDAR.working_days(NOV[2], TODAY)
            ]
        finally:
            store.close()


def _apply(store: Store, action: str, which: int, hours: int) -> None:
    with store.read() as session:
        cards = [t for t in session.exec(select(Task).order_by(Task.id))]  # type: ignore[arg-type]
    if action == "add" or not cards:
        tasks.add_task(store, f"card {len(cards)}", "BD" if which % 3 else "OT", milestone=None, estimate=hours)
        return
    card = cards[which % len(cards)]
    cid = card.id or 0
    if action == "edit":
        tasks.edit_task(store, cid, tasks.TaskValues(remaining=hours))
    elif action == "done":
        tasks.move_task(store, cid, "done")
    elif action == "reopen":
        tasks.move_task(store, cid, "in_progress", remaining=hours)
    elif action == "milestone":
        tasks.edit_task(store, cid, tasks.TaskValues(project="OT" if card.project_id == 1 else "BD"))
    else:
        tasks.delete_task(store, cid)
