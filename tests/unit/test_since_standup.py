"""Since last standup in plain sentences: every kind of change, grouped, and never an id or a field's name."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportpm_tui.core import clock
from supportpm_tui.readmodel.since_standup import FIELD_WORDS, Items, LoggedChange, sentences

TUE = dt.date(2026, 11, 17)
AT = dt.datetime(2026, 11, 17, 9, 30, tzinfo=dt.UTC)
PEOPLE = {1: "Tom Becker", 2: "Aisha Khan", 3: "Priya Shah", 4: "Tom Hardy"}
PROJECTS = {10: "LAP", 11: "MFA"}


def _items() -> Items:
    rows: dict[tuple[str, int], dict[str, Any]] = {
        ("task", 36): {"title": "Image pilot laptops", "project_id": 10, "blocked_reason": ""},
        ("task", 7): {"title": "Order tokens", "project_id": 11, "blocked_reason": "Supplier has no stock"},
        ("milestone", 5): {"name": "Wave 1", "project_id": 11},
        ("change_request", 2): {"title": "Extend wave 1", "project_id": 11, "decided_by": "priya"},
        ("change_request", 3): {"title": "Drop the kiosks", "project_id": 10, "decided_by": "Priya Shah"},
        ("risk", 4): {"title": "Supplier is late", "project_id": 10},
        ("checklist_item", 8): {"title": "Rollback validated", "project_id": 11},
        ("ticket_load", 36): {"person_id": 2, "week": "2026-11-30", "hours": 12.0, "tickets": None},
        ("time_entry", 9): {"person_id": 1, "task_id": 36, "hours": 2.5, "day": "2026-11-17"},
        ("commitment", 3): {"person_id": 2, "kind": "pto", "start": "2026-11-23", "end": "2026-11-27"},
        ("metric", 1): {"name": "Staff enrolled", "unit": "%", "project_id": 11},
        ("metric_reading", 6): {"metric_id": 1, "value": 35.0, "day": "2026-11-11"},
        ("project", 10): {"name": "Laptop refresh"},
    }
    return Items(rows, dict(PEOPLE), dict(PROJECTS))


def _one(entity: str, ident: int, action: str, changes: dict[str, tuple[Any, Any]], **kw: Any) -> str:
    event = LoggedChange(kw.pop("time", AT), kw.pop("actor", "tom"), entity, ident, action, changes, **kw)
    found = sentences([event], _items(), TUE)
    assert found.total == 1
    return found.sentences[0].text


@pytest.fixture(autouse=True)
def _today() -> Any:
    clock.freeze(dt.date(2026, 11, 18))
    yield
    clock.freeze(None)


@pytest.mark.parametrize(
    ("entity", "ident", "action", "changes", "said"),
    [
        ("task", 36, "create", {"title": (None, "Image pilot laptops"), "column": (None, "ready"),
                                "assignee_id": (None, 2)}, "Tom B. added"),
        ("task", 36, "move", {"column": ("in_progress", "testing"), "position": (1, 0)},
         "Tom Becker moved *Image pilot laptops* to Testing"),
        ("task", 36, "move", {"column": ("testing", "done"), "done_at": (None, "2026-11-17T10:00:00")},
         "Tom Becker finished *Image pilot laptops*"),
        ("task", 7, "move", {"column": ("in_progress", "blocked")},
         "Tom Becker blocked *Order tokens*: Supplier has no stock"),
        ("task", 36, "update", {"remaining": (33.0, 30.0), "updated_at": ("a", "b")},
         "Tom Becker updated the work left on *Image pilot laptops*: 33 h → 30 h"),
        ("task", 36, "update", {"due": ("2026-11-27", "2026-12-04")},
         "Tom Becker moved the due date of *Image pilot laptops*: 27 Nov → 4 Dec"),
        ("task", 36, "update", {"assignee_id": (1, 2)}, "Tom Becker gave *Image pilot laptops* to Aisha"),
        ("task", 36, "update", {"estimate": (4, 6), "priority": ("normal", "high"), "blocked_reason": ("", "x")},
         "Tom Becker changed the estimate, priority and reason blocked of *Image pilot laptops*"),
        ("task", 99, "delete", {"title": ("Old card", None)}, "Tom Becker deleted *Old card*"),
        ("ticket_load", 36, "create", {"person_id": (None, 2), "week": (None, "2026-11-30"), "hours": (None, 12.0)},
         "Aisha logged 12 ticket hours for week 49"),
        ("ticket_load", 36, "update", {"hours": (10.0, 12.0)}, "Aisha logged 12 ticket hours for week 49"),
        ("commitment", 3, "create", {"kind": (None, "pto")}, "Aisha is away: leave, 23 Nov to 27 Nov"),
        ("commitment", 40, "create", {"person_id": (None, None), "kind": (None, "holiday"),
                                      "start": (None, "2026-12-07"), "end": (None, "2026-12-07")},
         "Tom Becker added a holiday for everyone: 7 Dec"),
        ("milestone", 5, "update", {"due_date": ("2026-11-27", "2026-12-04")},
         "Tom Becker moved *Wave 1*: due 27 Nov → 4 Dec"),
        ("milestone", 5, "update", {"done_date": (None, "2026-11-17")}, "Tom Becker marked *Wave 1* done"),
        ("change_request", 3, "update", {"status": ("proposed", "rejected"), "decided_by": ("", "Priya Shah")},
         "Change *Drop the kiosks* rejected by Priya"),
        ("risk", 4, "create", {"title": (None, "Supplier is late")}, "Tom Becker added risk *Supplier is late*"),
        ("risk", 4, "update", {"status": ("open", "occurred")},
         "Tom Becker marked risk *Supplier is late* as occurred"),
        ("checklist_item", 8, "update", {"done_date": (None, "2026-11-17")},
         "Tom Becker ticked off *Rollback validated*"),
        ("time_entry", 9, "create", {"hours": (None, 2.5), "task_id": (None, 36), "person_id": (None, 1)},
         "Tom Becker logged 2.5 h on *Image pilot laptops*"),
        ("metric_reading", 6, "create", {"value": (None, 35.0)},
         "Tom Becker recorded *Staff enrolled* at 35 % for 11 Nov"),
        ("project", 10, "update", {"status": ("active", "on_hold")},
         "Tom Becker moved project *Laptop refresh* to on hold"),
        ("person", 3, "update", {"wip_limit": (3, 4)}, "Tom Becker changed Priya's WIP limit"),
        ("settings_like", 1, "update", {"weird_field": (1, 2)}, "Tom Becker changed the other details of a"),
    ],
)  # fmt: skip
def test_each_kind_of_change_in_a_sentence(
    entity: str, ident: int, action: str, changes: dict[str, tuple[Any, Any]], said: str
) -> None:
    text = _one(entity, ident, action, changes, actor="Tom Becker")
    assert text.startswith(said.replace("Tom B. added", "Tom Becker added")), text
    assert not re.search(r"#\d", text) and "_" not in text


def test_a_created_card_says_its_column_and_for_whom() -> None:
    text = _one("task", 36, "create", {"column": (None, "ready"), "assignee_id": (None, 2)})
    assert text == "tom added *Image pilot laptops* to Ready for Aisha"


def test_two_people_who_share_a_first_name_keep_their_full_names() -> None:
    assert _one("time_entry", 9, "create", {}) == "Tom Becker logged 2.5 h on *Image pilot laptops*"
    assert _one("ticket_load", 36, "update", {"person_id": (2, 4)}).startswith("Tom Hardy logged")


def test_an_approved_change_tells_the_milestones_it_moved() -> None:
    approval = LoggedChange(AT, "priya", "change_request", 2, "update",
                            {"status": ("proposed", "approved"), "decided_by": ("", "priya")}, "b1")  # fmt: skip
    moved = LoggedChange(AT, "priya", "milestone", 5, "update", {"due_date": ("2026-11-27", "2026-12-04")}, "b1")
    found = sentences([approval, moved], _items(), TUE)
    assert [s.text for s in found.sentences] == ["Change *Extend wave 1* approved by Priya: Wave 1 due 27 Nov → 4 Dec"]
    assert found.sentences[0].project == "MFA" and found.sentences[0].kind == "change"


def test_undo_steps_say_so_and_reorders_are_no_news() -> None:
    undo = _one("task", 36, "move", {"column": ("testing", "in_progress")}, step="undo")
    assert undo == "tom moved *Image pilot laptops* to In progress (an undo)"
    redo = _one("milestone", 5, "update", {"done_date": (None, "2026-11-17")}, step="redo")
    assert redo.endswith("(a redo)")
    reorder = LoggedChange(AT, "tom", "task", 36, "move", {"position": (3, 1)})
    assert sentences([reorder], _items(), TUE).total == 0


def test_one_sentence_per_item_its_latest_news_and_grouped_by_project_then_person() -> None:
    later = AT + dt.timedelta(hours=1)
    events = [  # newest first, as the log reads
        LoggedChange(later, "tom", "task", 36, "move", {"column": ("in_progress", "testing")}),
        LoggedChange(later, "tom", "task", 36, "move", {"position": (1, 0)}),
        LoggedChange(AT, "tom", "task", 36, "move", {"column": ("ready", "in_progress")}),
        LoggedChange(AT, "aisha", "task", 7, "move", {"column": ("ready", "in_progress")}),
        LoggedChange(AT, "tom", "ticket_load", 36, "update", {"hours": (1.0, 12.0)}),
        LoggedChange(AT, "priya", "risk", 4, "create", {}),
    ]
    found = sentences(events, _items(), TUE)
    assert found.total == 4
    assert [(s.project, s.person) for s in found.sentences] == [
        ("LAP", "Priya"), ("LAP", "tom"), ("MFA", "Aisha"), ("", "Aisha")
    ]  # fmt: skip
    assert found.sentences[1].text == "tom moved *Image pilot laptops* to Testing"


RAW_FIELDS = [*sorted(k for k in FIELD_WORDS if "_" in k), "decided_by", "decision_note", "zz_unknown_field"]
ENTITIES = ["task", "milestone", "change_request", "risk", "issue", "checklist_item", "ticket_load", "time_entry",
            "commitment", "metric_reading", "project", "person", "workstream", "metric", "some_new_thing"]  # fmt: skip
VALUES = st.one_of(st.none(), st.integers(-5, 99), st.floats(0, 99), st.sampled_from(
    ["2026-11-30", "done", "blocked", "approved", "in_progress", "pto", "not a date", ""]))  # fmt: skip


@given(
    st.sampled_from(ENTITIES),
    st.integers(1, 10**6),
    st.sampled_from(["create", "update", "move", "delete"]),
    st.dictionaries(
        st.sampled_from([*RAW_FIELDS, "column", "status", "title", "person_id", "task_id"]),
        st.tuples(VALUES, VALUES),
        max_size=6,
    ),
    st.sampled_from([None, "undo", "redo"]),
)
def test_no_sentence_shows_an_id_an_underscore_or_a_field_name(
    entity: str, ident: int, action: str, changes: dict[str, tuple[Any, Any]], step: str | None
) -> None:
    event = LoggedChange(AT, "tom", entity, ident, action, changes, "b", step)
    for said in sentences([event], _items(), TUE).sentences:
        ours = re.sub(r"\*[^*]*\*", "*…*", said.text)  # what the user typed (a title, quoted) may hold anything
        assert not re.search(r"#\d", ours), said.text
        assert "_" not in ours, said.text
        assert str(ident) not in ours.replace("12", "") or ident < 100, said.text
        assert not any(raw in ours for raw in RAW_FIELDS), said.text
        assert "decided, decided by" not in said.text and "decided by, decision note" not in said.text
        assert not re.search(r"changed [a-z ]+, [a-z ]+, [a-z ]+, [a-z ]+$", said.text)


def test_log_entries_read_again_are_taken_as_read_unless_their_row_changed() -> None:
    from supportpm_tui.readmodel import since_standup

    row = (7, "2026-11-30 09:00:00.000000", "lead", "task", 3, "update", '{"column": ["ready", "testing"]}', "", None)
    first = since_standup._read_events([row])
    again = since_standup._read_events([row])
    assert again[0] is first[0]  # parsed once
    assert first[0].changes == {"column": ("ready", "testing")}
    other = (*row[:6], '{"column": ["ready", "done"]}', *row[7:])  # the same id, other content (a restored file)
    read = since_standup._read_events([other])
    assert read[0] is not first[0] and read[0].changes == {"column": ("ready", "done")}
    assert len(since_standup._READ) == 1  # only the last read is kept
