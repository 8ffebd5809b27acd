"""Decided is decided: an approved or rejected change request cannot be decided again; a deferred one comes back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from supportpm_tui.core import clock
from tests.cli.conftest import Result, Runner
from tests.conftest import TODAY

DECIDED_ON = "2026-11-10"  # a week before the tests' today

VERBS = {
    "approve": ["approve"],
    "approve --dry-run": ["approve", "--dry-run"],
    "approve --dry-run --json": ["approve", "--dry-run", "--json"],
    "reject": ["reject", "--reason", "changed my mind"],
    "defer": ["defer", "--reason", "later after all"],
}


def one_line(result: Result) -> str:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("supportpm: error: ") and "Traceback" not in result.err, result
    assert result.out == ""
    return lines[0].removeprefix("supportpm: error: ")


@pytest.fixture
def decided(demo_db: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Change requests approved, rejected and deferred by alice a week ago, by their status."""
    made = {}
    for status in ("approved", "rejected", "deferred"):
        added = cli(
            "--db", demo_db, "change", "add", "MFA", f"To be {status}", "--days", "3", "--milestone", "Enrolment wave 1"
        )
        assert added.code == 0, added
        made[status] = int(added.out.strip())
    monkeypatch.setenv("SUPPORTPM_ACTOR", "alice")
    clock.freeze(dt.date.fromisoformat(DECIDED_ON))
    try:
        assert cli("--db", demo_db, "change", "approve", made["approved"]).code == 0
        assert cli("--db", demo_db, "change", "reject", made["rejected"], "--reason", "budget").code == 0
        assert cli("--db", demo_db, "change", "defer", made["deferred"], "--reason", "freeze").code == 0
    finally:
        clock.freeze(TODAY)
        monkeypatch.setenv("SUPPORTPM_ACTOR", "tester")
    return made


@pytest.mark.parametrize("verb", list(VERBS))
@pytest.mark.parametrize("status", ["approved", "rejected"])
def test_a_decision_stands(demo_db: Path, decided: dict[str, int], proc: Runner, status: str, verb: str) -> None:
    change = decided[status]
    before = demo_db.read_bytes()
    line = one_line(proc("--db", demo_db, "change", *VERBS[verb][:1], change, *VERBS[verb][1:]))
    assert line == f"change request {change} was already {status} on {DECIDED_ON} by alice; a decision stands"
    assert demo_db.read_bytes() == before  # nothing moved, nothing re-recorded


@pytest.mark.parametrize("verb", list(VERBS))
def test_a_deferred_request_comes_back_for_decision(
    demo_db: Path, decided: dict[str, int], proc: Runner, cli: Runner, verb: str
) -> None:
    change = decided["deferred"]
    result = proc("--db", demo_db, "change", *VERBS[verb][:1], change, *VERBS[verb][1:])
    assert result.code == 0, result
    shown = cli("--db", demo_db, "change", "show", change, "--json").json()
    expected = {
        "approve": "approved",
        "approve --dry-run": "deferred",
        "approve --dry-run --json": "deferred",
        "reject": "rejected",
        "defer": "deferred",
    }[verb]
    assert shown["status"] == expected
    if verb.startswith("approve --dry-run"):
        assert shown["decided"] == DECIDED_ON and shown["decided_by"] == "alice"  # a preview records nothing
    else:
        assert shown["decided_by"] == "tester"


def test_a_decided_request_can_no_longer_be_edited(demo_db: Path, decided: dict[str, int], proc: Runner) -> None:
    change = decided["rejected"]
    line = one_line(proc("--db", demo_db, "change", "edit", change, "--days", "9"))
    assert line == f"change request {change} was already rejected on {DECIDED_ON} by alice; it can no longer be edited"
