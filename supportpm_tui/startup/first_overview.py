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
import datetime as dt
import os
import pickle
import signal
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from supportpm_tui.core import clock
from supportpm_tui.readmodel.overview_entries import Entry, OverviewData
from supportpm_tui.settings.address import ServerAddress
from supportpm_tui.startup import kept_overview
from supportpm_tui.storage.file_check import BUSY_TIMEOUT_S, check_pages, read_only_uri

WAIT_LIMIT_S = 15.0  # past this the dashboard opens the database the usual way
HEADER = struct.Struct(">I")  # the helper's first word: the first day of the changes left to the dashboard, or 0


class Primed(Protocol):
    """A helper forked before the database was known (:class:`supportpm_tui.startup.primed.PrimedHelper`)."""

    pid: int
    read_fd: int
    ask_fd: int

    def send(self, target: Any) -> None:
        """Give the helper the database to compute the Overview of."""


class PendingOverview(Protocol):
    """The first Overview on its way: :class:`FirstOverview` (being computed) or :class:`ReadyOverview` (kept)."""

    def at_hand(self, wait: float) -> OverviewData | None:
        """Return the Overview when it has come within ``wait`` seconds, else ``None`` (and :meth:`result` waits on)."""

    def result(self, timeout: float = ...) -> OverviewData | None:
        """Wait for the Overview; ``None`` when it could not be had."""

    def cancel(self) -> None:
        """Stop computing it."""


def compute(path: Path | ServerAddress) -> OverviewData:
    """Return the unfiltered Overview of the database at ``path``: the kept one when nothing changed, else fresh."""
    if isinstance(path, ServerAddress):
        return compute_on_server(path)
    check_pages(path)  # the quick start only looked at the file: a damaged one gives no Overview
    kept = kept_overview.load(path)
    if kept is not None:
        return kept
    with _snapshot(path) as conn:
        return _fresh(conn)


@contextlib.contextmanager
def _snapshot(path: Path) -> Iterator[sqlite3.Connection]:
    """Open the file read-only, in one transaction: one snapshot for everything read."""
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("BEGIN")
        yield conn
    finally:
        conn.close()


def _fresh(conn: sqlite3.Connection, since_known: Callable[[dt.date], None] | None = None) -> OverviewData:
    """Return the Overview read through ``conn``.

    With ``since_known``, the changes since the last standup are left out:
    it is told their first day as soon as the calendar is read, so that
    another process can read them meanwhile.
    """
    from supportpm_tui.readmodel.overview import build_overview, overview_weeks, previous_working_day
    from supportpm_tui.readmodel.plan import compute as apply_rules
    from supportpm_tui.readmodel.plan import load_plan

    plan = load_plan(conn, clock.today(), settled=False)  # the milestones to come: all the Overview shows
    if since_known is not None:
        since_known(previous_working_day(plan.today, plan))
    apply_rules(plan, weeks=overview_weeks(plan))  # the demand of the weeks it shows only
    return build_overview(conn, plan, changes=since_known is None)


