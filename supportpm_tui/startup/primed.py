"""A helper process started before the dashboard knows which database it opens.

Choosing the database (the options, the settings file, whether the file is
current) takes the dashboard a few tens of milliseconds at start; the helper
that computes the first Overview (:mod:`supportpm_tui.startup.first_overview`)
spends about as long importing the rules. Started first, it imports them
meanwhile, then waits for the database's path on a pipe: the two go on side by
side instead of one after the other. Nothing but the standard library is
imported here before the fork.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from typing import Any


class PrimedHelper:
    """A forked helper waiting for the database to compute the first Overview of (see :meth:`send`)."""

    def __init__(self, pid: int, path_fd: int, read_fd: int, ask_fd: int) -> None:
        self.pid = pid
        self.path_fd: int | None = path_fd  # where the path goes
        self.read_fd = read_fd  # what the helper sends back (see first_overview._hand_over)
        self.ask_fd = ask_fd  # where the dashboard asks for the changes since the last standup

    def send(self, target: Any) -> None:
        """Give the helper the database (a path or a server's address): it starts computing."""
        import pickle

        assert self.path_fd is not None
        payload = pickle.dumps(target, pickle.HIGHEST_PROTOCOL)
        view = memoryview(payload)
        with contextlib.suppress(OSError):  # a helper that died gives no Overview: the usual way follows
            while view:
                view = view[os.write(self.path_fd, view) :]
        self.close_path()

    def close_path(self) -> None:
        if self.path_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.path_fd)
            self.path_fd = None

    def cancel(self) -> None:
        """Not needed after all (the usual start follows): the helper sees no path and leaves."""
        self.close_path()
        for fd in (self.read_fd, self.ask_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def prime() -> PrimedHelper | None:
    """Fork the helper now; ``None`` where the system cannot fork or other threads run."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return None
    path_read, path_write = os.pipe()
    read_fd, write_fd = os.pipe()
    asked_fd, ask_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: never returns into the parent's code
        code = 1
        try:
            for fd in (path_write, read_fd, ask_fd):
                os.close(fd)
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):  # never read keys from, or write to, the terminal
                os.dup2(quiet, fd)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _serve(path_read, write_fd, asked_fd)
            code = 0
        finally:
            os._exit(code)
    for fd in (path_read, write_fd, asked_fd):
        os.close(fd)
    return PrimedHelper(pid, path_write, read_fd, ask_fd)


def _serve(path_fd: int, write_fd: int, asked_fd: int) -> None:
    """In the helper: import the rules, wait for the database, then hand its Overview over."""
    import pickle

    from supportpm_tui.readmodel import overview, plan  # noqa: F401  (imported while the dashboard chooses)
    from supportpm_tui.startup import first_overview

    chunks = []
    while chunk := os.read(path_fd, 1 << 16):
        chunks.append(chunk)
    os.close(path_fd)
    if not chunks:
        return  # not needed after all
    # Pickle, from this process's own parent: the same code on both sides, nothing from outside.
    target = pickle.loads(b"".join(chunks))
    first_overview._hand_over(target, write_fd, asked_fd)
