"""A number past what the database stores (an id of 20 digits) is one line and exit 2, never an internal error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Runner

COMMANDS = [
    ("task", "show", "{n}"),
    ("task", "edit", "{n}", "--estimate", "1"),
    ("task", "move", "{n}", "ready"),
    ("task", "done", "{n}"),
    ("task", "add", "x", "--project", "MFA", "--blocked-by", "{n}"),
    ("milestone", "show", "{n}"),
    ("risk", "show", "{n}"),
    ("issue", "edit", "{n}", "--title", "t"),
    ("change", "show", "{n}"),
    ("leave", "edit", "{n}", "--hours-per-day", "1"),
    ("tickets", "edit", "{n}", "--hours", "1"),
    ("undo", "{n}"),
]


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=2**63, max_value=10**40))
def test_an_id_past_the_databases_integers_is_refused_in_one_line(cli: Runner, demo_db: Path, n: int) -> None:
    before = demo_db.read_bytes()
    for command in COMMANDS:
        args = [part.format(n=n) for part in command]
        done = cli("--db", demo_db, *args)
        assert done.code == 2, (args, done)
        assert "internal error" not in done.err and len(done.err.strip().splitlines()) == 1, (args, done.err)
    assert demo_db.read_bytes() == before


def test_an_empty_db_option_is_refused(cli: Runner) -> None:
    done = cli("--db", "", "task", "list")
    assert done.code == 2 and "--db is empty" in done.err
