"""How the command line is put together: one run's state, the way into the dashboard, start-up."""

from __future__ import annotations

import gc
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import typer

from supportpm_tui.cli.app import COMMAND_MODULES, MODULES, build_app, command_module
from supportpm_tui.cli.context import CliRun
from supportpm_tui.startup.first_overview import FirstOverview
from supportpm_tui.storage.database import Store
from tests.cli.conftest import Runner


def test_the_commands_are_registered_in_the_order_of_the_help() -> None:
    names = list(typer.main.get_command(build_app()).commands)  # type: ignore[attr-defined]
    assert names == [
        "where",
        "check",
        "backup",
        "restore",
        "copy",
        "demo",
        "undo",
        "redo",
        "log",
        "standup",
        "import",
        "capacity",
        "holidays",
        "export",
        "serve",
        "settings",
        "person",
        "project",
        "checklist",
        "workstream",
        "milestone",
        "task",
        "time",
        "risk",
        "issue",
        "change",
        "leave",
        "tickets",
        "report",
        "metric",
        "review",
    ]
    assert names == list(typer.main.get_command(build_app()).commands)  # type: ignore[attr-defined]


def test_each_command_is_found_in_the_module_that_registers_it() -> None:
    registered: dict[str, str] = {}
    for name in MODULES:
        app = typer.Typer()
        command_module(name).register(app)
        for command in [*app.registered_commands, *app.registered_groups]:
            assert command.name is not None
            registered[command.name] = name
    assert registered == COMMAND_MODULES


def test_a_run_that_names_its_command_builds_it_as_the_whole_command_line_does() -> None:
    def shape(command: Any) -> tuple[Any, ...]:
        params = [(p.name, tuple(p.opts)) for p in command.params]
        subcommands = getattr(command, "commands", {})
        return command.name, command.help, params, {name: shape(sub) for name, sub in subcommands.items()}

    whole: Any = typer.main.get_command(build_app())
    for name in COMMAND_MODULES:
        alone: Any = typer.main.get_command(build_app(only=name))
        assert list(alone.commands) == [name]
        assert shape(alone.commands[name]) == shape(whole.commands[name])


def test_nothing_carries_over_from_one_run_to_the_next(tmp_path: Path, cli: Runner) -> None:
    db = tmp_path / "team.db"
    assert cli("--db", db, "person", "add", "Ana").code == 0
    where = cli("where", "--json").json()
    assert where["database"] != str(db) and where["database"].endswith("supportpm/supportpm.db")
    assert "No people yet" in cli("person", "list").out


def test_a_read_holds_the_collector_until_its_run_ends(
    demo_db: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    held: list[bool] = []
    open_reader = CliRun.open_reader

    def spy_open(self: CliRun) -> Any:
        held.append(not gc.isenabled())
        return open_reader(self)

    monkeypatch.setattr(CliRun, "open_reader", spy_open)
    for command in (("task", "list", "--json"), ("capacity",), ("milestone", "list")):
        assert cli("--db", demo_db, *command).code == 0
        assert gc.isenabled()
    assert cli("--db", demo_db, "task", "list", "--project", "NOPE").code == 2  # a refusal ends the run too
    assert gc.isenabled()
    assert held == [True] * 4


def test_a_run_leaves_the_collector_as_it_found_it() -> None:
    run = CliRun()
    run.hold_collection()
    assert not gc.isenabled()
    run.close()
    assert gc.isenabled()
    gc.disable()
    try:
        run = CliRun()
        run.hold_collection()
        run.close()
        assert not gc.isenabled()
    finally:
        gc.enable()


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
    assert cli("--db", demo_db, "task", "edit", "9999", "--title", "x").code == 2
    assert cli("--db", demo_db, "check").code == 0
    assert len(opened) == 3
    assert all(any(store is gone for gone in closed) for store in opened)


class _Dashboard:
    """Stands in for the Textual dashboard: records how it was made and run."""

    def __init__(self, events: list[Any], failure: str | None, return_code: int | None) -> None:
        self.events = events
        self.failure = failure
        self.return_code = return_code

    def run(self) -> None:
        self.events.append("run")


def _stand_in_dashboard(
    monkeypatch: pytest.MonkeyPatch, failure: str | None = None, return_code: int | None = None
) -> list[Any]:
    """Replace the dashboard's module and the first Overview's start; return the events they record."""
    events: list[Any] = []

    class Pending:
        def cancel(self) -> None:
            events.append("cancel")

    def start(cls: type, path: Path, fork: bool = True) -> Pending:
        events.append(("first overview", path))
        return Pending()

    def make_app(
        store: Store | None = None, *, db_path: Path | None = None, first: Any = None, theme: str | None = None
    ) -> _Dashboard:
        events.append(("dashboard", "store" if store is not None else db_path, type(first).__name__))
        if theme is not None:
            events.append(("theme", theme))
        return _Dashboard(events, failure, return_code)

    module = types.ModuleType("supportpm_tui.ui.app")
    module.make_app = make_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "supportpm_tui.ui.app", module)

    def from_primed(cls: type, path: Path, primed: Any) -> Pending:  # a helper started before the path was known
        return start(cls, path)

    monkeypatch.setattr(FirstOverview, "start", classmethod(start))
    monkeypatch.setattr(FirstOverview, "from_primed", classmethod(from_primed))
    return events


