"""Measurements in a real terminal (tmux, 160×48): time to the first screen with data, and peak memory.

SupportPM is started exactly as a user starts it, beside a bare Textual app
that shows one line of text, started the same way, so the ratio of the two
says what SupportPM adds on top of Textual itself.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).parent
BARE_APP = HERE / "bare_app.py"
SIZE = ("160", "48")
POLL = 0.02  # each look is a `tmux capture-pane` process: looking every 5 ms kept a core busy
FIRST_SCREEN = re.compile(r"health and why · \d+")  # the Overview's projects, counted: data on screen
BARE_TEXT = "A bare Textual app"


def available() -> bool:
    """Return whether tmux is there to run the terminal measurements."""
    return shutil.which("tmux") is not None


def _environment(home: Path, cache: Path | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(cache or home / "cache"),
        "TERM": "xterm-256color",
    }
    env.pop("SUPPORTPM_DB", None)
    return env


def _start(command: list[str], env: dict[str, str]) -> str:
    session = f"supportpm-bench-{uuid.uuid4().hex[:8]}"
    keep = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "TERM", "PATH")
    settings = " ".join(f"{k}={shlex.quote(env[k])}" for k in keep if k in env)
    line = f"env {settings} {' '.join(shlex.quote(c) for c in command)}"
    for attempt in range(5):  # a tmux server closing its last session may refuse a new one for a moment
        started = subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", SIZE[0], "-y", SIZE[1], line], capture_output=True
        )
        if started.returncode == 0:
            return session
        time.sleep(0.2 * (attempt + 1))
    raise RuntimeError(f"tmux could not start a session: {started.stderr.decode().strip()}")


def _screen(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def _wait(session: str, shown: re.Pattern[str], limit: float = 60.0) -> float:
    """Wait until the screen matches ``shown``; return when, by ``time.perf_counter``."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if shown.search(_screen(session)):
            return time.perf_counter()
        time.sleep(POLL)
    raise TimeoutError(f"the screen never showed {shown.pattern!r}:\n{_screen(session)}")


def _stop(session: str) -> None:
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def first_screen(command: list[str], shown: re.Pattern[str], cache: Path | None = None, linger: float = 0.0) -> float:
    """Start ``command`` in a new terminal; return the seconds until the screen shows ``shown``.

    ``cache`` is the cache folder to use (a fresh one by default: a cold
    start); ``linger`` keeps the program running that long afterwards.
    """
    with tempfile.TemporaryDirectory() as home:
        env = _environment(Path(home), cache)
        start = time.perf_counter()
        session = _start(command, env)
        try:
            seen = _wait(session, shown) - start
            time.sleep(linger)
            return seen
        finally:
            _stop(session)


def supportpm_command(db: Path) -> list[str]:
    """The dashboard on ``db``, as a user starts it."""
    return [sys.executable, "-m", "supportpm_tui", "--db", str(db)]


def bare_command() -> list[str]:
    """A bare Textual app that shows one line, started the same way."""
    return [sys.executable, str(BARE_APP)]


def _python_pid(session: str) -> int:
    """Return the pid of the Python process running in ``session``'s pane."""
    pane = subprocess.run(
        ["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"], capture_output=True, text=True, check=True
    ).stdout.split()[0]
    pid = int(pane)
    for _ in range(5):  # the shell may have started Python as a child rather than replacing itself
        if "python" in Path(f"/proc/{pid}/comm").read_text():
            return pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if not children:
            break
        pid = int(children[0])
    return pid


def peak_memory_mb(db: Path, keys: tuple[str, ...] = ("2", "3", "4", "5", "1"), settle: float = 3.0) -> float:
    """Open the dashboard on ``db``, visit every screen, and return its peak RSS in MB (``VmHWM``)."""
    with tempfile.TemporaryDirectory() as home:
        env = _environment(Path(home))
        session = _start(supportpm_command(db), env)
        try:
            _wait(session, FIRST_SCREEN)
            time.sleep(settle)  # the other screens are prepared in the background
            for key in keys:
                subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
                time.sleep(0.6)
            pid = _python_pid(session)
            status = Path(f"/proc/{pid}/status").read_text()
        finally:
            _stop(session)
    peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(peak.split()[1]) / 1024
