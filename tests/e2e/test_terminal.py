"""The main flow in a real terminal: tmux runs ``supportpm``, keys are typed, the CLI checks the result."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.e2e.terminal import TMUX, TODAY, keys, run_cli, start_dashboard, stop, terminal_env, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_move_a_card_in_the_terminal_then_check_with_the_cli(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "SUPPORTPM_TODAY": TODAY,
        "TERM": "xterm-256color",
    }
    env.pop("SUPPORTPM_DB", None)
    db = tmp_path / "team.db"
    run_cli(env, "demo", "--db", str(db))
    backlog = [
        t for t in json.loads(run_cli(env, "task", "list", "--json", "--db", str(db))) if t["column"] == "backlog"
    ]
    first = backlog[0]
    session = f"supportpm-e2e-{uuid.uuid4().hex[:8]}"
    command = f"env -u COLUMNS -u LINES {sys.executable} -m supportpm_tui --db {db}"
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", "160", "-y", "48", command], env=env, check=True)
    try:
        wait_for(session, "Projects — health and why")
        subprocess.run([*TMUX, "send-keys", "-t", session, "2"], check=True)
        wait_for(session, f"#{first['id']} {first['project']}")
        subprocess.run([*TMUX, "send-keys", "-t", session, ">"], check=True)
        wait_for(session, f"Backlog  {len(backlog) - 1}")
        subprocess.run([*TMUX, "send-keys", "-t", session, "q"], check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alive = subprocess.run([*TMUX, "has-session", "-t", session], capture_output=True).returncode == 0
            if not alive:
                break
            time.sleep(0.1)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], capture_output=True)
    moved = next(
        t for t in json.loads(run_cli(env, "task", "list", "--json", "--db", str(db))) if t["id"] == first["id"]
    )
    assert moved["column"] == "ready"


def test_demo_opens_the_dashboard_and_says_where_the_file_is(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "SUPPORTPM_TODAY": TODAY,
        "TERM": "xterm-256color",
        "TMPDIR": str(tmp_path),
    }
    session = f"supportpm-demo-{uuid.uuid4().hex[:8]}"
    command = f"env -u COLUMNS -u LINES {sys.executable} -m supportpm_tui --demo; sleep 30"
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", "160", "-y", "48", command], env=env, check=True)
    try:
        shown = wait_for(session, "Tom Becker")
        assert "overloaded" in shown and "slipping" in shown
        subprocess.run([*TMUX, "send-keys", "-t", session, "q"], check=True)
        after = wait_for(session, "The demo database is kept at")
        assert "supportpm --db" in "".join(after.splitlines())  # a long path wraps the line
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], capture_output=True)


def test_a_database_holding_a_far_date_opens_on_its_plan_and_names_the_item(tmp_path: Path) -> None:
    env = terminal_env(tmp_path)
    db = tmp_path / "far.db"
    run_cli(env, "demo", "--db", str(db))
    conn = sqlite3.connect(db)
    with conn:  # as another program (or an older version) would have written it
        conn.execute("UPDATE task SET due = '9999-12-31' WHERE id = 1")
    conn.close()
    session = start_dashboard(env, db)
    try:
        shown = wait_for(session, "Values out of range")
        assert "Tom Becker" in shown and "task 1" in shown  # the first screen, and the item named
        keys(session, "2")
        board = wait_for(session, "Choose MFA vendor")  # the card itself, in Done
        assert "No cards yet" not in board
    finally:
        stop(session)
