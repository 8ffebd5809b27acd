"""Run the command line in-process (fast) or as a real process (exact behaviour)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from supportpm_tui.cli import main
from supportpm_tui.core import clock
from tests.conftest import demo_copy

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    """What one run of the command line did."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Runner = Callable[..., Result]


def run_in_process(capsys: pytest.CaptureFixture[str], args: tuple[object, ...]) -> Result:
    """Run ``supportpm ARGS`` in this process; return its exit status and what it printed."""
    capsys.readouterr()
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return Result(code, out, err)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], today: object) -> Runner:
    """Run ``supportpm ARGS`` in this process with the clock frozen."""

    def run(*args: object) -> Result:
        return run_in_process(capsys, args)

    return run


@pytest.fixture
def person(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, today: object) -> Runner:
    """Run ``supportpm ARGS`` in this process as someone else would (``env`` sets SUPPORTPM_ACTOR and such).

    Each run is a command-line run of its own (its own session), as a separate
    process is; use :func:`proc` where the process itself matters (locks, signals).
    """

    def run(*args: object, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
        with monkeypatch.context() as patch:
            for key, value in (env or {}).items():
                patch.setenv(key, value)
            if cwd is not None:
                patch.chdir(cwd)
            return run_in_process(capsys, args)

    return run


@pytest.fixture
def proc(today: object) -> Runner:
    """Run ``supportpm ARGS`` as a separate process with the same frozen date."""
    from tests.conftest import TODAY

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
        full_env = {**os.environ, "SUPPORTPM_TODAY": TODAY.isoformat(), **(env or {})}
        # This checkout's package, wherever the process runs (``cwd``).
        full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
        done = subprocess.run(
            [sys.executable, "-m", "supportpm_tui", *map(str, args)],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd,
            timeout=60,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def demo_db(tmp_path: Path, cli: Runner) -> Path:
    """Write the demo database and return its path."""

    def write(path: Path) -> None:
        assert cli("demo", "--db", path).code == 0

    return demo_copy(tmp_path / "demo.db", clock.today(), "command", write)
