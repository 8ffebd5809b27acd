"""The import parsers read each tool's real file shapes into our plan, and name every bad row by line and field.

The sample files are in ``tests/data/imports``; each is read as the import reads it (bytes, then
:func:`decode`), and what comes out is compared in full.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportpm_tui.services.imports import FORMATS, ics, jira, mspdi, redmine, taskwarrior
from supportpm_tui.services.imports.plan import ImportedPlan, ImportFileError, RowError, decode
from supportpm_tui.services.imports.values import duration_hours, read_hours, read_moment, read_number

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
D = dt.date


def read(name: str) -> str:
    """Return a sample file's text as the import decodes it."""
    return decode((DATA / name).read_bytes())


def tasks_of(plan: ImportedPlan) -> list[tuple[Any, ...]]:
    """Return each task as (id, title, column, assignee, estimate, remaining, start, due, done, priority)."""
    return [
        (t.source_id, t.title, t.column, t.assignee, t.estimate, t.remaining, t.start, t.due, t.done, t.priority)
        for t in plan.tasks
    ]


def links_of(plan: ImportedPlan) -> dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Return each task's milestone, tags and blockers by its id."""
    return {t.source_id: (t.milestone, t.tags, t.blockers) for t in plan.tasks}


def errors_of(parse: Any, text: str, **options: Any) -> list[tuple[int, str]]:
    """Return the (line, field) of each error ``parse`` names for ``text``; fail when it accepts the text."""
    with pytest.raises(ImportFileError) as caught:
        parse(text, **options)
    return [(e.line, e.field) for e in caught.value.errors]


# --- Jira ----------------------------------------------------------------------------------------------------


