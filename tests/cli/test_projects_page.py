"""The project's page on the command line: checklist, logged time, readiness, budget and gates.

The clock is frozen on Wednesday 18 November 2026.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from supportpm_tui.core.vocabulary import STANDARD_CHECKLIST
from tests.cli.conftest import Runner
from tests.cli.conftest import cli as cli  # the in-process command line


@pytest.fixture
def db(tmp_path: Path, cli: Runner) -> str:
    """A team of two, project MFA with milestone Pilot and card 1 (Ana, 8 h)."""
    path = str(tmp_path / "p.db")
    for args in (
        ("person", "add", "Ana Silva"),
        ("person", "add", "Ben Okafor"),
        ("project", "add", "MFA", "MFA rollout", "--owner", "Ana Silva"),
        ("milestone", "add", "MFA", "Pilot", "--due", "2026-12-04"),
        (
            "task",
            "add",
            "Enrol pilot users",
            "--project",
            "MFA",
            "--milestone",
            "Pilot",
            "--assignee",
            "Ana Silva",
            "--estimate",
            "8",
        ),
    ):
        result = cli("--db", path, *args)
        assert result.code == 0, result.err
    return path


def refused(result: object, words: str) -> None:
    """The command said one clear line on stderr and exited with status 2."""
    assert result.code == 2, result  # type: ignore[attr-defined]
    err = result.err.strip()  # type: ignore[attr-defined]
    assert len(err.splitlines()) == 1 and words in err and "Traceback" not in err, err


def test_a_new_project_starts_with_the_standard_checklist(db: str, cli: Runner) -> None:
    items = cli("--db", db, "checklist", "list", "--project", "MFA", "--json").json()
    assert [i["title"] for i in items] == list(STANDARD_CHECKLIST)
    assert all(not i["done"] for i in items)
    cli("--db", db, "project", "add", "BARE", "No checklist", "--no-checklist")
    assert cli("--db", db, "checklist", "list", "--project", "BARE", "--json").json() == []


def test_checklist_items_are_added_edited_done_moved_and_deleted(db: str, cli: Runner) -> None:
    added = cli(
        "--db",
        db,
        "checklist",
        "add",
        "MFA",
        "Licences bought",
        "--owner",
        "Ben Okafor",
        "--due",
        "2026-11-17",
        "--milestone",
        "Pilot",
    )
    item = int(added.out)
    row = next(i for i in cli("--db", db, "checklist", "list", "--json").json() if i["id"] == item)
    assert (row["owner"], row["due"], row["milestone"], row["overdue"], row["position"]) == (
        "Ben Okafor",
        "2026-11-17",
        "Pilot",
        True,
        6,
    )
    assert "OVERDUE" in cli("--db", db, "checklist", "list").out
    cli("--db", db, "checklist", "edit", str(item), "--note", "ask finance", "--owner", "none")
    cli("--db", db, "checklist", "done", str(item))
    row = next(i for i in cli("--db", db, "checklist", "list", "--json").json() if i["id"] == item)
    assert (row["done"], row["done_date"], row["owner"], row["note"], row["overdue"]) == (
        True,
        "2026-11-18",
        None,
        "ask finance",
        False,
    )
    cli("--db", db, "checklist", "reopen", str(item))
    cli("--db", db, "checklist", "move", str(item), "--by", "-6")
    titles = [i["title"] for i in cli("--db", db, "checklist", "list", "--json").json()]
    assert titles[0] == "Licences bought" and titles[1:] == list(STANDARD_CHECKLIST)
    cli("--db", db, "checklist", "delete", str(item))
    assert len(cli("--db", db, "checklist", "list", "--json").json()) == len(STANDARD_CHECKLIST)


def test_bad_checklist_input_is_one_line(db: str, cli: Runner) -> None:
    refused(cli("--db", db, "checklist", "add", "MFA", "X", "--milestone", "Nope"), "milestone")
    refused(cli("--db", db, "checklist", "add", "MFA", "  "), "title")
    refused(cli("--db", db, "checklist", "add", "NOPE", "X"), "project")
    refused(cli("--db", db, "checklist", "done", "1", "--date", "2026-12-25"), "future")
    refused(cli("--db", db, "checklist", "delete", "999"), "999")
    refused(cli("--db", db, "checklist", "add", "MFA", "X", "--owner", "Nobody"), "Nobody")


def test_a_gate_holds_its_milestone_until_it_is_done(db: str, cli: Runner) -> None:
    cli("--db", db, "task", "move", "1", "done")
    gate = cli("--db", db, "checklist", "edit", "5", "--milestone", "Pilot").out.strip()
    refused(cli("--db", db, "milestone", "done", "Pilot"), "#5 Service desk briefed")
    refused(cli("--db", db, "milestone", "delete", "Pilot"), "checklist item(s) gating it")
    cli("--db", db, "checklist", "done", gate)
    assert cli("--db", db, "milestone", "done", "Pilot").code == 0


def test_logging_time_and_spent_against_estimate(db: str, cli: Runner) -> None:
    assert cli("--db", db, "time", "log", "1", "1h30m").code == 0  # Ana, the assignee, today
    assert (
        cli(
            "--db",
            db,
            "time",
            "log",
            "1",
            "2",
            "--person",
            "Ben Okafor",
            "--date",
            "2026-11-17",
            "--note",
            "pairing",
            "--reduce",
        ).code
        == 0
    )
    entries = cli("--db", db, "time", "list", "--json").json()
    assert [(e["person"], e["day"], e["hours"]) for e in entries] == [
        ("Ana Silva", "2026-11-18", 1.5),
        ("Ben Okafor", "2026-11-17", 2.0),
    ]
    task = cli("--db", db, "task", "show", "1", "--json").json()
    assert task["remaining"] == 6  # only the --reduce entry lowered it: 8 − 2
    spent = cli("--db", db, "time", "spent", "MFA", "--json").json()
    assert (spent[0]["what"], spent[0]["estimate"], spent[0]["logged"], spent[0]["remaining"]) == ("project", 8, 3.5, 6)
    assert "Total: 1.5 h" in cli("--db", db, "time", "list", "--person", "Ana Silva", "--week", "2026-11-16").out
    assert "Total: 3.5 h" in cli("--db", db, "time", "list", "--week", "2026-11-20").out


def test_bad_time_is_one_line(db: str, cli: Runner) -> None:
    refused(cli("--db", db, "time", "log", "1", "abc"), "not a number of hours")
    refused(cli("--db", db, "time", "log", "1", "25"), "at most 24")
    refused(cli("--db", db, "time", "log", "1", "0"), "at least")
    refused(cli("--db", db, "time", "log", "1", "2", "--date", "2026-11-30"), "still to come")
    refused(cli("--db", db, "time", "log", "99", "2"), "99")
    cli("--db", db, "task", "add", "Nobody's card", "--project", "MFA")
    refused(cli("--db", db, "time", "log", "2", "2"), "no assignee")
    assert cli("--db", db, "time", "log", "1", "20").code == 0
    refused(cli("--db", db, "time", "log", "1", "5"), "at most 24 h a day")


def test_readiness_budget_and_the_page(db: str, cli: Runner) -> None:
    page = cli("--db", db, "project", "show", "MFA").out
    assert "Not ready: no goal; nothing stated in scope" in page
    assert "[ ] Pilot with a small representative group" in page
    for field, text in (
        ("--goal", "MFA for all staff"),
        ("--in-scope", "Staff accounts"),
        ("--out-of-scope", "Guests"),
        ("--stakeholders", "HR, Security"),
        ("--success-criteria", "100 % enrolled"),
        ("--approval-path", "Head of IT approves scope changes"),
    ):
        assert cli("--db", db, "project", "edit", "MFA", field, text).code == 0
    assert "Ready to start" in cli("--db", db, "project", "show", "MFA").out
    cli("--db", db, "project", "edit", "MFA", "--budget", "1000", "--spent", "850", "--hourly-rate", "50")
    cli("--db", db, "time", "log", "1", "2")  # 2 h × 50 = 100 more: 950 of 1000 is 95 %
    data = cli("--db", db, "project", "show", "MFA", "--json").json()
    assert data["ready"] and data["scope_gaps"] == []
    assert (data["budget_summary"]["spent"], data["budget_summary"]["used_pct"]) == (950, 95)
    assert data["rag"] == "amber"
    assert "over 90 % of budget: spent 950 of a 1,000 budget (95 %)" in data["rag_reasons"]
    refused(cli("--db", db, "project", "edit", "MFA", "--hourly-rate", "-1"), "hourly rate")
    listed = cli("--db", db, "project", "list").out
    assert "95 %" in listed and "yes" in listed
    refused(cli("--db", db, "project", "list", "--sort", "size"), "sort by")


def test_deactivating_someone_leaves_their_work_unassigned(db: str, cli: Runner) -> None:
    assert cli("--db", db, "person", "deactivate", "Ana Silva").code == 0
    people = {row["person"] for row in cli("--db", db, "capacity", "--json", "--weeks", "1").json()}
    assert people == {"Ben Okafor"}
    pilot = cli("--db", db, "milestone", "show", "Pilot", "--json").json()
    assert "8 h assigned to Ana Silva, who is inactive" in pilot["reasons"] and pilot["forecast"] is None


def test_a_persons_own_working_days(db: str, cli: Runner) -> None:
    assert cli("--db", db, "person", "add", "Cy Part", "--hours", "32", "--working-days", "Mon, tue,wed,THU").code == 0
    person = cli("--db", db, "person", "show", "Cy Part", "--json").json()
    assert person["working_days"] == "mon,tue,wed,thu"
    next_week = next(
        r for r in cli("--db", db, "capacity", "--json", "--person", "Cy Part").json() if r["week"] == "2026-11-23"
    )
    assert (next_week["weekdays"], next_week["contracted"]) == (4, 32)
    refused(cli("--db", db, "person", "edit", "Cy Part", "--working-days", "funday"), "not a weekday")
    assert cli("--db", db, "person", "edit", "Cy Part", "--working-days", "team").code == 0
    assert cli("--db", db, "person", "show", "Cy Part", "--json").json()["working_days"] == ""


def test_what_time_was_logged_on_is_kept(db: str, cli: Runner) -> None:
    """A card with logged time, and a person with time entries or checklist items, are not deleted: one line."""
    cli("--db", db, "time", "log", "1", "2", "--person", "Ben Okafor")
    refused(cli("--db", db, "task", "delete", "1"), "time logged")
    refused(cli("--db", db, "person", "delete", "Ben Okafor"), "time entries")
    cli("--db", db, "person", "add", "Cy Owner")
    cli("--db", db, "checklist", "edit", "1", "--owner", "Cy Owner")
    refused(cli("--db", db, "person", "delete", "Cy Owner"), "checklist item(s) owned")
    refused(cli("--db", db, "person", "add", "Dee", "--working-days", "monkey"), "not a weekday")


def test_a_value_written_badly_by_another_program_does_not_stop_the_list(db: str, cli: Runner) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("UPDATE project SET hourly_rate = 'abc', budget = 'x' WHERE key = 'MFA'")
    conn.execute("UPDATE checklist_item SET due = '3000-01-01' WHERE id = 1")
    conn.commit()
    conn.close()
    assert cli("--db", db, "project", "list").code == 0
    assert cli("--db", db, "project", "show", "MFA").code == 0
    report = cli("--db", db, "check").out
    assert "hourly rate 'abc'" in report and "checklist item 1: due" in report
