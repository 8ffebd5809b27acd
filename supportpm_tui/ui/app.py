"""The SupportPM dashboard: screens as modes, shared filters, writes in workers.

The app holds the :class:`~supportpm_tui.ui.session.DashboardSession` and
talks with its screens through the messages of :mod:`supportpm_tui.ui.messages`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Unpack

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.widget import AwaitMount
from textual.worker import Worker, WorkerState

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.filtering import Filter
from supportpm_tui.core.text import clean_line, escape_controls
from supportpm_tui.readmodel.overview_entries import OverviewData
from supportpm_tui.settings.config import load_config, save_config
from supportpm_tui.ui import messages, textual_adapter
from supportpm_tui.ui.commands import SupportPMCommands
from supportpm_tui.ui.keymap import binding_ids, load_keymap, unknown_ids
from supportpm_tui.ui.modes import MODES as SCREENS
from supportpm_tui.ui.modes import SCREEN_OF_KIND, STANDUP
from supportpm_tui.ui.preparation import ScreenPreparation
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.screens.builders import SCREEN_BUILDERS
from supportpm_tui.ui.session import DashboardSession
from supportpm_tui.ui.themes import register_themes
from supportpm_tui.ui.wording import error_text, key_displays

if TYPE_CHECKING:
    from pathlib import Path

    from supportpm_tui.services.connection import Store
    from supportpm_tui.settings.address import ServerAddress
    from supportpm_tui.startup.first_overview import PendingOverview


class SupportPMApp(App[None]):
    """The dashboard over one SupportPM database."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "SupportPM"
    DEFAULT_MODE = "overview"  # built at start-up, without the 50 ms hold a switch to it would add
    MODES: ClassVar[dict[str, Any]] = {mode.name: SCREEN_BUILDERS[mode.name] for mode in (*SCREENS, STANDUP)}
    COMMANDS = {SupportPMCommands}  # SupportPM's commands only, not Textual's system ones
    BINDINGS = [
        *(Binding(m.key, f"switch_mode('{m.name}')", m.title, id=f"app.{m.name}") for m in SCREENS),
        Binding(STANDUP.key, "standup", "Standup mode (full screen, for screen-sharing)", show=False, id="app.standup"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("slash", "filter_text", "Filter", id="app.filter"),
        Binding("p", "filter_project", "Project", id="app.project"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="app.clear_filter"),
        Binding("u", "undo", "Undo", id="app.undo"),
        Binding("P", "prioritise", "Prioritise projects", show=False, id="app.prioritise"),
        Binding("L", "leadership_summary", "Leadership summary", show=False, id="app.summary"),
        Binding("ctrl+r,U", "redo", "Redo", show=False, id="app.redo"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        session: DashboardSession,
        *,
        first: PendingOverview | None = None,
        theme: str | None = None,
        prepare_screens: bool = True,
        live: bool = True,
    ) -> None:
        """Show ``session``'s database; ``first`` brings the first Overview while the database opens.

        With ``prepare_screens`` the other screens are built and loaded in the
        background once the first one shows, so each opens at once. With
        ``live`` a commit from any process shows within a second, marked for a moment.
        """
        super().__init__()
        textual_adapter.guard_terminal()
        self.session = session
        self.first = first
        self.failure: str | None = None  # why the database could not be opened (then the app exits 2)
        self.unmounted = False  # closed down: nothing more starts
        self.standup_return = "overview"  # the screen escape goes back to from the standup
        self.start_in_standup = False
        self.live = live
        self.preparation = ScreenPreparation(self, session, prepare_screens, self._check_keymap)
        register_themes(self)
        config = load_config()
        chosen = theme or config.get("theme")
        self.theme = chosen if chosen in self.available_themes else "textual-dark"
        self.user_keymap, self.keymap_problems = load_keymap()
        if self.user_keymap:
            self.set_keymap(self.user_keymap)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast: its words as plain text, never markup, with any control character shown as text.

        A toast often holds a name from the database or a file's name; every
        screen and widget's ``notify`` comes here.
        """
        super().notify(
            escape_controls(message, keep="\n"),
            title=escape_controls(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_mount(self) -> None:
        self.preparation.hold_full_collections()
        if self.start_in_standup:
            self.call_later(self.action_standup)
        for problem in self.keymap_problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=10)
        if self.session.ready:
            self._go_live()
        elif self.first is not None:
            data = self.first.at_hand(0)  # come already (a kept one, a small file's): shown next, with no thread
            if data is not None:
                self._first_arrived(data)
            else:
                self._await_first()
        else:
            self._open_database()

    # --- opening ---------------------------------------------------------------------------

    @work(thread=True, group="first", exit_on_error=False)
    def _await_first(self) -> None:
        assert self.first is not None
        data = self.first.result()
        self.call_from_thread(self._first_arrived, data)

    def _first_arrived(self, data: OverviewData | None) -> None:
        """Show the first Overview, computed beside the interface; then open the database behind it."""
        self.first = None
        if self.session.ready or not self.is_running:
            return
        if data is None:  # it could not be computed: the usual way says why
            self._open_database()
            return
        self.preparation.screen_of("overview").post_message(messages.EarlyOverview(data))
        self.call_after_refresh(self.set_timer, 0.1, self._open_database)

    @work(thread=True, group="open", exit_on_error=False)
    def _open_database(self) -> None:
        gc.enable()  # held back by a quick start until the first screen was drawn
        try:
            warning = self.session.open()
        except Exception as exc:  # a damaged file may fail deep in the driver: said in one line too
            from supportpm_tui.services.connection import driver_error

            failure = exc if isinstance(exc, UserError) else driver_error(self.session.db_path, exc)
            if failure is None:
                raise
            self.failure = str(failure)
            self.call_from_thread(self.exit, None, 2)
            return
        self.call_from_thread(self._database_opened, warning)

    def _database_opened(self, warning: str | None) -> None:
        if warning:
            self.notify(warning, title="Backup", severity="warning", timeout=10)
        self._go_live()
        self.data_changed()

    def _go_live(self) -> None:
        if self.unmounted:
            return  # closed while the database opened: no watcher is left behind
        self._sync_worker()
        self._check_values()
        if self.live:
            self.session.start_watching(
                self, self._sync_worker, self._day_turned, self._live_problem, back=self._live_back
            )

    @work(thread=True, group="values", exit_on_error=False)
    def _check_values(self) -> None:
        """Name each stored value out of range (written by another program): the screens show everything else."""
        from supportpm_tui.services.current_plan import bad_values

        lines = bad_values(self.session.store)
        if lines:
            more = f"\n… and {len(lines) - 5} more: see 'supportpm check'" if len(lines) > 5 else ""
            text = "\n".join(clean_line(line) for line in lines[:5]) + more
            self.call_from_thread(
                self.notify, text, title="Values out of range", severity="warning", timeout=30, markup=False
            )

    def on_unmount(self) -> None:
        self.unmounted = True
        self.session.stop_watching()
        if self.first is not None:
            self.first.cancel()
        self.preparation.release_full_collections()
        gc.enable()

    # --- live: changes from anywhere, the turn of the day ------------------------------------

    @work(thread=True, group="sync", exit_on_error=False)
    def _sync_worker(self) -> None:
        """Catch up with the database: mark what changed since last time, then redraw."""
        found = self.session.read_changes()
        self.call_from_thread(self._synced, *found)

    def _synced(self, token: tuple[int, int], newest: int, touched: set[tuple[str, int]]) -> None:
        marked_for = self.session.catch_up(token, newest, touched)
        if marked_for is None:
            return
        if marked_for:
            self.set_timer(marked_for + 0.1, self._expire_marks)
        self.data_changed()

    def _expire_marks(self) -> None:
        screen = self.preparation.base_screen()
        if self.session.marks.expire() and screen is not None:
            screen.post_message(messages.MarksExpired())

    def _day_turned(self) -> None:
        """A new day: late, overdue and this week's states are recomputed for it."""
        self.data_changed()
        for screen in self._prepared_screens():
            screen.post_message(messages.DayTurned())

    def _live_problem(self, message: str) -> None:
        """Say once that the database cannot be read for live updates; the header says so until it can."""
        self.session.live_note = "offline, reconnecting"
        self._refresh_headers()
        self.notify(f"Live updates paused: {message}", title="Database", severity="warning", timeout=10)

    def _live_back(self) -> None:
        """The database can be read again: say so, and catch up with what changed meanwhile."""
        from supportpm_tui.core import clock

        self.session.live_note = f"live (reconnected {clock.now_utc().astimezone():%H:%M})"
        self._refresh_headers()
        self.notify("Live updates are back; the screens show what changed meanwhile.", title="Database", timeout=6)
        self.data_changed()

    def _refresh_headers(self) -> None:
        for screen in self.preparation.prepared_screens():
            if isinstance(screen, BaseScreen) and screen.is_mounted:
                screen.refresh_header()

    async def run_action(self, action: Any, default_namespace: Any = None, namespaces: Any = None) -> bool:
        """Run a key's action; a read-only database answers a key that would change the plan with a message."""
        from textual.screen import ModalScreen

        if isinstance(action, str) and self.session.read_only and not isinstance(self.screen, ModalScreen):
            target, name, _ = self._parse_action(action, default_namespace or self, namespaces)
            writes = name in WRITE_ACTIONS or (name == "move" and type(target).__name__ == "BoardScreen")
        else:
            writes = False
        if writes:
            self.notify(
                f"Read-only: the database user {self.session.store.role} may look but not change the plan.",
                title="Read-only",
                severity="warning",
                timeout=5,
            )
            return True
        return await super().run_action(action, default_namespace, namespaces)

    # --- screens prepared ahead of time ------------------------------------------------------

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show another screen; a prepared one shows at once, without Textual's hold for one being built."""
        if not self.preparation.is_prepared(mode):
            return super().switch_mode(mode)
        return textual_adapter.switch_without_hold(self, super().switch_mode, mode)

    @on(messages.ScreenLoaded)
    def _screen_loaded(self) -> None:
        self.preparation.screen_loaded()

    def _check_keymap(self, screens: list[BaseScreen[Any]]) -> None:
        """Once every screen is built, say which ids of the user's keymap name no binding."""
        from supportpm_tui.ui.modals import dialogs, form, priorities
        from supportpm_tui.ui.widgets import lists

        nodes: list[object] = [self, dialogs.ConfirmModal, dialogs.HelpModal, dialogs.PickerModal]
        nodes += [dialogs.TextPromptModal, form.FormModal, priorities.PrioritiesModal, lists.Table, lists.Choices]
        for screen in screens:
            nodes += [screen, *screen.walk_children()]
        for problem in unknown_ids(self.user_keymap, binding_ids(nodes)):
            self.notify(problem, title="Keymap", severity="warning", timeout=10)

    def screens_ready(self) -> bool:
        """Return whether every screen is built, shows the current data, and the app is idle."""
        return self.preparation.all_ready()

    def _prepared_screens(self) -> list[BaseScreen[Any]]:
        return self.preparation.prepared_screens()

    # --- data ---------------------------------------------------------------------------

    @on(messages.WriteRequested)
    def _write_requested(self, request: messages.WriteRequested) -> None:
        """Run a screen's service write in a thread worker; then refresh, or report the error."""
        if not self.session.ready:
            (request.failed or self._report)(UserError("the database is still opening; try again in a moment"))
            return
        self.preparation.hold()  # the screens behind wait: the change and its redraw come first
        self._write_worker(request)

    def write(self, action: Callable[[Store], Any], **options: Unpack[messages.WriteOptions]) -> None:
        """Run ``action`` (a service write) in a thread worker; then refresh, or report the error."""
        self._write_requested(messages.WriteRequested(action, **options))

    @work(thread=True, group="write", exit_on_error=False)
    def _write_worker(self, request: messages.WriteRequested) -> None:
        try:
            request.action(self.session.store)
        except UserError as exc:
            self.call_from_thread(request.failed or self._report, exc)
            return
        except Exception as exc:  # the database failed: the form that asked says so and can be saved again
            from supportpm_tui.services.connection import driver_error

            database = driver_error(self.session.db_path, exc)
            if database is None:
                raise
            self.call_from_thread(request.failed or self._report, database)
            return
        try:  # what changed, read in the same thread: the redraw follows without another hand-over
            found: tuple[tuple[int, int], int, set[tuple[str, int]]] | None = self.session.read_changes()
        except Exception:  # read again the usual way, which reports what is wrong
            found = None
        self.call_from_thread(self._after_write, request.done, request.success, found)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Report any worker that failed, in one place, without losing the dashboard."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.log.error(f"worker {event.worker.name} failed: {error!r}")
            from supportpm_tui.services.connection import driver_error

            database = driver_error(self.session.db_path, error)
            if database is not None:  # the database failed under a worker: what to do, not the driver's words
                self.notify(str(database), title="Database error", severity="error", timeout=10)
                return
            self.notify(f"{type(error).__name__}: {error}", title="Something went wrong", severity="error", timeout=10)

    def _report(self, error: UserError, title: str = "Not saved") -> None:
        self.notify(error_text(error, key_displays(self)), title=title, severity="error", timeout=8)

    def _after_write(
        self,
        done: Callable[[], None] | None,
        success: str | None,
        found: tuple[tuple[int, int], int, set[tuple[str, int]]] | None,
    ) -> None:
        if done is not None:
            done()
        if success:
            self.notify(success, timeout=3)
        if found is None:
            self._sync_worker()
        else:
            self._synced(*found)

    def data_changed(self) -> None:
        """Note that the data changed and have the screen in view reload."""
        self.session.data_version += 1
        self.preparation.hold()
        screen = self.preparation.base_screen()
        if screen is not None:
            screen.post_message(messages.DataChanged(self.session.data_version))
        stack = self.screen_stack  # empty once the dashboard has quit
        if stack and stack[-1] is not screen:  # a view over the screen (the priorities) follows the data too
            stack[-1].post_message(messages.DataChanged(self.session.data_version))

    # --- filters --------------------------------------------------------------------------

    @on(messages.FilterRequested)
    def _filter_requested(self, request: messages.FilterRequested) -> None:
        self.set_filter(request.filter)
        if request.show is not None:
            self.switch_mode(request.show)

    def set_filter(self, new: Filter) -> None:
        """Apply a filter to every screen."""
        self.session.filter = new
        self.data_changed()

    def action_filter_text(self) -> None:
        """Ask for the text filter (@person, #tag, key:ABC, words)."""
        from supportpm_tui.ui.modals.dialogs import TextPromptModal  # dialogs load behind the first screen

        def answered(text: str | None) -> None:
            if text is not None:
                self.set_filter(self.session.filter.with_text(text))

        self.push_screen(
            TextPromptModal(
                "Filter",
                self.session.filter.text,
                "@person #tag key:ABC words",
                hint="@ana_silva · #pilot · key:MFA · any words; empty clears",
            ),
            answered,
        )

    def action_filter_project(self) -> None:
        """Choose one project, or all."""
        if self.session.ready:
            self._load_projects_for_picker()

    @work(thread=True, group="picker", exit_on_error=False)
    def _load_projects_for_picker(self) -> None:
        from supportpm_tui.services.projects import list_projects

        rows = list_projects(self.session.store)
        options = [("*", "All projects")] + [(r.key, f"{r.key}  {r.name}") for r in rows]
        self.call_from_thread(self._pick_project, options)

    def _pick_project(self, options: list[tuple[str, str]]) -> None:
        from supportpm_tui.ui.modals.dialogs import PickerModal

        def picked(key: str | None) -> None:
            if key is not None:
                self.set_filter(self.session.filter.with_project(None if key == "*" else key))

        self.push_screen(PickerModal("Show which project?", options, self.session.filter.project or "*"), picked)

    def action_clear_filter(self) -> None:
        """Clear every filter."""
        if self.session.filter.active:
            self.set_filter(Filter())

    # --- navigation ---------------------------------------------------------------------------

    @on(messages.OpenEntry)
    def _open_requested(self, request: messages.OpenEntry) -> None:
        self.open_entry(request.ref)

    def open_entry(self, ref: str) -> None:
        """Open an Overview entry (``kind:id``) on its own screen."""
        kind, _, ident = ref.partition(":")
        mode = SCREEN_OF_KIND.get(kind)
        if mode is None:
            return
        if kind == "project":
            self.set_filter(Filter(project=ident))
        elif kind == "person":
            self.set_filter(Filter().with_text("@" + ident.lower().replace(" ", "_")))
        elif kind == "task":
            self.set_filter(Filter())
        self.switch_mode(mode)
        if kind not in ("project", "person"):
            self.preparation.screen_of(mode).post_message(messages.ShowEntry(kind, int(ident)))

    # --- the rest -------------------------------------------------------------------------------

    def action_standup(self) -> None:
        """Walk through the standup full screen, page by page (escape comes back here)."""
        if self.current_mode != STANDUP.name:
            self.standup_return = self.current_mode
        self.switch_mode(STANDUP.name)

    def action_help(self) -> None:
        """Show every key of this screen."""
        from supportpm_tui.ui.modals.dialogs import HelpModal

        screen = self.screen
        if isinstance(screen, BaseScreen):
            self.push_screen(HelpModal(screen.SCREEN_NAME, screen.help_keys(), screen.LEGEND))

    def action_undo(self) -> None:
        """Undo this dashboard's last change (again: the one before it, and so on)."""
        from supportpm_tui.services.undo import undo_session

        def undo(store: Store) -> None:
            result = undo_session(store)
            self.call_from_thread(self.notify, f"Undone: {result.summary} (redo: ctrl+r)", timeout=4)

        self.write(undo, failed=lambda error: self._report(error, "Not undone"))

    def action_redo(self) -> None:
        """Redo what this dashboard last undid."""
        from supportpm_tui.services.undo import redo_session

        def redo(store: Store) -> None:
            result = redo_session(store)
            self.call_from_thread(self.notify, f"Redone: {result.summary}", timeout=4)

        self.write(redo, failed=lambda error: self._report(error, "Not redone"))

    def action_set_theme(self, name: str) -> None:
        """Switch theme and remember it (the command palette's theme commands)."""
        self.set_theme(name)

    def set_theme(self, name: str) -> None:
        """Switch theme and remember it."""
        self.theme = name
        if not save_config(theme=name):
            self.notify("The theme is not remembered: the config file cannot be written or read", severity="warning")

    def action_new_person(self) -> None:
        """Add a person with a validated form."""
        from supportpm_tui.ui.forms.person import new_person_form

        self.push_screen(new_person_form(self.write))

    def action_team_holidays(self) -> None:
        """Set the team's public holidays (a country and subdivision) with a validated form."""
        self._open_team_holidays()

    @work(thread=True, group="settings", exclusive=True, exit_on_error=False)
    def _open_team_holidays(self) -> None:
        from supportpm_tui.services.people import show_settings
        from supportpm_tui.ui.forms.team_holidays import team_holidays_form

        region = show_settings(self.session.store).holiday_region
        self.call_from_thread(self.push_screen, team_holidays_form(self.write, region))

    def action_prioritise(self, project: str = "") -> None:
        """Show R8's matrices with every open project placed by its scores; keys move them between cells."""
        from supportpm_tui.ui.modals.priorities import PrioritiesModal

        self.push_screen(PrioritiesModal(project or self.session.filter.project or None))

    def action_leadership_summary(self) -> None:
        """Preview this month's leadership summary across projects: record it, copy it or save it."""
        from supportpm_tui.ui.modals.report import SummaryReportModal

        self.push_screen(SummaryReportModal())

    def action_export(self) -> None:
        """Export the calendar or a list to a file (of the project filtered on, if any)."""
        from supportpm_tui.ui.modals.export import ExportModal

        self.push_screen(ExportModal(self.session.filter.project or None))

    def action_import_plan(self) -> None:
        """Import a plan from Jira, Redmine, Taskwarrior, MS Project or a calendar, after a preview."""
        from supportpm_tui.ui.modals.imports import ImportModal

        self.push_screen(ImportModal(self.session.filter.project or ""))

    def action_new_project(self) -> None:
        """Add a project with a validated form."""
        from supportpm_tui.ui.forms.project import new_project_form

        self.push_screen(new_project_form(self.write))


WRITE_ACTIONS = frozenset(
    {
        "approve", "block", "defer", "delete", "done", "edit", "import_tickets", "import_plan", "new",
        "new_person", "new_project", "team_holidays", "redo", "reject", "reopen", "shift", "to_issue", "undo", "close",
        "add_person", "edit_person", "deactivate_person", "log_time",
        "scope", "add_item", "edit_item", "toggle_item", "move_item", "delete_item",
        "add_workstream", "rename_workstream", "move_workstream", "delete_workstream",
    }
)  # fmt: skip
"""The keys' actions that change the plan (and the Board's move): a read-only database answers them with a message."""


def make_app(
    store: Store | None = None,
    *,
    db_path: Path | ServerAddress | None = None,
    first: PendingOverview | None = None,
    theme: str | None = None,
    prepare_screens: bool = True,
    live: bool = True,
) -> SupportPMApp:
    """Return the dashboard, for the command line, the tests and the screenshots alike.

    Over ``store`` when the database is open already; else over ``db_path``,
    opened behind the first screen (``first`` brings that screen's Overview).
    """
    if store is not None:
        session = DashboardSession.opened(store)
    elif db_path is not None:
        session = DashboardSession(db_path)
    else:
        raise ValueError("the dashboard needs a database, open or to open")
    return SupportPMApp(session, first=first, theme=theme, prepare_screens=prepare_screens, live=live)
