"""``supportpm --theme NAME``: the dashboard in that theme for one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Runner
from tests.cli.test_structure import _stand_in_dashboard


def test_the_quick_start_and_the_usual_start_open_in_the_theme_asked_for(
    demo_db: Path, tmp_path: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _stand_in_dashboard(monkeypatch)
    assert cli("--db", demo_db, "--theme", "light").code == 0
    assert ("theme", "textual-light") in events
    events.clear()
    assert cli("--theme=High-Contrast", "--db", tmp_path / "new.db").code == 0
    assert ("theme", "high-contrast") in events


def test_a_theme_that_does_not_exist_is_one_line_and_status_2(demo_db: Path, proc: Runner) -> None:
    result = proc("--db", demo_db, "--theme", "purple")
    assert result.code == 2
    assert result.err == (
        "supportpm: error: --theme: no theme called 'purple'; "
        "choose one of textual-dark, textual-light, high-contrast, dark, light\n"
    )
    assert result.out == ""


def test_a_theme_given_with_a_command_is_refused(demo_db: Path, cli: Runner) -> None:
    result = cli("--theme", "dark", "project", "list", "--db", demo_db)
    assert result.code == 2
    assert "--theme is for the dashboard" in result.err
