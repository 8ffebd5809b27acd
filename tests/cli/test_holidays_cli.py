"""Public holidays from a country and subdivision: settings, people, capacity, forecasts and ``supportpm holidays``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import ROOT, Runner

EPIPHANY_WEEK = "2027-01-04"  # Epiphany, Wednesday 6 January 2027, is a holiday in Bavaria, not in Berlin


def _week(cli: Runner, db: Path, person: str, week: str) -> dict[str, Any]:
    rows = cli("--db", db, "capacity", "--person", person, "--weeks", 17, "--json").json()
    return next(row for row in rows if row["week"] == week)


@pytest.fixture
def db(tmp_path: Path, cli: Runner) -> Path:
    """A team of one, Ana, 40 h a week with no support reserve."""
    path = tmp_path / "team.db"
    assert cli("--db", path, "person", "add", "Ana", "--reserve", 0).code == 0
    return path


def test_the_team_region_makes_a_week_with_its_holiday_a_day_shorter(cli: Runner, db: Path) -> None:
    before = _week(cli, db, "Ana", EPIPHANY_WEEK)
    assert (before["leave"], before["available"]) == (0.0, 40.0)
    changed = cli("--db", db, "settings", "edit", "--holidays", "de-by")
    assert changed.code == 0 and changed.json()["holiday_region"] == "DE-BY"
    after = _week(cli, db, "Ana", EPIPHANY_WEEK)
    assert (after["leave"], after["available"]) == (8.0, 32.0)
    shown = cli("--db", db, "settings", "show")
    assert "holiday region     : DE-BY" in shown.out


def test_settings_holidays_is_the_short_way(cli: Runner, db: Path) -> None:
    assert cli("--db", db, "settings", "--holidays", "DE-BY").json()["holiday_region"] == "DE-BY"
    assert (_week(cli, db, "Ana", EPIPHANY_WEEK)["available"]) == 32.0
    assert cli("--db", db, "settings", "--holidays", "none").json()["holiday_region"] == ""
    assert cli("--db", db, "settings").code == 0  # the group's help


def test_a_person_with_their_own_region_has_its_holidays_instead(cli: Runner, db: Path) -> None:
    assert cli("--db", db, "settings", "edit", "--holidays", "DE-BY").code == 0
    assert cli("--db", db, "person", "add", "Ben", "--reserve", 0, "--holidays", "DE-BE").code == 0
    assert _week(cli, db, "Ben", EPIPHANY_WEEK)["available"] == 40.0  # Epiphany is not Berlin's
    assert _week(cli, db, "Ben", "2027-03-08")["available"] == 32.0  # Women's Day is, and only Berlin's
    assert _week(cli, db, "Ana", "2027-03-08")["available"] == 40.0
    assert cli("--db", db, "person", "show", "Ben", "--json").json()["holiday_region"] == "DE-BE"
    listed = {p["name"]: p["holiday_region"] for p in cli("--db", db, "person", "list", "--json").json()}
    assert listed == {"Ana": "", "Ben": "DE-BE"}
    assert cli("--db", db, "person", "edit", "Ben", "--holidays", "team").code == 0
    assert _week(cli, db, "Ben", EPIPHANY_WEEK)["available"] == 32.0  # back to the team's


def test_holidays_lists_the_year_with_the_teams_own_marked(cli: Runner, db: Path) -> None:
    assert cli("--db", db, "settings", "edit", "--holidays", "DE-BY").code == 0
    assert cli("--db", db, "leave", "add", "all", "2027-12-24", "2027-12-24", "--note", "Christmas Eve").code == 0
    assert cli("--db", db, "leave", "add", "all", "2027-01-06", "2027-01-06", "--note", "Three Kings").code == 0
    found = cli("--db", db, "holidays", "--year", 2027, "--json").json()
    assert found["region"] == "DE-BY"
    days = {h["date"]: (h["name"], h["source"]) for h in found["holidays"]}
    assert days["2027-05-27"] == ("Corpus Christi", "public")
    assert days["2027-12-24"] == ("Christmas Eve", "team")
    assert days["2027-01-06"] == ("Three Kings", "team")  # entered and public: listed once, as entered
    assert len(found["holidays"]) == 13  # twelve public ones and Christmas Eve
    table = cli("--db", db, "holidays", "--year", 2027).out
    assert "2027-01-06  Wed  Three Kings" in table and "team holiday" in table
    assert "Corpus Christi" in table and "public (DE-BY)" in table
    # Entered and public on the same day: one day off, not two.
    assert _week(cli, db, "Ana", EPIPHANY_WEEK)["available"] == 32.0
    berlin = cli("--db", db, "person", "add", "Ben", "--holidays", "DE-BE")
    assert berlin.code == 0
    theirs = cli("--db", db, "holidays", "--year", 2027, "--person", "ben", "--json").json()
    assert (theirs["region"], theirs["own_region"], theirs["person"]) == ("DE-BE", True, "Ben")
    assert "2027-05-27" not in {h["date"] for h in theirs["holidays"]}
    assert "2027-03-08" in {h["date"] for h in theirs["holidays"]}


def test_holidays_without_a_region_lists_only_the_teams_own(cli: Runner, db: Path) -> None:
    assert cli("--db", db, "leave", "add", "all", "2026-12-24", "2026-12-24").code == 0
    found = cli("--db", db, "holidays", "--json").json()
    assert (found["year"], found["region"]) == (2026, "")
    assert [h["date"] for h in found["holidays"]] == ["2026-12-24"]
    assert "no public holidays set" in cli("--db", db, "holidays").out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("settings", "edit", "--holidays", "DE-XX"), "choose one of BB, BE"),
        (("settings", "--holidays", "DE-XX"), "choose one of BB, BE"),
        (("settings", "edit", "--holidays", "DE-BYY"), "did you mean DE-BY"),
        (("settings", "edit", "--holidays", "Germny"), "did you mean DE (Germany)"),
        (("person", "add", "Cleo", "--holidays", "US-ZZZ"), "United States (US) has no subdivision 'ZZZ'"),
        (("person", "edit", "Ana", "--holidays", "XX"), "no public holidays known for country 'XX'"),
    ],
)
def test_a_bad_region_is_one_line_and_changes_nothing(cli: Runner, db: Path, args: tuple[str, ...], words: str) -> None:
    assert cli("--db", db, "settings", "edit", "--holidays", "GB-SCT", "--strain", 80).code == 0
    settings = cli("--db", db, "settings", "show", "--json").out
    people = cli("--db", db, "person", "list", "--json").out
    log = cli("--db", db, "log", "--json").out
    result = cli("--db", db, *args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and words in result.err
    assert "Traceback" not in result.err
    assert cli("--db", db, "settings", "show", "--json").out == settings
    assert cli("--db", db, "person", "list", "--json").out == people
    assert cli("--db", db, "log", "--json").out == log


def test_a_bad_region_with_other_settings_saves_none_of_them(cli: Runner, db: Path) -> None:
    result = cli("--db", db, "settings", "edit", "--strain", 70, "--holidays", "DE-Nowhere")
    assert result.code == 2
    assert cli("--db", db, "settings", "show", "--json").json()["strain_threshold"] == 85.0


def test_a_milestone_forecast_moves_by_the_holiday(cli: Runner, db: Path) -> None:
    assert cli("--db", db, "project", "add", "MFA", "MFA rollout", "--status", "active", "--no-checklist").code == 0
    assert cli("--db", db, "milestone", "add", "MFA", "Pilot", "--due", "2027-01-29").code == 0
    task = ("task", "add", "Enrol", "--project", "MFA", "--milestone", "Pilot", "--assignee", "Ana")
    assert cli("--db", db, *task, "--start", EPIPHANY_WEEK, "--estimate", 24).code == 0

    def forecast() -> str:
        rows = cli("--db", db, "milestone", "list", "--json").json()
        return str(next(m for m in rows if m["name"] == "Pilot")["forecast"])

    assert forecast() == "2027-01-06"  # Monday to Wednesday, 8 h a day
    assert cli("--db", db, "settings", "edit", "--holidays", "DE-BY").code == 0
    assert forecast() == "2027-01-07"  # Epiphany is off: a day later
    assert cli("--db", db, "person", "edit", "Ana", "--holidays", "DE-BE").code == 0
    assert forecast() == "2027-01-06"  # Ana keeps Berlin's holidays


def _modules_after_first_screen(db: Path) -> str:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from supportpm_tui.startup import first_overview\n"
        f"first_overview.compute(Path({str(db)!r}))\n"
        "print('holidays' in sys.modules)\n"
    )
    env = {"PYTHONPATH": str(ROOT), "SUPPORTPM_TODAY": "2026-11-18", "PATH": ""}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[-1]


def test_the_first_screen_loads_the_holidays_package_only_for_a_region(cli: Runner, db: Path) -> None:
    assert _modules_after_first_screen(db) == "False"
    assert cli("--db", db, "settings", "edit", "--holidays", "DE-BY").code == 0
    assert _modules_after_first_screen(db) == "True"
