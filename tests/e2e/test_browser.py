"""The dashboard in a real browser: ``supportpm serve`` as a process, headless Chromium (Debian's) on its page."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import demo_copy

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

# xterm.js draws the terminal on a canvas: the page's own script keeps its Terminal to itself, so this
# script, run before the page's, hands it over when the page stores it, to read the screen's rows.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {configurable: true, set(value) {
  Object.defineProperty(this, 'terminal', {value: value, writable: true, configurable: true, enumerable: true});
  window.shownTerminal = value;
}});
"""
READ_SCREEN = """
const buffer = window.shownTerminal && window.shownTerminal.buffer.active;
if (!buffer) return '';
const rows = [];
for (let i = 0; i < buffer.length; i++) rows.push(buffer.getLine(i).translateToString(true));
return rows.join('\\n');
"""


def _browser_missing() -> str | None:
    """Why there is no browser to drive, or ``None`` when Chromium and its driver are here."""
    if os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK):
        return None
    return "Chromium and its driver are not installed (apt-get install chromium chromium-driver; .ci/run does)"


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium from Debian's packages, through its own driver (nothing is downloaded)."""
    missing = _browser_missing()
    if missing is not None:
        if shutil.which("apt-get") is None and not os.environ.get("CI"):
            pytest.skip(missing + "; this machine has no apt-get to install them")
        pytest.fail(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        yield driver
    finally:
        driver.quit()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, server: subprocess.Popen[str], log: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"supportpm serve stopped with status {server.returncode}:\n{log.read_text()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"supportpm serve never listened on port {port}:\n{log.read_text()}")


def _wait_for_screen(driver: Any, *texts: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = driver.execute_script(READ_SCREEN)
        if all(text in shown for text in texts):
            return str(shown)
        time.sleep(0.1)
    raise AssertionError(f"{texts!r} never all appeared; the page shows:\n{shown}")


def _group_gone(group: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def _press(browser: Any, key: str) -> None:
    """Press ``key`` in the page's terminal as a person would: focus the terminal, then type."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    helper = browser.find_element(By.CSS_SELECTOR, "textarea.xterm-helper-textarea")
    browser.execute_script("arguments[0].focus();", helper)  # xterm's input is a hidden textarea
    ActionChains(browser).send_keys(key).perform()


def test_the_browser_shows_the_overview_and_a_key_switches_to_the_board(
    tmp_path: Path, today: dt.date, browser: Any
) -> None:

    db = demo_copy(tmp_path / "demo.db", today)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "SUPPORTPM_TODAY": today.isoformat()}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "supportpm_tui", "serve", "--db", str(db), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,  # its own process group: the dashboards it starts go with it
        )
    try:
        _wait_for_port(port, server, log)
        assert f"Serving the dashboard on http://127.0.0.1:{port} (this machine only;" in log.read_text()

        browser.get(f"http://127.0.0.1:{port}/")
        _wait_for_screen(browser, "│ Overview │ demo.db │ Wed 18 Nov 2026", "Projects — health and why · 4")
        _wait_for_screen(browser, "Laptop refresh 2027", "RED · milestone Enrolment wave 1 is slipping")

        _press(browser, "2")
        board = _wait_for_screen(browser, "│ Board │", "Backlog", "In progress")
        assert "Projects — health and why" not in board

        os.killpg(server.pid, signal.SIGINT)  # Ctrl+C, with a dashboard open in the browser
        assert server.wait(timeout=10) == 0, log.read_text()
        assert "Stopped serving the dashboard." in log.read_text()
        assert _group_gone(server.pid), "a dashboard the server started is still running"
        assert "Traceback" not in log.read_text()
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever happened, nothing it started outlives the test
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
