"""Team mode: a SupportPM database on a PostgreSQL server, reached through psycopg 3.

An address is ``postgresql://user@host:port/name`` (``postgres://`` too), with
libpq's own parameters after ``?`` (``sslmode``, ``service``, ``connect_timeout``…).
A password never goes into the address: libpq finds it in ``~/.pgpass``
(``PGPASSFILE``), a service file (``PGSERVICE``) or ``PGPASSWORD``, and no
message SupportPM prints ever holds one.

Writers take one transaction-scoped advisory lock, so writes follow each other
as they do on SQLite (no deadlock, no serialization failure, the version checks
of "Safe together" hold across machines); each write's transaction sends a
``NOTIFY`` that every dashboard's ``LISTEN`` connection receives.
"""

from __future__ import annotations

import getpass
from typing import Any

from supportpm_tui.core.errors import UserError
from supportpm_tui.settings.address import ServerAddress, is_server_address, parse_address

__all__ = [
    "CHANNEL",
    "WRITE_LOCK",
    "ServerAddress",
    "conninfo",
    "is_server_address",
    "parse_address",
    "server_error",
    "sqlalchemy_url",
]

CHANNEL = "supportpm_changes"
"""The ``LISTEN``/``NOTIFY`` channel every write announces itself on."""

WRITE_LOCK = 0x5355_5050  # "SUPP": the advisory lock every write transaction holds until it ends


def sqlalchemy_url(address: ServerAddress) -> Any:
    """Return the SQLAlchemy URL of ``address`` (driver psycopg 3); libpq finds the password itself."""
    from sqlalchemy import URL

    return URL.create(
        "postgresql+psycopg",
        username=address.user,
        host=address.host,
        port=address.port,
        database=address.database,
        query=dict(address.params),
    )


def conninfo(address: ServerAddress) -> str:
    """Return the libpq connection string of ``address``."""
    return address.conninfo()


def server_error(address: ServerAddress, exc: BaseException) -> UserError:
    """Return the one line for a failure talking to the server (unreachable, refused, missing, stopped)."""
    text = _first_line(exc)
    low = text.lower()
    where = address.shown
    if "password authentication failed" in low or "no password supplied" in low:
        who = address.user or getpass.getuser()
        return UserError(
            f"{where}: the server refused user {who} (wrong or missing password: "
            "put it in ~/.pgpass, a PGSERVICE entry or PGPASSWORD)"
        )
    if "does not exist" in low and "database" in low:
        return UserError(f"{where}: the server has no database {address.database!r}; create it first (see README)")
    if "role" in low and "does not exist" in low:
        return UserError(f"{where}: the server has no user {address.user or getpass.getuser()!r}")
    if any(s in low for s in ("connection refused", "could not connect", "no such file", "timeout expired")):
        return UserError(f"{where}: cannot reach the PostgreSQL server ({text})")
    if any(s in low for s in ("could not translate host name", "name or service not known", "nodename")):
        return UserError(f"{where}: unknown host {address.host!r}")
    if any(s in low for s in ("terminating connection", "server closed the connection", "connection is closed")):
        return UserError(f"{where}: the connection to the server was lost; nothing more was saved ({text})")
    if "lock timeout" in low or "canceling statement due to lock timeout" in low:
        from supportpm_tui.storage.file_check import BUSY_TIMEOUT_S

        return UserError(
            f"{where} is busy: another writer held it for over {BUSY_TIMEOUT_S:g} s; nothing was changed, try again"
        )
    if "out of range" in low and "int" in low:  # integer, bigint
        return UserError(f"{where}: a number given is too large for the database ({text})")
    if "permission denied" in low:
        return UserError(f"{where}: the server refused the change: {text}")
    return UserError(f"{where}: {text}")


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    return text.splitlines()[0] if text else type(orig).__name__


def is_server_failure(exc: BaseException) -> bool:
    """Whether ``exc`` came from psycopg (directly or wrapped by SQLAlchemy)."""
    import sys

    psycopg = sys.modules.get("psycopg")
    if psycopg is None:
        return False
    orig = getattr(exc, "orig", None) or exc
    return isinstance(orig, psycopg.Error)
