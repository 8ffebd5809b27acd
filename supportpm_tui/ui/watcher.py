"""Live updates: notice commits from any process, and the turn of the day, without a key press.

SQLite's ``PRAGMA data_version`` changes whenever another connection commits
(WAL writes included, which file watching misses). A daemon thread reads it
twenty times a second on its own connection, so the UI never waits on the
database; when it changes, or the date does, the app is told.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from supportpm_tui.core import clock

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store

POLL_SECONDS = 0.05


class Watcher(threading.Thread):
    """Calls ``changed()`` after any commit and ``new_day()`` when the date turns.

    ``call`` runs a callback on the UI thread (the app's ``call_from_thread``);
    problems reading the database go to ``problem`` once, until it reads again.
    """

    def __init__(
        self,
        store: Store,
        call: Callable[..., object],
        changed: Callable[[], object],
        new_day: Callable[[], None],
        problem: Callable[[str], None],
        interval: float = POLL_SECONDS,
        back: Callable[[], None] | None = None,
        seen: Callable[[], object] = lambda: None,
    ) -> None:
        super().__init__(name="supportpm-live", daemon=True)
        self.store = store
        self.call = call
        self.changed = changed
        self.new_day = new_day
        self.problem = problem
        self.back = back
        self.seen = seen  # the change token the dashboard has caught up with: its own writes read their changes
        self.interval = interval
        self.stopped = threading.Event()

    def stop(self) -> None:
        """Ask the thread to finish (it does within one interval)."""
        self.stopped.set()

    def run(self) -> None:
        last_token: tuple[int, int] | None = None
        last_day = clock.today()
        failing = False
        while not self.stopped.wait(self.interval):
            try:
                token = self.store.change_token()
            except Exception as exc:  # a vanished or unreadable file: say so once, keep trying
                if not failing and not self._deliver(self.problem, str(exc)):
                    return
                failing = True
                continue
            if failing and self.back is not None and not self._deliver(self.back):
                return
            failing = False
            caught_up = token == self.seen()  # this dashboard's own commit, its changes read already
            if last_token is not None and token != last_token and not caught_up and not self._deliver(self.changed):
                return
            last_token = token
            day = clock.today()
            if day != last_day:
                last_day = day
                if not self._deliver(self.new_day):
                    return

    def _deliver(self, callback: Callable[..., object], *args: object) -> bool:
        """Run ``callback`` on the UI thread; return ``False`` once the app has gone."""
        if self.stopped.is_set():
            return False
        try:
            self.call(callback, *args)
        except Exception:  # the app is shutting down
            return False
        return True
