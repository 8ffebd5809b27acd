"""The SupportPM dashboard: screens as modes, shared filters, writes in workers."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import AwaitMount
from textual.worker import Worker, WorkerState

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.filtering import Filter
from supportpm_tui.readmodel.overview_entries import OverviewData
from supportpm_tui.settings.config import load_config, save_config
from supportpm_tui.ui.commands import SupportPMCommands
from supportpm_tui.ui.modals.dialogs import DetailModal, HelpModal, PickerModal, TextPromptModal
from supportpm_tui.ui.modals.form import FormField, FormModal
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.screens.overview import OverviewScreen
from supportpm_tui.ui.watcher import Watcher

if TYPE_CHECKING:
    from pathlib import Path

    from supportpm_tui.startup.first_overview import FirstOverview
    from supportpm_tui.storage.database import Store

MARK_SECONDS = 5.0  # how long a change made elsewhere stays marked

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFD700",
    secondary="#00FFFF",
    accent="#00FFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    warning="#FFD700",
    error="#FF4040",
    success="#40FF40",
    dark=True,
)


class SupportPMApp(App[None]):
    """The dashboard over one SupportPM database."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "SupportPM"
    DEFAULT_MODE = "overview"  # built at start-up, without the 50 ms hold a switch to it would add
    MODES: ClassVar[dict[str, Any]] = {
        "overview": OverviewScreen,
        "board": lambda: _screen("board", "BoardScreen"),
        "timeline": lambda: _screen("timeline", "TimelineScreen"),
        "risks": lambda: _screen("risks", "RisksScreen"),
        "capacity": lambda: _screen("capacity", "CapacityScreen"),
    }
    SCREENS_IN_ORDER: ClassVar[list[tuple[str, str]]] = [
        ("overview", "Overview"),
        ("board", "Board"),
        ("timeline", "Timeline"),
        ("risks", "Risks"),
        ("capacity", "Capacity"),
    ]
    THEME_CHOICES: ClassVar[list[str]] = ["textual-dark", "textual-light", "high-contrast"]
    COMMANDS = App.COMMANDS | {SupportPMCommands}
    BINDINGS = [
        Binding("1", "switch_mode('overview')", "Overview"),
        Binding("2", "switch_mode('board')", "Board"),
        Binding("3", "switch_mode('timeline')", "Timeline"),
        Binding("4", "switch_mode('risks')", "Risks"),
        Binding("5", "switch_mode('capacity')", "Capacity"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("slash", "filter_text", "Filter"),
        Binding("p", "filter_project", "Project"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("u", "undo", "Undo"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        store: Store | None,
        theme: str | None = None,
        prepare_screens: bool = True,
        live: bool = True,
        db_path: Path | None = None,
        warm: OverviewData | None = None,
        first: FirstOverview | None = None,
    ) -> None:
        super().__init__()
        if store is None and db_path is None:
            raise ValueError("the dashboard needs a database, open or to open")
        self._store = store
        self.db_path: Path = store.path if store is not None else db_path  # type: ignore[assignment]
        self.warm = warm
        self.first = first  # the first Overview, still being computed (a quick start)
        self.failure: str | None = None  # why the database could not be opened (a warm start only)
        self.prepare_screens = prepare_screens
        self.live = live
        self._garbage_due = False
        self.marks: dict[tuple[str, int], float] = {}
        self._seen_token: tuple[int, int] | None = None
        self._last_event: int | None = None
        self._watcher: Watcher | None = None
        self.filter = Filter()
        self.data_version = 0
        self.register_theme(HIGH_CONTRAST)
        chosen = theme or load_config().get("theme")
        self.theme = chosen if chosen in self.available_themes else "textual-dark"

    def on_mount(self) -> None:
        if self._store is not None:
            self._go_live()
        elif self.warm is None and self.first is not None:
            self._await_first()
        else:  # a quick start: the Overview shows; the database opens behind it, once that is drawn
            self.call_after_refresh(self.set_timer, 0.1, self._open_database)

    @work(thread=True, group="first", exit_on_error=False)
    def _await_first(self) -> None:
        assert self.first is not None
        data = self.first.result()
        self.call_from_thread(self._first_arrived, data)

    def _first_arrived(self, data: OverviewData | None) -> None:
        """Show the first Overview, computed beside the interface; then open the database behind it."""
        self.first = None
        if self._store is not None or not self.is_running:
            return
        if data is None:  # it could not be computed: the usual way says why
            self._open_database()
            return
        self.warm = data
        screen = self._screen_stacks["overview"][0]
        if isinstance(screen, OverviewScreen):
            screen.show_kept(data)
        self.call_after_refresh(self.set_timer, 0.1, self._open_database)

    @property
    def store(self) -> Store:
        """Return the open database (every use waits for :attr:`store_ready`)."""
        if self._store is None:
            raise RuntimeError("the database is still opening")
        return self._store

    @property
    def store_ready(self) -> bool:
        """Return whether the database is open (at once, except on a warm start)."""
        return self._store is not None

    @work(thread=True, group="open", exit_on_error=False)
    def _open_database(self) -> None:
        gc.enable()  # held back by a quick start until the first screen was drawn
        from supportpm_tui.services.backups import daily_backup
        from supportpm_tui.storage.database import open_store

        try:
            store = open_store(self.db_path, create=False)
        except UserError as exc:
            self.failure = str(exc)
            self.call_from_thread(self.exit, None, 2)
            return
        warning = None
        try:
            daily_backup(store)
        except (UserError, OSError) as exc:
            warning = f"No daily backup today: {exc}"
        self.call_from_thread(self._database_opened, store, warning)

    def _database_opened(self, store: Store, warning: str | None) -> None:
        self._store = store
        self.warm = None
        if warning:
            self.notify(warning, title="Backup", severity="warning", timeout=10)
        self._go_live()
        self.data_changed()

    def _go_live(self) -> None:
        self.sync()
        if self.live:
            self._watcher = Watcher(self.store, self.call_from_thread, self.sync, self.day_turned, self.live_problem)
            self._watcher.start()

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        if self.first is not None:
            self.first.cancel()
        gc.enable()

    # --- live: changes from anywhere, the turn of the day ------------------------------------

    def sync(self) -> None:
        """Catch up with the database: mark what changed since last time and redraw."""
        self._sync_worker()

    @work(thread=True, group="sync", exit_on_error=False)
    def _sync_worker(self) -> None:
        from supportpm_tui.services.activity import changes_since

        token = self.store.change_token()
        newest, touched = changes_since(self.store, self._last_event)
        self.call_from_thread(self._synced, token, newest, touched)

    def _synced(self, token: tuple[int, int], newest: int, touched: set[tuple[str, int]]) -> None:
        first = self._last_event is None
        if not first and token == self._seen_token and newest <= (self._last_event or 0):
            return  # nothing new (another check got there first)
        self._seen_token = token
        self._last_event = max(newest, self._last_event or 0)
        if first:
            return
        if touched:
            until = time.monotonic() + MARK_SECONDS
            self.marks.update(dict.fromkeys(touched, until))
            self.set_timer(MARK_SECONDS + 0.1, self._expire_marks)
        self.data_changed()

    def is_marked(self, entity: str, ident: int | None) -> bool:
        """Return whether ``entity`` ``ident`` changed in the last few seconds."""
        until = self.marks.get((entity, ident or 0))
        return until is not None and until > time.monotonic()

    def _expire_marks(self) -> None:
        now = time.monotonic()
        expired = [key for key, until in self.marks.items() if until <= now]
        for key in expired:
            del self.marks[key]
        screen = self._current_screen()
        if expired and isinstance(screen, BaseScreen):
            screen.redraw_marks()

    def day_turned(self) -> None:
        """A new day: late, overdue and this week's states are recomputed for it."""
        self.data_changed()
        for screen in self._prepared_screens():
            screen.refresh_header()

    def live_problem(self, message: str) -> None:
        """Say once that the database cannot be read for live updates."""
        self.notify(f"Live updates paused: {message}", title="Database", severity="warning", timeout=10)

    # --- screens prepared ahead of time ------------------------------------------------------

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show another screen; a prepared one shows at once.

        Textual holds back drawing for 50 ms on every switch, to hide a screen
        that is still being built; a prepared screen is built already.
        """
        if mode not in self._screen_stacks:
            return super().switch_mode(mode)
        self.delay_update = _no_delay  # type: ignore[method-assign]
        try:
            return super().switch_mode(mode)
        finally:
            del self.delay_update

    def screen_loaded(self, screen: BaseScreen) -> None:
        """A screen drew fresh data: use the idle moment to prepare the next screen."""
        self._garbage_due = True
        if self.prepare_screens and self.store_ready:
            self.call_after_refresh(self._prepare_next)
        else:
            self.call_after_refresh(self._collect_garbage)

    def _prepare_next(self) -> None:
        """Build one screen not opened yet, or reload one that shows old data, in the background.

        Each step starts when the previous one has drawn, so at most one
        screen loads behind the one in view, and switching to any screen
        shows it at once with current data.
        """
        if not self.is_running:
            return  # closing down: Textual is going through the screens
        if any(s.loading_version > s.loaded_version for s in self._prepared_screens()):
            return  # one step at a time: the screen loading now calls back when it is done
        for mode in self.MODES:
            if mode not in self._screen_stacks:
                self._prepare_mode(mode)
                return
        current = self._current_screen()
        if current is None:
            return  # closing down
        for screen in self._prepared_screens():
            if screen is not current and screen.loaded_version != self.data_version:
                screen.reload()
                return
        self._collect_garbage()

    def _collect_garbage(self) -> None:
        """Collect garbage now, while idle, and set the survivors aside.

        Each load replaces thousands of objects; left to itself Python's full
        collection would run at a random moment, often in the middle of
        drawing a screen. Collecting here and freezing what survives keeps
        later automatic collections small.
        """
        if not self._garbage_due:
            return
        self._garbage_due = False
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def screens_ready(self) -> bool:
        """Return whether every screen is built, shows the current data, and the app is idle."""
        screens = self._prepared_screens()
        return (
            not self._garbage_due
            and len(screens) == len(self.MODES)
            and all(s.loaded_version == self.data_version for s in screens)
        )

    def _prepared_screens(self) -> list[BaseScreen]:
        return [s for stack in self._screen_stacks.values() for s in stack[:1] if isinstance(s, BaseScreen)]

    def _prepare_mode(self, mode: str) -> None:
        """Compose and style a mode's screen without showing it (Textual builds it on first switch)."""
        self._init_mode(mode)

    # --- data ---------------------------------------------------------------------------

    def write(
        self,
        action: Callable[[Store], Any],
        *,
        done: Callable[[], None] | None = None,
        failed: Callable[[UserError], None] | None = None,
        success: str | None = None,
    ) -> None:
        """Run a service write in a thread worker; then refresh, or report the error."""
        if not self.store_ready:
            (failed or self._report)(UserError("the database is still opening; try again in a moment"))
            return
        self._write_worker(action, done, failed, success)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_worker(
        self,
        action: Callable[[Store], Any],
        done: Callable[[], None] | None,
        failed: Callable[[UserError], None] | None,
        success: str | None,
    ) -> None:
        try:
            action(self.store)
        except UserError as exc:
            self.call_from_thread(failed or self._report, exc)
            return
        self.call_from_thread(self._after_write, done, success)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Report any worker that failed, in one place, without losing the dashboard."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.log.error(f"worker {event.worker.name} failed: {error!r}")
            self.notify(f"{type(error).__name__}: {error}", title="Something went wrong", severity="error", timeout=10)

    def _report(self, error: UserError) -> None:
        self.notify(str(error), title="Not saved", severity="error", timeout=8)

    def _after_write(self, done: Callable[[], None] | None, success: str | None) -> None:
        if done is not None:
            done()
        if success:
            self.notify(success, timeout=3)
        self.sync()

    def data_changed(self) -> None:
        """Note that the data changed and redraw the current screen."""
        self.data_version += 1
        screen = self._current_screen()
        if screen is None:
            return  # closing down
        if isinstance(screen, BaseScreen):
            screen.reload()
        else:
            base = next((s for s in reversed(self.screen_stack) if isinstance(s, BaseScreen)), None)
            if base is not None:
                base.reload()

    def _current_screen(self) -> Screen[Any] | None:
        """Return the screen in view, or ``None`` once the app is closing (timers may still fire)."""
        try:
            return self.screen
        except ScreenStackError:
            return None

    # --- filters --------------------------------------------------------------------------

    def set_filter(self, new: Filter) -> None:
        """Apply a filter to every screen."""
        self.filter = new
        self.data_version += 1
        screen = self.screen
        if isinstance(screen, BaseScreen):
            screen.refresh_header()
            screen.reload()

    def action_filter_text(self) -> None:
        """Ask for the text filter (@person, #tag, key:ABC, words)."""

        def answered(text: str | None) -> None:
            if text is not None:
                self.set_filter(self.filter.with_text(text))

        self.push_screen(
            TextPromptModal(
                "Filter",
                self.filter.text,
                "@person #tag key:ABC words",
                hint="@ana_silva · #pilot · key:MFA · any words; empty clears",
            ),
            answered,
        )

    def action_filter_project(self) -> None:
        """Choose one project, or all."""
        if self.store_ready:
            self.load_projects_for_picker()

    @work(thread=True, group="picker", exit_on_error=False)
    def load_projects_for_picker(self) -> None:
        from supportpm_tui.services.projects import project_records

        with self.store.read() as session:
            rows = project_records(session)
        options = [("*", "All projects")] + [(r["key"], f"{r['key']}  {r['name']}") for r in rows]
        self.call_from_thread(self._pick_project, options)

    def _pick_project(self, options: list[tuple[str, str]]) -> None:
        def picked(key: str | None) -> None:
            if key is not None:
                self.set_filter(self.filter.with_project(None if key == "*" else key))

        self.push_screen(PickerModal("Show which project?", options, self.filter.project or "*"), picked)

    def action_clear_filter(self) -> None:
        """Clear every filter."""
        if self.filter.active:
            self.set_filter(Filter())

    # --- navigation ---------------------------------------------------------------------------

    def open_entry(self, ref: str) -> None:
        """Open an Overview entry (``kind:id``) on its own screen."""
        kind, _, ident = ref.partition(":")
        if kind == "project":
            self.set_filter(Filter(project=ident))
            self.switch_mode("board")
        elif kind == "person":
            self.set_filter(Filter().with_text("@" + ident.lower().replace(" ", "_")))
            self.switch_mode("board")
        elif kind == "milestone":
            from supportpm_tui.ui.screens.timeline import TimelineScreen

            self.switch_mode("timeline")
            timeline = self.screen
            if isinstance(timeline, TimelineScreen):
                timeline.select_milestone(int(ident))
        elif kind == "task":
            from supportpm_tui.ui.screens.board import BoardScreen

            self.set_filter(Filter())
            self.switch_mode("board")
            board = self.screen
            if isinstance(board, BoardScreen):
                board.select_card(int(ident))
        elif kind in ("risk", "issue", "change", "change_request"):
            from supportpm_tui.ui.screens.risks import RisksScreen

            self.switch_mode("risks")
            risks = self.screen
            if isinstance(risks, RisksScreen):
                name = {"risk": "risks", "issue": "issues"}.get(kind, "changes")
                risks.select(name, int(ident))
        else:
            self.show_details(kind, int(ident))

    @work(thread=True, group="open", exit_on_error=False)
    def show_details(self, kind: str, ident: int) -> None:
        from supportpm_tui.services import governance

        loaders: dict[str, Callable[[Store, int], dict[str, Any]]] = {
            "risk": governance.show_risk,
            "change": governance.show_change,
            "change_request": governance.show_change,
            "issue": governance.show_issue,
        }
        loader = loaders.get(kind)
        if loader is None:
            return
        try:
            data = loader(self.store, ident)
        except UserError as exc:
            self.call_from_thread(self._report, exc)
            return
        title = f"{kind.replace('_', ' ').title()} {ident}: {data.get('title', '')}"
        self.call_from_thread(self.push_screen, DetailModal(title, data))

    # --- the rest -------------------------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key of this screen."""
        screen = self.screen
        if isinstance(screen, BaseScreen):
            self.push_screen(HelpModal(screen.SCREEN_NAME, screen.help_keys(), screen.LEGEND))

    def action_undo(self) -> None:
        """Undo your last change."""
        from supportpm_tui.services.undo import undo_last

        def undo(store: Store) -> None:
            result = undo_last(store)
            self.call_from_thread(self.notify, f"Undone: {result.summary}", timeout=4)

        self.write(undo)

    def set_theme(self, name: str) -> None:
        """Switch theme and remember it."""
        self.theme = name
        save_config(theme=name)

    def action_new_person(self) -> None:
        """Add a person with a validated form."""
        from supportpm_tui.services import people

        fields = [
            FormField("name", "Name", required=True),
            FormField("role", "Role"),
            FormField("hours", "Contracted hours a week", kind="number", low=0, high=168, placeholder="40"),
            FormField(
                "reserve_pct",
                "Support reserve %",
                kind="number",
                low=0,
                high=100,
                placeholder="40",
                aliases=("reserve",),
            ),
            FormField("wip_limit", "WIP limit", kind="number", low=0, high=99, placeholder="3", aliases=("wip",)),
        ]

        def submit(form: FormModal, values: dict[str, Any]) -> None:
            name = values.pop("name")
            if values.get("wip_limit") is not None:
                values["wip_limit"] = int(values["wip_limit"])
            self.write(
                lambda store: people.add_person(store, name, **{k: v for k, v in values.items() if v}),
                done=form.done,
                failed=form.fail,
                success=f"{name} added",
            )

        self.push_screen(FormModal("New person", fields, submit))

    def action_new_project(self) -> None:
        """Add a project with a validated form."""
        from supportpm_tui.services import projects

        fields = [
            FormField("key", "Key (2–10 letters or digits)", required=True, placeholder="MFA"),
            FormField("name", "Name", required=True),
            FormField("owner", "Owner"),
            FormField("start", "Start", kind="date"),
            FormField("target", "Target", kind="date"),
        ]

        def submit(form: FormModal, values: dict[str, Any]) -> None:
            key, name = values.pop("key"), values.pop("name")
            extra = {k: v for k, v in values.items() if v is not None}
            self.write(
                lambda store: projects.add_project(store, key, name, **extra),
                done=form.done,
                failed=form.fail,
                success=f"project {key} added",
            )

        self.push_screen(FormModal("New project", fields, submit))


def _screen(module: str, name: str) -> BaseScreen:
    """Return a new screen of class ``name`` from ``ui/screens/<module>.py``, imported when first needed."""
    import importlib

    screen: BaseScreen = getattr(importlib.import_module(f"supportpm_tui.ui.screens.{module}"), name)()
    return screen


def _no_delay(delay: float = 0.0) -> None:
    """Stands in for :meth:`App.delay_update` when nothing needs hiding."""


def make_app(store: Store, theme: str | None = None, prepare_screens: bool = True, live: bool = True) -> SupportPMApp:
    """Return the dashboard over ``store`` (used by the CLI, the tests and the screenshots).

    With ``prepare_screens`` the other screens are built and loaded in the
    background once the first one shows, so each opens at once. With ``live``
    a commit from any process shows within a second, marked for a moment.
    """
    return SupportPMApp(store, theme=theme, prepare_screens=prepare_screens, live=live)
