"""Where SupportPM keeps its files. Functions only: nothing is looked up at import."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from supportpm_tui.core.errors import UserError
from supportpm_tui.settings.address import ServerAddress, is_server_address, parse_address, without_secrets

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


@dataclass(frozen=True)
class DatabaseChoice:
    """The database a run uses, and who named it (``--db``, ``SUPPORTPM_DB``, the config; ``None``: the default).

    A file has its ``path``; a team database on PostgreSQL its ``address`` (and a ``path`` that only names it).
    """

    path: Path
    named_by: str | None = None
    address: ServerAddress | None = None

    @property
    def target(self) -> Path | ServerAddress:
        """What to open: the server's address, else the file."""
        return self.address if self.address is not None else self.path

    @property
    def shown(self) -> str:
        """The database as people read it: the file's path or the server's address."""
        return self.address.shown if self.address is not None else str(self.path)

    @property
    def is_default(self) -> bool:
        """Whether this is the default location, the only one SupportPM makes folders for."""
        return self.named_by is None


def choose_db(option: str | os.PathLike[str] | None, configured: str | None = None) -> DatabaseChoice:
    """Return the database from ``--db``, else ``SUPPORTPM_DB``, else the default location.

    A file someone named must be in a folder that exists: only the default
    location's folder is made. An address (``postgresql://…``, any
    ``scheme://``) is never taken for a file. Raises :class:`UserError` for either.
    """
    if option is not None and not str(option).strip():
        raise UserError("--db is empty: name a database file")
    if option:
        return _named(option, "--db")
    env = os.environ.get("SUPPORTPM_DB")
    if env:
        return _named(env, "SUPPORTPM_DB")
    if configured:  # the config file's database_url
        return _named(configured, "database_url in the config file")
    return DatabaseChoice(default_db_path())


def named_database(given: str | os.PathLike[str], named_by: str) -> DatabaseChoice:
    """Return the database a command argument names: a file (in a folder that exists) or a PostgreSQL address."""
    if not str(given).strip():
        raise UserError(f"{named_by} is empty: name a database file or a postgresql:// address")
    return _named(given, named_by)


def _named(given: str | os.PathLike[str], named_by: str) -> DatabaseChoice:
    if is_server_address(given):
        address = parse_address(str(given), named_by)
        return DatabaseChoice(Path(address.name), named_by, address)
    path = file_path(given, named_by)
    folder = path.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise UserError(f"{named_by} names {path}, but the folder {folder} {why}")
    return DatabaseChoice(path, named_by)


_ADDRESS = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*)://")


def is_address(text: str | os.PathLike[str]) -> bool:
    """Return whether ``text`` is an address (``scheme://…``) rather than a file path."""
    return isinstance(text, str) and _ADDRESS.match(text) is not None


def file_path(given: str | os.PathLike[str], named_by: str) -> Path:
    """Return ``given`` as a file path; raise :class:`UserError` (without its password) if it is an address."""
    if isinstance(given, str):
        match = _ADDRESS.match(given)
        if match is not None:
            raise UserError(f"{named_by} names {_address_problem(given.strip(), match.group(1).lower())}")
    return Path(given).expanduser()


def _address_problem(address: str, scheme: str) -> str:
    """Return what is wrong with ``address``, shown without a password or query."""
    shown = without_secrets(address)
    if scheme in ("sqlite", "file") or scheme.startswith("sqlite+"):
        return f"{shown}, an address; give the database file's path itself, without {scheme}://"
    if scheme.startswith("postgres"):
        server = "PostgreSQL"
    elif scheme.startswith(("http", "ftp", "ws")):
        return f"{shown}, a web address, not a file; give a database file's path"
    else:
        server = "a database server"
    if server == "PostgreSQL":
        return f"{shown}, a PostgreSQL address, where a file is needed"
    return f"{shown}, a database server address; SupportPM runs on PostgreSQL (postgresql://…) or a file"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing folders above it, each for its owner only (0700), whatever the umask."""
    missing: list[Path] = []
    for place in (folder, *folder.parents):
        if place.exists():
            break
        missing.append(place)
    for place in reversed(missing):
        try:
            place.mkdir(mode=0o700)
        except FileExistsError:  # made by another process meanwhile: theirs to keep
            continue
        os.chmod(place, 0o700)
    if not folder.is_dir():
        raise FileExistsError(f"{folder} is not a folder")


def backup_dir(db_path: Path) -> Path:
    """Return the folder that holds backups of ``db_path`` (beside it)."""
    return db_path.parent / f"{db_path.stem}-backups"


def cache_dir() -> Path:
    """Return the per-user cache directory (not created)."""
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME)
