"""Live in a real terminal: what other processes commit shows on the dashboard without a key press."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.terminal import keys, run_cli, screen, start_dashboard, stop, terminal_env, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

PROBLEMS = ("Not saved", "database is locked", "busy", "went wrong", "Traceback")


def test_a_card_and_an_overload_from_the_cli_show_within_a_second(tmp_path: Path) -> None:
    env = terminal_env(tmp_path)
    db = tmp_path / "team.db"
    run_cli(env, "person", "add", "Priya Shah", "--hours", "40", "--db", str(db))
    run_cli(env, "project", "add", "MFA", "MFA rollout", "--db", str(db))
    session = start_dashboard(env, db)
    try:
        wait_for(session, "Overview")
        keys(session, "2")
        wait_for(session, "No cards yet")
        time.sleep(0.5)  # the dashboard is idle, waiting
        add = [
            sys.executable, "-m", "supportpm_tui", "--db", str(db), "task", "add", "Live card from the CLI",
            "--project", "MFA", "--assignee", "Priya Shah", "--estimate", "80", "--due", "tomorrow",
        ]  # fmt: skip
        subprocess.run(add, env=env, check=True, capture_output=True, timeout=60)
        committed = time.monotonic()  # the command has exited: its write is committed
        shown = ""
        while time.monotonic() - committed < 10:
            shown = screen(session)
            if "Live card from the CLI" in shown and "Priya Shah ⚠" in shown:
                break
            time.sleep(0.02)
        elapsed = time.monotonic() - committed
        assert "Live card from the CLI" in shown and "Priya Shah ⚠" in shown, shown
        assert elapsed < 1.0, f"the change took {elapsed:.2f} s to show"
    finally:
        stop(session)


def wait_for_saved(session: str, title: str, timeout: float = 20.0) -> None:
    """Wait until the card form has closed and the Board shows the card ``title``."""
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(session)
        if title in shown and "New card in" not in shown:
            return
        time.sleep(0.1)
    raise AssertionError(f"{title!r} was not saved; the screen shows:\n{shown}")


LONG_RUNS = bool(os.environ.get("SUPPORTPM_LONG_RUNS"))
"""On PostgreSQL this run takes half a minute; tests/team/test_team_terminal.py covers live updates there in CI."""


@pytest.mark.parametrize(
    "kind",
    [
        "file",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not LONG_RUNS, reason="the long runs only: SUPPORTPM_LONG_RUNS=1"),
        ),
    ],
)
def test_two_dashboards_and_the_cli_writing_at_once_lose_nothing(
    tmp_path: Path, kind: str, request: pytest.FixtureRequest
) -> None:
    env = terminal_env(tmp_path)
    db: Any = tmp_path / "team.db" if kind == "file" else request.getfixturevalue("pg_url")
    run_cli(env, "person", "add", "Priya Shah", "--db", str(db))
    run_cli(env, "project", "add", "MFA", "MFA rollout", "--db", str(db))
    sessions = [start_dashboard(env, db, "live-a"), start_dashboard(env, db, "live-b")]
    cli_titles = [f"cli card {i}" for i in range(8)]
    failures: list[str] = []

    def cli_writer() -> None:
        for title in cli_titles:
            done = subprocess.run(
                [sys.executable, "-m", "supportpm_tui", "--db", str(db), "task", "add", title, "--project", "MFA"],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            if done.returncode != 0:
                failures.append(done.stderr)

    try:
        for session in sessions:
            wait_for(session, "Overview")
            keys(session, "2")
            wait_for(session, "Backlog")
        writer = threading.Thread(target=cli_writer)
        writer.start()
        dash_titles = []
        for i in range(2):
            for name, session in zip("ab", sessions, strict=True):
                title = f"dash {name} {i}"
                dash_titles.append(title)
                keys(session, "n")
                wait_for(session, "New card")
                keys(session, title, literal=True)
                keys(session, "C-s")
                wait_for_saved(session, title)  # as a person would: the form has closed on the card
        writer.join(timeout=120)
        assert not failures, failures
        everything = set(cli_titles) | set(dash_titles)
        for session in sessions:  # both dashboards end up showing every card, with no error on screen
            shown = wait_for(session, f"Backlog  {len(cli_titles) + len(dash_titles)}", timeout=10)
            assert not [p for p in PROBLEMS if p in shown], shown
    finally:
        for session in sessions:
            stop(session)
    stored = json.loads(run_cli(env, "task", "list", "--json", "--db", str(db)))
    assert sorted(t["title"] for t in stored) == sorted(everything)
    events = json.loads(run_cli(env, "log", "--json", "--limit", "1000", "--db", str(db)))
    created = [e for e in events if e["entity"] == "task" and e["action"] == "create"]
    assert len(created) == len(everything)
