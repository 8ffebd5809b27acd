"""Where a team database lives: a PostgreSQL address, read without ever holding or repeating a password."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from supportpm_tui.core.errors import UserError

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


@dataclass(frozen=True)
class ServerAddress:
    """Where a team database lives: user, host, port, database name and libpq parameters, never a password."""

    user: str | None
    host: str | None
    port: int | None
    database: str | None
    params: tuple[tuple[str, str], ...] = ()

    @property
    def shown(self) -> str:
        """The address as people read it: ``postgresql://user@host:port/name`` (no parameters)."""
        user = f"{self.user}@" if self.user else ""
        host = self.host or ""
        if ":" in host and not host.startswith("/"):
            host = f"[{host}]"
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{user}{host if not host.startswith('/') else ''}{port}/{self.database or ''}"

    @property
    def text(self) -> str:
        """The whole address, its parameters too (still without a password): what opens it again."""
        from urllib.parse import urlencode

        query = f"?{urlencode(self.params)}" if self.params else ""
        return f"{self.shown}{query}"

    @property
    def name(self) -> str:
        """A short name for the header: ``name@host``."""
        host = self.host if self.host and not self.host.startswith("/") else "local"
        return f"{self.database or self.user or 'postgres'}@{host}"

    def conninfo(self) -> str:
        """Return the libpq connection string (for psycopg connections outside SQLAlchemy)."""
        from psycopg.conninfo import make_conninfo

        values: dict[str, str | int | None] = {
            "dbname": self.database,
            "user": self.user,
            "host": self.host,
            "port": self.port,
        }
        values.update(dict(self.params))
        return str(make_conninfo("", **{k: v for k, v in values.items() if v is not None}))

    def __str__(self) -> str:
        return self.shown


_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*)://")


def is_server_address(text: object) -> bool:
    """Return whether ``text`` is a PostgreSQL address (``postgresql://…``)."""
    if not isinstance(text, str):
        return False
    match = _SCHEME.match(text)
    return match is not None and match.group(1).lower() in SCHEMES


def parse_address(text: str, named_by: str) -> ServerAddress:
    """Return the address ``text``; raise :class:`UserError` (never repeating a password) when it is not usable."""
    shown = without_secrets(text.strip())
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        raise UserError(f"{named_by} names {shown}, which is not a PostgreSQL address") from None
    if parts.password is not None or "password" in {k.lower() for k, _ in parse_qsl(parts.query)}:
        raise UserError(
            f"{named_by} names {shown} with a password in it; keep the password out of the address "
            "(in ~/.pgpass, a PGSERVICE entry or PGPASSWORD) and give it again"
        )
    if parts.fragment:
        raise UserError(f"{named_by} names {shown}, which is not a PostgreSQL address (it has a #)")
    database = unquote(parts.path.lstrip("/")) or None
    if database is not None and ("/" in database or "\x00" in database):
        raise UserError(f"{named_by} names {shown}: the database name cannot hold '/'")
    params = tuple((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True))
    for key, value in params:
        if not re.fullmatch(r"[a-z_]+", key) or "\x00" in value:
            raise UserError(f"{named_by} names {shown}: {quote(key)!r} is not a connection parameter")
    user = unquote(parts.username) if parts.username else None
    host = unquote(parts.hostname) if parts.hostname else None
    if host is None and parts.netloc.startswith("["):
        host = parts.netloc.strip("[]")
    return ServerAddress(user=user, host=host, port=port, database=database, params=params)


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
