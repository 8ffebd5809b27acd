"""Ticket load from a helpdesk export (one row per ticket), and weeks that already have load: add, replace, ask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.conftest import Runner

# One row per ticket, ';'-separated, with a byte-order mark, a quoted summary holding the separator and a line
# break, names in another case, dates in several forms, and a ticket nobody took. Record by record:
#   line 2-3  Tom Becker  Thu 31.12.2026 09:15      -> 2026-W53 (Monday 2026-12-28)
#   line 4    tom becker  Sun 2027-01-03T10:00:00Z  -> 2026-W53: the ISO week runs into January
#   line 5    Aisha Khan  Mon 28.12.2026            -> 2026-W53
#   line 6    Aisha Khan  Mon 2027-01-04 08:00      -> 2027-W01 (Monday 2027-01-04)
#   line 7    (nobody)    Wed 2026-12-30            -> unassigned: counted, not imported
#   line 8    Priya Shah  Sun 27/12/2026            -> 2026-W52 (Monday 2026-12-21)
HELPDESK = (
    "\ufeffTicket;Summary;Assignee;Created;Resolved\r\n"
    '101;"Printer; jammed\r\nagain";Tom Becker;31.12.2026 09:15;\r\n'
    '102;"VPN ""down""";tom becker;2027-01-03T10:00:00Z;2027-01-04\r\n'
    "103;Password reset;Aisha Khan;28.12.2026;\r\n"
    "104;New laptop;Aisha Khan;2027-01-04 08:00;\r\n"
    "105;Mailbox full;;2026-12-30;\r\n"
    "106;Shared drive;Priya Shah;27/12/2026;\r\n"
)


def write(tmp_path: Path, text: str, name: str = "helpdesk.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def loads(cli: Runner, db: Path, source: str | None = None) -> list[dict[str, Any]]:
    """Return the ticket load stored (from ``source`` only, when given)."""
    rows = cli("--db", db, "tickets", "list", "--json").json()
    return [r for r in rows if source is None or r["source"] == source]


def by_week(rows: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int | None, float]]:
    return {(r["person"], r["iso_week"]): (r["tickets"], r["hours"]) for r in rows}


def test_a_semicolon_export_with_a_bom_and_quoted_fields_is_counted_per_person_and_iso_week(
    cli: Runner, demo_db: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, HELPDESK)
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code == 0, result
    assert result.out.splitlines()[:2] == [
        "imported 5 ticket(s) from helpdesk.csv as 4 week(s) of ticket load",
        "1 unassigned row(s) left out",
    ]
    # No hours column: hours are tickets × the demo's average of 30 minutes.
    assert by_week(loads(cli, demo_db, "helpdesk.csv")) == {
        ("Tom Becker", "2026-W53"): (2, 1.0),
        ("Aisha Khan", "2026-W53"): (1, 0.5),
        ("Aisha Khan", "2027-W01"): (1, 0.5),
        ("Priya Shah", "2026-W52"): (1, 0.5),
    }
    weeks = {r["iso_week"]: r["week"] for r in loads(cli, demo_db, "helpdesk.csv")}
    assert weeks == {"2026-W53": "2026-12-28", "2027-W01": "2027-01-04", "2026-W52": "2026-12-21"}


def test_columns_named_on_the_command_line_with_hours_and_month_first_dates(
    cli: Runner, demo_db: Path, tmp_path: Path
) -> None:
    # 12/31/2026 can only be month first, so the whole column is; an empty Time is the average 30 minutes.
    path = write(
        tmp_path,
        "Key,Handled by,Closed on day,Time\n"
        "A-1,Tom Becker,12/31/2026 4:15 PM,1.5\n"
        "A-2,Tom Becker,01/02/2027,0.25\n"
        "A-3,Tom Becker,01/03/2027 08:00,\n"
        "A-4,Jamal Reed,01/04/2027,2\n",
        "custom.csv",
    )
    refused = cli("--db", demo_db, "tickets", "import", path)
    assert refused.code == 2 and "no column says who handled each ticket" in refused.err, refused
    result = cli(
        "--db",
        demo_db,
        "tickets",
        "import",
        path,
        "--person-column",
        "handled by",
        "--date-column",
        "Closed on day",
        "--hours-column",
        "TIME",
    )
    assert result.code == 0, result
    assert "note: Closed on day: dates like 12/31/2026 read month first" in result.out
    assert by_week(loads(cli, demo_db, "custom.csv")) == {
        ("Tom Becker", "2026-W53"): (3, 2.25),  # 1.5 + 0.25 + 0.5
        ("Jamal Reed", "2027-W01"): (1, 2.0),
    }


