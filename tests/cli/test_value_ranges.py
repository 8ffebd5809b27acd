"""Every value has a range: dates in 1970–2200, numbers finite and bounded, at every entry point;
a database that already holds a bad value still opens and names it."""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.parsing import DATE_MAX, DATE_MIN, parse_date, parse_number, parse_optional_date, read_date
from tests.cli.conftest import Runner

TASK = ("task", "add", "far", "--project", "MFA", "--assignee", "Aisha Khan", "--estimate", "5")


def test_a_far_due_date_is_refused_and_nothing_written(demo_db: Path, proc: Runner) -> None:
    before = sqlite3.connect(demo_db).execute("SELECT count(*) FROM task").fetchone()[0]
    done = proc("--db", demo_db, *TASK, "--due", "9999-12-31")
    assert done.code == 2
    assert "out of range" in done.err and "Traceback" not in done.err
    assert sqlite3.connect(demo_db).execute("SELECT count(*) FROM task").fetchone()[0] == before
    for due in ("+99999w", "+9999999d", "1969-12-31", "2201-01-01"):
        assert proc("--db", demo_db, *TASK, "--due", due).code == 2


def test_far_leave_and_a_change_past_the_window_are_refused(demo_db: Path, cli: Runner) -> None:
    assert cli("--db", demo_db, "leave", "add", "Aisha Khan", "2026-12-20", "9999-12-31").code == 2
    assert cli("--db", demo_db, "milestone", "edit", "Enrolment wave 1", "--due", "2200-12-20").code == 0
    made = cli("--db", demo_db, "change", "add", "MFA", "Late", "--days", "200", "--milestone", "Enrolment wave 1")
    assert made.code == 0, made.err
    change_id = made.out.strip().split()[-1]
    preview = cli("--db", demo_db, "change", "approve", change_id, "--dry-run")
    assert preview.code == 2 and "'Enrolment wave 1' would move to 2201-" in preview.err
    refused = cli("--db", demo_db, "change", "approve", change_id)
    assert refused.code == 2 and "out of range" in refused.err
    shown = sqlite3.connect(demo_db).execute("SELECT due_date FROM milestone WHERE name = 'Enrolment wave 1'")
    assert shown.fetchone()[0] == "2200-12-20"


def test_a_bad_supportpm_today_is_one_line(demo_db: Path, proc: Runner) -> None:
    for value in ("abc", "9999-12-31", "0001-01-01"):
        done = proc("--db", demo_db, "task", "list", env={"SUPPORTPM_TODAY": value})
        assert done.code == 2 and "SUPPORTPM_TODAY" in done.err and "internal error" not in done.err


@settings(max_examples=150, deadline=None)
@given(st.dates())
def test_parse_date_keeps_to_the_window(day: dt.date) -> None:
    try:
        got = parse_date(day.isoformat(), "due")
    except FieldError:
        assert not DATE_MIN <= day <= DATE_MAX
    else:
        assert got == day and DATE_MIN <= got <= DATE_MAX


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=20))
def test_parse_date_of_any_text_is_a_date_in_the_window_or_a_field_error(text: str) -> None:
    try:
        got = parse_optional_date(text, "due", dt.date(2026, 12, 1))
    except FieldError:
        return
    assert got is None or DATE_MIN <= got <= DATE_MAX


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from("dw"), st.sampled_from("+-"))
def test_relative_dates_never_overflow(count: int, unit: str, sign: str) -> None:
    try:
        got = parse_date(f"{sign}{abs(count)}{unit}", "due", dt.date(2026, 12, 1))
    except FieldError:
        return
    assert DATE_MIN <= got <= DATE_MAX


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.floats(), st.text(max_size=12)))
def test_parse_number_is_finite_and_bounded_or_refused(value: float | str) -> None:
    try:
        got = parse_number(str(value), "hours", 0, 10_000)
    except FieldError:
        return
    assert math.isfinite(got) and 0 <= got <= 10_000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(), hours=st.floats())
def test_task_add_keeps_dates_and_hours_in_range(demo_db: Path, cli: Runner, day: dt.date, hours: float) -> None:
    due, estimate = day.isoformat(), repr(hours)
    done = cli("--db", demo_db, "task", "add", "p", "--project", "MFA", "--due", due, "--estimate", estimate)
    ok = DATE_MIN <= day <= DATE_MAX and math.isfinite(hours) and 0 <= hours <= 10_000
    assert done.code == (0 if ok else 2), done.err
    assert "internal error" not in done.err


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=12), st.dates().map(dt.date.isoformat)))
def test_stored_dates_are_read_into_the_window_or_as_missing(text: str) -> None:
    got = read_date(text)
    assert got is None or DATE_MIN <= got <= DATE_MAX


