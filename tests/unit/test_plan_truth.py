"""The plan tells one story: one rounding, one state, and a reason for every state (docs/rules.md).

Each test works its numbers out by hand in its docstring. The team settings are
the defaults: Monday to Friday, 8 h a day, 40 % support reserve, overload at
100 %, strain at 85 %. The clock is frozen on Wednesday 18 November 2026, so
"this week" (week 47, 16–20 Nov) has 3 of its 5 days left.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from supportpm_tui.core.rules.calendar import WorkCalendar
from supportpm_tui.core.rules.capacity import (
    PersonTime,
    WorkItem,
    load_state,
    shown_shares,
    tenths,
    utilisation,
    weekly_availability,
    whole_percent,
)
from supportpm_tui.core.rules.forecast import MilestonePlan, forecast_milestones
from supportpm_tui.core.rules.health import PersonWeek, project_health
from supportpm_tui.services import availability as time_service
from supportpm_tui.services import milestones as milestone_service
from supportpm_tui.services import people, projects, tasks
from supportpm_tui.services.capacity import explain, load_capacity
from supportpm_tui.services.current_plan import build_plan
from supportpm_tui.services.overview import load_overview
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.forms.commitment import commitment_fields
from tests.cli.conftest import Runner
from tests.cli.conftest import cli as cli  # the in-process command line

MON = dt.date(2026, 11, 16)  # this week's Monday; today is Wednesday 18 Nov
WED = dt.date(2026, 11, 18)
FRI = dt.date(2026, 11, 20)
NEXT_MON = dt.date(2026, 11, 23)
NEXT_FRI = dt.date(2026, 11, 27)
CAL = WorkCalendar()


# --- one rounding, one state ------------------------------------------------------------------


def test_the_state_follows_the_percentage_shown() -> None:
    """249.9 h asked of 250 h is 99.96 %, shown as 100 %: overloaded, not "100 % · strained".
    56.9 h of 67 h is 84.93 %, shown as 85 %: strained, not "85 % · ok". 56.8 h is 84.78 %, 85 %: strained;
    56.6 h is 84.48 %, 84 %: ok."""
    assert utilisation(249.9, 250) == 249.9 / 250 * 100
    assert whole_percent(utilisation(249.9, 250)) == 100
    assert load_state(249.9, 250, 100, 85) == "overloaded"
    assert whole_percent(utilisation(56.9, 67)) == 85
    assert load_state(56.9, 67, 100, 85) == "strained"
    assert load_state(56.8, 67, 100, 85) == "strained"
    assert whole_percent(utilisation(56.6, 67)) == 84
    assert load_state(56.6, 67, 100, 85) == "ok"


def test_half_up_and_never_twice() -> None:
    """9.47 % is 9 %: rounding once (not 9.47 → 9.5 → 10). 84.5 % is 85 % (half up), 84.49 % is 84 %."""
    assert whole_percent(9.47) == 9
    assert whole_percent(84.5) == 85
    assert whole_percent(84.49) == 84
    assert whole_percent(None) is None
    assert tenths(1.25) == 1.3 and tenths(1.24) == 1.2 and tenths(15.54) == 15.5


def test_the_command_line_shows_the_percentage_the_screens_show(store: Store, cli: Runner) -> None:
    """40 h contracted, reserve 52.5 %: next week the queue is 21 h and 19 h are available. A 1.8 h card
    from Monday to Friday next week asks 1.8 h: 1.8 ÷ 19 = 9.47 %, shown as 9 % (it used to print 10 %)."""
    people.add_person(store, "Ann", hours=40, reserve_pct=52.5)
    projects.add_project(store, "MFA", "MFA rollout")
    tasks.add_task(store, "Small", "MFA", assignee="Ann", remaining=1.8, start=NEXT_MON, due=NEXT_FRI)
    rows = json.loads(cli("--db", str(store.path), "capacity", "--json", "--weeks", "2").out)
    week = next(r for r in rows if r["week"] == NEXT_MON.isoformat())
    assert (week["queue"], week["available"], week["demand"]) == (21, 19, 1.8)
    assert week["utilisation"] == 1.8 / 19 * 100  # exact
    assert week["utilisation_pct"] == 9 and week["state"] == "ok"
    table = cli("--db", str(store.path), "capacity", "--weeks", "2").out
    assert "2026-W48" in table and " 9%" in table and "10%" not in table


def test_a_breakdown_adds_up_as_shown() -> None:
    """40 h contracted, 1.24 h of leave on Monday and 15.54 ticket hours, no reserve, seen on Monday:
    leave shows 1.2, the queue 15.5, and available is 40 − 1.2 − 15.5 = 23.3 (it used to show 23.2)."""
    a = weekly_availability(PersonTime(1, 40, 0, absence={MON: 1.24}, tickets={MON: 15.54}), MON, MON, CAL)
    assert (a.contracted, a.leave, a.duty, a.queue, a.available) == (40, 1.2, 0, 15.5, 23.3)


@settings(max_examples=150, deadline=None)
@given(
    contracted=st.floats(0, 80, allow_nan=False),
    reserve=st.floats(0, 100, allow_nan=False),
    away=st.lists(st.floats(0, 10, allow_nan=False), min_size=5, max_size=5),
    duty=st.lists(st.floats(0, 10, allow_nan=False), min_size=5, max_size=5),
    tickets=st.floats(0, 120, allow_nan=False),
    seen=st.integers(0, 6),
)
def test_every_breakdown_adds_up_to_the_tenth(
    contracted: float, reserve: float, away: list[float], duty: list[float], tickets: float, seen: int
) -> None:
    """Whatever the week: every figure is a whole number of tenths, and available is contracted − leave −
    duty − queue of the figures as shown (never below 0: a queue larger than the hours left takes them all)."""
    days = [MON + dt.timedelta(days=i) for i in range(5)]
    person = PersonTime(
        1, contracted, reserve, absence=dict(zip(days, away, strict=True)), duty=dict(zip(days, duty, strict=True))
    )
    person.tickets[MON] = tickets
    a = weekly_availability(person, MON, MON + dt.timedelta(days=seen), CAL)
    for figure in (a.contracted, a.leave, a.duty, a.queue, a.available, a.reserve, a.tickets):
        assert abs(figure * 10 - round(figure * 10)) < 1e-6, figure
    assert a.available == max(0.0, tenths(a.contracted - a.leave - a.duty - a.queue))
    # The queue is the larger of reserve and tickets, but never more than the hours left after leave and duty.
    assert a.queue == min(max(a.reserve, a.tickets), max(0.0, tenths(a.contracted - a.leave - a.duty)))


# --- the queue and the contracted hours explain themselves ----------------------------------------


def test_the_queue_and_the_contracted_hours_say_why(store: Store) -> None:
    """40 h, 25 % reserve, on call 0.8 h on Wednesday, 10 ticket hours logged this week; seen on Wednesday,
    3 of 5 days are left: contracted 40 × 3/5 = 24, duty 0.8, reserve 25 % × 23.2 = 5.8, tickets
    10 × 3/5 = 6 > 5.8, so the queue is 6 h of tickets and 24 − 0.8 − 6 = 17.2 h are available."""
    people.add_person(store, "Ann", hours=40, reserve_pct=25)
    time_service.add_commitment(store, "Ann", WED, WED, kind="on_call", hours_per_day=0.8)
    time_service.set_ticket_load(store, "Ann", MON, hours=10)
    person = load_capacity(store).people[0]
    cell = person.cells[0]
    assert (cell.contracted, cell.duty, cell.queue, cell.available) == (24, 0.8, 6, 17.2)
    lines = {line.label: line for line in explain(cell, person.reserve_pct)}
    assert (lines["Contracted"].value, lines["Contracted"].note) == ("24 h", "3 of 5 days left")
    assert (lines["Queue"].value, lines["Queue"].note) == (
        "6 h",
        "10 ticket hours logged, 3 of 5 days left (reserve 5.8 h)",
    )
    assert lines["Available"].value == "17.2 h"
    following = person.cells[1]  # next week: the whole week counts, nothing logged
    lines = {line.label: line for line in explain(following, person.reserve_pct)}
    assert (lines["Contracted"].value, lines["Contracted"].note) == ("40 h", "")
    assert lines["Queue"].note == "25 % support reserve (no tickets logged)"


# --- who is gone, and paused projects -------------------------------------------------------------


def test_work_of_someone_inactive_is_unassigned_not_an_overload(store: Store) -> None:
    """Gone holds a 6 h card of milestone Pilot (due next Friday) and then leaves (inactive). The 6 h is
    nobody's load: Gone has no capacity row, the milestone is at risk with "6 h assigned to Gone, who is
    inactive" and no forecast date, and MFA is amber for the milestone, never red for Gone."""
    people.add_person(store, "Ann", hours=40)
    people.add_person(store, "Gone", hours=40)
    projects.add_project(store, "MFA", "MFA rollout")
    milestone_service.add_milestone(store, "MFA", "Pilot", NEXT_FRI)
    tasks.add_task(store, "Enrol", "MFA", milestone="Pilot", assignee="Gone", remaining=6)
    people.edit_person(store, "Gone", active=False)
    plan = build_plan(store)
    assert {row["person"] for row in plan.capacity(2)} == {"Ann"}
    pilot = next(iter(plan.forecasts.values()))
    assert pilot.status == "at_risk"
    assert "6 h assigned to Gone, who is inactive" in pilot.reasons
    assert pilot.shown_forecast is None and pilot.unassigned_hours == 6
    health = plan.health(next(iter(plan.projects)))
    assert health.rag == "amber"
    assert health.reasons == ("milestone Pilot is at risk (6 h assigned to Gone, who is inactive)",)


