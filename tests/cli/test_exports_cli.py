"""``supportpm export``: every list as CSV, JSON and Markdown with the fields of its ``--json`` listing, and the
calendar as iCalendar that a calendar can import again without doubling its events.

The clock is frozen on Wednesday 18 November 2026; the demo's dates follow it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Runner
from tests.cli.conftest import cli as cli  # the in-process command line

KINDS = ["tasks", "milestones", "risks", "issues", "changes", "capacity", "log"]

# The listing whose --json each kind's export matches.
LISTINGS = {
    "tasks": ["task", "list"],
    "milestones": ["milestone", "list"],
    "risks": ["risk", "list"],
    "issues": ["issue", "list"],
    "changes": ["change", "list"],
    "capacity": ["capacity"],
    "log": ["log", "--limit", "10000"],
}

DAY = dt.timedelta(days=1)


def listing(cli: Runner, db: Path, kind: str, *more: str) -> list[dict[str, Any]]:
    """Return what ``supportpm <listing> --json`` prints for ``kind``."""
    result = cli("--db", db, *LISTINGS[kind], *more, "--json")
    assert result.code == 0, result.err
    rows: list[dict[str, Any]] = result.json()
    return rows


def markdown_rows(text: str) -> list[list[str]]:
    """Return the cells of a Markdown pipe table's rows (not its header or rule), split on unescaped ``|``."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert re.fullmatch(r"\|( --- \|)+", lines[1]), lines[1]
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]


@pytest.mark.parametrize("kind", KINDS)
def test_json_is_the_listing_s_json(demo_db: Path, cli: Runner, kind: str) -> None:
    expected = listing(cli, demo_db, kind)
    result = cli("--db", demo_db, "export", "json", kind)
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == expected
    assert len(expected) > 0, f"the demo has {kind}"


@pytest.mark.parametrize("kind", KINDS)
def test_csv_has_a_header_and_one_row_per_record(demo_db: Path, cli: Runner, kind: str) -> None:
    expected = listing(cli, demo_db, kind)
    result = cli("--db", demo_db, "export", "csv", kind)
    assert (result.code, result.err) == (0, "")
    reader = csv.DictReader(io.StringIO(result.out, newline=""))
    rows = list(reader)
    assert reader.fieldnames == list(expected[0])
    assert len(rows) == len(expected)
    first_key = next(iter(expected[0]))
    assert [r[first_key] for r in rows] == [str(e[first_key]) for e in expected]


@pytest.mark.parametrize("kind", KINDS)
def test_markdown_has_a_heading_and_one_table_row_per_record(demo_db: Path, cli: Runner, kind: str) -> None:
    expected = listing(cli, demo_db, kind)
    result = cli("--db", demo_db, "export", "md", kind)
    assert (result.code, result.err) == (0, "")
    assert re.match(r"# \S", result.out)
    header = next(line for line in result.out.splitlines() if line.startswith("|"))
    assert [c.strip() for c in header.strip("|").split("|")] == list(expected[0])
    rows = markdown_rows(result.out)
    assert len(rows) == len(expected)
    assert all(len(row) == len(expected[0]) for row in rows)
    count = f"{len(expected)} row" + ("" if len(expected) == 1 else "s")
    assert f"Exported from SupportPM on 2026-11-18: {count}." in result.out


def test_a_project_keeps_its_own_items(demo_db: Path, cli: Runner) -> None:
    tasks = json.loads(cli("--db", demo_db, "export", "json", "tasks", "--project", "mfa").out)
    assert tasks == listing(cli, demo_db, "tasks", "--project", "MFA")
    assert tasks and {t["project"] for t in tasks} == {"MFA"}
    risks = json.loads(cli("--db", demo_db, "export", "json", "risks", "--project", "PAT").out)
    assert risks and {r["project"] for r in risks} == {"PAT"}


