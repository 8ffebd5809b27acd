"""``supportpm import FORMAT FILE``: every format's sample creates what it holds, all or nothing, once."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Runner

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"
TABLES = ("task", "milestone", "person", "commitment", "task_blocker", "milestone_link", "event")


def counts(db: Path) -> dict[str, int]:
    """Return how many rows each table an import writes holds."""
    with sqlite3.connect(db) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def tasks(cli: Runner, db: Path, project: str) -> dict[str, dict[str, Any]]:
    """Return the project's cards by title."""
    result = cli("--db", db, "task", "list", "--project", project, "--json")
    assert result.code == 0, result.err
    return {t["title"]: t for t in result.json()}


def milestones(cli: Runner, db: Path, project: str) -> dict[str, dict[str, Any]]:
    result = cli("--db", db, "milestone", "list", "--project", project, "--json")
    assert result.code == 0, result.err
    return {m["name"]: m for m in result.json()}


def test_a_jira_export_creates_its_cards_milestones_and_blockers(cli: Runner, demo_db: Path) -> None:
    before = counts(demo_db)
    result = cli("--db", demo_db, "import", "jira", SAMPLES / "jira-issues.csv", "--project", "LAP", "--create-people")
    assert result.code == 0, result.err
    assert "Tasks: 12 created, 0 updated" in result.out
    assert "People created: Asha Patel, Ben Okafor, Carla Nunes, Dan Ruiz" in result.out
    after = counts(demo_db)
    assert after["task"] - before["task"] == 12
    assert after["milestone"] - before["milestone"] == 2
    assert after["person"] - before["person"] == 4
    cards = tasks(cli, demo_db, "LAP")
    chosen = cards["Choose the MFA provider"]
    assert (chosen["column"], chosen["estimate"], chosen["remaining"]) == ("done", 8.0, 0.0)  # 28800 s
    assert chosen["assignee"] == "Asha Patel" and chosen["milestone"] == "Pilot"
    assert chosen["due"] == "2024-03-15"
    assert {"mfa", "security"} <= set(chosen["tags"])
    enrol = cards["Enrol the pilot group"]
    assert (enrol["column"], enrol["estimate"], enrol["remaining"]) == ("in_progress", 16.0, 10.0)
    # MFA-101 blocks MFA-102, written on both rows: one link, MFA-102 waits for MFA-101.
    assert enrol["blockers"] == [chosen["id"]]
    assert cards["Brief the service desk"]["column"] == "ready"
    assert cards["Brief the service desk"]["priority"] == "low"
    assert "Pilot" in milestones(cli, demo_db, "LAP")


def test_a_redmine_export_reads_decimal_commas_versions_and_relations(cli: Runner, demo_db: Path) -> None:
    result = cli(
        "--db", demo_db, "import", "redmine", SAMPLES / "redmine-issues.csv", "--project", "PAT", "--create-people"
    )
    assert result.code == 0, result.err
    assert "Tasks: 8 created" in result.out and "Milestones: 2 created" in result.out
    cards = tasks(cli, demo_db, "PAT")
    inventory = cards["Inventory of Windows 10 laptops"]
    assert inventory["estimate"] == 2.5 and inventory["assignee"] == "Jürgen Müller"
    assert (inventory["start"], inventory["due"]) == ("2024-11-04", "2024-11-08")
    image = cards["Image the new laptop model"]
    assert inventory["id"] in image["blockers"]  # follows #2041
    assert image["milestone"] == "Phase 1"
    assert cards["Pilot with the accounting team"]["estimate"] == 8.75
    assert {"Phase 1"} <= set(milestones(cli, demo_db, "PAT"))


