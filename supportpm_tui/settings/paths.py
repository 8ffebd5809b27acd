"""Where SupportPM keeps its files. Functions only: nothing is looked up at import."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "supportpm"


def data_dir() -> Path:
    """Return the per-user data directory (not created)."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def config_dir() -> Path:
    """Return the per-user config directory (not created)."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


def default_db_path() -> Path:
    """Return the default database path: ``user_data_path/supportpm.db``."""
    return data_dir() / "supportpm.db"


def resolve_db_path(option: str | os.PathLike[str] | None) -> Path:
    """Return the database path from ``--db``, else ``SUPPORTPM_DB``, else the default."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get("SUPPORTPM_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


def backup_dir(db_path: Path) -> Path:
    """Return the folder that holds backups of ``db_path`` (beside it)."""
    return db_path.parent / f"{db_path.stem}-backups"


def cache_dir() -> Path:
    """Return the per-user cache directory (not created)."""
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME)
