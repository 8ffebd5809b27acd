"""One truth for the plan: Capacity's grid and breakdown and the Overview draw what ``capacity --json`` says.

For the demo written on several days (the current week whole, partly gone, or
the next one after a weekend), every figure and state drawn on the screens is
read off the screen and compared with ``supportpm capacity --json --weeks 8``
run on the same database and day.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from supportpm_tui.core import clock
from supportpm_tui.storage.database import open_store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.screens.capacity import CapacityScreen
from supportpm_tui.ui.widgets.capacity_grid import NAME_WIDTH, STATE_GLYPH, CapacityGrid
from supportpm_tui.ui.widgets.entry_list import EntryList
from tests.cli.conftest import Runner
from tests.cli.conftest import cli as cli  # the in-process command line
from tests.ui.conftest import SIZE, settle
from tests.ui.test_capacity import breakdown, line, open_capacity

Row = dict[str, Any]

# The default thresholds (R3): overloaded from 100 %, strained from 85 %.
OVERLOAD, STRAIN = 100, 85

# (the day, the Monday of "this week", the days of this week still counted, the weeks whose breakdowns
# are walked: all eight on the Thursday, this week and next on the other days, to keep the file quick)
DAYS = [
    pytest.param(dt.date(2026, 11, 16), dt.date(2026, 11, 16), 5, 2, id="monday-whole-week"),
    pytest.param(dt.date(2026, 11, 19), dt.date(2026, 11, 16), 2, 8, id="thursday-two-days-left"),
    pytest.param(dt.date(2026, 11, 21), dt.date(2026, 11, 23), 5, 2, id="saturday-next-week"),
    pytest.param(dt.date(2026, 12, 30), dt.date(2026, 12, 28), 3, 2, id="wednesday-week-53"),
]

FIGURE = re.compile(
    r"^(?P<sign>[ −=]) (?P<label>Contracted|Leave|Duty|Queue|Available|Demand|Utilisation|Forecast)"
    r"\s+(?P<value>∞|[\d.]+)(?: (?P<unit>h|%))?(?:\s+(?P<glyph>\S) (?P<state>\w+))?$"
)


# --- what the JSON says, as the screens should show it ------------------------------------


def tenth(value: float | Decimal) -> Decimal:
    """Return hours rounded half up to the tenth."""
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def shown_hours(value: float | Decimal) -> str:
    """Return hours to the tenth without a trailing zero: ``24``, ``5.8``."""
    return f"{tenth(value):.1f}".rstrip("0").rstrip(".")


def percent_of(demand: Decimal, available: Decimal) -> int | None:
    """Return demand ÷ available as a whole percentage rounded half up; ``None`` is ∞ (no time, some work)."""
    if available <= 0:
        return None if demand > 0 else 0
    return int((demand / available * 100).quantize(Decimal(1), ROUND_HALF_UP))


def state_of(percent: int | None) -> str:
    """Return R3's state of a shown whole percentage (∞ is overloaded)."""
    if percent is None or percent >= OVERLOAD:
        return "overloaded"
    return "strained" if percent >= STRAIN else "ok"


def expected_cell(row: Row) -> str:
    """Return a grid cell as the JSON row says it should be drawn: ``92% ◐``, ``∞ ⚠`` or ``—``."""
    if row["utilisation_pct"] is None:
        return f"∞ {STATE_GLYPH['overloaded']}"
    if row["available"] <= 0 and row["demand"] <= 0:
        return "—"
    return f"{row['utilisation_pct']}% {STATE_GLYPH[row['state']]}"


def shown_percent(percent: int | None) -> str:
    return "∞" if percent is None else f"{percent}%"


# --- what the screens draw ----------------------------------------------------------------


def grid_rows(grid: CapacityGrid) -> dict[str, tuple[bool, list[str]]]:
    """Return each drawn person row: name → (drawn over WIP, the eight cells as drawn)."""
    drawn: dict[str, tuple[bool, list[str]]] = {}
    for y in range(1, 1 + len(grid.people)):
        text = line(grid, y)
        name = text[3:NAME_WIDTH].strip()
        drawn[name] = (text[1] == "▲", re.split(r"\s{2,}", text[NAME_WIDTH:].strip()))
    return drawn


def grid_totals(grid: CapacityGrid) -> tuple[str, list[str], list[str], list[str]]:
    """Return the team lines as drawn: the available line's label, then available, demand and utilisation cells."""
    height = grid.size.height
    lines = [line(grid, height - 3 + i) for i in range(3)]
    cells = [re.split(r"\s{2,}", text[NAME_WIDTH:].strip()) for text in lines]
    return lines[0][:NAME_WIDTH].strip(), cells[0], cells[1], cells[2]


