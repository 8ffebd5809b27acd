"""The SQLite file: opening, pragmas, transactions, schema version, backups.

All SQLite-specific SQL lives here. A new file is created with mode 0600
before SQLite opens it; an existing path is opened without creating, and a
file that is not SQLite, or not SupportPM's, is refused. Every write
transaction begins with ``BEGIN IMMEDIATE`` so that concurrent writers wait
for each other within the busy timeout instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, SQLModel

from supportpm_tui.core import clock
from supportpm_tui.core.errors import UserError
from supportpm_tui.core.plain_sql import PlainSQL
from supportpm_tui.storage.file_check import (
    APPLICATION_ID,
    BUSY_TIMEOUT_S,
    HEAD_REVISION,
    SCHEMA_REVISIONS,
    TOO_LARGE,
    copy_database,
    database_error,
    first_line,
    has_sqlite_header,
    inspect_file,
    open_read_only,
    readable_error,
    reason_of,
    refuse_bad_schema,
    remove_database_files,
    schema_problems,
    sqlite_path,
)
from supportpm_tui.storage.journal import Commit, Journal, install, newest_event, take_notes
from supportpm_tui.storage.server import CHANNEL, ServerAddress, conninfo, server_error


@dataclass
class _WriteState(threading.local):
    session: Session | None = None
    batch: str | None = None
    depth: int = 0


@dataclass
class Store:
    """An open SupportPM database: its path and engine."""

    path: Path
    engine: Engine
    _state: _WriteState = field(default_factory=_WriteState)
    generation: int = 0
    _watch: sqlite3.Connection | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[str, Any] = field(default_factory=dict)
    # Who writes through this store: one dashboard, one command-line run or one import.
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    origin: str = "cli"
    # Team mode: the PostgreSQL server's address (``None`` for a file), and whether this role may only read.
    address: ServerAddress | None = None
    read_only: bool = False
    role: str | None = None
    _listen: Any = None
    _notices: int = 0
    _probed: float = 0.0
    journal: Journal = field(default_factory=Journal)

    @property
    def shown(self) -> str:
        """Where the database is, as people read it: the file's path or the server's address."""
        return self.address.shown if self.address is not None else str(self.path)

    def change_token(self) -> tuple[int, int]:
        """Return a value that changes whenever anyone commits to the database.

        Our own commits bump :attr:`generation`; other connections' commits
        change SQLite's ``PRAGMA data_version`` as seen by one dedicated
        autocommit connection that never holds a read transaction open.
        """
        if self.address is not None:
            return self.generation, self._server_notices()
        with self._lock:
            return self.generation, self._data_version()

    def _data_version(self) -> int:
        """Return SQLite's ``data_version`` as the watching connection sees it (the caller holds ``_lock``)."""
        if self._watch is None:
            self._watch = sqlite3.connect(
                sqlite_path(self.path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S
            )
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def _server_notices(self) -> int:
        """Return how many commits the server announced (``LISTEN``); a new connection counts as one.

        Raises :class:`UserError` when the server cannot be reached: the
        watcher says so once and tries again, so a dropped connection comes back.
        """
        import psycopg

        with self._lock:
            try:
                if self._listen is None:
                    assert self.address is not None
                    self._listen = psycopg.connect(conninfo(self.address), autocommit=True, connect_timeout=5)
                    self._listen.execute(f"LISTEN {CHANNEL}")
                    self._notices += 1  # what was missed while away: read again
                for _ in self._listen.notifies(timeout=0):
                    self._notices += 1
                now = time.monotonic()
                if now - self._probed >= 1.0:  # a dropped connection shows within a second, not at the next commit
                    self._probed = now
                    self._listen.execute("SELECT 1")
            except psycopg.Error as exc:
                if self._listen is not None:
                    with contextlib.suppress(Exception):
                        self._listen.close()
                    self._listen = None
                assert self.address is not None
                raise server_error(self.address, exc) from None
            return self._notices

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """Yield a session for reading (a deferred transaction, rolled back at the end)."""
        if self._state.session is not None:
            yield self._state.session
            return
        with Session(self.engine, expire_on_commit=False) as session, _translate_errors(self):
            yield session

    @contextlib.contextmanager
    def plain(self) -> Iterator[Any]:
        """Yield the driver connection of a read (see :func:`dbapi`): for readers written in plain SQL."""
        with self.read() as session:
            yield dbapi(session)

    @contextlib.contextmanager
    def write(self, batch: str | None = None) -> Iterator[Session]:
        """Yield a session whose work commits at once (``BEGIN IMMEDIATE``), or not at all.

        Nested calls in the same thread join the outer transaction, so a
        use case made of several service calls is still one commit. ``batch``
        names the change its Events belong to (see :meth:`new_batch`): several
        short transactions can make one change that undo takes back whole.
        """
        state = self._state
        if state.session is not None:
            state.depth += 1
            try:
                yield state.session
            finally:
                state.depth -= 1
            return
        if self.read_only:
            raise UserError(
                f"{self.shown} is read-only for the database user {self.role}: changes are made by a user "
                "that may write"
            )
        engine = self.engine.execution_options(immediate=True)
        with Session(engine, expire_on_commit=False) as session, _translate_errors(self):
            state.session, state.batch, state.depth = session, batch or self.new_batch(), 1
            try:
                yield session
                if self.address is not None:  # every dashboard's LISTEN hears of it once it commits
                    session.execute(text(f"NOTIFY {CHANNEL}"))
                    session.commit()
                    self.generation += 1
                else:
                    self._noted_commit(session)
            except BaseException:
                session.rollback()
                raise
            finally:
                state.session, state.batch, state.depth = None, None, 0

    def _noted_commit(self, session: Session) -> None:
        """Commit ``session``'s transaction and note in :attr:`journal` what it changed, as the next generation.

        The commit, its note and the new generation come as one to
        :meth:`change_token`: a reader never sees the commit without its
        generation (and the journal's note of it), which would look like
        another connection's commit and have every screen read everything again.
        """
        session.flush()
        fairy = session.connection().connection
        conn: sqlite3.Connection = fairy.driver_connection  # type: ignore[assignment]
        changes = take_notes(conn, fairy.info.get("noted", frozenset()))
        if changes is None:  # tables made since the connection opened: noted from the next commit on
            fairy.info.pop("noted", None)
            fairy.info["noted"] = install(conn)
        newest = newest_event(conn)
        with self._lock:
            before = self._data_version()
            try:
                session.commit()  # nobody else commits between: the transaction holds the write lock
            except BaseException:
                fairy.info.pop("noted", None)  # triggers made in the transaction went with it
                raise
            self.journal.add(self.generation + 1, Commit(changes, before, self._data_version(), newest))
            self.generation += 1

    @staticmethod
    def new_batch() -> str:
        """Return a new change id, for Events of one change written in several transactions."""
        return uuid.uuid4().hex[:12]

    @property
    def batch(self) -> str:
        """Return the id of the write transaction in progress (for Events)."""
        if self._state.batch is None:
            raise RuntimeError("no write transaction in progress")
        return self._state.batch

    def raw(self) -> sqlite3.Connection:
        """Return a plain autocommit sqlite3 connection (the caller closes it)."""
        conn = sqlite3.connect(sqlite_path(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def close(self) -> None:
        """Release the engine's connections."""
        with self._lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None
            if self._listen is not None:
                with contextlib.suppress(Exception):
                    self._listen.close()
                self._listen = None
        self.engine.dispose()


@contextlib.contextmanager
def _translate_errors(store: Store) -> Iterator[None]:
    try:
        yield
    except IntegrityError as exc:
        raise UserError(f"the change breaks a rule of the data: {first_line(exc.orig)}") from exc
    except DBAPIError as exc:
        if store.address is not None:
            raise server_error(store.address, exc) from exc
        raise database_error(store.path, exc.orig) from exc
    except OverflowError as exc:  # a number past what the database stores (an id of 20 digits)
        raise UserError(TOO_LARGE) from exc


def _on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
    try:
        record.info["noted"] = install(dbapi_conn)
    except sqlite3.Error:  # an unreadable schema: nothing noted, every reader reads everything
        record.info.pop("noted", None)


def _on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        database_url(path),
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        poolclass=NullPool if os.environ.get("SUPPORTPM_NULLPOOL") else None,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def database_url(path: Path) -> URL:
    """Return the SQLAlchemy URL of the file at ``path``, built so no character of its name is read as syntax."""
    return URL.create("sqlite", database=sqlite_path(path))


def _create_file(path: Path) -> None:
    if not path.parent.is_dir():
        raise UserError(f"cannot create {path}: the folder {path.parent} does not exist")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except PermissionError:
        raise UserError(f"cannot create {path}: the folder is read-only") from None
    except OSError as exc:
        raise UserError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)


def dbapi(session: Session) -> sqlite3.Connection:
    """Return the driver connection under ``session``, in its transaction, with its pending changes flushed.

    For plain-SQL readers (:mod:`supportpm_tui.readmodel.plan`, the Overview) that see
    exactly what the session sees. They write SQLite's ``?`` placeholders; on
    PostgreSQL they get a connection that reads them as psycopg's.
    """
    session.flush()
    conn = session.connection().connection.driver_connection
    if session.get_bind().dialect.name == "postgresql":
        return PlainSQL(conn)  # type: ignore[return-value]
    return conn  # type: ignore[return-value]


def run_sql(session: Session, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """Run ``sql`` written with SQLite's ``?`` placeholders in ``session``'s transaction, on either database."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        sql = sql.replace("%", "%%").replace("?", "%s")
    return conn.exec_driver_sql(sql, params)


def open_store(path: Path, create: bool = True) -> Store:
    """Open (or create, with mode 0600) the database at ``path``, migrating it if behind."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise UserError(f"{path} does not exist")
        _create_file(path)
        try:
            return _initialise(path)
        except BaseException:
            with contextlib.suppress(OSError):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink()
            raise
    _, revision = inspect_file(path)
    # Checked read-only before anything writes (WAL mode, migration, its copy).
    if revision is None:  # an empty SupportPM file is built from scratch; one with tables lost its version
        missing = schema_problems(path, {table: set() for table in FIRST_TABLES})
        if len(missing) < len(FIRST_TABLES):
            refuse_bad_schema(path, ["its schema version is missing"])
    else:
        wanted = expected_schema() if revision == HEAD_REVISION else {table: set() for table in FIRST_TABLES}
        refuse_bad_schema(path, schema_problems(path, wanted))
    if revision != HEAD_REVISION:
        if revision is not None and revision not in SCHEMA_REVISIONS:
            raise UserError(f"{path} was written by a newer SupportPM (schema {revision}); upgrade SupportPM")
        migrate(path)
    store = Store(path=path, engine=_make_engine(path))
    if revision != HEAD_REVISION:
        _ensure_settings(store)
    return store


FIRST_TABLES = (
    "change_milestone",
    "change_request",
    "commitment",
    "event",
    "issue",
    "milestone",
    "milestone_link",
    "person",
    "project",
    "risk",
    "settings",
    "task",
    "task_blocker",
    "ticket_load",
    "workstream",
)
"""The tables every schema revision has had, checked before an older file is migrated."""


def expected_schema() -> dict[str, set[str]]:
    """Return the tables SupportPM needs, each with its columns."""
    import supportpm_tui.storage.models  # noqa: F401  (registers the tables)

    return {name: {c.name for c in table.columns} for name, table in SQLModel.metadata.tables.items()}


def _initialise(path: Path) -> Store:
    import supportpm_tui.storage.models  # noqa: F401  (registers the tables)

    store = Store(path=path, engine=_make_engine(path))
    try:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        SQLModel.metadata.create_all(store.engine)
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "CREATE TABLE IF NOT EXISTS alembic_version "
                "(version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
            conn.exec_driver_sql("INSERT INTO alembic_version VALUES (?)", (HEAD_REVISION,))
        _ensure_settings(store)
    except DBAPIError as exc:
        store.close()
        raise database_error(path, exc.orig) from exc
    return store


def _ensure_settings(store: Store) -> None:
    from supportpm_tui.storage.models import Settings

    with Session(store.engine) as session:
        if session.get(Settings, 1) is None:
            session.add(Settings(id=1))
            session.commit()


def alembic_config(path: Path) -> Any:
    """Return an Alembic Config pointing at the migrations shipped in the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    # The URL as text, every % doubled: Alembic's settings read %(name)s as a substitution.
    cfg.set_main_option("sqlalchemy.url", database_url(path).render_as_string().replace("%", "%%"))
    return cfg


def migrate(path: Path) -> Path:
    """Back up ``path`` and run the migrations up to head; return the backup's path."""
    backup = path.with_name(f"{path.name}.pre-migration-{clock.now_utc():%Y%m%dT%H%M%S}.bak")
    copy_database(path, backup)
    from alembic import command

    command.upgrade(alembic_config(path), "head")
    return backup


def damage_of(path: Path) -> str | None:
    """Return why the existing file at ``path`` cannot serve as a SupportPM database, or ``None`` when it can.

    Reads only (SQLite's ``quick_check``). Raises :class:`UserError` when the
    file cannot be looked at: a folder, unreadable, or held locked too long.
    """
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a SupportPM database")
    try:  # read through SQLite only (see inspect_file: this process may hold it open)
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"cannot read {path}: {reason_of(exc)}") from None
    if not os.access(path, os.R_OK):
        raise UserError(f"cannot read {path}: permission denied")
    if size == 0:
        return "it is an empty file"
    if size < 100:
        return "it is not a SQLite database"
    try:
        conn = open_read_only(path, BUSY_TIMEOUT_S)
        try:
            problems = [r[0] for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            exc = readable_error(exc)
        text = str(exc).lower()
        if "locked" in text or "busy" in text or "unable to open" in text:
            raise database_error(path, exc) from None
        if not has_sqlite_header(path):
            return "it is not a SQLite database"
        return first_line(exc)
    if problems:
        return f"it fails its integrity check: {problems[0]}"
    if app_id != APPLICATION_ID:
        return "it is a SQLite database but not a SupportPM one"
    return None


def write_into(path: Path, prepared: Path) -> None:
    """Make the live database at ``path`` hold what ``prepared`` holds, as one commit, with SQLite's backup API.

    The file is never swapped: the pages are written into it under SQLite's
    locking, so connections that hold it open (a dashboard, a command) keep
    working and see the new content as any other commit. ``prepared`` is a
    private copy that may be altered (to the page size of ``path``). Waits for
    a writer's lock up to the busy timeout; raises :class:`UserError` when it
    cannot write.
    """
    try:
        dst = sqlite3.connect(sqlite_path(path), timeout=BUSY_TIMEOUT_S)
        try:
            page_size = int(dst.execute("PRAGMA page_size").fetchone()[0])
            src = sqlite3.connect(sqlite_path(prepared), isolation_level=None)
            try:
                if int(src.execute("PRAGMA page_size").fetchone()[0]) != page_size:
                    # a database in WAL mode takes pages of its own size only
                    src.execute("PRAGMA journal_mode=DELETE")
                    src.execute(f"PRAGMA page_size={page_size}")
                    src.execute("VACUUM")
                deadline = time.monotonic() + BUSY_TIMEOUT_S

                def give_up_when_held_too_long(status: int, remaining: int, total: int) -> None:
                    if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
                        raise sqlite3.OperationalError("database is locked")

                src.backup(dst, progress=give_up_when_held_too_long)
            finally:
                src.close()
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise database_error(path, exc) from None


def set_aside(path: Path, label: str) -> Path:
    """Rename ``path`` (with its journal or WAL) to a sibling named with ``label`` and a time, mode 0600; return it.

    For a file that cannot be copied through SQLite (damaged, not SQLite at all):
    it is kept as it is, byte for byte.
    """
    stamp = f"{clock.now_utc():%Y%m%dT%H%M%S}"
    aside = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while any(Path(f"{aside}{suffix}").exists() for suffix in ("", "-journal", "-wal")):
        n += 1
        aside = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    try:
        os.rename(path, aside)
        os.chmod(aside, 0o600)
        for suffix in ("-journal", "-wal"):
            if Path(f"{path}{suffix}").exists():
                os.rename(f"{path}{suffix}", f"{aside}{suffix}")
                os.chmod(f"{aside}{suffix}", 0o600)
        Path(f"{path}-shm").unlink(missing_ok=True)
    except OSError as exc:
        raise UserError(f"cannot move {path} aside: {reason_of(exc)}") from None
    return aside


def integrity_problems(path: Path) -> list[str]:
    """Return what SQLite's integrity and foreign-key checks report (empty when sound)."""
    conn = open_read_only(path, BUSY_TIMEOUT_S)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [
            f"foreign key: {table} row {rowid} points at a missing {parent}"
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
        ]
    except sqlite3.DatabaseError as exc:
        problems = [first_line(exc)]
    except UnicodeDecodeError as exc:
        problems = [first_line(readable_error(exc))]
    finally:
        conn.close()
    return problems


def file_mode(path: Path) -> int:
    """Return the permission bits of ``path``."""
    return path.stat().st_mode & 0o777


def move_aside(path: Path, suffix: str) -> Path:
    """Copy ``path`` to a sibling named with ``suffix`` and a timestamp; return it."""
    dest = path.with_name(f"{path.name}.{suffix}-{clock.now_utc():%Y%m%dT%H%M%S}")
    copy_database(path, dest)
    return dest


__all__ = [
    "APPLICATION_ID",
    "HEAD_REVISION",
    "Store",
    "copy_database",
    "integrity_problems",
    "open_store",
    "remove_database_files",
]
