"""A realistic demo: a support team of eight and four projects, dated from today.

Whatever day it is generated, the rules find at least one milestone late,
one slipping and one at risk (the rest on track), one person overloaded and
one strained this week, and risks in every band. The cards have a history:
they were added eight weeks ago and some of their hours were worked off on
the days since, so the burndowns show real past days.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from sqlmodel import select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.core.rules.calendar import WorkCalendar, monday_of, planning_start
from supportpm_tui.services import (
    availability,
    change_requests,
    checklists,
    milestones,
    people,
    projects,
    records,
    risks,
    tasks,
    timelog,
)
from supportpm_tui.services.current_plan import load_plan
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Person, Project

TEAM = [
    ("Priya Shah", "Service desk lead", 40.0, 50.0),
    ("Tom Becker", "Desktop engineer", 40.0, None),
    ("Aisha Khan", "Identity engineer", 40.0, None),
    ("Marek Nowak", "Systems engineer", 40.0, None),
    ("Sofia Rossi", "Service desk analyst", 24.0, 60.0),
    ("Daniel Osei", "Service desk analyst", 40.0, None),
    ("Lena Fischer", "Knowledge and training lead", 32.0, None),
    ("Jamal Reed", "Field technician", 40.0, None),
]


def generate(store: Store, today: dt.date | None = None) -> None:
    """Fill an empty database with the demo, relative to ``today``."""
    today = today or clock.today()
    with store.write() as session:
        if session.exec(select(Project)).first() or session.exec(select(Person)).first():
            raise UserError(f"{store.path} already holds data; the demo needs a new file")
        _fill(store, today)


def _fill(store: Store, today: dt.date) -> None:
    s = store
    w0 = monday_of(planning_start(today, WorkCalendar()))

    def day(week: int, weekday: int = 0) -> dt.date:
        return w0 + dt.timedelta(weeks=week, days=weekday)

    for name, role, hours, reserve in TEAM:
        people.add_person(s, name, role=role, hours=hours, reserve_pct=reserve, skills=_skills(role))
    people.edit_person(s, "Lena Fischer", wip_limit=2)
    availability.add_commitment(s, "all", day(3), day(3), note="Company holiday")
    availability.add_commitment(s, "Daniel Osei", day(1), day(1, 1), kind="pto", note="Family visit")
    availability.add_commitment(s, "Lena Fischer", day(2, 3), day(2, 3), kind="training", note="ITIL course")
    availability.add_commitment(
        s, "Marek Nowak", day(0), day(1, 4), kind="on_call", hours_per_day=2, note="Out-of-hours on-call"
    )
    availability.add_commitment(
        s,
        "Marek Nowak",
        day(2, 5),
        day(2, 5),
        kind="maintenance",
        hours_per_day=4,
        note="Saturday patch window",
    )
    _public_holidays(s, day(-8), day(10, 4))
    loads = {
        "Priya Shah": 8,
        "Tom Becker": 6,
        "Aisha Khan": 4,
        "Marek Nowak": 10,
        "Sofia Rossi": 12,
        "Daniel Osei": 14,
        "Lena Fischer": 3,
        "Jamal Reed": 22,
    }
    for name, hours in loads.items():
        for back in range(-3, 1):
            availability.set_ticket_load(s, name, day(back), hours=max(1.0, hours + back))
    availability.set_ticket_load(s, "Sofia Rossi", day(-1), tickets=30)

    projects.add_project(
        s,
        "MFA",
        "MFA rollout",
        owner="Aisha Khan",
        start=day(-6),
        target=day(10, 4),
        sponsor="Head of IT",
        impact=5,
        effort=3,
        urgency=5,
        importance=5,
        goal="Every member of staff signs in with multi-factor authentication.",
        in_scope="Staff accounts, service desk enrolment, conditional access",
        out_of_scope="Contractor and guest accounts",
        stakeholders="HR, Security, all staff",
        success_criteria="100 % of staff enrolled; MFA tickets back under 20 a week",
    )
    projects.add_project(
        s,
        "LAP",
        "Laptop refresh 2027",
        owner="Tom Becker",
        start=day(-4),
        target=day(9, 4),
        sponsor="Finance director",
        impact=4,
        effort=4,
        urgency=3,
        importance=4,
        goal="Replace 180 laptops older than four years.",
    )
    projects.add_project(
        s,
        "PAT",
        "Patching programme",
        owner="Marek Nowak",
        start=day(-8),
        target=day(10, 4),
        impact=4,
        effort=2,
        urgency=4,
        importance=4,
        goal="Every server and workstation patched within 14 days of release.",
    )
    projects.add_project(
        s,
        "ONB",
        "Onboarding revamp",
        owner="Lena Fischer",
        start=day(-2),
        target=day(8, 4),
        impact=3,
        effort=2,
        urgency=2,
        importance=3,
        goal="A new starter is productive on day one.",
    )
    for key, name in (("LAP", "Pilot"), ("LAP", "Wave 1"), ("PAT", "Workstations"), ("PAT", "Servers")):
        projects.add_workstream(s, key, name)

    ms = functools.partial(milestones.add_milestone, s)

    ms(
        "LAP",
        "Pilot devices imaged",
        today - dt.timedelta(days=3),
        owner="Tom Becker",
        workstream="Pilot",
        deliverable="20 pilot laptops imaged and handed out",
    )
    ms("LAP", "Fleet order placed", day(2, 3), owner="Priya Shah", deliverable="Purchase order sent")
    ms(
        "LAP",
        "Wave 1 deployed",
        day(6, 2),
        owner="Tom Becker",
        workstream="Wave 1",
        after=["Pilot devices imaged", "Fleet order placed"],
        deliverable="60 laptops swapped",
    )
    ms("MFA", "Hardware tokens ordered", day(2, 3), owner="Priya Shah")
    ms("MFA", "Enrolment wave 1", day(1, 4), owner="Aisha Khan", deliverable="Service desk and IT enrolled")
    ms("MFA", "Conditional access policies", day(3, 4), owner="Aisha Khan", buffer=2)
    ms(
        "MFA",
        "Enrolment wave 2",
        day(7, 4),
        owner="Aisha Khan",
        after=["Enrolment wave 1"],
        deliverable="All office staff enrolled",
    )
    ms("PAT", "Wave 2 servers patched", day(4, 4), owner="Marek Nowak", workstream="Servers")
    ms(
        "PAT",
        "Patch compliance report",
        day(8, 4),
        owner="Marek Nowak",
        workstream="Workstations",
        after=["Wave 2 servers patched"],
    )
    ms("ONB", "New starter checklist", day(3, 4), owner="Lena Fischer")
    ms("ONB", "Day-one laptop kit", day(5, 4), owner="Lena Fischer", after=["New starter checklist"])

    task = functools.partial(tasks.add_task, s)
    pinned = clock.frozen()
    added = day(-8)  # the cards were added when the first project started
    try:
        clock.freeze(added)
        _cards(s, today, day, task)
        _worked_off(s, today, added)
    finally:
        clock.freeze(pinned)
    _finish_history(s)
    _risks_and_changes(s, today, day)
    _projects_page(s, today, day)
    _metrics(s, today)


def _cards(s: Store, today: dt.date, day: Callable[..., dt.date], task: Callable[..., object]) -> None:
    """Add the projects' cards, with their estimates, in the columns they are in today.

    The MFA vendor is still being chosen and the pilot laptops are not imaged
    yet: :func:`_worked_off` and :func:`_finish_history` bring them to today.
    """
    task("Choose MFA vendor", "MFA", assignee="Aisha Khan", estimate=6, column="in_progress", kind="task")
    task(
        "Image pilot laptops",
        "LAP",
        milestone="Pilot devices imaged",
        assignee="Tom Becker",
        estimate=40,
        column="in_progress",
        priority="high",
        tags=["pilot"],
    )
    task(
        "Hand out pilot laptops",
        "LAP",
        milestone="Pilot devices imaged",
        assignee="Jamal Reed",
        estimate=4,
        column="ready",
        tags=["pilot"],
    )
    task(
        "Collect asset list",
        "LAP",
        milestone="Fleet order placed",
        assignee="Jamal Reed",
        estimate=6,
        column="in_progress",
    )
    task(
        "Approve laptop order",
        "LAP",
        milestone="Fleet order placed",
        assignee="Priya Shah",
        estimate=3,
        column="ready",
        priority="high",
    )
    task(
        "Build wave 1 image",
        "LAP",
        milestone="Wave 1 deployed",
        assignee="Tom Becker",
        estimate=12,
        start=day(2),
        column="backlog",
    )
    task(
        "Deploy wave 1 laptops",
        "LAP",
        milestone="Wave 1 deployed",
        assignee="Jamal Reed",
        estimate=24,
        start=day(3),
        column="backlog",
        kind="task",
    )
    task(
        "Rollback plan for wave 1",
        "LAP",
        milestone="Wave 1 deployed",
        assignee="Tom Becker",
        estimate=4,
        start=day(2),
        column="backlog",
        kind="rollback",
    )
    task(
        "Order hardware tokens",
        "MFA",
        milestone="Hardware tokens ordered",
        assignee="Priya Shah",
        estimate=4,
        column="ready",
    )
    task(
        "Enrol service desk and IT staff",
        "MFA",
        milestone="Enrolment wave 1",
        assignee="Aisha Khan",
        estimate=60,
        start=day(1),
        column="ready",
        priority="urgent",
        tags=["enrolment"],
    )
    task(
        "Write MFA user guide",
        "MFA",
        milestone="Conditional access policies",
        assignee="Lena Fischer",
        estimate=8,
        due=day(3, 2),
        column="in_progress",
        kind="docs",
    )
    task(
        "Brief service desk on MFA calls",
        "MFA",
        milestone="Enrolment wave 2",
        assignee="Sofia Rossi",
        estimate=4,
        start=day(5),
        column="backlog",
        kind="comms",
    )
    task(
        "Run wave 2 enrolment sessions",
        "MFA",
        milestone="Enrolment wave 2",
        assignee="Sofia Rossi",
        estimate=10,
        start=day(5),
        column="backlog",
        kind="training",
        tags=["enrolment"],
    )
    task(
        "Patch wave 2 file servers",
        "PAT",
        milestone="Wave 2 servers patched",
        assignee="Marek Nowak",
        estimate=12,
        column="in_progress",
        priority="high",
    )
    task(
        "Validate backups before wave 2",
        "PAT",
        milestone="Wave 2 servers patched",
        assignee="Marek Nowak",
        estimate=4,
        column="blocked",
        kind="test",
        blocked_reason="Waiting for the backup vendor's restore test",
    )
    task(
        "Test rollback of wave 2",
        "PAT",
        milestone="Wave 2 servers patched",
        assignee="Marek Nowak",
        estimate=3,
        column="backlog",
        kind="rollback",
    )
    task(
        "Build compliance dashboard",
        "PAT",
        milestone="Patch compliance report",
        assignee="Marek Nowak",
        estimate=10,
        start=day(5),
        column="backlog",
    )
    task(
        "Draft new starter checklist",
        "ONB",
        milestone="New starter checklist",
        assignee="Lena Fischer",
        estimate=10,
        column="in_progress",
        kind="docs",
    )
    task(
        "Review checklist with HR",
        "ONB",
        milestone="New starter checklist",
        assignee="Sofia Rossi",
        estimate=6,
        column="testing",
    )
    task(
        "Assemble day-one laptop kit",
        "ONB",
        milestone="Day-one laptop kit",
        assignee="Daniel Osei",
        estimate=8,
        start=day(2),
        column="backlog",
    )
    task(
        "Record an MFA how-to video",
        "MFA",
        milestone="Enrolment wave 2",
        assignee="Lena Fischer",
        estimate=3,
        start=day(4),
        column="in_progress",
        kind="training",
    )
    task("Survey recent starters", "ONB", estimate=5, column="backlog", tags=["feedback"])
    task(
        "Update knowledge articles for MFA",
        "MFA",
        assignee="Daniel Osei",
        estimate=6,
        column="backlog",
        kind="docs",
    )

    # Aisha is strained this week: a card due Friday worth 92 % of her available hours.
    with s.read() as session:
        plan = load_plan(session, today)
    aisha = next(pid for pid, name in plan.names.items() if name == "Aisha Khan")
    available = plan.availability(aisha, plan.this_week).available
    friday = max(d for d in plan.calendar.week_weekdays(plan.this_week) if plan.calendar.is_working_day(d))
    task(
        "Draft conditional access policy",
        "MFA",
        milestone="Conditional access policies",
        assignee="Aisha Khan",
        estimate=round(available * 0.92, 1),
        due=friday,
        column="in_progress",
        priority="high",
        tags=["security"],
    )


# The hours still to do on a card after a working day, counted back from yesterday (1).
WORKED_OFF = (
    ("Choose MFA vendor", 15, 3.0),
    ("Image pilot laptops", 10, 37.0),
    ("Image pilot laptops", 7, 35.0),
    ("Image pilot laptops", 4, 33.0),
    ("Image pilot laptops", 1, 30.0),
)


def _worked_off(s: Store, today: dt.date, added: dt.date) -> None:
    """Work some hours off the cards on the working days since they were added (the clock pinned to each)."""
    calendar = WorkCalendar()
    days = calendar.working_days(added + dt.timedelta(days=1), today - dt.timedelta(days=1))
    cards = {card.title: card.id for card in records.task_records(s)}
    for title, back, hours in sorted(WORKED_OFF, key=lambda step: -step[1]):
        if back <= len(days):
            clock.freeze(days[-back])
            tasks.edit_task(s, cards[title], tasks.TaskValues(remaining=hours))


def _finish_history(s: Store) -> None:
    """Today the MFA vendor is chosen; the cards still in progress keep their order, numbered from the top."""
    cards = {card.title: card.id for card in records.task_records(s)}
    tasks.move_task(s, cards["Choose MFA vendor"], "done")
    first = cards["Image pilot laptops"]
    tasks.shift_task(s, first, 1)
    tasks.shift_task(s, first, -1)


def _risks_and_changes(s: Store, today: dt.date, day: Callable[..., dt.date]) -> None:
    risks.add_risk(
        s,
        "PAT",
        "Backup vendor cannot prove restores in time",
        4,
        4,
        owner="Marek Nowak",
        milestone="Wave 2 servers patched",
        mitigation="Escalate to the vendor's account manager",
        review=day(0, 4),
    )
    risks.add_risk(
        s,
        "MFA",
        "Staff resist app-based sign-in",
        3,
        4,
        owner="Aisha Khan",
        status="mitigating",
        mitigation="Offer hardware tokens; floor walkers",
        review=today - dt.timedelta(days=2),
    )
    risks.add_risk(
        s,
        "LAP",
        "Supplier delivers laptops late",
        2,
        4,
        owner="Tom Becker",
        milestone="Wave 1 deployed",
        mitigation="Order two weeks early",
        review=day(2),
    )
    risks.add_risk(s, "ONB", "HR changes the starter template late", 1, 3, owner="Lena Fischer", review=day(3))
    token = risks.add_risk(
        s,
        "MFA",
        "Hardware token stock runs out",
        2,
        3,
        owner="Priya Shah",
        contingency="Issue temporary codes from the service desk",
    )
    risks.risk_to_issue(s, token.id or 0)
    added = change_requests.add_change(
        s,
        "LAP",
        "Add 20 laptops for summer starters",
        3,
        milestones=["Wave 1 deployed"],
        requested_by="HR",
        description="HR asks for 20 extra laptops in wave 1.",
        cost=18000,
    )
    change_requests.approve_change(s, added.id or 0)
    change_requests.add_change(
        s,
        "MFA",
        "Extend enrolment wave 1 by a week",
        5,
        milestones=["Enrolment wave 1"],
        requested_by="Aisha Khan",
        description="Wave 1 needs another week of enrolment clinics.",
    )


def _projects_page(s: Store, today: dt.date, day: Callable[..., dt.date]) -> None:
    """A complete scope (MFA) beside scopes that are not ready, a checklist half done with one gate holding a
    milestone, a project over 90 % of its budget, and time logged on cards."""
    projects.edit_project(
        s,
        "MFA",
        assumptions="Every member of staff has a phone or can be given a token",
        approval_path="Scope changes go to the Head of IT through a change request",
    )
    projects.edit_project(s, "LAP", budget=250_000, spent=231_500)
    projects.edit_project(s, "PAT", budget=40_000, spent=6_000, hourly_rate=60)
    items = {item.title: item.id or 0 for item in checklists.list_items(s, "MFA")}
    for title in (
        "Pilot with a small representative group",
        "Rollback validated",
        "Support scripts and knowledge articles ready",
    ):
        checklists.set_done(s, items[title], True, today - dt.timedelta(days=1))
    checklists.edit_item(
        s,
        items["Service desk briefed"],
        owner="Sofia Rossi",
        due=day(1),
        milestone="Enrolment wave 1",
        note="Before the first enrolment clinic",
    )
    checklists.edit_item(s, items["Deployment window chosen around business impact"], owner="Aisha Khan", due=day(1, 2))
    cards = {card.title: card.id for card in records.task_records(s)}
    yesterday = today - dt.timedelta(days=1)
    for title, hours, person in (
        ("Enrol service desk and IT staff", 3.0, "Aisha Khan"),
        ("Image pilot laptops", 4.0, "Tom Becker"),
    ):
        timelog.log_time(s, cards[title], hours, person=person, day=yesterday)
    patch = next(card for card in records.task_records(s, project="PAT") if card.assignee)
    timelog.log_time(s, patch.id, 6.0, person=patch.assignee, day=yesterday, note="First patch window")


# Public holidays on fixed days, as most of the demo's readers keep them: added where the demo's dates cross them.
PUBLIC_HOLIDAYS = ((12, 25, "Christmas Day"), (12, 26, "Boxing Day"), (1, 1, "New Year's Day"))


def _public_holidays(s: Store, first: dt.date, last: dt.date) -> None:
    """Add the public holidays from ``first`` to ``last`` as holidays for everyone."""
    for year in range(first.year, last.year + 1):
        for month, day, name in PUBLIC_HOLIDAYS:
            when = dt.date(year, month, day)
            if first <= when <= last:
                availability.add_commitment(s, "all", when, when, note=name)


def _skills(role: str) -> list[str]:
    return [w for w in role.lower().split() if w not in ("and", "lead")][:2]


def _metrics(s: Store, today: dt.date) -> None:
    """MFA's outcome metrics with a few weeks of readings (one met, one not yet), and its go-live."""
    from supportpm_tui.services import metrics

    tickets = metrics.add_metric(s, "MFA", "MFA tickets per week", unit="tickets", baseline=28, target=20)
    enrolled = metrics.add_metric(s, "MFA", "Staff enrolled", unit="%", baseline=0, target=100, direction="higher")
    for weeks_ago, count, share in ((3, 31, 8), (2, 26, 21), (1, 19, 35)):
        when = today - dt.timedelta(weeks=weeks_ago)
        metrics.add_reading(s, tickets.id or 0, count, day=when)
        metrics.add_reading(s, enrolled.id or 0, share, day=when)
    metrics.set_go_live(s, "MFA", "Enrolment wave 1")
