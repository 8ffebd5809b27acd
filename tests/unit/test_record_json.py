"""A service record's JSON data is its fields in order, as ``dataclasses.asdict`` gives them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any, NamedTuple

from supportpm_tui.services.typed import JsonRecord


class Band(enum.StrEnum):
    high = "high"


class Span(NamedTuple):
    first: int
    last: int


@dataclasses.dataclass(frozen=True)
class Hours(JsonRecord):
    person: str | None
    hours: float


@dataclasses.dataclass(frozen=True)
class Card(JsonRecord):
    id: int
    title: str
    done: bool
    remaining: float
    owner: str | None
    band: Band
    tags: list[str]
    drivers: list[Hours]
    lead: Hours
    extra: dict[str, Any]
    span: Span
    pair: tuple[int, ...]
    due: dt.date


@dataclasses.dataclass(frozen=True)
class Renamed(JsonRecord):
    old_due: str

    def to_json(self) -> dict[str, Any]:
        return {"from": self.old_due}


@dataclasses.dataclass(frozen=True)
class Moves(JsonRecord):
    moves: list[Renamed]
    last: Renamed


@dataclasses.dataclass(frozen=True)
class One(JsonRecord):
    only: list[int]


@dataclasses.dataclass(frozen=True)
class Nothing(JsonRecord):
    pass


CARD = Card(
    7,
    "Enrol IT",
    False,
    2.5,
    None,
    Band.high,
    ["pilot"],
    [Hours("Ana", 1.5), Hours(None, 0.0)],
    Hours("Ben", 3.0),
    {"moves": [1, 2], "by": Hours("Cy", 1.0)},
    Span(1, 2),
    (3, 4),
    dt.date(2026, 12, 30),
)


def test_the_fields_in_order_as_asdict_gives_them() -> None:
    data = CARD.to_json()
    assert data == dataclasses.asdict(CARD)
    assert list(data) == [f.name for f in dataclasses.fields(Card)]
    assert type(data["span"]) is Span
    assert One([1]).to_json() == {"only": [1]}
    assert Nothing().to_json() == {}


def test_a_record_within_a_record_gives_its_fields_even_when_its_own_json_renames_them() -> None:
    moves = Moves([Renamed("2026-12-30")], Renamed("2027-01-06"))
    assert (
        moves.to_json()
        == dataclasses.asdict(moves)
        == {"moves": [{"old_due": "2026-12-30"}], "last": {"old_due": "2027-01-06"}}
    )


def test_what_can_change_is_copied() -> None:
    data = CARD.to_json()
    data["tags"].append("changed")
    data["extra"]["moves"].append(3)
    data["drivers"][0]["hours"] = 9.0
    assert CARD.tags == ["pilot"]
    assert CARD.extra["moves"] == [1, 2]
    assert CARD.drivers[0].hours == 1.5
