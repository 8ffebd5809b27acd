"""What the dashboard holds of its database: the file, the open store, the filter, the data's version and marks.

The app owns one :class:`DashboardSession`; screens and widgets read it through
:func:`session_of`. Opening the database, catching up with changes from
elsewhere (:meth:`DashboardSession.catch_up`), the marks on what changed, and
the watcher thread that notices commits all live here, not in the app.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supportpm_tui.core.filtering import Filter

if TYPE_CHECKING:
    from textual.app import App

    from supportpm_tui.services.connection import Store
    from supportpm_tui.settings.address import ServerAddress
    from supportpm_tui.ui.watcher import Watcher

MARK_SECONDS = 5.0  # how long a change made elsewhere stays marked


@dataclass
class Marks:
    """What changed elsewhere in the last few seconds, by (entity, id)."""

    until: dict[tuple[str, int], float] = field(default_factory=dict)

    def add(self, touched: set[tuple[str, int]]) -> float:
        """Mark ``touched`` for :data:`MARK_SECONDS`; return how many seconds the marks last."""
        self.until.update(dict.fromkeys(touched, time.monotonic() + MARK_SECONDS))
        return MARK_SECONDS

    def is_marked(self, entity: str, ident: int | None) -> bool:
        """Return whether ``entity`` ``ident`` changed in the last few seconds."""
        until = self.until.get((entity, ident or 0))
        return until is not None and until > time.monotonic()

    def marked_ids(self, entity: str) -> list[int]:
        """Return the ids of ``entity`` changed in the last few seconds (a handful: one look each)."""
        now = time.monotonic()
        return [ident for (kind, ident), until in self.until.items() if kind == entity and until > now]

    def expire(self) -> bool:
        """Forget marks that have aged; return whether any did."""
        now = time.monotonic()
        expired = [key for key, until in self.until.items() if until <= now]
        for key in expired:
            del self.until[key]
        return bool(expired)


class DashboardSession:
    """The database the dashboard shows, open or still opening, and what the dashboard knows of it."""

    def __init__(self, db_path: Path | ServerAddress, store: Store | None = None) -> None:
        self.db_path = store.path if store is not None else db_path
        self._store = store
        if store is not None:
            store.origin = "dashboard"
        self.filter = Filter()
        self.data_version = 0
        self.marks = Marks()
        self.watcher: Watcher | None = None
        self._seen_token: tuple[int, int] | None = None
        self.live_note = "live"  # the header's word on live updates: "live", or why they are paused
        self._last_event: int | None = None

    @classmethod
    def opened(cls, store: Store) -> DashboardSession:
        """Return a session over a database that is open already."""
        return cls(store.path, store)

    @property
    def read_only(self) -> bool:
        """Whether the database user may only read (a team database opened for the standup screen)."""
        return self._store is not None and self._store.read_only

    @property
    def where(self) -> str:
        """The database's short name for the header: the file's name, or ``name@host`` of a team database."""
        return self.db_path.name

    @property
    def ready(self) -> bool:
        """Return whether the database is open (at once, except on a quick start)."""
        return self._store is not None

    @property
    def store(self) -> Store:
        """Return the open database (every use waits for :attr:`ready`)."""
        if self._store is None:
            raise RuntimeError("the database is still opening")
        return self._store

    def open(self) -> str | None:
        """Open the database (in a worker thread); return a warning to show, if any. Raises ``UserError``."""
        from supportpm_tui.services.connection import open_database

        store, warning = open_database(self.db_path)
        store.origin = "dashboard"
        self._store = store
        return warning

    def read_changes(self) -> tuple[tuple[int, int], int, set[tuple[str, int]]]:
        """Return the database's change token, its newest activity, and what changed since last caught up.

        Runs in a worker thread; :meth:`catch_up` then applies the result on the UI thread.
        """
        from supportpm_tui.services.connection import changes_since

        token = self.store.change_token()
        newest, touched = changes_since(self.store, self._last_event)
        return token, newest, touched

    def catch_up(self, token: tuple[int, int], newest: int, touched: set[tuple[str, int]]) -> float | None:
        """Take in what :meth:`read_changes` found.

        Return ``None`` when nothing changed; else how long the marks of what changed last (0 for none).
        """
        first = self._last_event is None
        if not first and token == self._seen_token and newest <= (self._last_event or 0):
            return None  # nothing new (another check got there first)
        seen = self._seen_token
        if not first and seen is not None and token != seen and token[0] <= seen[0] and token[1] <= seen[1]:
            return None  # read before a check that came back first: what it saw is known already
        went_back = token != self._seen_token and newest < (self._last_event or 0)  # a restore: an older log
        self._seen_token = token
        self._last_event = newest if went_back else max(newest, self._last_event or 0)
        if first:
            return None
        return self.marks.add(touched) if touched else 0.0

    def start_watching(
        self,
        app: App[Any],
        changed: Callable[[], object],
        new_day: Callable[[], None],
        problem: Callable[[str], None],
        back: Callable[[], None] | None = None,
    ) -> None:
        """Start the thread that notices commits from anywhere and the turn of the day."""
        from supportpm_tui.ui.watcher import Watcher

        self.watcher = Watcher(
            self.store, app.call_from_thread, changed, new_day, problem, back=back, seen=lambda: self._seen_token
        )
        self.watcher.start()

    def stop_watching(self) -> None:
        """Stop the watcher thread, if it runs."""
        if self.watcher is not None:
            self.watcher.stop()


def session_of(app: object) -> DashboardSession:
    """Return the session of the SupportPM app ``app`` (a plain attribute look-up: it runs while drawing)."""
    session = getattr(app, "session", None)
    if not isinstance(session, DashboardSession):
        raise TypeError(f"{type(app).__name__} holds no dashboard session")
    return session