async def drawn_lines(pilot: Pilot[None], widget: EntryList) -> list[str]:
    """Return every line of an Overview section as drawn, scrolling through it when it is taller than its box."""
    total = widget.virtual_size.height
    height = max(1, widget.scrollable_content_region.height)
    lines: list[str] = []
    while len(lines) < total:
        widget.scroll_to(y=len(lines), animate=False, immediate=True)
        await pilot.pause()
        top = int(widget.scroll_offset.y)
        for y in range(height):
            if top + y == len(lines) and len(lines) < total:
                lines.append("".join(s.text for s in widget.render_line(y)).rstrip())
    widget.scroll_to(y=0, animate=False, immediate=True)
    return lines


def entries_of(lines: list[str]) -> list[tuple[str, str, str]]:
    """Return a section's drawn entries as (glyph, label, detail); wrapped lines are joined to their entry."""
    entries: list[list[str]] = []
    for text in lines:
        if not text:
            continue
        if not text.startswith(" "):
            glyph, label = text.split(" ", 1)
            entries.append([glyph, label, ""])
        else:
            entries[-1][2] = f"{entries[-1][2]} {text.strip()}".strip()
    return [(glyph, label, detail) for glyph, label, detail in entries]


# --- the checks ---------------------------------------------------------------------------


def check_grid(grid: CapacityGrid, rows: list[Row], weeks: list[str]) -> None:
    """Every drawn cell, person by person and week by week, is the JSON's whole % and state glyph."""
    header = line(grid, 0)
    labels = re.findall(r"W\d\d \d\d \w{3}", header)
    assert labels == [
        f"W{dt.date.fromisoformat(w).isocalendar()[1]:02d} {dt.date.fromisoformat(w):%d %b}" for w in weeks
    ], header
    drawn = grid_rows(grid)
    people = sorted({r["person"] for r in rows}, key=str.lower)
    assert list(drawn) == people
    for person in people:
        theirs = [r for r in rows if r["person"] == person]
        assert [r["week"] for r in theirs] == weeks
        over_wip, cells = drawn[person]
        assert cells == [expected_cell(r) for r in theirs], person
        assert over_wip == theirs[0]["over_wip"], person


def check_totals(grid: CapacityGrid, rows: list[Row], weeks: list[str]) -> None:
    """The team lines are the JSON's available and demand summed (to the tenth) and their whole %."""
    label, available, demand, used = grid_totals(grid)
    assert label == f"Team available h ({len({r['person'] for r in rows})})"
    for i, week in enumerate(weeks):
        that_week = [r for r in rows if r["week"] == week]
        hours = tenth(sum(Decimal(str(r["available"])) for r in that_week))
        asked = tenth(sum(Decimal(str(r["demand"])) for r in that_week))
        assert available[i] == shown_hours(hours), week
        assert demand[i] == shown_hours(asked), week
        percent = percent_of(asked, hours)
        expected = "∞" if percent is None else f"{percent}% {STATE_GLYPH[state_of(percent)]}"
        assert used[i] == expected, week


def check_json_states(rows: list[Row]) -> None:
    """The JSON's own figures agree: its whole % is its exact utilisation rounded half up, its state that %'s."""
    for row in rows:
        demand, available = Decimal(str(row["demand"])), Decimal(str(row["available"]))
        assert row["utilisation_pct"] == percent_of(demand, available), row
        assert row["state"] == state_of(row["utilisation_pct"]), row
        if row["utilisation"] is None:
            assert row["utilisation_pct"] is None, row
        else:
            assert row["utilisation"] == pytest.approx(float(demand / available * 100) if available else 0.0)


def figures(text: str) -> dict[str, re.Match[str]]:
    """Return the breakdown's figure lines by label."""
    found = {}
    for text_line in text.splitlines():
        match = FIGURE.match(text_line)
        if match:
            found[match["label"]] = match
    return found


def note_under(text: str, label: str) -> str:
    """Return the italic note drawn under a figure line ("" when there is none)."""
    lines = text.splitlines()
    at = next(i for i, text_line in enumerate(lines) if (m := FIGURE.match(text_line)) and m["label"] == label)
    note: list[str] = []  # a long note wraps over several indented lines
    for following in lines[at + 1 :]:
        if not following.startswith("      "):
            break
        note.append(following.strip())
    return " ".join(note)