def test_jira_export_reads_every_issue_with_hours_dates_and_our_words() -> None:
    plan = jira.parse(read("jira-issues.csv"), zone="Europe/Berlin")
    assert plan.source == "jira"
    assert tasks_of(plan) == [
        ("MFA-101", "Choose the MFA provider", "done", "Asha Patel", 8.0, 0.0, None, D(2024, 3, 15), D(2024, 3, 12), "urgent"),  # noqa: E501
        ("MFA-102", "Enrol the pilot group", "in_progress", "Ben Okafor", 16.0, 10.0, None, D(2024, 3, 22), None, "high"),  # noqa: E501
        ("MFA-103", "Write the enrolment guide", "backlog", "Carla Nunes", 4.0, 4.0, None, D(2024, 3, 29), None, "normal"),  # noqa: E501
        ("MFA-104", "Brief the service desk", "ready", "Dan Ruiz", 2.0, None, None, D(2024, 3, 28), None, "low"),
        ("MFA-105", "Roll out to finance", "backlog", "", 25.0, 25.0, None, D(2024, 4, 12), None, "normal"),
        ("MFA-106", "Roll out to sales", "blocked", "Ben Okafor", 20.0, 20.0, None, D(2024, 4, 19), None, "high"),
        ("MFA-107", "Hardware tokens for shared desks", "testing", "Dan Ruiz", 3.0, 1.0, None, None, None, "low"),
        ("MFA-108", "Disable SMS fallback", "done", "Asha Patel", None, None, None, None, D(2024, 3, 20), "low"),
        ("MFA-109", "Update the VPN profile", "testing", "Carla Nunes", 5.0, 1.5, None, D(2024, 4, 5), None, "normal"),
        # resolved 2024-03-18 23:30 at -05:00 is the 19th in Berlin
        ("MFA-110", "Conditional access policy", "done", "Asha Patel", 6.0, 0.0, None, None, D(2024, 3, 19), "high"),
        ("MFA-111", "Help-desk reset process", "backlog", "Dan Ruiz", 3.5, None, None, D(2024, 4, 26), None, "urgent"),
        ("MFA-112", "Lessons learned", "backlog", "", None, None, None, D(2024, 5, 3), None, "normal"),
    ]  # fmt: skip
    assert links_of(plan) == {
        "MFA-101": ("Pilot", ("mfa", "security", "MFA Sprint 1"), ()),
        "MFA-102": ("Pilot", ("mfa", "pilot", "MFA Sprint 1", "MFA Sprint 2"), ("MFA-101",)),
        "MFA-103": ("Pilot", ("docs", "MFA Sprint 2"), ()),
        "MFA-104": ("Pilot", ("comms", "MFA Sprint 2"), ("MFA-103",)),
        "MFA-105": ("Wave 1", ("mfa", "finance", "wave-1"), ("MFA-103",)),
        "MFA-106": ("Wave 1", ("mfa", "sales"), ("MFA-105", "MFA-110")),
        "MFA-107": ("Wave 1", ("hardware", "MFA Sprint 2"), ()),
        "MFA-108": ("", ("security",), ()),
        "MFA-109": ("Wave 1", ("MFA Sprint 2",), ()),
        "MFA-110": ("Pilot", ("security", "mfa", "MFA Sprint 1"), ()),
        "MFA-111": ("Wave 1", ("process",), ()),
        "MFA-112": ("", (), ()),
    }
    first = plan.tasks[0]
    assert first.description == 'Compare Duo, Entra ID and Okta: cost, "number matching" support.\nShortlist by Friday.'
    assert [t.line for t in plan.tasks] == [2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert [(m.source_id, m.name, m.line) for m in plan.milestones] == [("Pilot", "Pilot", 2), ("Wave 1", "Wave 1", 7)]
    assert plan.notes == [
        "MFA-111 is in 2 fix versions: it goes to the first, Wave 1",
        "MFA-112 blocks MFA-200, which is not in the file: that link is left out",
    ]


def test_jira_times_with_a_zone_become_dates_in_the_zone_asked_for() -> None:
    plan = jira.parse(read("jira-issues.csv"), zone="America/Chicago")
    assert {t.source_id: t.done for t in plan.tasks}["MFA-110"] == D(2024, 3, 18)


def test_jira_bad_rows_are_each_named_by_line_and_column() -> None:
    assert errors_of(jira.parse, read("jira-bad.csv"), zone="UTC") == [(4, "Due Date"), (6, "Original Estimate")]


def test_jira_rows_without_key_or_summary_and_repeated_keys_are_refused() -> None:
    rows = [
        "Issue key,Summary,Original Estimate",
        "SUP-1,Fine,3600",
        ",No key,",
        "SUP-3,,",
        "SUP-1,Again,",
        "SUP-5,x,lots",
    ]
    text = "\n".join(rows) + "\n"
    assert errors_of(jira.parse, text) == [
        (3, "Issue key"),
        (4, "Summary"),
        (5, "Issue key"),
        (6, "Original Estimate"),
    ]
    with pytest.raises(ImportFileError, match="line 1, Summary: the header has no such column"):
        jira.parse("Issue key,Title\nSUP-1,Fine\n")


def test_jira_ten_thousand_rows_are_read_with_their_links() -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Summary", "Issue key", "Status", "Created", "Labels", "Labels", "Original Estimate",
                     "Outward issue link (Blocks)", "Description"])  # fmt: skip
    for i in range(1, 10_001):
        writer.writerow([f"Task {i}", f"SUP-{i}", "In Progress", "12/Mar/24 9:41 AM", "a", "b", "5400",
                         f"SUP-{i + 1}" if i < 10_000 else "", "Line one,\nline two"])  # fmt: skip
    plan = jira.parse(out.getvalue(), zone="UTC")
    assert len(plan.tasks) == 10_000
    assert plan.tasks[-1].blockers == ("SUP-9999",)
    assert plan.tasks[-1].line == 2 + 2 * 9_999
    assert sum(t.estimate or 0 for t in plan.tasks) == 15_000


