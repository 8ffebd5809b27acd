"""Two dashboards on one PostgreSQL database, in real terminals: a card moved from the CLI shows in both."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.terminal import keys, run_cli, screen, start_dashboard, stop, terminal_env, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_a_card_moved_on_one_connection_shows_in_two_dashboards_within_a_second(tmp_path: Path, pg_url: str) -> None:
    env = terminal_env(tmp_path)
    run_cli(env, "person", "add", "Priya Shah", "--db", pg_url)
    run_cli(env, "project", "add", "MFA", "MFA rollout", "--db", pg_url)
    card = run_cli(env, "task", "add", "Roll out tokens", "--project", "MFA", "--db", pg_url).strip()
    sessions = [start_dashboard(env, pg_url, "team-a"), start_dashboard(env, pg_url, "team-b")]  # type: ignore[arg-type]
    try:
        for session in sessions:
            wait_for(session, "Overview")
            keys(session, "2")
            wait_for(session, "Roll out tokens")  # the Overview lists it too: the Board is there once its header is
            shown = wait_for(session, "│ Board │")
            assert "@local" in wait_for(session, "@local"), shown
        time.sleep(0.5)  # both idle, listening
        move = [sys.executable, "-m", "supportpm_tui", "--db", pg_url, "task", "move", card, "testing"]
        subprocess.run(move, env=env, check=True, capture_output=True, timeout=60)
        committed = time.monotonic()
        pending = set(sessions)
        while pending and time.monotonic() - committed < 10:
            for session in list(pending):
                lines = screen(session).splitlines()
                header = next((i for i, line in enumerate(lines) if "Testing" in line), None)
                if header is not None and any("Roll out tokens" in line for line in lines[header:]):
                    testing_col = lines[header].index("Testing")
                    if any(line.find("Roll out") >= testing_col - 2 for line in lines[header:]):
                        pending.discard(session)
            time.sleep(0.02)
        elapsed = time.monotonic() - committed
        assert not pending, [screen(s) for s in pending]
        assert elapsed < 1.0, f"the move took {elapsed:.2f} s to show in both"
        # a card added in one dashboard shows in the other
        keys(sessions[0], "n")
        wait_for(sessions[0], "New card")
        keys(sessions[0], "From dashboard A", literal=True)
        keys(sessions[0], "C-s")
        wait_for(sessions[1], "From dashboard A", timeout=5)
    finally:
        for session in sessions:
            stop(session)