def check_breakdown(text: str, row: Row) -> None:
    """Every figure and note of the breakdown is the JSON row's, and the sum adds up as drawn."""
    week = dt.date.fromisoformat(row["week"])
    title = f"Week {week.isocalendar()[1]} · {week:%d %b} – {week + dt.timedelta(days=6):%d %b %Y}"
    # The name, with the person's skills after it when they have some, then the week.
    assert re.search(rf"\n{re.escape(row['person'])}( · [^\n]*)?\n{re.escape(title)}\n", text), (
        row["person"],
        row["week"],
        text,
    )
    shown = figures(text)
    where = (row["person"], row["week"])
    assert list(shown) == ["Contracted", "Leave", "Duty", "Queue", "Available", "Demand", "Utilisation", "Forecast"]
    assert [shown[k]["sign"] for k in ("Leave", "Duty", "Queue", "Available")] == ["−", "−", "−", "="]
    for label, key in (
        ("Contracted", "contracted"),
        ("Leave", "leave"),
        ("Duty", "duty"),
        ("Queue", "queue"),
        ("Available", "available"),
        ("Demand", "demand"),
        ("Forecast", "scheduled"),
    ):
        assert shown[label]["unit"] == "h", (where, label)
        assert Decimal(shown[label]["value"]) == Decimal(str(row[key])), (where, label, row[key])
    # The sum adds up as drawn: contracted − leave − duty − queue = available, to the tenth.
    c, le, du, q, av = (Decimal(shown[k]["value"]) for k in ("Contracted", "Leave", "Duty", "Queue", "Available"))
    assert tenth(c - le - du - q) == tenth(av), (where, c, le, du, q, av)
    used = shown["Utilisation"]
    percent = row["utilisation_pct"]
    assert (used["value"], used["unit"]) == (("∞", None) if percent is None else (str(percent), "%")), where
    assert (used["glyph"], used["state"]) == (STATE_GLYPH[row["state"]], row["state"]), where
    assert note_under(text, "Utilisation") == f"{shown_hours(row['demand'])} ÷ {shown_hours(row['available'])} h"
    partial = row["days_counted"] < row["weekdays"]
    left = f"{row['days_counted']} of {row['weekdays']} days left"
    assert note_under(text, "Contracted") == (left if partial else ""), where
    queue = note_under(text, "Queue")
    if row["queue_source"] == "tickets":
        assert queue.startswith(f"{shown_hours(row['tickets_logged'])} ticket hours logged"), (where, queue)
        assert queue.endswith(f"(reserve {shown_hours(row['reserve'])} h)"), (where, queue)
        assert (left in queue) == partial, (where, queue)
    else:
        assert queue.startswith(f"{row['reserve_pct']:g} % support reserve"), (where, queue)
        if row["tickets_logged"] > 0 and partial:
            assert f"{shown_hours(row['tickets_counted'])} h for the {left}" in queue, (where, queue)


async def check_every_breakdown(pilot: Pilot[None], screen: CapacityScreen, rows: list[Row], weeks: int) -> int:
    """Check the breakdown of each of the first ``weeks`` columns, walking right along a person, left along the next."""
    grid = screen.grid
    await pilot.press("home")
    while grid.column > 0:
        await pilot.press("h")
    checked = 0
    for index, person in enumerate(p.name for p in grid.people):
        if index:
            await pilot.press("j")
        columns = range(weeks) if index % 2 == 0 else range(weeks - 1, -1, -1)
        for step, column in enumerate(columns):
            if step:
                await pilot.press("l" if index % 2 == 0 else "h")
            assert (grid.row, grid.column) == (index, column)
            row = next(r for r in rows if r["person"] == person and r["week"] == grid.weeks[column].isoformat())
            check_breakdown(breakdown(screen), row)
            checked += 1
    return checked