def test_capacity_of_a_project_is_that_of_the_people_who_work_on_it(demo_db: Path, cli: Runner) -> None:
    everyone = listing(cli, demo_db, "capacity")
    tasks = listing(cli, demo_db, "tasks", "--project", "ONB")
    milestones = listing(cli, demo_db, "milestones", "--project", "ONB")
    project = next(p for p in cli("--db", demo_db, "project", "list", "--json").json() if p["key"] == "ONB")
    people = {t["assignee"] for t in tasks if t["column"] != "done"} | {m["owner"] for m in milestones}
    people = (people | {project["owner"]}) - {None}
    weeks = json.loads(cli("--db", demo_db, "export", "json", "capacity", "--project", "ONB").out)
    assert weeks == [w for w in everyone if w["person"] in people]
    assert 0 < len({w["person"] for w in weeks}) < len({w["person"] for w in everyone})


def test_the_log_since_a_day(demo_db: Path, cli: Runner) -> None:
    assert cli("--db", demo_db, "task", "done", "9").code == 0
    since = json.loads(cli("--db", demo_db, "export", "json", "log", "--since", "today").out)
    assert since == listing(cli, demo_db, "log", "--since", "today")
    assert since and all(e["time"] >= "2026-11-18" for e in since)
    assert len(since) < len(listing(cli, demo_db, "log"))


def test_out_writes_the_file_whole(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "risks.csv"
    out.write_text("an older export")
    result = cli("--db", demo_db, "export", "csv", "risks", "--out", out)
    assert result.code == 0 and result.out == f"exported 5 rows to {out}\n"
    assert out.read_text(encoding="utf-8") == cli("--db", demo_db, "export", "csv", "risks").out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cells_a_spreadsheet_would_run_are_kept_as_text(demo_db: Path, cli: Runner) -> None:
    titles = ['=HYPERLINK("http://x")', "+1 call", "-3 days", "@SUM(A1)", 'Plain | piped, quoted "title"']
    for title in titles:
        assert cli("--db", demo_db, "task", "add", "--project", "ONB", "--estimate", "2", "--", title).code == 0
    out = cli("--db", demo_db, "export", "csv", "tasks", "--project", "ONB").out
    shown = {row["title"] for row in csv.DictReader(io.StringIO(out, newline=""))}
    assert {'\'=HYPERLINK("http://x")', "'+1 call", "'-3 days", "'@SUM(A1)", titles[-1]} <= shown
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert all(not r["remaining"].startswith("'") for r in rows)  # numbers stay numbers
    md = cli("--db", demo_db, "export", "md", "tasks", "--project", "ONB").out
    assert '| Plain \\| piped, quoted "title" |' in md
    table = markdown_rows(md)
    assert len(table) == len(rows) and all(len(r) == len(table[0]) for r in table)


def test_an_empty_database_gives_a_header_only(tmp_path: Path, cli: Runner, demo_db: Path) -> None:
    """With nothing to export, CSV still names the columns: the same as the demo's rows have."""
    empty = tmp_path / "empty.db"
    for kind in KINDS:
        if kind == "log":
            continue  # a new database has logged its settings already
        out = cli("--db", empty, "export", "csv", kind).out
        assert out == ",".join(listing(cli, demo_db, kind)[0]) + "\n", kind
        md = cli("--db", empty, "export", "md", kind).out
        assert markdown_rows(md) == [] and ": 0 rows." in md
        assert json.loads(cli("--db", empty, "export", "json", kind).out) == []


def test_the_log_s_columns_without_rows_are_those_of_its_rows(demo_db: Path, cli: Runner) -> None:
    from supportpm_tui.services.exports import LOG_KEYS, ExportTable, to_csv

    assert list(LOG_KEYS) == list(listing(cli, demo_db, "log")[0])
    assert to_csv(ExportTable("log", "Activity log", list(LOG_KEYS), [])) == ",".join(LOG_KEYS) + "\n"


# --- the calendar -------------------------------------------------------------------------


def parse_calendar(text: str) -> Any:
    """Return the calendar parsed by ``icalendar``, as another calendar reads the file."""
    from icalendar import Calendar

    return Calendar.from_ical(text)


def events_by_uid(calendar: Any) -> dict[str, Any]:
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(calendar.walk("VEVENT")), "every UID once"
    return events


def test_the_calendar_holds_every_milestone_and_every_day_of_leave(demo_db: Path, cli: Runner) -> None:
    result = cli("--db", demo_db, "export", "ics")
    assert (result.code, result.err) == (0, "")
    assert "\r\n" in result.out  # iCalendar's own line ends, into a pipe or a file
    calendar = parse_calendar(result.out)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//SupportPM//")
    assert str(calendar["X-WR-CALNAME"]) == "SupportPM"
    events = events_by_uid(calendar)
    (tag,) = {uid.split("@")[1] for uid in events}
    assert re.fullmatch(r"[0-9a-f]{12}\.supportpm", tag)

    milestones = listing(cli, demo_db, "milestones")
    for m in milestones:
        event = events[f"milestone-{m['id']}@{tag}"]
        assert event.decoded("DTSTART") == dt.date.fromisoformat(m["due_date"])
        assert event.decoded("DTEND") == dt.date.fromisoformat(m["due_date"]) + DAY  # exclusive
        assert str(event["SUMMARY"]) == f"{m['project']}: {m['name']}"
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC)
        description = str(event["DESCRIPTION"])
        status = m["status"].replace("_", " ")
        assert description.startswith(f"Status: {status}. Forecast: {m['forecast']} "), description

    leave = cli("--db", demo_db, "leave", "list", "--json").json()
    kinds = {c["kind"] for c in leave}
    assert {"pto", "on_call", "holiday"} <= kinds
    for c in leave:
        event = events[f"leave-{c['id']}@{tag}"]
        first, after = event.decoded("DTSTART"), event.decoded("DTEND")
        day = dt.date.fromisoformat(c["start"])
        while day <= dt.date.fromisoformat(c["end"]):
            assert first <= day < after, (c, day)
            day += DAY
        assert after == dt.date.fromisoformat(c["end"]) + DAY
        if c["person"] == "all":
            assert str(event["SUMMARY"]) == f"Holiday: {c['note']}"
        else:
            assert str(event["SUMMARY"]).startswith(f"{c['person']}: ")
    assert len(events) == len(milestones) + len(leave)