def test_the_quick_start_computes_the_first_overview_before_the_dashboard(
    demo_db: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _stand_in_dashboard(monkeypatch)
    result = cli("--db", demo_db)
    assert (result.code, result.out, result.err) == (0, "", "")
    assert events == [("first overview", demo_db), ("dashboard", demo_db, "Pending"), "run", "cancel"]


def test_the_quick_start_says_why_the_database_did_not_open(
    demo_db: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stand_in_dashboard(monkeypatch, failure="the file went away", return_code=2)
    result = cli(f"--db={demo_db}")
    assert (result.code, result.out, result.err) == (2, "", "supportpm: error: the file went away\n")


def test_a_new_database_opens_the_usual_way_through_the_same_launch(
    tmp_path: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _stand_in_dashboard(monkeypatch)
    result = cli("--db", tmp_path / "new.db")
    assert (result.code, result.err) == (0, "")
    assert events == [("dashboard", "store", "NoneType"), "run"]
    assert (tmp_path / "new.db").exists()


def test_help_loads_neither_the_database_layer_nor_the_dashboard() -> None:
    code = (
        "import sys\n"
        "from supportpm_tui.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'textual', 'alembic') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


def test_the_help_lists_each_vocabulary_as_written_in_its_enumeration() -> None:
    from supportpm_tui.core import vocabulary as v

    root: Any = typer.main.get_command(build_app())

    def help_of(noun: str, verb: str, option: str) -> str:
        params = root.commands[noun].commands[verb].params
        return str(next(p.help for p in params if p.name == option))

    expected = {
        ("task", "add", "column"): (v.Column, "backlog, ready, in_progress, blocked, testing, done."),
        ("task", "add", "priority"): (v.Priority, "low, normal, high, urgent."),
        ("task", "add", "kind"): (v.TaskKind, "task, test, rollback, comms, docs, training."),
        ("risk", "edit", "status"): (v.RiskStatus, "open, mitigating, accepted, closed, occurred."),
        ("issue", "edit", "status"): (v.IssueStatus, "open, in_progress, resolved."),
        ("leave", "add", "kind"): (v.CommitmentKind, "pto, sick, training, holiday, on_call, maintenance, other."),
    }
    for (noun, verb, option), (words, text) in expected.items():
        assert help_of(noun, verb, option) == text == ", ".join(words) + "."
    assert help_of("project", "add", "status") == "proposed, active, on_hold, done or cancelled."
    assert help_of("project", "edit", "rag") == "Override the RAG: red, amber, green, or auto."


def test_a_list_in_words_puts_its_own_word_before_the_last() -> None:
    from supportpm_tui.cli.common import word_list

    assert word_list(["a", "b", "c"]) == "a, b, c"
    assert word_list(["a", "b", "c"], last=" or ") == "a, b or c"
    assert word_list(["a", "b"], last=", or ") == "a, or b"
    assert (word_list(["a"]), word_list([])) == ("a", "")


def test_the_root_help_from_words_only_is_the_full_help() -> None:
    import click

    full = typer.main.get_command(build_app())
    light = typer.main.get_command(build_app(help_only=True))
    with click.Context(full, info_name="supportpm") as ctx, click.Context(light, info_name="supportpm") as light_ctx:
        assert light.get_help(light_ctx) == full.get_help(ctx)
        assert "task" in full.get_help(ctx) and "import" in full.get_help(ctx)