async def check_overview(pilot: Pilot[None], rows: list[Row], this_week: str, next_week: str) -> None:
    """The Overview's people are this week's non-ok rows, next week's overloaded ones and those over WIP, as drawn.

    Projects' health names people overloaded or strained this week with the JSON's % and state.
    """
    screen = pilot.app.screen
    now = {r["person"]: r for r in rows if r["week"] == this_week}
    later = {r["person"]: r for r in rows if r["week"] == next_week}
    people = entries_of(await drawn_lines(pilot, screen.query_one("#list-people", EntryList)))
    this_part: dict[str, tuple[str, str, bool, str]] = {}
    next_part: dict[str, tuple[str, str]] = {}
    over_part: set[str] = set()
    for glyph, label, detail in people:
        if match := re.fullmatch(r"(?P<name>.+?)  (?P<pct>\d+%|∞) next week", label):
            assert match["name"] not in next_part, label
            next_part[match["name"]] = (match["pct"], detail)
        elif match := re.fullmatch(r"(?P<name>.+?)  over WIP", label):
            over_part.add(match["name"])
        else:
            match = re.fullmatch(r"(?P<name>.+?)  (?P<pct>\d+%|∞)(?P<wip>  ▲)?", label)
            assert match, label
            assert match["name"] not in this_part, label
            this_part[match["name"]] = (glyph, match["pct"], bool(match["wip"]), detail)
    # Overloaded or strained this week: exactly the rows whose state is not ok, never for WIP alone.
    assert set(this_part) == {p for p, r in now.items() if r["state"] != "ok"}, (this_part, now)
    for person, (glyph, pct, wip, detail) in this_part.items():
        row = now[person]
        assert pct == shown_percent(row["utilisation_pct"]), person
        assert glyph == ("✖" if row["state"] == "overloaded" else "▲"), person
        assert wip == row["over_wip"], person
        assert detail == (
            f"{row['state']} · {shown_hours(row['demand'])} h asked of {shown_hours(row['available'])} h available"
        ), person
    for person, row in now.items():
        if row["over_wip"] and row["state"] == "ok":
            assert person not in this_part, person
    # Next week: exactly the people overloaded in next week's rows.
    assert set(next_part) == {p for p, r in later.items() if r["state"] == "overloaded"}, (next_part, later)
    for person, (pct, detail) in next_part.items():
        row = later[person]
        assert pct == shown_percent(row["utilisation_pct"]), person
        assert detail == (
            f"overloaded next week · {shown_hours(row['demand'])} h asked of {shown_hours(row['available'])} h"
        ), person
    assert over_part == {p for p, r in now.items() if r["over_wip"]}
    # Project health: "Tom Becker is overloaded (313 %) with 30 h of this project this week".
    projects = entries_of(await drawn_lines(pilot, screen.query_one("#list-projects", EntryList)))
    named = 0
    for _, _, detail in projects:
        for match in re.finditer(r"(?P<name>[^;·]+?) is (?P<state>overloaded|strained) \((?P<pct>\d+ %|∞)\)", detail):
            row = now[match["name"].strip()]
            percent = row["utilisation_pct"]
            assert (match["state"], match["pct"]) == (row["state"], "∞" if percent is None else f"{percent} %")
            named += 1
    assert named >= 1  # the demo's overloaded person works on a project this week


# --- the test -----------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "monday", "days_left", "walked"), DAYS)
async def test_capacity_and_overview_draw_what_capacity_json_says(
    day: dt.date, monday: dt.date, days_left: int, walked: int, tmp_path: Path, cli: Runner
) -> None:
    """On the demo written that day, the grid, team totals, breakdowns and the Overview's people match the JSON."""
    clock.freeze(day)
    path = tmp_path / "demo.db"
    assert cli("demo", "--db", path).code == 0
    result = cli("--db", path, "capacity", "--json", "--weeks", "8")
    assert result.code == 0, result.err
    rows: list[Row] = result.json()
    weeks = sorted({r["week"] for r in rows})
    assert weeks == [(monday + dt.timedelta(weeks=w)).isoformat() for w in range(8)]
    assert {(r["weekdays"], r["days_counted"]) for r in rows if r["week"] == weeks[0]} == {(5, days_left)}
    check_json_states(rows)
    # The demo shows someone overloaded and someone strained this week, and someone overloaded next week.
    assert {r["state"] for r in rows if r["week"] == weeks[0]} >= {"overloaded", "strained"}
    assert "overloaded" in {r["state"] for r in rows if r["week"] == weeks[1]}

    store = open_store(path)
    try:
        app = make_app(store, theme="textual-dark")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await check_overview(pilot, rows, weeks[0], weeks[1])
            screen = await open_capacity(pilot)
            assert [w.isoformat() for w in screen.grid.weeks] == weeks
            check_grid(screen.grid, rows, weeks)
            check_totals(screen.grid, rows, weeks)
            people = len({r["person"] for r in rows})
            assert await check_every_breakdown(pilot, screen, rows, walked) == people * walked
    finally:
        store.close()