def test_a_late_milestone_says_how_late(demo_db: Path, cli: Runner) -> None:
    late = next(m for m in listing(cli, demo_db, "milestones") if m["slip_days"] > 1)
    events = events_by_uid(parse_calendar(cli("--db", demo_db, "export", "ics").out))
    (event,) = [e for uid, e in events.items() if uid.startswith(f"milestone-{late['id']}@")]
    status = late["status"].replace("_", " ")
    expected = f"Status: {status}. Forecast: {late['forecast']} ({late['slip_days']} working days late)"
    assert str(event["DESCRIPTION"]).splitlines()[0] == expected


def test_exporting_again_gives_the_same_uids(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    first = events_by_uid(parse_calendar(cli("--db", demo_db, "export", "ics").out))
    moved_due = ("milestone", "edit", "Enrolment wave 2", "--project", "MFA", "--due", "2027-01-15")
    assert cli("--db", demo_db, *moved_due).code == 0
    out = tmp_path / "team.ics"
    assert cli("--db", demo_db, "export", "ics", "--out", out).code == 0
    again = events_by_uid(parse_calendar(out.read_bytes().decode("utf-8")))
    assert set(again) == set(first)
    moved = next(uid for uid, e in again.items() if str(e["SUMMARY"]) == "MFA: Enrolment wave 2")
    assert again[moved].decoded("DTSTART") == dt.date(2027, 1, 15)
    assert int(again[moved]["SEQUENCE"]) > int(first[moved]["SEQUENCE"])


def test_another_database_gets_other_uids(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    assert cli("--db", other, "person", "add", "Ana").code == 0
    assert cli("--db", other, "leave", "add", "Ana", "2026-12-01", "2026-12-02").code == 0
    ours = set(events_by_uid(parse_calendar(cli("--db", demo_db, "export", "ics").out)))
    theirs = set(events_by_uid(parse_calendar(cli("--db", other, "export", "ics").out)))
    assert len(theirs) == 1 and not ours & theirs


def test_a_project_s_calendar(demo_db: Path, cli: Runner) -> None:
    """A project's milestones, the leave and duty of the people who work on it, and every holiday."""
    calendar = parse_calendar(cli("--db", demo_db, "export", "ics", "--project", "MFA").out)
    assert str(calendar["X-WR-CALNAME"]) == "SupportPM · MFA"
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    milestones = listing(cli, demo_db, "milestones", "--project", "MFA")
    assert sorted(s for s in summaries if s.startswith("MFA: ")) == sorted(f"MFA: {m['name']}" for m in milestones)
    assert not [s for s in summaries if s.startswith(("LAP: ", "PAT: ", "ONB: "))]
    holidays = [c for c in cli("--db", demo_db, "leave", "list", "--json").json() if c["person"] == "all"]
    assert sum(s.startswith("Holiday: ") for s in summaries) == len(holidays)
    weeks = json.loads(cli("--db", demo_db, "export", "json", "capacity", "--project", "MFA").out)
    people = {w["person"] for w in weeks}  # the people who work on MFA, as capacity keeps them
    leave = [c for c in cli("--db", demo_db, "leave", "list", "--json").json() if c["person"] != "all"]
    shown = {s.split(": ")[0] for s in summaries if not s.startswith(("MFA: ", "Holiday: "))}
    assert shown == {c["person"] for c in leave if c["person"] in people} and shown
    assert {c["person"] for c in leave} - people, "someone's leave is left out"


# --- mistakes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["xml", "tasks"], "unknown format 'xml'; choose ics, csv, json or md"),
        (["csv", "bugs"], "unknown kind 'bugs'; choose tasks, milestones, risks, issues, changes, capacity or log"),
        (["csv"], "say what to export as csv: tasks, milestones"),
        (["ics", "tasks"], "ics exports the calendar"),
        (["md", "calendar"], "the calendar is exported as ics, not md"),
        (["csv", "tasks", "--since", "fri"], "only the activity log is exported from a day"),
        (["csv", "log", "--project", "MFA"], "the activity log is not kept by project"),
        (["csv", "tasks", "--project", "NOPE"], "no project with key 'NOPE'"),
        (["json", "log", "--since", "someday"], "since"),
    ],
)
def test_a_wrong_word_is_one_line_and_status_2(demo_db: Path, cli: Runner, args: list[str], words: str) -> None:
    result = cli("--db", demo_db, "export", *args)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("supportpm: error: ")
    assert words in result.err