def compute_on_server(address: ServerAddress) -> OverviewData:
    """Return the Overview of a team database, read in one read-only transaction through psycopg alone."""
    import psycopg

    from supportpm_tui.core.plain_sql import PlainSQL
    from supportpm_tui.readmodel.overview import build_overview, overview_weeks
    from supportpm_tui.readmodel.plan import compute as apply_rules
    from supportpm_tui.readmodel.plan import load_plan

    with psycopg.connect(
        address.conninfo(), connect_timeout=10, application_name="supportpm", options="-c TimeZone=UTC"
    ) as conn:  # times are kept in UTC, as in a file
        conn.read_only = True
        plain: Any = PlainSQL(conn)
        plan = load_plan(plain, clock.today(), settled=False)
        apply_rules(plan, weeks=overview_weeks(plan))
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
        self._ask_fd: int | None = None
        self._got = bytearray()  # what the helper has sent so far: a header, then the Overview
        self._ended = False  # whether the helper has sent all of it
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

    @classmethod
    def from_primed(cls, path: Path | ServerAddress, primed: Primed) -> FirstOverview:
        """Give ``path`` to a helper started before it was known (:mod:`supportpm_tui.startup.primed`)."""
        pending = cls(path)
        pending._pid, pending._read_fd, pending._ask_fd = primed.pid, primed.read_fd, primed.ask_fd
        primed.send(path)
        return pending

    def _compute_here(self) -> None:
        try:
            key = _fingerprint(self.path)
            self._data = compute(self.path).first_ones()  # as a helper hands it over
        except Exception:  # the dashboard opens the database the usual way and says what is wrong
            self._data = None
        finally:
            self._done.set()
        if self._data is not None:
            keep(self.path, key, self._data)

    def _fork(self) -> None:
        read_fd, write_fd = os.pipe()
        asked_fd, ask_fd = os.pipe()  # the dashboard asks for the changes since the last standup
        pid = os.fork()
        if pid == 0:  # the helper: compute, hand over, leave without running anything of the parent's
            code = 1
            try:
                os.close(read_fd)
                os.close(ask_fd)
                quiet = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):  # never read keys from, or write to, the terminal
                    os.dup2(quiet, fd)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _hand_over(self.path, write_fd, asked_fd)
                code = 0
            finally:
                os._exit(code)
        os.close(write_fd)
        os.close(asked_fd)
        self._pid, self._read_fd, self._ask_fd = pid, read_fd, ask_fd

    def at_hand(self, wait: float) -> OverviewData | None:
        """Return the Overview when all of it has come within ``wait`` seconds, else ``None``: :meth:`result` waits on.

        Nothing is asked of the helper and nothing is stopped, so the first
        frame can show the Overview when it is there already, and show that it
        is on its way otherwise.
        """
        if self._thread is not None:
            return self._data if self._done.wait(wait) else None
        fd = self._begin_reading()
        if fd is None:
            return self._data
        try:
            deadline = time.monotonic() + wait
            while not self._ended:
                if not self._pull(fd, max(0.0, deadline - time.monotonic())):
                    return None
        except OSError:
            return None
        finally:
            with self._lock:
                self._reading = False
        return self.result()  # all of it has come: read from what is kept here

    def result(self, timeout: float = WAIT_LIMIT_S) -> OverviewData | None:
        """Wait for the Overview; ``None`` when it could not be computed in time (or at all).

        When the helper is still applying the rules, this process (its
        interface drawn, idle) asks for the changes since the last standup and
        reads them itself meanwhile: the machine's cores share the work.
        """
        if self._thread is not None:
            self._done.wait(timeout)
            return self._data
        fd = self._begin_reading()
        if fd is None:
            return self._data
        try:
            if not self._fill(fd, timeout, HEADER.size):
                return None
            (since,) = HEADER.unpack(self._got[: HEADER.size])
            while not self._ended and self._pull(fd, 0):  # whatever has come already
                pass
            changes = None
            if since and not self._ended and len(self._got) == HEADER.size:  # still computing: ask, read them here
                assert self._ask_fd is not None
                os.write(self._ask_fd, b"!")
                changes = self._changes(dt.date.fromordinal(since))
            if not self._fill(fd, timeout):
                return None
        except (OSError, sqlite3.Error, ValueError, OverflowError):
            return None  # the dashboard opens the database the usual way and says what is wrong
        finally:
            with self._lock:
                self._reading = False
                self._close()
        body = bytes(self._got[HEADER.size :])
        if not body:
            return None
        try:
            # Pickle, between this process and its own fork: the same code on both sides, nothing from outside.
            data, complete = pickle.loads(body)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return None
        if not isinstance(data, OverviewData):
            return None
        if not complete:
            if changes is None:
                return None
            data.changes, data.changes_total = changes
            data = data.first_ones()  # the changes read here: as many as the helper sends
        self._data = data
        return data

    def _begin_reading(self) -> int | None:
        """Return the pipe from the helper, marked as being read; ``None`` once it is read and closed (or given up)."""
        with self._lock:
            fd = self._read_fd
            if fd is not None:
                self._reading = True
            return fd

    def _changes(self, since: dt.date) -> tuple[list[Entry], int]:
        """Read the changes since the start of ``since`` from the file, in a snapshot of its own."""
        from supportpm_tui.readmodel.overview import changes_since

        assert isinstance(self.path, Path)
        with _snapshot(self.path) as conn:
            return changes_since(conn, since)

    def _pull(self, fd: int, timeout: float) -> bool:
        """Read what the helper sends next into what is kept here, waiting up to ``timeout``; whether anything came."""
        import select

        if not select.select([fd], [], [], timeout)[0]:
            return False
        chunk = os.read(fd, 1 << 16)
        if chunk:
            self._got += chunk
        else:
            self._ended = True
        return True

    def _fill(self, fd: int, timeout: float, size: int | None = None) -> bool:
        """Read until ``size`` bytes have come (all the helper sends when ``None``); ``False`` when too slow."""
        while not self._ended and (size is None or len(self._got) < size):
            if not self._pull(fd, timeout):
                self._kill()
                return False
        return size is None or len(self._got) >= size

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
        if self._ask_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._ask_fd)
            self._ask_fd = None
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