def test_a_taskwarrior_export_reads_depends_both_ways_and_times_in_the_zone(cli: Runner, demo_db: Path) -> None:
    result = cli(
        "--db", demo_db, "import", "taskwarrior", SAMPLES / "taskwarrior-export.json",
        "--project", "ONB", "--zone", "Europe/Berlin",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Tasks: 6 created" in result.out and "1 deleted task left out" in result.out
    cards = tasks(cli, demo_db, "ONB")
    keys = cards["Order YubiKeys for the admins"]
    assert keys["due"] == "2024-11-16"  # 23:00 UTC on the 15th is the 16th in Berlin
    assert (keys["priority"], keys["estimate"]) == ("high", 2.0)
    enrol = cards["Enrol the service desk"]
    assert enrol["column"] == "in_progress" and enrol["blockers"] == [keys["id"]]


@pytest.mark.parametrize(
    ("sample", "new_tasks", "new_milestones", "days_off"),
    [("plan-msproject.xml", 4, 2, 3), ("plan-projectlibre.xml", 3, 1, 2), ("plan-ganttproject.xml", 2, 1, 1)],
)
def test_an_ms_project_plan_creates_tasks_milestones_people_and_holidays(
    cli: Runner, demo_db: Path, sample: str, new_tasks: int, new_milestones: int, days_off: int
) -> None:
    before = counts(demo_db)
    result = cli("--db", demo_db, "import", "mspdi", SAMPLES / sample, "--project", "MFA", "--create-people")
    assert result.code == 0, result.err
    after = counts(demo_db)
    assert after["task"] - before["task"] == new_tasks
    assert after["milestone"] - before["milestone"] == new_milestones
    assert after["commitment"] - before["commitment"] == days_off


def test_a_calendar_of_holidays_and_one_of_leave(cli: Runner, demo_db: Path) -> None:
    result = cli("--db", demo_db, "import", "ics", SAMPLES / "holidays-de.ics")
    assert result.code == 0, result.err
    assert "Days off: 16 created" in result.out
    leave = cli("--db", demo_db, "import", "ics", SAMPLES / "leave-outlook.ics", "--person", "Lena Fischer")
    assert leave.code == 0, leave.err
    with sqlite3.connect(demo_db) as conn:
        kinds = conn.execute(
            "SELECT c.kind, p.name FROM commitment c LEFT JOIN person p ON p.id = c.person_id WHERE c.source = 'ics'"
        ).fetchall()
    assert sum(1 for _, name in kinds if name is None) == 16  # holidays for everyone
    assert sum(1 for _, name in kinds if name == "Lena Fischer") == 5  # her leave
    assert all(kind == "holiday" for kind, name in kinds if name is None)


@pytest.mark.parametrize(
    ("fmt", "sample", "bad_rows"),
    [
        ("jira", "jira-bad.csv", 2),
        ("redmine", "redmine-bad.csv", 4),
        ("taskwarrior", "taskwarrior-bad.json", 4),
        ("mspdi", "mspdi-bad.xml", 5),
        ("ics", "ics-bad.ics", 3),
    ],
)
def test_a_bad_file_gives_one_line_per_bad_row_and_changes_nothing(
    cli: Runner, demo_db: Path, fmt: str, sample: str, bad_rows: int
) -> None:
    before = counts(demo_db)
    project = () if fmt == "ics" else ("--project", "MFA")
    result = cli("--db", demo_db, "import", fmt, SAMPLES / sample, *project, "--create-people")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == bad_rows + 1 and lines[-1].endswith(f"nothing imported: {bad_rows} problems")
    assert all(f"{sample}: line " in line for line in lines[:-1])
    assert "Traceback" not in result.err and result.out == ""
    assert counts(demo_db) == before


@pytest.mark.parametrize(
    ("fmt", "sample"),
    [
        ("jira", "jira-issues.csv"),
        ("redmine", "redmine-issues.csv"),
        ("taskwarrior", "taskwarrior-export.json"),
        ("mspdi", "plan-msproject.xml"),
        ("ics", "holidays-de.ics"),
    ],
)
def test_a_dry_run_changes_nothing_and_a_second_import_duplicates_nothing(
    cli: Runner, demo_db: Path, fmt: str, sample: str
) -> None:
    before = counts(demo_db)
    project = () if fmt == "ics" else ("--project", "MFA")
    args = ("--db", demo_db, "import", fmt, SAMPLES / sample, *project, "--create-people")
    dry = cli(*args, "--dry-run")
    assert dry.code == 0, dry.err
    assert "nothing written" in dry.out and "to create" in dry.out
    assert counts(demo_db) == before
    first = cli(*args)
    assert first.code == 0, first.err
    once = counts(demo_db)
    again = cli(*args)
    assert again.code == 0, again.err
    assert " 0 created, 0 updated" in again.out
    assert {k: v for k, v in counts(demo_db).items() if k != "event"} == {k: v for k, v in once.items() if k != "event"}


def test_a_changed_file_updates_what_the_first_import_made(cli: Runner, demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "issues.csv"
    shutil.copyfile(SAMPLES / "jira-issues.csv", path)
    args = ("--db", demo_db, "import", "jira", path, "--project", "LAP", "--create-people")
    assert cli(*args).code == 0
    made = counts(demo_db)
    text = path.read_text(encoding="utf-8").replace("Write the enrolment guide,MFA-103", "Write the guide,MFA-103")
    path.write_text(text, encoding="utf-8")
    again = cli(*args)
    assert again.code == 0, again.err
    assert "Tasks: 0 created, 1 updated, 11 unchanged" in again.out
    assert counts(demo_db)["task"] == made["task"]
    cards = tasks(cli, demo_db, "LAP")
    assert "Write the guide" in cards and "Write the enrolment guide" not in cards


def test_names_that_match_no_one_are_listed_with_the_closest_and_stop_the_import(cli: Runner, demo_db: Path) -> None:
    before = counts(demo_db)
    result = cli("--db", demo_db, "import", "jira", SAMPLES / "jira-issues.csv", "--project", "LAP")
    assert result.code == 2
    assert "no person named 'Asha Patel' (closest: Aisha Khan)" in result.err
    assert counts(demo_db) == before


def test_a_whole_import_is_undone_at_once(cli: Runner, demo_db: Path) -> None:
    before = counts(demo_db)
    assert (
        cli("--db", demo_db, "import", "jira", SAMPLES / "jira-issues.csv", "--project", "LAP", "--create-people").code
        == 0
    )
    undone = cli("--db", demo_db, "undo")
    assert undone.code == 0, undone.err
    after = counts(demo_db)
    assert {k: v for k, v in after.items() if k != "event"} == {k: v for k, v in before.items() if k != "event"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("import", "asana", "x.csv", "--project", "LAP"), "no import format 'asana'"),
        (("import", "jira", "missing.csv", "--project", "LAP"), "does not exist"),
        (("import", "jira", "{samples}/jira-issues.csv", "--project", "NOPE"), "no project with key 'NOPE'"),
        (("import", "jira", "{samples}/jira-issues.csv"), "give --project KEY"),
        (("import", "taskwarrior", "{samples}/taskwarrior-export.json", "--zone", "Mars/Base"), "not a time zone"),
        (("import", "jira", "{samples}", "--project", "LAP"), "is a folder"),
    ],
)  # fmt: skip
def test_bad_arguments_are_one_line_and_status_2(cli: Runner, demo_db: Path, args: tuple[str, ...], words: str) -> None:
    before = counts(demo_db)
    result = cli("--db", demo_db, *(a.format(samples=SAMPLES) for a in args))
    assert result.code == 2
    assert words in result.err and len(result.err.strip().splitlines()) == 1
    assert counts(demo_db) == before


