"""``supportpm report burndown``: the text chart and the JSON tell the same story; bad input is one line.

The clock is frozen on Wednesday 18 November 2026; the demo's cards have a few weeks of history.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from supportpm_tui.core.rules.calendar import WorkCalendar
from tests.cli.conftest import Runner
from tests.cli.conftest import cli as cli  # the in-process command line
from tests.cli.conftest import proc as proc  # the command line as a real process


def _hours(value: float) -> str:
    return f"{value:.0f} h" if abs(value - round(value)) < 0.05 else f"{value:.1f} h"


def test_the_text_and_the_json_agree(demo_db: Path, cli: Runner, proc: Runner) -> None:
    data = cli("--db", demo_db, "report", "burndown", "MFA", "--json").json()
    text = proc("--db", demo_db, "report", "burndown", "MFA").out
    assert text.startswith("## Burndown: MFA rollout (MFA), from the start to 18 Nov 2026\n\n```\n")
    days = [dt.date.fromisoformat(p["day"]) for p in data["points"]]
    assert days == WorkCalendar().working_days(days[0], days[-1])  # the demo's holiday is still to come
    assert days[0].isoformat() == data["first"] and days[-1].isoformat() == data["today"] == "2026-11-18"
    assert all(set(p) == {"day", "remaining", "ideal"} for p in data["points"])
    assert (
        data["points"][-1]["remaining"] == data["remaining"]
        and data["points"][0]["remaining"] == data["start_remaining"]
    )
    axis = next(line for line in text.splitlines() if "└" in line)
    assert axis.count("─") == min(40, len(days))
    top = max(max(p["remaining"], p["ideal"] or 0) for p in data["points"])
    assert text.splitlines()[3].startswith(f"{_hours(top)} ┤")
    figures = text.rstrip("\n").splitlines()[-1]
    assert figures.startswith(f"Remaining {_hours(data['remaining'])} of {_hours(data['start_remaining'])} on ")
    assert f"ideal today {_hours(data['ideal_today'])}" in figures
    assert not re.search(r"#\d|_|\bid\b", figures), figures


def test_a_milestone_and_the_last_weeks(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "wave1.md"
    result = cli(
        "--db", demo_db, "report", "burndown", "mfa", "--milestone", "Enrolment wave 1", "--weeks", "2", "--out", out
    )
    assert result.code == 0 and out.read_text() == result.out
    assert result.out.startswith(
        "## Burndown: MFA rollout (MFA), milestone Enrolment wave 1, last 2 weeks to 18 Nov 2026"
    )
    data = cli(
        "--db", demo_db, "report", "burndown", "MFA", "--milestone", "Enrolment wave 1", "--weeks", "2", "--json"
    ).json()
    assert data["first"] == "2026-11-05" and len(data["points"]) == 10 and data["due"] == "2026-11-27"
    assert data["milestone"] == "Enrolment wave 1" and data["weeks"] == 2


def test_bad_burndown_input_is_one_line(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    for args, words in (
        (("report", "burndown", "NOPE"), "no project"),
        (("report", "burndown", "MFA", "--milestone", "Nothing"), "no milestone"),
        (("report", "burndown", "MFA", "--weeks", "0"), "weeks"),
        (("report", "burndown", "MFA", "--weeks", "9999"), "weeks"),
        (("report", "burndown", "MFA", "--out", str(tmp_path)), "is a folder"),
    ):
        result = cli("--db", demo_db, *args)
        assert result.code == 2 and words in result.err and len(result.err.strip().splitlines()) == 1, result


def test_a_milestone_done_says_the_day_it_was_done(demo_db: Path, cli: Runner) -> None:
    """Not a forecast: the day it was done; the JSON carries the Markdown as the other reports do."""
    assert (
        cli("--db", demo_db, "milestone", "done", "Pilot devices imaged", "--date", "2026-11-17", "--force").code == 0
    )
    data = cli("--db", demo_db, "report", "burndown", "LAP", "--milestone", "Pilot devices imaged", "--json").json()
    assert data["finished"] and data["forecast"] == "2026-11-17"
    assert "; done 17 Nov, due 15 Nov." in data["markdown"] and "forecast done" not in data["markdown"]
    assert (
        data["markdown"] == cli("--db", demo_db, "report", "burndown", "LAP", "--milestone", "Pilot devices imaged").out
    )
