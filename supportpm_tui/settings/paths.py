"""Where SupportPM keeps its files. Functions only: nothing is looked up at import."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from supportpm_tui.core.errors import UserError

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
    """The database file a run uses, and who named it (``--db``, ``SUPPORTPM_DB``; ``None``: the default)."""

    path: Path
    named_by: str | None = None

    @property
    def is_default(self) -> bool:
        """Whether this is the default location, the only one SupportPM makes folders for."""
        return self.named_by is None


def choose_db(option: str | os.PathLike[str] | None) -> DatabaseChoice:
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
    return DatabaseChoice(default_db_path())


def resolve_db_path(option: str | os.PathLike[str] | None) -> Path:
    """Return the database path from ``--db``, else ``SUPPORTPM_DB``, else the default (see :func:`choose_db`)."""
    return choose_db(option).path


def _named(given: str | os.PathLike[str], named_by: str) -> DatabaseChoice:
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
    return f"{shown}, a database server address; team mode on {server} is not supported yet — give a file path"


def without_secrets(address: str) -> str:
    """Return ``address`` as ``scheme://user@host:port/path``: no password, parameters, query or fragment.

    When it cannot be told where a password ends (an ``@`` after the first
    ``/``, ``?``, ``#`` or ``;``), only ``scheme://…`` is shown.
    """
    scheme, _, rest = address.partition("://")
    cut = re.search(r"[/?#;]", rest)
    authority, tail = (rest[: cut.start()], rest[cut.start() :]) if cut else (rest, "")
    if ":" in authority and "@" in tail:
        return f"{scheme}://…"  # a password holding / ? # or ;: where it ends cannot be told
    userinfo, at, hostport = authority.rpartition("@")
    user = userinfo.split(":", 1)[0] if at else ""
    path = re.split(r"[?#;]", tail, maxsplit=1)[0]
    return f"{scheme}://{user + '@' if user else ''}{_host(hostport)}{path}"


def _host(hostport: str) -> str:
    """Return ``host`` or ``host:port`` (a port that is not a number is left out)."""
    if hostport.startswith("["):  # an IPv6 address: [::1]:5432
        host, _, port = hostport.partition("]")
        host += "]"
        port = port.removeprefix(":")
    else:
        host, _, port = hostport.partition(":")
    return f"{host}:{port}" if port.isdigit() else host


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
