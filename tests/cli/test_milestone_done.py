"""``milestone done``: refused while tasks are open (naming them), done anyway with ``--force``."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Runner
from tests.cli.test_errors import assert_user_error


def test_done_refuses_while_tasks_are_open_and_force_marks_it_done(demo_db: Path, proc: Runner, cli: Runner) -> None:
    before = demo_db.read_bytes()
    refused = proc("--db", demo_db, "milestone", "done", "Fleet order placed")
    assert_user_error(refused, "'Fleet order placed'", "2 open tasks", "(#5, #4)", "add --force")
    assert demo_db.read_bytes() == before
    assert cli("--db", demo_db, "milestone", "show", "Fleet order placed", "--json").json()["done_date"] is None

    forced = proc("--db", demo_db, "milestone", "done", "Fleet order placed", "--force", "--date", "2026-11-16")
    assert forced.code == 0 and forced.out.strip() == "2"
    shown = cli("--db", demo_db, "milestone", "show", "Fleet order placed", "--json").json()
    assert shown["done_date"] == "2026-11-16" and shown["status"] == "done"
    assert cli("--db", demo_db, "milestone", "reopen", "Fleet order placed").code == 0
    assert cli("--db", demo_db, "milestone", "show", "2", "--json").json()["done_date"] is None


def test_a_milestone_without_open_tasks_is_done_without_asking(demo_db: Path, proc: Runner, cli: Runner) -> None:
    assert cli("--db", demo_db, "milestone", "add", "ONB", "Lonely", "--due", "2026-12-30").code == 0
    tid = cli("--db", demo_db, "task", "add", "Finished already", "--project", "ONB", "--milestone", "Lonely")
    assert cli("--db", demo_db, "task", "done", tid.out.strip()).code == 0
    done = proc("--db", demo_db, "milestone", "done", "Lonely")
    assert done.code == 0, done.err
    assert cli("--db", demo_db, "milestone", "show", "Lonely", "--json").json()["status"] == "done"


def test_the_refusal_names_the_first_few_ids_and_counts_them_all(demo_db: Path, cli: Runner) -> None:
    assert cli("--db", demo_db, "milestone", "add", "ONB", "Busy", "--due", "2026-12-30").code == 0
    ids = [
        cli("--db", demo_db, "task", "add", f"Step {n}", "--project", "ONB", "--milestone", "Busy").out.strip()
        for n in range(7)
    ]
    refused = cli("--db", demo_db, "milestone", "done", "Busy")
    assert_user_error(refused, "7 open tasks", ", ".join(f"#{i}" for i in ids[:5]) + ", …", "--force")
    assert f"#{ids[5]}" not in refused.err
    assert_user_error(cli("--db", demo_db, "milestone", "done", "Enrolment wave 1"), "1 open task (#10)")
