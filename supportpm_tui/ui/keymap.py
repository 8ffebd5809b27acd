"""The user's keymap: any key of the dashboard remapped by its binding id, in the config file.

``config.json`` (``supportpm where`` prints its path) may hold::

    {"keymap": {"board.move_right": "ctrl+right", "app.undo": "ctrl+z"}}

Each id names one binding (help lists every id beside its key); the value is
one key or several separated by commas. The key bar, help and the command
palette show the remapped keys. An unknown id or a value that is not text is
left out and said once when the dashboard opens.
"""

from __future__ import annotations

from typing import Any

from supportpm_tui.settings.config import load_config


def load_keymap(known_ids: set[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """Return the user's keymap (binding id → keys) and one line per entry that was left out."""
    raw: Any = load_config().get("keymap", {})
    if not isinstance(raw, dict):
        return {}, ['keymap: expected an object of binding id → key, e.g. {"board.move_right": "ctrl+right"}']
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in raw.items():
        if not isinstance(keys, str) or not keys.strip() or any(not k.strip() for k in keys.split(",")):
            problems.append(f'keymap: {binding_id!r} needs a key such as "ctrl+right"')
        elif known_ids is not None and binding_id not in known_ids:
            problems.append(f"keymap: no binding with id {binding_id!r} (help lists every id)")
        else:
            keymap[str(binding_id)] = ",".join(k.strip() for k in keys.split(","))
    return keymap, problems