# --- Redmine -------------------------------------------------------------------------------------------------

REDMINE_TASKS = [
    ("2041", "Inventory of Windows 10 laptops", "backlog", "Jürgen Müller", 2.5, 2.5, D(2024, 11, 4), D(2024, 11, 8), None, "normal"),  # noqa: E501
    ("2042", "Image the new laptop model", "in_progress", "Zoë Brückner", 12.0, 7.2, D(2024, 11, 6), D(2024, 11, 15), None, "high"),  # noqa: E501
    ("2043", "Pilot with the accounting team", "testing", "François Lefèvre", 8.75, 0.875, D(2024, 11, 18), D(2024, 11, 22), None, "urgent"),  # noqa: E501
    ("2044", "Fix the docking-station driver", "done", "Jürgen Müller", 1.5, 0.0, D(2024, 11, 4), D(2024, 11, 5), D(2024, 11, 5), "urgent"),  # noqa: E501
    ("2045", "Roll out to Zürich", "blocked", "François Lefèvre", 20.0, 20.0, D(2024, 11, 25), D(2024, 12, 6), None, "low"),  # noqa: E501
    ("2046", "Roll out to Genève", "backlog", "", 16.0, 16.0, D(2024, 12, 9), D(2024, 12, 20), None, "normal"),
    ("2047", "Old VPN client clean-up", "done", "Zoë Brückner", 0.5, 0.0, None, None, D(2024, 11, 12), "low"),
    ("2048", "Loan laptops for the trainees", "blocked", "François Lefèvre", 1.5, None, D(2024, 11, 11), None, None, "normal"),  # noqa: E501
]  # fmt: skip


