"""Open a team database on PostgreSQL: reach the server, build or check the schema, learn what this user may do."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from supportpm_tui.core.errors import UserError
from supportpm_tui.storage.database import Store, _ensure_settings, expected_schema
from supportpm_tui.storage.file_check import BUSY_TIMEOUT_S, HEAD_REVISION, SCHEMA_REVISIONS, refuse_bad_schema
from supportpm_tui.storage.server import WRITE_LOCK, ServerAddress, is_server_failure, server_error, sqlalchemy_url

CONNECT_TIMEOUT_S = 10


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Times are kept in UTC without their zone, as in a file: the session's zone must not shift them.
    with dbapi_conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")
    dbapi_conn.commit()


def _on_begin(conn: Any) -> None:
    """A write transaction waits for the team's write lock (as SQLite's ``BEGIN IMMEDIATE`` does), up to the timeout."""
    if conn.get_execution_options().get("immediate", False):
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def make_engine(address: ServerAddress) -> Engine:
    """Return an engine for ``address``: psycopg 3, connections checked before use (a restarted server)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise UserError("team mode needs psycopg: pip install 'psycopg[binary]'") from None
    engine = create_engine(
        sqlalchemy_url(address),
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "supportpm"},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def open_server_store(address: ServerAddress, create: bool = True) -> Store:
    """Open the SupportPM database at ``address`` (building it in an empty database with ``create``).

    Raises :class:`UserError`, in one line and without a password, when the
    server cannot be reached, refuses the user, lacks the database, or the
    database holds something other than SupportPM's tables.
    """
    engine = make_engine(address)
    try:
        store = _open(address, engine, create)
    except DBAPIError as exc:
        engine.dispose()
        raise server_error(address, exc) from None
    except Exception as exc:
        engine.dispose()
        if is_server_failure(exc):
            raise server_error(address, exc) from None
        raise
    return store


COLUMNS = "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"


def _columns(engine: Engine) -> dict[str, set[str]]:
    """Return each table of the database's schema with its columns (one query)."""
    found: dict[str, set[str]] = {}
    with engine.connect() as conn:
        for table, column in conn.exec_driver_sql(COLUMNS):
            found.setdefault(str(table), set()).add(str(column))
    return found


def _open(address: ServerAddress, engine: Engine, create: bool) -> Store:
    have = _columns(engine)
    tables = set(have)
    if "alembic_version" not in tables:
        if tables:
            raise UserError(
                f"{address.shown} holds tables that are not SupportPM's ({', '.join(sorted(tables)[:3])}…); "
                "give SupportPM a database of its own"
            )
        if not create:
            raise UserError(f"{address.shown} holds no SupportPM data yet")
        _initialise(address, engine)
    else:
        with engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        revision = row[0] if row else None
        if revision != HEAD_REVISION:
            if revision is None or revision not in SCHEMA_REVISIONS:
                raise UserError(
                    f"{address.shown} was written by a newer SupportPM (schema {revision}); upgrade SupportPM"
                )
            _upgrade(address)
            have = _columns(engine)
        refuse_bad_schema(Path(address.shown), _schema_problems(have))
    store = Store(path=Path(address.name), engine=engine, address=address, origin="cli")
    with engine.connect() as conn:
        role, may_write = conn.exec_driver_sql(
            "SELECT current_user, has_table_privilege('event', 'INSERT') AND has_table_privilege('task', 'UPDATE')"
        ).one()
    store.role, store.read_only = str(role), not may_write
    if not store.read_only:
        _ensure_settings(store)
    return store


def _initialise(address: ServerAddress, engine: Engine) -> None:
    """Build the schema in an empty database, once even when several start together."""
    import supportpm_tui.storage.models  # noqa: F401  (registers the tables)

    with engine.begin() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        if inspect(conn).has_table("alembic_version"):
            return  # another client built it meanwhile
        SQLModel.metadata.create_all(conn)
        conn.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": HEAD_REVISION})


def _upgrade(address: ServerAddress) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.set_main_option(
        "sqlalchemy.url", sqlalchemy_url(address).render_as_string(hide_password=False).replace("%", "%%")
    )
    command.upgrade(cfg, "head")


def _schema_problems(have: dict[str, set[str]]) -> list[str]:
    """Return what the schema lacks of SupportPM's tables and columns."""
    problems: list[str] = []
    for table, columns in sorted(expected_schema().items()):
        if table not in have:
            problems.append(f"table {table} is missing")
            continue
        missing = sorted(columns - have[table])
        if missing:
            problems.append(f"table {table} lacks {', '.join(missing)}")
    return problems


def reachable(address: ServerAddress) -> None:
    """Raise the one line when the server cannot be reached (for commands that only need to know)."""
    engine = make_engine(address)
    try:
        with contextlib.closing(engine.connect()):
            pass
    except DBAPIError as exc:
        raise server_error(address, exc) from None
    finally:
        engine.dispose()
