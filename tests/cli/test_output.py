"""Printing records: a service's dict and its dataclass print alike, as a record, a table or JSON.

A service record prints as its own JSON data, which may rename or leave out fields.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from supportpm_tui.cli.common import find_record, print_item, print_json, print_record, print_rows, print_table
from supportpm_tui.core.errors import UserError
from supportpm_tui.services.typed import JsonRecord


@dataclasses.dataclass
class Task:
    id: int
    title: str
    tags: list[str]


@dataclasses.dataclass
class Milestone:
    id: int
    name: str
    due_date: dt.date
    slip_days: float | None
    tasks: list[Task]
    history: dict[str, int]


@dataclasses.dataclass(frozen=True)
class Move(JsonRecord):
    milestone: str
    old_due: str
    new_due: str

    def to_json(self) -> dict[str, object]:
        return {"milestone": self.milestone, "from": self.old_due, "to": self.new_due}


@dataclasses.dataclass(frozen=True)
class Change(JsonRecord):
    id: int
    title: str
    if_approved: list[Move] | None = None

    def to_json(self) -> dict[str, object]:
        data = {"id": self.id, "title": self.title}
        if self.if_approved is not None:
            data["if_approved"] = [move.to_json() for move in self.if_approved]
        return data


MOVE = Move("Go live", "2026-12-30", "2027-01-06")
MILESTONE = Milestone(
    3, "Go live", dt.date(2026, 12, 30), 2.5, [Task(7, "Enrol IT", ["pilot"]), Task(8, "Train", [])], {"moves": 1}
)
COLUMNS = [("id", "ID"), ("name", "MILESTONE"), ("due_date", "DUE"), ("slip_days", "SLIP")]


def printed(capsys: pytest.CaptureFixture[str], show: object, *args: object) -> str:
    capsys.readouterr()
    show(*args)  # type: ignore[operator]
    return capsys.readouterr().out


def test_a_dataclass_prints_as_its_dict_does(capsys: pytest.CaptureFixture[str]) -> None:
    as_dict = dataclasses.asdict(MILESTONE)
    for show, args in (
        (print_record, ()),
        (print_json, ()),
        (print_item, (True,)),
        (print_item, (False,)),
    ):
        assert printed(capsys, show, MILESTONE, *args) == printed(capsys, show, as_dict, *args)
    assert printed(capsys, print_table, [MILESTONE], COLUMNS, "none") == printed(
        capsys, print_table, [as_dict], COLUMNS, "none"
    )
    assert printed(capsys, print_rows, [MILESTONE], True, COLUMNS, "none") == printed(capsys, print_json, [as_dict])


def test_a_record_with_a_list_of_records(capsys: pytest.CaptureFixture[str]) -> None:
    assert printed(capsys, print_record, MILESTONE).splitlines() == [
        "id       : 3",
        "name     : Go live",
        "due date : 2026-12-30",
        "slip days: 2.5",
        "tasks    :",
        "  - id=7, title=Enrol IT, tags=pilot",
        "  - id=8, title=Train, tags=-",
        "history  : moves=1",
    ]


def test_rows_get_the_tables_own_columns_and_are_left_as_they_were(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"id": 1, "name": "Pilot", "reasons": ["late", "owner away"]}]
    out = printed(
        capsys,
        print_rows,
        rows,
        False,
        [("id", "ID"), ("why", "WHY")],
        "none",
        {"why": lambda r: "; ".join(r["reasons"])},
    )
    assert out.splitlines() == ["ID  WHY", "1   late; owner away"]
    assert rows == [{"id": 1, "name": "Pilot", "reasons": ["late", "owner away"]}]
    assert printed(capsys, print_rows, [], False, [("id", "ID")], "Nothing yet.") == "Nothing yet.\n"


def test_find_record_takes_the_first_match_or_says_what_is_missing() -> None:
    rows = [MILESTONE, {"id": 4, "name": "Done"}]
    assert find_record(rows, lambda r: r["id"] == 4, UserError("no"))["name"] == "Done"
    assert find_record(rows, lambda r: r["id"] == 3, UserError("no"))["tasks"][0]["title"] == "Enrol IT"
    with pytest.raises(UserError, match="no milestone 9"):
        find_record(rows, lambda r: r["id"] == 9, UserError("no milestone 9"))


def test_a_service_record_prints_as_its_json_data_not_its_fields(capsys: pytest.CaptureFixture[str]) -> None:
    change = Change(2, "More time", [MOVE])
    data = change.to_json()
    assert data != dataclasses.asdict(change)
    for show, args in ((print_record, ()), (print_json, ()), (print_item, (True,)), (print_item, (False,))):
        assert printed(capsys, show, change, *args) == printed(capsys, show, data, *args)
    columns = [("id", "ID"), ("title", "TITLE"), ("if_approved", "MOVES")]
    for as_json in (True, False):
        assert printed(capsys, print_rows, [change], as_json, columns, "none") == printed(
            capsys, print_rows, [data], as_json, columns, "none"
        )
    assert printed(capsys, print_json, [MOVE]) == printed(capsys, print_json, [MOVE.to_json()])
    assert '"from": "2026-12-30"' in printed(capsys, print_json, [MOVE])
    assert printed(capsys, print_record, Change(1, "Decided")).splitlines() == ["id   : 1", "title: Decided"]


def test_a_service_record_nested_in_a_plain_one_prints_as_its_json_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert printed(capsys, print_record, {"moves": [MOVE], "first": MOVE}).splitlines() == [
        "moves:",
        "  - milestone=Go live, from=2026-12-30, to=2027-01-06",
        "first: milestone=Go live, from=2026-12-30, to=2027-01-06",
    ]
    assert find_record([Change(1, "Decided")], lambda r: r["id"] == 1, UserError("no")) == {"id": 1, "title": "Decided"}
