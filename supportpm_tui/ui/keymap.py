"""The user's keymap: any key of the dashboard remapped by its binding id, in the config file.

``config.json`` (``supportpm where`` prints its path) may hold::

    {"keymap": {"board.move_right": "ctrl+right", "app.undo": "ctrl+z"}}

Each id names one binding (help lists every id beside its key); the value is
one key or several separated by commas. The key bar, help and the command
palette show the remapped keys. An unknown id or a value that is not text is
left out and said once when the dashboard opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding

from supportpm_tui.settings.config import config_problem, load_config


def load_keymap() -> tuple[dict[str, str], list[str]]:
    """Return the user's keymap (binding id → keys) and one line per entry that was left out."""
    problem = config_problem()
    if problem is not None:
        return {}, [f"keymap not read: {problem}"]
    raw: Any = load_config().get("keymap", {})
    if not isinstance(raw, dict):
        return {}, ['keymap: expected an object of binding id → key, e.g. {"board.move_right": "ctrl+right"}']
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in raw.items():
        if not isinstance(keys, str) or not keys.strip() or any(not k.strip() for k in keys.split(",")):
            problems.append(f'keymap: {binding_id!r} needs a key such as "ctrl+right"')
        else:
            keymap[str(binding_id)] = ",".join(k.strip() for k in keys.split(","))
    return keymap, problems


def binding_ids(nodes: Iterable[object]) -> set[str]:
    """Return the id of every binding that ``nodes`` (apps, screens, widgets, or their classes) declare."""
    found: set[str] = set()
    for node in nodes:
        cls = node if isinstance(node, type) else type(node)
        for klass in cls.__mro__:
            for item in vars(klass).get("BINDINGS", ()):
                if isinstance(item, Binding) and item.id:
                    found.add(item.id)
    return found


def unknown_ids(keymap: dict[str, str], known: set[str]) -> list[str]:
    """Return one line for each id of ``keymap`` that no binding has."""
    return [f"keymap: no binding with id {bid!r} (help lists every id)" for bid in keymap if bid not in known]