def test_redmine_export_with_semicolons_decimal_commas_and_windows_accents() -> None:
    raw = (DATA / "redmine-issues.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Müller".encode("cp1252") in raw
    plan = redmine.parse(read("redmine-issues.csv"), zone="Europe/Berlin")
    assert plan.source == "redmine"
    assert tasks_of(plan) == REDMINE_TASKS
    assert links_of(plan) == {
        "2041": ("Phase 1", ("Support",), ()),
        "2042": ("Phase 1", ("Feature",), ("2041", "2044")),
        "2043": ("Phase 1", ("Support",), ("2042",)),
        "2044": ("Phase 1", ("Bug",), ()),
        "2045": ("Phase 2", ("Feature",), ()),
        "2046": ("Phase 2", ("Feature",), ("2045",)),
        "2047": ("", ("Support",), ()),
        "2048": ("", ("Support",), ()),
    }
    assert plan.tasks[2].description == "Ten people; feedback form ready\nbefore the pilot starts"
    assert [t.line for t in plan.tasks] == [2, 3, 4, 6, 7, 8, 9, 10]
    milestones = [(m.source_id, m.name, m.line) for m in plan.milestones]
    assert milestones == [("Phase 1", "Phase 1", 2), ("Phase 2", "Phase 2", 7)]
    assert plan.notes == []  # "Waiting for customer" is waiting on someone: Blocked


def test_redmine_reads_the_same_from_utf8_and_from_a_comma_file_with_decimal_points(tmp_path: Path) -> None:
    text = read("redmine-issues.csv")
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert tasks_of(redmine.parse(decode(utf8.read_bytes()), zone="UTC")) == REDMINE_TASKS
    english = (
        "#,TRACKER,status,priority,subject,assigned to,target version,start date,due date,estimated time,% done\n"
        '7,Support,New,High,"Replace screens, room 2",Ben Okafor,Phase 1,11/04/2024,2024-11-08,"1,234.5",50\n'
        "8,Support,Closed,Low,Label cables,,,,,2.25,\n"
    )
    plan = redmine.parse(english, zone="UTC")
    assert tasks_of(plan) == [
        ("7", "Replace screens, room 2", "backlog", "Ben Okafor", 1234.5, 617.25, D(2024, 4, 11), D(2024, 11, 8), None, "high"),  # noqa: E501
        ("8", "Label cables", "done", "", 2.25, None, None, None, None, "low"),
    ]  # fmt: skip


def test_redmine_bad_rows_are_each_named_by_line_and_column() -> None:
    assert errors_of(redmine.parse, read("redmine-bad.csv"), zone="UTC") == [
        (3, "Due date"),
        (4, "Subject"),
        (5, "% Done"),
        (6, "Estimated time"),
    ]


# --- Taskwarrior ---------------------------------------------------------------------------------------------

WRITER = "3f1c2a9e-8b1d-4a57-9c1e-0a6f5d2b7c11"
DESK = "7a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c22"


def test_taskwarrior_export_reads_statuses_utc_times_and_both_kinds_of_depends() -> None:
    plan = taskwarrior.parse(read("taskwarrior-export.json"), zone="Europe/Berlin")
    assert plan.source == "taskwarrior"
    assert tasks_of(plan) == [
        # due 23:00 UTC on the 15th is the 16th in Berlin
        (WRITER, "Order YubiKeys for the admins", "backlog", "", 2.0, None, None, D(2024, 11, 16), None, "high"),
        (DESK, "Enrol the service desk", "in_progress", "", 3.0, None, None, None, None, "normal"),
        ("b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d33", "Write the reset runbook", "backlog", "", 1.5, None, D(2024, 11, 18), D(2024, 11, 22), None, "low"),  # noqa: E501
        ("c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e44", "Pick the MFA provider", "done", "", 4.0, None, None, None, D(2024, 10, 31), "normal"),  # noqa: E501
        ("e5f6a7b8-c9d0-4e1f-8a2b-4c5d6e7f8a66", "Remind managers about enrolment", "backlog", "", None, None, None, None, None, "normal"),  # noqa: E501
        ("f6a7b8c9-d0e1-4f2a-9b3c-5d6e7f8a9b77", "Weekly MFA report", "backlog", "", None, None, None, D(2024, 11, 8), None, "normal"),  # noqa: E501
    ]  # fmt: skip
    assert [t.blockers for t in plan.tasks] == [(), (WRITER,), (WRITER, DESK), (), (), ()]
    assert [t.tags for t in plan.tasks] == [
        ("mfa.tokens", "purchase"), ("mfa", "pilot", "desk"), ("mfa.docs",), ("mfa",), ("mfa.comms", "comms"), ("mfa",)
    ]  # fmt: skip
    assert plan.tasks[1].description == "Start with the night shift\nTwo people are on leave"
    assert [t.line for t in plan.tasks] == [2, 3, 4, 5, 7, 8]
    assert plan.notes == ["1 deleted task left out"]


def test_taskwarrior_dates_follow_the_zone_and_one_object_per_line_is_read() -> None:
    lines = "\n".join(read("taskwarrior-export.json").strip().strip("[]").strip().split(",\n"))
    plan = taskwarrior.parse(lines, zone="UTC")
    assert plan.tasks[0].due == D(2024, 11, 15)
    assert [t.line for t in plan.tasks] == [1, 2, 3, 4, 6, 7]
    single = taskwarrior.parse('{\n  "uuid": "u-1",\n  "description": "One task",\n  "estimate": "PT45M"\n}\n')
    assert tasks_of(single) == [("u-1", "One task", "backlog", "", 0.75, None, None, None, None, "normal")]


def test_taskwarrior_bad_lines_and_fields_are_each_named() -> None:
    assert errors_of(taskwarrior.parse, read("taskwarrior-bad.json"), zone="UTC") == [
        (2, ""),
        (3, "due"),
        (4, "description"),
        (5, "estimate"),
    ]


def test_taskwarrior_broken_json_list_gives_one_line_with_the_error_line() -> None:
    text = '[\n{"uuid": "a", "description": "x"},\n{"uuid": "b" "description": "y"}\n]\n'
    with pytest.raises(ImportFileError) as caught:
        taskwarrior.parse(text)
    assert caught.value.errors == [RowError(3, "", "not JSON: Expecting ',' delimiter (column 14)")]
    assert str(caught.value).count("\n") == 0


# --- MS Project XML ------------------------------------------------------------------------------------------


def test_ms_project_plan_reads_tasks_milestones_people_and_calendars() -> None:
    plan = mspdi.parse(read("plan-msproject.xml"), zone="Europe/Berlin")
    assert plan.source == "mspdi"
    assert tasks_of(plan) == [
        ("2", "Order laptops", "done", "Asha Patel", 16.0, 0.0, D(2025, 1, 6), D(2025, 1, 7), D(2025, 1, 7), "high"),
        ("3", "Build the image", "in_progress", "Asha Patel", 32.0, 16.0, D(2025, 1, 8), D(2025, 1, 10), None, "normal"),  # noqa: E501
        ("6", "Swap laptops, floor 1", "backlog", "Ben Okafor", 40.0, 40.0, D(2025, 1, 13), D(2025, 1, 17), None, "normal"),  # noqa: E501
        ("7", "Swap laptops, floor 2", "backlog", "", 40.0, 40.0, D(2025, 1, 20), D(2025, 1, 24), None, "urgent"),
    ]  # fmt: skip
    assert links_of(plan) == {
        "2": ("", (), ()),
        "3": ("Image ready", (), ("2",)),
        "6": ("", (), ("3",)),
        "7": ("Rollout done", (), ("6",)),
    }
    assert plan.tasks[1].description == "Windows 11 24H2, BitLocker on"
    assert [(m.source_id, m.name, m.due, m.done, m.owner, m.predecessors) for m in plan.milestones] == [
        ("4", "Image ready", D(2025, 1, 10), None, "Asha Patel", ()),
        ("8", "Rollout done", D(2025, 1, 24), None, "", ("4",)),
    ]
    assert plan.people == ["Asha Patel", "Ben Okafor"]
    assert [(d.start, d.end, d.person, d.kind, d.note) for d in plan.days_off] == [
        (D(2025, 1, 1), D(2025, 1, 1), "", "holiday", "New Year's Day"),
        (D(2025, 4, 18), D(2025, 4, 21), "", "holiday", "Easter"),
        (D(2025, 2, 10), D(2025, 2, 14), "Asha Patel", "pto", "Vacation"),
    ]
    assert [t.line for t in plan.tasks] == [135, 150, 202, 221]
    assert plan.notes == ["2 summary task(s) left out: the tasks under them are imported one by one"]


def test_projectlibre_plan_without_namespace_and_with_old_style_exceptions() -> None:
    plan = mspdi.parse(read("plan-projectlibre.xml"), zone="Europe/Berlin")
    assert tasks_of(plan) == [
        ("1", "Survey the sites", "done", "Carla Nunes", 24.0, 0.0, D(2025, 3, 3), D(2025, 3, 5), D(2025, 3, 5), "normal"),  # noqa: E501
        # no Work (PT0H): the Duration is the estimate
        ("3", "Pull the new cabling", "in_progress", "Jürgen Müller", 80.0, 60.0, D(2025, 3, 6), D(2025, 3, 19), None, "low"),  # noqa: E501
        ("4", "Patch the switches", "backlog", "", 12.0, 12.0, D(2025, 3, 20), D(2025, 3, 21), None, "high"),
    ]  # fmt: skip
    assert links_of(plan) == {"1": ("Survey signed off", (), ()), "3": ("", (), ("1",)), "4": ("", (), ("3",))}
    assert [(m.source_id, m.name, m.due, m.done) for m in plan.milestones] == [
        ("2", "Survey signed off", D(2025, 3, 5), D(2025, 3, 5))
    ]
    assert plan.people == ["Carla Nunes", "Jürgen Müller"]
    # 1 May ends at the next midnight (exclusive); a working exception is no day off
    assert [(d.start, d.end, d.kind) for d in plan.days_off] == [
        (D(2025, 5, 1), D(2025, 5, 1), "holiday"),
        (D(2025, 5, 29), D(2025, 5, 29), "holiday"),
    ]


def test_ganttproject_plan_with_empty_work_and_links_to_a_summary_task() -> None:
    plan = mspdi.parse(read("plan-ganttproject.xml"), zone="Europe/Berlin")
    assert tasks_of(plan) == [
        ("2", "Order switches", "in_progress", "", 40.0, 32.0, D(2025, 6, 2), D(2025, 6, 6), None, "normal"),
        ("4", "Install switches", "backlog", "Dan Ruiz", 16.0, 16.0, D(2025, 6, 10), D(2025, 6, 11), None, "normal"),
    ]
    assert links_of(plan) == {"2": ("Switches delivered", (), ()), "4": ("", (), ("2",))}
    assert [(m.source_id, m.name, m.due) for m in plan.milestones] == [("3", "Switches delivered", D(2025, 6, 6))]
    assert plan.people == ["Dan Ruiz"]
    assert [(d.source_id, d.start, d.end, d.note) for d in plan.days_off] == [
        ("1:2025-06-09", D(2025, 6, 9), D(2025, 6, 9), "Whit Monday")
    ]
    assert plan.notes == ["1 summary task(s) left out: the tasks under them are imported one by one"]


def test_ms_project_bad_tasks_are_each_named_by_line_and_field() -> None:
    assert errors_of(mspdi.parse, read("mspdi-bad.xml"), zone="UTC") == [
        (9, "Name"),
        (13, "Duration"),
        (18, "Start"),
        (24, "PercentComplete"),
        (37, "ToDate"),
    ]


def test_ms_project_refuses_entities_broken_xml_and_other_documents() -> None:
    laughs = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n]>\n<Project>&lol;</Project>\n'
    with pytest.raises(ImportFileError) as caught:
        mspdi.parse(laughs)
    refusal = "line 2: DOCTYPE declarations are not accepted: save the plan again"
    assert [str(e) for e in caught.value.errors] == [refusal]
    assert errors_of(mspdi.parse, "<Project>\n<Tasks>\n</Project>\n") == [(3, "")]
    with pytest.raises(ImportFileError, match="holds <Workbook>, not <Project>"):
        mspdi.parse("<Workbook/>")