def test_paused_and_closed_projects_make_no_demand(store: Store) -> None:
    """Ann has 20 h due Friday in each of four projects: active, on hold, done and cancelled. Only the
    active one asks anything of her this week: 20 h of 14.4 h available (24 contracted for Wed–Fri less the
    40 % reserve of 9.6) is 139 %. The others' milestones, due yesterday, read on hold, closed and
    cancelled, not late."""
    people.add_person(store, "Ann", hours=40)
    for key, status in (("ACT", "active"), ("HLD", "on_hold"), ("DON", "done"), ("CAN", "cancelled")):
        projects.add_project(store, key, f"Project {key}", status=status)
        milestone_service.add_milestone(store, key, f"{key} milestone", WED - dt.timedelta(days=1))
        tasks.add_task(store, "Work", key, milestone=f"{key} milestone", assignee="Ann", remaining=20, due=FRI)
    plan = build_plan(store)
    row = plan.capacity(1)[0]
    assert (row["available"], row["demand"], row["utilisation_pct"]) == (14.4, 20, 139)
    statuses = {m.name: plan.forecasts[m.id].status for m in plan.milestones.values()}
    assert statuses == {
        "ACT milestone": "late",
        "HLD milestone": "on_hold",
        "DON milestone": "closed",
        "CAN milestone": "cancelled",
    }
    held = next(plan.forecasts[m.id] for m in plan.milestones.values() if m.name == "HLD milestone")
    assert held.reasons == ["the project is on hold"] and held.shown_forecast is None