def _hand_over(path: Path | ServerAddress, fd: int, asked: int) -> None:
    """In the helper: write the Overview of ``path`` to ``fd``, then keep it for the next start.

    First comes a header: the first day of the changes since the last standup
    (a fresh Overview of a file), else 0; then the pickled Overview and whether
    it holds those changes. It holds them unless the dashboard asked for them
    on ``asked`` before the helper came to them: the dashboard, its interface
    drawn and idle, reads them itself meanwhile.
    """
    if isinstance(path, ServerAddress):
        _write(fd, HEADER.pack(0) + pickle.dumps((compute_on_server(path).first_ones(), True), pickle.HIGHEST_PROTOCOL))
        return
    check_pages(path)  # the quick start only looked at the file: a damaged one gives no Overview
    key = kept_overview.fingerprint(path)
    kept = kept_overview.load(path)
    if kept is not None:
        _write(fd, HEADER.pack(0) + pickle.dumps((kept, True), pickle.HIGHEST_PROTOCOL))
        return
    from supportpm_tui.readmodel.overview import changes_since

    with _snapshot(path) as conn:
        data = _fresh(conn, since_known=lambda since: _write(fd, HEADER.pack(since.toordinal())))
        assert data.since is not None
        left = _asked(asked)
        if not left:
            data.changes, data.changes_total = changes_since(conn, data.since)
        _write(fd, pickle.dumps((data.first_ones(), not left), pickle.HIGHEST_PROTOCOL))  # what the screen shows
        os.close(fd)  # handed over: the dashboard goes on while this one tidies up
        if left:
            data.changes, data.changes_total = changes_since(conn, data.since)  # kept with the rest
    keep(path, key, data)


def _asked(fd: int) -> bool:
    """Return whether the dashboard has asked for the changes since the last standup (without waiting)."""
    import select

    return bool(select.select([fd], [], [], 0)[0])


def _write(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def _fingerprint(path: Path | ServerAddress) -> list[Any] | None:
    return None if isinstance(path, ServerAddress) else kept_overview.fingerprint(path)


def _reap(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


class ReadyOverview:
    """An Overview that is at hand already (kept from last time): the same handle as :class:`FirstOverview`."""

    def __init__(self, data: OverviewData | None) -> None:
        self.data = data

    def at_hand(self, wait: float) -> OverviewData | None:
        """Return the Overview at once."""
        return self.data

    def result(self, timeout: float = WAIT_LIMIT_S) -> OverviewData | None:
        """Return the Overview at once."""
        return self.data

    def cancel(self) -> None:
        """Nothing to stop."""
