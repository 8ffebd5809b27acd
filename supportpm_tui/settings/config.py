"""The user's preferences (theme, keymap and the like), kept in a JSON file under the config folder.

People edit this file by hand (the keymap), so a file that cannot be read is
never overwritten: :func:`config_problem` says what is wrong with it, and
:func:`save_config` leaves it alone until it is mended.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from pathlib import Path
from typing import Any

from supportpm_tui.settings import paths


def config_path() -> Path:
    """Return the preferences file's path."""
    return paths.config_dir() / "config.json"


def _read() -> tuple[dict[str, Any], str | None]:
    """Return the saved preferences and, when the file exists but cannot be used, why."""
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"{path} cannot be read: {exc.strerror}"
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except ValueError as exc:
        return {}, f"{path} is not valid JSON ({exc}); it is left as it is until you mend it"
    if not isinstance(data, dict):
        return {}, f"{path} should hold one JSON object; it is left as it is until you mend it"
    return data, None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number SupportPM can use")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > 1e12:
        raise ValueError(f"{text[:20]} is out of range")
    return value


def environment_problems() -> list[str]:
    """Return one line per tuning variable set to a value SupportPM cannot use (it then uses the default)."""
    problems = []
    raw = os.environ.get("SUPPORTPM_DAILY_BACKUPS")
    if raw is not None:
        try:
            ok = 0 <= int(raw.strip()) <= 10_000
        except ValueError:
            ok = False
        if not ok:
            shown = "".join(c if c.isprintable() else "?" for c in raw)[:40]
            problems.append(f"SUPPORTPM_DAILY_BACKUPS={shown!r} is not a whole number from 0 to 10000; keeping 7")
    return problems


def load_config() -> dict[str, Any]:
    """Return the saved preferences (empty when there are none or the file cannot be used)."""
    return _read()[0]


def configured_database() -> str | None:
    """Return the config file's ``database_url`` (a file or a ``postgresql://`` address), if it names one."""
    value = load_config().get("database_url")
    return value if isinstance(value, str) and value.strip() else None


def config_problem() -> str | None:
    """Return why the preferences file cannot be used, or ``None`` when it can (or there is none)."""
    return _read()[1]


def save_config(**values: Any) -> bool:
    """Merge ``values`` into the saved preferences (written atomically, mode 0600); return whether it was saved.

    A file that exists but cannot be read is not overwritten: what someone wrote by hand is never lost.
    """
    data, problem = _read()
    if problem is not None:
        return False
    path = config_path()
    try:
        paths.make_private_folder(path.parent)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data | values, fh, indent=2)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            path.with_suffix(".tmp").unlink()
        return False
    return True