def test_a_week_with_load_needs_add_or_replace_and_without_either_nothing_changes(
    cli: Runner, demo_db: Path, tmp_path: Path
) -> None:
    assert cli("--db", demo_db, "tickets", "add", "Tom Becker", "2026-W53", "--hours", "3").code == 0
    path = write(tmp_path, HELPDESK)
    before = loads(cli, demo_db)
    refused = cli("--db", demo_db, "tickets", "import", path)
    assert refused.code == 2, refused
    assert refused.err == (
        "supportpm: error: ticket load is already logged for Tom Becker 2026-W53: give --add to add to it or "
        "--replace to replace it; nothing imported\n"
    )
    assert loads(cli, demo_db) == before

    added = cli("--db", demo_db, "tickets", "import", path, "--add")
    assert added.code == 0, added
    tom = [r for r in loads(cli, demo_db) if r["person"] == "Tom Becker" and r["iso_week"] == "2026-W53"]
    assert sorted((r["source"], r["tickets"], r["hours"]) for r in tom) == [
        ("helpdesk.csv", 2, 1.0),
        ("manual", None, 3.0),
    ]  # the week now counts 3 + 1 hours

    # The same file again, added: its own entries sum (2 + 2 tickets), the manual one stays.
    again = cli("--db", demo_db, "tickets", "import", path, "--add")
    assert again.code == 0, again
    assert by_week(loads(cli, demo_db, "helpdesk.csv"))[("Tom Becker", "2026-W53")] == (4, 2.0)
    assert by_week(loads(cli, demo_db, "helpdesk.csv"))[("Priya Shah", "2026-W52")] == (2, 1.0)
    assert by_week(loads(cli, demo_db, "manual"))[("Tom Becker", "2026-W53")] == (None, 3.0)

    replaced = cli("--db", demo_db, "tickets", "import", path, "--replace")
    assert replaced.code == 0, replaced
    tom = [r for r in loads(cli, demo_db) if r["person"] == "Tom Becker" and r["iso_week"] == "2026-W53"]
    assert [(r["source"], r["tickets"], r["hours"]) for r in tom] == [("helpdesk.csv", 2, 1.0)]
    assert by_week(loads(cli, demo_db, "helpdesk.csv"))[("Priya Shah", "2026-W52")] == (1, 0.5)

    both = cli("--db", demo_db, "tickets", "import", path, "--add", "--replace")
    assert both.code == 2 and both.err == "supportpm: error: give --add or --replace, not both\n", both


def test_dry_run_prints_each_person_and_week_and_writes_nothing(cli: Runner, demo_db: Path, tmp_path: Path) -> None:
    assert cli("--db", demo_db, "tickets", "add", "Aisha Khan", "2027-W01", "--tickets", "4").code == 0
    path = write(tmp_path, HELPDESK)
    before = loads(cli, demo_db)
    log_before = cli("--db", demo_db, "log", "--json").out

    result = cli("--db", demo_db, "tickets", "import", path, "--dry-run")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0].split() == ["PERSON", "WEEK", "TICKETS", "HOURS", "BEFORE", "AFTER", "ACTION"]
    assert [line.split() for line in lines[1:5]] == [
        ["Tom", "Becker", "2026-W53", "2", "1", "0", "1", "new"],
        ["Aisha", "Khan", "2026-W53", "1", "0.5", "0", "0.5", "new"],
        ["Aisha", "Khan", "2027-W01", "1", "0.5", "2", "2", "clash"],
        ["Priya", "Shah", "2026-W52", "1", "0.5", "0", "0.5", "new"],
    ]
    assert "would import 5 ticket(s) from helpdesk.csv as 4 week(s) of ticket load" in result.out
    assert "1 week(s) already have ticket load: give --add or --replace to write them" in result.out

    added = cli("--db", demo_db, "tickets", "import", path, "--dry-run", "--add", "--json")
    assert added.code == 0, added
    aisha = [r for r in added.json() if r["person"] == "Aisha Khan" and r["iso_week"] == "2027-W01"]
    assert aisha == [
        {
            "person": "Aisha Khan",
            "week": "2027-01-04",
            "iso_week": "2027-W01",
            "tickets": 1,
            "hours": 0.5,
            "before": 2.0,
            "after": 2.5,
            "action": "add",
        }
    ]
    assert loads(cli, demo_db) == before
    assert cli("--db", demo_db, "log", "--json").out == log_before