# --- overload caused by this project ------------------------------------------------------------


def test_a_project_is_red_only_for_overload_it_causes() -> None:
    """Tom is overloaded (150 %). With 3.9 h of this project this week (under half his 8 h day) the project
    stays green; with 4 h it is red and the reason names him and the hours. A part-timer's half day is
    half their own day: 2 h of a 4 h day is enough."""
    tom = PersonWeek("Tom", "overloaded", 150, 36, 24)
    assert project_health([], [], [(tom, 3.9, 4.0)]).rag == "green"
    red = project_health([], [], [(tom, 4.0, 4.0)])
    assert red.rag == "red"
    assert red.reasons == ("Tom is overloaded (150 %) with 4 h of this project this week",)
    pat = PersonWeek("Pat", "strained", 90, 9, 10)
    assert project_health([], [], [(pat, 2.0, 2.0)]).reasons == (
        "Pat is strained (90 %) with 2 h of this project this week",
    )


def test_the_small_project_of_an_overloaded_person_stays_green(store: Store) -> None:
    """Ann has 14.4 h available this week. BIG asks 60 h by Friday, SMALL 1 h: 61 ÷ 14.4 = 423.6 %, shown
    424 %, overloaded. BIG is red ("Ann is overloaded (424 %) with 60 h of this project this week");
    SMALL, with 1 h, under half her 8 h day, stays green."""
    people.add_person(store, "Ann", hours=40)
    projects.add_project(store, "BIG", "Big project")
    projects.add_project(store, "SMALL", "Small project")
    tasks.add_task(store, "Big job", "BIG", assignee="Ann", remaining=60, due=FRI)
    tasks.add_task(store, "Small job", "SMALL", assignee="Ann", remaining=1, due=FRI)
    plan = build_plan(store)
    health = {p.key: plan.health(pid) for pid, p in plan.projects.items()}
    assert health["BIG"].rag == "red"
    assert health["BIG"].reasons == ("Ann is overloaded (424 %) with 60 h of this project this week",)
    assert health["SMALL"].rag == "green"


# --- demand and forecast -------------------------------------------------------------------------


