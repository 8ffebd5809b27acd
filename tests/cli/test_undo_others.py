"""Undoing an addition is refused, naming who, once someone else changed or used the item."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Runner

ALICE = {"SUPPORTPM_ACTOR": "alice"}
BOB = {"SUPPORTPM_ACTOR": "bob"}


def test_undo_of_a_card_bob_edited_and_moved_is_refused_naming_bob(person: Runner, demo_db: Path) -> None:
    added = person("--db", demo_db, "task", "add", "Far", "--project", "MFA", "--estimate", 5, env=ALICE)
    assert added.code == 0, added.err
    card = added.out.strip()
    assert person("--db", demo_db, "task", "edit", card, "--title", "Bob's plan", env=BOB).code == 0
    assert person("--db", demo_db, "task", "move", card, "in_progress", env=BOB).code == 0
    undo = person("--db", demo_db, "undo", env=ALICE)
    assert undo.code == 2
    assert len(undo.err.strip().splitlines()) == 1 and "bob" in undo.err, undo.err
    shown = person("--db", demo_db, "task", "show", card, "--json").json()
    assert shown["title"] == "Bob's plan" and shown["column"] == "in_progress"


def test_undo_is_refused_when_bob_changed_the_card_and_changed_it_back(person: Runner, demo_db: Path) -> None:
    card = person("--db", demo_db, "task", "add", "Far", "--project", "MFA", "--estimate", 5, env=ALICE).out.strip()
    person("--db", demo_db, "task", "move", card, "in_progress", env=BOB)
    person("--db", demo_db, "task", "move", card, "backlog", env=BOB)
    undo = person("--db", demo_db, "undo", env=ALICE)
    assert undo.code == 2 and "bob" in undo.err, undo.err
    assert person("--db", demo_db, "task", "show", card).code == 0


def test_undo_of_a_person_bob_assigned_a_card_to_names_the_card_and_bob(person: Runner, demo_db: Path) -> None:
    assert person("--db", demo_db, "person", "add", "Zed Quinn", env=ALICE).code == 0
    card = person(
        "--db", demo_db, "task", "add", "Zed's", "--project", "MFA", "--assignee", "zed quinn", "--estimate", 1, env=BOB
    ).out.strip()
    undo = person("--db", demo_db, "undo", env=ALICE)
    assert undo.code == 2, undo
    assert f"task {card}" in undo.err and "bob" in undo.err and "internal error" not in undo.err
    assert "FOREIGN KEY" not in undo.err.upper()
    assert person("--db", demo_db, "person", "show", "Zed Quinn").code == 0


def test_undo_of_a_card_that_blocks_another_names_the_blocked_card(person: Runner, demo_db: Path) -> None:
    first = person("--db", demo_db, "task", "add", "First", "--project", "MFA", "--estimate", 1, env=ALICE).out.strip()
    second = person("--db", demo_db, "task", "add", "Second", "--project", "MFA", "--estimate", 1, env=BOB).out.strip()
    blocked = person("--db", demo_db, "task", "edit", second, "--blocked-by", first, env=BOB)
    assert blocked.code == 0, blocked.err
    undo = person("--db", demo_db, "undo", env=ALICE)
    assert undo.code == 2 and f"task {second}" in undo.err and "bob" in undo.err, undo.err


def test_alice_still_undoes_her_own_unused_addition(person: Runner, demo_db: Path) -> None:
    card = person("--db", demo_db, "task", "add", "Mine", "--project", "MFA", "--estimate", 1, env=ALICE).out.strip()
    assert person("--db", demo_db, "task", "edit", card, "--estimate", 2, env=ALICE).code == 0
    assert person("--db", demo_db, "undo", env=ALICE).code == 0
    assert person("--db", demo_db, "undo", env=ALICE).code == 0
    assert person("--db", demo_db, "task", "show", card).code == 2
