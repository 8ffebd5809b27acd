"""What every screen shares: header, footer, help, filters, and loading data in a worker."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from textual._context import NoActiveAppError
from textual.app import ComposeResult
from textual.screen import Screen
from textual.worker import get_current_worker

from supportpm_tui.ui.widgets.header import DashboardHeader
from supportpm_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from supportpm_tui.ui.app import SupportPMApp


class BaseScreen(Screen[None]):
    """A dashboard screen: loads its data off the UI thread, then draws it."""

    SCREEN_NAME: ClassVar[str] = ""
    LEGEND: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        # A new screen's widgets are styled with the current stylesheet as they mount;
        # marking it current spares the whole re-parse Textual would otherwise do when
        # it first shows (about 10 ms each). A later theme change marks it stale again.
        with contextlib.suppress(NoActiveAppError):
            self._css_update_count = self.app._css_update_count
        self.loaded_version = -1
        self.loading_version = -1
        self.last_data: Any = None
        self.refreshed_at: dt.datetime | None = None

    @property
    def dash(self) -> SupportPMApp:
        """Return the app (typed)."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield DashboardHeader()
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        """Yield the screen's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        self.refresh_header()
        if self.dash.data_version not in (self.loaded_version, self.loading_version):
            self.reload()

    def on_screen_resume(self) -> None:
        self.refresh_header()
        version = self.dash.data_version
        if version not in (self.loaded_version, self.loading_version):
            self.reload()

    def refresh_header(self) -> None:
        """Redraw the header with today's facts and the filter."""
        from supportpm_tui.core import clock

        self.query_one(DashboardHeader).show(
            self.SCREEN_NAME, self.dash.db_path.name, clock.today(), self.dash.filter.describe(), self.refreshed_at
        )

    def reload(self) -> None:
        """Load the screen's data in a thread worker, then draw it."""
        if not self.dash.store_ready:
            return  # a warm start: the screen loads once the database is open
        version = self.dash.data_version
        self.loading_version = version
        self.run_worker(
            lambda: self._load_in_thread(version),
            thread=True,
            exclusive=True,
            group=f"load-{self.SCREEN_NAME}",
            exit_on_error=False,
        )

    def _load_in_thread(self, version: int) -> None:
        data = self.load_data()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._apply, data, version)

    def _apply(self, data: Any, version: int) -> None:
        from supportpm_tui.core import clock

        self.loaded_version = version
        self.last_data = data
        self.refreshed_at = clock.now_local()
        self.show_data(data)
        self.refresh_header()
        self.dash.screen_loaded(self)

    def redraw_marks(self) -> None:
        """Redraw the last data, so marks of changes that have aged are gone."""
        if self.last_data is not None:
            self.show_data(self.last_data)

    def load_data(self) -> Any:
        """Return the screen's data (runs in a thread: services only, no widgets)."""
        return None

    def show_data(self, data: Any) -> None:
        """Draw ``data`` (runs on the UI thread)."""

    def help_keys(self) -> list[tuple[str, str]]:
        """Return (keys, description) for every binding active on this screen."""
        rows: dict[tuple[str, str], list[str]] = {}
        for active in self.active_bindings.values():
            binding = active.binding
            if binding.description:
                keys = rows.setdefault((binding.action, binding.description), [])
                keys.append(self.app.get_key_display(binding))
        return [(" / ".join(dict.fromkeys(keys)), description) for (_, description), keys in rows.items()]
