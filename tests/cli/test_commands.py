"""The command line: every core command, JSON output with derived fields."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from tests.cli.conftest import Runner


def test_the_core_surface_end_to_end(tmp_path: Path, cli: Runner) -> None:
    db = tmp_path / "team.db"
    assert cli("--db", db, "person", "add", "Ana Silva", "--role", "Engineer", "--hours", "40").out.strip() == "1"
    assert cli("--db", db, "person", "add", "Ben Okafor", "--hours", "24", "--reserve", "50", "--wip", "2").code == 0
    assert (
        cli(
            "--db",
            db,
            "project",
            "add",
            "MFA",
            "MFA rollout",
            "--owner",
            "Ana Silva",
            "--start",
            "today",
            "--target",
            "+8w",
        ).out.strip()
        == "1"
    )
    assert cli("--db", db, "milestone", "add", "MFA", "Pilot", "--due", "+2w", "--owner", "Ana Silva").code == 0
    assert cli("--db", db, "milestone", "add", "MFA", "Go live", "--due", "+6w", "--after", "Pilot").code == 0
    tid = cli(
        "--db",
        db,
        "task",
        "add",
        "Enrol IT",
        "--project",
        "MFA",
        "--milestone",
        "Pilot",
        "--assignee",
        "Ana Silva",
        "--estimate",
        "12",
        "--priority",
        "high",
        "--tag",
        "pilot",
    ).out.strip()
    assert tid == "1"
    assert cli("--db", db, "task", "move", tid, "in_progress").code == 0
    tasks = cli("--db", db, "task", "list", "--json").json()
    assert tasks[0]["column"] == "in_progress" and tasks[0]["effective_due"] == "2026-12-02"
    assert tasks[0]["tags"] == ["pilot"]
    assert cli("--db", db, "leave", "add", "Ana Silva", "2026-11-30", "2026-12-01", "--kind", "pto").code == 0
    assert cli("--db", db, "leave", "add", "all", "2026-12-25", "2026-12-25").code == 0
    assert cli("--db", db, "tickets", "add", "Ben Okafor", "2026-W48", "--tickets", "20").code == 0
    cap = cli("--db", db, "capacity", "--weeks", "3", "--json").json()
    assert {row["person"] for row in cap} == {"Ana Silva", "Ben Okafor"}
    fields = {
        "person",
        "week",
        "contracted",
        "leave",
        "duty",
        "queue",
        "available",
        "demand",
        "utilisation",
        "state",
    }
    assert fields <= set(cap[0])
    ana_next = next(r for r in cap if r["person"] == "Ana Silva" and r["week"] == "2026-11-30")
    assert ana_next["leave"] == 16
    ms = cli("--db", db, "milestone", "list", "--json").json()
    assert {"forecast", "status", "slip_days"} <= set(ms[0])
    assert ms[1]["predecessors"] == ["Pilot"]
    rid = cli("--db", db, "risk", "add", "MFA", "Users resist", "--likelihood", "4", "--impact", "4").out.strip()
    risks = cli("--db", db, "risk", "list", "--json").json()
    assert risks[0]["score"] == 16 and risks[0]["band"] == "critical"
    iid = cli("--db", db, "risk", "to-issue", rid).out.strip()
    assert cli("--db", db, "issue", "show", iid, "--json").json()["risk_id"] == int(rid)
    cid = cli("--db", db, "change", "add", "MFA", "More time", "--days", "5", "--milestone", "Go live").out.strip()
    preview = cli("--db", db, "change", "approve", cid, "--dry-run", "--json").json()
    assert preview[0]["from"] == "2026-12-30"
    assert cli("--db", db, "change", "approve", cid).code == 0
    assert cli("--db", db, "milestone", "show", "Go live", "--json").json()["due_date"] == preview[0]["to"]
    assert cli("--db", db, "project", "list", "--json").json()[0]["rag"] == "green"
    cli("--db", db, "risk", "add", "MFA", "Token shortage", "--likelihood", "5", "--impact", "3")
    projects = cli("--db", db, "project", "list", "--json").json()
    assert projects[0]["rag"] == "red" and projects[0]["rag_reasons"] == ["critical risk (15): Token shortage"]
    assert cli("--db", db, "task", "done", tid).code == 0
    assert cli("--db", db, "task", "show", tid, "--json").json()["remaining"] == 0
    assert cli("--db", db, "undo").out.startswith(f"undone: card #{tid} moved")
    assert cli("--db", db, "task", "show", tid, "--json").json()["column"] == "in_progress"


def test_every_list_has_a_json_form(demo_db: Path, cli: Runner) -> None:
    lists = [
        ["person", "list"],
        ["project", "list"],
        ["workstream", "list"],
        ["milestone", "list"],
        ["task", "list"],
        ["leave", "list"],
        ["tickets", "list"],
        ["risk", "list"],
        ["issue", "list"],
        ["change", "list"],
        ["capacity"],
        ["log"],
        ["settings", "show"],
        ["where"],
    ]
    for args in lists:
        result = cli("--db", demo_db, *args, "--json")
        assert result.code == 0, (args, result.err)
        assert json.loads(result.out), args


def test_every_entity_has_show_edit_and_delete(demo_db: Path, cli: Runner) -> None:
    db = ["--db", demo_db]
    assert cli(*db, "person", "edit", "Sofia Rossi", "--hours", "20").code == 0
    assert cli(*db, "person", "show", "Sofia Rossi", "--json").json()["hours"] == 20
    assert cli(*db, "project", "edit", "ONB", "--rag", "green", "--rag-note", "HR agreed").code == 0
    onb = cli(*db, "project", "show", "ONB", "--json").json()
    assert onb["rag"] == "green" and onb["rag_overridden"]
    assert cli(*db, "workstream", "edit", "LAP", "Pilot", "--name", "Pilot group").code == 0
    assert cli(*db, "workstream", "show", "LAP", "Pilot group", "--json").json()["name"] == "Pilot group"
    assert cli(*db, "milestone", "edit", "Fleet order placed", "--due", "2026-12-11").code == 0
    assert cli(*db, "leave", "edit", "1", "--note", "Founders' day").code == 0
    assert cli(*db, "leave", "show", "1", "--json").json()["note"] == "Founders' day"
    assert cli(*db, "tickets", "edit", "1", "--hours", "2").code == 0
    assert cli(*db, "tickets", "show", "1", "--json").json()["hours"] == 2
    assert cli(*db, "risk", "edit", "4", "--status", "closed").code == 0
    assert cli(*db, "issue", "edit", "1", "--status", "resolved").code == 0
    assert cli(*db, "issue", "show", "1", "--json").json()["resolved"] == "2026-11-18"
    assert cli(*db, "change", "defer", "2", "--reason", "after the freeze").code == 0
    assert cli(*db, "change", "show", "2", "--json").json()["status"] == "deferred"
    tid = cli(*db, "task", "add", "Temp", "--project", "ONB").out.strip()
    for args in (
        ["task", "delete", tid],
        ["risk", "delete", "4"],
        ["leave", "delete", "1"],
        ["tickets", "delete", "1"],
        ["change", "delete", "2"],
        ["issue", "delete", "1"],
    ):
        assert cli(*db, *args).code == 0, args
    assert cli(*db, "person", "add", "Temp Person").code == 0
    assert cli(*db, "person", "delete", "Temp Person").code == 0


def test_demo_states_through_the_command_line(demo_db: Path, cli: Runner) -> None:
    statuses = {m["status"] for m in cli("--db", demo_db, "milestone", "list", "--json").json()}
    assert statuses == {"late", "slipping", "at_risk", "on_track"}
    states = {r["state"] for r in cli("--db", demo_db, "capacity", "--weeks", "1", "--json").json()}
    assert {"overloaded", "strained"} <= states
    bands = {r["band"] for r in cli("--db", demo_db, "risk", "list", "--json").json()}
    assert bands == {"low", "medium", "high", "critical"}


def test_tickets_import_reports_bad_lines(demo_db: Path, tmp_path: Path, cli: Runner) -> None:
    csv = tmp_path / "load.csv"
    csv.write_text("person,week,hours\nTom Becker,2026-W49,12\nNobody,2026-W49,3\n")
    result = cli("--db", demo_db, "tickets", "import", csv)
    assert result.code == 2
    assert "line 3" in result.err and "nothing imported" in result.err
    csv.write_text("person,week,hours\nTom Becker,2026-W49,12\n")
    assert cli("--db", demo_db, "tickets", "import", csv).out.startswith("imported 1 row")


def test_db_option_after_the_command_and_environment(demo_db: Path, cli: Runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "list", "--db", demo_db).code == 0
    monkeypatch.setenv("SUPPORTPM_DB", str(demo_db))
    assert cli("where", "--json").json()["database"] == str(demo_db)
    assert "Tom Becker" in cli("person", "list").out


def test_backup_check_and_restore(demo_db: Path, tmp_path: Path, cli: Runner) -> None:
    copy = Path(cli("--db", demo_db, "backup").out.strip())
    assert copy.exists() and (copy.stat().st_mode & 0o777) == 0o600
    assert cli("--db", demo_db, "check", "--json").json()["ok"]
    assert cli("--db", demo_db, "task", "add", "After backup", "--project", "MFA").code == 0
    restored = cli("--db", demo_db, "restore", copy)
    assert restored.code == 0 and "kept at" in restored.out
    titles = [t["title"] for t in cli("--db", demo_db, "task", "list", "--json").json()]
    assert "After backup" not in titles


def test_an_empty_database_says_what_to_do_first(tmp_path: Path, cli: Runner) -> None:
    db = tmp_path / "empty.db"
    assert "supportpm project add" in cli("--db", db, "project", "list").out
    assert "supportpm person add" in cli("--db", db, "person", "list").out


def test_user_text_is_printed_literally(tmp_path: Path, cli: Runner) -> None:
    db = tmp_path / "t.db"
    cli("--db", db, "project", "add", "ABC", "Alpha")
    cli("--db", db, "task", "add", "[bold]x[/] \x1b[31mred", "--project", "ABC")
    assert "[bold]x[/] [31mred" in cli("--db", db, "task", "list").out


def test_the_default_database_lives_in_the_user_data_folder(cli: Runner) -> None:
    where = cli("where", "--json").json()
    assert where["database"].endswith("supportpm/supportpm.db") and not where["database_exists"]
    assert cli("person", "add", "Ana").code == 0
    path = Path(cli("where", "--json").json()["database"])
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600


def test_a_change_request_prints_its_own_json_data_in_every_form(demo_db: Path, cli: Runner) -> None:
    db = ("--db", demo_db)
    undecided = cli(*db, "change", "show", "2", "--json").json()
    assert undecided["if_approved"] == [
        {"milestone_id": 5, "milestone": "Enrolment wave 1", "from": "2026-11-27", "to": "2026-12-04"}
    ]
    assert "if_approved" not in cli(*db, "change", "show", "1", "--json").json()
    assert all("if_approved" not in row for row in cli(*db, "change", "list", "--json").json())
    shown = cli(*db, "change", "show", "2").out.splitlines()
    assert shown[-2:] == [
        "if approved  :",
        "  - milestone_id=5, milestone=Enrolment wave 1, from=2026-11-27, to=2026-12-04",
    ]
    assert not any(line.startswith("if approved") for line in cli(*db, "change", "show", "1").out.splitlines())
    assert cli(*db, "change", "approve", "2", "--dry-run", "--json").json() == undecided["if_approved"]


def test_every_option_of_every_edit_reaches_the_service(demo_db: Path, cli: Runner) -> None:
    def edited(edit: str, show: str, expected: dict[str, object]) -> None:
        result = cli("--db", demo_db, *shlex.split(edit))
        assert (result.code, result.err) == (0, ""), edit
        shown = cli("--db", demo_db, *shlex.split(show), "--json").json()
        assert {key: shown[key] for key in expected} == expected, edit

    edited(
        "risk edit 3 --title T --likelihood 3 --impact 2 --owner 'Priya Shah' --milestone 'Fleet order placed'"
        " --mitigation m --contingency c --trigger t --description d --status accepted --review 2026-12-24",
        "risk show 3",
        {"title": "T", "likelihood": 3, "impact": 2, "owner": "Priya Shah", "milestone": "Fleet order placed"}
        | {"mitigation": "m", "contingency": "c", "trigger": "t", "description": "d", "status": "accepted"}
        | {"review_date": "2026-12-24"},
    )
    edited(
        "issue edit 1 --title T --owner 'Aisha Khan' --description d --root-cause rc --workaround w"
        " --decision dc --status in_progress",
        "issue show 1",
        {"title": "T", "owner": "Aisha Khan", "description": "d", "root_cause": "rc", "workaround": "w"}
        | {"decision": "dc", "status": "in_progress"},
    )
    edited(
        "change edit 2 --title T --days 4 --milestone 'Enrolment wave 2' --description d --cost 10 --risk-note r",
        "change show 2",
        {"title": "T", "schedule_days": 4, "milestones": ["Enrolment wave 2"], "description": "d"}
        | {"cost_impact": 10.0, "risk_note": "r"},
    )
    edited(
        "project edit ONB --key ONX --name N --owner 'Priya Shah' --start 2026-11-02 --target 2027-02-01"
        " --status on_hold --sponsor s --budget 100 --spent 10 --goal g --in-scope i --out-of-scope o"
        " --assumptions a --stakeholders st --success-criteria sc --impact 4 --effort 2 --urgency 3"
        " --importance 5 --sla-aligned --rag amber --rag-note n",
        "project show ONX",
        {"key": "ONX", "name": "N", "owner": "Priya Shah", "start": "2026-11-02", "target": "2027-02-01"}
        | {"status": "on_hold", "sponsor": "s", "budget": 100.0, "spent": 10.0, "goal": "g", "in_scope": "i"}
        | {"out_of_scope": "o", "assumptions": "a", "stakeholders": "st", "success_criteria": "sc"}
        | {"impact": 4, "effort": 2, "urgency": 3, "importance": 5, "sla_aligned": True}
        | {"rag_override": "amber", "rag_note": "n"},
    )
    edited(
        "person edit 'Sofia Rossi' --name 'Sofia R' --role r --hours 30 --reserve 50 --wip 2 --skill x --inactive",
        "person show 'Sofia R'",
        {"name": "Sofia R", "role": "r", "hours": 30.0, "reserve_pct": 50.0, "wip_limit": 2, "skills": ["x"]}
        | {"active": False},
    )
    edited(
        "leave edit 4 --person 'Priya Shah' --start 2026-11-25 --end 2026-11-26 --kind maintenance"
        " --hours-per-day 4 --note n",
        "leave show 4",
        {"person": "Priya Shah", "start": "2026-11-25", "end": "2026-11-26", "kind": "maintenance"}
        | {"hours_per_day": 4.0, "note": "n"},
    )
    edited("tickets edit 1 --tickets 5 --hours 2", "tickets show 1", {"tickets": 5, "hours": 2.0})
    edited("workstream edit LAP Pilot --name P2 --order 2", "workstream show LAP P2", {"position": 2})
    edited(
        "settings edit --working-days mon,tue,wed,thu --hours-per-day 7.5 --overload 110 --strain 90"
        " --reserve 30 --wip 4 --column-wip testing=2 --horizon-weeks 10 --ticket-minutes 20",
        "settings show",
        {"working_days": ["mon", "tue", "wed", "thu"], "hours_per_day": 7.5, "overload_threshold": 110.0}
        | {"strain_threshold": 90.0, "default_reserve_pct": 30.0, "default_wip": 4, "horizon_weeks": 10}
        | {"ticket_minutes": 20.0},
    )
    edited(
        "task edit 5 --title T --project MFA --milestone 'Enrolment wave 2' --assignee 'Aisha Khan'"
        " --start 2026-11-20 --due 2026-12-01 --estimate 5 --remaining 4 --priority low --kind docs --tag a"
        " --description d --blocked-by 9",
        "task show 5",
        {"title": "T", "project": "MFA", "milestone": "Enrolment wave 2", "assignee": "Aisha Khan"}
        | {"start": "2026-11-20", "due": "2026-12-01", "estimate": 5.0, "remaining": 4.0, "priority": "low"}
        | {"kind": "docs", "tags": ["a"], "description": "d", "blockers": [9]},
    )
    edited(
        "milestone edit 'Fleet order placed' --project LAP --name F2 --due 2026-12-09 --owner 'Tom Becker'"
        " --after 'Pilot devices imaged' --deliverable dl --workstream 'Wave 1' --buffer 1",
        "milestone show F2",
        {"name": "F2", "due_date": "2026-12-09", "owner": "Tom Becker", "predecessors": ["Pilot devices imaged"]}
        | {"deliverable": "dl", "workstream": "Wave 1", "buffer_days": 1},
    )


def test_an_edit_changes_only_the_options_given(demo_db: Path, cli: Runner) -> None:
    db = ("--db", demo_db)
    for show, edit in (
        (["risk", "show", "3"], ["risk", "edit", "3"]),
        (["issue", "show", "1"], ["issue", "edit", "1"]),
        (["change", "show", "2"], ["change", "edit", "2"]),
        (["project", "show", "ONB"], ["project", "edit", "ONB"]),
        (["person", "show", "Sofia Rossi"], ["person", "edit", "Sofia Rossi"]),
        (["leave", "show", "4"], ["leave", "edit", "4"]),
        (["tickets", "show", "1"], ["tickets", "edit", "1"]),
        (["workstream", "show", "LAP", "Pilot"], ["workstream", "edit", "LAP", "Pilot"]),
        (["settings", "show"], ["settings", "edit"]),
        (["task", "show", "5"], ["task", "edit", "5"]),
        (["milestone", "show", "2"], ["milestone", "edit", "2"]),
    ):
        before = cli(*db, *show, "--json").json()
        assert cli(*db, *edit).code == 0, edit
        assert cli(*db, *show, "--json").json() == before, edit
    before = cli(*db, "risk", "show", "3", "--json").json()
    assert cli(*db, "risk", "edit", "3", "--owner", "none", "--review", "none").code == 0
    after = cli(*db, "risk", "show", "3", "--json").json()
    assert after == before | {"owner": None, "review_date": None, "review_overdue": False, "version": 2}
