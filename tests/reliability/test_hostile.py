"""Hostile input, on the command line and in every screen: shown literally, refused clearly, never half-written."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportpm_tui.core.text import clean_line
from supportpm_tui.services import availability as time_service
from supportpm_tui.services import milestones, people, projects, tasks
from supportpm_tui.services.risks import add_risk
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.screens.risks import RisksScreen
from tests.cli.conftest import Result, Runner
from tests.cli.conftest import cli as cli  # the in-process command line
from tests.cli.conftest import demo_db as demo_db
from tests.ui.conftest import SIZE, settle

HOSTILE = [
    "[bold]loud[/]",
    "[/]",
    "[link=https://example.com]click[/link]",
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://example.com\x07osc\x1b]8;;\x07",
    "bell\x07 and nul\x00 and del\x7f",
    "tab\tnew\nline",
    "émoji 🎉 and 漢字",
    "x" * 5000,
    "   ",
    "",
]
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def one_line_error_or_success(result: Result) -> None:
    assert result.code in (0, 2), result
    assert "Traceback" not in result.err
    if result.code == 2:
        assert len(result.err.strip().splitlines()) == 1 and result.err.startswith("supportpm: error: ")


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_text_argument_is_stored_clean_or_refused(demo_db: Path, cli: Runner, text: str) -> None:
    before = rows(demo_db, "SELECT COUNT(*) FROM event")[0][0]
    commands = [
        ["task", "add", text, "--project", "MFA", "--tag", text],
        ["person", "add", text, "--role", text],
        ["project", "add", "HOST", text],
        ["risk", "add", "MFA", text, "--likelihood", "2", "--impact", "2"],
        ["milestone", "add", "MFA", text, "--due", "+3w"],
        ["leave", "add", "Tom Becker", "2026-12-01", "2026-12-01", "--note", text],
    ]
    written = 0
    for args in commands:
        result = cli("--db", demo_db, *args)
        one_line_error_or_success(result)
        written += result.code == 0
    stored = [str(v) for table in ("task", "person", "project", "risk", "milestone") for (v,) in rows(
        demo_db, f"SELECT {'name' if table in ('person', 'project', 'milestone') else 'title'} FROM {table}"
    )]  # fmt: skip
    for value in stored:
        assert not any(ch in value for ch in "\x00\x07\x1b\x7f"), value  # no control character got in
    after = rows(demo_db, "SELECT COUNT(*) FROM event")[0][0]
    assert after - before >= written  # every successful command logged its change; a refused one wrote nothing
    if clean_line(text) and len(clean_line(text)) <= 200:
        assert clean_line(text) in stored


def test_duplicates_and_unknown_names_are_refused(demo_db: Path, cli: Runner) -> None:
    for args, words in [
        (["person", "add", "tom becker"], "already exists"),
        (["project", "add", "mfa", "Again"], "already"),
        (["task", "add", "T", "--project", "MFA", "--milestone", "No such milestone"], "no milestone"),
        (["task", "add", "T", "--project", "MFA", "--assignee", "[bold]Nobody[/]"], "[bold]Nobody[/]"),
        (["milestone", "edit", "Enrolment wave 1", "--after", "Enrolment wave 1"], "itself"),
    ]:
        result = cli("--db", demo_db, *args)
        one_line_error_or_success(result)
        assert result.code == 2 and words.lower() in result.err.lower(), (args, result.err)


@SLOW
@given(title=st.text(max_size=60), estimate=st.text(max_size=12), due=st.text(max_size=12))
def test_any_card_from_the_command_line_is_saved_as_typed_or_refused(
    demo_db: Path, cli: Runner, title: str, estimate: str, due: str
) -> None:
    if title.startswith("-") or estimate.startswith("-") or due.startswith("-"):
        return  # an option, not a value, to the command line parser
    before = rows(demo_db, "SELECT COUNT(*) FROM task")[0][0]
    result = cli("--db", demo_db, "task", "add", title, "--project", "MFA", "--estimate", estimate, "--due", due)
    one_line_error_or_success(result)
    after = rows(demo_db, "SELECT COUNT(*) FROM task")[0][0]
    if result.code == 0:
        newest = rows(demo_db, "SELECT title FROM task ORDER BY id DESC LIMIT 1")[0][0]
        assert after == before + 1 and newest == clean_line(title)
    else:
        assert after == before


@SLOW
@given(hours=st.one_of(st.text(max_size=10), st.floats(allow_nan=True).map(str), st.integers().map(str)))
def test_any_number_for_a_person_is_taken_in_range_or_refused(demo_db: Path, cli: Runner, hours: str) -> None:
    if hours.startswith("-") and not hours[1:2].isdigit():
        return
    result = cli("--db", demo_db, "person", "edit", "Tom Becker", "--hours", hours)
    one_line_error_or_success(result)
    stored = rows(demo_db, "SELECT hours FROM person WHERE name = 'Tom Becker'")[0][0]
    assert stored is None or 0 <= float(stored) <= 168  # type: ignore[arg-type]


@pytest.fixture
def hostile_store(store: Store, today: dt.date) -> Store:
    people.add_person(store, "[bold]Bo[/] \x1b[31mRed")
    projects.add_project(store, "HST", "[link=https://example.com]Project[/link]")
    milestones.add_milestone(store, "HST", "[/]wave", today + dt.timedelta(days=10))
    tasks.add_task(
        store, "[red]card[/red] \x1b]8;;https://e\x07z", "HST", assignee="[bold]Bo[/] [31mRed", tags="[b]x", estimate=50
    )
    add_risk(store, "HST", "[/]oops [bold]risk", 5, 4, owner="[bold]Bo[/] [31mRed")
    time_service.add_commitment(store, "[bold]Bo[/] [31mRed", today, today, kind="pto", note="[i]away")
    return store


async def test_every_screen_shows_hostile_text_literally(hostile_store: Store) -> None:
    app = make_app(hostile_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = {}
        for key in "12345":
            await pilot.press(key)
            await settle(pilot)
            seen[key] = app.export_screenshot()
        shown = {key: svg.replace("&#160;", " ") for key, svg in seen.items()}
        for key in "245":  # Board, Risks (the owner) and Capacity name the person
            assert "[bold]Bo[/]" in shown[key], key
        assert "[red]card[/red]" in shown["2"]
        assert "[/]wave" in shown["3"]
        await pilot.press("4")
        await settle(pilot)
        risks = app.screen
        assert isinstance(risks, RisksScreen)
        table = risks.table("risks")
        assert str(table.get_row_at(0)[2]) == "[/]oops [bold]risk"
