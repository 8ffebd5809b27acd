"""``supportpm serve``: what it says about a bad address or port, and the dashboard each browser tab runs.

The browser itself is driven in tests/e2e/test_browser.py.
"""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import pytest

from supportpm_tui.cli.serve import dashboard_command
from tests.cli.conftest import Runner


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--port", "0"), "supportpm: error: --port must be a number from 1 to 65535, not 0"),
        (("--port", "70000"), "supportpm: error: --port must be a number from 1 to 65535, not 70000"),
        (("--host", "192.0.2.1"), "supportpm: error: --host 192.0.2.1 is not an address of this machine"),
        (("--host", " "), "supportpm: error: --host is empty: give an address such as 127.0.0.1, or 0.0.0.0"),
    ],
)
def test_a_bad_port_or_host_is_one_line_and_nothing_is_made(
    tmp_path: Path, cli: Runner, options: tuple[str, ...], message: str
) -> None:
    db = tmp_path / "team.db"
    result = cli("serve", "--db", db, *options)
    assert result.code == 2
    assert result.err.startswith(message) and result.err.count("\n") == 1, result.err
    assert result.out == ""
    assert not db.exists()  # the address is checked before the database is opened


def test_a_port_in_use_is_one_line(tmp_path: Path, proc: Runner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = proc("serve", "--db", tmp_path / "team.db", "--port", str(port))
    assert result.code == 2
    assert result.err == f"supportpm: error: port {port} is in use on 127.0.0.1: choose another with --port\n"
    assert "Traceback" not in result.out


def test_each_tab_runs_this_supportpm_with_the_theme_given() -> None:
    assert shlex.split(dashboard_command(None)) == [sys.executable, "-m", "supportpm_tui"]
    assert shlex.split(dashboard_command("high contrast")) == [
        sys.executable,
        "-m",
        "supportpm_tui",
        "--theme",
        "high contrast",
    ]
