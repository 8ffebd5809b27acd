"""The closest peer, kanban-tui, installed into a throwaway virtual environment for its demo's first screen.

``ktui demo`` starts kanban-tui on a temporary database with demo cards; its
first screen with data shows the card "Task_green_ready" in the Ready column.
It is installed once into ``bench/data/peer-venv`` from the package index;
when that cannot be done (no network, no index) the row is left out with a note.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
VENV = HERE / "data" / "peer-venv"
PACKAGE = "kanban-tui"
FIRST_SCREEN = re.compile(r"Task_green_ready")  # a demo card on the Board: data on screen


def peer_command() -> list[str] | None:
    """Return the command that starts kanban-tui's demo, installed first; ``None`` (with a note) when it cannot be."""
    ktui = VENV / "bin" / "ktui"
    if ktui.exists():
        return [str(ktui), "demo"]
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True, timeout=120)
        subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", PACKAGE],
            check=True,
            capture_output=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"kanban-tui could not be installed ({type(exc).__name__}): the peer row is left out")
        return None
    if not ktui.exists():
        print("kanban-tui installed without its 'ktui' command: the peer row is left out")
        return None
    return [str(ktui), "demo"]


def peer_version() -> str:
    """Return the installed kanban-tui's version ("" when unknown)."""
    try:
        out = subprocess.run(
            [str(VENV / "bin" / "ktui"), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.strip().split()[-1] if out.strip() else ""
