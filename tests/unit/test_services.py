"""Services: every write validated, one transaction with its Event, and undoable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import select

from supportpm_tui.core import clock
from supportpm_tui.core.errors import FieldError, NotFound, UserError
from supportpm_tui.services import availability, change_requests, milestones, people, projects, risks, tasks
from supportpm_tui.services.activity import list_events
from supportpm_tui.services.change_requests import MilestoneMove
from supportpm_tui.services.records import (
    MilestoneRecord,
    capacity_records,
    milestone_detail,
    milestone_records,
    task_records,
)
from supportpm_tui.services.ticket_import import import_ticket_load
from supportpm_tui.services.undo import undo_last
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Event, Milestone, Person, Task


def events(store: Store) -> list[Event]:
    with store.read() as session:
        return list(session.exec(select(Event).order_by(Event.id)).all())  # type: ignore[arg-type]


@pytest.fixture
def team(store: Store) -> Store:
    people.add_person(store, "Ana Silva", role="Engineer")
    people.add_person(store, "Ben Okafor", hours=24)
    projects.add_project(store, "MFA", "MFA rollout", owner="Ana Silva")
    return store


def test_add_writes_the_row_and_a_create_event(team: Store) -> None:
    task = tasks.add_task(team, "Enrol staff", "MFA", assignee="ana silva", estimate=8)
    last = events(team)[-1]
    assert (last.entity, last.entity_id, last.action, last.actor) == ("task", task.id, "create", "tester")
    assert json.loads(last.changes)["title"] == [None, "Enrol staff"]
    assert task.remaining == 8


def test_names_are_unique_and_validated(team: Store) -> None:
    with pytest.raises(FieldError, match="already exists"):
        people.add_person(team, "ana SILVA")
    with pytest.raises(FieldError, match="must not be empty"):
        people.add_person(team, "   ")
    with pytest.raises(FieldError, match="reserved"):
        people.add_person(team, "all")
    with pytest.raises(FieldError, match="at most 168"):
        people.add_person(team, "Cy", hours=200)
    with pytest.raises(FieldError, match="already exists"):
        projects.add_project(team, "mfa", "Again")
    with pytest.raises(FieldError, match="2–10 letters"):
        projects.add_project(team, "M F A", "Spaces")


def test_the_database_enforces_its_rules_too(team: Store) -> None:
    with pytest.raises(UserError, match="UNIQUE"), team.write() as session:
        session.add(Person(name="Ana Silva"))
        session.flush()
    with pytest.raises(UserError, match="CHECK"), team.write() as session:
        session.add(Person(name="Neg", hours=-1))
        session.flush()
    with pytest.raises(UserError, match="FOREIGN KEY"), team.write() as session:
        session.add(Task(title="Orphan", project_id=999, created_at=clock.now_utc(), updated_at=clock.now_utc()))
        session.flush()


def test_unknown_names_are_field_errors(team: Store) -> None:
    with pytest.raises(FieldError, match="no person named 'Zed'"):
        tasks.add_task(team, "X", "MFA", assignee="Zed")
    with pytest.raises(FieldError, match="no project"):
        tasks.add_task(team, "X", "NOPE")
    with pytest.raises(NotFound):
        tasks.edit_task(team, 999, tasks.TaskValues(title="x"))


def test_text_is_stored_without_control_characters(team: Store) -> None:
    task = tasks.add_task(team, "\x1b]0;evil\x07[bold]x[/] title\x00", "MFA")
    assert task.title == "]0;evil[bold]x[/] title"


def test_moving_a_card_follows_the_column_rules(team: Store) -> None:
    task = tasks.add_task(team, "Card", "MFA", estimate=5)
    with pytest.raises(FieldError, match="say why"):
        tasks.move_task(team, task.id or 0, "blocked")
    tasks.move_task(team, task.id or 0, "blocked", reason="waiting for vendor")
    moved = tasks.move_task(team, task.id or 0, "done")
    assert moved.remaining == 0 and moved.done_at is not None and moved.blocked_reason == ""
    with pytest.raises(FieldError, match="how many hours remain"):
        tasks.move_task(team, task.id or 0, "testing")
    back = tasks.move_task(team, task.id or 0, "testing", remaining=2)
    assert back.remaining == 2 and back.done_at is None
    assert events(team)[-1].action == "move"


def test_cards_move_up_and_down_within_a_column(team: Store) -> None:
    ids = [tasks.add_task(team, f"Card {i}", "MFA").id or 0 for i in range(3)]
    tasks.shift_task(team, ids[2], -1)
    order = [r.id for r in task_records(team, column="backlog")]
    assert order == [ids[0], ids[2], ids[1]]


def test_blocker_cycles_are_refused(team: Store) -> None:
    a = tasks.add_task(team, "A", "MFA").id or 0
    b = tasks.add_task(team, "B", "MFA", blockers=[a]).id or 0
    with pytest.raises(FieldError, match="cycle"):
        tasks.edit_task(team, a, tasks.TaskValues(blockers=[b]))


def test_a_blocked_card_goes_back_to_the_column_the_log_says_it_was_blocked_from(team: Store) -> None:
    from supportpm_tui.services import blocking

    card = tasks.add_task(team, "Card", "MFA").id or 0
    tasks.move_task(team, card, "testing")
    tasks.move_task(team, card, "blocked", reason="waiting for vendor")
    with team.read() as session:
        assert blocking.blocked_from(session, [card]) == {card: "testing"}
    moved = blocking.unblock_task(team, card)
    assert (moved.column, moved.blocked_reason) == ("testing", "")
    undo_last(team)  # the unblock is one change: undone, the card is blocked again, with its reason
    again = next(r for r in task_records(team) if r.id == card)
    assert (again.column, again.blocked_reason, again.blocked_from) == ("blocked", "waiting for vendor", "testing")
    with team.read() as session:
        assert blocking.blocked_from(session, [card]) == {card: "testing"}
    added_blocked = tasks.add_task(team, "B", "MFA", column="blocked", blocked_reason="vendor").id or 0
    with team.read() as session:  # the log has no move into blocked: the column before blocked
        assert blocking.blocked_from(session, [added_blocked])[added_blocked] == "in_progress"
    with pytest.raises(UserError, match="not blocked"):
        blocking.unblock_task(team, tasks.add_task(team, "C", "MFA").id or 0)
    with pytest.raises(FieldError, match="needs a reason"):
        tasks.edit_task(team, card, tasks.TaskValues(blocked_reason=None))


def test_a_card_waits_only_for_blockers_not_yet_done(team: Store) -> None:
    from supportpm_tui.services import blocking

    a, b = (tasks.add_task(team, t, "MFA").id or 0 for t in "AB")
    c = tasks.add_task(team, "C", "MFA", blockers=[a, b]).id or 0
    tasks.move_task(team, a, "done")
    with team.read() as session:
        assert blocking.open_blockers(session) == {c: [b]}
    record = next(r for r in task_records(team) if r.id == c)
    assert (record.blockers, record.waits_for, record.blocked_from) == ([a, b], [b], None)


def test_milestone_baseline_stays_when_the_due_date_moves(team: Store, today: dt.date) -> None:
    m = milestones.add_milestone(team, "MFA", "Pilot", today + dt.timedelta(days=10))
    milestones.edit_milestone(team, "Pilot", milestones.MilestoneValues(due=today + dt.timedelta(days=20)))
    with team.read() as session:
        row = session.get(Milestone, m.id)
    assert row is not None
    assert row.baseline_date == today + dt.timedelta(days=10)
    assert row.due_date == today + dt.timedelta(days=20)


def test_predecessor_cycles_are_refused(team: Store, today: dt.date) -> None:
    milestones.add_milestone(team, "MFA", "One", today)
    milestones.add_milestone(team, "MFA", "Two", today, after=["One"])
    milestones.add_milestone(team, "MFA", "Three", today, after=["Two"])
    with pytest.raises(FieldError, match="cycle"):
        milestones.edit_milestone(team, "One", milestones.MilestoneValues(after=["Three"]))
    with pytest.raises(FieldError, match="after itself"):
        milestones.edit_milestone(team, "One", milestones.MilestoneValues(after=["One"]))


def test_an_edit_tells_a_value_not_given_from_none(team: Store, today: dt.date) -> None:
    card = tasks.add_task(team, "Card", "MFA", assignee="Ana Silva", due=today, estimate=4)
    tasks.edit_task(team, card.id or 0, tasks.TaskValues(title="Renamed"))
    record = task_records(team)[0]
    assert (record.title, record.assignee, record.due) == ("Renamed", "Ana Silva", today.isoformat())
    tasks.edit_task(team, card.id or 0, tasks.TaskValues(assignee=None, due=None))
    record = task_records(team)[0]
    assert (record.assignee, record.due, record.estimate) == (None, None, 4)
    with pytest.raises(FieldError, match="title: is required"):
        tasks.add_task_from(team, tasks.TaskValues(project="MFA"))


def test_a_milestone_detail_is_its_json_keys_in_order(team: Store, today: dt.date) -> None:
    milestones.add_milestone(team, "MFA", "Pilot", today + dt.timedelta(days=7))
    tasks.add_task(team, "Card", "MFA", milestone="Pilot", assignee="Ana Silva", estimate=4)
    milestones.edit_milestone(team, "Pilot", milestones.MilestoneValues(due=today + dt.timedelta(days=14)))
    data = milestone_detail(team, "Pilot").to_json()
    assert list(data) == [*(f.name for f in dataclasses.fields(MilestoneRecord)), "tasks", "due_history"]
    assert list(data)[:4] == ["id", "project", "workstream", "name"]
    assert data["drivers"] == [{"person": "Ana Silva", "remaining_hours": 4.0}]
    assert [t["title"] for t in data["tasks"]] == ["Card"]
    moved = [(h["actor"], h["from"], h["to"]) for h in data["due_history"]]
    assert moved == [
        ("tester", (today + dt.timedelta(days=7)).isoformat(), (today + dt.timedelta(days=14)).isoformat())
    ]


def test_a_task_due_date_comes_from_its_milestone(team: Store, today: dt.date) -> None:
    milestones.add_milestone(team, "MFA", "Pilot", today + dt.timedelta(days=7))
    tasks.add_task(team, "Card", "MFA", milestone="Pilot", assignee="Ana Silva", estimate=4)
    record = task_records(team)[0]
    assert record.due is None
    assert record.effective_due == (today + dt.timedelta(days=7)).isoformat()


def test_a_200_hour_task_due_next_friday_makes_its_milestone_slip(team: Store, today: dt.date) -> None:
    friday = today + dt.timedelta(days=(4 - today.weekday()) % 7 + 7)
    milestones.add_milestone(team, "MFA", "Go live", friday)
    tasks.add_task(team, "Everything", "MFA", milestone="Go live", assignee="Ana Silva", estimate=200)
    row = milestone_records(team)[0]
    assert row.status == "slipping"
    assert row.forecast > friday.isoformat()
    assert row.slip_days > 0


def test_capacity_breakdown_of_the_worked_example(team: Store, today: dt.date) -> None:
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=1)
    availability.add_commitment(team, "Ana Silva", monday, monday + dt.timedelta(days=1), kind="pto")
    availability.add_commitment(
        team,
        "Ana Silva",
        monday + dt.timedelta(days=2),
        monday + dt.timedelta(days=4),
        kind="on_call",
        hours_per_day=2,
    )
    availability.set_ticket_load(team, "Ana Silva", monday, hours=10)
    row = next(r for r in capacity_records(team, weeks=2, person="Ana Silva") if r["week"] == monday.isoformat())
    assert [row[k] for k in ("contracted", "leave", "duty", "queue", "available")] == [40, 16, 6, 10, 8]
    assert row["queue_source"] == "tickets"


def test_duty_needs_hours_per_day_and_dates_must_be_ordered(team: Store, today: dt.date) -> None:
    with pytest.raises(FieldError, match="needs hours per day"):
        availability.add_commitment(team, "Ana Silva", today, today, kind="on_call")
    with pytest.raises(FieldError, match="before the start"):
        availability.add_commitment(team, "Ana Silva", today, today - dt.timedelta(days=1))
    holiday = availability.add_commitment(team, "all", today, today)
    assert holiday.person_id is None and holiday.kind == "holiday"


def test_ticket_load_from_a_count_uses_the_average_handling_time(team: Store, today: dt.date) -> None:
    availability.set_ticket_load(team, "Ben Okafor", today, tickets=12)
    assert availability.list_ticket_load(team)[0].hours == 6
    availability.set_ticket_load(team, "Ben Okafor", today, hours=3)
    assert len(availability.list_ticket_load(team)) == 1


def test_csv_import_is_all_or_nothing(team: Store, tmp_path: Path) -> None:
    bad = tmp_path / "tickets.csv"
    bad.write_text("person,week,tickets,hours\nAna Silva,2026-W48,10,\nZed,2026-W48,3,\nBen Okafor,2026-W60,,4\n")
    with pytest.raises(UserError) as info:
        import_ticket_load(team, bad)
    message = str(info.value)
    assert "2 bad row(s)" in message and "line 3" in message and "line 4" in message
    assert availability.list_ticket_load(team) == []
    good = tmp_path / "good.csv"
    good.write_text("Person,Week,Hours\nAna Silva,2026-W48,10\nBen Okafor,2026-11-25,4.5\n")
    assert import_ticket_load(team, good).rows == 2
    assert {r.source for r in availability.list_ticket_load(team)} == {"good.csv"}


def test_risks_sort_by_score_then_review_and_convert_to_issues(team: Store, today: dt.date) -> None:
    low = risks.add_risk(team, "MFA", "Low", 1, 2)
    crit = risks.add_risk(team, "MFA", "Critical", 4, 4, review=today - dt.timedelta(days=1))
    rows = risks.list_risks(team)
    assert [r.id for r in rows] == [crit.id, low.id]
    assert rows[0].band == "critical" and rows[0].review_overdue
    issue = risks.risk_to_issue(team, crit.id or 0)
    assert issue.risk_id == crit.id
    assert risks.show_risk(team, crit.id or 0).status == "occurred"
    with pytest.raises(UserError, match="already become"):
        risks.risk_to_issue(team, crit.id or 0)
    with pytest.raises(FieldError):
        risks.add_risk(team, "MFA", "Bad", 6, 1)


def test_approving_a_change_shifts_due_dates_by_working_days(team: Store) -> None:
    # Due Friday 2026-12-18; +3 working days crosses a weekend and a holiday on Monday 21st.
    friday = dt.date(2026, 12, 18)
    availability.add_commitment(team, "all", dt.date(2026, 12, 21), dt.date(2026, 12, 21))
    milestones.add_milestone(team, "MFA", "Wave 1", friday)
    change = change_requests.add_change(team, "MFA", "More time", 3, milestones=["Wave 1"])
    preview = change_requests.approval_preview(team, change.id or 0)
    assert preview == [MilestoneMove(1, "Wave 1", "2026-12-18", "2026-12-24")]
    assert change_requests.approve_change(team, change.id or 0) == preview
    row = milestone_records(team)[0]
    assert row.due_date == "2026-12-24" and row.baseline_date == "2026-12-18"
    with pytest.raises(UserError, match="already approved"):
        change_requests.approve_change(team, change.id or 0)
    assert change_requests.list_changes(team)[0].decided_by == "tester"


def test_negative_change_moves_earlier_and_reject_records_the_reason(team: Store) -> None:
    milestones.add_milestone(team, "MFA", "Wave 1", dt.date(2026, 12, 21))  # a Monday
    early = change_requests.add_change(team, "MFA", "Faster", -1, milestones=["Wave 1"])
    assert change_requests.approval_preview(team, early.id or 0)[0].new_due == "2026-12-18"
    other = change_requests.add_change(team, "MFA", "No", 5, milestones=["Wave 1"])
    change_requests.decide_change(team, other.id or 0, "rejected", "no budget")
    assert change_requests.show_change(team, other.id or 0).decision_note == "no budget"


def test_undo_reverts_the_last_change_of_the_actor(team: Store) -> None:
    task = tasks.add_task(team, "Card", "MFA", estimate=3)
    tasks.move_task(team, task.id or 0, "in_progress")
    assert "card #1 moved" in undo_last(team).summary
    assert task_records(team)[0].column == "backlog"
    undo_last(team)  # the add
    assert task_records(team) == []
    undo_last(team)  # the project
    undo_last(team)
    undo_last(team)
    with pytest.raises(UserError, match="nothing to undo"):
        undo_last(team)


def test_undo_restores_a_deleted_item_with_its_links(team: Store, today: dt.date) -> None:
    milestones.add_milestone(team, "MFA", "One", today)
    two = milestones.add_milestone(team, "MFA", "Two", today, after=["One"])
    milestones.add_milestone(team, "MFA", "Three", today, after=["Two"])
    with pytest.raises(UserError, match="after it"):
        milestones.delete_milestone(team, "Two")
    milestones.edit_milestone(team, "Three", milestones.MilestoneValues(after=[]))
    milestones.delete_milestone(team, "Two")
    undo_last(team)
    rows = {r.name: r for r in milestone_records(team)}
    assert rows["Two"].id == two.id and rows["Two"].predecessors == ["One"]


def test_undo_refuses_when_the_item_changed_since(team: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    task = tasks.add_task(team, "Card", "MFA")
    tasks.edit_task(team, task.id or 0, tasks.TaskValues(title="Mine"))
    monkeypatch.setenv("SUPPORTPM_ACTOR", "someone-else")
    tasks.edit_task(team, task.id or 0, tasks.TaskValues(title="Theirs"))
    monkeypatch.setenv("SUPPORTPM_ACTOR", "tester")
    with pytest.raises(UserError, match="changed since"):
        undo_last(team)
    assert task_records(team)[0].title == "Theirs"


def test_approve_is_one_change_for_undo(team: Store, today: dt.date) -> None:
    milestones.add_milestone(team, "MFA", "Wave 1", today + dt.timedelta(days=14))
    change = change_requests.add_change(team, "MFA", "More", 2, milestones=["Wave 1"])
    change_requests.approve_change(team, change.id or 0)
    undo_last(team)
    assert milestone_records(team)[0].due_date == (today + dt.timedelta(days=14)).isoformat()
    assert change_requests.show_change(team, change.id or 0).status == "proposed"


def test_a_failed_write_changes_nothing(team: Store) -> None:
    before = len(events(team))
    with pytest.raises(FieldError):
        tasks.add_task(team, "Card", "MFA", estimate=-1)
    with pytest.raises(UserError), team.write():
        tasks.add_task(team, "Inside", "MFA")
        raise UserError("stop")
    assert len(events(team)) == before
    with team.read() as session:
        assert session.exec(select(Task)).all() == []


def test_deleting_things_that_are_used_is_refused(team: Store) -> None:
    tasks.add_task(team, "Card", "MFA", assignee="Ana Silva")
    with pytest.raises(UserError, match="task"):
        people.delete_person(team, "Ana Silva")
    with pytest.raises(UserError, match="still holds"):
        projects.delete_project(team, "MFA")
    people.delete_person(team, "Ben Okafor")
    assert [p.name for p in people.list_people(team)] == ["Ana Silva"]


def test_settings_are_validated(team: Store) -> None:
    people.edit_settings(team, overload_threshold=120, strain_threshold=90, column_wip={"in_progress": 4})
    data = people.show_settings(team)
    assert data.overload_threshold == 120 and data.column_wip["in_progress"] == 4
    with pytest.raises(FieldError):
        people.edit_settings(team, strain_threshold=130)
    with pytest.raises(FieldError):
        people.edit_settings(team, working_days="mon,funday")


def test_the_activity_log_lists_newest_first(team: Store) -> None:
    rows = list_events(team, limit=10)
    # The project came last, with its standard rollout checklist: six items after it.
    assert [r["entity"] for r in rows[:7]] == ["checklist_item"] * 6 + ["project"]
    assert rows[6]["action"] == "create" and rows[0]["id"] > rows[6]["id"]


def test_overview_dates_say_the_year_when_it_is_not_this_one() -> None:
    """A forecast 'due 21 Nov · forecast 04 Jan' must not hide that the forecast is a year later."""
    from supportpm_tui.readmodel.overview import short_date

    today = dt.date(2026, 11, 22)
    assert short_date(dt.date(2026, 12, 4), today) == "04 Dec 2026"[:6]
    assert short_date(dt.date(2028, 1, 4), today) == "04 Jan 2028"
    assert short_date(dt.date(2025, 12, 30), today) == "30 Dec 2025"
