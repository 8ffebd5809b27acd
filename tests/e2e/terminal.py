"""Driving ``supportpm`` in a real terminal: tmux sessions, the screen's text, the CLI beside it."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path

TODAY = "2026-11-18"
PASSED = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "SUPPORTPM_TODAY", "TERM", "TMPDIR")

# A tmux server of this test process's own: parallel test workers never share (or resize) one.
TMUX = ["tmux", "-L", f"supportpm-tests-{os.getpid()}", "-f", "/dev/null"]


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "supportpm_tui", *args], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def screen(session: str) -> str:
    return subprocess.run(
        [*TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(session)
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")


def terminal_env(tmp_path: Path) -> dict[str, str]:
    """An environment of its own: config and data under ``tmp_path``, the clock frozen."""
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "SUPPORTPM_TODAY": TODAY,
        "TERM": "xterm-256color",
    }
    env.pop("SUPPORTPM_DB", None)
    for size in ("COLUMNS", "LINES"):  # a size set by the test runner would fix the dashboard's own
        env.pop(size, None)
    return env


def start_dashboard(env: dict[str, str], db: Path, name: str = "supportpm") -> str:
    """Open the dashboard on ``db`` in a new 160×48 tmux session; return the session's name."""
    session = f"{name}-{uuid.uuid4().hex[:8]}"
    # A tmux server that is already running would hand the session its own environment: pass ours.
    settings = " ".join(f"{k}={shlex.quote(env[k])}" for k in PASSED if k in env)
    command = (
        f"env -u COLUMNS -u LINES {settings} {shlex.quote(sys.executable)} -m supportpm_tui --db {shlex.quote(str(db))}"
    )
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", "160", "-y", "48", command], env=env, check=True)
    return session


def keys(session: str, *pressed: str, literal: bool = False) -> None:
    """Press keys in ``session`` (``literal`` types the text as it is)."""
    subprocess.run([*TMUX, "send-keys", "-t", session, *(["-l"] if literal else []), *pressed], check=True)


def stop(session: str) -> None:
    """Close the session."""
    subprocess.run([*TMUX, "kill-session", "-t", session], capture_output=True)