# --- iCalendar -----------------------------------------------------------------------------------------------


def test_german_holidays_are_days_off_for_everyone_with_yearly_ones_repeated() -> None:
    plan = ics.parse(read("holidays-de.ics"), zone="Europe/Berlin")
    assert plan.source == "ics"
    assert [(d.start, d.end, d.note) for d in plan.days_off] == [
        (D(2025, 1, 1), D(2025, 1, 1), "Neujahr"),
        (D(2025, 4, 18), D(2025, 4, 18), "Karfreitag"),
        (D(2025, 4, 21), D(2025, 4, 21), "Ostermontag"),
        (D(2025, 5, 1), D(2025, 5, 1), "Tag der Arbeit"),
        (D(2025, 5, 29), D(2025, 5, 29), "Christi Himmelfahrt"),
        (D(2025, 6, 9), D(2025, 6, 9), "Pfingstmontag"),
        (D(2025, 10, 3), D(2025, 10, 3), "Tag der Deutschen Einheit"),
        (D(2025, 12, 25), D(2025, 12, 26), "1. und 2. Weihnachtstag"),
        (D(2026, 1, 1), D(2026, 1, 1), "Neujahr"),
        (D(2026, 5, 1), D(2026, 5, 1), "Tag der Arbeit"),
        (D(2026, 10, 3), D(2026, 10, 3), "Tag der Deutschen Einheit"),
        (D(2026, 12, 25), D(2026, 12, 26), "1. und 2. Weihnachtstag"),
        (D(2027, 1, 1), D(2027, 1, 1), "Neujahr"),
        (D(2027, 5, 1), D(2027, 5, 1), "Tag der Arbeit"),
        (D(2027, 10, 3), D(2027, 10, 3), "Tag der Deutschen Einheit"),
        (D(2027, 12, 25), D(2027, 12, 26), "1. und 2. Weihnachtstag"),
    ]
    assert {(d.person, d.kind) for d in plan.days_off} == {("", "holiday")}
    assert plan.days_off[1].source_id == "karfreitag-2025@feiertage.example.org"
    assert plan.days_off[-1].source_id == "weihnachten@feiertage.example.org/2027-12-25"
    assert plan.days_off[1].line == 18
    assert plan.notes == ["recurring events repeated for 2025–2027"]


