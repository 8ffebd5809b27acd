"""The user's preferences (theme and the like), kept in a JSON file under the config folder."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from supportpm_tui.settings import paths


def config_path() -> Path:
    """Return the preferences file's path."""
    return paths.config_dir() / "config.json"


def load_config() -> dict[str, Any]:
    """Return the saved preferences (empty when there are none or the file is unreadable)."""
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_config(**values: Any) -> None:
    """Merge ``values`` into the saved preferences (written atomically, mode 0600)."""
    path = config_path()
    data = load_config() | values
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
        os.replace(tmp, path)
