"""The status update a lead sends: written from the demo on a fixed day, recorded, saved to a file.

The clock is frozen on Wednesday 18 November 2026; "since" defaults to seven days back, then to the last
update recorded.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.conftest import Runner
from tests.cli.conftest import cli as cli  # the in-process command line


def test_the_status_update_of_the_demo(demo_db: Path, cli: Runner) -> None:
    """Every section of MFA's update on the demo day, in plain words: no ids, no internal words."""
    text = cli("--db", demo_db, "report", "status", "MFA").out
    assert text.startswith("# MFA rollout (MFA): status update, 18 Nov 2026\n")
    assert "**Red.** MFA rollout is red: milestone Enrolment wave 1 is slipping (+8 working days" in text
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections == [
        "Completed since 11 Nov",
        "Next steps",
        "Risks and blockers",
        "Decisions needed",
        "Burndown, last 4 weeks",
    ]
    assert "- Rollout checklist: Rollback validated." in text
    assert "- Milestone **Enrolment wave 1** due 27 Nov (slipping), owner Aisha Khan." in text
    assert "- High risk: Staff resist app-based sign-in (owner Aisha Khan)." in text
    assert "- Approve or reject the change \u201cExtend enrolment wave 1 by a week\u201d (+5 working days)." in text
    assert "- Before Enrolment wave 1 can be done: Service desk briefed (not done yet)." in text
    assert not re.search(r"#\d|_|\bid\b|at_risk|on_track", text.split("\n", 1)[1]), text
    assert "█ hours remaining" in text


def test_the_numbers_agree_with_the_json_of_the_other_commands(demo_db: Path, cli: Runner) -> None:
    """The RAG, its reasons and every milestone's status in the update are those of the project and milestone lists."""
    report = cli("--db", demo_db, "report", "status", "LAP", "--json").json()
    project = next(p for p in cli("--db", demo_db, "project", "list", "--json").json() if p["key"] == "LAP")
    assert report["rag"] == project["rag"]
    assert all(reason in report["status"] for reason in project["rag_reasons"][:2])
    milestones = cli("--db", demo_db, "milestone", "list", "--project", "LAP", "--json").json()
    for m in milestones:
        for step in report["next_steps"]:
            if f"**{m['name']}**" in step:
                assert f"({m['status'].replace('_', ' ')})" in step


def test_recording_an_update_moves_since_to_it(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "mfa.md"
    sent = cli(
        "--db", demo_db, "report", "status", "MFA", "--record", "--out", out, "--status", "On track apart from wave 1."
    )
    assert sent.code == 0 and out.read_text() == sent.out
    assert "**Red.** On track apart from wave 1." in sent.out
    (update,) = cli("--db", demo_db, "report", "updates", "--json").json()
    assert (update["project"], update["day"], update["status"]) == ("MFA", "2026-11-18", "On track apart from wave 1.")
    assert "## Completed since the last update" in cli("--db", demo_db, "report", "status", "MFA").out
    assert "## Completed since 1 Nov" in cli("--db", demo_db, "report", "status", "MFA", "--since", "2026-11-01").out


def test_bad_report_input_is_one_line(demo_db: Path, cli: Runner, tmp_path: Path) -> None:
    for args, words in (
        (("report", "status", "NOPE"), "no project"),
        (("report", "status", "MFA", "--since", "2027-01-01"), "after today"),
        (("report", "status", "MFA", "--out", str(tmp_path / "missing" / "x.md")), "cannot write"),
        (("report", "status", "MFA", "--out", str(tmp_path)), "is a folder"),
        (("report", "status", "MFA", "--record", "--status", "  "), "status"),
    ):
        result = cli("--db", demo_db, *args)
        assert result.code == 2 and words in result.err and len(result.err.strip().splitlines()) == 1, result
    assert cli("--db", demo_db, "report", "updates", "--json").json() == []