@pytest.mark.parametrize("where", ["missing/folder/x.csv", "a-folder", "a-file/x.csv"])
def test_a_file_that_cannot_be_written_is_one_line_and_nothing_left(
    demo_db: Path, cli: Runner, tmp_path: Path, where: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("not a folder")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = cli("--db", demo_db, "export", "csv", "tasks", "--out", tmp_path / where)
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and str(tmp_path / where) in result.err, result.err
    assert [p for p in after if not p.name.startswith("demo")] == [p for p in before if not p.name.startswith("demo")]
    assert (tmp_path / "a-file").read_text() == "not a folder"


def test_help_names_the_formats_and_kinds(cli: Runner) -> None:
    text = " ".join(cli("export", "--help").out.split())
    assert "ics" in text and "csv, json or md" in text
    assert "tasks, milestones, risks, issues, changes, capacity or log" in text


def test_a_real_process_writes_the_calendar_exactly_into_a_pipe(demo_db: Path, proc: Runner) -> None:
    import os
    import subprocess
    import sys

    from tests.cli.conftest import ROOT
    from tests.conftest import TODAY

    env = {**os.environ, "SUPPORTPM_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "supportpm_tui", "--db", str(demo_db), "export", "ics"]
    done = subprocess.run(command, capture_output=True, env=env, timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    lines = done.stdout.split(b"\r\n")  # iCalendar's line ends arrive as written
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]
    assert not [line for line in lines if b"\n" in line or b"\r" in line]
    wrong = proc("--db", str(demo_db), "export", "pdf", "tasks")
    assert (wrong.code, wrong.out) == (2, "")
    assert wrong.err == "supportpm: error: format: unknown format 'pdf'; choose ics, csv, json or md\n"