def test_outlook_leave_with_its_own_time_zone_is_one_persons_leave() -> None:
    plan = ics.parse(read("leave-outlook.ics"), zone="Europe/Berlin", person="Zoë Brückner")
    assert [(d.start, d.end, d.kind, d.note, d.line) for d in plan.days_off] == [
        (D(2024, 11, 4), D(2024, 11, 8), "pto", "Urlaub", 23),
        (D(2024, 11, 13), D(2024, 11, 13), "sick", "Sick - krank gemeldet", 42),
        (D(2024, 11, 20), D(2024, 11, 20), "training", "Training: Entra ID administration", 54),
        (D(2024, 11, 25), D(2024, 11, 25), "pto", "Dentist", 64),
        (D(2024, 11, 28), D(2024, 11, 29), "pto", "Night migration of the file server", 72),
    ]
    assert {d.person for d in plan.days_off} == {"Zoë Brückner"}
    outlook_uid = "040000008200E00074C5B7101A82E00800000000D0A2C8B3E91EDB01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90"  # noqa: E501
    assert plan.days_off[0].source_id == outlook_uid
    assert plan.notes == ["1 cancelled event left out"]
    # the same leave seen from New York starts the evening before and the night migration ends before midnight
    far = ics.parse(read("leave-outlook.ics"), zone="America/New_York", person="Zoë Brückner")
    assert (far.days_off[0].start, far.days_off[0].end) == (D(2024, 11, 3), D(2024, 11, 8))
    assert (far.days_off[-1].start, far.days_off[-1].end) == (D(2024, 11, 28), D(2024, 11, 28))
    everyone = ics.parse(read("leave-outlook.ics"), zone="Europe/Berlin")
    assert {(d.person, d.kind) for d in everyone.days_off} == {("", "holiday")}


