"""How the command line is put together: commands registered in order, one run's state in its context."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from supportpm_tui.cli.app import build_app
from supportpm_tui.cli.context import CliRun
from supportpm_tui.storage.database import Store
from tests.cli.conftest import Runner


def test_the_commands_are_registered_in_the_order_of_the_help() -> None:
    names = list(typer.main.get_command(build_app()).commands)  # type: ignore[attr-defined]
    assert names == [
        "where",
        "check",
        "backup",
        "restore",
        "demo",
        "undo",
        "log",
        "capacity",
        "settings",
        "person",
        "project",
        "workstream",
        "milestone",
        "task",
        "risk",
        "issue",
        "change",
        "leave",
        "tickets",
    ]
    assert names == list(typer.main.get_command(build_app()).commands)  # type: ignore[attr-defined]


def test_nothing_carries_over_from_one_run_to_the_next(tmp_path: Path, cli: Runner) -> None:
    db = tmp_path / "team.db"
    assert cli("--db", db, "person", "add", "Ana").code == 0
    where = cli("where", "--json").json()
    assert where["database"] != str(db) and where["database"].endswith("supportpm/supportpm.db")
    assert "No people yet" in cli("person", "list").out


def test_every_run_closes_the_databases_it_opened(demo_db: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Store] = []
    closed: list[Store] = []
    open_store, close = CliRun.open_store, Store.close

    def spy_open(self: CliRun, create: bool = True) -> Store:
        store = open_store(self, create)
        opened.append(store)
        return store

    def spy_close(self: Store) -> None:
        closed.append(self)
        close(self)

    monkeypatch.setattr(CliRun, "open_store", spy_open)
    monkeypatch.setattr(Store, "close", spy_close)
    assert cli("--db", demo_db, "person", "list").code == 0
    assert cli("--db", demo_db, "task", "move", "9999", "done").code == 2
    assert cli("--db", demo_db, "check").code == 0
    assert len(opened) == 3
    assert all(any(store is gone for gone in closed) for store in opened)
