"""Shared fixtures: an isolated home, a frozen clock and a fresh database."""

from __future__ import annotations

import compileall
import datetime as dt
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from supportpm_tui.core import clock
from supportpm_tui.services.demo import generate
from supportpm_tui.storage.database import Store, open_store

# A Wednesday: the current week has Monday and Tuesday behind it.
TODAY = dt.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep every test away from the user's real files and environment."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("SUPPORTPM_ACTOR", "tester")
    monkeypatch.delenv("SUPPORTPM_DB", raising=False)
    monkeypatch.delenv("SUPPORTPM_TODAY", raising=False)
    yield
    clock.freeze(None)


@pytest.fixture(autouse=True)
def screens_on_demand(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build each screen of a dashboard the test runs when the test opens it.

    The dashboard prepares every screen in the background once its first one
    shows, and reloads them all after each change; a test that opens one or
    two screens would pay for all of them (about a third of the suite's
    time). Tests marked ``prepared`` run the dashboard as a user does;
    dashboards the tests start as programs always do.
    """
    if request.node.get_closest_marker("prepared") is not None:
        return
    from supportpm_tui.ui.preparation import ScreenPreparation

    prepare = ScreenPreparation.__init__

    def on_demand(
        self: ScreenPreparation, app: Any, session: Any, enabled: bool = True, *rest: Any, **named: Any
    ) -> None:
        prepare(self, app, session, False, *rest, **named)

    monkeypatch.setattr(ScreenPreparation, "__init__", on_demand)


@pytest.fixture
def today() -> Iterator[dt.date]:
    """Freeze the clock on a Wednesday."""
    clock.freeze(TODAY)
    yield TODAY
    clock.freeze(None)


@pytest.fixture
def store(tmp_path: Path, today: dt.date) -> Iterator[Store]:
    """Return a new, empty database with the clock frozen."""
    s = open_store(tmp_path / "test.db")
    yield s
    s.close()


# Demo files already written, by how and for which day: each test gets a copy (writing one takes 0.2 s).
_DEMO_FILES: dict[tuple[str, dt.date], Path] = {}


def demo_copy(target: Path, today: dt.date, how: str = "service", write: Any = None) -> Path:
    """Put at ``target`` the demo for ``today``, written once per worker by ``write(path)`` (default the service)."""
    key = (how, today)
    source = _DEMO_FILES.get(key)
    if source is None or not source.exists():
        source = Path(tempfile.mkdtemp(prefix="supportpm-demo-")) / "demo.db"
        if write is None:
            store = open_store(source)
            generate(store)
            store.close()
        else:
            write(source)
        conn = sqlite3.connect(source)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        _DEMO_FILES[key] = source
    shutil.copy2(source, target)
    return target


@pytest.fixture
def demo_store(tmp_path: Path, today: dt.date) -> Iterator[Store]:
    """A demo database generated for the frozen day."""
    store = open_store(demo_copy(tmp_path / "demo.db", today))
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path: Path, today: dt.date) -> Iterator[Store]:
    """A new, empty database."""
    store = open_store(tmp_path / "empty.db")
    yield store
    store.close()


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real PostgreSQL 16 server for this test worker (pgserver brings its binaries), stopped at the end.

    It listens on a Unix socket in its own folder. Local users ``pwuser``
    (password ``right-pw``) must give a password; others are trusted.
    """
    import pgserver

    folder = tmp_path_factory.mktemp("pg")
    server = pgserver.get_server(folder, cleanup_mode="stop")
    hba = folder / "pg_hba.conf"
    hba.write_text("local all pwuser scram-sha-256\n" + hba.read_text())
    server.psql("CREATE ROLE pwuser LOGIN PASSWORD 'right-pw' SUPERUSER; SELECT pg_reload_conf();")
    yield server
    server.cleanup()


def pg_socket_dir(server: Any) -> str:
    """Return the folder of ``server``'s Unix socket (its ``host``)."""
    return str(server.get_uri()).split("host=", 1)[1]


@pytest.fixture
def pg_url(pg_server: Any) -> str:
    """A new, empty PostgreSQL database on the worker's server, as a ``postgresql://`` address."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    pg_server.psql(f"CREATE DATABASE {name};")
    return f"postgresql://postgres@/{name}?host={pg_socket_dir(pg_server)}"


# The test files that take longest, longest first: the workers start them first, so none is
# left running alone at the end of the suite (pytest-xdist hands out whole files in order).
SLOW_FILES = [
    "e2e/test_live.py",
    "ui/test_project_reports.py",
    "cli/test_metrics.py",
    "ui/test_projects_screen.py",
    "ui/test_people_and_time.py",
    "ui/test_board.py",
    "cli/test_safe_together.py",
    "ui/test_app.py",
    "ui/test_risks.py",
    "ui/test_capacity.py",
    "snapshots/test_screens.py",
    "ui/test_timeline.py",
    "reliability/test_restore_with_others.py",
    "reliability/test_concurrency.py",
    "ui/test_list_keys.py",
    "team/test_team_cli.py",
    "cli/test_change_decisions.py",
    "reliability/test_hostile.py",
    "reliability/test_terminal_text.py",
    "ui/test_forms.py",
    "cli/test_event_log_written_elsewhere.py",
    "reliability/test_concurrent_edits.py",
]


def pytest_configure(config: pytest.Config) -> None:
    """Compile the package once, before the workers start, when Python may not write its compiled files itself.

    With PYTHONDONTWRITEBYTECODE set (as on some machines) every command and
    dashboard the tests start would compile the whole package again from
    source: about a quarter of the suite's time on a fresh clone.
    """
    if not hasattr(config, "workerinput"):  # the controller (or a run without workers), not each worker
        import supportpm_tui

        compileall.compile_dir(Path(supportpm_tui.__file__).parent, quiet=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slowest files first (the rest keep their order)."""
    tests_dir = Path(__file__).parent

    def rank(item: pytest.Item) -> int:
        try:
            name = item.path.relative_to(tests_dir).as_posix()
        except ValueError:
            return len(SLOW_FILES)
        return SLOW_FILES.index(name) if name in SLOW_FILES else len(SLOW_FILES)

    items.sort(key=rank)
