"""The dashboard never tells the user to type a command or an option: every service message is put in its words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from supportpm_tui.core.errors import FieldError, Hint, UserError
from supportpm_tui.ui.wording import error_text, field_text

PACKAGE = Path(__file__).resolve().parents[2] / "supportpm_tui"
CLI_WORDS = re.compile(r"(?<![\w-])--[a-z]|supportpm ")
KEYS = {"app.capacity": "5", "app.timeline": "3", "app.board": "2", "app.risks": "4", "app.project": "p"}


def _text(node: ast.expr) -> str | None:
    """Return a string literal as it reads with each ``{…}`` filled in (``X``), or ``None``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(part) or "X" if not isinstance(part, ast.FormattedValue) else "X" for part in node.values)
    return None


def _messages() -> list[tuple[str, str]]:
    """Return every message text the services and the core can raise, with where it is written."""
    found: list[tuple[str, str]] = []
    for path in sorted([*(PACKAGE / "services").glob("*.py"), *(PACKAGE / "core").glob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant | ast.JoinedStr) and id(node) not in docstrings:
                text = _text(node)
                if text and " " in text:
                    found.append((f"{path.name}:{node.lineno}", text))
    return sorted(set(found))


MESSAGES = _messages()
IN_CLI_WORDS = [(where, text) for where, text in MESSAGES if CLI_WORDS.search(text)]


def test_the_walk_finds_the_messages_that_speak_of_options() -> None:
    """The walk is real: it finds the services' messages, some of them in the command line's words."""
    assert len(MESSAGES) > 100
    assert any("give --project" in text for _, text in IN_CLI_WORDS)


@pytest.mark.parametrize(("where", "text"), IN_CLI_WORDS, ids=[where for where, _ in IN_CLI_WORDS])
def test_no_option_or_command_reaches_the_dashboard(where: str, text: str) -> None:
    """A message with an option or a command, raised to the dashboard, reads without either."""
    for error in (UserError(text, Hint("person")), FieldError("project", text, Hint("milestone"))):
        shown = error_text(error, KEYS)
        assert not CLI_WORDS.search(shown), f"{where}: {shown}"
        if isinstance(error, FieldError):
            assert not CLI_WORDS.search(field_text(error, KEYS)), where