def test_ics_bad_events_are_each_named_by_line_and_property() -> None:
    assert errors_of(ics.parse, read("ics-bad.ics"), zone="UTC") == [(10, "DTSTART"), (15, "DTSTART"), (21, "DTEND")]
    assert errors_of(ics.parse, "BEGIN:VCALENDAR\nVERSION:2.0\nthis is not a calendar\nEND:VCALENDAR\n") == [(3, "")]


# --- all formats ---------------------------------------------------------------------------------------------


def test_every_format_names_a_module_with_parse_and_an_unknown_zone_is_one_clear_line() -> None:
    assert sorted(FORMATS) == ["ics", "jira", "mspdi", "redmine", "taskwarrior"]
    for name, module in FORMATS.items():
        parse = importlib.import_module(module).parse
        with pytest.raises(ImportFileError) as caught:
            parse("", zone="Mars/Olympus_Mons")
        refusal = "zone: 'Mars/Olympus_Mons' is not a known time zone (use a name like Europe/Berlin)"
        assert str(caught.value) == refusal, name
        with pytest.raises(ImportFileError, match="line 1"):
            parse("", zone="UTC")


def test_the_values_files_hold_are_read_in_each_tools_shape() -> None:
    assert read_moment("12/Mar/24 9:41 AM") == dt.datetime(2024, 3, 12, 9, 41)
    assert read_moment("12/Mar/24 12:05 AM") == dt.datetime(2024, 3, 12, 0, 5)
    assert read_moment("12/Mar/2024 9:41 PM") == dt.datetime(2024, 3, 12, 21, 41)
    assert read_moment("05.11.2024 14:30") == dt.datetime(2024, 11, 5, 14, 30)
    assert read_moment("05/11/2024") == D(2024, 11, 5)
    assert read_moment("20241105T120000Z") == dt.datetime(2024, 11, 5, 12, tzinfo=dt.UTC)
    assert read_moment("2024-11-05") == D(2024, 11, 5)
    for bad in ("12/Foo/24", "31.02.2024", "13/Mar/24 13:00 PM", "1969-12-31", "soon", ""):
        with pytest.raises(ValueError):
            read_moment(bad)
    durations = ("PT16H0M0S", "PT0H0M0S", "PT1H30M", "P1DT2H", "PT7.5H")
    assert [duration_hours(d) for d in durations] == [16, 0, 1.5, 10, 7.5]
    assert [read_number(n) for n in ("2,5", "2.5", "1.234,5", "1,234.5", " 3 ")] == [2.5, 2.5, 1234.5, 1234.5, 3]
    assert [read_hours(h) for h in ("2:30", "2,5 h", "PT4H", "0")] == [2.5, 2.5, 4, 0]
    for bad in ("-1", "-PT1H", "nan", "inf", "P", "PT", "4 hours"):
        with pytest.raises(ValueError):
            read_hours(bad)