def test_every_bad_row_is_named_by_line_and_column_and_nothing_is_written(
    cli: Runner, demo_db: Path, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "Id;Agent;Resolved;Hours\n"
        "1;Tom Becker;2026-12-01;1\n"
        "2;Tom Becker;someday;1\n"
        "3;Tom Becker;31.02.2026;1\n"
        '4;"Aisha Khan";2026-12-02;lots\n'
        "5;Aisha Khan;2026-12-02;1;extra\n"
        "6;Aisha Khan;;1\n"
        "7;Priya Shah;2026-12-03;500\n",
    )
    before = loads(cli, demo_db)
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code == 2, result
    assert result.err.splitlines() == [
        "supportpm: error: helpdesk.csv: 6 bad row(s), nothing imported",
        "supportpm: error: line 3, Resolved: 'someday' is not a date (write 2026-12-31, 31.12.2026 or 31/12/2026, "
        "a time may follow)",
        "supportpm: error: line 4, Resolved: '31.02.2026' is not a date (write 2026-12-31, 31.12.2026 or "
        "31/12/2026, a time may follow)",
        "supportpm: error: line 5, Hours: 'lots' is not a number of hours",
        "supportpm: error: line 6: has 5 cells where the header names 4",
        "supportpm: error: line 7, Resolved: no date",
        "supportpm: error: line 8, Hours: 500 is not between 0 and 168 hours",
    ]
    assert loads(cli, demo_db) == before


def test_an_unknown_name_is_one_line_with_the_closest_person(cli: Runner, demo_db: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Assignee,Created\nTom Beker,2026-12-01\nAisha Khan,2026-12-01\nTom Beker,2026-12-02\nZoltan Qwyx,2026-12-02\n",
    )
    before = loads(cli, demo_db)
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code == 2, result
    assert result.err.splitlines() == [
        "supportpm: error: helpdesk.csv: 3 bad row(s), nothing imported",
        "supportpm: error: line 2, Assignee: no person named 'Tom Beker' (also line(s) 4); the closest is 'Tom Becker'",
        "supportpm: error: line 5, Assignee: no person named 'Zoltan Qwyx'; no one has a similar name",
    ]
    assert loads(cli, demo_db) == before


def test_the_weekly_shape_reads_a_semicolon_file_too(cli: Runner, demo_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, '\ufeffPerson;Week;Tickets;Hours\nTom Becker;2027-W02;12;\nAisha Khan;2027-01-13;;"2,5"\n')
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code == 0 and result.out.startswith("imported 2 row(s) from helpdesk.csv\n"), result
    assert by_week(loads(cli, demo_db, "helpdesk.csv")) == {
        ("Tom Becker", "2027-W02"): (12, 6.0),
        ("Aisha Khan", "2027-W02"): (None, 2.5),
    }


def test_a_file_of_unassigned_tickets_imports_nothing(cli: Runner, demo_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "Owner;Closed\n;2026-12-01\n ;2026-12-02\n")
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code == 2, result
    assert result.err == "supportpm: error: helpdesk.csv: every ticket in it is unassigned (2); nothing imported\n"


def test_slashed_dates_are_day_first_unless_the_column_says_otherwise(
    cli: Runner, demo_db: Path, tmp_path: Path
) -> None:
    # Tab-separated. 03/04/2027 could be either: with nothing in the column to say, it is 3 April (2027-W13).
    path = write(tmp_path, "Assignee\tResolved\nTom Becker\t03/04/2027 10:00\n", "either.tsv")
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code == 0, result
    assert "note: Resolved: dates like 03/04/2026 read day first" in result.out
    assert by_week(loads(cli, demo_db, "either.tsv")) == {("Tom Becker", "2027-W13"): (1, 0.5)}
    # 13/01/2027 makes the column day first, so 01/13/2027 is no date.
    mixed = write(tmp_path, "Assignee,Resolved\nTom Becker,13/01/2027\nTom Becker,01/13/2027\n", "mixed.csv")
    refused = cli("--db", demo_db, "tickets", "import", mixed)
    assert refused.code == 2
    assert refused.err == (
        "supportpm: error: mixed.csv: 1 bad row(s), nothing imported: line 3, Resolved: '01/13/2027' is not a "
        "real date read as day/month/year, as the rest of the column is\n"
    )
    assert loads(cli, demo_db, "mixed.csv") == []


def test_names_written_last_name_first_or_as_an_address_are_the_people(
    cli: Runner, demo_db: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, 'Assignee,Created\n"Becker, Tom",2027-03-01\ntom.becker@example.com,2027-03-02\n')
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code == 0, result.err
    assert by_week(loads(cli, demo_db, "helpdesk.csv"))[("Tom Becker", "2027-W09")][0] == 2
