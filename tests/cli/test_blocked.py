"""Blocked cards on the command line, as real processes: why and what for in task list, unblock, edit --blocked-by."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Runner
from tests.cli.test_errors import assert_user_error

BLOCKED = 15  # the demo's blocked card: "Validate backups before wave 2", added blocked
READY = 9  # "Order hardware tokens", in ready


def by_id(rows: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    return {row["id"]: row for row in rows}


def test_task_list_shows_why_a_card_is_held_up_in_text_and_json(demo_db: Path, person: Runner) -> None:
    db = ("--db", demo_db)
    assert person(*db, "task", "edit", BLOCKED, "--blocked-by", "12,14").code == 0
    reason = "waiting for the vendor to ship the replacement tokens, then for the service desk to test them"
    assert person(*db, "task", "move", READY, "blocked", "--reason", reason).code == 0
    result = person(*db, "task", "list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(f"{BLOCKED} "))
    detail = lines[row + 1]
    assert detail == "    ⊘ Waiting for the backup ve… · waits for #12, #14 · blocked from in_progress"  # 80 columns
    row = next(i for i, line in enumerate(lines) if line.startswith(f"{READY} "))
    detail = lines[row + 1]
    assert len(detail) == 80 and detail.startswith("    ⊘ waiting for the vendor")
    assert "…" in detail and detail.endswith(" · blocked from ready")  # the reason is cut, not where it goes back
    assert all(not line.startswith("    ⊘") for line in lines[row + 2 :] if "done" in line)

    data = by_id(person(*db, "task", "list", "--json").json())
    assert data[BLOCKED]["blocked_reason"] == "Waiting for the backup vendor's restore test"
    assert data[BLOCKED]["blockers"] == [12, 14] and data[BLOCKED]["waits_for"] == [12, 14]
    assert data[BLOCKED]["blocked_from"] == "in_progress"  # added blocked: the column before blocked
    assert data[READY]["blocked_reason"] == reason and data[READY]["blocked_from"] == "ready"
    assert data[12]["blocked_from"] is None and data[12]["blockers"] == []


def test_unblock_takes_a_card_back_where_it_was_blocked_from_and_clears_the_reason(
    demo_db: Path, person: Runner
) -> None:
    db = ("--db", demo_db)
    assert person(*db, "task", "block", READY, "--reason", "waiting for vendor").code == 0
    result = person(*db, "task", "unblock", READY)
    assert (result.code, result.out) == (0, f"#{READY} unblocked: back in ready\n"), result.err
    card = person(*db, "task", "show", READY, "--json").json()
    assert card["column"] == "ready" and card["blocked_reason"] == "" and card["blocked_from"] is None
    assert person(*db, "task", "unblock", BLOCKED).out == f"#{BLOCKED} unblocked: back in in_progress\n"
    before = demo_db.read_bytes()
    assert_user_error(person(*db, "task", "unblock", READY), f"#{READY} is not blocked", "ready")
    assert_user_error(person(*db, "task", "unblock", 999), "no task")
    assert demo_db.read_bytes() == before


def test_edit_sets_and_clears_what_a_card_waits_for_and_its_reason(demo_db: Path, person: Runner) -> None:
    db = ("--db", demo_db)
    assert person(*db, "task", "edit", READY, "--blocked-by", "#12, 14", "--reason", "needs budget").code == 0
    card = person(*db, "task", "show", READY, "--json").json()
    assert card["blockers"] == [12, 14] and card["blocked_reason"] == "needs budget" and card["column"] == "ready"
    assert person(*db, "task", "edit", READY, "--blocked-by", "none", "--reason", "none").code == 0
    card = person(*db, "task", "show", READY, "--json").json()
    assert card["blockers"] == [] and card["blocked_reason"] == ""
    before = demo_db.read_bytes()
    assert_user_error(person(*db, "task", "edit", READY, "--blocked-by", READY), "blocked by", "itself")
    assert_user_error(person(*db, "task", "edit", READY, "--blocked-by", "12,x"), "blocked by", "'x'")
    assert_user_error(person(*db, "task", "edit", READY, "--blocked-by", "999"), "999")
    assert_user_error(person(*db, "task", "edit", BLOCKED, "--reason", "none"), "reason", "unblock")
    assert demo_db.read_bytes() == before
    assert person(*db, "task", "edit", 12, "--blocked-by", READY).code == 0
    assert_user_error(person(*db, "task", "edit", READY, "--blocked-by", 12), "cycle")