def test_someones_leave_imported_again_for_everyone_or_another_stays_theirs(cli: Runner, demo_db: Path) -> None:
    leave = SAMPLES / "leave-outlook.ics"
    assert cli("--db", demo_db, "import", "ics", leave, "--person", "Lena Fischer").code == 0
    again = cli("--db", demo_db, "import", "ics", leave)
    assert again.code == 0 and "Days off: 5 created, 0 updated" in again.out
    other = cli("--db", demo_db, "import", "ics", leave, "--person", "Tom Becker", "--dry-run")
    assert "Days off: 5 to create, 0 to update" in other.out
    with sqlite3.connect(demo_db) as conn:
        names = conn.execute(
            "SELECT p.name FROM commitment c JOIN person p ON p.id = c.person_id WHERE c.source = 'ics'"
        ).fetchall()
    assert names == [("Lena Fischer",)] * 5


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("import", "jira", "{samples}/jira-issues.csv", "--project", "LAP", "--person", "Ana"), "--person is for"),
        (("import", "ics", "{samples}/holidays-de.ics", "--project", "LAP"), "leave out --project"),
    ],
)
def test_an_option_the_format_does_not_use_is_refused(
    cli: Runner, demo_db: Path, args: tuple[str, ...], words: str
) -> None:
    before = counts(demo_db)
    result = cli("--db", demo_db, *(a.format(samples=SAMPLES) for a in args))
    assert result.code == 2 and words in result.err and len(result.err.strip().splitlines()) == 1
    assert counts(demo_db) == before


def test_one_problem_is_one_line(cli: Runner, demo_db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "issues.csv"
    empty.write_text("", encoding="utf-8")
    result = cli("--db", demo_db, "import", "jira", empty, "--project", "LAP")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and result.err.strip().endswith("; nothing imported")


def test_a_binary_file_is_refused(cli: Runner, demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "issues.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    result = cli("--db", demo_db, "import", "jira", path, "--project", "LAP")
    assert result.code == 2 and "not a text file" in result.err