def test_demand_and_forecast_side_by_side(store: Store) -> None:
    """Ann (24 h a week after the reserve; 14.4 h this week) has a 24 h card due Friday 4 December and
    a week of leave next week. Demand spreads it over the 13 working days from today: 3 days this week
    (24 × 3/13 = 5.5 h), 5 next week (9.2 h) and 5 the week after (9.2 h). Next week she has no time, so
    its demand reads ∞; the forecast works around it: 14.4 h this week, none next week, the last 9.6 h the
    week after."""
    people.add_person(store, "Ann", hours=40)
    projects.add_project(store, "MFA", "MFA rollout")
    tasks.add_task(store, "Roll out", "MFA", assignee="Ann", remaining=24, due=dt.date(2026, 12, 4))
    time_service.add_commitment(store, "Ann", NEXT_MON, NEXT_FRI, kind="pto")
    rows = build_plan(store).capacity(3)
    assert [r["demand"] for r in rows] == [5.5, 9.2, 9.2]
    assert [r["scheduled"] for r in rows] == [14.4, 0, 9.6]
    assert [r["available"] for r in rows] == [14.4, 0, 24]
    assert [r["utilisation_pct"] for r in rows] == [38, None, 38]
    assert [r["state"] for r in rows] == ["ok", "overloaded", "ok"]


def test_the_overview_names_next_weeks_overload_and_keeps_wip_apart(store: Store) -> None:
    """Aisha has 60 h due next week (24 h available: 250 %) and nothing this week. Bob has four cards in
    progress (limit 3), 1 h each over this week's 14.4 h: 4 ÷ 14.4 = 28 %, ok. Aisha is named for next
    week only; Bob is listed as over WIP, not as overloaded or strained."""
    people.add_person(store, "Aisha", hours=40)
    people.add_person(store, "Bob", hours=40)
    projects.add_project(store, "MFA", "MFA rollout")
    tasks.add_task(store, "Big", "MFA", assignee="Aisha", remaining=60, start=NEXT_MON, due=NEXT_FRI)
    for n in range(4):
        tasks.add_task(store, f"Card {n}", "MFA", assignee="Bob", remaining=1, due=FRI, column="in_progress")
    people_lines = [(e.label, e.detail) for e in load_overview(store).people]
    assert people_lines == [
        ("Aisha  250% next week", "overloaded next week · 60 h asked of 24 h"),
        ("Bob  over WIP", "4 cards in progress, WIP limit 3"),
    ]


# --- reasons for every state ---------------------------------------------------------------------


def test_every_milestone_state_says_why() -> None:
    """Today is Wednesday 18 Nov. Enrolment wave 1 (due 4 Dec) finishes 10 Dec: slipping. Wave 2 (due
    8 Dec) would finish 20 Nov but follows wave 1: slipping, "follows Enrolment wave 1, forecast 10 Dec",
    2 working days late (9 and 10 Dec). Comms has only 5 h of unassigned work: no forecast date, at risk.
    Cutover finishes on its due date (20 Nov) with no buffer: at risk. Handover finishes 20 Nov, due Monday
    23 Nov: one working day of slack, on track."""
    wave1, wave2 = (
        MilestonePlan(1, dt.date(2026, 12, 4), name="Enrolment wave 1"),
        MilestonePlan(2, dt.date(2026, 12, 8), predecessors=(1,), name="Wave 2"),
    )
    comms = MilestonePlan(3, FRI, name="Comms")
    cutover = MilestonePlan(4, FRI, name="Cutover")
    handover = MilestonePlan(5, NEXT_MON, name="Handover")
    items = [
        WorkItem(1, 1, 8, milestone_id=1),
        WorkItem(2, 1, 8, milestone_id=2),
        WorkItem(3, None, 5, milestone_id=3),
        WorkItem(4, 1, 8, milestone_id=4),
        WorkItem(5, 1, 8, milestone_id=5),
    ]
    finishes = {1: dt.date(2026, 12, 10), 2: FRI, 4: FRI, 5: FRI}
    result = forecast_milestones([wave1, wave2, comms, cutover, handover], items, finishes, WED, CAL)
    assert result[2].status == "slipping" and result[2].slip_days == 2
    assert result[2].reasons == ["follows Enrolment wave 1, forecast 10 Dec", "forecast 10 Dec is after due 08 Dec"]
    assert result[3].status == "at_risk" and result[3].shown_forecast is None
    assert result[3].reasons == ["5 h of unassigned work", "no forecast until the work is assigned"]
    assert result[4].status == "at_risk" and result[4].reasons == ["finishes on its due date, no buffer"]
    assert result[5].status == "on_track" and result[5].reasons == []


# --- caps ----------------------------------------------------------------------------------------


