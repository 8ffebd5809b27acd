"""The core runs headless: models, storage, rules and services never import Textual."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "supportpm_tui",
    "supportpm_tui.storage.models",
    "supportpm_tui.storage.database",
    "supportpm_tui.core.rules.calendar",
    "supportpm_tui.core.rules.capacity",
    "supportpm_tui.core.rules.forecast",
    "supportpm_tui.core.rules.risk",
    "supportpm_tui.core.rules.health",
    "supportpm_tui.core.rules.priority",
    "supportpm_tui.services.base",
    "supportpm_tui.services.people",
    "supportpm_tui.services.projects",
    "supportpm_tui.services.milestones",
    "supportpm_tui.services.tasks",
    "supportpm_tui.services.availability",
    "supportpm_tui.services.governance",
    "supportpm_tui.services.current_plan",
    "supportpm_tui.services.records",
    "supportpm_tui.services.undo",
    "supportpm_tui.services.backups",
    "supportpm_tui.services.demo",
    "supportpm_tui.services.activity",
]


def test_core_imports_no_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad) or 'clean')\n"
        "print('alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["clean", "False"]


def test_the_first_screen_loads_neither_the_database_layer_nor_textual() -> None:
    """The Overview is computed beside the interface's start-up: it must not wait for either."""
    code = (
        "import sys\n"
        "import supportpm_tui.startup.first_overview, supportpm_tui.readmodel.plan, supportpm_tui.readmodel.overview\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'textual', 'pendulum', 'alembic', 'typer')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)) or 'light')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["light"]
