"""Standup mode in a real 80×24 terminal: every page walked with space, its warnings on screen."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.terminal import PASSED, TMUX, keys, run_cli, screen, stop, terminal_env, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_the_standup_walks_all_its_pages_at_80_by_24_with_the_warnings_on_screen(tmp_path: Path) -> None:
    env = terminal_env(tmp_path)
    db = tmp_path / "demo.db"
    run_cli(env, "demo", "--db", str(db))
    settings = " ".join(f"{k}={shlex.quote(env[k])}" for k in PASSED if k in env)
    command = f"env -u COLUMNS -u LINES {settings} {shlex.quote(sys.executable)} -m supportpm_tui --db {db} standup"
    session = "standup-80x24"
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command], env=env, check=True)
    try:
        expected = [  # (page, what must be on screen)
            ("page 1 of 12", ["✖ RED", "LAP · Laptop refresh 2027", "MFA · MFA rollout", "PAT · Patching programme"]),
            ("page 2 of 12", ["✖ LAP · Pilot devices imaged", "late, 9 working days", "slipping, 8 working days"]),
            ("page 3 of 12", ["⚠ overloaded Tom Becker  208 % this week", "⚠ overloaded Aisha Khan  250 % next week"]),
            ("page 4 of 12", ["AISHA KHAN", "▲ strained", "Next week: ⚠ overloaded", "✔ Choose MFA vendor"]),
        ]
        for page, texts in expected:
            shown = wait_for(session, page)
            for text in texts:
                assert text in shown, shown
            assert all(len(line) <= 80 for line in shown.splitlines())
            assert "esc leave" in shown.splitlines()[-1]
            keys(session, "Space")
        for page in range(5, 13):
            shown = wait_for(session, f"page {page} of 12")
            if "MAREK NOWAK" in shown:
                assert "⊘ Validate backups before wave 2" in shown
                assert "blocked: Waiting for the backup vendor's" in shown
            if "TOM BECKER" in shown:
                assert "This week: ⚠ overloaded" in shown
            if page == 12:
                assert "DECISIONS NEEDED" in shown and "Extend enrolment wave 1 by a week" in shown
            keys(session, "Space")
        keys(session, "Escape")
        assert "Projects — health and why" in wait_for(session, "Overview")
        assert "Traceback" not in screen(session)
    finally:
        stop(session)