def test_importing_a_parser_loads_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "import supportpm_tui.services.imports.jira, supportpm_tui.services.imports.redmine\n"
        "import supportpm_tui.services.imports.taskwarrior, supportpm_tui.services.imports.mspdi\n"
        "import supportpm_tui.services.imports.ics\n"
        "heavy = {'icalendar', 'dateutil', 'xml.etree.ElementTree', 'csv', 'json', 'zoneinfo'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


SAMPLES = {
    "jira": "jira-issues.csv",
    "redmine": "redmine-issues.csv",
    "taskwarrior": "taskwarrior-export.json",
    "mspdi": "plan-msproject.xml",
    "ics": "leave-outlook.ics",
}
_PARSERS = {"jira": jira.parse, "redmine": redmine.parse, "taskwarrior": taskwarrior.parse, "mspdi": mspdi.parse,
            "ics": ics.parse}  # fmt: skip
_TEXTS = {name: read(file) for name, file in SAMPLES.items()}


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    cut=st.floats(0, 1),
    length=st.integers(0, 400),
    noise=st.text(max_size=40),
    scratch=st.booleans(),
)
def test_any_text_is_read_or_refused_with_lines_never_crashes(
    name: str, cut: float, length: int, noise: str, scratch: bool
) -> None:
    sample = _TEXTS[name]
    at = int(cut * len(sample))
    text = noise if scratch else sample[:at] + noise + sample[at + length :]
    try:
        plan = _PARSERS[name](text, zone="Europe/Berlin", person="Zoë Brückner")
    except ImportFileError as error:
        assert error.errors and all(isinstance(e, RowError) and e.line >= 0 for e in error.errors)
    else:
        assert plan.source == name


def test_a_status_word_no_tracker_uses_is_backlog_and_said_once() -> None:
    from supportpm_tui.services.imports.plan import column_for_status

    notes: list[str] = []
    assert column_for_status("Code Review", notes) == "testing"
    assert column_for_status("Waiting for Customer", notes) == "blocked"
    assert column_for_status("Triage", notes) == column_for_status("triage ", notes) == "backlog"
    assert notes == ["status 'Triage' is not known: read as Backlog"]
