"""The layers hold: import-linter's contracts pass, no module imports itself round a cycle, heavy parts stay out.

The contracts themselves are in ``pyproject.toml`` under ``[tool.importlinter]``.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import supportpm_tui

ROOT = Path(__file__).resolve().parents[2]


def _modules(*packages: str) -> list[str]:
    """Return every module of the given packages of SupportPM, found on disk (none listed by hand)."""
    names: list[str] = []
    for package in packages:
        names.append(f"supportpm_tui.{package}")
        path = [str(Path(supportpm_tui.__file__).parent / package.replace(".", "/"))]
        names += [m.name for m in pkgutil.walk_packages(path, prefix=f"supportpm_tui.{package}.")]
    return [n for n in names if ".migrations" not in n]


def test_the_import_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlinter.cli import lint_imports

    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True) == 0, "an import-linter contract is broken: run lint-imports"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan, iteratively)."""
    modules = sorted(m for m in graph.modules if m.startswith("supportpm_tui"))
    edges = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i.startswith("supportpm_tui"))
        for m in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in modules:
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def test_no_import_cycles_even_through_function_level_or_type_checking_imports() -> None:
    graph = grimp.build_graph("supportpm_tui", include_external_packages=False)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("supportpm_tui.a", "supportpm_tui.b", "supportpm_tui.c"):
        graph.add_module(name)
    graph.add_import(importer="supportpm_tui.a", imported="supportpm_tui.b")
    graph.add_import(importer="supportpm_tui.b", imported="supportpm_tui.c")
    graph.add_import(importer="supportpm_tui.c", imported="supportpm_tui.a")
    assert _cycles(graph) == [["supportpm_tui.a", "supportpm_tui.b", "supportpm_tui.c"]]


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_everything_below_the_interface_runs_without_textual_or_alembic() -> None:
    loaded = _loaded_after_import(_modules("core", "settings", "storage", "readmodel", "startup", "services"))
    assert loaded.isdisjoint({"textual", "alembic"})


def test_the_first_screen_loads_neither_the_database_layer_nor_textual() -> None:
    """The Overview is computed beside the interface's start-up: it must not wait for either."""
    loaded = _loaded_after_import(_modules("core", "readmodel", "startup"))
    assert loaded.isdisjoint({"sqlalchemy", "sqlmodel", "textual", "pendulum", "alembic", "typer"})
