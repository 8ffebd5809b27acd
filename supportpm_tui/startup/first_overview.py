"""The first screen's data, computed beside the start-up of the interface.

Starting the interface (importing Textual, styling, laying out) keeps one core
busy for a few hundred milliseconds; computing the Overview of a large
database takes about as long again. Where the system can fork, a helper
process computes the Overview (or reads the one kept from last time, see
:mod:`supportpm_tui.startup.kept_overview`) while this process starts the interface, hands
it over through a pipe and exits; elsewhere a thread does the same
work. The helper only reads the database: it opens it read-only, in one
transaction. After the hand-over it keeps the Overview for the next start
(when the database did not change meanwhile), as the dashboard itself does.

Only light modules are imported here: the standard library, the rules, the
plan and the Overview's plain data.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sqlite3
import threading
from pathlib import Path
from typing import Any, Protocol

from supportpm_tui.core import clock
from supportpm_tui.readmodel.overview_entries import OverviewData
from supportpm_tui.settings.address import ServerAddress
from supportpm_tui.startup import kept_overview
from supportpm_tui.storage.file_check import BUSY_TIMEOUT_S, read_only_uri

WAIT_LIMIT_S = 15.0  # past this the dashboard opens the database the usual way


class PendingOverview(Protocol):
    """The first Overview on its way: :class:`FirstOverview` (being computed) or :class:`ReadyOverview` (kept)."""

    def result(self, timeout: float = ...) -> OverviewData | None:
        """Wait for the Overview; ``None`` when it could not be had."""

    def cancel(self) -> None:
        """Stop computing it."""


def compute(path: Path | ServerAddress) -> OverviewData:
    """Return the unfiltered Overview of the database at ``path``: the kept one when nothing changed, else fresh."""
    if isinstance(path, ServerAddress):
        return compute_on_server(path)
    kept = kept_overview.load(path)
    if kept is not None:
        return kept
    from supportpm_tui.readmodel.overview import build_overview
    from supportpm_tui.readmodel.plan import compute as apply_rules
    from supportpm_tui.readmodel.plan import load_plan

    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("BEGIN")  # one snapshot for everything read
        plan = load_plan(conn, clock.today())
        apply_rules(plan)
        return build_overview(conn, plan)
    finally:
        conn.close()


def compute_on_server(address: ServerAddress) -> OverviewData:
    """Return the Overview of a team database, read in one read-only transaction through psycopg alone."""
    import psycopg

    from supportpm_tui.core.plain_sql import PlainSQL
    from supportpm_tui.readmodel.overview import build_overview
    from supportpm_tui.readmodel.plan import compute as apply_rules
    from supportpm_tui.readmodel.plan import load_plan

    with psycopg.connect(
        address.conninfo(), connect_timeout=10, application_name="supportpm", options="-c TimeZone=UTC"
    ) as conn:  # times are kept in UTC, as in a file
        conn.read_only = True
        plain: Any = PlainSQL(conn)
        plan = load_plan(plain, clock.today())
        apply_rules(plan)
        return build_overview(plain, plan)


def keep(path: Path | ServerAddress, key: list[Any] | None, data: OverviewData) -> None:
    """Keep a fresh Overview for the next start, when the database is still as it was before it was computed."""
    if isinstance(path, ServerAddress):
        return  # a team database's Overview is not kept between starts
    if key is not None and kept_overview.fingerprint(path) == key and kept_overview.load(path) is None:
        kept_overview.save(path, key, data)


class FirstOverview:
    """The Overview being computed for the first screen; :meth:`result` waits for it."""

    def __init__(self, path: Path | ServerAddress) -> None:
        self.path = path
        self._pid: int | None = None
        self._read_fd: int | None = None
        self._thread: threading.Thread | None = None
        self._data: OverviewData | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._reading = False
        self._killed = False

    @classmethod
    def start(cls, path: Path | ServerAddress, fork: bool = True) -> FirstOverview:
        """Start computing the Overview of ``path`` (in a helper process when ``fork`` and the system allow).

        Fork only while this process runs a single thread: a fork copies that thread alone, and a
        lock another thread held would never be released in the helper.
        """
        pending = cls(path)
        if fork and hasattr(os, "fork"):
            pending._fork()
        else:
            pending._thread = threading.Thread(target=pending._compute_here, name="first-overview", daemon=True)
            pending._thread.start()
        return pending

    def _compute_here(self) -> None:
        try:
            key = _fingerprint(self.path)
            self._data = compute(self.path)
        except Exception:  # the dashboard opens the database the usual way and says what is wrong
            self._data = None
        finally:
            self._done.set()
        if self._data is not None:
            keep(self.path, key, self._data)

    def _fork(self) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: compute, hand over, leave without running anything of the parent's
            code = 1
            try:
                os.close(read_fd)
                quiet = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):  # never read keys from, or write to, the terminal
                    os.dup2(quiet, fd)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                key = _fingerprint(self.path)
                data = compute(self.path)
                view = memoryview(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
                while view:
                    view = view[os.write(write_fd, view) :]
                os.close(write_fd)  # handed over: the dashboard goes on while this one tidies up
                code = 0
                keep(self.path, key, data)
            finally:
                os._exit(code)
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    def result(self, timeout: float = WAIT_LIMIT_S) -> OverviewData | None:
        """Wait for the Overview; ``None`` when it could not be computed in time (or at all)."""
        if self._thread is not None:
            self._done.wait(timeout)
            return self._data
        with self._lock:
            fd = self._read_fd
            if fd is None:
                return self._data
            self._reading = True
        chunks: list[bytes] = []
        try:
            import select

            while True:
                ready, _, _ = select.select([fd], [], [], timeout)
                if not ready:
                    self._kill()
                    return None
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            return None
        finally:
            with self._lock:
                self._reading = False
                self._close()
        try:
            # Pickle, between this process and its own fork: the same code on both sides, nothing from outside.
            data = pickle.loads(b"".join(chunks))
            self._data = data if isinstance(data, OverviewData) else None
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            self._data = None
        return self._data

    def cancel(self) -> None:
        """Stop the helper if it still runs (the dashboard is closing before the Overview came)."""
        with self._lock:
            self._kill()
            if not self._reading:  # else the reader sees the pipe close, and tidies up
                self._close()

    def _kill(self) -> None:
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
                self._killed = True

    def _close(self) -> None:
        if self._read_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._read_fd)
            self._read_fd = None
        if self._pid is not None:
            pid, self._pid = self._pid, None
            with contextlib.suppress(OSError):
                if self._killed:
                    os.waitpid(pid, 0)  # at once: it was killed
                elif os.waitpid(pid, os.WNOHANG) == (0, 0):  # still keeping the Overview: reap it when it ends
                    threading.Thread(target=_reap, args=(pid,), name="first-overview-reaper", daemon=True).start()


def _fingerprint(path: Path | ServerAddress) -> list[Any] | None:
    return None if isinstance(path, ServerAddress) else kept_overview.fingerprint(path)


def _reap(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


class ReadyOverview:
    """An Overview that is at hand already (kept from last time): the same handle as :class:`FirstOverview`."""

    def __init__(self, data: OverviewData | None) -> None:
        self.data = data

    def result(self, timeout: float = WAIT_LIMIT_S) -> OverviewData | None:
        """Return the Overview at once."""
        return self.data

    def cancel(self) -> None:
        """Nothing to stop."""
