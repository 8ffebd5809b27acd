"""The leadership summary: the demo on a fixed day, word for word; a week later with its trends; every number
as the other commands' JSON give it; bad input in one line.

The clock is frozen on Wednesday 18 November 2026.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from supportpm_tui.core import clock
from tests.cli.conftest import Runner
from tests.cli.conftest import cli as cli  # the in-process command line
from tests.golden import assert_golden


def test_the_summary_of_the_demo_word_for_word(demo_db: Path, cli: Runner) -> None:
    """Exceptions first, then every project, trends, top risks, decisions and capacity pressure."""
    text = cli("--db", demo_db, "report", "summary").out
    assert_golden("summary-demo.md", text)
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections == [
        "Exceptions",
        "Projects",
        "Trends since the last summary",
        "Top risks",
        "Decisions needed",
        "Capacity pressure (next 4 weeks)",
    ]
    assert not re.search(r"#\d|_|\bid\b|at_risk|on_track", text), text


def test_the_status_update_of_the_demo_word_for_word(demo_db: Path, cli: Runner) -> None:
    assert_golden("status-update-MFA.md", cli("--db", demo_db, "report", "status", "MFA").out)


def test_a_week_later_the_summary_shows_what_changed(demo_db: Path, cli: Runner) -> None:
    """Recorded on 18 Nov; a week later: a RAG that changed, forecasts that moved, milestones done on time and
    late, a decision taken, and the review of a project done in the month."""
    db = ("--db", demo_db)
    assert cli(*db, "report", "summary", "--record").code == 0
    clock.freeze(dt.date(2026, 11, 25))
    try:
        assert cli(*db, "milestone", "done", "Pilot devices imaged", "--date", "2026-11-24", "--force").code == 0
        assert cli(*db, "milestone", "done", "Hardware tokens ordered", "--date", "2026-11-24", "--force").code == 0
        (change,) = [c for c in cli(*db, "change", "list", "--json").json() if c["status"] == "proposed"]
        assert cli(*db, "change", "reject", change["id"]).code == 0
        assert cli(*db, "project", "edit", "ONB", "--status", "done").code == 0
        review = ("--went-well", "HR and IT met weekly", "--went-badly", "The template came late")
        assert cli(*db, "review", "set", "ONB", *review, "--change-next", "Agree the template first").code == 0
        text = cli(*db, "report", "summary").out
    finally:
        clock.freeze(dt.date(2026, 11, 18))
    assert_golden("summary-a-week-later.md", text)
    assert "## Trends since the last summary (18 Nov)" in text
    assert "- Milestones done in November: 2 (1 on time, 1 late)." in text
    assert "## Reviews of projects done in November" in text and "HR and IT met weekly" in text


def test_every_number_agrees_with_the_other_commands(demo_db: Path, cli: Runner) -> None:
    """RAG, reasons, budget used, next milestone and its status, risk scores and owners, and every person-week
    over capacity, as project list, milestone list, risk list and capacity give them in JSON."""
    db = ("--db", demo_db)
    summary = cli(*db, "report", "summary", "--json").json()
    projects = {p["key"]: p for p in cli(*db, "project", "list", "--json").json()}
    milestones = cli(*db, "milestone", "list", "--json").json()
    for line in summary["projects"]:
        project = projects[line["key"]]
        assert line["rag"] == project["rag"] and line["reasons"] == project["rag_reasons"]
        assert line["budget_used_pct"] == project["budget_summary"]["used_pct"]
        assert line["spent"] == project["budget_summary"]["spent"]
        shown = f"{line['budget_used_pct']} %" if line["budget_used_pct"] is not None else "no budget set"
        assert shown in next(row for row in summary["markdown"].splitlines() if f"({line['key']}) |" in row)
        open_ones = [m for m in milestones if m["project"] == line["key"] and m["done_date"] is None]
        first = min(open_ones, key=lambda m: (m["due_date"], m["name"]))
        assert (line["next_milestone"], line["next_due"], line["next_status"]) == (
            first["name"],
            first["due_date"],
            first["status"],
        )
    counts = {
        rag: sum(1 for p in projects.values() if p["status"] == "active" and p["rag"] == rag)
        for rag in summary["counts"]
    }
    assert summary["counts"] == counts
    risks = sorted(
        (
            r
            for r in cli(*db, "risk", "list", "--json").json()
            if r["status"] in ("open", "mitigating") and r["band"] != "low"
        ),
        key=lambda r: (-r["score"], r["project"], r["title"]),
    )
    assert [(r["title"], r["score"], r["owner"]) for r in summary["top_risks"]] == [
        (r["title"], r["score"], r["owner"]) for r in risks[:5]
    ]
    capacity = cli(*db, "capacity", "--weeks", "4", "--json").json()
    over = {(row["person"], row["week"]): row["utilisation_pct"] for row in capacity if row["state"] == "overloaded"}
    shown = {(p["person"], w["week"]): w["utilisation_pct"] for p in summary["pressure"] for w in p["weeks"]}
    assert shown == over and over
    for (person, _), pct in over.items():
        assert re.search(rf"- {person}: .*\b{pct} % in the week of", summary["markdown"])


def test_bad_summary_input_is_one_line(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    for args, words in (
        (("--month", "2026-13"), "give a month as YYYY-MM"),
        (("--month", "November"), "give a month as YYYY-MM"),
        (("--month", "2027-01"), "has not begun yet"),
        (("--out", tmp_path), "is a folder"),
    ):
        result = cli("--db", demo_db, "report", "summary", *args)
        assert result.code == 2 and words in result.err and result.err.count("\n") == 1, (args, result.err)
    assert cli("--db", demo_db, "report", "summaries", "--json").json() == []


def test_a_past_month_counts_its_own_milestones(demo_db: Path, cli: Runner) -> None:
    db = ("--db", demo_db)
    assert cli(*db, "milestone", "done", "Pilot devices imaged", "--date", "2026-10-30", "--force").code == 0
    october = cli(*db, "report", "summary", "--month", "2026-10", "--json").json()
    november = cli(*db, "report", "summary", "--json").json()
    assert [m["name"] for m in october["milestones_done"]] == ["Pilot devices imaged"]
    assert (october["on_time"], october["late"]) == (1, 0) and november["milestones_done"] == []
    assert "# Leadership summary: October 2026" in october["markdown"]


def test_an_empty_database_and_a_recorded_state_written_badly(tmp_path: Path, demo_db: Path, cli: Runner) -> None:
    """A new file has a summary that says so; a recorded summary whose state another program spoiled is read
    as nothing recorded, never a traceback."""
    import sqlite3

    empty = tmp_path / "empty.db"
    text = cli("--db", empty, "report", "summary").out
    assert "0 active projects: none." in text and "No active project." in text
    assert cli("--db", demo_db, "report", "summary", "--record").code == 0
    for spoiled in (
        "not json",
        "[1, 2]",
        '{"projects": [1], "milestones": {"1": {"forecast": "soon"}}}',
        '{"projects": {"MFA": {"rag": ["x"]}, "LAP": {"rag": "purple"}}}',
    ):
        conn = sqlite3.connect(demo_db)
        conn.execute("UPDATE leadership_summary SET state = ?", (spoiled,))
        conn.commit()
        conn.close()
        result = cli("--db", demo_db, "report", "summary")
        assert result.code == 0 and "## Trends since the last summary (18 Nov)" in result.out, spoiled


def test_a_review_is_in_the_summary_of_the_month_its_project_finished(demo_db: Path, cli: Runner) -> None:
    """Written in November for a project whose last milestone was done in September: September's summary."""
    db = ("--db", demo_db)
    for milestone in ("New starter checklist", "Day-one laptop kit"):
        assert cli(*db, "milestone", "done", milestone, "--date", "2026-09-30", "--force").code == 0
    assert cli(*db, "project", "edit", "ONB", "--status", "done").code == 0
    assert cli(*db, "review", "set", "ONB", "--went-well", "- Short\n- Clear", "--day", "2026-11-02").code == 0
    september = cli(*db, "report", "summary", "--month", "2026-09").out
    assert "## Reviews of projects done in September" in september
    assert "**What went well**\n\n- Short\n- Clear\n" in september
    assert "## Reviews" not in cli(*db, "report", "summary").out