BAD = (
    "UPDATE task SET due = '9999-12-31' WHERE id = 3",
    "UPDATE milestone SET due_date = '0001-01-01' WHERE id = 2",
    "UPDATE commitment SET \"end\" = '9999-12-31' WHERE id = 1",
    "UPDATE risk SET review_date = 'abc' WHERE id = 1",
    "UPDATE task SET estimate = 1e308 WHERE id = 4",
    "UPDATE project SET start = '2026-02-30' WHERE id = 2",
)


@pytest.fixture
def poisoned(demo_db: Path) -> Path:
    with sqlite3.connect(demo_db) as conn:
        for sql in BAD:
            conn.execute(sql)
    return demo_db


def test_check_reports_each_bad_value_as_a_problem(poisoned: Path, cli: Runner) -> None:
    done = cli("--db", poisoned, "check")
    assert done.code == 1 and "ok            : no" in done.out
    assert "problem: task 3: due '9999-12-31' is out of range" in done.out
    for named in ("milestone 2", "leave 1", "risk 1", "task 4", "project 2"):
        assert named in done.out
    assert done.err == ""  # said once, as problems, not again as warnings


@pytest.mark.parametrize("command", ["task list", "milestone list", "project list", "capacity", "risk list"])
def test_a_database_with_bad_values_still_lists_and_names_them(poisoned: Path, cli: Runner, command: str) -> None:
    done = cli("--db", poisoned, *command.split())
    assert done.code == 0, done.err
    assert "internal error" not in done.err
    assert "task 3: due '9999-12-31' is out of range" in done.err
    assert "supportpm task edit 3 --due" in done.err
    for named in ("milestone 2", "leave 1", "risk 1", "task 4", "project 2"):
        assert named in done.err


@pytest.mark.parametrize(
    "args",
    [
        ("settings", "edit", "--hours-per-day", "nan"),
        ("settings", "edit", "--overload", "inf"),
        ("person", "edit", "Aisha Khan", "--hours", "1e999"),
        ("project", "edit", "MFA", "--budget", "1e300"),
        ("project", "edit", "MFA", "--target", "2201-01-01"),
        ("risk", "edit", "1", "--review", "2201-01-01"),
        ("milestone", "add", "MFA", "Far", "9999-01-01"),
        ("task", "edit", "3", "--start", "1969-12-31"),
        ("leave", "add", "Aisha Khan", "0001-01-01", "2026-12-20"),
        ("change", "add", "MFA", "Costly", "--days", "3", "--cost", "inf"),
    ],
)
def test_every_entry_point_refuses_values_out_of_range(demo_db: Path, cli: Runner, args: tuple[str, ...]) -> None:
    done = cli("--db", demo_db, *args)
    assert done.code == 2, (args, done.err)
    assert "internal error" not in done.err and done.err.count("\n") == 1


def test_a_ticket_import_with_a_far_week_imports_nothing(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    before = sqlite3.connect(demo_db).execute("SELECT count(*) FROM ticket_load").fetchone()[0]
    csv = tmp_path / "load.csv"
    csv.write_text(
        "person,week,tickets,hours\nAisha Khan,2026-W49,3,\nAisha Khan,9999-12-27,3,\nTom Becker,2026-W49,,1e999\n"
    )
    done = cli("--db", demo_db, "tickets", "import", csv)
    assert done.code == 2 and "line 3, week: " in done.err and "line 4, hours: " in done.err
    assert sqlite3.connect(demo_db).execute("SELECT count(*) FROM ticket_load").fetchone()[0] == before


def test_bad_tuning_variables_warn_and_the_command_runs(demo_db: Path, proc: Runner) -> None:
    env = {"SUPPORTPM_BUSY_TIMEOUT": "nan", "SUPPORTPM_DAILY_BACKUPS": "lots"}
    done = proc("--db", demo_db, "person", "list", env=env)
    assert done.code == 0, done.err
    assert "SUPPORTPM_BUSY_TIMEOUT='nan'" in done.err and "SUPPORTPM_DAILY_BACKUPS='lots'" in done.err


def test_forecasts_at_the_end_of_the_window_do_not_overflow(demo_db: Path, proc: Runner) -> None:
    assert proc("--db", demo_db, "milestone", "edit", "Enrolment wave 1", "--due", "2200-12-31").code == 0
    for command in ("task list", "milestone list", "project list", "capacity"):
        done = proc("--db", demo_db, *command.split(), env={"SUPPORTPM_TODAY": "2200-12-31"})
        assert done.code == 0, (command, done.err)