def test_on_call_counts_at_most_a_days_hours() -> None:
    """On call 10 h on Monday, an 8 h day: duty counts 8 h, so 40 − 8 = 32 h are left. With 3 h of
    training the same day, duty counts the 5 h left of it: 40 − 3 − 5 = 32."""
    a = weekly_availability(PersonTime(1, 40, 0, duty={MON: 10}), MON, MON, CAL)
    assert (a.duty, a.available) == (8, 32)
    a = weekly_availability(PersonTime(1, 40, 0, absence={MON: 3}, duty={MON: 10}), MON, MON, CAL)
    assert (a.leave, a.duty, a.available) == (3, 5, 32)


def test_the_duty_form_states_the_cap() -> None:
    """The leave and duty form says, under hours a day, that duty counts at most a working day."""
    duty = next(f for f in commitment_fields(MON, duty=True) if f.name == "hours_per_day")
    assert "at most a working day" in duty.help


def test_ticket_hours_beyond_the_hours_left_take_them_all() -> None:
    """Seen on Thursday 19 Nov: 16 h contracted for Thursday–Friday, Friday a public holiday (8 h leave),
    on call 12 h on Thursday counts 8 h (the cap), and 22 ticket hours logged count 22 × 2/5 = 8.8 h.
    Nothing is left: the queue shows the 0 h that remain, and 16 − 8 − 8 − 0 = 0 adds up as shown."""
    thu, fri = MON + dt.timedelta(days=3), FRI
    cal = WorkCalendar(holidays=frozenset({fri}))
    a = weekly_availability(PersonTime(1, 40, 40, duty={thu: 12}, tickets={MON: 22}), MON, thu, cal)
    assert (a.contracted, a.leave, a.duty, a.tickets, a.queue, a.available) == (16, 8, 8, 8.8, 0, 0)


def test_no_contracted_hours_is_said_so(store: Store) -> None:
    """Zed works 0 h a week: the breakdown says "no contracted hours", not "0 of 5 days left"."""
    people.add_person(store, "Zed", hours=0)
    person = load_capacity(store).people[0]
    lines = {line.label: line for line in explain(person.cells[1], person.reserve_pct)}
    assert lines["Contracted"].note == "no contracted hours"
    lines = {line.label: line for line in explain(person.cells[0], person.reserve_pct)}
    assert lines["Contracted"].note == "no contracted hours (3 of 5 days left)"


def test_what_follows_a_milestone_without_a_forecast_has_none() -> None:
    """Setup (due 10 Dec) has only unassigned work, so no forecast; Rollout (due 20 Dec) follows it and has
    no forecast either, nor does Review after Rollout. Launch follows Pilot, whose project is on hold:
    "follows Pilot, which is on hold". A milestone with no open work due today is on track."""
    setup = MilestonePlan(1, dt.date(2026, 12, 10), name="Setup")
    rollout = MilestonePlan(2, dt.date(2026, 12, 20), predecessors=(1,), name="Rollout")
    review = MilestonePlan(3, dt.date(2026, 12, 22), predecessors=(2,), name="Review")
    pilot = MilestonePlan(4, dt.date(2026, 12, 1), name="Pilot", paused="on_hold")
    launch = MilestonePlan(5, dt.date(2026, 12, 20), predecessors=(4,), name="Launch")
    empty = MilestonePlan(6, WED, name="Nothing left")
    items = [WorkItem(1, None, 5, milestone_id=1), WorkItem(2, 1, 4, milestone_id=2)]
    result = forecast_milestones([review, rollout, setup, pilot, launch, empty], items, {2: FRI}, WED, CAL)
    assert [result[i].shown_forecast for i in (1, 2, 3, 4, 5)] == [None] * 5
    assert result[2].status == "at_risk" and "follows Setup, which has no forecast" in result[2].reasons
    assert "no forecast until the work is assigned" not in result[2].reasons
    assert result[3].reasons == ["follows Rollout, which has no forecast"]
    assert result[5].reasons == ["follows Pilot, which is on hold"]
    assert result[6].status == "on_track"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(1, 50), st.floats(0, 60, allow_nan=False), max_size=8))
def test_a_weeks_tasks_add_up_to_its_demand_as_shown(hours: dict[int, float]) -> None:
    """The tasks listed under a week's demand add up to it as shown: 1.14 + 1.25 = 2.39, shown 2.4, lists
    1.1 and 1.3 (the larger remainder takes the tenth)."""
    shares = shown_shares(hours)
    assert round(sum(shares.values()) * 10) == round(tenths(sum(hours.values())) * 10)
    assert all(abs(shares[k] - hours[k]) < 0.1 + 1e-9 for k in hours)
    assert shown_shares({1: 1.14, 2: 1.25}) == {1: 1.1, 2: 1.3}
