"""What every screen shares: header, footer, help, filters, and loading data in a worker.

A screen reads the session (database, filter, marks) through :attr:`BaseScreen.session`
and talks to the app only with messages: :meth:`write`, :meth:`open_entry`
and :meth:`apply_filter` post them; the app's news (data changed, marks
expired, the day turned, show this entry) arrive as messages too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, Unpack

from textual import events, on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.filtering import Filter
from supportpm_tui.ui import messages, textual_adapter
from supportpm_tui.ui.session import DashboardSession, session_of
from supportpm_tui.ui.textual_adapter import adopt_current_styles
from supportpm_tui.ui.widgets.header import DashboardHeader
from supportpm_tui.ui.widgets.key_bar import KeyBar
from supportpm_tui.ui.wording import error_text, key_displays

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store


DataT = TypeVar("DataT")
GENERIC_ACTIONS = frozenset(
    {"focus_next", "focus_previous", "app.focus_next", "app.focus_previous", "screen.copy_text"}
)
"""Actions every Textual app has; help leaves them out (SupportPM's own keys are what a user looks for)."""


class BaseScreen(Screen[None], Generic[DataT]):
    """A dashboard screen: loads its data (a ``DataT``, from the services) off the UI thread, then draws it."""

    SCREEN_NAME: ClassVar[str] = ""
    LEGEND: ClassVar[tuple[str, ...]] = ()
    DRAWN_AHEAD: ClassVar[bool] = False
    """Whether the screen, loaded out of sight, is drawn then too (in the idle moment after), so that its next show
    only puts lines together.

    Only for screens whose widgets draw all they show when asked: a table that
    sizes its columns later would keep lines drawn at the widths of before.
    """

    def __init__(self) -> None:
        super().__init__()
        adopt_current_styles(self)
        self.loaded_version = -1
        self.loading_version = -1
        self.drawn_version = -1  # the data version last drawn (in view, or ahead: see DRAWN_AHEAD)
        self.last_data: DataT | None = None
        self._waiting: list[Callable[[], None]] = []  # keys pressed before the first data came
        self.refreshed_at: dt.datetime | None = None

    @property
    def session(self) -> DashboardSession:
        """Return the dashboard's session: its database, filter, data version and marks."""
        return session_of(self.app)

    def compose(self) -> ComposeResult:
        yield DashboardHeader()
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        """Yield the screen's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        """Size, head and load the screen; once, after a subclass's own ``on_mount``.

        Textual calls the handler of every class of the screen, the subclass's
        first: a subclass's ``on_mount`` never calls this one itself.
        """
        self._composed = True
        self._suspended_as = textual_adapter.style_state(self.app)  # styled as mounted: a first show restyles nothing
        textual_adapter.lay_out_hidden(self, self.app.size)  # prepared behind the screen in view: sized already
        self.fit_layout()
        self.refresh_header()
        if self.session.data_version not in (self.loaded_version, self.loading_version):
            self.reload()

    def on_screen_suspend(self) -> None:
        self._suspended_as = textual_adapter.style_state(self.app)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        textual_adapter.resume_as_styled(self, event, self._suspended_as)  # before Textual's own handler
        self.drawn_version = self.loaded_version  # shown now: drawn as it is
        self.refresh_header()
        version = self.session.data_version
        if version not in (self.loaded_version, self.loading_version):
            self.reload()

    # --- fitting the terminal ---------------------------------------------------------------

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    """Narrower than 120 cells the screen has the ``-narrow`` class: its CSS stacks what sat side by side."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    _suspended_as: tuple[Any, ...] | None = None
    """What the screen's styles depended on when it was last switched away from (see :mod:`textual_adapter`)."""

    _composed = False
    """Set once the screen's widgets are mounted: a resize that comes sooner waits for :meth:`on_mount`."""

    def on_resize(self) -> None:
        if self._composed:
            self.fit_layout()

    def fit_layout(self) -> None:
        """Fit what depends on the screen's size (called on every resize)."""

    # --- what the app tells a screen ------------------------------------------------------

    @on(messages.DataChanged)
    def _data_changed(self) -> None:
        self.refresh_header()
        self.reload()

    @on(messages.MarksExpired)
    def _marks_expired(self) -> None:
        self.redraw_marks()

    @on(messages.DayTurned)
    def _day_turned(self) -> None:
        self.refresh_header()

    # --- what a screen asks of the app ----------------------------------------------------

    def write(self, action: Callable[[Store], Any], **options: Unpack[messages.WriteOptions]) -> None:
        """Have the app run ``action`` (a service write) off the UI thread, then refresh or report.

        The request goes to the app at once, not through this screen's queue:
        saving starts before the screen redraws what the key changed.
        """
        self.app.post_message(messages.WriteRequested(action, **options))

    def open_entry(self, ref: str) -> None:
        """Have the app open ``kind:id`` on its own screen."""
        self.post_message(messages.OpenEntry(ref))

    def apply_filter(self, new: Filter, show: str | None = None) -> None:
        """Have the app apply ``new`` to every screen, then show the screen of mode ``show``."""
        self.post_message(messages.FilterRequested(new, show))

    def report(self, error: UserError, title: str | None = None) -> None:
        """Say ``error`` in a notification, its hint worded as a screen and its key."""
        self.notify(error_text(error, key_displays(self.app)), title=title or "", severity="error", timeout=8)

    def is_marked(self, entity: str, ident: int | None) -> bool:
        """Return whether ``entity`` ``ident`` changed elsewhere in the last few seconds."""
        return self.session.marks.is_marked(entity, ident)

    # --- loading ----------------------------------------------------------------------------

    def refresh_header(self) -> None:
        """Redraw the header with today's facts and the filter."""
        from supportpm_tui.core import clock

        session = self.session
        self.query_one(DashboardHeader).show(
            self.SCREEN_NAME,
            session.where,
            clock.today(),
            session.filter.describe(),
            self.refreshed_at,
            live=session.live_note,
            read_only=session.read_only,
        )

    def reload(self) -> None:
        """Load the screen's data in a thread worker, then draw it."""
        if not self.session.ready:
            return  # a quick start: the screen loads once the database is open
        version = self.session.data_version
        self.loading_version = version
        self.run_worker(
            lambda: self._load_in_thread(version),
            thread=True,
            exclusive=True,
            group=f"load-{self.SCREEN_NAME}",
            exit_on_error=False,
        )

    def _load_in_thread(self, version: int) -> None:
        worker = get_current_worker()
        data = self.load_data()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._apply, data, version, worker)

    def _apply(self, data: DataT, version: int, worker: Worker[None] | None = None) -> None:
        from supportpm_tui.core import clock

        if worker is not None and worker.is_cancelled:
            return  # a newer load was asked for while this one was on its way: it shows its data, not this
        self.loaded_version = version
        if self.is_current:
            self.drawn_version = version  # drawn in the next frame
        self.last_data = data
        self.refreshed_at = clock.now_local()
        self.show_data(data)
        self.refresh_header()
        textual_adapter.lay_out_hidden(self, self.app.size)  # loaded behind the screen in view: sized as it shows
        self.post_message(messages.ScreenLoaded())
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def when_loaded(self, action: Callable[[], None]) -> None:
        """Run ``action`` (a key's) now when the screen has its data, else as soon as it has: no key is lost."""
        if self.last_data is not None:
            action()
        elif action not in self._waiting:
            self._waiting.append(action)

    def redraw_marks(self) -> None:
        """Redraw the last data, so marks of changes that have aged are gone."""
        if self.last_data is not None:
            self.show_data(self.last_data)

    def load_data(self) -> DataT:
        """Return the screen's data (runs in a thread: services only, no widgets)."""
        raise NotImplementedError

    def show_data(self, data: DataT) -> None:
        """Draw ``data`` (runs on the UI thread)."""
        raise NotImplementedError

    def help_keys(self) -> list[tuple[str, str, str]]:
        """Return (keys, description, binding id) for every binding active on this screen."""
        keys: dict[tuple[str, str], list[str]] = {}
        ids: dict[tuple[str, str], str] = {}
        for active in self.active_bindings.values():
            binding = active.binding
            if binding.action in GENERIC_ACTIONS and not binding.id:
                continue  # the terminal toolkit's own keys, not SupportPM's
            if binding.description:
                row = (binding.action, binding.description)
                keys.setdefault(row, []).append(self.app.get_key_display(binding))
                if binding.id and not ids.get(row):
                    ids[row] = binding.id
        return [(" / ".join(dict.fromkeys(shown)), row[1], ids.get(row, "")) for row, shown in keys.items()]
