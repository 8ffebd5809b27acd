"""``supportpm metric``, ``report metrics`` and ``supportpm review``, in this process and in real ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Runner


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_metric_is_added_read_listed_and_reported(demo_db: Path, cli: Runner, proc: Runner) -> None:
    made = cli("--db", demo_db, "metric", "add", "LAP", "Laptop tickets", "--baseline", "40", "--target", "25")
    assert made.code == 0, made.err
    metric = made.out.strip()
    assert cli("--db", demo_db, "metric", "read", metric, "30", "--day", "2026-11-10").code == 0
    assert cli("--db", demo_db, "metric", "read", metric, "24", "--note", "after wave 1").code == 0
    listed = cli("--db", demo_db, "metric", "list", "--project", "LAP", "--json").json()
    assert [(m["name"], m["latest"], m["latest_day"], m["readings"]) for m in listed] == [
        ("Laptop tickets", 24, "2026-11-18", 2)
    ]
    table = cli("--db", demo_db, "metric", "list", "--project", "LAP").out
    assert "Laptop tickets" in table and "lower" in table
    report = cli("--db", demo_db, "report", "metrics", "LAP")
    assert report.code == 0
    assert "- Laptop tickets 40 → 24, target 25: met\n" in report.out
    data = proc("--db", demo_db, "report", "metrics", "LAP", "--json").json()  # and in a real process
    assert data["markdown"] == report.out
    [outcome] = data["outcomes"]
    assert (outcome["verdict"], outcome["latest"]) == ("met", 24)
    assert outcome["line"] in report.out and data["tickets"]["line"] in report.out


def test_the_demo_reports_mfa_metrics(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "metrics.md"
    done = cli("--db", demo_db, "report", "metrics", "MFA", "--out", out)
    assert done.code == 0, done.err
    assert out.read_text() == done.out
    assert "- MFA tickets per week 28 tickets → 19 tickets, target 20 tickets: met" in done.out
    assert "- Staff enrolled 0 % → 35 %, target 100 %: not met yet: 65 % to go" in done.out
    assert "the go-live, Enrolment wave 1, is still to come" in done.out


def test_readings_replace_a_day_and_are_deleted(demo_db: Path, cli: Runner) -> None:
    metric = cli("--db", demo_db, "metric", "add", "PAT", "Patch compliance", "--unit", "%", "--direction", "higher")
    mid = metric.out.strip()
    first = cli("--db", demo_db, "metric", "read", mid, "80", "--day", "2026-11-16").out.strip()
    again = cli("--db", demo_db, "metric", "read", mid, "82", "--day", "2026-11-16").out.strip()
    assert first == again
    readings = cli("--db", demo_db, "metric", "readings", mid, "--json").json()
    assert [(r["day"], r["value"]) for r in readings] == [("2026-11-16", 82)]
    assert cli("--db", demo_db, "metric", "unread", first).code == 0
    assert "No readings yet" in cli("--db", demo_db, "metric", "readings", mid).out


def test_edit_and_delete(demo_db: Path, cli: Runner) -> None:
    mid = cli("--db", demo_db, "metric", "add", "PAT", "CSAT", "--target", "4.5", "--direction", "higher").out.strip()
    assert cli("--db", demo_db, "metric", "edit", mid, "--target", "none", "--baseline", "3.9").code == 0
    [row] = [m for m in cli("--db", demo_db, "metric", "list", "--json").json() if m["id"] == int(mid)]
    assert (row["baseline"], row["target"], row["direction"]) == (3.9, None, "higher")
    cli("--db", demo_db, "metric", "read", mid, "4.1")
    readings = _count(demo_db, "metric_reading")
    assert cli("--db", demo_db, "metric", "delete", mid).code == 0
    assert _count(demo_db, "metric_reading") == readings - 1
    assert cli("--db", demo_db, "undo").code == 0
    assert _count(demo_db, "metric_reading") == readings


def test_go_live_is_one_per_project(demo_db: Path, cli: Runner) -> None:
    assert cli("--db", demo_db, "metric", "go-live", "MFA", "Enrolment wave 2").out.strip() == "Enrolment wave 2"
    with sqlite3.connect(demo_db) as conn:
        live = conn.execute(
            "SELECT name FROM milestone WHERE go_live AND project_id = (SELECT id FROM project WHERE key = 'MFA')"
        ).fetchall()
    assert live == [("Enrolment wave 2",)]
    assert cli("--db", demo_db, "metric", "go-live", "MFA", "--clear").code == 0
    assert "no go-live milestone set" in cli("--db", demo_db, "report", "metrics", "MFA").out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("metric", "read", "1", "abc"), "value: 'abc' is not a number"),
        (("metric", "read", "1", "nan"), "value: must be a finite number"),
        (("metric", "read", "1", "inf"), "value: must be a finite number"),
        (("metric", "read", "1", "5", "--day", "+2d"), "day: a reading cannot be dated in the future"),
        (("metric", "read", "999", "5"), "no metric with id 999"),
        (("metric", "add", "MFA", "mfa TICKETS per week"), "name: MFA already has a metric named"),
        (("metric", "add", "MFA", "X", "--direction", "sideways"), "direction: 'sideways' is not a direction"),
        (("metric", "add", "MFA", "X", "--baseline", "lots"), "baseline: 'lots' is not a number"),
        (("metric", "add", "NOPE", "X"), "no project with key 'NOPE'"),
        (("metric", "edit", "999", "--name", "Y"), "no metric with id 999"),
        (("metric", "unread", "999"), "no reading with id 999"),
        (("metric", "go-live", "MFA"), "give the go-live milestone, or --clear"),
        (("metric", "go-live", "MFA", "Nothing"), "no milestone 'Nothing'"),
        (("report", "metrics", "NOPE"), "no project with key 'NOPE'"),
        (("review", "set", "MFA"), "say what to write"),
        (("review", "set", "MFA", "--went-well", "ok", "--day", "+1d"), "a review cannot be dated in the future"),
        (("review", "delete", "MFA"), "MFA has no review to delete"),
    ],
)
def test_bad_input_is_one_line_and_status_2(demo_db: Path, cli: Runner, args: tuple[str, ...], words: str) -> None:
    metrics, readings = _count(demo_db, "metric"), _count(demo_db, "metric_reading")
    done = cli("--db", demo_db, *args)
    assert done.code == 2, (args, done.out)
    assert words in done.err and done.err.count("\n") == 1, done.err
    assert (_count(demo_db, "metric"), _count(demo_db, "metric_reading")) == (metrics, readings)


def test_bad_input_in_a_real_process_is_one_line(demo_db: Path, proc: Runner) -> None:
    done = proc("--db", demo_db, "metric", "read", "1", "-inf")
    assert done.code == 2 and done.err.count("\n") == 1 and "Traceback" not in done.err


def test_the_review_is_set_shown_and_deleted(demo_db: Path, cli: Runner, proc: Runner) -> None:
    assert "No review yet" in cli("--db", demo_db, "review", "show", "PAT").out
    assert cli("--db", demo_db, "review", "show", "PAT", "--json").json() is None
    done = cli("--db", demo_db, "review", "set", "pat", "--went-well", "Windows kept short\nNo rollbacks")
    assert done.code == 0, done.err
    assert cli("--db", demo_db, "review", "set", "PAT", "--change-next", "Patch the test ring first").code == 0
    shown = proc("--db", demo_db, "review", "show", "PAT")  # a real process prints the same
    assert shown.out.startswith("## Post-implementation review: ")
    assert "### What went well\n\n- Windows kept short\n- No rollbacks\n" in shown.out
    assert "### What went badly\n\nNothing noted.\n" in shown.out
    data = cli("--db", demo_db, "review", "show", "PAT", "--json").json()
    assert data["markdown"] == shown.out and data["change_next"] == "Patch the test ring first"
    assert cli("--db", demo_db, "review", "delete", "PAT").code == 0
    assert "No review yet" in cli("--db", demo_db, "review", "show", "PAT").out


def test_check_names_a_metric_value_written_badly(demo_db: Path, cli: Runner) -> None:
    with sqlite3.connect(demo_db) as conn:
        conn.execute("UPDATE metric SET target = 1e300 WHERE id = 1")
        conn.execute("UPDATE metric_reading SET day = '2026-02-30' WHERE id = 1")
        conn.execute("UPDATE metric_reading SET value = 'lots' WHERE id = 2")
    done = cli("--db", demo_db, "check")
    assert done.code == 1
    assert "metric 1: target 1e+300 is out of range" in done.out and "metric edit 1 --target" in done.out
    assert "metric reading 1: day '2026-02-30' is out of range" in done.out
    assert "metric reading 2: value 'lots' is out of range" in done.out
    report = cli("--db", demo_db, "report", "metrics", "MFA")
    assert report.code == 0 and "internal error" not in report.err
